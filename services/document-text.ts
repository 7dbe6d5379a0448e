/**
 * The text of a plan's document as paragraphs and tables, for the reader (domain/plan-reading):
 * UTF-8 text, DOCX (mammoth's document model, tables kept as tables) or PDF with a text layer
 * (pdf.js). The format is judged from the bytes, never the file name. Every bound — size,
 * unpacked size, pages, time, memory — is checked before or while the work is done, and a
 * document that breaks one is refused with a DocumentTextError.
 */
import { Worker } from 'node:worker_threads';
import mammoth from 'mammoth';
import yauzl from 'yauzl';
import { blocksFromText, type DocumentBlock } from '../domain/plan-reading';
import { EngineError } from '../platform/errors';
import { pdfBlocks, type PdfTextItem } from './pdf-layout';

export const documentLimits = {
  /** The file as sent. A signed plan with its appendix is well under 5 MB. */
  maxBytes: 20 * 1024 * 1024,
  /** All parts of a DOCX unpacked; a zip bomb unpacks to gigabytes. */
  maxUnpackedBytes: 100 * 1024 * 1024,
  maxZipEntries: 2_000,
  maxPdfPages: 100,
  /** Wall time of reading one PDF, in its own thread; DOCX reading is bounded by the unpacked size. */
  pdfTimeoutMs: 20_000,
  /** Heap of the thread that reads a PDF. */
  pdfHeapMb: 256,
};
export type DocumentLimits = typeof documentLimits;

export const documentTextFaults = ['empty', 'too-large', 'unsupported', 'not-utf8', 'encrypted', 'corrupt', 'unpacks-too-large', 'too-many-pages', 'no-text', 'timeout'] as const;
export type DocumentTextFault = (typeof documentTextFaults)[number];

/** A document that cannot be read; `message` is for the person who sent it, in Vietnamese. */
export class DocumentTextError extends EngineError {
  constructor(
    readonly fault: DocumentTextFault,
    message: string,
  ) {
    super(message, { fault });
  }
}

export type DocumentFormat = 'text' | 'docx' | 'pdf';

export interface DocumentText {
  format: DocumentFormat;
  blocks: DocumentBlock[];
  /** Pages of a PDF. */
  pages?: number;
}

const megabytes = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

const startsWith = (bytes: Uint8Array, signature: number[], at = 0) => signature.every((byte, index) => bytes[at + index] === byte);
const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** What the bytes are, whatever the file is called. */
export function formatOf(bytes: Uint8Array): DocumentFormat | 'zip' | 'ole' {
  const head = bytes.subarray(0, 1024);
  if (Buffer.from(head).includes('%PDF-')) return 'pdf';
  if (startsWith(bytes, ZIP)) return 'zip';
  if (startsWith(bytes, OLE)) return 'ole';
  return 'text';
}

export async function documentText(bytes: Uint8Array, limits: DocumentLimits = documentLimits): Promise<DocumentText> {
  if (bytes.length === 0) throw new DocumentTextError('empty', 'Tệp rỗng: không có nội dung để đọc.');
  if (bytes.length > limits.maxBytes) throw new DocumentTextError('too-large', `Tệp quá lớn (${megabytes(bytes.length)}); chỉ nhận tệp đến ${megabytes(limits.maxBytes)}.`);
  const format = formatOf(bytes);
  if (format === 'pdf') return pdfText(bytes, limits);
  if (format === 'zip') return { format: 'docx', blocks: await docxBlocks(Buffer.from(bytes), limits) };
  if (format === 'ole') {
    // A password-protected DOCX is an OLE container holding "EncryptedPackage"; otherwise it is a Word 97–2003 file.
    if (Buffer.from(bytes).includes(Buffer.from('EncryptedPackage', 'utf16le'))) {
      throw new DocumentTextError('encrypted', 'Tệp Word được đặt mật khẩu; hãy gỡ mật khẩu rồi gửi lại.');
    }
    throw new DocumentTextError('unsupported', 'Tệp Word 97–2003 (.doc) chưa được hỗ trợ; hãy lưu lại thành .docx hoặc PDF.');
  }
  return { format: 'text', blocks: blocksFromText(utf8Text(bytes)) };
}

function utf8Text(bytes: Uint8Array): string {
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
    throw new DocumentTextError('not-utf8', 'Văn bản mã hóa UTF-16; hãy lưu lại dưới dạng UTF-8.');
  }
  if (bytes.subarray(0, 8192).includes(0)) {
    throw new DocumentTextError('unsupported', 'Tệp không phải văn bản, DOCX hay PDF nên không đọc được.');
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new DocumentTextError('not-utf8', 'Văn bản không mã hóa UTF-8 (có thể là TCVN3, VNI hoặc Windows-1258); hãy chuyển sang Unicode UTF-8 rồi gửi lại.');
  }
  if (!/\p{L}/u.test(text)) throw new DocumentTextError('no-text', 'Tệp không có chữ để đọc.');
  return text.normalize('NFC');
}

// ---------------------------------------------------------------- DOCX

const corruptDocx = () => new DocumentTextError('corrupt', 'Tệp DOCX bị hỏng hoặc không đầy đủ nên không đọc được.');

/**
 * Checks every part of the archive against the bounds by unpacking it and counting (yauzl
 * stops an entry that unpacks to more than it declares), so that mammoth, which unpacks what
 * it reads in memory, never meets a zip bomb.
 */
async function checkArchive(buffer: Buffer, limits: DocumentLimits): Promise<void> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(buffer, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false }, (error, file) => (error || !file ? reject(corruptDocx()) : resolve(file))),
  );
  let entries = 0;
  let unpacked = 0;
  let hasDocument = false;
  const tooLarge = () => new DocumentTextError('unpacks-too-large', `Tệp DOCX giải nén ra quá ${megabytes(limits.maxUnpackedBytes)}; không đọc.`);
  await new Promise<void>((resolve, reject) => {
    const fail = (error: Error) => {
      zip.close();
      reject(error);
    };
    zip.on('error', () => fail(corruptDocx()));
    zip.on('end', () => resolve());
    zip.on('entry', (entry: yauzl.Entry) => {
      entries += 1;
      if (entries > limits.maxZipEntries) return fail(new DocumentTextError('corrupt', `Tệp DOCX có quá ${limits.maxZipEntries} phần; không đọc.`));
      if (entry.fileName === 'word/document.xml') hasDocument = true;
      if (entry.isEncrypted()) return fail(new DocumentTextError('encrypted', 'Tệp DOCX được mã hóa; hãy gỡ mật khẩu rồi gửi lại.'));
      if (/\/$/.test(entry.fileName)) return zip.readEntry();
      if (unpacked + entry.uncompressedSize > limits.maxUnpackedBytes) return fail(tooLarge());
      zip.openReadStream(entry, (error, stream) => {
        if (error || !stream) return fail(corruptDocx());
        stream.on('data', (chunk: Buffer) => {
          unpacked += chunk.length;
          if (unpacked > limits.maxUnpackedBytes) {
            stream.destroy();
            fail(tooLarge());
          }
        });
        stream.on('error', () => fail(corruptDocx()));
        stream.on('end', () => zip.readEntry());
      });
    });
    zip.readEntry();
  });
  if (!hasDocument) throw new DocumentTextError('unsupported', 'Tệp nén không phải tài liệu Word (.docx) nên không đọc được.');
}

interface DocxElement {
  type: string;
  value?: string;
  children?: DocxElement[];
  numbering?: { level: string; isOrdered: boolean } | null;
  styleName?: string | null;
  colSpan?: number;
  rowSpan?: number;
}

function elementText(element: DocxElement): string {
  if (element.type === 'text') return element.value ?? '';
  if (element.type === 'tab') return '\t';
  if (element.type === 'break') return '\n';
  if (element.type === 'paragraph') return `${(element.children ?? []).map(elementText).join('')}\n`;
  if (element.type === 'tableRow') return `${(element.children ?? []).map(elementText).join('\t')}\n`;
  return (element.children ?? []).map(elementText).join('');
}

/** A table's rows as a grid: a cell merged across columns or down rows leaves the cells it covers empty, so columns keep their places. */
function tableRows(table: DocxElement): string[][] {
  const rows: string[][] = [];
  const covered = new Map<string, true>();
  (table.children ?? []).forEach((row, rowIndex) => {
    const cells: string[] = [];
    let column = 0;
    for (const cell of row.children ?? []) {
      while (covered.has(`${rowIndex}:${column}`)) cells[column++] = '';
      const text = (cell.children ?? []).map(elementText).join('').replace(/\n+$/, '').trim();
      const span = Math.max(1, cell.colSpan ?? 1);
      for (let down = 1; down < Math.max(1, cell.rowSpan ?? 1); down += 1) for (let across = 0; across < span; across += 1) covered.set(`${rowIndex + down}:${column + across}`, true);
      cells[column++] = text;
      for (let across = 1; across < span; across += 1) cells[column++] = '';
    }
    rows.push(cells);
  });
  return rows;
}

async function docxBlocks(buffer: Buffer, limits: DocumentLimits): Promise<DocumentBlock[]> {
  await checkArchive(buffer, limits);
  let document: DocxElement | undefined;
  try {
    await mammoth.convertToHtml(
      { buffer },
      {
        transformDocument: (element: DocxElement) => {
          document = element;
          return element;
        },
        // The reader needs no pictures: nothing reads their bytes.
        convertImage: mammoth.images.imgElement(() => Promise.resolve({ src: '' })),
      },
    );
  } catch {
    throw corruptDocx();
  }
  const blocks: DocumentBlock[] = [];
  for (const element of document?.children ?? []) {
    if (element.type === 'table') blocks.push({ kind: 'table', rows: tableRows(element) });
    else if (element.type === 'paragraph') {
      const text = elementText(element).replace(/\n+$/, '');
      for (const line of text.split('\n')) {
        if (!line.trim()) continue;
        const numbering = element.numbering;
        const heading = /^(?:heading|tiêu đề|đề mục)\s*(\d)/iu.exec(element.styleName ?? '');
        blocks.push({
          kind: 'paragraph',
          text: line,
          ...(numbering ? { list: { level: Number(numbering.level) || 0, ordered: numbering.isOrdered } } : {}),
          ...(heading ? { heading: Number(heading[1]) } : {}),
        });
      }
    }
  }
  if (!blocks.some((block) => block.kind === 'table' || /\p{L}/u.test(block.text))) throw new DocumentTextError('no-text', 'Tệp DOCX không có chữ để đọc.');
  return blocks;
}

// ---------------------------------------------------------------- PDF

/**
 * Runs in its own thread, so that a PDF that takes too long or too much memory is stopped by
 * terminating the thread. pdf.js ships as an ES module; the thread loads it with Node's own
 * loader.
 */
const PDF_THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const { pathToFileURL } = require('node:url');
(async () => {
  const pdfjs = await import(pathToFileURL(workerData.pdfjs).href);
  const loading = pdfjs.getDocument({ data: workerData.bytes, isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0, stopAtErrors: true });
  const document = await loading.promise;
  if (document.numPages > workerData.maxPages) {
    parentPort.postMessage({ fault: 'too-many-pages', count: document.numPages });
    return;
  }
  const pages = [];
  for (let number = 1; number <= document.numPages; number += 1) {
    const page = await document.getPage(number);
    const content = await page.getTextContent();
    pages.push(content.items.filter((item) => typeof item.str === 'string' && item.str.trim().length > 0).map((item) => ({
      text: item.str, x: item.transform[4], y: item.transform[5], width: item.width, size: Math.hypot(item.transform[0], item.transform[1]) || item.height || 10,
    })));
    page.cleanup();
  }
  await loading.destroy();
  parentPort.postMessage({ pages });
})().catch((error) => parentPort.postMessage({ fault: error && error.name === 'PasswordException' ? 'encrypted' : 'corrupt', message: String(error && error.message) }));
`;

async function pdfText(bytes: Uint8Array, limits: DocumentLimits): Promise<DocumentText> {
  const answer = await new Promise<{ pages?: PdfTextItem[][]; fault?: string; count?: number }>((resolve, reject) => {
    const worker = new Worker(PDF_THREAD, {
      eval: true,
      workerData: { bytes: Uint8Array.from(bytes), pdfjs: require.resolve('pdfjs-dist/legacy/build/pdf.mjs'), maxPages: limits.maxPdfPages },
      resourceLimits: { maxOldGenerationSizeMb: limits.pdfHeapMb, maxYoungGenerationSizeMb: 32 },
      stdout: true,
      stderr: true,
    });
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new DocumentTextError('timeout', `Đọc tệp PDF quá ${limits.pdfTimeoutMs / 1000} giây; tệp quá phức tạp hoặc bị hỏng.`));
    }, limits.pdfTimeoutMs);
    worker.once('message', (message: { pages?: PdfTextItem[][]; fault?: string; count?: number }) => {
      clearTimeout(timer);
      void worker.terminate();
      resolve(message);
    });
    worker.once('error', (error) => {
      clearTimeout(timer);
      reject(/memory/i.test(error.message) ? new DocumentTextError('too-large', `Tệp PDF cần quá ${limits.pdfHeapMb} MB bộ nhớ để đọc.`) : new DocumentTextError('corrupt', 'Tệp PDF bị hỏng nên không đọc được.'));
    });
    worker.once('exit', (code) => {
      clearTimeout(timer);
      if (code !== 0) reject(new DocumentTextError('too-large', `Tệp PDF cần quá ${limits.pdfHeapMb} MB bộ nhớ hoặc quá nhiều thời gian để đọc.`));
    });
  });
  if (answer.fault === 'too-many-pages') throw new DocumentTextError('too-many-pages', `Tệp PDF có ${answer.count} trang; chỉ đọc tệp đến ${limits.maxPdfPages} trang.`);
  if (answer.fault === 'encrypted') throw new DocumentTextError('encrypted', 'Tệp PDF được đặt mật khẩu; hãy gỡ mật khẩu rồi gửi lại.');
  if (answer.fault || !answer.pages) throw new DocumentTextError('corrupt', 'Tệp PDF bị hỏng nên không đọc được.');
  const blocks = pdfBlocks(answer.pages);
  if (!blocks.some((block) => block.kind === 'table' || /\p{L}{2}/u.test(block.text))) {
    throw new DocumentTextError('no-text', 'Tệp PDF không có lớp chữ (có thể là bản quét); cần bản PDF xuất từ Word hoặc tệp DOCX.');
  }
  return { format: 'pdf', blocks, pages: answer.pages.length };
}
