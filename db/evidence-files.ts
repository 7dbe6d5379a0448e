/**
 * Evidence files joining the report that carries them, in the transaction that records the
 * report: the submission (the assignment's own report) or an activity report. Only files of
 * the same assignment, not carried by another report, may join.
 */
import type { Prisma } from './prisma';

/** What a report records of each file it carries: enough to tell later that the bytes are the same. */
export interface CarriedFile {
  id: string;
  filename: string;
  sha256: string;
  size: number;
}

export const carriedFileColumns = { id: true, filename: true, sha256: true, size: true } as const;

/** The files among `fileIds` that cannot join: of another assignment, carried by an activity, or gone. */
export async function filesThatCannotJoin(tx: Prisma.TransactionClient, assignmentId: string, fileIds: readonly string[], report: 'submission' | 'activity'): Promise<string[]> {
  const joinable = await tx.evidenceFile.findMany({
    where: { id: { in: [...fileIds] }, assignmentId, activityId: null, ...(report === 'activity' && { attachedAt: null }) },
    select: { id: true },
  });
  const found = new Set(joinable.map((file) => file.id));
  return fileIds.filter((id) => !found.has(id));
}

/**
 * Makes `fileIds` the files of the assignment's submission, sent at `at`: files it carried before
 * and no longer names go back to being only uploaded (the unit may remove them).
 */
export async function attachToSubmission(tx: Prisma.TransactionClient, assignmentId: string, fileIds: readonly string[], at: Date): Promise<void> {
  await tx.evidenceFile.updateMany({ where: { assignmentId, activityId: null, attachedAt: { not: null }, id: { notIn: [...fileIds] } }, data: { attachedAt: null } });
  await tx.evidenceFile.updateMany({ where: { assignmentId, activityId: null, id: { in: [...fileIds] } }, data: { attachedAt: at } });
}

/** Makes `fileIds` the files of a recorded activity report. */
export async function attachToActivity(tx: Prisma.TransactionClient, assignmentId: string, activityId: string, fileIds: readonly string[], at: Date): Promise<void> {
  await tx.evidenceFile.updateMany({ where: { assignmentId, activityId: null, attachedAt: null, id: { in: [...fileIds] } }, data: { activityId, attachedAt: at } });
}
