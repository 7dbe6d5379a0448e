/**
 * Extensions (xin gia hạn) and reassignment on the real stack: an approved extension moves the
 * deadline and resolves open escalations; a rejected one changes nothing. That the running
 * timers follow a new deadline or unit is the workflow's logic, tested in test/workflows.
 */
import { startStack, type Stack } from '../../dev/stack';
import { assignmentWorkflowStarted, eventually, httpClient } from '../support/http';

let stack: Stack;
let http: ReturnType<typeof httpClient>;
/** Another admin decides the requests: nobody decides on their own request for more time. */
let reviewer: ReturnType<typeof httpClient>;
const ids: Record<string, string> = {};
let firstDeadline: number;

const escalationsOf = (assignmentId: string) => stack.db.escalation.findMany({ where: { assignmentId }, orderBy: { level: 'asc' } });
const inSeconds = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();

beforeAll(async () => {
  // A working day of the ladder lasts a second.
  stack = await startStack({ env: { TEST_LADDER_WORKING_DAY_SECONDS: '1' } });
  http = httpClient(stack.baseUrl, (await stack.signIn('admin')).token);
  reviewer = httpClient(stack.baseUrl, (await stack.signIn('admin')).token);
  for (const unit of [
    { code: 'SO-VHTTDL', name: 'Sở Văn hóa, Thể thao và Du lịch', kind: 'department' },
    { code: 'X-HAMON', name: 'Ủy ban nhân dân xã Hà Mòn', kind: 'commune' },
    { code: 'X-DAKMAR', name: 'Ủy ban nhân dân xã Đắk Mar', kind: 'commune' },
    { code: 'X-NGOKREO', name: 'Ủy ban nhân dân xã Ngok Réo', kind: 'commune' },
  ]) {
    await http.post('/units', unit);
  }
  firstDeadline = Date.now() + 60_000;
  const plan = await http.post('/plans', {
    code: '10/KH-BCĐ',
    title: 'Kế hoạch triển khai hoạt động của Ban Chỉ đạo công tác gia đình tỉnh năm 2021',
    issuingBody: 'Ban Chỉ đạo công tác gia đình tỉnh Kon Tum',
    issuedOn: '2021-01-19',
    period: { from: '2021-01-01', to: '2030-12-31' },
    // Level 1 a second after the deadline, level 2 long after the test.
    escalation: { default: { reminders: [], levels: [{ after: { workingDays: 1 }, notify: 'unit-head' }, { after: { workingDays: 200 }, notify: 'assigner-head' }] } },
    tasks: [
      { code: 'NV6', title: 'Tập huấn cán bộ chuyên trách gia đình', kind: 'training', leadUnit: 'X-HAMON', deadline: { at: new Date(firstDeadline).toISOString() } },
      { code: 'NV7', title: 'Kiểm tra, giám sát mô hình', kind: 'inspection', leadUnit: 'X-DAKMAR', deadline: { at: inSeconds(2) } },
      { code: 'NV8', title: 'Nhân rộng Bộ tiêu chí ứng xử trong gia đình', kind: 'generic', leadUnit: 'X-HAMON', deadline: '2030-12-15' },
      { code: 'NV9', title: 'Báo cáo tổng kết năm', kind: 'report', leadUnit: 'X-HAMON', coordinatingUnits: ['X-DAKMAR'], deadline: '2030-12-20' },
    ],
  });
  const detail = await http.get(`/plans/${plan.body.id}`);
  for (const task of detail.body.tasks) {
    for (const line of task.assignments) ids[line.role === 'lead' ? task.code : `${task.code}/${line.unit.code}`] = line.id;
  }
  for (const id of Object.values(ids)) {
    await assignmentWorkflowStarted(http, id);
  }
});

afterAll(async () => {
  await stack?.stop();
});

describe('extension requests', () => {
  let requestId: string;

  it('refuses a new deadline that is not later, naming the field', async () => {
    const answer = await http.post(`/assignments/${ids.NV6}/extension-requests`, { deadline: '2021-01-20', reason: 'Chờ kinh phí' });
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0]).toEqual({ path: 'deadline', message: expect.stringMatching(/^must be later than the current deadline \(\d\d\/\d\d\/\d{4}\)$/) });
  });

  it('records a request and allows only one waiting at a time', async () => {
    const answer = await http.post(`/assignments/${ids.NV6}/extension-requests`, {
      deadline: { at: inSeconds(3600) },
      reason: 'Chờ bố trí kinh phí tổ chức lớp tập huấn',
    });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ status: 'pending', reason: 'Chờ bố trí kinh phí tổ chức lớp tập huấn' });
    requestId = answer.body.id;
    const second = await http.post(`/assignments/${ids.NV6}/extension-requests`, { deadline: { calendarDays: 30 }, reason: 'Lần hai' });
    expect(second.status).toBe(409);
    expect(second.body.detail).toBe('an extension request is already waiting for an answer');
  });

  it('approves it: the deadline moves, without restarting the workflow', async () => {
    const { runId } = await stack.temporal.workflow.getHandle(`assignment-${ids.NV6}`).describe();
    const approved = await reviewer.post(`/assignments/${ids.NV6}/extension-requests/${requestId}/approve`, { note: 'Đồng ý gia hạn' });
    expect(approved.status).toBe(200);
    expect(Date.parse(approved.body.deadline)).toBeGreaterThan(firstDeadline + 3_000_000);
    expect(approved.body.extensions).toEqual([expect.objectContaining({ id: requestId, status: 'approved', decidedBy: 'admin', requestedBy: 'admin' })]);
    expect((await stack.temporal.workflow.getHandle(`assignment-${ids.NV6}`).describe()).runId).toBe(runId);
    const again = await reviewer.post(`/assignments/${ids.NV6}/extension-requests/${requestId}/approve`, {});
    expect(again.status).toBe(409);
  });

  it('resolves the open escalations of the old deadline when an extension is approved late', async () => {
    const [first] = await eventually(async () => {
      const rows = await escalationsOf(ids.NV7!);
      return rows.length === 1 ? rows : undefined;
    }, 'the first level', 20_000);
    expect(first!.resolvedAt).toBeNull();
    const request = await http.post(`/assignments/${ids.NV7}/extension-requests`, { deadline: { workingDays: 5 }, reason: 'Đoàn kiểm tra chưa đủ thành phần' });
    await reviewer.post(`/assignments/${ids.NV7}/extension-requests/${request.body.id}/approve`, {});
    const rows = await escalationsOf(ids.NV7!);
    expect(rows).toEqual([expect.objectContaining({ level: 1, deadlineVersion: 1, resolution: 'assignment.extended' })]);
    expect(rows[0]!.resolvedAt).toBeInstanceOf(Date);
    expect((await stack.db.assignment.findUniqueOrThrow({ where: { id: ids.NV7! } })).deadlineVersion).toBe(2);
  });

  it('rejects a request: the deadline stays, the answer is kept', async () => {
    const before = (await http.get(`/assignments/${ids.NV8}`)).body.deadline;
    const request = await http.post(`/assignments/${ids.NV8}/extension-requests`, { deadline: { calendarDays: 30 }, reason: 'Xin thêm thời gian' });
    const rejected = await reviewer.post(`/assignments/${ids.NV8}/extension-requests/${request.body.id}/reject`, { note: 'Đề nghị hoàn thành đúng hạn' });
    expect(rejected.body.deadline).toBe(before);
    expect(rejected.body.extensions[0]).toMatchObject({ status: 'rejected', decisionNote: 'Đề nghị hoàn thành đúng hạn' });
    expect(rejected.body.history.map((event: { type: string }) => event.type).filter((type: string) => type !== 'assignment.assigned')).toEqual(['extension.requested', 'extension.rejected']);
    expect((await http.post(`/assignments/${ids.NV8}/extension-requests/00000000-0000-4000-8000-000000000000/approve`, {})).status).toBe(404);
  });
});

describe('reassignment', () => {
  it('hands the work to another unit, whose inbox now holds it', async () => {
    const answer = await http.post(`/assignments/${ids.NV8}/reassign`, { unit: 'X-NGOKREO', reason: 'Điều chỉnh địa bàn thực hiện' });
    expect(answer.status).toBe(200);
    expect(answer.body.unit.code).toBe('X-NGOKREO');
    const inbox = await http.get('/units/X-NGOKREO/assignments');
    expect(inbox.body.items.map((item: { id: string }) => item.id)).toEqual([ids.NV8]);
    expect((await http.get('/units/X-HAMON/assignments')).body.items.map((item: { id: string }) => item.id)).not.toContain(ids.NV8);
  });

  it('lets only one of two assignments of a task reach the same unit at once, and writes nothing for the other', async () => {
    const answers = await Promise.all([
      http.post(`/assignments/${ids.NV9}/reassign`, { unit: 'X-NGOKREO', reason: 'Điều chỉnh' }),
      http.post(`/assignments/${ids['NV9/X-DAKMAR']}/reassign`, { unit: 'X-NGOKREO', reason: 'Điều chỉnh' }),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    const refused = answers.find((answer) => answer.status === 409)!;
    expect(refused.body.detail).toMatch(/already holds this task/);
    const units = await stack.db.assignment.findMany({ where: { task: { code: 'NV9' } }, select: { unit: { select: { code: true } } } });
    expect(units.map((row) => row.unit.code).sort()).toEqual(answers[0]!.status === 200 ? ['X-DAKMAR', 'X-NGOKREO'] : ['X-HAMON', 'X-NGOKREO']);
    expect(await stack.db.event.count({ where: { type: 'assignment.reassigned', assignment: { task: { code: 'NV9' } } } })).toBe(1);
  });

  it('refuses the unit that already has it, and an unknown unit', async () => {
    expect((await http.post(`/assignments/${ids.NV8}/reassign`, { unit: 'X-NGOKREO', reason: 'x' })).status).toBe(409);
    const unknown = await http.post(`/assignments/${ids.NV8}/reassign`, { unit: 'X-KHONGCO', reason: 'x' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([{ path: 'unit', message: 'unknown unit code X-KHONGCO' }]);
  });
});
