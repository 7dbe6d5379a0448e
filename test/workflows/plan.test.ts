/**
 * The plan workflow with activities that stand in for the read model and the starts: a plan of
 * more pages than a run holds continues as new and starts every assignment once, in order,
 * adopts an assignment added while it runs, and closes when nothing is open.
 */
import type { WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { planWorkflowId } from '../../domain/workflow-ids';
import { addAssignmentsUpdate, planMayCloseSignal } from '../../workflows/definitions';
import type { planWorkflow } from '../../workflows';
import { eventually } from '../support/http';
import { startWorkflowTestBench, type WorkflowTestBench } from './support';

/** Nine assignments in id order; with two a page and two pages a run, the plan takes three runs to start them. */
const assignments = Array.from({ length: 9 }, (_, index) => `assignment-${index + 1}`);
let open = 0;
let bench: WorkflowTestBench;
let handle: WorkflowHandleWithFirstExecutionRunId<typeof planWorkflow>;

beforeAll(async () => {
  bench = await startWorkflowTestBench({
    recordPlanStarted: () => true,
    startAssignmentPage: ({ after, limit }) => {
      const page = assignments.slice(after === null ? 0 : assignments.indexOf(after as string) + 1).slice(0, limit as number);
      open += page.length;
      return { started: page.length, next: page.length === limit ? page.at(-1) : null };
    },
    startAssignments: ({ assignmentIds }) => {
      open += (assignmentIds as string[]).length;
      return (assignmentIds as string[]).length;
    },
    countOpenAssignments: () => open,
    planOutcome: () => ({ done: 9, cancelled: 1 }),
    recordPlanClosed: () => undefined,
  });
  handle = await bench.server.client.workflow.start<typeof planWorkflow>('planWorkflow', {
    workflowId: planWorkflowId('plan-1'),
    taskQueue: bench.taskQueue,
    args: [{ planId: 'plan-1', paging: { pageSize: 2, pagesPerRun: 2 } }],
  });
});

afterAll(() => bench?.stop());

const callsOf = (name: string) => bench.calls.filter((call) => call.name === name).map((call) => call.input);

/** The run ids of the workflow, first to last, each run's history naming the one that continued it. */
async function runsOf(workflowId: string, firstRunId: string): Promise<string[]> {
  const runs = [firstRunId];
  for (;;) {
    const history = await bench.server.client.workflow.getHandle(workflowId, runs.at(-1)).fetchHistory();
    const next = history.events?.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId;
    if (!next) return runs;
    runs.push(next);
  }
}

describe('the plan workflow', () => {
  it('starts every assignment once, in order, continuing as new when a run has started its pages', async () => {
    await eventually(async () => (callsOf('countOpenAssignments').length > 0 ? true : undefined), 'the plan to wait on its work', 20_000);
    expect(callsOf('startAssignmentPage').map(({ after, limit }) => [after, limit])).toEqual([
      [null, 2],
      ['assignment-2', 2],
      ['assignment-4', 2],
      ['assignment-6', 2],
      ['assignment-8', 2],
    ]);
    expect(open).toBe(assignments.length);
    expect(await runsOf(planWorkflowId('plan-1'), handle.firstExecutionRunId)).toHaveLength(3);
    // Recorded as started once, by the first run.
    expect(callsOf('recordPlanStarted')).toEqual([{ planId: 'plan-1' }]);
  });

  it('adopts an assignment added while it runs, and closes once nothing is open', async () => {
    expect(await bench.command(planWorkflowId('plan-1'), addAssignmentsUpdate, { assignmentIds: ['assignment-10'] })).toBe(1);
    await eventually(async () => (callsOf('startAssignments').length > 0 ? true : undefined), 'the adoption', 20_000);
    expect(callsOf('startAssignments')).toEqual([{ planId: 'plan-1', assignmentIds: ['assignment-10'] }]);
    expect(open).toBe(10);

    open = 0;
    await handle.signal(planMayCloseSignal);
    expect(await handle.result()).toEqual({ planId: 'plan-1', done: 9, cancelled: 1 });
    expect(callsOf('recordPlanClosed')).toEqual([{ planId: 'plan-1', done: 9, cancelled: 1 }]);
  });
});
