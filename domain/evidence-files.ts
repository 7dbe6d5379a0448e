/**
 * Which files a unit may send as evidence, judged from their bytes: scanned reports (PDF),
 * photos (JPEG, PNG, HEIC, WebP), documents and sheets (DOCX, XLSX, ODT, ODS); how each is shown.
 */
import { textFault } from './fields';

export const evidenceMediaTypes = {
  'application/pdf': 'PDF',
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
  'image/heic': 'HEIC',
  'image/heif': 'HEIF',
  'image/webp': 'WebP',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'DOCX',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'XLSX',
  'application/vnd.oasis.opendocument.text': 'ODT',
  'application/vnd.oasis.opendocument.spreadsheet': 'ODS',
} as const;
export type EvidenceMediaType = keyof typeof evidenceMediaTypes;

export const isEvidenceMediaType = (type: string | undefined): type is EvidenceMediaType => type !== undefined && Object.hasOwn(evidenceMediaTypes, type);

/** A browser shows these itself (its PDF viewer, an image); other types are saved. */
export const opensInline = (type: string): boolean => type === 'application/pdf' || type === 'image/jpeg' || type === 'image/png' || type === 'image/webp';

/** Images the thumbnailer reads; HEIC needs an HEVC decoder that the prebuilt image library leaves out. */
export const hasThumbnail = (type: string): boolean => type === 'image/jpeg' || type === 'image/png' || type === 'image/webp';

const MAX_NAME = 255;

/**
 * The name a file is kept and sent back under: the sender's last path segment (browsers may send
 * `C:\fakepath\…`), NFC, without control characters or the bidirectional overrides that make
 * `hồ sơ<U+202E>fdp.exe` read as `hồ sơexe.pdf`, at most 255 characters, never empty.
 */
export function evidenceFilename(given: string | undefined): string {
  const segment = (given ?? '').split(/[\\/]/).pop() ?? '';
  const cleaned = [...segment.normalize('NFC')].filter((character) => textFault(character) === undefined && !/[\t\n\r\u202a-\u202e\u2066-\u2069]/.test(character)).join('').trim();
  return cleaned === '' || cleaned === '.' || cleaned === '..' ? 'tệp đính kèm' : [...cleaned].slice(0, MAX_NAME).join('');
}
