/**
 * Replays recorded histories (test/replay/histories, written by `npm run record-histories`)
 * against the current workflow code, so a change that would break running workflows fails CI,
 * and checks that the histories hold what the workflows do: timers fired, moved and cancelled,
 * the whole ladder, every kind of command, a plan continuing as new.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { defaultPayloadConverter } from '@temporalio/common';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker, type ReplayResult } from '@temporalio/worker';

const historiesDir = path.join(__dirname, 'histories');
const recorded = readdirSync(historiesDir)
  .filter((file) => file.endsWith('.json'))
  .sort()
  .map((file) => ({ workflowId: file, history: historyFromJSON(JSON.parse(readFileSync(path.join(historiesDir, file), 'utf8'))) }));

async function replayAll(workflowsPath: string): Promise<ReplayResult[]> {
  const results: ReplayResult[] = [];
  for await (const result of Worker.runReplayHistories({ workflowsPath }, recorded)) results.push(result);
  return results;
}

type Event = NonNullable<(typeof recorded)[number]['history']['events']>[number];
const eventsOf = ({ history }: (typeof recorded)[number]): Event[] => history.events ?? [];
/** The names of the Updates a history accepted, in order. */
const updatesOf = (events: Event[]) => events.map((event) => event.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name).filter(Boolean);
/** The input of every activity of this type a history scheduled. */
const scheduled = (events: Event[], type: string) =>
  events
    .map((event) => event.activityTaskScheduledEventAttributes)
    .filter((attributes) => attributes?.activityType?.name === type)
    .map((attributes) => defaultPayloadConverter.fromPayload<Record<string, unknown>>(attributes!.input!.payloads![0]!));

describe('replaying recorded workflow histories', () => {
  it('finds histories of every workflow type to replay', () => {
    const types = recorded.map(({ history }) => history.events?.[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name);
    expect(new Set(types)).toEqual(new Set(['planWorkflow', 'assignmentWorkflow', 'planAmendmentWorkflow']));
  });

  it('holds reminders and all three levels fired by timers, and timers moved by a new deadline', () => {
    const ladders = recorded.map(eventsOf).filter((events) => scheduled(events, 'raiseEscalation').length > 0);
    const whole = ladders.find((events) => scheduled(events, 'raiseEscalation').map((input) => input.level).join() === '1,2,3');
    expect(whole).toBeDefined();
    expect(scheduled(whole!, 'sendReminder').length).toBeGreaterThan(0);
    // Each notice waited on a timer of its own.
    expect(whole!.filter((event) => event.timerFiredEventAttributes).length).toBeGreaterThanOrEqual(scheduled(whole!, 'sendReminder').length + 3);
    // An extension, a reassignment and an amendment's new deadline each cancel the running timer and raise the ladder of the new deadline.
    const moved = ladders.filter((events) => events.some((event) => event.timerCanceledEventAttributes) && scheduled(events, 'raiseEscalation').some((input) => input.deadlineVersion === 2));
    const movers = new Set(['decideExtension', 'reassignAssignment', 'moveDeadline']);
    expect(new Set(moved.map(updatesOf).map((updates) => updates.find((name) => movers.has(name!))))).toEqual(movers);
  });

  it('holds every kind of command: a return and a resubmission, an extension, a reassignment, a new deadline, a cancellation, an adoption', () => {
    const updates = recorded.map(eventsOf).map(updatesOf);
    expect(updates.some((names) => names.join() === 'startAssignment,submitAssignment,returnAssignment,submitAssignment,approveAssignment')).toBe(true);
    expect(new Set(updates.flat())).toEqual(
      new Set(['startAssignment', 'submitAssignment', 'returnAssignment', 'approveAssignment', 'completeAssignment', 'cancelAssignment', 'requestExtension', 'decideExtension', 'reassignAssignment', 'moveDeadline', 'addAssignments']),
    );
  });

  it('holds a plan that continues as new, and its last run closing the plan', () => {
    const plans = recorded.filter(({ history }) => history.events?.[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name === 'planWorkflow').map(eventsOf);
    expect(plans.some((events) => events.at(-1)?.workflowExecutionContinuedAsNewEventAttributes)).toBe(true);
    const closing = plans.filter((events) => events.at(-1)?.workflowExecutionCompletedEventAttributes);
    expect(closing.length).toBeGreaterThan(0);
    expect(closing.every((events) => events[0]!.workflowExecutionStartedEventAttributes!.continuedExecutionRunId)).toBe(true);
  });

  it('replays every history against the current workflows without a determinism error', async () => {
    const results = await replayAll(require.resolve('../../workflows'));
    expect(results).toHaveLength(recorded.length);
    expect(results.map((result) => [result.workflowId, result.error?.message])).toEqual(recorded.map(({ workflowId }) => [workflowId, undefined]));
  });

  it('fails for a workflow changed in a non-deterministic way', async () => {
    const results = await replayAll(require.resolve('./fixtures/changed-workflows'));
    const failed = results.filter((result) => result.error).map((result) => result.workflowId);
    expect(failed.sort()).toEqual(recorded.filter(({ workflowId }) => workflowId.includes('assignment')).map(({ workflowId }) => workflowId).sort());
  });
});
