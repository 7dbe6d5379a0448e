/**
 * The messages the workflows accept, shared by the workflows and their clients.
 * Only deterministic imports here: this file is bundled into the workflow sandbox.
 */
import type { UpdateDefinition } from '@temporalio/common';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { AssignmentCommands, ExtensionDecision, ExtensionRequest, Reassignment } from '../domain/assignment-commands';
import type { AssignmentAction, AssignmentStatus } from '../domain/assignment-status';

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

type AssignmentUpdate<A extends AssignmentAction> = UpdateDefinition<AssignmentState, [AssignmentCommands[A]]>;

/** One Workflow Update per action; the names are part of the workflows' history, keep them. */
export const assignmentUpdates: { [A in AssignmentAction]: AssignmentUpdate<A> } = {
  start: defineUpdate('startAssignment'),
  submit: defineUpdate('submitAssignment'),
  approve: defineUpdate('approveAssignment'),
  return: defineUpdate('returnAssignment'),
  complete: defineUpdate('completeAssignment'),
  cancel: defineUpdate('cancelAssignment'),
};

export const requestExtensionUpdate = defineUpdate<AssignmentState, [ExtensionRequest]>('requestExtension');
export const decideExtensionUpdate = defineUpdate<AssignmentState, [ExtensionDecision]>('decideExtension');
export const reassignUpdate = defineUpdate<AssignmentState, [Reassignment]>('reassignAssignment');

export const assignmentStateQuery = defineQuery<AssignmentState>('assignmentState');

/** Adds assignments created after the plan started (approved proposals); answers how many the plan now follows. */
export const addAssignmentsUpdate = defineUpdate<number, [{ assignmentIds: string[] }]>('addAssignments');

/** Sent when a plan's last open assignment closes: the plan checks whether it is done. */
export const planMayCloseSignal = defineSignal('planMayClose');
