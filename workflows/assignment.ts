import type { UpdateDefinition } from '@temporalio/common';
import { ApplicationFailure, allHandlersFinished, condition, proxyActivities, proxyLocalActivities, setHandler } from '@temporalio/workflow';
import type { NoticeActivities, NoticeSchedule } from '../activities/notices';
import type { ReadModelActivities, RecordedTransition } from '../activities/read-model';
import type { AssignmentCommands } from '../domain/assignment-commands';
import { actedCommandShapes, deadlineMoveShape, extensionDecisionShape, extensionRequestShape, reassignmentShape, type ShapeCheck } from '../domain/command-shapes';
import { awaitsUnit, isTerminal, statusAfter, transitionRefusal, type AssignmentAction } from '../domain/assignment-status';
import { unsigned, type Signed } from '../domain/command-signature';
import { failureTypes } from '../domain/failure-types';
import {
  assignmentStateQuery,
  assignmentUpdates,
  decideExtensionUpdate,
  moveDeadlineUpdate,
  reassignUpdate,
  requestExtensionUpdate,
  type AssignmentState,
  type AssignmentWorkflowInput,
} from './definitions';
import { localReadModelActivityOptions, noticeActivityOptions } from './policies';
import { requireSignature } from './trusted-commands';

const readModel = proxyLocalActivities<ReadModelActivities>(localReadModelActivityOptions);
const notices = proxyActivities<NoticeActivities>(noticeActivityOptions);
const { loadNoticeSchedule } = proxyLocalActivities<Pick<NoticeActivities, 'loadNoticeSchedule'>>(localReadModelActivityOptions);

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
 * as an Update signed by the API: the validator refuses what is not signed for it and what the
 * current state does not allow (so nothing enters the history), and the handler claims the
 * new state before its first await, so a concurrent update is judged against it. Recordings
 * run one after another, in order; one the read model cannot take gives the state back to what
 * it last recorded and refuses the change, with every change queued behind it.
 */
export async function assignmentWorkflow({ assignmentId, resume }: AssignmentWorkflowInput): Promise<AssignmentState> {
  const recorders = recordersOn(readModel);
  let state: AssignmentState = { assignmentId, status: resume?.status ?? 'assigned', ...(resume?.pendingExtension && { pendingExtension: resume.pendingExtension }) };
  /** The state as the read model holds it. */
  let recorded = state;
  let transitions = resume?.transitions ?? 0;
  let recording: Promise<unknown> = Promise.resolve();
  /** Recordings accepted and not yet settled. */
  let queued = 0;
  /** A recording failed with others queued behind it, which were judged against its claim. */
  let queueBroken = false;
  /** Counts deadline changes (extension, reassignment) so the timers know to measure again. */
  let deadlineMoves = 0;

  /** Records in the read model after every recording accepted before it, and only if those were recorded. */
  const serially = (record: (transition: number) => Promise<RecordedTransition>): Promise<RecordedTransition> => {
    transitions += 1;
    const transition = transitions;
    queued += 1;
    const run = recording.then(() => {
      if (queueBroken) throw ApplicationFailure.nonRetryable('an earlier change to this assignment could not be recorded', failureTypes.unrecordable);
      return record(transition);
    });
    recording = run.then(
      () => {
        queued -= 1;
      },
      () => {
        queued -= 1;
        queueBroken = queued > 0;
      },
    );
    return run;
  };

  /** Claims `claim` at once, records it, and keeps it only once recorded. */
  const change = async (claim: Partial<AssignmentState>, record: (transition: number) => Promise<RecordedTransition>): Promise<RecordedTransition> => {
    state = { ...state, ...claim };
    try {
      const result = await serially(record);
      const { status: _recorded, at, ...completion } = result;
      recorded = { ...recorded, ...claim, updatedAt: at, ...completion };
      state = { ...state, updatedAt: at, ...completion };
      return result;
    } catch (error) {
      state = recorded;
      throw error;
    }
  };

  setHandler(assignmentStateQuery, () => state);

  const handle = <A extends AssignmentAction>(action: A) =>
    setHandler(
      // Indexing the mapped record by a generic key loses the per-action type; restate it.
      assignmentUpdates[action] as UpdateDefinition<AssignmentState, [Signed<AssignmentCommands[A]>]>,
      async (signed: Signed<AssignmentCommands[A]>): Promise<AssignmentState> => {
        await change({ status: statusAfter(action) }, (transition) => recorders[action]({ assignmentId, transition, ...unsigned(signed) }));
        return { ...state, status: statusAfter(action) };
      },
      {
        validator: (signed: Signed<AssignmentCommands[A]>) => {
          requireSignature(signed);
          const refusal = transitionRefusal(state.status, action);
          if (refusal) refuse(refusal, state.status);
          validPayload(actedCommandShapes[action], unsigned(signed));
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
    async (signed) => {
      const request = unsigned(signed);
      await change({ pendingExtension: { requestId: request.requestId, deadline: request.deadline } }, (transition) =>
        readModel.recordExtensionRequested({ assignmentId, transition, ...request }),
      );
      return state;
    },
    {
      validator: (signed) => {
        requireSignature(signed);
        if (!awaitsUnit(state.status)) refuse(`cannot ask for more time on an assignment that is ${state.status.replace('_', ' ')}`, state.status);
        if (state.pendingExtension) refuse('an extension request is already waiting for an answer', state.status);
        validPayload(extensionRequestShape, unsigned(signed));
      },
    },
  );

  setHandler(
    decideExtensionUpdate,
    async (signed) => {
      const decision = unsigned(signed);
      await change({ pendingExtension: undefined }, (transition) => readModel.recordExtensionDecided({ assignmentId, transition, ...decision }));
      if (decision.approve) deadlineMoves += 1;
      return state;
    },
    {
      validator: (signed) => {
        requireSignature(signed);
        if (state.pendingExtension?.requestId !== signed.requestId) refuse(`extension request ${signed.requestId} is not waiting for an answer`, state.status);
        validPayload(extensionDecisionShape, unsigned(signed));
      },
    },
  );

  setHandler(
    reassignUpdate,
    async (signed) => {
      await change({}, (transition) => readModel.recordReassigned({ assignmentId, transition, ...unsigned(signed) }));
      deadlineMoves += 1;
      return state;
    },
    {
      validator: (signed) => {
        requireSignature(signed);
        if (isTerminal(state.status)) refuse(`cannot reassign an assignment that is ${state.status}`, state.status);
        validPayload(reassignmentShape, unsigned(signed));
      },
    },
  );

  setHandler(
    moveDeadlineUpdate,
    async (signed) => {
      await change({}, (transition) => readModel.recordDeadlineMoved({ assignmentId, transition, ...unsigned(signed) }));
      deadlineMoves += 1;
      return state;
    },
    {
      validator: (signed) => {
        requireSignature(signed);
        if (isTerminal(state.status)) refuse(`cannot move the deadline of an assignment that is ${state.status}`, state.status);
        validPayload(deadlineMoveShape, unsigned(signed));
      },
    },
  );

  const timers = runNoticeTimers();

  await condition(() => isTerminal(state.status));
  await timers;
  await condition(allHandlersFinished);
  return state;

  /**
   * Sends each reminder and escalation of the deadline in force when it falls due, on workflow
   * time: `Date.now()` in a workflow is the time of its current task, recorded in the history
   * and read back on replay. A new deadline or unit makes it load the schedule again.
   */
  async function runNoticeTimers(): Promise<void> {
    let deadlineVersion = 0;
    let reminded = new Set<number>();
    let raised = new Set<number>();

    /** Follows a schedule; answers true when it must be loaded again. */
    async function follow(schedule: NoticeSchedule, changed: () => boolean): Promise<boolean> {
      // Reminders already past are pointless; escalations already past are still owed.
      const loadedAt = Date.now();
      const due = schedule.notices.filter((notice) => notice.kind === 'escalation' || notice.at > loadedAt);
      for (const notice of due) {
        const wait = notice.at - Date.now();
        if (wait > 0 && (await condition(changed, wait))) return true;
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
