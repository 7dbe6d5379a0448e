import { executeChild, proxyActivities } from '@temporalio/workflow';
import type { ReadModelActivities } from '../activities/read-model';
import { assignmentWorkflowId } from '../domain/workflow-ids';
import { assignmentWorkflow } from './assignment';
import type { PlanOutcome, PlanWorkflowInput } from './definitions';
import { readModelActivityOptions } from './policies';

const readModel = proxyActivities<ReadModelActivities>(readModelActivityOptions);

/**
 * A plan's lifecycle: it hands every assignment to a child workflow of its own (so
 * completions never queue behind each other) and closes when all of them have.
 */
export async function planWorkflow({ planId }: PlanWorkflowInput): Promise<PlanOutcome> {
  const assignmentIds = await readModel.listPlanAssignments({ planId });
  await readModel.recordPlanStarted({ planId });

  const results = await Promise.all(
    assignmentIds.map((assignmentId) =>
      executeChild(assignmentWorkflow, {
        workflowId: assignmentWorkflowId(assignmentId),
        args: [{ planId, assignmentId }],
      }),
    ),
  );

  const outcome: PlanOutcome = {
    planId,
    done: results.filter((result) => result.status === 'done').length,
    cancelled: results.filter((result) => result.status === 'cancelled').length,
  };
  await readModel.recordPlanClosed(outcome);
  return outcome;
}
