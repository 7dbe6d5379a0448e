/**
 * Activities that write the read model (PostgreSQL through Prisma). Each write is keyed
 * by an event key that the calling workflow derives deterministically, so a retried
 * activity, a restarted worker or a replayed workflow records nothing twice.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { PrismaClient } from '../generated/prisma/client';
import { awaitPlanWrites } from '../db/plan-writes';
import { systemActor, type Actor } from '../domain/access';
import { isLate, isTerminal, type AssignmentStatus } from '../domain/assignment-status';
import { localDate } from '../domain/calendar';
import type { Calendar } from '../domain/working-calendar';
import type { AssignmentCommands, DeadlineMove, ExtensionDecision, ExtensionRequest, Reassignment } from '../domain/assignment-commands';
import { failureTypes } from '../domain/failure-types';
import { signalPlanIfSettled } from './plan-assignments';
import { recordAudit, type AuditedEntity } from '../db/audit';
import { dataRefusal, isUniqueViolation } from '../db/prisma-errors';
import { attachToSubmission, carriedFileColumns, filesThatCannotJoin } from '../db/evidence-files';

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

/** Identifies one transition of an assignment (its workflow's sequence number) and who made it. */
interface TransitionRef {
  assignmentId: string;
  transition: number;
  actor: Actor;
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

  /** Resolves the assignment's open escalations, each with its audit entry, as part of the change `actor` made. */
  const resolveOpenEscalations = async (tx: Transaction, assignmentId: string, at: Date, resolution: string, actor: Actor) => {
    const open = await tx.escalation.findMany({ where: { assignmentId, resolvedAt: null }, select: { id: true, level: true } });
    if (open.length === 0) return;
    await tx.escalation.updateMany({ where: { id: { in: open.map((escalation) => escalation.id) } }, data: { resolvedAt: at, resolution } });
    await recordAudit(
      tx,
      ...open.map((escalation) => ({
        actor,
        at,
        action: 'escalation.resolved',
        entityType: 'escalation' as const,
        entityId: escalation.id,
        before: { level: escalation.level, open: true },
        after: { level: escalation.level, open: false, resolution },
      })),
    );
  };

  /** A new deadline in force, or a new unit: the ladder starts over, its open escalations resolved. */
  const restartLadder = async (tx: Transaction, assignmentId: string, at: Date, resolution: string, actor: Actor) => {
    await resolveOpenEscalations(tx, assignmentId, at, resolution, actor);
    return { deadlineVersion: { increment: 1 } } satisfies AssignmentChanges;
  };

  /** Done at `completedAt`: on time or late against the deadline, and by how many working days. */
  const completion = (deadline: Date, completedAt: Date) => ({
    status: 'done' as const,
    completedAt,
    completedLate: isLate(deadline, completedAt),
    workingDaysLate: isLate(deadline, completedAt) ? calendar.workingDaysAfter(localDate(deadline), localDate(completedAt)) : 0,
  });

  const trackedColumns = { status: true, deadline: true, deadlineVersion: true, unitId: true } as const;
  const completionColumns = { completedAt: true, completedLate: true, workingDaysLate: true } as const;
  interface RecordedRow {
    status: AssignmentStatus;
    completedAt: Date | null;
    completedLate: boolean | null;
    workingDaysLate: number | null;
  }

  /**
   * Records one transition of an assignment: its event, keyed by the workflow's transition
   * number, its audit entry (the state before and after, and who), and (only the first time)
   * the row's changes. Answers the row as recorded.
   */
  async function recordTransition(
    { assignmentId, transition, actor }: TransitionRef,
    type: string,
    data: Record<string, unknown>,
    changes: (facts: AssignmentFacts, at: Date, tx: Transaction) => AssignmentChanges | Promise<AssignmentChanges>,
    audited: { entityType: AuditedEntity; entityId: string } = { entityType: 'assignment', entityId: assignmentId },
  ): Promise<RecordedTransition> {
    const facts = await db.assignment.findUnique({
      where: { id: assignmentId },
      select: { ...trackedColumns, submittedAt: true, task: { select: { planId: true } } },
    });
    if (!facts) throw ApplicationFailure.nonRetryable(`assignment ${assignmentId} does not exist`, failureTypes.notFound);
    const key = `assignment:${assignmentId}:${transition}`;
    let recorded: RecordedRow | undefined;
    const at = await recordOnce(
      db,
      { key, planId: facts.task.planId, assignmentId, type, data: { ...data, by: actor.name } },
      async (tx, recordedAt) => {
        const change = await changes(facts, recordedAt, tx);
        const { completedAt, completedLate, workingDaysLate, ...after } = await tx.assignment.update({
          where: { id: assignmentId },
          data: { ...change, updatedAt: recordedAt },
          select: { ...trackedColumns, ...completionColumns },
        });
        recorded = { status: after.status, completedAt, completedLate, workingDaysLate };
        // Work that is done or dropped escalates no further: its open escalations are resolved.
        if (change.status === 'done' || change.status === 'cancelled') await resolveOpenEscalations(tx, assignmentId, recordedAt, type, actor);
        const { submittedAt: _submittedAt, task: _task, ...before } = facts;
        await recordAudit(tx, { key, actor, at: recordedAt, action: type, ...audited, before: { assignmentId, ...before }, after: { assignmentId, ...after, ...data } });
      },
    ).catch((error: unknown) => {
      const refusal = dataRefusal(error);
      if (refusal) throw ApplicationFailure.nonRetryable(`the read model cannot record ${type}: ${refusal}`, failureTypes.unrecordable);
      throw error;
    });
    // A retry finds the transition recorded by its first attempt, and reads the row as it is.
    const row = recorded ?? (await db.assignment.findUniqueOrThrow({ where: { id: assignmentId }, select: { status: true, ...completionColumns } }));
    if (isTerminal(row.status)) await signalPlanIfSettled(db, facts.task.planId);
    return {
      status: row.status,
      at: at.toISOString(),
      ...(row.completedAt && { completedAt: row.completedAt.toISOString(), completedLate: row.completedLate ?? false, workingDaysLate: row.workingDaysLate ?? 0 }),
    };
  }

  return {
    /** Answers false for a plan whose rows were never committed (db/plan-writes): its workflow has nothing to run. */
    async recordPlanStarted({ planId }: { planId: string }): Promise<boolean> {
      await awaitPlanWrites(db, planId);
      if (!(await db.plan.findUnique({ where: { id: planId }, select: { id: true } }))) return false;
      await recordOnce(db, { key: `plan:${planId}:started`, planId, type: 'plan.started' });
      return true;
    },

    /** A plan its department cancelled (a plan amendment) stays cancelled; otherwise one with no work done ends cancelled. */
    async recordPlanClosed({ planId, done, cancelled }: { planId: string; done: number; cancelled: number }): Promise<void> {
      const { status: current } = await db.plan.findUniqueOrThrow({ where: { id: planId }, select: { status: true } });
      const status = current === 'cancelled' || (done === 0 && cancelled > 0) ? 'cancelled' : 'completed';
      await recordOnce(
        db,
        { key: `plan:${planId}:closed`, planId, type: `plan.${status}`, data: { done, cancelled } },
        async (tx, at) => {
          await tx.plan.update({ where: { id: planId }, data: { status, completedAt: at } });
          await recordAudit(tx, {
            key: `plan:${planId}:closed`,
            actor: systemActor,
            at,
            action: `plan.${status}`,
            entityType: 'plan',
            entityId: planId,
            before: { status: 'active' },
            after: { status, done, cancelled },
          });
        },
      );
    },

    recordAssignmentStarted: ({ note, ...ref }: TransitionRef & AssignmentCommands['start']) =>
      recordTransition(ref, 'assignment.started', { note }, () => ({ status: 'in_progress' })),

    // The files the report carries are recorded with their SHA-256, in the event and the audit entry.
    recordAssignmentSubmitted: async ({ summary, figures, evidence, files: fileIds = [], ...ref }: TransitionRef & AssignmentCommands['submit']) => {
      const files = await db.evidenceFile.findMany({ where: { id: { in: fileIds } }, select: carriedFileColumns, orderBy: { uploadedAt: 'asc' } });
      return recordTransition(ref, 'assignment.submitted', { summary, figures, evidence, files }, async (_facts, at, tx) => {
        const refused = await filesThatCannotJoin(tx, ref.assignmentId, fileIds, 'submission');
        if (refused.length > 0) throw ApplicationFailure.nonRetryable(`files ${refused.join(', ')} cannot join this report: removed, or carried by an activity`, failureTypes.unrecordable);
        await attachToSubmission(tx, ref.assignmentId, fileIds, at);
        return { status: 'submitted', summary, figures, evidence, submittedAt: at, submittedBy: ref.actor.id, returnReason: null };
      });
    },

    // The unit finished when it submitted the work now approved, not when the department got to it.
    recordAssignmentApproved: ({ note, ...ref }: TransitionRef & AssignmentCommands['approve']) =>
      recordTransition(ref, 'assignment.approved', { note }, ({ deadline, submittedAt }, at) => completion(deadline, submittedAt ?? at)),

    recordAssignmentReturned: ({ reason, ...ref }: TransitionRef & AssignmentCommands['return']) =>
      recordTransition(ref, 'assignment.returned', { reason }, () => ({ status: 'in_progress', returnReason: reason, submittedAt: null, submittedBy: null })),

    recordAssignmentCompleted: ({ summary, ...ref }: TransitionRef & AssignmentCommands['complete']) =>
      recordTransition(ref, 'assignment.completed', { summary }, ({ deadline }, at) => ({ ...completion(deadline, at), summary })),

    recordAssignmentCancelled: ({ reason, ...ref }: TransitionRef & AssignmentCommands['cancel']) =>
      recordTransition(ref, 'assignment.cancelled', { reason }, () => ({ status: 'cancelled' })),

    recordExtensionRequested: ({ requestId, deadline, currentDeadline, reason, ...ref }: Omit<TransitionRef, 'actor'> & ExtensionRequest) =>
      recordTransition(
        ref,
        'extension.requested',
        { requestId, deadline, currentDeadline, reason },
        async (_facts, at, tx) => {
          await tx.extensionRequest.create({
            data: {
              id: requestId,
              assignmentId: ref.assignmentId,
              currentDeadline: new Date(currentDeadline),
              requestedDeadline: new Date(deadline),
              reason,
              requestedBy: ref.actor.name,
              createdAt: at,
            },
          });
          return {};
        },
        { entityType: 'extension', entityId: requestId },
      ),

    recordExtensionDecided: ({ requestId, approve, note, ...ref }: Omit<TransitionRef, 'actor'> & ExtensionDecision) =>
      recordTransition(
        ref,
        approve ? 'extension.approved' : 'extension.rejected',
        { requestId, note },
        async (_facts, at, tx) => {
          const request = await tx.extensionRequest.update({
            where: { id: requestId },
            data: { status: approve ? 'approved' : 'rejected', decisionNote: note ?? null, decidedBy: ref.actor.name, decidedAt: at },
          });
          if (!approve) return {};
          return { deadline: request.requestedDeadline, ...(await restartLadder(tx, ref.assignmentId, at, 'assignment.extended', ref.actor)) };
        },
        { entityType: 'extension', entityId: requestId },
      ),

    recordReassigned: ({ unitId, reason, ...ref }: Omit<TransitionRef, 'actor'> & Reassignment) =>
      recordTransition(ref, 'assignment.reassigned', { unitId, reason }, async (_facts, at, tx) => ({
        unit: { connect: { id: unitId } },
        ...(await restartLadder(tx, ref.assignmentId, at, 'assignment.reassigned', ref.actor)),
      })).catch((error: unknown) => {
        // Another assignment of the same task reached that unit first: retrying cannot help.
        if (isUniqueViolation(error)) throw ApplicationFailure.nonRetryable('that unit already holds this task', failureTypes.conflict);
        throw error;
      }),

    /** A plan amendment's new deadline: the ladder starts over from it, as after an extension. */
    recordDeadlineMoved: ({ amendmentId, deadline, reason, ...ref }: Omit<TransitionRef, 'actor'> & DeadlineMove) =>
      recordTransition(ref, 'assignment.deadline_moved', { amendmentId, deadline, reason }, async (_facts, at, tx) => ({
        deadline: new Date(deadline),
        ...(await restartLadder(tx, ref.assignmentId, at, 'assignment.deadline_moved', ref.actor)),
      })),
  };
}

export type ReadModelActivities = ReturnType<typeof createReadModelActivities>;
