/**
 * The messages the workflows accept, shared by the workflows and their clients.
 * Only deterministic imports here: this file is bundled into the workflow sandbox.
 */
import type { UpdateDefinition } from '@temporalio/common';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { AssignmentCommands, DeadlineMove, ExtensionDecision, ExtensionRequest, Reassignment } from '../domain/assignment-commands';
import type { AssignmentAction, AssignmentStatus } from '../domain/assignment-status';
import type { Signed } from '../domain/command-signature';

export interface AssignmentWorkflowInput {
  planId: string;
  assignmentId: string;
  /**
   * Where a workflow started again over an assignment whose workflow was terminated or lost
   * (services/assignments.ts restartAssignment) takes up: the state and the number of
   * transitions the read model recorded. Absent in a first start.
   */
  resume?: AssignmentResume;
}

export interface AssignmentResume {
  status: AssignmentStatus;
  /** The highest transition number recorded: the next one is numbered after it. */
  transitions: number;
  pendingExtension?: { requestId: string; deadline: string };
}

/** How a plan's workflow starts its assignments: so many an activity, so many activities a run. */
export interface PlanPaging {
  /** Assignments started per activity: one page is three events in the plan's history. */
  pageSize: number;
  /** Pages per run before continuing as new, keeping every run's history short (six events a page). */
  pagesPerRun: number;
}

/**
 * What the engine starts every plan with. A new run's first task waits in the task queue behind
 * the first tasks of every assignment the plan just started (ten minutes after 50,000 on a
 * two-core cluster), so runs are long: 400 pages of 500 (200,000 assignments, about 2,400
 * events, a quarter of Temporal's warning threshold) take any plan MAX_PLAN_ASSIGNMENTS allows by
 * default, and four times that, in one run. Tests and recordings give smaller pages to see a plan
 * continue as new.
 */
export const planPaging: PlanPaging = { pageSize: 500, pagesPerRun: 400 };

export interface PlanWorkflowInput {
  planId: string;
  /** Given by the starter (planPaging), and carried from run to run. */
  paging: PlanPaging;
  /**
   * Where a run continued as new left off starting assignments: the last id started, or
   * null when all were; absent in the first run.
   */
  startedUpTo?: string | null;
  /** Assignments added by Update that the run before had yet to start. */
  adopting?: string[];
}

export interface PlanAmendmentWorkflowInput {
  amendmentId: string;
  planId: string;
}

export interface AssignmentState {
  assignmentId: string;
  status: AssignmentStatus;
  /** ISO instant of the last recorded transition. */
  updatedAt?: string;
  completedAt?: string;
  completedLate?: boolean;
  workingDaysLate?: number;
  /** The extension request waiting for the assigner's answer, if any. */
  pendingExtension?: { requestId: string; deadline: string };
}

export interface PlanOutcome {
  planId: string;
  done: number;
  cancelled: number;
}

/** Every command arrives signed by the API (domain/command-signature.ts). */
type AssignmentUpdate<A extends AssignmentAction> = UpdateDefinition<AssignmentState, [Signed<AssignmentCommands[A]>]>;

/** One Workflow Update per action; the names are part of the workflows' history, keep them. */
export const assignmentUpdates: { [A in AssignmentAction]: AssignmentUpdate<A> } = {
  start: defineUpdate('startAssignment'),
  submit: defineUpdate('submitAssignment'),
  approve: defineUpdate('approveAssignment'),
  return: defineUpdate('returnAssignment'),
  complete: defineUpdate('completeAssignment'),
  cancel: defineUpdate('cancelAssignment'),
};

export const requestExtensionUpdate = defineUpdate<AssignmentState, [Signed<ExtensionRequest>]>('requestExtension');
export const decideExtensionUpdate = defineUpdate<AssignmentState, [Signed<ExtensionDecision>]>('decideExtension');
export const reassignUpdate = defineUpdate<AssignmentState, [Signed<Reassignment>]>('reassignAssignment');
export const moveDeadlineUpdate = defineUpdate<AssignmentState, [Signed<DeadlineMove>]>('moveDeadline');

export const assignmentStateQuery = defineQuery<AssignmentState>('assignmentState');

/**
 * Adds assignments created after the plan started (approved proposals); answers at once, with
 * how many added assignments the plan has yet to start, which it does once their rows commit.
 */
export const addAssignmentsUpdate = defineUpdate<number, [Signed<{ assignmentIds: string[] }>]>('addAssignments');

/** Sent when a plan's last open assignment closes: the plan checks whether it is done. */
export const planMayCloseSignal = defineSignal('planMayClose');
