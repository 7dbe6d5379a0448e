/**
 * The assignment workflow's ladder on workflow time, with activities that stand in for the read
 * model and the notices: reminders while the unit owes the work, the three levels each at its
 * instant, holding while the work waits on the department, an approved extension and a
 * reassignment moving the running timers. The schedules lie a second or two ahead.
 */
import type { WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import type { Actor } from '../../domain/access';
import type { Signed } from '../../domain/command-signature';
import type { EscalationTarget, ScheduledNotice } from '../../domain/escalation-policy';
import { assignmentWorkflowId } from '../../domain/workflow-ids';
import { assignmentUpdates, decideExtensionUpdate, moveDeadlineUpdate, reassignUpdate, requestExtensionUpdate } from '../../workflows/definitions';
import type { assignmentWorkflow } from '../../workflows';
import { eventually } from '../support/http';
import { sleep, startWorkflowTestBench, type Call, type WorkflowTestBench } from './support';

const officer: Actor = { id: 'officer-1', name: 'Cán bộ xã Hà Mòn', role: 'unit_officer' };
const head: Actor = { id: 'head-1', name: 'Giám đốc Sở', role: 'department_head' };

/** The read model as the workflow sees it: per assignment, the deadline in force and each version's schedule. */
const deadlines = new Map<string, { version: number; schedules: ScheduledNotice[][] }>();
const recorded = (status: string) => () => ({ status, at: new Date().toISOString() });
const newDeadline = ({ assignmentId }: Record<string, unknown>) => {
  deadlines.get(assignmentId as string)!.version += 1;
  return recorded('in_progress')();
};

let bench: WorkflowTestBench;

beforeAll(async () => {
  bench = await startWorkflowTestBench({
    loadNoticeSchedule: ({ assignmentId }) => {
      const { version, schedules } = deadlines.get(assignmentId as string)!;
      return { deadlineVersion: version, notices: schedules[version - 1] };
    },
    sendReminder: () => [],
    raiseEscalation: () => [],
    recordAssignmentStarted: recorded('in_progress'),
    recordAssignmentSubmitted: recorded('submitted'),
    recordAssignmentReturned: recorded('in_progress'),
    recordAssignmentApproved: recorded('done'),
    recordAssignmentCompleted: recorded('done'),
    recordAssignmentCancelled: recorded('cancelled'),
    recordExtensionRequested: recorded('in_progress'),
    recordExtensionDecided: (input) => (input.approve ? newDeadline(input) : recorded('in_progress')()),
    recordReassigned: newDeadline,
    recordDeadlineMoved: newDeadline,
  });
});

afterAll(() => bench?.stop());

const reminder = (index: number, at: number): ScheduledNotice => ({ kind: 'reminder', index, at });
const level = (level: number, at: number, notify: EscalationTarget = 'unit-head'): ScheduledNotice => ({ kind: 'escalation', level, at, notify });

/** Starts the workflow of an assignment whose deadline versions have these schedules. */
async function assignment(assignmentId: string, ...schedules: ScheduledNotice[][]): Promise<WorkflowHandleWithFirstExecutionRunId<typeof assignmentWorkflow>> {
  deadlines.set(assignmentId, { version: 1, schedules });
  return bench.server.client.workflow.start<typeof assignmentWorkflow>('assignmentWorkflow', {
    workflowId: assignmentWorkflowId(assignmentId),
    taskQueue: bench.taskQueue,
    args: [{ planId: 'plan-1', assignmentId }],
  });
}

const callsOf = (name: string, assignmentId: string): Call[] => bench.calls.filter((call) => call.name === name && call.input.assignmentId === assignmentId);
const raised = (assignmentId: string) => callsOf('raiseEscalation', assignmentId);
const levelsRaised = (assignmentId: string) => raised(assignmentId).map(({ input }) => [input.level, input.target, input.deadlineVersion]);
const send = <R, T extends object>(assignmentId: string, update: UpdateDefinition<R, [Signed<T>]>, payload: T) => bench.command(assignmentWorkflowId(assignmentId), update, payload);

describe('the assignment workflow on workflow time', () => {
  it('reminds the unit of what is still ahead, raises each level at its instant, and ends when the work is done', async () => {
    const deadline = Date.now() + 2_000;
    const schedule = [reminder(0, deadline - 60_000), reminder(1, deadline - 800), level(1, deadline + 200), level(2, deadline + 600, 'assigner-head'), level(3, deadline + 1_000, 'plan-leaders')];
    const handle = await assignment('ladder', schedule);

    await eventually(async () => (raised('ladder').length === 3 ? true : undefined), 'three levels', 20_000);
    // The reminder already past when the schedule came is not sent.
    expect(callsOf('sendReminder', 'ladder').map(({ input }) => [input.index, input.deadlineVersion])).toEqual([[1, 1]]);
    expect(levelsRaised('ladder')).toEqual([
      [1, 'unit-head', 1],
      [2, 'assigner-head', 1],
      [3, 'plan-leaders', 1],
    ]);
    // Each notice goes out when a timer says its instant has come, never before.
    const sent = [...callsOf('sendReminder', 'ladder'), ...raised('ladder')];
    expect(sent.map((call, index) => call.at >= schedule[index + 1]!.at)).toEqual([true, true, true, true]);

    await send('ladder', assignmentUpdates.complete, { summary: 'Đã hoàn thành.', actor: head });
    expect(await handle.result()).toMatchObject({ assignmentId: 'ladder', status: 'done' });
  });

  it('holds the ladder while submitted work waits on the department, and resumes it when the work is returned', async () => {
    const deadline = Date.now() + 2_000;
    const handle = await assignment('held', [reminder(0, deadline - 500), level(1, deadline + 100), level(2, deadline + 200, 'assigner-head'), level(3, deadline + 300, 'plan-leaders')]);
    await send('held', assignmentUpdates.start, { actor: officer });
    await send('held', assignmentUpdates.submit, { summary: 'Đã thành lập 01 mô hình.', figures: {}, evidence: [], actor: officer });

    await sleep(deadline + 1_000 - Date.now());
    expect([...callsOf('sendReminder', 'held'), ...raised('held')]).toEqual([]);

    const returnedAt = Date.now();
    await send('held', assignmentUpdates.return, { reason: 'Bổ sung quyết định thành lập.', actor: head });
    await eventually(async () => (raised('held').length === 3 ? true : undefined), 'the ladder to resume', 20_000);
    expect(levelsRaised('held').map(([levelRaised]) => levelRaised)).toEqual([1, 2, 3]);
    expect(raised('held').every((call) => call.at >= returnedAt)).toBe(true);
    // The reminder's moment passed while the work was with the department: it is not sent late.
    expect(callsOf('sendReminder', 'held')).toEqual([]);

    await send('held', assignmentUpdates.cancel, { reason: 'Điều chỉnh kế hoạch.', actor: head });
    expect(await handle.result()).toMatchObject({ status: 'cancelled' });
  });

  it('follows an approved extension: the old deadline raises nothing, the new one its levels, in the same run', async () => {
    const deadline = Date.now() + 2_000;
    const extended = deadline + 1_500;
    const handle = await assignment('extended', [level(1, deadline), level(2, deadline + 60_000, 'assigner-head')], [level(1, extended)]);
    await send('extended', requestExtensionUpdate, {
      requestId: 'request-1',
      deadline: new Date(extended).toISOString(),
      currentDeadline: new Date(deadline).toISOString(),
      reason: 'Chờ bố trí kinh phí.',
      actor: officer,
    });
    await send('extended', decideExtensionUpdate, { requestId: 'request-1', approve: true, actor: head });

    await sleep(deadline + 700 - Date.now());
    expect(raised('extended')).toEqual([]);
    await eventually(async () => (raised('extended').length > 0 ? true : undefined), 'the level of the new deadline', 20_000);
    expect(levelsRaised('extended')).toEqual([[1, 'unit-head', 2]]);
    expect(raised('extended')[0]!.at).toBeGreaterThanOrEqual(extended);
    expect((await handle.describe()).runId).toBe(handle.firstExecutionRunId);

    await send('extended', assignmentUpdates.cancel, { reason: 'Điều chỉnh kế hoạch.', actor: head });
    expect(await handle.result()).toMatchObject({ status: 'cancelled' });
  });

  it('starts the ladder over for the unit the work is reassigned to', async () => {
    const deadline = Date.now() + 1_500;
    const handle = await assignment('reassigned', [level(1, deadline), level(2, deadline + 60_000, 'assigner-head')], [level(1, deadline + 1_200), level(2, deadline + 60_000, 'assigner-head')]);
    await eventually(async () => (raised('reassigned').length === 1 ? true : undefined), 'the first unit\'s level 1', 20_000);

    await send('reassigned', reassignUpdate, { unitId: 'unit-2', reason: 'Điều chỉnh địa bàn.', actor: head });
    await eventually(async () => (raised('reassigned').length === 2 ? true : undefined), 'the new unit\'s level 1', 20_000);
    expect(levelsRaised('reassigned')).toEqual([
      [1, 'unit-head', 1],
      [1, 'unit-head', 2],
    ]);
    expect(raised('reassigned')[1]!.at).toBeGreaterThanOrEqual(deadline + 1_200);

    await send('reassigned', assignmentUpdates.cancel, { reason: 'Điều chỉnh kế hoạch.', actor: head });
    expect(await handle.result()).toMatchObject({ status: 'cancelled' });
  });

  it('follows a deadline a plan amendment moved: the old deadline\'s levels are dropped, the new one\'s raised at their time', async () => {
    const deadline = Date.now() + 1_000;
    const moved = deadline + 2_500;
    const handle = await assignment('amended', [level(1, deadline + 400), level(2, deadline + 60_000, 'assigner-head')], [level(1, moved), level(2, moved + 60_000, 'assigner-head')]);
    await send('amended', moveDeadlineUpdate, { amendmentId: '6f1c2a4e-1d2b-4c3d-8e4f-5a6b7c8d9e0f', deadline: new Date(moved).toISOString(), reason: 'Điều chỉnh thời hạn.', actor: head });
    await eventually(async () => (raised('amended').length === 1 ? true : undefined), 'level 1 of the moved deadline', 20_000);
    expect(levelsRaised('amended')).toEqual([[1, 'unit-head', 2]]);
    expect(raised('amended')[0]!.at).toBeGreaterThanOrEqual(moved);

    await send('amended', assignmentUpdates.cancel, { reason: 'Điều chỉnh kế hoạch.', actor: head });
    expect(await handle.result()).toMatchObject({ status: 'cancelled' });
    await expect(send('amended', moveDeadlineUpdate, { amendmentId: '6f1c2a4e-1d2b-4c3d-8e4f-5a6b7c8d9e0f', deadline: new Date(moved).toISOString(), reason: 'Lần nữa.', actor: head })).rejects.toThrow();
  });
});
