/**
 * A plan closes once its open work is all closed, and adopts approved proposals while it runs:
 * the two must not cross. The worker here is the engine's own, on a database client whose
 * count of a plan's open work, counted for real, answers only when the test lets it, so that
 * an approval lands between the count that found nothing open and the plan's decision to close.
 */
import type { Worker } from '@temporalio/worker';
import type { PrismaClient } from '../../db/prisma';
import { officeDays } from '../../domain/escalation-policy';
import { planWorkflowId } from '../../domain/workflow-ids';
import { startStack, type Stack } from '../../dev/stack';
import { createEngineWorker } from '../../activities/worker';
import { plan925 } from '../support/fixtures';
import { assignmentWorkflowStarted, eventually, httpClient } from '../support/http';

const taskQueue = 'plan-closing';
let stack: Stack;
let worker: Worker;
let workerRun: Promise<void>;
let http: ReturnType<typeof httpClient>;

/** While set, a count of open work that finds none answers only once `released` settles. */
let holdEmptyCount: { counted: () => void; released: Promise<void> } | undefined;
/** Counts of open work answered after the held one was let go. */
let countsAfterRelease = 0;
let released = false;

beforeAll(async () => {
  stack = await startStack({ worker: 'none', taskQueue });
  const countingOpenWork = (args: unknown) => JSON.stringify(args).includes('"notIn"');
  const db = stack.db.$extends({
    query: {
      assignment: {
        async count({ args, query }) {
          const counted = await query(args);
          if (!countingOpenWork(args)) return counted;
          if (released) countsAfterRelease += 1;
          const hold = holdEmptyCount;
          if (counted === 0 && hold) {
            holdEmptyCount = undefined;
            hold.counted();
            await hold.released;
          }
          return counted;
        },
      },
    },
  }) as unknown as PrismaClient;
  worker = await createEngineWorker({
    connection: stack.server.nativeConnection,
    namespace: 'default',
    taskQueue,
    maxCachedWorkflows: 100,
    commandSecret: stack.deps.commandSecret,
    db,
    calendar: stack.deps.calendar,
    channels: {},
    publicUrl: 'http://127.0.0.1',
    ladderDays: officeDays(stack.deps.calendar),
  });
  workerRun = worker.run();
  http = httpClient(stack.baseUrl, (await stack.signIn('admin')).token);
  expect((await http.post('/units', { code: 'SO-VHTTDL', name: 'Sở Văn hóa, Thể thao và Du lịch', kind: 'department' })).status).toBe(201);
  expect((await http.post('/units', { code: 'TINH-DOAN', name: 'Tỉnh đoàn Kon Tum', kind: 'mass_organisation' })).status).toBe(201);
});

afterAll(async () => {
  worker?.shutdown();
  await workerRun;
  await stack?.stop();
});

it('keeps a plan open when a proposal is approved just as its last open work closes', async () => {
  const created = await http.post('/plans', plan925({ tasks: [{ code: 'NV2', title: 'Đẩy mạnh tuyên truyền', kind: 'campaign', leadUnit: 'SO-VHTTDL', deadline: '2030-11-30' }] }));
  expect(created.status).toBe(201);
  const planId = created.body.id as string;
  const original = (await http.get(`/plans/${planId}`)).body.tasks[0].assignments[0].id as string;
  await assignmentWorkflowStarted(http, original);
  // The youth union proposes and the admin decides: nobody decides on their own proposal.
  const youthUnion = httpClient(stack.baseUrl, (await stack.signIn('unit_officer', 'TINH-DOAN')).token);
  const proposal = await youthUnion.post(`/plans/${planId}/proposals`, { title: 'Diễn đàn thanh niên', kind: 'generic', deadline: { calendarDays: 30 } });
  expect(proposal.status).toBe(201);

  let release!: () => void;
  const counted = new Promise<void>((resolve) => {
    holdEmptyCount = { counted: resolve, released: new Promise<void>((letGo) => (release = letGo)) };
  });
  expect((await http.post(`/assignments/${original}/complete`, { summary: 'Đã phát 45 tin, bài.' })).status).toBe(200);
  // The plan has counted nothing open; its answer waits while the proposal is approved.
  await counted;
  const approved = await http.post(`/plans/${planId}/proposals/${proposal.body.id}/approve`, {});
  expect(approved.status).toBe(200);
  released = true;
  release();

  // The plan either closes on the held answer, or counts again and finds the adopted work open.
  await eventually(async () => ((await stack.db.plan.findUniqueOrThrow({ where: { id: planId } })).status !== 'active' || countsAfterRelease > 0 ? true : undefined), 'the plan to decide', 30_000);
  expect((await stack.db.plan.findUniqueOrThrow({ where: { id: planId } })).status).toBe('active');
  const adopted = approved.body.assignment.id as string;
  await assignmentWorkflowStarted(http, adopted);
  expect((await http.post(`/assignments/${adopted}/complete`, { summary: 'Đã tổ chức diễn đàn.' })).status).toBe(200);
  expect(await stack.temporal.workflow.getHandle(planWorkflowId(planId)).result()).toEqual({ planId, done: 2, cancelled: 0 });
});
