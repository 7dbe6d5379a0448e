/**
 * The review cycle through the API on the real stack: a unit starts, submits its report with
 * figures and evidence, the department returns it with a reason, the unit resubmits, the
 * department approves; lateness is judged by when the approved work was submitted. The unit's
 * officer and the department head each act with their own account.
 */
import { startStack, type Stack } from '../../dev/stack';
import { assignmentWorkflowStarted, httpClient } from '../support/http';

let stack: Stack;
let http: ReturnType<typeof httpClient>;
let unit: ReturnType<typeof httpClient>;
let reviewer: ReturnType<typeof httpClient>;
let onTime: string;
let overdue: string;

beforeAll(async () => {
  stack = await startStack();
  http = httpClient(stack.baseUrl, (await stack.signIn('admin')).token);
  await http.post('/units', { code: 'SO-VHTTDL', name: 'Sở Văn hóa, Thể thao và Du lịch', kind: 'department' });
  await http.post('/units', { code: 'H-DAKHA', name: 'Ủy ban nhân dân huyện Đắk Hà', kind: 'district' });
  unit = httpClient(stack.baseUrl, (await stack.signIn('unit_officer', 'H-DAKHA')).token);
  reviewer = httpClient(stack.baseUrl, (await stack.signIn('department_head', 'SO-VHTTDL')).token);
  const plan = await http.post('/plans', {
    code: '10/KH-BCĐ',
    assigningUnit: 'SO-VHTTDL',
    title: 'Kế hoạch triển khai hoạt động của Ban Chỉ đạo công tác gia đình tỉnh năm 2021',
    issuingBody: 'Ban Chỉ đạo công tác gia đình tỉnh Kon Tum',
    issuedOn: '2021-01-19',
    period: { from: '2021-01-01', to: '2030-12-31' },
    tasks: [
      { code: 'NV6', title: 'Tập huấn nâng cao năng lực cán bộ chuyên trách gia đình', kind: 'training', leadUnit: 'H-DAKHA', deadline: '2030-09-30' },
      { code: 'NV4', title: 'Kỷ niệm Ngày Gia đình Việt Nam (28/6)', kind: 'commemoration', leadUnit: 'H-DAKHA', deadline: '2021-06-28' },
    ],
  });
  const detail = await http.get(`/plans/${plan.body.id}`);
  onTime = detail.body.tasks.find((task: { code: string }) => task.code === 'NV6').assignments[0].id;
  overdue = detail.body.tasks.find((task: { code: string }) => task.code === 'NV4').assignments[0].id;
  await Promise.all([assignmentWorkflowStarted(http, onTime), assignmentWorkflowStarted(http, overdue)]);
});

afterAll(async () => {
  await stack?.stop();
});

describe('the review cycle', () => {
  it('starts the work', async () => {
    const answer = await unit.post(`/assignments/${onTime}/start`, { note: 'Đã lập kế hoạch tập huấn' });
    expect(answer.status).toBe(200);
    expect(answer.body.status).toBe('in_progress');
    expect((await unit.post(`/assignments/${onTime}/start`, {})).body.detail).toBe('cannot start an assignment that is in progress');
  });

  it('refuses to approve work that was not submitted', async () => {
    const answer = await reviewer.post(`/assignments/${onTime}/approve`, {});
    expect(answer.status).toBe(409);
    expect(answer.body).toMatchObject({ detail: 'cannot approve an assignment that is in progress', currentStatus: 'in_progress' });
  });

  it('refuses a malformed report, naming the field', async () => {
    const before = await stack.db.event.count({ where: { assignmentId: onTime, type: { not: 'assignment.assigned' } } });
    const badLink = await unit.post(`/assignments/${onTime}/submit`, { summary: 'Đã tập huấn', evidence: ['ftp://kho/bienban.pdf'] });
    expect(badLink.status).toBe(400);
    expect(badLink.body.errors).toEqual([{ path: 'evidence.0', message: 'must be an http(s) link', vi: 'Sai định dạng' }]);
    const negative = await unit.post(`/assignments/${onTime}/submit`, { summary: 'Đã tập huấn', figures: { participants: -5 } });
    expect(negative.status).toBe(400);
    expect(negative.body.errors[0].path).toBe('figures.participants');
    expect(await stack.db.event.count({ where: { assignmentId: onTime, type: { not: 'assignment.assigned' } } })).toBe(before);
  });

  it('submits the report with figures and evidence', async () => {
    const answer = await unit.post(`/assignments/${onTime}/submit`, {
      summary: 'Đã tổ chức 02 lớp tập huấn cho 85 cán bộ chuyên trách.',
      figures: { trainingCourses: 2, participants: 85 },
      evidence: ['https://vanban.kontum.gov.vn/bao-cao/tap-huan-2021.pdf'],
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ status: 'submitted', figures: { trainingCourses: 2, participants: 85 }, overdue: false });
    expect(answer.body.submittedAt).toEqual(expect.any(String));
  });

  it('does not let the unit approve its own report', async () => {
    const answer = await unit.post(`/assignments/${onTime}/approve`, {});
    expect(answer.status).toBe(403);
    expect(answer.contentType).toContain('application/problem+json');
    expect((await http.get(`/assignments/${onTime}`)).body.status).toBe('submitted');
  });

  it('returns it with a reason, back to in progress', async () => {
    const answer = await reviewer.post(`/assignments/${onTime}/return`, { reason: 'Bổ sung danh sách học viên' });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ status: 'in_progress', returnReason: 'Bổ sung danh sách học viên', submittedAt: null });
  });

  it('approves the resubmitted work, done on time as of its submission', async () => {
    const resubmitted = await unit.post(`/assignments/${onTime}/submit`, {
      summary: 'Đã bổ sung danh sách 85 học viên.',
      figures: { trainingCourses: 2, participants: 85 },
    });
    expect(resubmitted.body.status).toBe('submitted');
    const approved = await reviewer.post(`/assignments/${onTime}/approve`, { note: 'Đạt yêu cầu' });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'done', completedLate: false, workingDaysLate: 0, returnReason: null });
    expect(approved.body.completedAt).toBe(resubmitted.body.submittedAt);
  });

  it('keeps every step in the history, in order, with what was said', async () => {
    const history = await http.get(`/assignments/${onTime}/history`);
    expect(history.body.items.map((event: { type: string }) => event.type)).toEqual([
      'assignment.assigned',
      'assignment.started',
      'assignment.submitted',
      'assignment.returned',
      'assignment.submitted',
      'assignment.approved',
    ]);
    expect(history.body.items[3].data).toEqual({ reason: 'Bổ sung danh sách học viên', by: 'department_head SO-VHTTDL' });
    expect(history.body.items[2].data.by).toBe('unit_officer H-DAKHA');
  });

  it('records work submitted after the deadline as late, by working days', async () => {
    await unit.post(`/assignments/${overdue}/submit`, { summary: 'Đã tổ chức mít tinh kỷ niệm.' });
    const approved = await reviewer.post(`/assignments/${overdue}/approve`, {});
    expect(approved.body).toMatchObject({ status: 'done', completedLate: true });
    expect(approved.body.workingDaysLate).toBeGreaterThan(1000);
  });
});
