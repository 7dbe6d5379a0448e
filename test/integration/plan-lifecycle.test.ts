/**
 * A plan from definition to done, through the HTTP API, on a real Temporal dev server and a
 * real PostgreSQL database.
 */
import { randomUUID } from 'node:crypto';
import { assignmentStateQuery, planPaging } from '../../workflows/definitions';
import { planWorkflowId } from '../../domain/workflow-ids';
import { localDate } from '../../domain/calendar';
import { vietnamCalendar } from '../../domain/vietnam-calendar';
import { readMigrations } from '../../db/migrate';
import { startStack, type Stack } from '../../dev/stack';
import { assignmentWorkflowStarted, eventually, httpClient } from '../support/http';

let stack: Stack;
let http: ReturnType<typeof httpClient>;

const units = [
  { code: 'UBND-KT', name: 'Ủy ban nhân dân tỉnh Kon Tum', kind: 'province' },
  { code: 'SO-VHTTDL', name: 'Sở Văn hóa, Thể thao và Du lịch', kind: 'department', parentCode: 'UBND-KT' },
  { code: 'HLHPN', name: 'Hội Liên hiệp Phụ nữ tỉnh', kind: 'mass_organisation', parentCode: 'UBND-KT' },
  { code: 'H-DAKHA', name: 'Ủy ban nhân dân huyện Đắk Hà', kind: 'district', parentCode: 'UBND-KT' },
];

const planDefinition = {
  code: '925/KH-UBND',
  title: 'Kế hoạch triển khai công tác gia đình năm 2024',
  issuingBody: 'Ủy ban nhân dân tỉnh Kon Tum',
  issuedOn: '2024-03-20',
  period: { from: '2024-01-01', to: '2030-12-31' },
  targets: [{ code: 'CT3', title: '65% các xã, phường, thị trấn thành lập mô hình phòng, chống bạo lực gia đình', measure: 'percent', value: 65 }],
  tasks: [
    {
      code: 'NV1',
      title: 'Tập huấn công tác quản lý nhà nước về gia đình',
      kind: 'training',
      leadUnit: 'SO-VHTTDL',
      coordinatingUnits: ['HLHPN', 'H-DAKHA'],
      deadline: '2030-08-31',
    },
    { code: 'NV2', title: 'Kỷ niệm Ngày Gia đình Việt Nam 28/6', kind: 'commemoration', leadUnit: 'HLHPN', deadline: '2024-06-28' },
  ],
};

interface AssignmentLine {
  id: string;
  status: string;
  overdue: boolean;
  role: string;
  unit: { code: string };
}

let planId: string;
let assignmentsByKey: Map<string, AssignmentLine>;
const assignment = (task: string, unit: string): AssignmentLine => assignmentsByKey.get(`${task}/${unit}`)!;

/** Events of one assignment: others may be escalating in the background meanwhile. */
const eventCount = (assignmentId: string) => stack.db.event.count({ where: { assignmentId, type: { not: 'assignment.assigned' } } });
const planCount = () => stack.db.plan.count();

beforeAll(async () => {
  stack = await startStack();
  http = httpClient(stack.baseUrl, (await stack.signIn('admin')).token);
  for (const unit of units) expect((await http.post('/units', unit)).status).toBe(201);
});

afterAll(async () => {
  await stack?.stop();
});

describe('a plan from definition to done', () => {
  it('creates the plan, answering 201 with its id, and starts its workflow', async () => {
    const created = await http.post('/plans', planDefinition);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ code: '925/KH-UBND', assignments: 4 });
    planId = created.body.id;
    expect(created.headers.get('location')).toBe(`/plans/${planId}`);
    const description = await stack.temporal.workflow.getHandle(planWorkflowId(planId)).describe();
    expect(description.type).toBe('planWorkflow');
  });

  it('shows the plan with its targets, tasks and one assignment per unit', async () => {
    const plan = await http.get(`/plans/${planId}`);
    expect(plan.status).toBe(200);
    expect(plan.body.targets).toEqual([expect.objectContaining({ code: 'CT3', measure: 'percent', value: 65 })]);
    expect(plan.body.tasks.map((task: { code: string }) => task.code)).toEqual(['NV1', 'NV2']);
    assignmentsByKey = new Map(
      plan.body.tasks.flatMap((task: { code: string; assignments: AssignmentLine[] }) =>
        task.assignments.map((line) => [`${task.code}/${line.unit.code}`, line] as const),
      ),
    );
    expect([...assignmentsByKey.keys()].sort()).toEqual(['NV1/H-DAKHA', 'NV1/HLHPN', 'NV1/SO-VHTTDL', 'NV2/HLHPN']);
    expect(assignment('NV1', 'SO-VHTTDL')).toMatchObject({ role: 'lead', status: 'assigned', overdue: false });
    expect(assignment('NV1', 'HLHPN')).toMatchObject({ role: 'coordinate', status: 'assigned' });
    // 28/06/2024 has long passed: the assignment is open and flagged overdue.
    expect(assignment('NV2', 'HLHPN')).toMatchObject({ role: 'lead', status: 'assigned', overdue: true });
    expect(plan.body.progress).toEqual({ total: 4, open: 3, overdue: 1, submitted: 0, done: 0, doneLate: 0, cancelled: 0 });

    const list = await http.get('/plans');
    expect(list.body.items.map((item: { id: string }) => item.id)).toEqual([planId]);
  });

  it("lists a unit's inbox by id or by code, open work with the least time left first", async () => {
    const inbox = await http.get('/units/HLHPN/assignments');
    expect(inbox.status).toBe(200);
    expect(inbox.body.items.map((line: { task: { code: string } }) => line.task.code)).toEqual(['NV2', 'NV1']);
    const byId = await http.get(`/units/${inbox.body.unit.id}/assignments`);
    expect(byId.body.items).toEqual(inbox.body.items);
    expect((await http.get('/units/KHONG-CO/assignments')).status).toBe(404);
  });

  it('completes an assignment through a workflow update and reads it back from the API and the workflow', async () => {
    const lead = assignment('NV1', 'SO-VHTTDL');
    await assignmentWorkflowStarted(http, lead.id);
    const completed = await http.post(`/assignments/${lead.id}/complete`, {
      summary: 'Đã tổ chức 02 lớp tập huấn cho 120 cán bộ.',
    });
    expect(completed.status).toBe(200);
    expect(completed.body).toMatchObject({ id: lead.id, status: 'done', completedLate: false, workingDaysLate: 0, summary: 'Đã tổ chức 02 lớp tập huấn cho 120 cán bộ.' });
    // The plan records "assigned" for its page just after starting the workflows: it may or may not be in yet.
    expect(completed.body.history.filter((event: { type: string }) => event.type !== 'assignment.assigned')).toEqual([
      expect.objectContaining({ type: 'assignment.completed', data: { summary: 'Đã tổ chức 02 lớp tập huấn cho 120 cán bộ.', by: 'admin' } }),
    ]);
    const history = await eventually(async () => {
      const detail = await http.get(`/assignments/${lead.id}`);
      return detail.body.history.length === 2 ? detail.body.history : undefined;
    }, 'the assigned event');
    expect(history.map((event: { type: string }) => event.type)).toEqual(['assignment.assigned', 'assignment.completed']);

    expect((await http.get(`/assignments/${lead.id}`)).body.status).toBe('done');
    const live = await stack.temporal.workflow.getHandle(completed.body.workflowId).query(assignmentStateQuery);
    expect(live).toMatchObject({ assignmentId: lead.id, status: 'done', completedLate: false });
    expect(live.completedAt).toBe(completed.body.completedAt);

    // The plan list, read above, is shared for a few seconds; a change made through this API shows at once.
    const listed = (await http.get('/plans')).body.items.find((item: { id: string }) => item.id === planId);
    expect(listed.progress).toMatchObject({ done: 1 });
  });

  it('records a late completion as late', async () => {
    const late = assignment('NV2', 'HLHPN');
    await assignmentWorkflowStarted(http, late.id);
    const completed = await http.post(`/assignments/${late.id}/complete`, { summary: 'Đã tổ chức mít tinh kỷ niệm.' });
    expect(completed.body).toMatchObject({ status: 'done', completedLate: true, overdue: false });
    // Late by the working days from the deadline's day (28/06/2024) to the day it was done.
    const expectedDaysLate = vietnamCalendar().workingDaysAfter('2024-06-28', localDate(new Date(completed.body.completedAt)));
    expect(expectedDaysLate).toBeGreaterThan(500);
    expect(completed.body.workingDaysLate).toBe(expectedDaysLate);
  });

  it('answers 409 to a second completion and writes nothing', async () => {
    const lead = assignment('NV1', 'SO-VHTTDL');
    const before = await eventCount(lead.id);
    const again = await http.post(`/assignments/${lead.id}/complete`, { summary: 'Lần hai' });
    expect(again.status).toBe(409);
    expect(again.contentType).toContain('application/problem+json');
    expect(again.body).toMatchObject({
      type: '/problems/conflict',
      status: 409,
      detail: 'cannot complete an assignment that is already done',
      currentStatus: 'done',
    });
    expect(await eventCount(lead.id)).toBe(before);
    expect((await http.get(`/assignments/${lead.id}`)).body.summary).toBe('Đã tổ chức 02 lớp tập huấn cho 120 cán bộ.');
  });

  it('answers 404 for an unknown assignment and 400 for a malformed id, naming the field', async () => {
    const unknown = await http.post('/assignments/00000000-0000-4000-8000-000000000000/complete', { summary: 'x' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.type).toBe('/problems/not-found');
    const malformed = await http.post('/assignments/not-a-uuid/complete', { summary: 'x' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors).toEqual([{ path: 'id', message: 'must be a UUID', vi: 'Sai định dạng' }]);
  });

  it('answers 400 for an invalid completion body, naming the field and the reason, and writes nothing', async () => {
    const target = assignment('NV1', 'HLHPN');
    const before = await eventCount(target.id);
    // Each reason in English for integrators and in Vietnamese for the pages.
    const cases: [unknown, { path: string; message: string; vi: string }][] = [
      [{}, { path: 'summary', message: 'Invalid input: expected string, received undefined', vi: 'Chưa nhập' }],
      [{ summary: '   ' }, { path: 'summary', message: 'must not be empty', vi: 'Không được để trống' }],
      [{ summary: 12 }, { path: 'summary', message: 'Invalid input: expected string, received number', vi: 'Giá trị không đúng kiểu' }],
      [{ summary: 'ok', approvedBy: 'me' }, { path: 'approvedBy', message: 'is not a field of this request', vi: 'Không phải là trường của yêu cầu này' }],
    ];
    for (const [body, expected] of cases) {
      const answer = await http.post(`/assignments/${target.id}/complete`, body);
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ type: '/problems/validation', status: 400 });
      expect(answer.body.errors).toEqual([expected]);
    }
    const broken = await http.postRaw(`/assignments/${target.id}/complete`, '{"summary": ');
    expect(broken.status).toBe(400);
    expect(broken.body.type).toBe('/problems/malformed-json');
    expect(await eventCount(target.id)).toBe(before);
    expect((await http.get(`/assignments/${target.id}`)).body.status).toBe('assigned');
  });

  it('lets exactly one of two concurrent completions through', async () => {
    const target = assignment('NV1', 'HLHPN');
    await assignmentWorkflowStarted(http, target.id);
    const answers = await Promise.all([
      http.post(`/assignments/${target.id}/complete`, { summary: 'Báo cáo A' }),
      http.post(`/assignments/${target.id}/complete`, { summary: 'Báo cáo B' }),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    const winner = answers.find((answer) => answer.status === 200)!;
    const events = await stack.db.event.findMany({ where: { assignmentId: target.id, type: { not: 'assignment.assigned' } } });
    expect(events).toHaveLength(1);
    expect((events[0]!.data as { summary: string }).summary).toBe(winner.body.summary);
  });

  it('cancels an assignment, after which completing it answers 409', async () => {
    const target = assignment('NV1', 'H-DAKHA');
    await assignmentWorkflowStarted(http, target.id);
    const cancelled = await http.post(`/assignments/${target.id}/cancel`, { reason: 'Điều chỉnh phân công' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    const before = await eventCount(target.id);
    const complete = await http.post(`/assignments/${target.id}/complete`, { summary: 'Đã làm' });
    expect(complete.status).toBe(409);
    expect(complete.body.detail).toBe('cannot complete an assignment that is cancelled');
    expect(await eventCount(target.id)).toBe(before);
  });

  it('closes the plan once every assignment is done or cancelled', async () => {
    const outcome = await stack.temporal.workflow.getHandle(planWorkflowId(planId)).result();
    expect(outcome).toEqual({ planId, done: 3, cancelled: 1 });
    const plan = await eventually(async () => {
      const answer = await http.get(`/plans/${planId}`);
      return answer.body.status === 'completed' ? answer.body : undefined;
    }, 'the plan to be recorded as completed');
    expect(plan.progress).toEqual({ total: 4, open: 0, overdue: 0, submitted: 0, done: 3, doneLate: 1, cancelled: 1 });
  });
});

describe('creating plans: bad input is refused and nothing is written', () => {
  it('answers 400 naming every field and reason', async () => {
    const before = await planCount();
    const answer = await http.post('/plans', { ...planDefinition, code: '2024', tasks: [{ ...planDefinition.tasks[0], deadline: '31/08/2024' }] });
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([
      { path: 'code', message: 'must be the number, a slash and the symbol: number/TYPE-ISSUER, as in 925/KH-UBND', vi: 'Số, ký hiệu phải có dạng số/LOẠI-CƠQUAN, ví dụ 925/KH-UBND' },
      { path: 'tasks.0.deadline', message: 'must be a date written YYYY-MM-DD', vi: 'Ngày không hợp lệ (năm-tháng-ngày)' },
    ]);
    expect(await planCount()).toBe(before);
  });

  it('names an unknown field by its own path, at any depth of a body and in a query', async () => {
    const before = await planCount();
    const answer = await http.post('/plans', { ...planDefinition, code: '927/KH-UBND', tasks: [{ ...planDefinition.tasks[0], owner: 'HLHPN' }] });
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([{ path: 'tasks.0.owner', message: 'is not a field of this request', vi: 'Không phải là trường của yêu cầu này' }]);
    expect(await planCount()).toBe(before);
    const query = await http.get('/assignments?reviewabel=true');
    expect(query.status).toBe(400);
    expect(query.body.errors).toEqual([{ path: 'reviewabel', message: 'is not a field of this request', vi: 'Không phải là trường của yêu cầu này' }]);
  });

  it('answers 400 for units that do not exist', async () => {
    const before = await planCount();
    const answer = await http.post('/plans', {
      ...planDefinition,
      code: '926/KH-UBND',
      tasks: [{ ...planDefinition.tasks[0], leadUnit: 'SO-KHONGCO', coordinatingUnits: ['HLHPN', 'XA-KHONGCO'] }],
    });
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([
      { path: 'tasks.0.leadUnit', message: 'unknown unit code SO-KHONGCO', vi: 'Không có đơn vị mã SO-KHONGCO' },
      { path: 'tasks.0.coordinatingUnits.1', message: 'unknown unit code XA-KHONGCO', vi: 'Không có đơn vị mã XA-KHONGCO' },
    ]);
    expect(await planCount()).toBe(before);
  });

  it('answers 409 for a plan already recorded, naming it', async () => {
    const answer = await http.post('/plans', planDefinition);
    expect(answer.status).toBe(409);
    expect(answer.body).toMatchObject({ existingPlanId: planId, detail: 'plan 925/KH-UBND issued on 2024-03-20 already exists' });
    expect(await planCount()).toBe(1);
  });

  it('runs nothing for a plan whose rows were never committed: its workflow ends at once and records nothing', async () => {
    // What a request leaves that started the plan's workflow and then failed or died before its commit.
    const neverSaved = randomUUID();
    const handle = await stack.temporal.workflow.start('planWorkflow', { workflowId: planWorkflowId(neverSaved), taskQueue: stack.deps.taskQueue, args: [{ planId: neverSaved, paging: planPaging }] });
    await eventually(async () => ((await handle.describe()).status.name === 'RUNNING' ? undefined : true), 'the workflow to end', 20_000);
    expect(await handle.result()).toEqual({ planId: neverSaved, done: 0, cancelled: 0 });
    expect(await stack.db.event.count({ where: { planId: neverSaved } })).toBe(0);
  });

  it('takes deadlines in working or calendar days after the issue date, falling due at the end of the office day', async () => {
    const created = await http.post('/plans', {
      ...planDefinition,
      code: '15/KH-UBND',
      issuedOn: '2024-02-07',
      tasks: [
        { code: 'NV1', title: 'Báo cáo nhanh sau Tết', kind: 'report', leadUnit: 'SO-VHTTDL', deadline: { workingDays: 2 } },
        { code: 'NV2', title: 'Tuyên truyền dịp Tết', kind: 'campaign', leadUnit: 'HLHPN', deadline: { calendarDays: 10 } },
      ],
    });
    expect(created.status).toBe(201);
    const plan = await http.get(`/plans/${created.body.id}`);
    // Two working days after Wednesday 7/2/2024 skip Tết (8–14/2): Thursday 15 and Friday 16 February.
    expect(plan.body.tasks.map((task: { deadline: string }) => task.deadline)).toEqual(['2024-02-16T10:00:00.000Z', '2024-02-17T10:00:00.000Z']);
    const refused = await http.post('/plans', { ...planDefinition, code: '16/KH-UBND', tasks: [{ ...planDefinition.tasks[0], deadline: { workingDays: -1 } }] });
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].path).toMatch(/^tasks\.0\.deadline/);
  });

  it('takes a plan definition written in YAML, and points at the line or the field when it is wrong', async () => {
    const yaml = [
      'code: 10/KH-BCĐ',
      'title: Kế hoạch triển khai hoạt động của Ban Chỉ đạo công tác gia đình tỉnh năm 2021',
      'issuingBody: Ban Chỉ đạo công tác gia đình tỉnh Kon Tum',
      'issuedOn: "2021-01-19"',
      'period: { from: "2021-01-01", to: "2021-12-31" }',
      'tasks:',
      '  - code: NV4',
      '    title: Kỷ niệm Ngày Gia đình Việt Nam (28/6)',
      '    kind: commemoration',
      '    leadUnit: SO-VHTTDL',
      '    coordinatingUnits: [HLHPN]',
      '    repeat: { every: year, on: "06-28" }',
    ].join('\n');
    const created = await http.postRaw('/plans', yaml, 'application/yaml');
    expect(created.status).toBe(201);
    const plan = await http.get(`/plans/${created.body.id}`);
    expect(plan.body.tasks.map((task: { code: string; title: string }) => [task.code, task.title])).toEqual([['NV4.2021', 'Kỷ niệm Ngày Gia đình Việt Nam (28/6) (năm 2021)']]);

    const broken = await http.postRaw('/plans', 'code: 11/KH-BCĐ\ntasks: [unclosed', 'application/yaml');
    expect(broken.status).toBe(400);
    expect(broken.body.errors[0].path).toMatch(/^\(yaml line 2, column \d+\)$/);
    const wrongKind = await http.postRaw('/plans', yaml.replace('10/KH', '12/KH').replace('kind: commemoration', 'kind: festival'), 'application/yaml');
    expect(wrongKind.status).toBe(400);
    expect(wrongKind.body.errors[0].path).toBe('tasks.0.kind');
    expect((await http.postRaw('/plans', '<plan/>', 'application/xml')).status).toBe(415);
  });

  it('answers 413 for an oversized body and 404 problem documents for unknown routes', async () => {
    const huge = await http.post('/plans', { ...planDefinition, title: 'x'.repeat(2 * 1024 * 1024) });
    expect(huge.status).toBe(413);
    expect(huge.body.type).toBe('/problems/payload-too-large');
    const nowhere = await http.get('/khong-co');
    expect(nowhere.status).toBe(404);
    expect(nowhere.contentType).toContain('application/problem+json');
  });
});

describe('health, readiness and metrics', () => {
  it('reports the API, the database and Temporal', async () => {
    const health = await httpClient(stack.baseUrl).get('/healthz');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', api: { ok: true }, database: { ok: true }, temporal: { ok: true } });
  });

  it('is ready only while every migration of this build is applied', async () => {
    const shipped = readMigrations().map((migration) => migration.name);
    const ready = await httpClient(stack.baseUrl).get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body.migrations).toMatchObject({ ok: true, expected: shipped.length, applied: shipped.length, missing: [] });

    const last = shipped.at(-1)!;
    const [row] = await stack.db.$queryRawUnsafe<Record<string, unknown>[]>(`SELECT * FROM "_prisma_migrations" WHERE migration_name = $1`, last);
    await stack.db.$executeRawUnsafe(`DELETE FROM "_prisma_migrations" WHERE migration_name = $1`, last);
    try {
      const behind = await httpClient(stack.baseUrl).get('/readyz');
      expect(behind.status).toBe(503);
      expect(behind.body).toMatchObject({ status: 'degraded', migrations: { ok: false, missing: [last] } });
      expect((await httpClient(stack.baseUrl).get('/healthz')).status).toBe(200);
    } finally {
      await stack.db.$executeRawUnsafe(
        `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, $4, $5, $6)`,
        row!.id, row!.checksum, row!.finished_at, row!.migration_name, row!.started_at, row!.applied_steps_count,
      );
    }
    expect((await httpClient(stack.baseUrl).get('/readyz')).status).toBe(200);
  });

  it('serves Prometheus metrics: HTTP traffic by route, and assignments, escalations and notices from the database', async () => {
    const response = await fetch(`${stack.baseUrl}/metrics`, { headers: { authorization: `Bearer ${(await stack.signIn('admin')).token}` } });
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    const value = (series: string) => Number(new RegExp(`^${series.replace(/[{}"/:]/g, (c) => `\\${c}`)} (\\d+)`, 'm').exec(text)?.[1]);
    const counts = await stack.db.assignment.groupBy({ by: ['status'], _count: { _all: true } });
    for (const row of counts) expect(value(`plan_engine_assignments{status="${row.status}"}`)).toBe(row._count._all);
    expect(value('plan_engine_http_requests_total{method="POST",route="/assignments/:id/complete",status="200"}')).toBeGreaterThanOrEqual(1);
    expect(text).not.toMatch(/route="\/assignments\/[0-9a-f]{8}-/);
    expect(text).toContain('# TYPE plan_engine_open_escalations gauge');
    expect(text).toContain('plan_engine_api_process_resident_memory_bytes');
  });
});
