import type { UpdateDefinition } from '@temporalio/common';
import { ApplicationFailure, allHandlersFinished, condition, proxyActivities, setHandler } from '@temporalio/workflow';
import type { ReadModelActivities, RecordedTransition } from '../activities/read-model';
import { commandSchemas, type AssignmentCommands } from '../domain/assignment-commands';
import { isTerminal, statusAfter, transitionRefusal, type AssignmentAction } from '../domain/assignment-status';
import { failureTypes } from '../domain/failure-types';
import { assignmentStateQuery, assignmentUpdates, type AssignmentState, type AssignmentWorkflowInput } from './definitions';
import { readModelActivityOptions } from './policies';

const readModel = proxyActivities<ReadModelActivities>(readModelActivityOptions);

type Recorder<A extends AssignmentAction> = (input: { assignmentId: string; transition: number } & AssignmentCommands[A]) => Promise<RecordedTransition>;
const recorders: { [A in AssignmentAction]: Recorder<A> } = {
  start: readModel.recordAssignmentStarted,
  submit: readModel.recordAssignmentSubmitted,
  approve: readModel.recordAssignmentApproved,
  return: readModel.recordAssignmentReturned,
  complete: readModel.recordAssignmentCompleted,
  cancel: readModel.recordAssignmentCancelled,
};

/**
 * One task handed to one unit, from assignment to done or cancelled. Transitions arrive
 * as Updates: the validator refuses what the current state does not allow (so nothing
 * enters the history), and the handler claims the new state before its first await, so a
 * concurrent update is judged against it. Recordings run one after another, in order.
 */
export async function assignmentWorkflow({ assignmentId }: AssignmentWorkflowInput): Promise<AssignmentState> {
  let state: AssignmentState = { assignmentId, status: 'assigned' };
  let transitions = 0;
  let recording: Promise<unknown> = Promise.resolve();

  setHandler(assignmentStateQuery, () => state);

  const handle = <A extends AssignmentAction>(action: A) =>
    setHandler(
      // Indexing the mapped record by a generic key loses the per-action type; restate it.
      assignmentUpdates[action] as UpdateDefinition<AssignmentState, [AssignmentCommands[A]]>,
      async (command: AssignmentCommands[A]): Promise<AssignmentState> => {
        state = { ...state, status: statusAfter(action) };
        transitions += 1;
        const input = { assignmentId, transition: transitions, ...command };
        const recorded = recording.then(() => recorders[action](input));
        recording = recorded.catch(() => undefined);
        const { status: _recorded, at, ...completion } = await recorded;
        state = { ...state, updatedAt: at, ...completion };
        return { ...state, status: statusAfter(action) };
      },
      {
        validator: (command: AssignmentCommands[A]) => {
          const refusal = transitionRefusal(state.status, action);
          if (refusal) throw ApplicationFailure.nonRetryable(refusal, failureTypes.invalidTransition, { currentStatus: state.status });
          const parsed = commandSchemas[action].safeParse(command);
          if (!parsed.success) throw ApplicationFailure.nonRetryable(parsed.error.message, failureTypes.invalidPayload);
        },
      },
    );
  handle('start');
  handle('submit');
  handle('approve');
  handle('return');
  handle('complete');
  handle('cancel');

  await condition(() => isTerminal(state.status));
  await condition(allHandlersFinished);
  return state;
}
