import { ApplicationFailure, executeChild, proxyActivities, setHandler } from '@temporalio/workflow';
import type { ReadModelActivities } from '../activities/read-model';
import { failureTypes } from '../domain/failure-types';
import { assignmentWorkflowId } from '../domain/workflow-ids';
import { assignmentWorkflow } from './assignment';
import { addAssignmentsUpdate, type AssignmentState, type PlanOutcome, type PlanWorkflowInput } from './definitions';
import { readModelActivityOptions } from './policies';

const readModel = proxyActivities<ReadModelActivities>(readModelActivityOptions);

/**
 * A plan's lifecycle: it hands every assignment to a child workflow of its own (so
 * completions never queue behind each other), adopts assignments added later (a unit's
 * approved proposal), and closes when all of them have.
 */
export async function planWorkflow({ planId }: PlanWorkflowInput): Promise<PlanOutcome> {
  const children: Promise<AssignmentState>[] = [];
  const adopted = new Set<string>();
  let closing = false;
  // An assignment added just after the plan started may come both by Update and in the first listing.
  const adopt = (assignmentId: string) => {
    if (adopted.has(assignmentId)) return;
    adopted.add(assignmentId);
    children.push(executeChild(assignmentWorkflow, { workflowId: assignmentWorkflowId(assignmentId), args: [{ planId, assignmentId }] }));
  };

  setHandler(
    addAssignmentsUpdate,
    ({ assignmentIds }) => {
      assignmentIds.forEach(adopt);
      return children.length;
    },
    {
      validator: ({ assignmentIds }) => {
        if (assignmentIds.length === 0) throw ApplicationFailure.nonRetryable('no assignments to add', failureTypes.invalidPayload);
        if (closing) throw ApplicationFailure.nonRetryable('the plan is closing: all its work is done or cancelled', failureTypes.invalidTransition);
      },
    },
  );

  const assignmentIds = await readModel.listPlanAssignments({ planId });
  await readModel.recordPlanStarted({ planId });
  assignmentIds.forEach(adopt);

  // Children adopted while waiting are waited for too.
  let results: AssignmentState[] = [];
  while (results.length < children.length) results = await Promise.all(children);
  closing = true;

  const outcome: PlanOutcome = {
    planId,
    done: results.filter((result) => result.status === 'done').length,
    cancelled: results.filter((result) => result.status === 'cancelled').length,
  };
  await readModel.recordPlanClosed(outcome);
  return outcome;
}
