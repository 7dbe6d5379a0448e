/**
 * The messages the workflows accept, shared by the workflows and their clients.
 * Only deterministic imports here: this file is bundled into the workflow sandbox.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { AssignmentStatus } from '../domain/assignment-status';
import type { CancelAssignment, CompleteAssignment } from '../domain/assignment-commands';

export interface AssignmentWorkflowInput {
  planId: string;
  assignmentId: string;
}

export interface PlanWorkflowInput {
  planId: string;
}

export interface AssignmentState {
  assignmentId: string;
  status: AssignmentStatus;
  /** ISO instant the read model recorded for the final transition. */
  closedAt?: string;
  completedLate?: boolean;
  workingDaysLate?: number;
}

export interface PlanOutcome {
  planId: string;
  done: number;
  cancelled: number;
}

export const completeAssignmentUpdate = defineUpdate<AssignmentState, [CompleteAssignment]>('completeAssignment');
export const cancelAssignmentUpdate = defineUpdate<AssignmentState, [CancelAssignment]>('cancelAssignment');
export const assignmentStateQuery = defineQuery<AssignmentState>('assignmentState');
