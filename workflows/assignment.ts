import type { UpdateDefinition } from '@temporalio/common';
import { ApplicationFailure, allHandlersFinished, condition, patched, proxyActivities, setHandler } from '@temporalio/workflow';
import type { NoticeActivities } from '../activities/notices';
import type { ReadModelActivities, RecordedTransition } from '../activities/read-model';
import { commandSchemas, type AssignmentCommands } from '../domain/assignment-commands';
import { awaitsUnit, isTerminal, statusAfter, transitionRefusal, type AssignmentAction } from '../domain/assignment-status';
import { failureTypes } from '../domain/failure-types';
import { assignmentStateQuery, assignmentUpdates, type AssignmentState, type AssignmentWorkflowInput } from './definitions';
import { noticeActivityOptions, readModelActivityOptions } from './policies';

const readModel = proxyActivities<ReadModelActivities>(readModelActivityOptions);
const notices = proxyActivities<NoticeActivities>(noticeActivityOptions);

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

  // Reminders and the escalation ladder came after the first release: workflows started
  // before them replay without timers.
  const timers = patched('notice-timers') ? runNoticeTimers() : Promise.resolve();

  await condition(() => isTerminal(state.status));
  await timers;
  await condition(allHandlersFinished);
  return state;

  /**
   * Waits for each reminder and escalation of the deadline in force and has it sent. The
   * workflow never reads a clock: the schedule comes with the worker's time, and a fired timer
   * means its moment has come. Submitted work holds the ladder, since it waits on the
   * department; the ladder resumes, measured afresh, if the work is returned.
   */
  async function runNoticeTimers(): Promise<void> {
    let deadlineVersion = 0;
    let reminded = new Set<number>();
    let raised = new Set<number>();
    while (!isTerminal(state.status)) {
      let measureAgain = false;
      const schedule = await notices.loadNoticeSchedule({ assignmentId });
      if (schedule.deadlineVersion !== deadlineVersion) {
        deadlineVersion = schedule.deadlineVersion;
        reminded = new Set();
        raised = new Set();
      }
      let clock = schedule.now;
      for (const notice of schedule.notices) {
        if (notice.at > clock) {
          if (await condition(() => isTerminal(state.status), notice.at - clock)) return;
          clock = notice.at;
        }
        if (notice.kind === 'reminder') {
          if (awaitsUnit(state.status) && !reminded.has(notice.index)) {
            reminded.add(notice.index);
            await notices.sendReminder({ assignmentId, deadlineVersion, index: notice.index });
          }
          continue;
        }
        if (raised.has(notice.level)) continue;
        if (!awaitsUnit(state.status)) {
          await condition(() => awaitsUnit(state.status) || isTerminal(state.status));
          measureAgain = true;
          break;
        }
        raised.add(notice.level);
        await notices.raiseEscalation({ assignmentId, deadlineVersion, level: notice.level, target: notice.notify });
      }
      if (!measureAgain) await condition(() => isTerminal(state.status));
    }
  }
}
