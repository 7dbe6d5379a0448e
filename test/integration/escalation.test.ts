/**
 * Reminders and the escalation ladder on the real stack, a working day of the ladder lasting a
 * second (TEST_LADDER_WORKING_DAY_SECONDS): mail arrives at a real SMTP server, webhooks at a
 * real HTTP server, signed. The ladder's logic (holding, moving, resuming) is in test/workflows.
 */
import { createChannels, SIGNATURE_HEADER, TIMESTAMP_HEADER, webhookSignature } from '../../activities/channels';
import { createNoticeActivities } from '../../activities/notices';
import { officeDays } from '../../domain/escalation-policy';
import { assignmentWorkflowId } from '../../domain/workflow-ids';
import { startStack, type Stack } from '../../dev/stack';
import { assignmentWorkflowStarted, eventually, httpClient } from '../support/http';
import { startMailReceiver, startWebhookReceiver, type MailReceiver, type WebhookReceiver } from '../../dev/receivers';

const SECRET = 'kon-tum-document-system-secret';
let stack: Stack;
let http: ReturnType<typeof httpClient>;
let mail: MailReceiver;
let hooks: WebhookReceiver;
let late: string;

const units = [
  { code: 'UBND-KT', name: 'Ủy ban nhân dân tỉnh Kon Tum', kind: 'province', headName: 'Chủ tịch UBND tỉnh', headEmail: 'chutich@ubnd.example.vn' },
  { code: 'SO-VHTTDL', name: 'Sở Văn hóa, Thể thao và Du lịch', kind: 'department', parentCode: 'UBND-KT', headEmail: 'giamdoc@vhttdl.example.vn' },
  { code: 'X-HAMON', name: 'Ủy ban nhân dân xã Hà Mòn', kind: 'commune', email: 'hamon@xa.example.vn', headEmail: 'chutich@hamon.example.vn' },
  { code: 'X-DAKMAR', name: 'Ủy ban nhân dân xã Đắk Mar', kind: 'commune', email: 'dakmar@xa.example.vn', headEmail: 'chutich@dakmar.example.vn' },
];

const escalationsOf = (assignmentId: string) => stack.db.escalation.findMany({ where: { assignmentId }, orderBy: { level: 'asc' } });
const mailTo = (address: string) => mail.messages.filter((message) => JSON.stringify(message.to).includes(address));

beforeAll(async () => {
  [mail, hooks] = await Promise.all([startMailReceiver(), startWebhookReceiver()]);
  stack = await startStack({ env: { SMTP_URL: mail.url, WEBHOOK_URL: hooks.url, WEBHOOK_SECRET: SECRET, TEST_LADDER_WORKING_DAY_SECONDS: '1' } });
  http = httpClient(stack.baseUrl, (await stack.signIn('admin')).token);
  for (const unit of units) expect((await http.post('/units', unit)).status).toBe(201);

  const deadline = new Date(Date.now() + 6_000).toISOString();
  const workingDays = (n: number) => ({ workingDays: n });
  const plan = await http.post('/plans', {
    code: '925/KH-UBND',
    title: 'Kế hoạch triển khai công tác gia đình năm 2024',
    issuingBody: 'Ủy ban nhân dân tỉnh Kon Tum',
    issuingUnit: 'UBND-KT',
    assigningUnit: 'SO-VHTTDL',
    issuedOn: '2024-03-20',
    period: { from: '2024-01-01', to: '2030-12-31' },
    escalation: {
      default: {
        reminders: [workingDays(3)],
        levels: [
          { after: workingDays(1), notify: 'unit-head' },
          { after: workingDays(1), notify: 'assigner-head' },
          { after: workingDays(1), notify: 'plan-leaders' },
        ],
      },
    },
    tasks: [
      { code: 'NV3', title: 'Thành lập mô hình phòng, chống bạo lực gia đình', kind: 'generic', leadUnit: 'X-HAMON', deadline: { at: deadline } },
    ],
  });
  expect(plan.status).toBe(201);
  const detail = await http.get(`/plans/${plan.body.id}`);
  late = detail.body.tasks[0].assignments[0].id as string;
});

afterAll(async () => {
  await stack?.stop();
  await Promise.all([mail?.stop(), hooks?.stop()]);
});

describe('the escalation ladder', () => {
  it('reminds the unit before the deadline, by mail in Vietnamese with text and HTML', async () => {
    const [reminder] = await eventually(async () => (mailTo('hamon@xa.example.vn').length > 0 ? mailTo('hamon@xa.example.vn') : undefined), 'the reminder');
    expect(reminder!.subject).toMatch(/^\[Nhắc việc\] NV3 – hạn \d\d:\d\d ngày \d\d\/\d\d\/\d{4}$/);
    expect(reminder!.text).toContain('Kính gửi: Ủy ban nhân dân xã Hà Mòn,');
    expect(reminder!.html).toContain('Kế hoạch số 925/KH-UBND');
  });

  it('raises the three levels in order, each to its own recipient, each once', async () => {
    const escalations = await eventually(async () => {
      const rows = await escalationsOf(late);
      const delivered = rows.every((row) => (row.notified as unknown[]).length > 0);
      return rows.length === 3 && delivered ? rows : undefined;
    }, 'three escalation levels, each delivered', 30_000);
    expect(escalations.map((row) => [row.level, row.target])).toEqual([
      [1, 'unit-head'],
      [2, 'assigner-head'],
      [3, 'plan-leaders'],
    ]);
    expect(escalations[0]!.raisedAt.getTime()).toBeLessThan(escalations[1]!.raisedAt.getTime());
    expect(escalations[1]!.raisedAt.getTime()).toBeLessThan(escalations[2]!.raisedAt.getTime());
    expect(escalations.map((row) => row.notified)).toEqual([
      [{ channel: 'email', recipient: 'chutich@hamon.example.vn', status: 'sent' }, { channel: 'webhook', recipient: 'webhook', status: 'sent' }],
      [{ channel: 'email', recipient: 'giamdoc@vhttdl.example.vn', status: 'sent' }, { channel: 'webhook', recipient: 'webhook', status: 'sent' }],
      [{ channel: 'email', recipient: 'chutich@ubnd.example.vn', status: 'sent' }, { channel: 'webhook', recipient: 'webhook', status: 'sent' }],
    ]);
    for (const [address, level] of [['chutich@hamon.example.vn', 1], ['giamdoc@vhttdl.example.vn', 2], ['chutich@ubnd.example.vn', 3]] as const) {
      const received = mailTo(address);
      expect(received).toHaveLength(1);
      expect(received[0]!.subject).toBe(`[Quá hạn – cấp ${level}] NV3 – Ủy ban nhân dân xã Hà Mòn`);
    }
  });

  it('signs every webhook over its timestamp and body', async () => {
    const escalated = hooks.requests.filter((request) => JSON.parse(request.body).event === 'assignment.escalated' && JSON.parse(request.body).assignment.id === late);
    expect(escalated.map((request) => JSON.parse(request.body).level).sort()).toEqual([1, 2, 3]);
    for (const request of hooks.requests) {
      const timestamp = request.headers[TIMESTAMP_HEADER] as string;
      expect(request.headers[SIGNATURE_HEADER]).toBe(webhookSignature(SECRET, timestamp, request.body));
    }
  });

  it('lists open escalations for leaders, filtered by unit and level', async () => {
    const open = await http.get('/escalations?open=true&unit=X-HAMON');
    expect(open.body.items.map((item: { level: number }) => item.level)).toEqual([3, 2, 1]);
    expect(open.body.items[0]).toMatchObject({ open: true, unit: { code: 'X-HAMON' }, task: { code: 'NV3' }, plan: { code: '925/KH-UBND' } });
    const levelTwo = await http.get('/escalations?level=2');
    expect(levelTwo.body.items.map((item: { unit: { code: string }; level: number }) => [item.unit.code, item.level])).toEqual([['X-HAMON', 2]]);
    const bad = await http.get('/escalations?level=9');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('level');
  });

  it('resolves the open escalations when the work is approved', async () => {
    // The commune reports; the department (here the admin) approves: nobody approves their own report.
    const commune = httpClient(stack.baseUrl, (await stack.signIn('unit_officer', 'X-HAMON')).token);
    expect((await commune.post(`/assignments/${late}/submit`, { summary: 'Đã thành lập mô hình, có quyết định kèm theo.' })).status).toBe(200);
    const approved = await http.post(`/assignments/${late}/approve`, {});
    expect(approved.body).toMatchObject({ status: 'done', completedLate: true });
    const resolved = await http.get('/escalations?unit=X-HAMON&open=false');
    expect(resolved.body.items).toHaveLength(3);
    expect(resolved.body.items.every((item: { resolution: string; resolvedAt: string }) => item.resolution === 'assignment.approved' && item.resolvedAt)).toBe(true);
    expect((await http.get('/escalations?unit=X-HAMON&open=true')).body.items).toEqual([]);
  });

  it('sent every notice exactly once', async () => {
    const keys = await stack.db.notification.findMany({ select: { key: true, status: true, attempts: true } });
    expect(keys.every((row) => row.status === 'sent' && row.attempts === 1)).toBe(true);
    const messageIds = mail.messages.map((message) => message.messageId);
    expect(new Set(messageIds).size).toBe(messageIds.length);
  });
});

describe('an assignment completed while its ladder fires', () => {
  const summary = { summary: 'Đã hoàn thành, có biên bản kèm theo.' };

  /** A plan of one task for Đắk Mar falling due `inMs` from now, with one level `workingDays` (seconds here) after it. */
  async function assignmentFallingDue(code: string, inMs: number, workingDays: number): Promise<string> {
    const created = await http.post('/plans', {
      code,
      title: 'Kế hoạch kiểm tra công tác gia đình',
      issuingBody: 'Ủy ban nhân dân tỉnh Kon Tum',
      issuingUnit: 'UBND-KT',
      assigningUnit: 'SO-VHTTDL',
      issuedOn: '2024-03-20',
      period: { from: '2024-01-01', to: '2030-12-31' },
      escalation: { default: { reminders: [], levels: [{ after: { workingDays }, notify: 'unit-head' }] } },
      tasks: [{ code: 'NV1', title: 'Kiểm tra mô hình tại xã', kind: 'inspection', leadUnit: 'X-DAKMAR', deadline: { at: new Date(Date.now() + inMs).toISOString() } }],
    });
    expect(created.status).toBe(201);
    const assignmentId = (await http.get(`/plans/${created.body.id}`)).body.tasks[0].assignments[0].id as string;
    await assignmentWorkflowStarted(http, assignmentId);
    return assignmentId;
  }

  /** Sessions of this test's database waiting for a lock. */
  const waitingForLocks = async () =>
    (
      await stack.db.$queryRaw<{ waiting: number }[]>`
        SELECT count(*)::int AS waiting FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE NOT l.granted AND a.datname = current_database()`
    )[0]!.waiting;

  it('raises nothing and sends nothing for a level that runs after the work was completed', async () => {
    // Its level falls due long after the test.
    const assignmentId = await assignmentFallingDue('926/KH-UBND', 1_000, 250);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect((await http.post(`/assignments/${assignmentId}/complete`, summary)).status).toBe(200);
    const escalationHooks = () => hooks.requests.filter((request) => JSON.parse(request.body).event === 'assignment.escalated' && JSON.parse(request.body).assignment.id === assignmentId);
    const mailsToAssigner = mailTo('giamdoc@vhttdl.example.vn').length;
    // The incident: the ladder scheduled its next level just before the completion, and the level ran just after it.
    const channels = createChannels({ SMTP_URL: mail.url, MAIL_FROM: 'no-reply@plan-engine.local', WEBHOOK_URL: hooks.url, WEBHOOK_SECRET: SECRET });
    try {
      const notices = createNoticeActivities(stack.db, stack.deps.calendar, channels, 'http://127.0.0.1', officeDays(stack.deps.calendar));
      expect(await notices.raiseEscalation({ assignmentId, deadlineVersion: 1, level: 2, target: 'assigner-head' })).toEqual([]);
    } finally {
      channels.close?.();
    }
    expect(await escalationsOf(assignmentId)).toEqual([]);
    expect(await stack.db.auditEntry.count({ where: { action: 'escalation.raised', after: { path: ['assignmentId'], equals: assignmentId } } })).toBe(0);
    expect([mailTo('giamdoc@vhttdl.example.vn').length, escalationHooks()]).toEqual([mailsToAssigner, []]);
  });

  it('leaves no escalation open on finished work when the completion comes while a level is being raised', async () => {
    const assignmentId = await assignmentFallingDue('927/KH-UBND', 3_000, 1);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    // Another session holds the escalations table, so the level stops at its insert, past every check made before it.
    const holding = stack.db.$transaction(
      async (tx) => {
        await tx.$executeRaw`LOCK TABLE escalations IN SHARE MODE`;
        await released;
      },
      { timeout: 60_000 },
    );
    try {
      await eventually(async () => ((await waitingForLocks()) === 1 ? true : undefined), 'the level waiting at its insert', 30_000);
      let answered = false;
      const completion = http.post(`/assignments/${assignmentId}/complete`, summary).finally(() => (answered = true));
      // The completion is recorded at once, or waits behind the level being raised: either way, the race is set.
      await eventually(async () => (answered || (await waitingForLocks()) === 2 ? true : undefined), 'the completion recorded or waiting', 30_000);
      release();
      await holding;
      expect((await completion).status).toBe(200);
    } finally {
      release();
    }
    await stack.temporal.workflow.getHandle(assignmentWorkflowId(assignmentId)).result();
    const escalations = await escalationsOf(assignmentId);
    expect((await stack.db.assignment.findUniqueOrThrow({ where: { id: assignmentId } })).status).toBe('done');
    expect(escalations.filter((row) => row.resolvedAt === null)).toEqual([]);
  });
});
