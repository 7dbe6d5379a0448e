import { ApplicationFailure, ServiceError, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { z } from 'zod';
import type { Actor } from '../domain/access';
import { reportFrequencies, type ReportFrequency } from '../domain/reporting-periods';
import {
  assignmentStatuses,
  awaitsUnit,
  isOverdue,
  isTerminal,
  statusTones,
  toneOf,
  transitionRefusal,
  type AssignmentAction,
  type AssignmentStatus,
} from '../domain/assignment-status';
import type { AssignmentCommands } from '../domain/assignment-commands';
import { failureTypes } from '../domain/failure-types';
import { assignmentWorkflowId } from '../domain/workflow-ids';
import type { UpdateDefinition } from '@temporalio/common';
import type { Signed } from '../domain/command-signature';
import { text } from '../domain/fields';
import type { assignmentWorkflow } from '../workflows/assignment';
import { assignmentStateQuery, assignmentUpdates, type AssignmentResume, type AssignmentState } from '../workflows/definitions';
import { recordAudit } from '../db/audit';
import type { EngineDeps } from './deps';
import { ConflictError, NotFoundError, UnavailableError, ValidationError } from '../platform/errors';
import { unitSchema, unitView } from './units';
import { instantSchema, isoDay, planRefSchema, unitRefSchema } from './views';
import { executeSignedUpdate } from '../platform/workflow-commands';
import { evidenceFileSchema } from './evidence-files';
import { figureFieldSchema, figureWarningSchema } from './report-evidence';

export const assignmentViewSchema = z.object({
  id: z.uuid(),
  status: z.enum(assignmentStatuses),
  overdue: z.boolean(),
  /** The board colour: done-on-time, in-progress, done-late, overdue, not-started or cancelled. */
  tone: z.enum(statusTones),
  role: z.enum(['lead', 'coordinate']),
  deadline: instantSchema,
  summary: z.string().nullable(),
  figures: z.record(z.string(), z.number()),
  evidence: z.array(z.string()),
  submittedAt: instantSchema.nullable(),
  returnReason: z.string().nullable(),
  completedAt: instantSchema.nullable(),
  completedLate: z.boolean().nullable(),
  workingDaysLate: z.number().int().nullable(),
  unit: unitRefSchema,
  task: z.object({ id: z.uuid(), code: z.string(), title: z.string(), kind: z.string() }),
  plan: planRefSchema,
  workflowId: z.string(),
});
export type AssignmentView = z.infer<typeof assignmentViewSchema>;

export const extensionStatuses = ['pending', 'approved', 'rejected'] as const;
export const extensionViewSchema = z.object({
  id: z.uuid(),
  status: z.enum(extensionStatuses),
  currentDeadline: instantSchema,
  requestedDeadline: instantSchema,
  reason: z.string(),
  requestedBy: z.string().nullable(),
  requestedAt: instantSchema,
  decidedAt: instantSchema.nullable(),
  decidedBy: z.string().nullable(),
  decisionNote: z.string().nullable(),
});
export type ExtensionView = z.infer<typeof extensionViewSchema>;

/** One recorded step: its type (`assignment.submitted`…), when, and what was said: who, a reason or a note, and the step's other facts. */
export const historyEntrySchema = z.object({
  type: z.string(),
  at: instantSchema,
  data: z.looseObject({ by: z.string().optional(), reason: z.string().optional(), note: z.string().optional() }).nullable(),
});
export const historySchema = z.object({ items: z.array(historyEntrySchema) });

export const assignmentDetailSchema = assignmentViewSchema.extend({
  history: z.array(historyEntrySchema),
  extensions: z.array(extensionViewSchema),
  /** For a periodic report: how often, and the cut-off window whose data it reports. */
  reportingWindow: z.object({ every: z.enum(reportFrequencies), from: z.iso.date(), to: z.iso.date() }).nullable(),
});
export type AssignmentDetail = z.infer<typeof assignmentDetailSchema>;

/** An assignment as its page reads it: with what the caller may do, and whether its workflow needs a restart. */
export const assignmentForCallerSchema = assignmentDetailSchema.extend({
  /** Evidence files uploaded under the assignment: those its reports carry (`attached`), and those only uploaded. */
  files: z.array(evidenceFileSchema),
  /** One labelled field per figure the report forms ask for: the plan's measured figures, then the task kind's. */
  figureFields: z.array(figureFieldSchema),
  /** Figures of the submitted report beyond what the unit has: kept, for the reviewer to see. */
  figureWarnings: z.array(figureWarningSchema),
  /** Open work whose workflow was stopped from outside the engine: the assigning department restarts it. */
  workflowBroken: z.boolean(),
  /** `act`: start, submit, report, ask for time; `review`: return, reassign, decide on time; `approve`: approve, complete, cancel. */
  allowed: z.object({ act: z.boolean(), review: z.boolean(), approve: z.boolean() }),
});

export const unitInboxSchema = z.object({ unit: unitSchema, items: z.array(assignmentViewSchema) });

/** The assignment's state as its workflow holds it. */
export const liveAssignmentStateSchema = z.object({
  assignmentId: z.uuid(),
  status: z.enum(assignmentStatuses),
  /** The last recorded transition. */
  updatedAt: instantSchema.optional(),
  completedAt: instantSchema.optional(),
  completedLate: z.boolean().optional(),
  workingDaysLate: z.number().int().optional(),
  /** The extension request waiting for the assigner's answer. */
  pendingExtension: z.object({ requestId: z.uuid(), deadline: instantSchema }).optional(),
});

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
    status: row.status as ExtensionView['status'],
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
  role: AssignmentView['role'];
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
      task: { select: { ...viewInclude.task.select, reportEvery: true, reportingFrom: true, reportingTo: true } },
      events: { orderBy: [{ occurredAt: 'asc' }, { id: 'asc' }], select: { type: true, occurredAt: true, data: true } },
      extensions: { orderBy: { createdAt: 'asc' } },
    },
  });
  if (!row) throw new NotFoundError(`assignment ${id} does not exist`);
  const { reportEvery, reportingFrom, reportingTo, ...task } = row.task;
  return {
    ...toView({ ...row, task }, now),
    reportingWindow:
      reportEvery && reportingFrom && reportingTo
        ? { every: reportEvery as ReportFrequency, from: isoDay(reportingFrom), to: isoDay(reportingTo) }
        : null,
    history: row.events.map((event) => ({ type: event.type, at: event.occurredAt.toISOString(), data: event.data as AssignmentDetail['history'][number]['data'] })),
    extensions: row.extensions.map(toExtensionView),
  };
}

/** Where work stands in an inbox: what the unit owes, then what waits on review, then closed work. */
const inboxGroup = (status: AssignmentStatus) => (awaitsUnit(status) ? 0 : status === 'submitted' ? 1 : 2);

/** A unit's inbox: open work first, the least time left on top (so overdue work leads), then closed work. */
export async function unitInbox(deps: EngineDeps, unitId: string, now = new Date()): Promise<z.infer<typeof unitInboxSchema>> {
  const [unit, rows] = await Promise.all([
    unitView(deps.db, unitId),
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
export async function liveAssignmentState(deps: EngineDeps, id: string): Promise<z.infer<typeof liveAssignmentStateSchema>> {
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
  const update = assignmentUpdates[action] as UpdateDefinition<AssignmentState, [Signed<AssignmentCommands[A]>]>;
  if (updateId && (await updateCompleted(deps, id, updateId))) return getAssignment(deps, id);
  await sendToAssignment(deps, id, (status) => transitionRefusal(status, action), update, command, updateId);
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

export async function assignmentHistory(deps: EngineDeps, id: string): Promise<z.infer<typeof historySchema>> {
  const { history } = await getAssignment(deps, id);
  return { items: history };
}

async function requireAssignment(deps: EngineDeps, id: string): Promise<{ status: AssignmentStatus }> {
  const row = await deps.db.assignment.findUnique({ where: { id }, select: { status: true } });
  if (!row) throw new NotFoundError(`assignment ${id} does not exist`);
  return row;
}

/**
 * Sends a command to the assignment's workflow as a signed Update (executeSignedUpdate) and
 * translates what can go wrong: a refusal by the workflow's validator, or a
 * workflow that has already closed (judged by the read model with `refusalFor`), becomes a
 * conflict; nothing is written in either case. The workflow is asked first: it holds the
 * state, and the usual request costs no read. Without `updateId` the command gets a new one.
 */
export async function sendToAssignment<T extends object>(
  deps: EngineDeps,
  id: string,
  refusalFor: (status: AssignmentStatus) => string | undefined,
  update: UpdateDefinition<AssignmentState, [Signed<T>]>,
  command: T,
  updateId?: string,
): Promise<void> {
  try {
    await executeSignedUpdate(deps, assignmentWorkflowId(id), update, command, updateId);
  } catch (error) {
    const failure = error instanceof WorkflowUpdateFailedError ? error.cause : undefined;
    if (failure instanceof ApplicationFailure && failure.type === failureTypes.invalidTransition) {
      throw new ConflictError(failure.message, (failure.details?.[0] as Record<string, unknown>) ?? {});
    }
    // A recording activity refused the change: its failure arrives as the Update's (a local
    // activity's) or wrapped in an ActivityFailure (a scheduled one's, in workflows started before).
    const causes = [failure, failure instanceof Error ? failure.cause : undefined];
    const refused = causes.find((cause) => cause instanceof ApplicationFailure && cause.type === failureTypes.conflict);
    if (refused instanceof ApplicationFailure) throw new ConflictError(refused.message);
    const unrecordable = causes.find((cause) => cause instanceof ApplicationFailure && cause.type === failureTypes.unrecordable);
    if (unrecordable instanceof ApplicationFailure) throw new ValidationError(unrecordable.message, []);
    if (failure instanceof ApplicationFailure && failure.type === failureTypes.invalidPayload) {
      throw new ValidationError(failure.message, []);
    }
    // The worker and this API disagree on WORKFLOW_COMMAND_SECRET, or the command waited past its signature's lifetime.
    if (failure instanceof ApplicationFailure && failure.type === failureTypes.untrustedCommand) {
      throw new UnavailableError(`the worker refused the command: ${failure.message}`);
    }
    if (error instanceof WorkflowNotFoundError) {
      const current = await requireAssignment(deps, id);
      const closed = refusalFor(current.status);
      if (closed) throw new ConflictError(closed, { currentStatus: current.status });
      if (await workflowBroken(deps, id, current.status)) throw new ConflictError(brokenWorkflow, { currentStatus: current.status, workflowBroken: true });
      throw new UnavailableError(`the workflow of assignment ${id} has not started yet`, 1);
    }
    throw error;
  }
}

const brokenWorkflow = 'the workflow of this assignment was stopped from outside the engine: the assigning department restarts it (POST /assignments/:id/restart)';

/**
 * Whether the assignment's work is open while its workflow is not running: terminated, failed
 * or timed out, or gone after it had started (the plan records the hand-over once the workflow
 * started, so a workflow not found before then is still starting).
 */
async function workflowBroken(deps: EngineDeps, id: string, status: AssignmentStatus): Promise<boolean> {
  if (isTerminal(status)) return false;
  try {
    const description = await deps.temporal.workflow.getHandle(assignmentWorkflowId(id)).describe();
    return description.status.name !== 'RUNNING';
  } catch (error) {
    if (!(error instanceof WorkflowNotFoundError)) throw error;
    return (await deps.db.event.count({ where: { key: `assignment:${id}:assigned` } })) > 0;
  }
}

/**
 * Whether the workflow of an assignment in `status` (as the page just read it) needs a restart;
 * the page still shows while Temporal is unreachable.
 */
export function assignmentWorkflowBroken(deps: EngineDeps, id: string, status: AssignmentStatus): Promise<boolean> {
  return workflowBroken(deps, id, status).catch((error: unknown) => {
    if (error instanceof ServiceError) return false;
    throw error;
  });
}

export const restartBodySchema = z.strictObject({ reason: text(2_000) });

/** The highest transition number recorded for the assignment (its events are keyed `assignment:<id>:<n>`). */
async function recordedTransitions(deps: EngineDeps, id: string): Promise<number> {
  const prefix = `assignment:${id}:`;
  const events = await deps.db.event.findMany({ where: { assignmentId: id, key: { startsWith: prefix } }, select: { key: true } });
  return Math.max(0, ...events.map((event) => Number(event.key.slice(prefix.length))).filter(Number.isInteger));
}

/**
 * Starts the workflow of an open assignment again after it was terminated or lost, from the
 * state the read model recorded: its status, its transitions (numbered on from the last) and
 * the extension request waiting for an answer. Its reminders and escalations carry on from the
 * deadline in force; what was already sent is not sent again.
 */
export async function restartAssignment(deps: EngineDeps, id: string, body: z.infer<typeof restartBodySchema>, actor: Actor): Promise<AssignmentDetail> {
  const row = await deps.db.assignment.findUnique({
    where: { id },
    select: { status: true, task: { select: { planId: true } }, extensions: { where: { status: 'pending' }, select: { id: true, requestedDeadline: true } } },
  });
  if (!row) throw new NotFoundError(`assignment ${id} does not exist`);
  if (isTerminal(row.status)) throw new ConflictError(`cannot restart an assignment that is ${row.status}`, { currentStatus: row.status });
  if (!(await workflowBroken(deps, id, row.status))) throw new ConflictError('the workflow of this assignment is running or still starting', { currentStatus: row.status });
  const [pending] = row.extensions;
  const resume: AssignmentResume = {
    status: row.status,
    transitions: await recordedTransitions(deps, id),
    ...(pending && { pendingExtension: { requestId: pending.id, deadline: pending.requestedDeadline.toISOString() } }),
  };
  try {
    await deps.temporal.workflow.start<typeof assignmentWorkflow>('assignmentWorkflow', {
      workflowId: assignmentWorkflowId(id),
      taskQueue: deps.taskQueue,
      args: [{ planId: row.task.planId, assignmentId: id, resume }],
      workflowIdReusePolicy: 'ALLOW_DUPLICATE',
    });
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) throw new ConflictError('the workflow of this assignment was restarted already', { currentStatus: row.status });
    throw error;
  }
  const at = new Date();
  await deps.db.$transaction(async (tx) => {
    await tx.event.create({ data: { key: `assignment:${id}:restarted:${at.toISOString()}`, planId: row.task.planId, assignmentId: id, type: 'assignment.restarted', data: { reason: body.reason, by: actor.name }, occurredAt: at } });
    await recordAudit(tx, { actor, at, action: 'assignment.restarted', entityType: 'assignment', entityId: id, before: { status: row.status, workflow: 'stopped' }, after: { status: row.status, workflow: 'running', reason: body.reason } });
  });
  return getAssignment(deps, id);
}
