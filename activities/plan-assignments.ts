/**
 * A plan's assignments as workflows of their own, started in pages by an activity rather than
 * as children of the plan: a plan of 30,000 assignments keeps a history of a few events per
 * page (children would take three events each, past Temporal's limit), and the starts run
 * in parallel, as fast as the server takes them.
 */
import { Context } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import type { PrismaClient } from '../generated/prisma/client';
import { awaitPlanWrites } from '../db/plan-writes';
import { terminalStatuses } from '../domain/assignment-status';
import { assignmentWorkflowId, planWorkflowId } from '../domain/workflow-ids';
import { planMayCloseSignal } from '../workflows/definitions';

/** Starts in flight at once: the server, not this loop, should be the limit. */
const START_CONCURRENCY = 64;

export interface StartedPage {
  started: number;
  /** The last assignment id of the page; null when no assignment is left. */
  next: string | null;
}

/**
 * Starts one assignment's workflow unless it runs or ran already: a retried page starts
 * nothing twice, and finished work is never started again.
 */
async function startAssignmentWorkflow(planId: string, assignmentId: string): Promise<void> {
  const { client, info } = Context.current();
  try {
    await client.workflow.start('assignmentWorkflow', {
      workflowId: assignmentWorkflowId(assignmentId),
      taskQueue: info.taskQueue,
      args: [{ planId, assignmentId }],
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
}

/**
 * Starts the workflows, then records in one statement that each assignment is handed over
 * ("assigned", the first line of its history, dated when the page began); a retried page
 * records nothing twice.
 */
async function startAll(db: PrismaClient, planId: string, assignmentIds: readonly string[]): Promise<void> {
  // Dated before the starts, so "assigned" precedes anything the started workflows record.
  const at = new Date();
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(START_CONCURRENCY, assignmentIds.length) }, async () => {
      while (next < assignmentIds.length) {
        await startAssignmentWorkflow(planId, assignmentIds[next++]!);
        Context.current().heartbeat(next);
      }
    }),
  );
  await db.event.createMany({
    data: assignmentIds.map((assignmentId) => ({ key: `assignment:${assignmentId}:assigned`, planId, assignmentId, type: 'assignment.assigned', occurredAt: at })),
    skipDuplicates: true,
  });
}

export function createPlanAssignmentActivities(db: PrismaClient) {
  return {
    /** Starts the workflows of the plan's assignments after `after` (by id), at most `limit`. */
    async startAssignmentPage({ planId, after, limit }: { planId: string; after: string | null; limit: number }): Promise<StartedPage> {
      const rows = await db.assignment.findMany({
        where: { task: { planId }, ...(after && { id: { gt: after } }) },
        select: { id: true },
        orderBy: { id: 'asc' },
        take: limit,
      });
      await startAll(db, planId, rows.map((row) => row.id));
      return { started: rows.length, next: rows.length === limit ? rows.at(-1)!.id : null };
    },

    /**
     * Starts the workflows of assignments added to a running plan (approved proposals), once
     * the request that adds them has committed or given up (db/plan-writes): an id whose row
     * was never committed is left alone. Answers how many it started.
     */
    async startAssignments({ planId, assignmentIds }: { planId: string; assignmentIds: string[] }): Promise<number> {
      await awaitPlanWrites(db, planId);
      const rows = await db.assignment.findMany({ where: { id: { in: assignmentIds }, task: { planId } }, select: { id: true }, orderBy: { id: 'asc' } });
      await startAll(db, planId, rows.map((row) => row.id));
      return rows.length;
    },

    async countOpenAssignments({ planId }: { planId: string }): Promise<number> {
      return db.assignment.count({ where: { task: { planId }, status: { notIn: [...terminalStatuses] } } });
    },

    async planOutcome({ planId }: { planId: string }): Promise<{ done: number; cancelled: number }> {
      const [done, cancelled] = await Promise.all([
        db.assignment.count({ where: { task: { planId }, status: 'done' } }),
        db.assignment.count({ where: { task: { planId }, status: 'cancelled' } }),
      ]);
      return { done, cancelled };
    },
  };
}

export type PlanAssignmentActivities = ReturnType<typeof createPlanAssignmentActivities>;

/** Tells the plan's workflow to look again once its last open assignment has closed. */
export async function signalPlanIfSettled(db: PrismaClient, planId: string): Promise<void> {
  // One open assignment is enough to know: no need to count a plan of thousands on every close.
  const open = await db.assignment.findFirst({ where: { task: { planId }, status: { notIn: [...terminalStatuses] } }, select: { id: true } });
  if (open) return;
  try {
    await Context.current().client.workflow.getHandle(planWorkflowId(planId)).signal(planMayCloseSignal);
  } catch (error) {
    // A plan that already closed has nothing to look at.
    if (!(error instanceof WorkflowNotFoundError)) throw error;
  }
}
