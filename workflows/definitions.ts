/**
 * The messages the workflows accept, shared by the workflows and their clients.
 * Only deterministic imports here: this file is bundled into the workflow sandbox.
 */
import type { UpdateDefinition } from '@temporalio/common';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { AssignmentCommands, ExtensionDecision, ExtensionRequest, Reassignment } from '../domain/assignment-commands';
import type { AssignmentAction, AssignmentStatus } from '../domain/assignment-status';
import type { Signed } from '../domain/command-signature';

export interface AssignmentWorkflowInput {
  planId: string;
  assignmentId: string;
  /**
   * The behaviour the workflow was started with (ASSIGNMENT_WORKFLOW_VERSION then); absent in
   * workflows started before versions were given, which replay as they ran. Carried in the
   * input rather than by patch markers, which cost every new workflow a marker and a
   * search-attribute update on the server.
   */
  version?: number;
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

/** 2: recordings and the notice schedule run as local activities; reminders and the ladder always run. */
export const ASSIGNMENT_WORKFLOW_VERSION = 2;

export interface PlanWorkflowInput {
  planId: string;
  /**
   * Where a run continued as new left off starting assignments: the last id started, or
   * null when all were; absent in the first run.
   */
  startedUpTo?: string | null;
  /** Assignments added by Update that the run before had yet to start. */
  adopting?: string[];
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

export const assignmentStateQuery = defineQuery<AssignmentState>('assignmentState');

/**
 * Adds assignments created after the plan started (approved proposals); answers at once, with
 * how many added assignments the plan has yet to start, which it does once their rows commit.
 */
export const addAssignmentsUpdate = defineUpdate<number, [Signed<{ assignmentIds: string[] }>]>('addAssignments');

/** Sent when a plan's last open assignment closes: the plan checks whether it is done. */
export const planMayCloseSignal = defineSignal('planMayClose');
