import { ApplicationFailure, allHandlersFinished, condition, proxyActivities, setHandler } from '@temporalio/workflow';
import type { ZodType } from 'zod';
import type { ReadModelActivities, RecordedTransition } from '../activities/read-model';
import { cancelAssignmentSchema, completeAssignmentSchema } from '../domain/assignment-commands';
import { isTerminal, transitionRefusal, type AssignmentAction, type AssignmentStatus } from '../domain/assignment-status';
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

  /** Claims the new state at once, then has the read model record it under the next transition number. */
  const transitionTo = async (status: AssignmentStatus, record: (transition: number) => Promise<RecordedTransition>) => {
    state = { ...state, status };
    transitions += 1;
    const { status: _recorded, ...closing } = await record(transitions);
    state = { ...state, ...closing };
    return state;
  };

  setHandler(
    completeAssignmentUpdate,
    (command) => transitionTo('done', (transition) => readModel.recordAssignmentCompleted({ assignmentId, transition, ...command })),
    { validator: validatorFor('complete', completeAssignmentSchema) },
  );

  setHandler(
    cancelAssignmentUpdate,
    (command) => transitionTo('cancelled', (transition) => readModel.recordAssignmentCancelled({ assignmentId, transition, ...command })),
    { validator: validatorFor('cancel', cancelAssignmentSchema) },
  );

  await condition(() => isTerminal(state.status));
  await condition(allHandlersFinished);
  return state;
}
