import { ApplicationFailure, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { awaitsUnit, isOverdue, toneOf, transitionRefusal, type AssignmentAction, type AssignmentStatus, type StatusTone } from '../domain/assignment-status';
import type { AssignmentCommands } from '../domain/assignment-commands';
import { failureTypes } from '../domain/failure-types';
import { assignmentWorkflowId } from '../domain/workflow-ids';
import type { UpdateDefinition } from '@temporalio/common';
import { assignmentStateQuery, assignmentUpdates, type AssignmentState } from '../workflows/definitions';
import type { EngineDeps } from './deps';
import { ConflictError, NotFoundError, UnavailableError, ValidationError } from './errors';
import { findUnit } from './units';

export interface AssignmentView {
  id: string;
  status: AssignmentStatus;
  overdue: boolean;
  /** The board colour: done-on-time, in-progress, done-late, overdue, not-started or cancelled. */
  tone: StatusTone;
  role: string;
  deadline: string;
  summary: string | null;
  figures: Record<string, number>;
  evidence: string[];
  submittedAt: string | null;
  returnReason: string | null;
  completedAt: string | null;
  completedLate: boolean | null;
  workingDaysLate: number | null;
  unit: { id: string; code: string; name: string };
  task: { id: string; code: string; title: string; kind: string };
  plan: { id: string; code: string; title: string };
  workflowId: string;
}

export interface ExtensionView {
  id: string;
  status: string;
  currentDeadline: string;
  requestedDeadline: string;
  reason: string;
  requestedBy: string | null;
  requestedAt: string;
  decidedAt: string | null;
  decidedBy: string | null;
  decisionNote: string | null;
}

export interface AssignmentDetail extends AssignmentView {
  history: { type: string; at: string; data: unknown }[];
  extensions: ExtensionView[];
}

export function toExtensionView(row: {
  id: string;
  status: string;
  currentDeadline: Date;
  requestedDeadline: Date;
  reason: string;
  requestedBy: string | null;
  createdAt: Date;
  decidedAt: Date | null;
  decidedBy: string | null;
  decisionNote: string | null;
}): ExtensionView {
  return {
    id: row.id,
    status: row.status,
    currentDeadline: row.currentDeadline.toISOString(),
    requestedDeadline: row.requestedDeadline.toISOString(),
    reason: row.reason,
    requestedBy: row.requestedBy,
    requestedAt: row.createdAt.toISOString(),
    decidedAt: row.decidedAt?.toISOString() ?? null,
    decidedBy: row.decidedBy,
    decisionNote: row.decisionNote,
  };
}

export const viewInclude = {
  unit: { select: { id: true, code: true, name: true } },
  task: { select: { id: true, code: true, title: true, kind: true, plan: { select: { id: true, code: true, title: true } } } },
} as const;

type AssignmentRow = {
  id: string;
  status: AssignmentStatus;
  role: string;
  deadline: Date;
  summary: string | null;
  figures: unknown;
  evidence: unknown;
  submittedAt: Date | null;
  returnReason: string | null;
  completedAt: Date | null;
  completedLate: boolean | null;
  workingDaysLate: number | null;
  unit: AssignmentView['unit'];
  task: AssignmentView['task'] & { plan: AssignmentView['plan'] };
};

export function toView(row: AssignmentRow, now: Date): AssignmentView {
  const { plan, ...task } = row.task;
  return {
    id: row.id,
    status: row.status,
    overdue: isOverdue(row.status, row.deadline, now),
    tone: toneOf(row, now),
    role: row.role,
    deadline: row.deadline.toISOString(),
    summary: row.summary,
    figures: row.figures as Record<string, number>,
    evidence: row.evidence as string[],
    submittedAt: row.submittedAt?.toISOString() ?? null,
    returnReason: row.returnReason,
    completedAt: row.completedAt?.toISOString() ?? null,
    completedLate: row.completedLate,
    workingDaysLate: row.workingDaysLate,
    unit: row.unit,
    task,
    plan,
    workflowId: assignmentWorkflowId(row.id),
  };
}

export async function getAssignment(deps: EngineDeps, id: string, now = new Date()): Promise<AssignmentDetail> {
  const row = await deps.db.assignment.findUnique({
    where: { id },
    include: {
      ...viewInclude,
      events: { orderBy: [{ occurredAt: 'asc' }, { id: 'asc' }], select: { type: true, occurredAt: true, data: true } },
      extensions: { orderBy: { createdAt: 'asc' } },
    },
  });
  if (!row) throw new NotFoundError(`assignment ${id} does not exist`);
  return {
    ...toView(row, now),
    history: row.events.map((event) => ({ type: event.type, at: event.occurredAt.toISOString(), data: event.data })),
    extensions: row.extensions.map(toExtensionView),
  };
}

/** Where work stands in an inbox: what the unit owes, then what waits on review, then closed work. */
const inboxGroup = (status: AssignmentStatus) => (awaitsUnit(status) ? 0 : status === 'submitted' ? 1 : 2);

/** A unit's inbox: open work first, the least time left on top (so overdue work leads), then closed work. */
export async function unitInbox(deps: EngineDeps, unitId: string, now = new Date()) {
  const [unit, rows] = await Promise.all([
    findUnit(deps.db, unitId),
    deps.db.assignment.findMany({ where: { unitId }, include: viewInclude, orderBy: [{ deadline: 'asc' }, { id: 'asc' }] }),
  ]);
  rows.sort((a, b) => inboxGroup(a.status) - inboxGroup(b.status));
  return { unit, items: rows.map((row) => toView(row, now)) };
}

/**
 * Retries an action on an assignment while its workflow has not started yet: a plan's
 * workflow starts its assignments a moment after the plan is saved.
 */
export async function whenWorkflowStarted<T>(action: () => Promise<T>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await action();
    } catch (error) {
      if (!(error instanceof UnavailableError) || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** Live state straight from the assignment's workflow, for when the read model is not enough. */
export async function liveAssignmentState(deps: EngineDeps, id: string): Promise<AssignmentState> {
  await requireAssignment(deps, id);
  try {
    return await deps.temporal.workflow.getHandle(assignmentWorkflowId(id)).query(assignmentStateQuery);
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) throw new UnavailableError(`the workflow of assignment ${id} has not started yet`, 1);
    throw error;
  }
}

/** Sends one action to the assignment's workflow and answers the assignment as recorded. */
export async function transitionAssignment<A extends AssignmentAction>(
  deps: EngineDeps,
  id: string,
  action: A,
  command: AssignmentCommands[A],
  /**
   * Given for a request sent with an Idempotency-Key: Temporal runs an Update once per id, so a
   * retry after a lost answer (the API died mid-request) joins the first instead of acting twice.
   */
  updateId?: string,
): Promise<AssignmentDetail> {
  const update = assignmentUpdates[action] as UpdateDefinition<AssignmentState, [AssignmentCommands[A]]>;
  if (updateId && (await updateCompleted(deps, id, updateId))) return getAssignment(deps, id);
  await sendToAssignment(deps, id, (status) => transitionRefusal(status, action), (handle) => handle.executeUpdate(update, { args: [command], ...(updateId && { updateId }) }));
  return getAssignment(deps, id);
}

/**
 * Whether the Update with this id already ran to completion, read from the workflow's history,
 * which outlives the workflow: a retry whose first attempt acted (and whose answer was lost)
 * then answers the state it produced instead of a conflict with it.
 */
async function updateCompleted(deps: EngineDeps, id: string, updateId: string): Promise<boolean> {
  try {
    const { events } = await deps.temporal.workflow.getHandle(assignmentWorkflowId(id)).fetchHistory();
    return (events ?? []).some((event) => {
      const completed = event.workflowExecutionUpdateCompletedEventAttributes;
      return completed?.meta?.updateId === updateId && completed.outcome?.success !== undefined && completed.outcome.success !== null;
    });
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return false;
    throw error;
  }
}

export async function assignmentHistory(deps: EngineDeps, id: string) {
  const { history } = await getAssignment(deps, id);
  return { items: history };
}

async function requireAssignment(deps: EngineDeps, id: string): Promise<{ status: AssignmentStatus }> {
  const row = await deps.db.assignment.findUnique({ where: { id }, select: { status: true } });
  if (!row) throw new NotFoundError(`assignment ${id} does not exist`);
  return row;
}

type AssignmentHandle = ReturnType<EngineDeps['temporal']['workflow']['getHandle']>;

/**
 * Sends an Update to the assignment's workflow and translates what can go wrong: a refusal
 * by the workflow's validator, or a workflow that has already closed (judged by the read
 * model with `refusalFor`), becomes a conflict; nothing is written in either case. The
 * workflow is asked first: it holds the state, and the usual request costs no read.
 */
export async function sendToAssignment(
  deps: EngineDeps,
  id: string,
  refusalFor: (status: AssignmentStatus) => string | undefined,
  send: (handle: AssignmentHandle) => Promise<AssignmentState>,
): Promise<void> {
  try {
    await send(deps.temporal.workflow.getHandle(assignmentWorkflowId(id)));
  } catch (error) {
    const failure = error instanceof WorkflowUpdateFailedError ? error.cause : undefined;
    if (failure instanceof ApplicationFailure && failure.type === failureTypes.invalidTransition) {
      throw new ConflictError(failure.message, (failure.details?.[0] as Record<string, unknown>) ?? {});
    }
    // A recording activity refused the change: its failure arrives as the Update's (a local
    // activity's) or wrapped in an ActivityFailure (a scheduled one's, in workflows started before).
    const refused = [failure, failure instanceof Error ? failure.cause : undefined].find((cause) => cause instanceof ApplicationFailure && cause.type === failureTypes.conflict);
    if (refused instanceof ApplicationFailure) throw new ConflictError(refused.message);
    if (failure instanceof ApplicationFailure && failure.type === failureTypes.invalidPayload) {
      throw new ValidationError(failure.message, []);
    }
    if (error instanceof WorkflowNotFoundError) {
      const current = await requireAssignment(deps, id);
      const closed = refusalFor(current.status);
      if (closed) throw new ConflictError(closed, { currentStatus: current.status });
      throw new UnavailableError(`the workflow of assignment ${id} has not started yet`, 1);
    }
    throw error;
  }
}
