/**
 * A department's director names a deputy for a short period, on the real stack with a real SMTP
 * server and levels that fall due at the deadline: meanwhile the escalations meant for the
 * director reach the deputy, who approves a report as "KT. Giám đốc" in the history and the
 * audit trail; after the period the director receives them again.
 */
import { startStack, type Stack } from '../../dev/stack';
import { startMailReceiver, type MailReceiver } from '../../dev/receivers';
import { assignmentWorkflowStarted, eventually, httpClient } from '../support/http';
import { createUnits, departmentAndCommune, officeDayClock, plan925, planEscalatingToDepartment, taskDueAt } from '../support/fixtures';

const DIRECTOR = 'giamdoc@vhttdl.example.vn';
const DEPUTY = 'phogiamdoc@vhttdl.example.vn';
const PERIOD_MS = 16_000;

let stack: Stack;
let mail: MailReceiver;
let admin: ReturnType<typeof httpClient>;
let director: ReturnType<typeof httpClient>;
let deputy: ReturnType<typeof httpClient>;
let commune: ReturnType<typeof httpClient>;
let deputyId: string;
let periodEnds: number;
const assignments: Record<string, string> = {};

const mailTo = (address: string) => mail.messages.filter((message) => [message.to].flat().some((to) => to?.value.some((entry) => entry.address === address)));
const escalationsTo = (address: string) => mailTo(address).filter((message) => message.subject?.includes('[Quá hạn'));
const allAtOnce = { reminder: 'immediate', 'escalation-1': 'immediate', 'escalation-2': 'immediate', 'escalation-3': 'immediate', amendment: 'immediate' };

async function personAt(role: 'department_head' | 'unit_officer', unit: string, email: string) {
  const { token, accountId } = await stack.signIn(role, unit);
  expect((await admin.patch(`/accounts/${accountId}`, { email })).status).toBe(200);
  const client = httpClient(stack.baseUrl, token);
  expect((await client.patch('/me/notice-settings', { modes: allAtOnce })).status).toBe(200);
  return { client, accountId };
}

beforeAll(async () => {
  mail = await startMailReceiver();
  // The test runs within one working day.
  stack = await startStack({ env: { SMTP_URL: mail.url, ...officeDayClock() } });
  admin = httpClient(stack.baseUrl, (await stack.signIn('admin')).token);
  await createUnits(admin, [...departmentAndCommune({ headName: 'Giám đốc', headEmail: DIRECTOR }), { code: 'SO-YTE', name: 'Sở Y tế', kind: 'department', parentCode: 'UBND-KT' }]);
  director = (await personAt('department_head', 'SO-VHTTDL', DIRECTOR)).client;
  ({ client: deputy, accountId: deputyId } = await personAt('unit_officer', 'SO-VHTTDL', DEPUTY));
  commune = httpClient(stack.baseUrl, (await stack.signIn('unit_officer', 'X-HAMON')).token);

  const now = Date.now();
  periodEnds = now + PERIOD_MS;
  const named = await director.post('/delegations', { deputy: deputyId, kind: 'deputy', reason: 'Đi công tác Hà Nội', from: new Date(now).toISOString(), to: new Date(periodEnds).toISOString() });
  expect(named.status).toBe(201);
  expect(named.body).toMatchObject({ label: 'KT. Giám đốc', active: true, unit: { code: 'SO-VHTTDL' } });

  // NV1 falls due during the period, NV2 after it.
  const plan = await admin.post('/plans', planEscalatingToDepartment([taskDueAt('NV1', 'X-HAMON', now + 3_000), taskDueAt('NV2', 'X-HAMON', periodEnds + 2_000)]));
  expect(plan.status).toBe(201);
  const other = await admin.post('/plans', plan925({ code: '50/KH-SYT', issuingUnit: 'UBND-KT', assigningUnit: 'SO-YTE', tasks: [taskDueAt('YT1', 'X-HAMON', now + 600_000)] }));
  expect(other.status).toBe(201);
  for (const id of [plan.body.id, other.body.id]) {
    for (const line of (await admin.get(`/plans/${id}`)).body.tasks) assignments[line.code] = line.assignments[0].id;
  }
  await assignmentWorkflowStarted(admin, assignments.NV1!);
}, 60_000);

afterAll(async () => {
  await stack?.stop();
  await mail?.stop();
});

describe('a deputy named for a period', () => {
  it("receives the director's escalations instead of the director", async () => {
    const [escalation] = await eventually(async () => (escalationsTo(DEPUTY).length > 0 ? escalationsTo(DEPUTY) : undefined), "the deputy's escalation");
    expect(escalation!.subject).toBe('[KT. Giám đốc] [Quá hạn – cấp 1] NV1 – Ủy ban nhân dân xã Hà Mòn');
    expect(escalation!.text).toMatch(/^Đồng chí nhận thông báo này với tư cách KT\. Giám đốc\.\n/);
    expect(escalationsTo(DIRECTOR)).toHaveLength(0);
    expect((await deputy.get('/me/notices')).body.items.map((item: { task: { code: string } }) => item.task.code)).toEqual(['NV1']);
  });

  it("approves a report with the director's rights, recorded as KT. Giám đốc in the history and the audit trail", async () => {
    expect((await commune.post(`/assignments/${assignments.NV1}/submit`, { summary: 'Đã thực hiện xong, có báo cáo kèm theo.' })).status).toBe(200);
    // The deputy's review desk holds the director's work, and only that.
    const desk = await deputy.get('/assignments?reviewable=true');
    expect(desk.body.items.map((item: { id: string }) => item.id)).toEqual([assignments.NV1]);
    const approved = await deputy.post(`/assignments/${assignments.NV1}/approve`, { note: 'Đạt yêu cầu.' });
    expect(approved.status).toBe(200);
    expect(Date.now()).toBeLessThan(periodEnds);
    const history = await admin.get(`/assignments/${assignments.NV1}/history`);
    const approval = history.body.items.find((item: { type: string }) => item.type === 'assignment.approved');
    expect(JSON.stringify(approval)).toContain('KT. Giám đốc (unit_officer SO-VHTTDL)');
    const audit = await admin.get(`/audit?entity=assignment:${assignments.NV1}&action=assignment.approved`);
    expect(audit.body.items.map((entry: { actor: { name: string } }) => entry.actor.name)).toEqual(['KT. Giám đốc (unit_officer SO-VHTTDL)']);
  });

  it("never sees beyond the director's unit: another department's work is not found", async () => {
    expect((await deputy.get(`/assignments/${assignments.YT1}`)).status).toBe(404);
  });

  it('after the period, the director receives the escalations again and the deputy may no longer review', async () => {
    const [escalation] = await eventually(async () => (escalationsTo(DIRECTOR).length > 0 ? escalationsTo(DIRECTOR) : undefined), "the director's escalation", 40_000);
    expect(escalation!.subject).toBe('[Quá hạn – cấp 1] NV2 – Ủy ban nhân dân xã Hà Mòn');
    expect(escalationsTo(DEPUTY)).toHaveLength(1);
    expect((await commune.post(`/assignments/${assignments.NV2}/submit`, { summary: 'Đã thực hiện xong.' })).status).toBe(200);
    expect((await deputy.post(`/assignments/${assignments.NV2}/approve`, {})).status).toBe(404);
    expect((await deputy.get('/assignments?reviewable=true')).body.items).toEqual([]);
    expect((await director.get('/delegations')).body.items[0]).toMatchObject({ active: false });
  });
});

describe('naming and ending a delegation', () => {
  it('refuses one overlapping another, and ends one early; only its head, its deputy or an admin may end it', async () => {
    const later = periodEnds + 60_000;
    const overlapping = await director.post('/delegations', { deputy: deputyId, kind: 'acting', reason: 'Nghỉ phép', from: new Date(periodEnds - 1_000).toISOString(), to: new Date(later).toISOString() });
    expect(overlapping.status).toBe(409);
    const named = await director.post('/delegations', { deputy: deputyId, kind: 'acting', title: 'Giám đốc Sở', reason: 'Nghỉ phép', from: new Date(periodEnds).toISOString(), to: new Date(later).toISOString() });
    expect(named.body).toMatchObject({ label: 'Q. Giám đốc Sở' });
    const stranger = httpClient(stack.baseUrl, (await stack.signIn('department_head', 'SO-YTE')).token);
    expect((await stranger.post(`/delegations/${named.body.id}/end`, {})).status).toBe(404);
    const ended = await director.post(`/delegations/${named.body.id}/end`, { reason: 'Đã về cơ quan sớm' });
    expect(ended.status).toBe(200);
    expect(ended.body).toMatchObject({ active: false });
    expect((await director.post(`/delegations/${named.body.id}/end`, {})).status).toBe(409);
  });

  it('hands on nothing from a new post: a head moved to another department gives its deputy no right there', async () => {
    const head = await stack.signIn('department_head', 'SO-VHTTDL');
    const stayingDeputy = await stack.signIn('unit_officer', 'SO-VHTTDL');
    const period = { from: new Date().toISOString(), to: new Date(Date.now() + 600_000).toISOString() };
    const named = await httpClient(stack.baseUrl, head.token).post('/delegations', { deputy: stayingDeputy.accountId, kind: 'deputy', reason: 'Đi công tác', ...period });
    expect(named.status).toBe(201);
    const asDeputy = httpClient(stack.baseUrl, stayingDeputy.token);
    // The health department's work: the head's new post, never the delegation's unit.
    expect((await asDeputy.get(`/assignments/${assignments.YT1}`)).status).toBe(404);
    expect((await admin.patch(`/accounts/${head.accountId}`, { unit: 'SO-YTE' })).status).toBe(200);
    expect((await asDeputy.get(`/assignments/${assignments.YT1}`)).status).toBe(404);
    expect((await asDeputy.post(`/assignments/${assignments.YT1}/cancel`, { reason: 'Thử quyền' })).status).toBe(404);
  });

  it('refuses a deputy from another unit, and a head naming a deputy for another head, saying why in Vietnamese', async () => {
    const outsider = await stack.signIn('unit_officer', 'SO-YTE');
    const period = { from: new Date().toISOString(), to: new Date(Date.now() + 60_000).toISOString() };
    const refused = await director.post('/delegations', { deputy: outsider.accountId, kind: 'deputy', reason: 'Đi công tác', ...period });
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0]).toMatchObject({ path: 'deputy', vi: 'phải là tài khoản khác đang hoạt động của cùng đơn vị' });
    const forAnother = await director.post('/delegations', { head: outsider.accountId, deputy: deputyId, kind: 'deputy', reason: 'Đi công tác', ...period });
    expect(forAnother.status).toBe(403);
  });
});
