/**
 * Amending a running plan on the real stack (Temporal, PostgreSQL, a real SMTP receiver and
 * webhook receiver): each amendment's effect on the units' work, in PostgreSQL and in the
 * units' inboxes, the notices it sends (once per unit), its history and audit trail; closing
 * a plan with open work, cancelling one, copying one into the next period's draft.
 */
import { localDate } from '../../domain/calendar';
import { startStack, type Stack } from '../../dev/stack';
import { startMailReceiver, startWebhookReceiver, type MailReceiver, type WebhookReceiver } from '../../dev/receivers';
import { assignmentWorkflowStarted, eventually, httpClient } from '../support/http';

let stack: Stack;
let admin: ReturnType<typeof httpClient>;
let head: ReturnType<typeof httpClient>;
let officer: ReturnType<typeof httpClient>;
let mail: MailReceiver;
let hooks: WebhookReceiver;

/** Next year: every deadline of the plans lies ahead whenever the test runs. */
const year = new Date().getFullYear() + 1;
const today = localDate(new Date());
const document = `Công văn số 1234/UBND-KGVX ngày ${today.split('-').reverse().join('/')} của UBND tỉnh Kon Tum`;

const units = [
  { code: 'UBND-KT', name: 'Ủy ban nhân dân tỉnh Kon Tum', kind: 'province' },
  { code: 'SO-VHTTDL', name: 'Sở Văn hóa, Thể thao và Du lịch', kind: 'department', parentCode: 'UBND-KT', headEmail: 'giamdoc@vhttdl.example.vn' },
  { code: 'H-DAKHA', name: 'Ủy ban nhân dân huyện Đắk Hà', kind: 'district', parentCode: 'UBND-KT', email: 'dakha@huyen.example.vn' },
  { code: 'X-HAMON', name: 'Ủy ban nhân dân xã Hà Mòn', kind: 'commune', parentCode: 'H-DAKHA', email: 'hamon@xa.example.vn' },
  { code: 'X-DAKMAR', name: 'Ủy ban nhân dân xã Đắk Mar', kind: 'commune', parentCode: 'H-DAKHA', email: 'dakmar@xa.example.vn' },
];

const planOf = (code: string, overrides: Record<string, unknown> = {}) => ({
  code,
  title: `Kế hoạch thực hiện công tác gia đình năm ${year} theo Nghị định 76/2023`,
  issuingBody: 'Ủy ban nhân dân tỉnh Kon Tum',
  issuingUnit: 'UBND-KT',
  assigningUnit: 'SO-VHTTDL',
  issuedOn: today,
  period: { from: `${year}-01-01`, to: `${year}-12-31` },
  targets: [{ code: 'CT1', title: '90% hộ gia đình được tuyên truyền', measure: 'percent', value: 90, base: 'households', source: { figure: 'householdsReached' } }],
  tasks: [
    { code: 'NV1', title: 'Tập huấn cán bộ làm công tác gia đình', kind: 'training', leadUnit: 'H-DAKHA', coordinatingUnits: ['X-HAMON'], deadline: `${year}-06-30` },
    { code: 'NV2', title: 'Tuyên truyền Ngày Gia đình Việt Nam 28/6', kind: 'campaign', fanOut: { kind: 'commune' }, deadline: `${year}-06-28` },
    { code: 'NV3', title: 'Báo cáo kết quả thực hiện', kind: 'report', leadUnit: 'H-DAKHA', repeat: { every: 'quarter', daysBeforeEnd: 5 } },
  ],
  ...overrides,
});

let planId: string;
const amend = (body: Record<string, unknown>, headers?: Record<string, string>) => head.post(`/plans/${planId}/amendments`, { reason: 'Điều chỉnh theo chỉ đạo của UBND tỉnh.', document, ...body }, headers);
const taskRows = (code: string) => stack.db.task.findMany({ where: { planId, code: { startsWith: code } }, include: { assignments: { include: { unit: true } } }, orderBy: { code: 'asc' } });
const mailTo = (address: string) => mail.messages.filter((message) => JSON.stringify(message.to).includes(address));
const inboxOf = async (unit: string) => (await admin.get(`/units/${unit}/assignments?limit=200`)).body.items as { id: string; status: string; deadline: string; task: { code: string } }[];

async function issued(plan: Record<string, unknown>): Promise<string> {
  const answer = await admin.post('/plans', plan);
  expect(answer.status).toBe(201);
  const detail = await admin.get(`/plans/${answer.body.id}`);
  for (const task of detail.body.tasks) for (const line of task.assignments) await assignmentWorkflowStarted(admin, line.id);
  return answer.body.id;
}

beforeAll(async () => {
  [mail, hooks] = await Promise.all([startMailReceiver(), startWebhookReceiver()]);
  stack = await startStack({ env: { SMTP_URL: mail.url, WEBHOOK_URL: hooks.url, WEBHOOK_SECRET: 'webhook-secret-of-the-province' } });
  admin = httpClient(stack.baseUrl, (await stack.signIn('admin')).token);
  for (const unit of units) expect((await admin.post('/units', unit)).status).toBe(201);
  head = httpClient(stack.baseUrl, (await stack.signIn('department_head', 'SO-VHTTDL')).token);
  officer = httpClient(stack.baseUrl, (await stack.signIn('unit_officer', 'X-HAMON')).token);
  planId = await issued(planOf('925/KH-UBND'));
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await Promise.all([mail?.stop(), hooks?.stop()]);
});

describe('amending a running plan', () => {
  it('moves a task deadline for all its units: rows, timers, history, one notice per unit; a retry under the same key is the same amendment', async () => {
    const key = { 'idempotency-key': 'move-nv1-deadline' };
    const answer = await amend({ kind: 'moveDeadline', task: 'NV1', deadline: `${year}-07-31` }, key);
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ kind: 'moveDeadline', status: 'applied', document, affected: { units: 2, assignments: 2 }, outcome: { applied: 2, skipped: 0 } });
    expect(answer.body.summary).toBe(`Điều chỉnh thời hạn nhiệm vụ NV1: từ 30/06/${year} thành 31/07/${year}`);

    const [task] = await taskRows('NV1');
    expect(localDate(task!.deadline)).toBe(`${year}-07-31`);
    // A new deadline in force (version 2 after the first, 1): the ladder starts over from it.
    expect(task!.assignments.map((line) => [line.unit.code, localDate(line.deadline), line.deadlineVersion]).sort()).toEqual([
      ['H-DAKHA', `${year}-07-31`, 2],
      ['X-HAMON', `${year}-07-31`, 2],
    ]);
    const history = (await admin.get(`/assignments/${task!.assignments[0]!.id}/history`)).body.items as { type: string }[];
    expect(history.map((entry) => entry.type)).toContain('assignment.deadline_moved');
    // The workflow follows the new deadline: it answers its state, and the ladder loads the new schedule.
    expect((await admin.get(`/assignments/${task!.assignments[0]!.id}/live`)).status).toBe(200);

    const notices = await eventually(async () => (mailTo('dakha@huyen.example.vn').length > 0 && mailTo('hamon@xa.example.vn').length > 0 ? true : undefined), 'the amendment notices');
    expect(notices).toBe(true);
    const [toDistrict] = mailTo('dakha@huyen.example.vn');
    expect(toDistrict!.subject).toBe(`[Điều chỉnh kế hoạch] 925/KH-UBND – ${answer.body.summary}`);
    expect(toDistrict!.text).toContain(`theo ${document}`);
    expect(toDistrict!.text).toContain(`ngày 31/07/${year}`);
    const hook = await eventually(async () => hooks.requests.map((request) => JSON.parse(request.body) as { event?: string }).find((body) => body.event === 'plan.amended'), 'the amendment webhook');
    expect(hook).toMatchObject({ event: 'plan.amended', amendment: { kind: 'moveDeadline', document }, plan: { code: '925/KH-UBND' } });

    const again = await amend({ kind: 'moveDeadline', task: 'NV1', deadline: `${year}-07-31` }, key);
    expect(again.body.id).toBe(answer.body.id);
    expect(await stack.db.planAmendment.count({ where: { planId } })).toBe(1);
    expect(mailTo('dakha@huyen.example.vn')).toHaveLength(1);
    const audit = await stack.db.auditEntry.findMany({ where: { entityId: answer.body.id }, orderBy: { id: 'asc' } });
    expect(audit.map((entry) => entry.action)).toEqual(['plan.amended', 'plan.amendment_applied']);
  });

  it('cancels a task fanned out to every commune: each commune\'s work is cancelled with the reason, each commune told once', async () => {
    const answer = await amend({ kind: 'cancelTask', task: 'NV2', reason: 'Lồng ghép vào hoạt động Tháng hành động quốc gia về phòng, chống bạo lực gia đình.' });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ kind: 'cancelTask', status: 'applied', affected: { units: 2 }, outcome: { applied: 2, skipped: 0 } });
    const [task] = await taskRows('NV2');
    expect(task!.assignments.map((line) => line.status)).toEqual(['cancelled', 'cancelled']);
    const inbox = await inboxOf('X-DAKMAR');
    expect(inbox.find((line) => line.task.code === 'NV2')!.status).toBe('cancelled');
    await eventually(async () => (mailTo('dakmar@xa.example.vn').some((message) => message.subject?.includes('Hủy nhiệm vụ NV2')) ? true : undefined), 'the cancellation notice');
    expect(mailTo('dakmar@xa.example.vn').filter((message) => message.subject?.includes('Hủy nhiệm vụ NV2'))).toHaveLength(1);
    const plan = await stack.db.plan.findUniqueOrThrow({ where: { id: planId } });
    expect((plan.definition as { tasks: { code: string }[] }).tasks.map((task) => task.code)).toEqual(['NV1', 'NV3']);
  });

  it('adds a task fanned out to every commune, due in working days from the amendment: the plan starts its work, the inboxes list it', async () => {
    const answer = await amend({
      kind: 'addTask',
      task: { code: 'NV4', title: 'Rà soát, cập nhật số liệu hộ gia đình', kind: 'generic', fanOut: { kind: 'commune' }, deadline: { workingDays: 10 } },
    });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ kind: 'addTask', status: 'applied', change: { tasks: ['NV4'] }, affected: { units: 2, assignments: 2 } });
    const [task] = await taskRows('NV4');
    expect(task!.assignments).toHaveLength(2);
    expect(localDate(task!.deadline)).toBe(stack.deps.calendar.addWorkingDays(today, 10));
    for (const line of task!.assignments) await assignmentWorkflowStarted(admin, line.id);
    expect((await inboxOf('X-HAMON')).some((line) => line.task.code === 'NV4' && line.status === 'assigned')).toBe(true);
    // The unit can act on it at once.
    const started = await officer.post(`/assignments/${task!.assignments.find((line) => line.unit.code === 'X-HAMON')!.id}/start`, {});
    expect(started.status).toBe(200);
  });

  it('adds and removes a coordinating unit', async () => {
    const added = await amend({ kind: 'addCoordinatingUnit', task: 'NV1', unit: 'X-DAKMAR' });
    expect(added.status).toBe(201);
    expect(added.body.summary).toBe('Bổ sung Ủy ban nhân dân xã Đắk Mar phối hợp thực hiện nhiệm vụ NV1');
    const removed = await amend({ kind: 'removeCoordinatingUnit', task: 'NV1', unit: 'X-HAMON' });
    expect(removed.status).toBe(201);
    const [task] = await taskRows('NV1');
    const byUnit = Object.fromEntries(task!.assignments.map((line) => [line.unit.code, [line.role, line.status, localDate(line.deadline)]]));
    expect(byUnit).toEqual({ 'H-DAKHA': ['lead', 'assigned', `${year}-07-31`], 'X-DAKMAR': ['coordinate', 'assigned', `${year}-07-31`], 'X-HAMON': ['coordinate', 'cancelled', `${year}-07-31`] });
    const again = await amend({ kind: 'addCoordinatingUnit', task: 'NV1', unit: 'X-DAKMAR' });
    expect(again.status).toBe(409);
    // The pages show officials the reason in Vietnamese.
    expect(again.body.detailVi).toBe('Ủy ban nhân dân xã Đắk Mar đã tham gia nhiệm vụ NV1.');
  });

  it('changes a target: attainment is judged against the new value, the history keeps the old one', async () => {
    const answer = await amend({ kind: 'changeTarget', target: 'CT1', value: 95 });
    expect(answer.status).toBe(201);
    expect(answer.body.change).toMatchObject({ target: 'CT1', before: { value: 90, measure: 'percent' }, after: { value: 95, measure: 'percent' } });
    expect(answer.body.summary).toBe('Điều chỉnh chỉ tiêu CT1: từ 90% thành 95%');
    const targets = await admin.get(`/plans/${planId}/targets`);
    expect(targets.body.targets.find((target: { code: string }) => target.code === 'CT1').value).toBe(95);
    expect((await admin.get(`/plans/${planId}`)).body.targets[0].value).toBe(95);
  });

  it('cancels every occurrence of a repeating task by its code, and refuses to move the deadline of all of them at once', async () => {
    const moved = await amend({ kind: 'moveDeadline', task: 'NV3', deadline: `${year}-12-01` });
    expect(moved.status).toBe(400);
    expect(moved.body.errors[0].path).toBe('task');
    const cancelled = await amend({ kind: 'cancelTask', task: 'NV3' });
    expect(cancelled.status).toBe(201);
    expect(cancelled.body.change.tasks).toEqual([`NV3.${year}-Q1`, `NV3.${year}-Q2`, `NV3.${year}-Q3`, `NV3.${year}-Q4`]);
    const rows = await taskRows('NV3');
    expect(rows.flatMap((row) => row.assignments.map((line) => line.status))).toEqual(['cancelled', 'cancelled', 'cancelled', 'cancelled']);
  });

  it('refuses bad amendments with the field and the reason, writing nothing', async () => {
    const before = await stack.db.planAmendment.count();
    const cases: [Record<string, unknown>, number, string][] = [
      [{ kind: 'moveDeadline', task: 'NV1', deadline: '2020-01-01' }, 400, 'deadline'],
      [{ kind: 'moveDeadline', task: 'NV9', deadline: `${year}-09-01` }, 400, 'task'],
      [{ kind: 'addTask', task: { code: 'NV5', title: 'Kiểm tra', kind: 'inspection', leadUnit: 'X-KHONGCO', deadline: `${year}-10-01` } }, 400, 'task.leadUnit'],
      [{ kind: 'addTask', task: { code: 'NV1', title: 'Trùng mã', kind: 'generic', leadUnit: 'H-DAKHA', deadline: `${year}-10-01` } }, 400, 'task.code'],
      [{ kind: 'changeTarget', target: 'CT1', value: 120 }, 400, 'value'],
      [{ kind: 'changeTarget', target: 'CT1' }, 400, 'value'],
      [{ kind: 'removeCoordinatingUnit', task: 'NV1', unit: 'UBND-KT' }, 400, 'unit'],
      [{ kind: 'renameTask', task: 'NV1' }, 400, 'kind'],
      // A code is matched as written: `%` and `_` are not wildcards that reach other tasks' occurrences.
      [{ kind: 'cancelTask', task: '%' }, 400, 'task'],
      [{ kind: 'moveDeadline', task: 'NV_', deadline: `${year}-09-01` }, 400, 'task'],
    ];
    for (const [body, status, path] of cases) {
      const answer = await amend(body);
      expect({ body, status: answer.status, paths: answer.body.errors?.map((error: { path: string }) => error.path) }).toEqual({ body, status, paths: expect.arrayContaining([path]) });
    }
    const past = await amend({ kind: 'moveDeadline', task: 'NV1', deadline: '2020-01-01' });
    expect(past.body.errors).toEqual([{ path: 'deadline', message: 'must lie in the future', vi: 'Thời hạn mới phải sau thời điểm hiện tại' }]);
    const missingBasis = await head.post(`/plans/${planId}/amendments`, { kind: 'cancelTask', task: 'NV1' });
    expect(missingBasis.body.errors.map((error: { vi: string }) => error.vi)).toEqual(['Chưa nhập', 'Chưa nhập']);
    expect(missingBasis.status).toBe(400);
    expect(missingBasis.body.errors.map((error: { path: string }) => error.path).sort()).toEqual(['document', 'reason']);
    expect((await officer.post(`/plans/${planId}/amendments`, { kind: 'cancelTask', task: 'NV1', reason: 'x', document })).status).toBe(403);
    expect(await stack.db.planAmendment.count()).toBe(before);
  });

  it('never applies an amendment over another made meanwhile: the plan\'s definition keeps every task that has rows', async () => {
    const added = (code: string) => amend({ kind: 'addTask', task: { code, title: `Kiểm tra ${code}`, kind: 'inspection', leadUnit: 'H-DAKHA', deadline: `${year}-10-01` } });
    const answers = (await Promise.all(['KT1', 'KT2', 'KT3', 'KT4'].map(added))).map((answer) => answer.status);
    // Each was applied, or refused as prepared against a plan changed meanwhile (409), to be sent again.
    expect(answers.every((status) => status === 201 || status === 409)).toBe(true);
    expect(answers).toContain(201);
    const plan = await stack.db.plan.findUniqueOrThrow({ where: { id: planId } });
    const defined = (plan.definition as { tasks: { code: string }[] }).tasks.map((task) => task.code);
    const rows = await stack.db.task.findMany({ where: { planId, code: { in: ['KT1', 'KT2', 'KT3', 'KT4'] } }, select: { code: true } });
    expect(rows.map((row) => row.code).sort()).toEqual(defined.filter((code) => code.startsWith('KT')).sort());
    expect(rows).toHaveLength(answers.filter((status) => status === 201).length);
  });

  it('lists the plan\'s amendments, the latest first, to everyone who reads plans', async () => {
    const list = await officer.get(`/plans/${planId}/amendments`);
    expect(list.status).toBe(200);
    const kinds = list.body.items.map((item: { kind: string }) => item.kind);
    expect(kinds.slice(-7)).toEqual(['cancelTask', 'changeTarget', 'removeCoordinatingUnit', 'addCoordinatingUnit', 'addTask', 'cancelTask', 'moveDeadline']);
    // Before them, the inspections the test above added at once.
    expect(kinds.slice(0, -7).every((kind: string) => kind === 'addTask')).toBe(true);
  });

  it('copies the plan into the next year\'s draft: targets and tasks as amended, dates and the years of the title moved', async () => {
    const answer = await head.post(`/plans/${planId}/copy`, {});
    expect(answer.status).toBe(201);
    const content = answer.body.content;
    expect(content.code).toBeUndefined();
    expect(content.title).toBe(`Kế hoạch thực hiện công tác gia đình năm ${year + 1} theo Nghị định 76/2023`);
    expect(content.period).toEqual({ from: `${year + 1}-01-01`, to: `${year + 1}-12-31` });
    expect(content.targets[0]).toMatchObject({ code: 'CT1', value: 95 });
    expect(content.tasks.map((task: { code: string }) => task.code).filter((code: string) => !code.startsWith('KT'))).toEqual(['NV1', 'NV4']);
    expect(content.tasks[0]).toMatchObject({ coordinatingUnits: ['X-DAKMAR'] });
    expect(content.tasks[0].deadline.at.slice(0, 10)).toBe(`${year + 1}-07-31`);
    expect(content.tasks[1].deadline).toEqual({ workingDays: 10 });
    expect(answer.body.ownerUnit.code).toBe('SO-VHTTDL');
    expect((await head.get(`/plan-drafts/${answer.body.id}/preview`)).status).toBe(200);
  });
});

describe('the end of a plan', () => {
  it('refuses to close a plan with open work, listing it; closes it carrying the open work into the next period\'s draft', async () => {
    const id = await issued(planOf('926/KH-UBND', { tasks: [{ code: 'NV1', title: 'Tập huấn', kind: 'training', fanOut: { kind: 'commune' }, deadline: `${year}-05-30` }] }));
    const refused = await head.post(`/plans/${id}/close`, { reason: 'Hết kỳ kế hoạch.' });
    expect(refused.status).toBe(409);
    expect(refused.body.openWork).toBe(2);
    expect(refused.body.items.map((item: { unit: { code: string } }) => item.unit.code).sort()).toEqual(['X-DAKMAR', 'X-HAMON']);
    expect(await stack.db.planAmendment.count({ where: { planId: id } })).toBe(0);

    const closed = await head.post(`/plans/${id}/close`, { reason: 'Hết kỳ kế hoạch.', openWork: 'carryOver' });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ kind: 'closePlan', status: 'applied', outcome: { applied: 2, skipped: 0 } });
    const draft = await head.get(`/plan-drafts/${closed.body.carriedInto.draftId}`);
    expect(draft.body.content.tasks.map((task: { code: string }) => task.code)).toEqual(['NV1']);
    expect(draft.body.content.note).toContain('Ủy ban nhân dân xã Hà Mòn');
    const plan = await eventually(async () => {
      const row = await stack.db.plan.findUniqueOrThrow({ where: { id } });
      return row.status === 'active' ? undefined : row;
    }, 'the plan to close');
    // Nothing was done: every assignment was cancelled.
    expect(plan.status).toBe('cancelled');
    expect((await head.post(`/plans/${id}/close`, { reason: 'Lần nữa.' })).status).toBe(409);
  });

  it('cancels a whole plan: every open assignment cancelled, the units told, the plan stays cancelled', async () => {
    const id = await issued(planOf('927/KH-UBND'));
    const answer = await head.post(`/plans/${id}/cancel`, { reason: 'Thay thế bằng Kế hoạch số 1020/KH-UBND.', document: 'Quyết định số 456/QĐ-UBND' });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ kind: 'cancelPlan', status: 'applied', summary: 'Hủy kế hoạch', outcome: { skipped: 0 } });
    const statuses = await stack.db.assignment.findMany({ where: { task: { planId: id } }, select: { status: true } });
    expect(new Set(statuses.map((row) => row.status))).toEqual(new Set(['cancelled']));
    expect(answer.body.outcome.applied).toBe(statuses.length);
    await eventually(async () => ((await stack.db.event.count({ where: { planId: id, type: 'plan.cancelled' } })) === 1 ? true : undefined), 'the plan workflow to close');
    expect((await admin.get(`/plans/${id}`)).body.status).toBe('cancelled');
    expect((await head.post(`/plans/${id}/amendments`, { kind: 'cancelTask', task: 'NV1', reason: 'x', document })).status).toBe(409);
  });
});
