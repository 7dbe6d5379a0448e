/**
 * A worker killed with SIGKILL after the deadline and before the first escalation, then
 * restarted: the escalation still happens, exactly once, with exactly one email. The worker
 * runs as its own process (the compiled bin/worker.js; npm test builds first).
 */
import { startStack, type Stack } from '../../dev/stack';
import { plan925 } from '../support/fixtures';
import { assignmentWorkflowStarted, eventually, httpClient } from '../support/http';
import { freePort, startWorkerProcess, stopProcess, workerEnvFor, type EngineProcess } from '../../dev/processes';
import { startMailReceiver, type MailReceiver } from '../../dev/receivers';

const TASK_QUEUE = 'plan-engine-restart-test';
let stack: Stack;
let mail: MailReceiver;
let worker: EngineProcess | undefined;
let metricsPort: number;

const startWorker = () =>
  startWorkerProcess({
    ...workerEnvFor(stack),
    SMTP_URL: mail.url,
    WORKER_METRICS_ADDRESS: `127.0.0.1:${metricsPort}`,
    TEST_LADDER_WORKING_DAY_SECONDS: '1',
  });

const sleepUntil = (instant: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, instant - Date.now())));

beforeAll(async () => {
  mail = await startMailReceiver();
  stack = await startStack({ worker: 'none', taskQueue: TASK_QUEUE, env: { SMTP_URL: mail.url } });
  metricsPort = await freePort();
});

afterAll(async () => {
  await stopProcess(worker);
  await stack?.stop();
  await mail?.stop();
});

it('escalates exactly once after the worker is killed between the deadline and the first level', async () => {
  const http = httpClient(stack.baseUrl, (await stack.signIn('admin')).token);
  await http.post('/units', { code: 'X-HAMON', name: 'Ủy ban nhân dân xã Hà Mòn', kind: 'commune', headEmail: 'chutich@hamon.example.vn' });
  worker = await startWorker();

  const deadline = Date.now() + 4_000;
  const firstLevel = deadline + 5_000;
  const plan = await http.post(
    '/plans',
    plan925({
      escalation: { default: { reminders: [], levels: [{ after: { workingDays: 5 }, notify: 'unit-head' }] } },
      tasks: [{ code: 'NV3', title: 'Thành lập mô hình phòng, chống bạo lực gia đình', kind: 'generic', leadUnit: 'X-HAMON', deadline: { at: new Date(deadline).toISOString() } }],
    }),
  );
  expect(plan.status).toBe(201);
  const assignmentId = (await http.get(`/plans/${plan.body.id}`)).body.tasks[0].assignments[0].id as string;
  await assignmentWorkflowStarted(http, assignmentId);

  // Between the deadline and the first level: the timer is pending in Temporal, not in the worker.
  await sleepUntil(deadline + 1_000);
  await stopProcess(worker, 'SIGKILL');
  await sleepUntil(firstLevel + 1_000);
  expect(await stack.db.escalation.count({ where: { assignmentId } })).toBe(0);

  worker = await startWorker();
  const [escalation] = await eventually(async () => {
    const rows = await stack.db.escalation.findMany({ where: { assignmentId } });
    return rows.length > 0 && (rows[0]!.notified as unknown[]).length > 0 ? rows : undefined;
  }, 'the first level after the restart', 30_000);
  expect(escalation).toMatchObject({ level: 1, target: 'unit-head' });

  // Give a duplicate every chance to appear, then count.
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  expect(await stack.db.escalation.count({ where: { assignmentId } })).toBe(1);
  expect(mail.messages.filter((message) => JSON.stringify(message.to).includes('chutich@hamon.example.vn'))).toHaveLength(1);
  expect(await stack.db.notification.findMany({ where: { assignmentId, channel: 'email' }, select: { status: true, attempts: true } })).toEqual([
    { status: 'sent', attempts: 1 },
  ]);

  // The restarted worker serves the Temporal SDK's metrics: it has run the escalation's activities.
  const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
  expect(metrics).toMatch(/^temporal_activity_execution_latency_count\{[^}]*activity_type="raiseEscalation"[^}]*\} [1-9]/m);
  expect(metrics).toMatch(/^temporal_worker_task_slots_available\{/m);
});
