/**
 * What a plan amendment changes in Temporal: each assignment's workflow takes its command (a
 * cancellation, a new deadline) as a signed Update whose id is the amendment's, so a retried
 * activity, a restarted worker or a replayed workflow changes nothing twice.
 */
import { Context } from '@temporalio/activity';
import { ApplicationFailure, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { PrismaClient } from '../generated/prisma/client';
import type { Prisma } from '../db/prisma';
import { awaitPlanWrites } from '../db/plan-writes';
import { recordAudit } from '../db/audit';
import { failureTypes } from '../domain/failure-types';
import { amendmentWorkSchema, type AmendmentWork } from '../domain/plan-amendments';
import { assignmentWorkflowId } from '../domain/workflow-ids';
import { executeSignedUpdate } from '../platform/workflow-commands';
import { assignmentUpdates, moveDeadlineUpdate } from '../workflows/definitions';

/** Updates in flight at once: a task fanned out to every commune changes a few hundred workflows. */
const UPDATE_CONCURRENCY = 8;

export async function loadAmendmentWork(db: PrismaClient, amendmentId: string) {
  const row = await db.planAmendment.findUnique({ where: { id: amendmentId } });
  if (!row) throw ApplicationFailure.nonRetryable(`plan amendment ${amendmentId} does not exist`, failureTypes.notFound);
  return { row, work: amendmentWorkSchema.parse(row.details) };
}

export function createAmendmentActivities(db: PrismaClient, commandSecret: string) {
  /** One command to one assignment; false when the work closed meanwhile and has nothing left to change. */
  async function command(amendmentId: string, reason: string, work: AmendmentWork, order: AmendmentWork['commands'][number]): Promise<boolean> {
    const sender = { temporal: Context.current().client, commandSecret };
    const workflowId = assignmentWorkflowId(order.assignmentId);
    const updateId = `amendment-${amendmentId}`;
    try {
      if (order.action === 'cancel') await executeSignedUpdate(sender, workflowId, assignmentUpdates.cancel, { reason, actor: work.actor }, updateId);
      else await executeSignedUpdate(sender, workflowId, moveDeadlineUpdate, { amendmentId, deadline: order.deadline!, reason, actor: work.actor }, updateId);
      return true;
    } catch (error) {
      const failure = error instanceof WorkflowUpdateFailedError ? error.cause : undefined;
      if (failure instanceof ApplicationFailure && failure.type === failureTypes.invalidTransition) return false;
      if (error instanceof WorkflowNotFoundError) return false;
      throw error;
    }
  }

  return {
    /** Answers false for an amendment whose request failed before its rows were committed (db/plan-writes): nothing to apply. */
    async amendmentRecorded({ amendmentId, planId }: { amendmentId: string; planId: string }): Promise<boolean> {
      await awaitPlanWrites(db, planId);
      return (await db.planAmendment.count({ where: { id: amendmentId } })) === 1;
    },

    /**
     * Sends every command of the amendment; answers how many the workflows took, how many found
     * the work closed, and how many units are to be told. A retry sends them all again, and each
     * workflow answers a command it took before with its first answer.
     */
    async applyAmendmentCommands({ amendmentId }: { amendmentId: string }): Promise<{ applied: number; skipped: number; units: number }> {
      const { row, work } = await loadAmendmentWork(db, amendmentId);
      const reason = `Điều chỉnh kế hoạch${row.document ? ` theo ${row.document}` : ''}: ${row.reason}`;
      let next = 0;
      let applied = 0;
      await Promise.all(
        Array.from({ length: Math.min(UPDATE_CONCURRENCY, work.commands.length) }, async () => {
          while (next < work.commands.length) {
            if (await command(amendmentId, reason, work, work.commands[next++]!)) applied += 1;
            Context.current().heartbeat(next);
          }
        }),
      );
      return { applied, skipped: work.commands.length - applied, units: work.notify.length };
    },

    async recordAmendmentApplied({ amendmentId, outcome }: { amendmentId: string; outcome: { applied: number; skipped: number } }): Promise<void> {
      await db.$transaction(async (tx) => {
        const row = await tx.planAmendment.findUniqueOrThrow({ where: { id: amendmentId } });
        if (row.status === 'applied') return;
        const work = amendmentWorkSchema.parse(row.details);
        const at = new Date();
        await tx.planAmendment.update({ where: { id: amendmentId }, data: { status: 'applied', appliedAt: at, details: { ...work, outcome } as Prisma.InputJsonValue } });
        await recordAudit(tx, {
          key: `amendment:${amendmentId}:applied`,
          actor: work.actor,
          at,
          action: 'plan.amendment_applied',
          entityType: 'plan_amendment',
          entityId: amendmentId,
          before: { status: 'applying' },
          after: { status: 'applied', ...outcome },
        });
      });
    },
  };
}

export type AmendmentActivities = ReturnType<typeof createAmendmentActivities>;
