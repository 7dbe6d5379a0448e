/**
 * Daily digests and quiet days on the real stack and a real SMTP server, with the office clock
 * compressed (TEST_LADDER_WORKING_DAY_SECONDS, TEST_OFFICE_CLOCK_ORIGIN/DATE): each calendar day
 * lasts ten seconds, starting on Friday 4 December 2026 a few seconds after the stack starts.
 *
 * Friday      [T, T+10 s)    three escalations reach the department's director (digest by default)
 * Saturday    [T+10, T+20)   three levels reach Đắk Mar's head, who asked for every notice at once:
 *                             level 3 goes out at once, levels 1 and 2 wait for the working morning
 * Monday      [T+30, T+40)   07:30 (T+33.125 s): Đắk Mar's head gets one digest of levels 2 and 1;
 *                             09:00 (T+33.75 s), the director's chosen time: one digest of three
 */
import { startStack, type Stack } from '../../dev/stack';
import { startMailReceiver, startWebhookReceiver, type MailReceiver, type WebhookReceiver } from '../../dev/receivers';
import { eventually, httpClient } from '../support/http';
import { createUnits, ladderAtDeadline, plan925 } from '../support/fixtures';

const DAY_MS = 10_000;
const origin = Date.now() + 15_000;
/** The real instant of `hours` into the compressed day `day` (0: Friday 4 December). */
const officeInstant = (day: number, hours: number) => origin + day * DAY_MS + (hours / 24) * DAY_MS;
const MONDAY = 3;

let stack: Stack;
let mail: MailReceiver;
let hooks: WebhookReceiver;
let admin: ReturnType<typeof httpClient>;
let director: ReturnType<typeof httpClient>;
let dakmarHead: ReturnType<typeof httpClient>;

const DIRECTOR = 'giamdoc@vhttdl.example.vn';
const DAKMAR_HEAD = 'chutich@dakmar.example.vn';
const mailTo = (address: string) => mail.messages.filter((message) => JSON.stringify(message.to).includes(address));
const sleepUntil = (instant: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, instant - Date.now())));

/** Signs in a new account of `role` at `unit` whose address is `email`. */
async function personAt(role: 'department_head' | 'unit_head', unit: string, email: string) {
  const { token, accountId } = await stack.signIn(role, unit);
  expect((await admin.patch(`/accounts/${accountId}`, { email })).status).toBe(200);
  return httpClient(stack.baseUrl, token);
}

beforeAll(async () => {
  [mail, hooks] = await Promise.all([startMailReceiver(), startWebhookReceiver()]);
  stack = await startStack({
    env: {
      SMTP_URL: mail.url,
      WEBHOOK_URL: hooks.url,
      WEBHOOK_SECRET: 'kon-tum-document-system-secret',
      TEST_LADDER_WORKING_DAY_SECONDS: String(DAY_MS / 1000),
      TEST_OFFICE_CLOCK_ORIGIN: new Date(origin).toISOString(),
      TEST_OFFICE_CLOCK_DATE: '2026-12-04',
    },
  });
  admin = httpClient(stack.baseUrl, (await stack.signIn('admin')).token);
  await createUnits(admin, [
    { code: 'UBND-KT', name: 'Ủy ban nhân dân tỉnh Kon Tum', kind: 'province', headEmail: 'chutich@ubnd.example.vn' },
    { code: 'SO-VHTTDL', name: 'Sở Văn hóa, Thể thao và Du lịch', kind: 'department', parentCode: 'UBND-KT', headEmail: DIRECTOR },
    { code: 'X-HAMON', name: 'Ủy ban nhân dân xã Hà Mòn', kind: 'commune', parentCode: 'UBND-KT', email: 'hamon@xa.example.vn' },
    { code: 'X-DAKMAR', name: 'Ủy ban nhân dân xã Đắk Mar', kind: 'commune', parentCode: 'UBND-KT', email: 'dakmar@xa.example.vn', headEmail: DAKMAR_HEAD },
  ]);
  director = await personAt('department_head', 'SO-VHTTDL', DIRECTOR);
  dakmarHead = await personAt('unit_head', 'X-DAKMAR', DAKMAR_HEAD);

  const settings = await director.patch('/me/notice-settings', { digestTime: '09:00' });
  expect(settings.status).toBe(200);
  expect(settings.body).toMatchObject({ digestTime: '09:00', modes: { reminder: 'digest', 'escalation-1': 'digest', 'escalation-3': 'immediate' }, urgentOnDaysOff: true });
  const allAtOnce = { reminder: 'immediate', 'escalation-1': 'immediate', 'escalation-2': 'immediate', 'escalation-3': 'immediate', amendment: 'immediate' };
  expect((await dakmarHead.patch('/me/notice-settings', { modes: allAtOnce })).body.modes).toEqual(allAtOnce);

  const friday = await admin.post(
    '/plans',
    plan925({
      issuingUnit: 'UBND-KT',
      assigningUnit: 'SO-VHTTDL',
      escalation: ladderAtDeadline('assigner-head'),
      tasks: [9.6, 12, 14.4].map((hours, index) => ({
        code: `NV${index + 1}`,
        title: `Nhiệm vụ ${index + 1} về công tác gia đình`,
        kind: 'generic',
        leadUnit: 'X-HAMON',
        deadline: { at: new Date(officeInstant(0, hours)).toISOString() },
      })),
    }),
  );
  expect(friday.status).toBe(201);
  const saturday = await admin.post(
    '/plans',
    plan925({
      code: '10/KH-BCĐ',
      title: 'Kế hoạch tuyên truyền phòng, chống bạo lực gia đình',
      issuingUnit: 'UBND-KT',
      assigningUnit: 'SO-VHTTDL',
      escalation: ladderAtDeadline('unit-head', 'unit-head', 'unit-head'),
      tasks: [{ code: 'TT1', title: 'Tuyên truyền trên loa truyền thanh', kind: 'generic', leadUnit: 'X-DAKMAR', deadline: { at: new Date(officeInstant(1, 7)).toISOString() } }],
    }),
  );
  expect(saturday.status).toBe(201);
  // Everything above must be in place before Friday's first deadline.
  expect(Date.now()).toBeLessThan(officeInstant(0, 9.6));
}, 60_000);

afterAll(async () => {
  await stack?.stop();
  await Promise.all([mail?.stop(), hooks?.stop()]);
});

describe('quiet days', () => {
  it('sends level 3 at once on a Saturday, and holds levels 1 and 2 for Monday morning', async () => {
    const [urgent] = await eventually(async () => (mailTo(DAKMAR_HEAD).length > 0 ? mailTo(DAKMAR_HEAD) : undefined), 'the level-3 mail', 40_000);
    expect(urgent!.subject).toBe('[Quá hạn – cấp 3] TT1 – Ủy ban nhân dân xã Đắk Mar');
    expect(Date.now()).toBeLessThan(officeInstant(2, 0));
    const waiting = await stack.db.notification.findMany({ where: { recipient: DAKMAR_HEAD, status: 'queued' }, orderBy: { level: 'asc' } });
    expect(waiting.map((row) => [row.level, row.deliverAfter?.getTime()])).toEqual([
      [1, officeInstant(MONDAY, 7.5)],
      [2, officeInstant(MONDAY, 7.5)],
    ]);
  });

  it('sends what waited as one digest on Monday at 07:30, the higher level first', async () => {
    const digests = await eventually(async () => {
      const received = mailTo(DAKMAR_HEAD).filter((message) => message.subject?.startsWith('[Tổng hợp thông báo]'));
      return received.length > 0 ? received : undefined;
    }, 'the Monday digest', 40_000);
    expect(Date.now()).toBeGreaterThanOrEqual(officeInstant(MONDAY, 7.5));
    expect(digests[0]!.subject).toBe('[Tổng hợp thông báo] 2 thông báo – ngày 07/12/2026');
    const text = digests[0]!.text!;
    expect(text.indexOf('[Quá hạn – cấp 2] TT1')).toBeLessThan(text.indexOf('[Quá hạn – cấp 1] TT1'));
    expect(text).toContain('Kế hoạch số 10/KH-BCĐ');
  });
});

describe('a day of escalations for one head', () => {
  it('arrives as one digest at the time the head chose, after the weekend, with links grouped by plan', async () => {
    const digest = await eventually(async () => {
      const received = mailTo(DIRECTOR);
      return received.length > 0 ? received : undefined;
    }, "the director's digest", 50_000);
    expect(Date.now()).toBeGreaterThanOrEqual(officeInstant(MONDAY, 9));
    // Another round after it must not send again.
    await sleepUntil(Date.now() + 2_500);
    expect(mailTo(DIRECTOR)).toHaveLength(1);
    expect(digest[0]!.subject).toBe('[Tổng hợp thông báo] 3 thông báo – ngày 07/12/2026');
    const rows = await stack.db.notification.findMany({ where: { recipient: DIRECTOR, kind: 'escalation' } });
    expect(rows).toHaveLength(3);
    expect(rows.every((row) => row.status === 'sent' && row.deliverAfter?.getTime() === officeInstant(MONDAY, 9) && row.sentAt!.getTime() >= officeInstant(MONDAY, 9))).toBe(true);
    const links = digest[0]!.text!.match(/http:\/\/127\.0\.0\.1:3000\/#\/assignments\/[0-9a-f-]{36}/g);
    expect(new Set(links)).toEqual(new Set(rows.map((row) => `http://127.0.0.1:3000/#/assignments/${row.assignmentId}`)));
    expect(digest[0]!.text).toContain('Kế hoạch số 925/KH-UBND');
    for (const code of ['NV1', 'NV2', 'NV3']) expect(digest[0]!.text).toContain(`[Quá hạn – cấp 1] ${code}`);
    const hooked = hooks.requests.map((request) => JSON.parse(request.body)).filter((body) => body.event === 'notices.digest' && body.recipient === DIRECTOR);
    expect(hooked).toHaveLength(1);
    expect(hooked[0].plans[0].notices.map((notice: { task: { code: string } }) => notice.task.code).sort()).toEqual(['NV1', 'NV2', 'NV3']);
  });
});

describe('the notification centre', () => {
  it('lists the account\'s notices newest first, a page at a time, and counts the unread', async () => {
    const first = await director.get('/me/notices?limit=2');
    expect(first.status).toBe(200);
    expect(first.body.unread).toBe(3);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.items[0].id).toBeGreaterThan(first.body.items[1].id);
    const second = await director.get(`/me/notices?limit=2&before=${first.body.next}`);
    expect(second.body).toMatchObject({ next: null });
    expect([...first.body.items, ...second.body.items].map((item: { task: { code: string } }) => item.task.code).sort()).toEqual(['NV1', 'NV2', 'NV3']);
    // Another account sees none of them.
    expect((await dakmarHead.get('/me/notices')).body.items.every((item: { plan: { code: string } }) => item.plan.code === '10/KH-BCĐ')).toBe(true);
  });

  it('marks one read, then all; another account\'s notice is not found', async () => {
    const [newest] = (await director.get('/me/notices')).body.items;
    expect((await director.post(`/me/notices/${newest.id}/read`, {})).status).toBe(204);
    expect((await director.get('/me/notices')).body.unread).toBe(2);
    expect((await director.get('/me/notices?unread=true')).body.items).toHaveLength(2);
    const other = (await dakmarHead.get('/me/notices')).body.items[0];
    const refused = await director.post(`/me/notices/${other.id}/read`, {});
    expect(refused.status).toBe(404);
    expect((await director.post('/me/notices/read', {})).body).toEqual({ marked: 2 });
    expect((await director.get('/me/notices')).body.unread).toBe(0);
  });

  it('refuses settings it cannot keep, naming the field, and changes nothing', async () => {
    const refused = await director.patch('/me/notice-settings', { digestTime: '7h30', modes: { weekly: 'digest' } });
    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((error: { path: string }) => error.path).sort()).toEqual(['digestTime', 'modes.weekly']);
    expect((await director.get('/me/notice-settings')).body.digestTime).toBe('09:00');
  });
});
