/**
 * Draft plans on the real stack: a department head saves a plan as far as it is typed, edits
 * it, previews what issuing it would create and issues it, which starts it as POST /plans does.
 * Drafts start nothing and notify nobody, are their department's alone, and refused input
 * writes nothing.
 */
import { planWorkflowId } from '../../domain/workflow-ids';
import { startStack, type Stack } from '../../dev/stack';
import { assignmentWorkflowStarted, httpClient } from '../support/http';

let stack: Stack;
let admin: ReturnType<typeof httpClient>;
/** The head of the culture department, who drafts; the health department's head, who must not see its drafts. */
let head: ReturnType<typeof httpClient>;
let otherHead: ReturnType<typeof httpClient>;
let leader: ReturnType<typeof httpClient>;
let officer: ReturnType<typeof httpClient>;

const header = {
  code: '15/KH-SVHTTDL',
  title: 'Kế hoạch tuyên truyền phòng, chống bạo lực gia đình năm 2025',
  issuingBody: 'Sở Văn hóa, Thể thao và Du lịch tỉnh Kon Tum',
  place: 'Kon Tum',
  issuedOn: '2025-01-20',
  signer: { name: 'Nguyễn Văn Hòa', position: 'Giám đốc' },
  period: { from: '2025-01-01', to: '2025-12-31' },
};

const complete = {
  ...header,
  issuingUnit: 'UBND-KT',
  // Reports escalate to the department after two working days; the other kinds run the engine's ladder.
  escalation: { byKind: { report: { reminders: [{ workingDays: 1 }], levels: [{ after: { workingDays: 2 }, notify: 'assigner-head' }] } } },
  targets: [
    { code: 'CT1', title: '100% xã tổ chức tuyên truyền', measure: 'percent', value: 100, base: 'communes', source: { figure: 'campaigns', count: 'units' } },
    { code: 'CT2', title: 'Giảm 10% số vụ bạo lực gia đình', measure: 'change', value: -10 },
  ],
  tasks: [
    { code: 'NV1', title: 'Tuyên truyền trên loa truyền thanh', kind: 'campaign', fanOut: { kind: 'commune' }, deadline: '2025-06-28' },
    // Ten working days from Monday 20 January 2025, across Tết (27–31 January): 21–24 Jan, 3–7 Feb, 10 Feb.
    { code: 'NV2', title: 'Hướng dẫn các huyện xây dựng kế hoạch', kind: 'generic', leadUnit: 'SO-VHTTDL', coordinatingUnits: ['H-DAKHA'], deadline: { workingDays: 10 } },
    // Five days before each quarter's end, from the issue date on.
    { code: 'NV3', title: 'Báo cáo kết quả', kind: 'report', leadUnit: 'H-DAKHA', repeat: { every: 'quarter', daysBeforeEnd: 5 } },
  ],
};

beforeAll(async () => {
  stack = await startStack();
  admin = httpClient(stack.baseUrl, (await stack.signIn('admin')).token);
  for (const unit of [
    { code: 'UBND-KT', name: 'Ủy ban nhân dân tỉnh Kon Tum', kind: 'province' },
    { code: 'SO-VHTTDL', name: 'Sở Văn hóa, Thể thao và Du lịch', kind: 'department', parentCode: 'UBND-KT' },
    { code: 'SO-YT', name: 'Sở Y tế', kind: 'department', parentCode: 'UBND-KT' },
    { code: 'H-DAKHA', name: 'Ủy ban nhân dân huyện Đắk Hà', kind: 'district', parentCode: 'UBND-KT' },
    { code: 'X-HAMON', name: 'Ủy ban nhân dân xã Hà Mòn', kind: 'commune', parentCode: 'H-DAKHA' },
    { code: 'X-DAKMAR', name: 'Ủy ban nhân dân xã Đắk Mar', kind: 'commune', parentCode: 'H-DAKHA' },
  ]) {
    expect((await admin.post('/units', unit)).status).toBe(201);
  }
  head = httpClient(stack.baseUrl, (await stack.signIn('department_head', 'SO-VHTTDL')).token);
  otherHead = httpClient(stack.baseUrl, (await stack.signIn('department_head', 'SO-YT')).token);
  leader = httpClient(stack.baseUrl, (await stack.signIn('leader', 'UBND-KT')).token);
  officer = httpClient(stack.baseUrl, (await stack.signIn('unit_officer', 'SO-VHTTDL')).token);
});

afterAll(async () => {
  await stack?.stop();
});

const counts = async () => ({
  drafts: await stack.db.planDraft.count(),
  plans: await stack.db.plan.count(),
  notifications: await stack.db.notification.count(),
});

describe('draft plans', () => {
  let draftId: string;

  it('saves a draft as far as it is typed, for its department alone, starting and telling nothing', async () => {
    const saved = await head.post('/plan-drafts', { content: { code: header.code, title: header.title, tasks: [{ code: 'NV1', title: 'Tuyên truyền' }] } });
    expect(saved.status).toBe(201);
    expect(saved.headers.get('location')).toBe(`/plan-drafts/${saved.body.id}`);
    expect(saved.body).toMatchObject({ ownerUnit: { code: 'SO-VHTTDL' }, plan: null, issuedAt: null, content: { code: '15/KH-SVHTTDL', tasks: [{ code: 'NV1' }] } });
    draftId = saved.body.id;
    expect(await counts()).toEqual({ drafts: 1, plans: 0, notifications: 0 });
    expect(await stack.db.auditEntry.count({ where: { entityType: 'plan_draft', entityId: draftId, action: 'draft.created' } })).toBe(1);

    expect((await head.get(`/plan-drafts/${draftId}`)).body.content.title).toBe(header.title);
    const listed = await head.get('/plan-drafts');
    expect(listed.body).toMatchObject({ total: 1, items: [{ id: draftId, code: '15/KH-SVHTTDL', tasks: 1, targets: 0 }] });
    expect((await admin.get('/plan-drafts')).body.total).toBe(1);
    // Another department, a leader, the department's own officer: as if it did not exist.
    for (const stranger of [otherHead, leader, officer]) {
      const answer = await stranger.get(`/plan-drafts/${draftId}`);
      expect({ status: answer.status, detail: answer.body.detail }).toEqual({ status: 404, detail: `plan draft ${draftId} does not exist` });
    }
    expect((await otherHead.get('/plan-drafts')).body.total).toBe(0);
    expect((await officer.get('/plan-drafts')).status).toBe(403);
    expect((await otherHead.patch(`/plan-drafts/${draftId}`, { content: {} })).status).toBe(404);
    expect((await otherHead.post('/plan-drafts', { ownerUnit: 'SO-VHTTDL', content: {} })).status).toBe(403);
  });

  it('refuses a malformed symbol and a wrong value with the field and the reason, writing nothing', async () => {
    const before = await counts();
    const symbol = await head.post('/plan-drafts', { content: { code: '15-KH-SVHTTDL' } });
    expect(symbol.status).toBe(400);
    expect(symbol.body.errors).toEqual([
      { path: 'content.code', message: 'must be the number, a slash and the symbol: number/TYPE-ISSUER, as in 925/KH-UBND', vi: 'Số, ký hiệu phải có dạng số/LOẠI-CƠQUAN, ví dụ 925/KH-UBND' },
    ]);
    const fields = await head.patch(`/plan-drafts/${draftId}`, { content: { issuedOn: '20/01/2025', tasks: [{ kind: 'party' }], owner: 'x' } });
    expect(fields.status).toBe(400);
    expect(fields.body.errors.map((issue: { path: string }) => issue.path).sort()).toEqual(['content.issuedOn', 'content.owner', 'content.tasks.0.kind']);
    expect((await head.post('/plan-drafts', { ownerUnit: 'SO-KHONGCO', content: {} })).body.errors).toEqual([{ path: 'ownerUnit', message: 'unknown unit code SO-KHONGCO' }]);
    expect((await admin.post('/plan-drafts', { content: {} })).body.errors).toEqual([{ path: 'ownerUnit', message: 'name the department that owns the draft' }]);
    expect(await counts()).toEqual(before);
    expect((await head.get(`/plan-drafts/${draftId}`)).body.content.issuedOn).toBeUndefined();
  });

  it('previews problems in Vietnamese next to their fields, and refuses to issue, writing nothing', async () => {
    const partial = await head.patch(`/plan-drafts/${draftId}`, {
      content: { ...header, tasks: [{ code: 'NV1', title: 'Tuyên truyền', kind: 'campaign', deadline: '2025-06-28' }] },
    });
    expect(partial.status).toBe(200);
    const preview = await head.get(`/plan-drafts/${draftId}/preview`);
    expect(preview.status).toBe(200);
    expect(preview.body).toEqual({
      ready: false,
      symbol: { number: 15, typeCode: 'KH', issuerCode: 'SVHTTDL' },
      assignments: 0,
      targets: [],
      tasks: [],
      ladders: [],
      problems: [{ path: 'tasks.0.leadUnit', message: 'Chọn đơn vị chủ trì, hoặc giao cho mọi đơn vị cùng loại' }],
    });
    const refused = await head.post(`/plan-drafts/${draftId}/issue`, {});
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([{ path: 'tasks.0.leadUnit', message: 'give either leadUnit or fanOut', vi: 'Chọn đơn vị chủ trì, hoặc giao cho mọi đơn vị cùng loại' }]);

    await head.patch(`/plan-drafts/${draftId}`, { content: { ...header, tasks: [{ code: 'NV1', title: 'Tuyên truyền', kind: 'campaign', leadUnit: 'X-KHONGCO', deadline: '2025-06-28' }] } });
    expect((await head.get(`/plan-drafts/${draftId}/preview`)).body.problems).toEqual([{ path: 'tasks.0.leadUnit', message: 'Không có đơn vị mã X-KHONGCO' }]);
    // Every commune under a department, in a draft of its own: a fan-out that reaches no unit.
    const unreached = await head.post('/plan-drafts', { content: { ...header, tasks: [{ code: 'NV1', title: 'Tuyên truyền', kind: 'campaign', fanOut: { kind: 'commune', under: 'SO-VHTTDL' }, deadline: '2025-06-28' }] } });
    expect((await head.get(`/plan-drafts/${unreached.body.id}/preview`)).body.problems).toEqual([{ path: 'tasks.0.fanOut', message: 'Không có đơn vị cấp xã, phường, thị trấn trực thuộc SO-VHTTDL' }]);
    expect((await head.delete(`/plan-drafts/${unreached.body.id}`)).status).toBe(204);
    expect(await counts()).toEqual({ drafts: 1, plans: 0, notifications: 0 });
  });

  it('previews each task: how many assignments, for whom, each deadline as a date', async () => {
    expect((await head.patch(`/plan-drafts/${draftId}`, { content: complete })).status).toBe(200);
    const preview = await head.get(`/plan-drafts/${draftId}/preview`);
    expect(preview.body.ready).toBe(true);
    expect(preview.body.problems).toEqual([]);
    const tasks = preview.body.tasks.map((task: { code: string; assignments: number; units: { code: string; role: string }[]; deadlines: { date: string }[] }) => ({
      code: task.code,
      assignments: task.assignments,
      units: task.units.map((unit) => `${unit.code}:${unit.role}`),
      deadlines: task.deadlines.map((deadline) => deadline.date),
    }));
    expect(tasks).toEqual([
      { code: 'NV1', assignments: 2, units: ['X-DAKMAR:lead', 'X-HAMON:lead'], deadlines: ['2025-06-28'] },
      { code: 'NV2', assignments: 2, units: ['SO-VHTTDL:lead', 'H-DAKHA:coordinate'], deadlines: ['2025-02-10'] },
      { code: 'NV3', assignments: 4, units: ['H-DAKHA:lead'], deadlines: ['2025-03-26', '2025-06-25', '2025-09-25', '2025-12-26'] },
    ]);
    expect(preview.body.assignments).toBe(8);
    // Each target with its goal: "-10" with no direction is a reduction by 10%.
    expect(preview.body.targets).toEqual([
      { code: 'CT1', title: '100% xã tổ chức tuyên truyền', measure: 'percent', direction: 'atLeast', value: 100, measured: true },
      { code: 'CT2', title: 'Giảm 10% số vụ bạo lực gia đình', measure: 'change', direction: 'reduceBy', value: 10, measured: false },
    ]);
    expect(preview.body.tasks[2].deadlines[0]).toEqual({ code: 'NV3.2025-Q1', title: 'Báo cáo kết quả (quý I/2025)', date: '2025-03-26' });
    // What the ladder will do: the engine's default for campaigns and generic tasks, the plan's own for reports.
    expect(preview.body.ladders.map(({ kinds, from }: { kinds: string[]; from: string }) => ({ kinds, from }))).toEqual([
      { kinds: ['campaign', 'generic'], from: 'engine' },
      { kinds: ['report'], from: 'kind' },
    ]);
    // Each level names whom it tells: the owner department and the plan's issuing unit, by name.
    expect(preview.body.ladders[0].levels.map((level: { text: string }) => level.text).slice(1)).toEqual([
      'Cấp 2 — quá hạn 4 ngày làm việc: báo lãnh đạo Sở Văn hóa, Thể thao và Du lịch',
      'Cấp 3 — quá hạn 11 ngày làm việc: báo lãnh đạo Ủy ban nhân dân tỉnh Kon Tum',
    ]);
    expect(preview.body.ladders[1]).toMatchObject({ reminders: [{ workingDaysBefore: 1 }], levels: [{ level: 1, workingDaysOverdue: 2, notify: 'assigner-head' }] });
    expect(await counts()).toEqual({ drafts: 1, plans: 0, notifications: 0 });
  });

  it('issues the draft once, as POST /plans starts a plan, and keeps the draft as its record', async () => {
    const key = { 'idempotency-key': 'ban-hanh-15-KH-SVHTTDL' };
    const issued = await head.post(`/plan-drafts/${draftId}/issue`, {}, key);
    expect(issued.status).toBe(201);
    expect(issued.body).toMatchObject({ code: '15/KH-SVHTTDL', assignments: 8, workflowId: planWorkflowId(issued.body.id) });
    expect(issued.headers.get('location')).toBe(`/plans/${issued.body.id}`);
    const replayed = await head.post(`/plan-drafts/${draftId}/issue`, {}, key);
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');
    expect(replayed.body).toEqual(issued.body);
    const again = await head.post(`/plan-drafts/${draftId}/issue`, {});
    expect(again.status).toBe(409);

    const plan = await stack.db.plan.findUniqueOrThrow({ where: { id: issued.body.id }, include: { assigningUnit: true, tasks: { include: { assignments: true }, orderBy: { code: 'asc' } } } });
    expect(plan.assigningUnit?.code).toBe('SO-VHTTDL');
    expect(plan.definition).toMatchObject({ place: 'Kon Tum', signer: { name: 'Nguyễn Văn Hòa', position: 'Giám đốc' } });
    expect(plan.tasks.map((task) => `${task.code} ${task.deadline.toISOString()} ×${task.assignments.length}`)).toEqual([
      'NV1 2025-06-28T10:00:00.000Z ×2',
      'NV2 2025-02-10T10:00:00.000Z ×2',
      'NV3.2025-Q1 2025-03-26T10:00:00.000Z ×1',
      'NV3.2025-Q2 2025-06-25T10:00:00.000Z ×1',
      'NV3.2025-Q3 2025-09-25T10:00:00.000Z ×1',
      'NV3.2025-Q4 2025-12-26T10:00:00.000Z ×1',
    ]);
    await assignmentWorkflowStarted(admin, plan.tasks[0]!.assignments[0]!.id);

    const draft = await head.get(`/plan-drafts/${draftId}`);
    expect(draft.body.plan).toEqual({ id: issued.body.id, code: '15/KH-SVHTTDL', title: header.title });
    expect(draft.body.issuedAt).not.toBeNull();
    expect((await head.patch(`/plan-drafts/${draftId}`, { content: {} })).status).toBe(409);
    expect((await head.delete(`/plan-drafts/${draftId}`)).status).toBe(409);
    // The preview still reads the issued content; issuing it again is what is refused.
    expect((await head.get(`/plan-drafts/${draftId}/preview`)).body.assignments).toBe(8);

    const trail = await stack.db.auditEntry.findMany({ where: { entityType: 'plan_draft', entityId: draftId }, orderBy: { id: 'asc' } });
    expect(trail.map((entry) => entry.action)).toEqual(['draft.created', 'draft.updated', 'draft.updated', 'draft.updated', 'draft.issued']);
    expect(await stack.db.auditEntry.count({ where: { action: 'plan.created', entityId: issued.body.id } })).toBe(1);
  });

  it('deletes a draft not issued, and audits it', async () => {
    const draft = await head.post('/plan-drafts', { content: { title: 'Dự thảo bỏ' } });
    expect((await otherHead.delete(`/plan-drafts/${draft.body.id}`)).status).toBe(404);
    expect((await head.delete(`/plan-drafts/${draft.body.id}`)).status).toBe(204);
    expect((await head.get(`/plan-drafts/${draft.body.id}`)).status).toBe(404);
    expect(await stack.db.auditEntry.count({ where: { entityType: 'plan_draft', entityId: draft.body.id, action: 'draft.deleted' } })).toBe(1);
  });
});

describe('drafts after a unit merge', () => {
  type Task = { code: string; leadUnit?: string; coordinatingUnits?: string[]; fanOut?: { kind: string; under?: string } };
  const tasksOf = async (id: string): Promise<Task[]> => (await admin.get(`/plan-drafts/${id}`)).body.content.tasks;
  const trail = (id: string) => stack.db.auditEntry.findMany({ where: { entityType: 'plan_draft', entityId: id, action: 'draft.unit-merged' }, orderBy: { id: 'asc' } });
  let culture: string;
  let health: string;

  beforeAll(async () => {
    const drafted = await head.post('/plan-drafts', {
      content: {
        ...header,
        tasks: [
          { code: 'NV1', title: 'Tập huấn', kind: 'training', leadUnit: 'X-HAMON', coordinatingUnits: ['X-DAKMAR', 'SO-YT'], deadline: '2025-06-30' },
          { code: 'NV2', title: 'Tuyên truyền', kind: 'campaign', leadUnit: 'SO-VHTTDL', coordinatingUnits: ['X-HAMON', 'X-DAKMAR'], deadline: '2025-06-30' },
          { code: 'NV3', title: 'Kiểm tra', kind: 'inspection', fanOut: { kind: 'commune', under: 'X-HAMON' }, deadline: '2025-06-30' },
        ],
      },
    });
    culture = drafted.body.id;
    // A draft of the health department, which is about to be merged into the culture department.
    health = (await otherHead.post('/plan-drafts', { content: { title: 'Dự thảo của Sở Y tế', tasks: [{ code: 'NV1', leadUnit: 'SO-YT', coordinatingUnits: ['H-DAKHA'] }] } })).body.id;
  });

  it('names the successor wherever a draft named the merged unit, each unit once per task, in the merge itself, audited', async () => {
    const merged = await admin.post('/units/X-HAMON/merge', { into: 'X-DAKMAR', reason: 'Sắp xếp đơn vị hành chính cấp xã năm 2025' });
    expect(merged.status).toBe(200);
    expect(await tasksOf(culture)).toEqual([
      // Hà Mòn led with Đắk Mar as partner: Đắk Mar now leads, and is no partner of itself.
      expect.objectContaining({ code: 'NV1', leadUnit: 'X-DAKMAR', coordinatingUnits: ['SO-YT'] }),
      // Both communes were partners: Đắk Mar once.
      expect.objectContaining({ code: 'NV2', leadUnit: 'SO-VHTTDL', coordinatingUnits: ['X-DAKMAR'] }),
      expect.objectContaining({ code: 'NV3', fanOut: { kind: 'commune', under: 'X-DAKMAR' } }),
    ]);
    const [entry] = await trail(culture);
    expect(entry).toMatchObject({ actorRole: 'admin', after: expect.objectContaining({ mergedUnit: 'X-HAMON', into: 'X-DAKMAR' }) });
    expect((entry!.before as { content: { tasks: Task[] } }).content.tasks[0]!.leadUnit).toBe('X-HAMON');
    // The health department's draft does not name Hà Mòn: untouched.
    expect(await trail(health)).toEqual([]);
  });

  it("hands a merged department's drafts to its successor, whose heads then see them", async () => {
    const merged = await admin.post('/units/SO-YT/merge', { into: 'SO-VHTTDL', reason: 'Hợp nhất sở' });
    expect(merged.status).toBe(200);
    const draft = await head.get(`/plan-drafts/${health}`);
    expect(draft.status).toBe(200);
    expect(draft.body).toMatchObject({ ownerUnit: { code: 'SO-VHTTDL' }, content: { tasks: [{ code: 'NV1', leadUnit: 'SO-VHTTDL', coordinatingUnits: ['H-DAKHA'] }] } });
    expect((await tasksOf(culture))[0]).toMatchObject({ leadUnit: 'X-DAKMAR', coordinatingUnits: ['SO-VHTTDL'] });
    expect((await trail(health)).map((entry) => entry.after)).toEqual([expect.objectContaining({ mergedUnit: 'SO-YT', into: 'SO-VHTTDL' })]);
    expect(await trail(culture)).toHaveLength(2);
  });
});
