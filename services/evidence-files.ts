/**
 * Evidence files (minh chứng) under an assignment: uploaded by its unit while the work is its to
 * do, then carried by a report (the submission or an activity). Each file is staged while it
 * streams in, its type judged from its bytes; only when every file of a request is accepted are
 * they kept at their SHA-256 and recorded, with who sent them and when, in one transaction with
 * the audit entry. While the work is the unit's (before it is submitted, or after it is returned)
 * the unit may remove files; under review and after approval they are fixed.
 */
import { randomUUID } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import { fileTypeFromBuffer } from 'file-type';
import sharp from 'sharp';
import { z } from 'zod';
import type { Actor } from '../domain/access';
import { awaitsUnit, type AssignmentStatus } from '../domain/assignment-status';
import { evidenceFilename, evidenceMediaTypes, hasThumbnail, isEvidenceMediaType, opensInline, type EvidenceMediaType } from '../domain/evidence-files';
import { recordAudit } from '../db/audit';
import type { Prisma } from '../db/prisma';
import type { StagedFile } from '../platform/file-store';
import { ConflictError, NotFoundError, UnsupportedMediaTypeError } from '../platform/errors';
import { createLogger } from '../platform/logger';
import type { EngineDeps } from './deps';
import { instantSchema } from './views';

export const evidenceFileSchema = z.object({
  id: z.uuid(),
  /** As the sender named it, NFC. */
  filename: z.string(),
  /** As judged from the bytes. */
  mediaType: z.enum(Object.keys(evidenceMediaTypes) as [EvidenceMediaType, ...EvidenceMediaType[]]),
  size: z.number().int(),
  /** Lower-case hex SHA-256 of the bytes: what the download answers, always. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  uploadedBy: z.string(),
  uploadedAt: instantSchema,
  /** The activity report that carries it; null: the submission, or no report yet. */
  activityId: z.uuid().nullable(),
  /** Whether a sent report carries it; a file only uploaded is not yet part of any report. */
  attached: z.boolean(),
  /** A browser shows it in the page (PDF, images); others are saved. */
  inline: z.boolean(),
  /** An image with a small WebP picture at `/thumbnail`. */
  thumbnail: z.boolean(),
});
export type EvidenceFileView = z.infer<typeof evidenceFileSchema>;
export const evidenceFileListSchema = z.object({ items: z.array(evidenceFileSchema) });

type FileRow = Prisma.EvidenceFileGetPayload<object>;

export const toFileView = (row: FileRow): EvidenceFileView => ({
  id: row.id,
  filename: row.filename,
  mediaType: row.mediaType as EvidenceMediaType,
  size: row.size,
  sha256: row.sha256,
  uploadedBy: row.uploadedBy,
  uploadedAt: row.uploadedAt.toISOString(),
  activityId: row.activityId,
  attached: row.attachedAt !== null,
  inline: opensInline(row.mediaType),
  thumbnail: row.thumbnailSha256 !== null,
});

/** Enough of a file's start for its type to be judged, ZIP-based office files included. */
const SNIFF_BYTES = 256 * 1024;
const THUMBNAIL_PIXELS = 320;

/** A pass-through that keeps the first `limit` bytes. */
function headKeeper(limit: number): Transform & { head(): Buffer } {
  const chunks: Buffer[] = [];
  let kept = 0;
  const keeper = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (kept < limit) {
        chunks.push(chunk.subarray(0, limit - kept));
        kept += Math.min(chunk.length, limit - kept);
      }
      done(null, chunk);
    },
  });
  return Object.assign(keeper, { head: () => Buffer.concat(chunks) });
}

export interface StagedEvidence {
  staged: StagedFile;
  filename: string;
  mediaType: EvidenceMediaType;
}

/** Streams one file to the store's staging place and judges its type from its first bytes; a type not taken is refused (415) and dropped. */
export async function stageEvidence(deps: EngineDeps, file: { filename: string | undefined; stream: Readable }): Promise<StagedEvidence> {
  const filename = evidenceFilename(file.filename);
  const keeper = headKeeper(SNIFF_BYTES);
  file.stream.on('error', (error) => keeper.destroy(error));
  const staged = await deps.files.stage(file.stream.pipe(keeper));
  const judged = await fileTypeFromBuffer(keeper.head());
  if (!isEvidenceMediaType(judged?.mime)) {
    await staged.discard();
    const found = judged ? `its bytes are ${judged.mime}` : 'its bytes are of no kind the engine recognises';
    throw new UnsupportedMediaTypeError(`${filename}: ${found}; evidence is ${Object.values(evidenceMediaTypes).join(', ')}`, { file: filename, detectedType: judged?.mime ?? null });
  }
  return { staged, filename, mediaType: judged.mime };
}

/** Drops what was staged and not kept (keeping moved the rest already). */
export async function discardEvidence(staged: readonly StagedEvidence[]): Promise<void> {
  await Promise.all(staged.map((one) => one.staged.discard()));
}

/** Serialises the writers of one address: a file kept while the last record of the same bytes is removed. */
const lockAddress = (tx: Prisma.TransactionClient, sha256: string) => tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`file:${sha256}`}, 0))`;

/** Why the unit may not change this assignment's files now, or undefined when it may. */
export function filesFixed(status: AssignmentStatus): string | undefined {
  if (awaitsUnit(status)) return undefined;
  if (status === 'submitted') return 'the report is under review: its files change only after it is returned';
  if (status === 'done') return 'the report was approved: its files are fixed';
  return 'the work was cancelled: its files are fixed';
}

async function lockOpenAssignment(tx: Prisma.TransactionClient, assignmentId: string): Promise<void> {
  const [row] = await tx.$queryRaw<{ status: AssignmentStatus }[]>`SELECT status::text AS status FROM assignments WHERE id = ${assignmentId}::uuid FOR UPDATE`;
  if (!row) throw new NotFoundError(`assignment ${assignmentId} does not exist`);
  const fixed = filesFixed(row.status);
  if (fixed) throw new ConflictError(fixed, { currentStatus: row.status });
}

/**
 * Keeps the staged files at their addresses and records them, all or none, while the work is the
 * unit's; then makes the thumbnails of images (a picture that cannot be read gets none).
 */
export async function keepEvidence(deps: EngineDeps, assignmentId: string, staged: readonly StagedEvidence[], actor: Actor): Promise<EvidenceFileView[]> {
  const rows = await deps.db.$transaction(
    async (tx) => {
      await lockOpenAssignment(tx, assignmentId);
      const at = new Date();
      const kept: FileRow[] = [];
      for (const one of staged) {
        await lockAddress(tx, one.staged.sha256);
        await one.staged.keep();
        kept.push(
          await tx.evidenceFile.create({
            data: {
              id: randomUUID(),
              assignmentId,
              filename: one.filename,
              mediaType: one.mediaType,
              size: one.staged.size,
              sha256: one.staged.sha256,
              uploadedById: actor.id,
              uploadedBy: actor.name,
              uploadedAt: at,
            },
          }),
        );
      }
      await recordAudit(
        tx,
        ...kept.map((row) => ({ actor, at, action: 'file.uploaded', entityType: 'file' as const, entityId: row.id, after: { assignmentId, filename: row.filename, mediaType: row.mediaType, size: row.size, sha256: row.sha256 } })),
      );
      return kept;
    },
    { timeout: 60_000 },
  );
  const withThumbnails = await Promise.all(rows.map((row) => (hasThumbnail(row.mediaType) ? addThumbnail(deps, row) : row)));
  return withThumbnails.map(toFileView);
}

const log = createLogger('evidence-files');

async function addThumbnail(deps: EngineDeps, row: FileRow): Promise<FileRow> {
  try {
    const source = await deps.files.get(row.sha256);
    if (!source) return row;
    const resize = sharp({ failOn: 'error', limitInputPixels: 100_000_000 }).rotate().resize(THUMBNAIL_PIXELS, THUMBNAIL_PIXELS, { fit: 'inside', withoutEnlargement: true }).webp({ quality: 75 });
    const thumbnail = await deps.files.put(source.pipe(resize));
    return await deps.db.evidenceFile.update({ where: { id: row.id }, data: { thumbnailSha256: thumbnail.sha256 } });
  } catch (error) {
    log.warn({ err: error, fileId: row.id }, 'no thumbnail for an image that cannot be read');
    return row;
  }
}

export async function listEvidence(deps: EngineDeps, assignmentId: string): Promise<z.infer<typeof evidenceFileListSchema>> {
  const rows = await deps.db.evidenceFile.findMany({ where: { assignmentId }, orderBy: [{ uploadedAt: 'asc' }, { filename: 'asc' }] });
  return { items: rows.map(toFileView) };
}

async function fileOf(deps: EngineDeps, assignmentId: string, fileId: string): Promise<FileRow> {
  const row = await deps.db.evidenceFile.findFirst({ where: { id: fileId, assignmentId } });
  if (!row) throw new NotFoundError(`file ${fileId} of assignment ${assignmentId} does not exist`);
  return row;
}

export interface FileDownload {
  contentType: string;
  filename: string;
  size: number;
  /** Shown in the page (PDF, images) or saved. */
  inline: boolean;
  sha256: string;
  body: Readable;
}

/** A file's bytes (or its thumbnail's), streamed from the store. */
export async function downloadEvidence(deps: EngineDeps, assignmentId: string, fileId: string, part: 'file' | 'thumbnail'): Promise<FileDownload> {
  const row = await fileOf(deps, assignmentId, fileId);
  const sha256 = part === 'file' ? row.sha256 : row.thumbnailSha256;
  if (!sha256) throw new NotFoundError(`file ${fileId} has no thumbnail`);
  const body = await deps.files.get(sha256);
  if (!body) throw new NotFoundError(`the bytes of file ${fileId} are missing from the file store`);
  if (part === 'thumbnail') return { contentType: 'image/webp', filename: `${row.filename}.webp`, size: -1, inline: true, sha256, body };
  return { contentType: row.mediaType, filename: row.filename, size: row.size, inline: opensInline(row.mediaType), sha256, body };
}

/**
 * Removes a file while the work is the unit's: its record goes (the audit entry keeps what it
 * was), and its bytes too once no other record holds the same.
 */
export async function removeEvidence(deps: EngineDeps, assignmentId: string, fileId: string, actor: Actor): Promise<void> {
  const row = await fileOf(deps, assignmentId, fileId);
  // What a sent activity report carries, the department has received: it stays as sent.
  if (row.activityId !== null) {
    throw new ConflictError(`file ${fileId} belongs to a sent activity report`, { activityId: row.activityId }, 'Tệp thuộc báo cáo hoạt động đã gửi nên không xóa được.');
  }
  await deps.db.$transaction(async (tx) => {
    await lockOpenAssignment(tx, assignmentId);
    const addresses = [row.sha256, ...(row.thumbnailSha256 ? [row.thumbnailSha256] : [])];
    for (const sha256 of addresses) await lockAddress(tx, sha256);
    const { count } = await tx.evidenceFile.deleteMany({ where: { id: fileId, assignmentId } });
    if (count === 0) throw new NotFoundError(`file ${fileId} of assignment ${assignmentId} does not exist`);
    await recordAudit(tx, { actor, action: 'file.removed', entityType: 'file', entityId: fileId, before: { assignmentId, filename: row.filename, mediaType: row.mediaType, size: row.size, sha256: row.sha256, activityId: row.activityId } });
    // An address may hold a file and another's thumbnail alike (a WebP thumbnail sent as evidence): bytes go when neither holds them.
    const held = (sha256: string) => tx.evidenceFile.count({ where: { OR: [{ sha256 }, { thumbnailSha256: sha256 }] } });
    for (const sha256 of addresses) if ((await held(sha256)) === 0) await deps.files.delete(sha256);
  });
}
