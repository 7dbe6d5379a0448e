import type { UpdateDefinition } from '@temporalio/common';
import { ApplicationFailure, allHandlersFinished, condition, patched, proxyActivities, proxyLocalActivities, setHandler } from '@temporalio/workflow';
import type { NoticeActivities, NoticeSchedule } from '../activities/notices';
import type { ReadModelActivities, RecordedTransition } from '../activities/read-model';
import type { AssignmentCommands } from '../domain/assignment-commands';
import { actedCommandShapes, extensionDecisionShape, extensionRequestShape, reassignmentShape, type ShapeCheck } from '../domain/command-shapes';
import { awaitsUnit, isTerminal, statusAfter, transitionRefusal, type AssignmentAction } from '../domain/assignment-status';
import { failureTypes } from '../domain/failure-types';
import {
  assignmentStateQuery,
  assignmentUpdates,
  decideExtensionUpdate,
  reassignUpdate,
  requestExtensionUpdate,
  type AssignmentState,
  type AssignmentWorkflowInput,
} from './definitions';
import { localReadModelActivityOptions, noticeActivityOptions, readModelActivityOptions } from './policies';

const readModel = proxyActivities<ReadModelActivities>(readModelActivityOptions);
const localReadModel = proxyLocalActivities<ReadModelActivities>(localReadModelActivityOptions);
const notices = proxyActivities<NoticeActivities>(noticeActivityOptions);
const localNotices = proxyLocalActivities<Pick<NoticeActivities, 'loadNoticeSchedule'>>(localReadModelActivityOptions);

type Recorder<A extends AssignmentAction> = (input: { assignmentId: string; transition: number } & AssignmentCommands[A]) => Promise<RecordedTransition>;
type Recorders = { [A in AssignmentAction]: Recorder<A> };
const recordersOn = (activities: ReadModelActivities): Recorders => ({
  start: activities.recordAssignmentStarted,
  submit: activities.recordAssignmentSubmitted,
  approve: activities.recordAssignmentApproved,
  return: activities.recordAssignmentReturned,
  complete: activities.recordAssignmentCompleted,
  cancel: activities.recordAssignmentCancelled,
});

const refuse = (reason: string, currentStatus: string): never => {
  throw ApplicationFailure.nonRetryable(reason, failureTypes.invalidTransition, { currentStatus });
};

function validPayload(check: ShapeCheck, payload: unknown): void {
  const problem = check(payload);
  if (problem) throw ApplicationFailure.nonRetryable(problem, failureTypes.invalidPayload);
}

/**
 * One task handed to one unit, from assignment to done or cancelled. Every change arrives
 * as an Update: the validator refuses what the current state does not allow (so nothing
 * enters the history), and the handler claims the new state before its first await, so a
 * concurrent update is judged against it. Recordings run one after another, in order.
 */
export async function assignmentWorkflow({ assignmentId, version = 1 }: AssignmentWorkflowInput): Promise<AssignmentState> {
  // Workflows started before version 2 replay with scheduled activities, as they ran.
  const local = version >= 2;
  const recordings = local ? localReadModel : readModel;
  const recorders = recordersOn(recordings);
  const loadNoticeSchedule = local ? localNotices.loadNoticeSchedule : notices.loadNoticeSchedule;
  let state: AssignmentState = { assignmentId, status: 'assigned' };
  let transitions = 0;
  let recording: Promise<unknown> = Promise.resolve();
  /** Counts deadline changes (extension, reassignment) so the timers know to measure again. */
  let deadlineMoves = 0;

  /** Records in the read model after every recording accepted before it. */
  const serially = (record: (transition: number) => Promise<RecordedTransition>): Promise<RecordedTransition> => {
    transitions += 1;
    const transition = transitions;
    const run = recording.then(() => record(transition));
    recording = run.catch(() => undefined);
    return run;
  };

  setHandler(assignmentStateQuery, () => state);

  const handle = <A extends AssignmentAction>(action: A) =>
    setHandler(
      // Indexing the mapped record by a generic key loses the per-action type; restate it.
      assignmentUpdates[action] as UpdateDefinition<AssignmentState, [AssignmentCommands[A]]>,
      async (command: AssignmentCommands[A]): Promise<AssignmentState> => {
        state = { ...state, status: statusAfter(action) };
        const { status: _recorded, at, ...completion } = await serially((transition) => recorders[action]({ assignmentId, transition, ...command }));
        state = { ...state, updatedAt: at, ...completion };
        return { ...state, status: statusAfter(action) };
      },
      {
        validator: (command: AssignmentCommands[A]) => {
          const refusal = transitionRefusal(state.status, action);
          if (refusal) refuse(refusal, state.status);
          validPayload(actedCommandShapes[action], command);
        },
      },
    );
  handle('start');
  handle('submit');
  handle('approve');
  handle('return');
  handle('complete');
  handle('cancel');

  setHandler(
    requestExtensionUpdate,
    async (request) => {
      state = { ...state, pendingExtension: { requestId: request.requestId, deadline: request.deadline } };
      const { at } = await serially((transition) => recordings.recordExtensionRequested({ assignmentId, transition, ...request }));
      state = { ...state, updatedAt: at };
      return state;
    },
    {
      validator: (request) => {
        if (!awaitsUnit(state.status)) refuse(`cannot ask for more time on an assignment that is ${state.status.replace('_', ' ')}`, state.status);
        if (state.pendingExtension) refuse('an extension request is already waiting for an answer', state.status);
        validPayload(extensionRequestShape, request);
      },
    },
  );

  setHandler(
    decideExtensionUpdate,
    async (decision) => {
      state = { ...state, pendingExtension: undefined };
      const { at } = await serially((transition) => recordings.recordExtensionDecided({ assignmentId, transition, ...decision }));
      state = { ...state, updatedAt: at };
      if (decision.approve) deadlineMoves += 1;
      return state;
    },
    {
      validator: (decision) => {
        if (state.pendingExtension?.requestId !== decision.requestId) refuse(`extension request ${decision.requestId} is not waiting for an answer`, state.status);
        validPayload(extensionDecisionShape, decision);
      },
    },
  );

  setHandler(
    reassignUpdate,
    async (reassignment) => {
      const { at } = await serially((transition) => recordings.recordReassigned({ assignmentId, transition, ...reassignment }));
      state = { ...state, updatedAt: at };
      deadlineMoves += 1;
      return state;
    },
    {
      validator: (reassignment) => {
        if (isTerminal(state.status)) refuse(`cannot reassign an assignment that is ${state.status}`, state.status);
        validPayload(reassignmentShape, reassignment);
      },
    },
  );

  // Reminders and the escalation ladder came after the first release: workflows started
  // before them replay without timers (the patch marker tells them apart from later ones).
  const timers = version >= 2 || patched('notice-timers') ? runNoticeTimers() : Promise.resolve();

  await condition(() => isTerminal(state.status));
  await timers;
  await condition(allHandlersFinished);
  return state;

  /**
   * Sends each reminder and escalation of the deadline in force when it falls due. The
   * workflow never reads a clock: the schedule comes with the worker's time, and a fired
   * timer means its moment has come. A new deadline or unit makes it measure again.
   */
  async function runNoticeTimers(): Promise<void> {
    let deadlineVersion = 0;
    let reminded = new Set<number>();
    let raised = new Set<number>();

    /** Follows a schedule; answers true when it must be measured again. */
    async function follow(schedule: NoticeSchedule, changed: () => boolean): Promise<boolean> {
      let clock = schedule.now;
      for (const notice of schedule.notices) {
        if (notice.at > clock) {
          if (await condition(changed, notice.at - clock)) return true;
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
          // Submitted work waits on the department: the ladder holds until it comes back.
          await condition(() => awaitsUnit(state.status) || changed());
          return true;
        }
        raised.add(notice.level);
        await notices.raiseEscalation({ assignmentId, deadlineVersion, level: notice.level, target: notice.notify });
      }
      return false;
    }

    while (!isTerminal(state.status)) {
      const moves = deadlineMoves;
      const changed = () => isTerminal(state.status) || deadlineMoves !== moves;
      const schedule = await loadNoticeSchedule({ assignmentId });
      if (schedule.deadlineVersion !== deadlineVersion) {
        deadlineVersion = schedule.deadlineVersion;
        reminded = new Set();
        raised = new Set();
      }
      if (!(await follow(schedule, changed))) await condition(changed);
    }
  }
}
