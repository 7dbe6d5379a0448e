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
import type {
  ApproveAssignment,
  CancelAssignment,
  CompleteAssignment,
  ExtensionDecision,
  ExtensionRequest,
  Reassignment,
  ReturnAssignment,
  StartAssignment,
  SubmitAssignment,
} from '../domain/assignment-commands';
import { failureTypes } from '../domain/failure-types';
import { isUniqueViolation } from '../services/prisma-errors';

type Transaction = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

/** An assignment's state as the read model recorded it after a transition. */
export interface RecordedTransition {
  status: AssignmentStatus;
  /** When the transition was recorded (ISO instant). */
  at: string;
  completedAt?: string;
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
  type AssignmentChanges = Parameters<Transaction['assignment']['update']>[0]['data'];
  interface AssignmentFacts {
    deadline: Date;
    submittedAt: Date | null;
  }

  const resolveOpenEscalations = (tx: Transaction, assignmentId: string, at: Date, resolution: string) =>
    tx.escalation.updateMany({ where: { assignmentId, resolvedAt: null }, data: { resolvedAt: at, resolution } });

  /** A new deadline in force, or a new unit: the ladder starts over, its open escalations resolved. */
  const restartLadder = async (tx: Transaction, assignmentId: string, at: Date, resolution: string) => {
    await resolveOpenEscalations(tx, assignmentId, at, resolution);
    return { deadlineVersion: { increment: 1 } } satisfies AssignmentChanges;
  };

  /** Done at `completedAt`: on time or late against the deadline, and by how many working days. */
  const completion = (deadline: Date, completedAt: Date) => ({
    status: 'done' as const,
    completedAt,
    completedLate: isLate(deadline, completedAt),
    workingDaysLate: isLate(deadline, completedAt) ? calendar.workingDaysAfter(localDate(deadline), localDate(completedAt)) : 0,
  });

  /**
   * Records one transition of an assignment: its event, keyed by the workflow's transition
   * number, and (only the first time) the row's changes. Answers the row as recorded.
   */
  async function recordTransition(
    { assignmentId, transition }: TransitionRef,
    type: string,
    data: Record<string, unknown>,
    changes: (facts: AssignmentFacts, at: Date, tx: Transaction) => AssignmentChanges | Promise<AssignmentChanges>,
  ): Promise<RecordedTransition> {
    const facts = await db.assignment.findUnique({
      where: { id: assignmentId },
      select: { deadline: true, submittedAt: true, task: { select: { planId: true } } },
    });
    if (!facts) throw ApplicationFailure.nonRetryable(`assignment ${assignmentId} does not exist`, failureTypes.notFound);
    const at = await recordOnce(
      db,
      { key: `assignment:${assignmentId}:${transition}`, planId: facts.task.planId, assignmentId, type, data },
      async (tx, recordedAt) => {
        const change = await changes(facts, recordedAt, tx);
        await tx.assignment.update({ where: { id: assignmentId }, data: { ...change, updatedAt: recordedAt } });
        // Work that is done or dropped escalates no further: its open escalations are resolved.
        if (change.status === 'done' || change.status === 'cancelled') await resolveOpenEscalations(tx, assignmentId, recordedAt, type);
      },
    );
    const row = await db.assignment.findUniqueOrThrow({
      where: { id: assignmentId },
      select: { status: true, completedAt: true, completedLate: true, workingDaysLate: true },
    });
    return {
      status: row.status,
      at: at.toISOString(),
      ...(row.completedAt && { completedAt: row.completedAt.toISOString(), completedLate: row.completedLate ?? false, workingDaysLate: row.workingDaysLate ?? 0 }),
    };
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

    recordAssignmentStarted: ({ note, startedBy, ...ref }: TransitionRef & StartAssignment) =>
      recordTransition(ref, 'assignment.started', { note, startedBy }, () => ({ status: 'in_progress' })),

    recordAssignmentSubmitted: ({ summary, figures, evidence, submittedBy, ...ref }: TransitionRef & SubmitAssignment) =>
      recordTransition(ref, 'assignment.submitted', { summary, figures, evidence, submittedBy }, (_facts, at) => ({
        status: 'submitted',
        summary,
        figures,
        evidence,
        submittedAt: at,
        returnReason: null,
      })),

    // The unit finished when it submitted the work now approved, not when the department got to it.
    recordAssignmentApproved: ({ note, approvedBy, ...ref }: TransitionRef & ApproveAssignment) =>
      recordTransition(ref, 'assignment.approved', { note, approvedBy }, ({ deadline, submittedAt }, at) => completion(deadline, submittedAt ?? at)),

    recordAssignmentReturned: ({ reason, returnedBy, ...ref }: TransitionRef & ReturnAssignment) =>
      recordTransition(ref, 'assignment.returned', { reason, returnedBy }, () => ({ status: 'in_progress', returnReason: reason, submittedAt: null })),

    recordAssignmentCompleted: ({ summary, completedBy, ...ref }: TransitionRef & CompleteAssignment) =>
      recordTransition(ref, 'assignment.completed', { summary, completedBy }, ({ deadline }, at) => ({ ...completion(deadline, at), summary })),

    recordAssignmentCancelled: ({ reason, cancelledBy, ...ref }: TransitionRef & CancelAssignment) =>
      recordTransition(ref, 'assignment.cancelled', { reason, cancelledBy }, () => ({ status: 'cancelled' })),

    recordExtensionRequested: ({ requestId, deadline, currentDeadline, reason, requestedBy, ...ref }: TransitionRef & ExtensionRequest) =>
      recordTransition(ref, 'extension.requested', { requestId, deadline, currentDeadline, reason, requestedBy }, async (_facts, at, tx) => {
        await tx.extensionRequest.create({
          data: {
            id: requestId,
            assignmentId: ref.assignmentId,
            currentDeadline: new Date(currentDeadline),
            requestedDeadline: new Date(deadline),
            reason,
            requestedBy: requestedBy ?? null,
            createdAt: at,
          },
        });
        return {};
      }),

    recordExtensionDecided: ({ requestId, approve, note, decidedBy, ...ref }: TransitionRef & ExtensionDecision) =>
      recordTransition(ref, approve ? 'extension.approved' : 'extension.rejected', { requestId, note, decidedBy }, async (_facts, at, tx) => {
        const request = await tx.extensionRequest.update({
          where: { id: requestId },
          data: { status: approve ? 'approved' : 'rejected', decisionNote: note ?? null, decidedBy: decidedBy ?? null, decidedAt: at },
        });
        if (!approve) return {};
        return { deadline: request.requestedDeadline, ...(await restartLadder(tx, ref.assignmentId, at, 'assignment.extended')) };
      }),

    recordReassigned: ({ unitId, reason, reassignedBy, ...ref }: TransitionRef & Reassignment) =>
      recordTransition(ref, 'assignment.reassigned', { unitId, reason, reassignedBy }, async (_facts, at, tx) => ({
        unit: { connect: { id: unitId } },
        ...(await restartLadder(tx, ref.assignmentId, at, 'assignment.reassigned')),
      })).catch((error: unknown) => {
        // Another assignment of the same task reached that unit first: retrying cannot help.
        if (isUniqueViolation(error)) throw ApplicationFailure.nonRetryable('that unit already holds this task', failureTypes.conflict);
        throw error;
      }),
  };
}

export type ReadModelActivities = ReturnType<typeof createReadModelActivities>;
