/**
 * Activities that write the read model (PostgreSQL through Prisma). Each write is keyed
 * by an event key that the calling workflow derives deterministically, so a retried
 * activity, a restarted worker or a replayed workflow records nothing twice.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { PrismaClient } from '../generated/prisma/client';
import { isLate, type AssignmentStatus } from '../domain/assignment-status';
import { localDate } from '../domain/calendar';
import type { Calendar } from '../domain/working-calendar';
import type { CancelAssignment, CompleteAssignment } from '../domain/assignment-commands';
import { failureTypes } from '../domain/failure-types';

type Transaction = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

export interface RecordedTransition {
  status: AssignmentStatus;
  closedAt: string;
  completedLate?: boolean;
  workingDaysLate?: number;
}

/** Identifies one transition of an assignment: its workflow's sequence number. */
interface TransitionRef {
  assignmentId: string;
  transition: number;
}

interface EventToRecord {
  key: string;
  planId: string;
  assignmentId?: string;
  type: string;
  data?: Record<string, unknown>;
}

/**
 * Inserts the event unless its key exists and, only when it was new, applies the state
 * change in the same transaction. Answers the instant the event was first recorded.
 */
async function recordOnce(
  db: PrismaClient,
  event: EventToRecord,
  apply: (tx: Transaction, at: Date) => Promise<void> = async () => {},
): Promise<Date> {
  return db.$transaction(async (tx) => {
    const at = new Date();
    const { count } = await tx.event.createMany({
      data: [{ ...event, data: (event.data ?? {}) as object, occurredAt: at }],
      skipDuplicates: true,
    });
    if (count === 1) {
      await apply(tx, at);
      return at;
    }
    const existing = await tx.event.findUniqueOrThrow({ where: { key: event.key }, select: { occurredAt: true } });
    return existing.occurredAt;
  });
}

export function createReadModelActivities(db: PrismaClient, calendar: Calendar) {
  const workingDaysLate = (deadline: Date, at: Date): number =>
    isLate(deadline, at) ? calendar.workingDaysAfter(localDate(deadline), localDate(at)) : 0;

  /**
   * Records one transition of an assignment: its event, keyed by the workflow's transition
   * number, and (only the first time) the row's new state. Answers when it was recorded.
   */
  async function recordTransition(
    { assignmentId, transition }: TransitionRef,
    type: string,
    data: Record<string, unknown>,
    apply: (tx: Transaction, at: Date, deadline: Date) => Promise<void>,
  ): Promise<{ at: Date; deadline: Date }> {
    const assignment = await db.assignment.findUnique({
      where: { id: assignmentId },
      select: { deadline: true, task: { select: { planId: true } } },
    });
    if (!assignment) throw ApplicationFailure.nonRetryable(`assignment ${assignmentId} does not exist`, failureTypes.notFound);
    const at = await recordOnce(
      db,
      { key: `assignment:${assignmentId}:${transition}`, planId: assignment.task.planId, assignmentId, type, data },
      (tx, recordedAt) => apply(tx, recordedAt, assignment.deadline),
    );
    return { at, deadline: assignment.deadline };
  }

  return {
    async listPlanAssignments({ planId }: { planId: string }): Promise<string[]> {
      const rows = await db.assignment.findMany({
        where: { task: { planId } },
        select: { id: true },
        orderBy: [{ task: { code: 'asc' } }, { role: 'asc' }, { id: 'asc' }],
      });
      return rows.map((row) => row.id);
    },

    async recordPlanStarted({ planId }: { planId: string }): Promise<void> {
      await recordOnce(db, { key: `plan:${planId}:started`, planId, type: 'plan.started' });
    },

    async recordPlanClosed({ planId, done, cancelled }: { planId: string; done: number; cancelled: number }): Promise<void> {
      const status = done === 0 && cancelled > 0 ? 'cancelled' : 'completed';
      await recordOnce(
        db,
        { key: `plan:${planId}:closed`, planId, type: `plan.${status}`, data: { done, cancelled } },
        async (tx, at) => {
          await tx.plan.update({ where: { id: planId }, data: { status, completedAt: at } });
        },
      );
    },

    async recordAssignmentCompleted({ summary, completedBy, ...ref }: TransitionRef & CompleteAssignment): Promise<RecordedTransition> {
      const { at, deadline } = await recordTransition(ref, 'assignment.completed', { summary, completedBy }, (tx, completedAt, due) =>
        tx.assignment
          .update({
            where: { id: ref.assignmentId },
            data: {
              status: 'done',
              summary,
              completedAt,
              completedLate: isLate(due, completedAt),
              workingDaysLate: workingDaysLate(due, completedAt),
              updatedAt: completedAt,
            },
          })
          .then(() => undefined),
      );
      return { status: 'done', closedAt: at.toISOString(), completedLate: isLate(deadline, at), workingDaysLate: workingDaysLate(deadline, at) };
    },

    async recordAssignmentCancelled({ reason, ...ref }: TransitionRef & CancelAssignment): Promise<RecordedTransition> {
      const { at } = await recordTransition(ref, 'assignment.cancelled', { reason }, (tx, cancelledAt) =>
        tx.assignment.update({ where: { id: ref.assignmentId }, data: { status: 'cancelled', updatedAt: cancelledAt } }).then(() => undefined),
      );
      return { status: 'cancelled', closedAt: at.toISOString() };
    },
  };
}

export type ReadModelActivities = ReturnType<typeof createReadModelActivities>;
