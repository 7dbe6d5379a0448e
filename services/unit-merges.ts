/**
 * Administrative reorganisation (sáp nhập): a unit merged into its successor hands over its
 * units, people, base figures and work. Open work moves through its workflow (as a
 * reassignment, so deadlines and escalations follow it); closed work moves with its history;
 * reports count what stays on the merged unit under the successor.
 */
import { z } from 'zod';
import type { Actor } from '../domain/access';
import { isTerminal } from '../domain/assignment-status';
import { unitCodeSchema } from '../domain/units';
import { transitionAssignment } from './assignments';
import { recordAudit } from '../db/audit';
import type { Prisma } from '../db/prisma';
import { draftAfterMerge, draftNamesUnit } from '../domain/draft-unit-merge';
import type { PlanDraftContent } from '../domain/plan-definition';
import type { EngineDeps } from './deps';
import { ConflictError, ValidationError } from '../platform/errors';
import { reassignAssignment } from './extensions';
import { findUnit, unitPath } from './unit-tree';

export const mergeUnitSchema = z.strictObject({
  into: unitCodeSchema,
  reason: z.string().trim().min(1, 'must not be empty').max(2_000),
});

/** What a merge did with the merged unit's work. */
export const mergeOutcomeSchema = z.object({
  unit: z.object({ code: z.string(), mergedInto: z.string() }),
  /** Open work handed to the successor through its workflow. */
  reassigned: z.number().int(),
  /** Open work the successor held already, cancelled as a duplicate. */
  cancelledAsDuplicate: z.number().int(),
  /** Closed work moved to the successor, with its history. */
  closedMoved: z.number().int(),
  /** Closed work left where it was, as the successor held the same task. */
  closedKept: z.number().int(),
});

/**
 * The drafts not yet issued that name the merged unit name its successor instead, and the merged
 * department's drafts become the successor's (its heads moved there), each change audited. An
 * issued draft keeps its content: it is the record of what was issued. The rows are locked, so
 * an edit saved meanwhile is not lost under the merge's rewrite.
 */
async function draftsFollowMerge(tx: Prisma.TransactionClient, source: { id: string; code: string }, target: { id: string; code: string }, reason: string, actor: Actor): Promise<void> {
  const rows = await tx.$queryRaw<{ id: string; ownerUnitId: string; planId: string | null; content: PlanDraftContent }[]>`
    SELECT id, owner_unit_id AS "ownerUnitId", plan_id AS "planId", content FROM plan_drafts
    WHERE owner_unit_id = ${source.id}::uuid OR (plan_id IS NULL AND strpos(content::text, ${JSON.stringify(source.code)}) > 0)
    ORDER BY id FOR UPDATE`;
  for (const row of rows) {
    const renamed = row.planId === null && draftNamesUnit(row.content, source.code) ? draftAfterMerge(row.content, source.code, target.code) : undefined;
    const ownerUnitId = row.ownerUnitId === source.id ? target.id : row.ownerUnitId;
    if (!renamed && ownerUnitId === row.ownerUnitId) continue;
    await tx.planDraft.update({
      where: { id: row.id },
      data: { ownerUnitId, ...(renamed && { content: renamed as Prisma.InputJsonValue, updatedBy: actor.name, updatedAt: new Date() }) },
    });
    await recordAudit(tx, {
      actor,
      action: 'draft.unit-merged',
      entityType: 'plan_draft',
      entityId: row.id,
      before: { ownerUnitId: row.ownerUnitId, ...(renamed && { content: row.content }) },
      after: { ownerUnitId, ...(renamed && { content: renamed }), mergedUnit: source.code, into: target.code, reason },
    });
  }
}

const sumOrNull = (a: number | null, b: number | null) => (a === null && b === null ? null : (a ?? 0) + (b ?? 0));

export async function mergeUnit(deps: EngineDeps, sourceRef: string, body: z.infer<typeof mergeUnitSchema>, actor: Actor): Promise<z.infer<typeof mergeOutcomeSchema>> {
  const source = await deps.db.unit.findUniqueOrThrow({ where: { id: (await findUnit(deps.db, sourceRef)).id } });
  const target = await deps.db.unit.findUnique({ where: { code: body.into } });
  if (!target) throw new ValidationError('unknown unit', [{ path: 'into', message: `unknown unit code ${body.into}` }]);
  if (target.id === source.id) throw new ValidationError('a unit cannot merge into itself', [{ path: 'into', message: 'name another unit' }]);
  if (target.mergedIntoId) throw new ConflictError(`${target.code} was itself merged; merge into its successor`);
  if (source.mergedIntoId && source.mergedIntoId !== target.id) throw new ConflictError(`${source.code} was already merged into another unit`);
  if ((await unitPath(deps.db, target.id)).includes(source.id)) {
    throw new ValidationError('a unit cannot merge into a unit under it', [{ path: 'into', message: `${target.code} lies under ${source.code}` }]);
  }

  // First the unit itself, in one transaction: a merge interrupted after this resumes when asked again.
  if (!source.mergedIntoId) {
    await deps.db.$transaction(async (tx) => {
      const households = sumOrNull(target.households, source.households);
      const familyOfficials = sumOrNull(target.familyOfficials, source.familyOfficials);
      await tx.unit.update({ where: { id: target.id }, data: { households, familyOfficials } });
      await tx.unit.update({ where: { id: source.id }, data: { mergedIntoId: target.id, mergedAt: new Date(), households: null, familyOfficials: null } });
      const children = await tx.unit.updateMany({ where: { parentId: source.id }, data: { parentId: target.id } });
      const accounts = await tx.account.updateMany({ where: { unitId: source.id }, data: { unitId: target.id } });
      await tx.apiKey.updateMany({ where: { unitId: source.id }, data: { unitId: target.id } });
      await draftsFollowMerge(tx, source, target, body.reason, actor);
      await recordAudit(
        tx,
        {
          actor,
          action: 'unit.merged',
          entityType: 'unit',
          entityId: source.id,
          before: { mergedInto: null, households: source.households, familyOfficials: source.familyOfficials },
          after: { mergedInto: target.code, reason: body.reason, childrenMoved: children.count, accountsMoved: accounts.count },
        },
        {
          actor,
          action: 'unit.absorbed',
          entityType: 'unit',
          entityId: target.id,
          before: { households: target.households, familyOfficials: target.familyOfficials },
          after: { households, familyOfficials, from: source.code },
        },
      );
    });
  }

  const work = await deps.db.assignment.findMany({ where: { unitId: source.id }, select: { id: true, taskId: true, status: true } });
  const held = new Set((await deps.db.assignment.findMany({ where: { unitId: target.id, taskId: { in: work.map((line) => line.taskId) } }, select: { taskId: true } })).map((line) => line.taskId));
  const outcome = { reassigned: 0, cancelledAsDuplicate: 0, closedMoved: 0, closedKept: 0 };
  for (const line of work) {
    const reason = `Sáp nhập ${source.name} vào ${target.name}: ${body.reason}`;
    if (isTerminal(line.status)) {
      if (held.has(line.taskId)) outcome.closedKept += 1;
      else {
        await deps.db.$transaction(async (tx) => {
          await tx.assignment.update({ where: { id: line.id }, data: { unitId: target.id } });
          await recordAudit(tx, { actor, action: 'assignment.moved', entityType: 'assignment', entityId: line.id, before: { unitId: source.id }, after: { unitId: target.id, reason } });
        });
        outcome.closedMoved += 1;
      }
    } else if (held.has(line.taskId)) {
      // The successor already has this task: one of the two copies is enough.
      await transitionAssignment(deps, line.id, 'cancel', { reason, actor });
      outcome.cancelledAsDuplicate += 1;
    } else {
      await reassignAssignment(deps, line.id, { unit: target.code, reason }, actor);
      outcome.reassigned += 1;
    }
  }
  return { unit: { code: source.code, mergedInto: target.code }, ...outcome };
}
