/**
 * A unit proposes a task of its own under a plan (đăng ký công việc); approved, it becomes
 * a task and an assignment that the running plan workflow adopts and waits for.
 */
import { planWorkflowId } from '../../domain/workflow-ids';
import { startStack, type Stack } from '../../dev/stack';
import { plan925 } from '../support/fixtures';
import { assignmentWorkflowStarted, httpClient } from '../support/http';

let stack: Stack;
let http: ReturnType<typeof httpClient>;
/** The youth union's officer proposes; the admin decides: nobody decides on their own proposal. */
let youthUnion: ReturnType<typeof httpClient>;
let planId: string;

beforeAll(async () => {
  stack = await startStack();
  http = httpClient(stack.baseUrl, (await stack.signIn('admin')).token);
  await http.post('/units', { code: 'SO-VHTTDL', name: 'Sở Văn hóa, Thể thao và Du lịch', kind: 'department' });
  await http.post('/units', { code: 'TINH-DOAN', name: 'Tỉnh đoàn Kon Tum', kind: 'mass_organisation' });
  youthUnion = httpClient(stack.baseUrl, (await stack.signIn('unit_officer', 'TINH-DOAN')).token);
  const plan = await http.post(
    '/plans',
    plan925({ tasks: [{ code: 'NV2', title: 'Đẩy mạnh tuyên truyền phòng, chống bạo lực gia đình', kind: 'campaign', leadUnit: 'SO-VHTTDL', deadline: '2030-11-30' }] }),
  );
  planId = plan.body.id;
});

afterAll(async () => {
  await stack?.stop();
});

describe('proposals', () => {
  let proposalId: string;

  it('refuses an unknown unit and a deadline in the past, naming the field', async () => {
    const unknown = await http.post(`/plans/${planId}/proposals`, { unit: 'KHONG-CO', title: 'x', kind: 'generic', deadline: '2030-01-01' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([{ path: 'unit', message: 'unknown unit code KHONG-CO' }]);
    const past = await http.post(`/plans/${planId}/proposals`, { unit: 'TINH-DOAN', title: 'x', kind: 'generic', deadline: '2020-01-01' });
    expect(past.status).toBe(400);
    expect(past.body.errors).toEqual([{ path: 'deadline', message: 'must lie in the future' }]);
  });

  it('records a proposal, waiting for the department', async () => {
    const answer = await youthUnion.post(`/plans/${planId}/proposals`, {
      unit: 'TINH-DOAN',
      title: 'Tổ chức diễn đàn thanh niên với chủ đề xây dựng gia đình hạnh phúc',
      kind: 'commemoration',
      deadline: { workingDays: 20 },
    });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ status: 'pending', unit: { code: 'TINH-DOAN' }, kind: 'commemoration' });
    proposalId = answer.body.id;
    expect((await http.get(`/plans/${planId}/proposals`)).body.items.map((item: { id: string }) => item.id)).toEqual([proposalId]);
  });

  it('approves it: a task DK1 and an assignment the plan workflow adopts', async () => {
    const answer = await http.post(`/plans/${planId}/proposals/${proposalId}/approve`, { note: 'Đồng ý bổ sung vào kế hoạch' });
    expect(answer.status).toBe(200);
    expect(answer.body.proposal).toMatchObject({ status: 'approved', decidedBy: 'admin', decisionNote: 'Đồng ý bổ sung vào kế hoạch' });
    expect(answer.body.assignment).toMatchObject({ status: 'assigned', role: 'lead', unit: { code: 'TINH-DOAN' }, task: { code: 'DK1', kind: 'commemoration' } });
    const assignmentId = answer.body.assignment.id;
    await assignmentWorkflowStarted(http, assignmentId);
    const plan = await http.get(`/plans/${planId}`);
    expect(plan.body.tasks.map((task: { code: string }) => task.code)).toEqual(['DK1', 'NV2']);
    expect((await http.post(`/plans/${planId}/proposals/${proposalId}/approve`, {})).status).toBe(409);
  });

  it('rejects another, keeping the note', async () => {
    const second = await youthUnion.post(`/plans/${planId}/proposals`, { unit: 'TINH-DOAN', title: 'Hội thi tìm hiểu pháp luật', kind: 'generic', deadline: { calendarDays: 60 } });
    const rejected = await http.post(`/plans/${planId}/proposals/${second.body.id}/reject`, { note: 'Đã có trong nhiệm vụ NV2' });
    expect(rejected.body.proposal).toMatchObject({ status: 'rejected', decisionNote: 'Đã có trong nhiệm vụ NV2', taskId: null });
    expect(rejected.body.assignment).toBeNull();
  });

  it('keeps the plan open until the adopted assignment is done too', async () => {
    const plan = await http.get(`/plans/${planId}`);
    const [adopted, original] = plan.body.tasks.map((task: { assignments: { id: string }[] }) => task.assignments[0]!.id);
    await assignmentWorkflowStarted(http, original);
    await http.post(`/assignments/${original}/complete`, { summary: 'Đã phát 45 tin, bài tuyên truyền.' });
    expect((await http.get(`/plans/${planId}`)).body.status).toBe('active');
    await http.post(`/assignments/${adopted}/complete`, { summary: 'Đã tổ chức diễn đàn với 300 đoàn viên.' });
    expect(await stack.temporal.workflow.getHandle(planWorkflowId(planId)).result()).toEqual({ planId, done: 2, cancelled: 0 });
    const afterwards = await http.post(`/plans/${planId}/proposals`, { unit: 'TINH-DOAN', title: 'Muộn', kind: 'generic', deadline: { calendarDays: 5 } });
    expect(afterwards.status).toBe(409);
  });
});

describe('two decisions on one proposal at once', () => {
  it('lets exactly one through and answers 409 to the other, the proposal showing the one that won', async () => {
    const plan = await http.post(
      '/plans',
      plan925({ code: '926/KH-UBND', tasks: [{ code: 'NV1', title: 'Tuyên truyền phòng, chống bạo lực gia đình', kind: 'campaign', leadUnit: 'SO-VHTTDL', deadline: '2030-11-30' }] }),
    );
    expect(plan.status).toBe(201);
    const otherPlanId = plan.body.id as string;
    for (let round = 1; round <= 4; round += 1) {
      const proposal = await youthUnion.post(`/plans/${otherPlanId}/proposals`, { unit: 'TINH-DOAN', title: `Hội thi lần ${round}`, kind: 'generic', deadline: { calendarDays: 30 } });
      expect(proposal.status).toBe(201);
      const decide = (decision: 'approve' | 'reject') => http.post(`/plans/${otherPlanId}/proposals/${proposal.body.id}/${decision}`, {});
      const [approval, rejection] = await Promise.all([decide('approve'), decide('reject')]);
      expect([approval.status, rejection.status].sort()).toEqual([200, 409]);
      const row = await stack.db.taskProposal.findUniqueOrThrow({ where: { id: proposal.body.id } });
      const tasks = await stack.db.task.findMany({ where: { planId: otherPlanId, title: `Hội thi lần ${round}` }, select: { id: true } });
      if (approval.status === 200) {
        expect([row.status, tasks.map((task) => task.id)]).toEqual(['approved', [row.taskId]]);
      } else {
        expect([row.status, row.taskId, tasks]).toEqual(['rejected', null, []]);
      }
      expect(await stack.db.event.count({ where: { key: { startsWith: `proposal:${proposal.body.id}:` }, type: { not: 'proposal.submitted' } } })).toBe(1);
    }
  });
});
