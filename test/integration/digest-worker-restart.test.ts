/**
 * A worker killed while it sends a digest, then restarted: the digest is sent once. The worker
 * runs as its own process (the compiled bin/worker.js; npm test builds first); the document
 * system's webhook hangs on the first digest, so the worker dies after the mail went out and
 * before the webhook was answered. The office clock is compressed (ten minutes a day) so that
 * the director's 07:30 digest falls seconds after the escalation it carries.
 */
import { startStack, type Stack } from '../../dev/stack';
import { startMailReceiver, startWebhookReceiver, type MailReceiver, type WebhookReceiver } from '../../dev/receivers';
import { startWorkerProcess, stopProcess, workerEnvFor, type EngineProcess } from '../../dev/processes';
import { createUnits, departmentAndCommune, planEscalatingToDepartment, taskDueAt } from '../support/fixtures';
import { eventually, httpClient } from '../support/http';

const TASK_QUEUE = 'plan-engine-digest-restart-test';
const DIRECTOR = 'giamdoc@vhttdl.example.vn';
const DAY_MS = 600_000;
/** When 07:30 of Tuesday 1 December 2026 falls on the compressed clock: set as the first worker starts. */
let digestAt: number;

let stack: Stack;
let mail: MailReceiver;
let hooks: WebhookReceiver;
let worker: EngineProcess | undefined;
let holding = true;

const isDigest = (body: string) => (JSON.parse(body) as { event: string }).event === 'notices.digest';
const digestMails = () => mail.messages.filter((message) => message.subject?.startsWith('[Tổng hợp thông báo]'));
const digestHooks = () => hooks.requests.filter((request) => isDigest(request.body));

const startWorker = () =>
  startWorkerProcess({
    ...workerEnvFor(stack),
    SMTP_URL: mail.url,
    WEBHOOK_URL: hooks.url,
    WEBHOOK_SECRET: 'kon-tum-document-system-secret',
    TEST_LADDER_WORKING_DAY_SECONDS: String(DAY_MS / 1000),
    TEST_OFFICE_CLOCK_ORIGIN: new Date(digestAt - (7.5 / 24) * DAY_MS).toISOString(),
    TEST_OFFICE_CLOCK_DATE: '2026-12-01',
  });

beforeAll(async () => {
  mail = await startMailReceiver();
  // The first digest's webhook is never answered: the worker is killed while it waits.
  hooks = await startWebhookReceiver({ hold: (body) => holding && isDigest(body) });
  stack = await startStack({ worker: 'none', taskQueue: TASK_QUEUE });
});

afterAll(async () => {
  await stopProcess(worker);
  await stack?.stop();
  await Promise.all([mail?.stop(), hooks?.stop()]);
});

it('sends a digest once when the worker dies in the middle of sending it', async () => {
  const admin = httpClient(stack.baseUrl, (await stack.signIn('admin')).token);
  await createUnits(admin, departmentAndCommune({ headEmail: DIRECTOR }));
  const director = await stack.signIn('department_head', 'SO-VHTTDL');
  expect((await admin.patch(`/accounts/${director.accountId}`, { email: DIRECTOR })).status).toBe(200);
  digestAt = Date.now() + 12_000;
  worker = await startWorker();
  const plan = await admin.post('/plans', planEscalatingToDepartment([taskDueAt('NV1', 'X-HAMON', Date.now() + 2_000)]));
  expect(plan.status).toBe(201);
  expect(Date.now()).toBeLessThan(digestAt - 5_000);

  // The mail has gone; the webhook hangs: the worker is killed mid-digest.
  await eventually(async () => (digestHooks().length === 1 ? true : undefined), 'the digest reaching the webhook', 40_000);
  expect(digestMails()).toHaveLength(1);
  await stopProcess(worker, 'SIGKILL');
  holding = false;

  worker = await startWorker();
  // The activity's attempt times out (20 s) and is tried again by the new worker.
  await eventually(async () => (digestHooks().length === 2 ? true : undefined), 'the digest retried after the restart', 60_000);
  // The receiver counts the retried request as it arrives; the worker records it sent once answered.
  const rows = await eventually(async () => {
    const found = await stack.db.notification.findMany({ where: { kind: 'digest' }, orderBy: { channel: 'asc' }, select: { channel: true, recipient: true, status: true, attempts: true } });
    return found.every((row) => row.status !== 'pending') ? found : undefined;
  }, 'the retried digest recorded', 10_000);
  expect(rows).toEqual([
    { channel: 'email', recipient: DIRECTOR, status: 'sent', attempts: 1 },
    { channel: 'webhook', recipient: 'webhook', status: 'sent', attempts: 1 },
  ]);
  // Give a duplicate every chance to appear, then count.
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  expect(digestMails()).toHaveLength(1);
  expect(digestMails()[0]!.subject).toBe('[Tổng hợp thông báo] 1 thông báo – ngày 01/12/2026');
  // The webhook's retry carries the same delivery id: the document system recognises it.
  const [held, retried] = digestHooks();
  expect(retried!.headers['x-plan-engine-delivery']).toBe(held!.headers['x-plan-engine-delivery']);
  expect(await stack.db.notification.count({ where: { kind: 'escalation', status: 'sent', recipient: DIRECTOR } })).toBe(1);
}, 120_000);
