import { ApplicationFailure, allHandlersFinished, condition, proxyActivities, setHandler } from '@temporalio/workflow';
import type { ZodType } from 'zod';
import type { ReadModelActivities } from '../activities/read-model';
import { cancelAssignmentSchema, completeAssignmentSchema } from '../domain/assignment-commands';
import { isTerminal, transitionRefusal, type AssignmentAction } from '../domain/assignment-status';
import { failureTypes } from '../domain/failure-types';
import {
  assignmentStateQuery,
  cancelAssignmentUpdate,
  completeAssignmentUpdate,
  type AssignmentState,
  type AssignmentWorkflowInput,
} from './definitions';
import { readModelActivityOptions } from './policies';

const readModel = proxyActivities<ReadModelActivities>(readModelActivityOptions);

/**
 * One task handed to one unit, from assignment to done or cancelled. Transitions arrive
 * as Updates: the validator refuses what the current state does not allow (so nothing
 * enters the history), and the handler claims the new state before its first await so
 * that a second, concurrent update is refused too.
 */
export async function assignmentWorkflow({ assignmentId }: AssignmentWorkflowInput): Promise<AssignmentState> {
  let state: AssignmentState = { assignmentId, status: 'assigned' };
  let transitions = 0;

  const validatorFor = (action: AssignmentAction, schema: ZodType) => (payload: unknown) => {
    const refusal = transitionRefusal(state.status, action);
    if (refusal) throw ApplicationFailure.nonRetryable(refusal, failureTypes.invalidTransition, { currentStatus: state.status });
    const parsed = schema.safeParse(payload);
    if (!parsed.success) throw ApplicationFailure.nonRetryable(parsed.error.message, failureTypes.invalidPayload);
  };

  setHandler(assignmentStateQuery, () => state);

  setHandler(
    completeAssignmentUpdate,
    async (command) => {
      state = { ...state, status: 'done' };
      transitions += 1;
      const recorded = await readModel.recordAssignmentCompleted({ assignmentId, transition: transitions, ...command });
      state = { ...state, closedAt: recorded.closedAt, completedLate: recorded.completedLate };
      return state;
    },
    { validator: validatorFor('complete', completeAssignmentSchema) },
  );

  setHandler(
    cancelAssignmentUpdate,
    async (command) => {
      state = { ...state, status: 'cancelled' };
      transitions += 1;
      const recorded = await readModel.recordAssignmentCancelled({ assignmentId, transition: transitions, ...command });
      state = { ...state, closedAt: recorded.closedAt };
      return state;
    },
    { validator: validatorFor('cancel', cancelAssignmentSchema) },
  );

  await condition(() => isTerminal(state.status));
  await condition(allHandlersFinished);
  return state;
}
