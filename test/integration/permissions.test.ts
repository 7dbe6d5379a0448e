/**
 * The permission matrix on the real stack: every route × every role × where the caller's unit
 * sits relative to the work (its own unit, the parent unit, an unrelated unit, the assigning
 * department), plus no token at all. The expected answers are written out below by hand.
 * A caller who may not even see a piece of work is answered 404, as for an id that does not exist.
 *
 * Allowed writes are probed with a body that carries an unknown field: an allowed caller gets
 * 400 from validation (which runs only after the permission check) and nothing is written.
 */
import sharp from 'sharp';
import { roles, type Role } from '../../domain/access';
import { routes } from '../../api/routes';
import { startStack, type Stack } from '../../dev/stack';
import { plan925 } from '../support/fixtures';
import { assignmentWorkflowStarted, eventually, httpClient, type HttpAnswer } from '../support/http';

const relations = ['own', 'parent', 'other', 'assigner'] as const;
type Relation = (typeof relations)[number];
const unitOf: Record<Relation, string> = { own: 'X-HAMON', parent: 'H-DAKHA', other: 'X-DAKMAR', assigner: 'SO-VHTTDL' };

/**
 * Y allowed, - refused (403), N answered as missing (404), one character per relation: own,
 * parent, other, assigner. The admin has no unit and one answer.
 */
type Row = { admin: 'Y' | '-' } & Record<Exclude<Role, 'admin'>, string>;
const everyone: Row = { admin: 'Y', leader: 'YYYY', department_head: 'YYYY', unit_head: 'YYYY', unit_officer: 'YYYY' };
const adminOnly: Row = { admin: 'Y', leader: '----', department_head: '----', unit_head: '----', unit_officer: '----' };
const readInbox: Row = { admin: 'Y', leader: 'YYYY', department_head: 'YY--', unit_head: 'YY--', unit_officer: 'Y---' };
const doWork: Row = { admin: 'Y', leader: '----', department_head: 'Y---', unit_head: 'Y---', unit_officer: 'Y---' };
// On one piece of work (an assignment, a proposal): who may not read it hears it does not exist.
const readThisWork: Row = { admin: 'Y', leader: 'YYYY', department_head: 'YYNY', unit_head: 'YYNN', unit_officer: 'YNNN' };
const doThisWork: Row = { admin: 'Y', leader: '----', department_head: 'Y-N-', unit_head: 'Y-NN', unit_officer: 'YNNN' };
// A draft plan is its department's alone: everyone else hears it does not exist.
const draftOfDepartment: Row = { admin: 'Y', leader: 'NNNN', department_head: 'NNNY', unit_head: 'NNNN', unit_officer: 'NNNN' };
// A running plan is amended, closed, cancelled and copied by its assigning department's heads.
const amendPlan: Row = { ...adminOnly, department_head: '---Y' };
const reviewThisWork: Row = { admin: 'Y', leader: '----', department_head: '--NY', unit_head: '--NN', unit_officer: '-NNN' };

const expected: Record<string, Row> = {
  'GET /plans': everyone,
  'POST /plans': { ...adminOnly, department_head: '---Y' },
  'POST /plan-documents/read': { ...adminOnly, department_head: 'YYYY' },
  'GET /plan-drafts': { ...adminOnly, department_head: 'YYYY' },
  'POST /plan-drafts': { ...adminOnly, department_head: '---Y' },
  'GET /plan-drafts/:id': draftOfDepartment,
  'PATCH /plan-drafts/:id': draftOfDepartment,
  'DELETE /plan-drafts/:id': draftOfDepartment,
  'GET /plan-drafts/:id/preview': draftOfDepartment,
  'POST /plan-drafts/:id/issue': draftOfDepartment,
  'GET /plans/:id': everyone,
  'GET /plans/:id/amendments': everyone,
  'POST /plans/:id/amendments': amendPlan,
  'POST /plans/:id/close': amendPlan,
  'POST /plans/:id/cancel': amendPlan,
  'POST /plans/:id/copy': amendPlan,
  'GET /plans/:id/targets': everyone,
  'GET /plans/:id/report': everyone,
  'GET /plans/:id/periodic-reports': everyone,
  'GET /plans/:id/proposals': everyone,
  'POST /plans/:id/proposals': doWork,
  'POST /plans/:id/proposals/:rid/approve': reviewThisWork,
  'POST /plans/:id/proposals/:rid/reject': reviewThisWork,
  'GET /units': everyone,
  'POST /units': adminOnly,
  'POST /units/import': adminOnly,
  'GET /units/:id': everyone,
  'PATCH /units/:id': adminOnly,
  'POST /units/:id/merge': adminOnly,
  'GET /units/:id/assignments': readInbox,
  'GET /units/:id/report': readInbox,
  'GET /escalations': everyone,
  'GET /dashboard': everyone,
  'GET /assignments': everyone,
  'GET /extension-requests': everyone,
  'GET /assignments/:id': readThisWork,
  'GET /assignments/:id/live': readThisWork,
  'GET /assignments/:id/history': readThisWork,
  'GET /assignments/:id/activities': readThisWork,
  'POST /assignments/:id/activities': doThisWork,
  // Evidence files: whoever may see the work may read them; only its unit may add or remove them.
  'GET /assignments/:id/files': readThisWork,
  'POST /assignments/:id/files': doThisWork,
  'GET /assignments/:id/files/:rid': readThisWork,
  'GET /assignments/:id/files/:rid/thumbnail': readThisWork,
  'DELETE /assignments/:id/files/:rid': doThisWork,
  'POST /assignments/:id/extension-requests': doThisWork,
  'POST /assignments/:id/extension-requests/:rid/approve': reviewThisWork,
  'POST /assignments/:id/extension-requests/:rid/reject': reviewThisWork,
  'POST /assignments/:id/reassign': reviewThisWork,
  'POST /assignments/:id/restart': reviewThisWork,
  'POST /assignments/:id/start': doThisWork,
  'POST /assignments/:id/submit': doThisWork,
  'POST /assignments/:id/approve': reviewThisWork,
  'POST /assignments/:id/return': reviewThisWork,
  'POST /assignments/:id/complete': reviewThisWork,
  'POST /assignments/:id/cancel': reviewThisWork,
  'GET /audit': { ...adminOnly, leader: 'YYYY' },
  'GET /accounts': adminOnly,
  'POST /accounts': adminOnly,
  'PATCH /accounts/:id': adminOnly,
  'POST /accounts/:id/reset-password': adminOnly,
  'POST /accounts/:id/deactivate': adminOnly,
  'POST /accounts/:id/reactivate': adminOnly,
  // One's own sign-in: every signed-in account.
  'POST /me/password': everyone,
  'POST /auth/logout': everyone,
  // One's own notices and how one is told.
  'GET /me/notices': everyone,
  'POST /me/notices/read': everyone,
  'POST /me/notices/:id/read': everyone,
  'GET /me/notice-settings': everyone,
  'PATCH /me/notice-settings': everyone,
  // A head names its own deputy; an admin anyone's. Ending one is its head's, its deputy's or an admin's.
  'GET /delegations': everyone,
  'POST /delegations': { ...adminOnly, department_head: 'YYYY', unit_head: 'YYYY' },
  'GET /me/colleagues': { ...adminOnly, department_head: 'YYYY', unit_head: 'YYYY' },
  'POST /delegations/:id/end': everyone,
  // One's calendar feeds; a unit's feed only of a unit whose work one may see (integration/calendar-feeds).
  'GET /me/calendar-feeds': everyone,
  'POST /me/calendar-feeds': everyone,
  'DELETE /me/calendar-feeds/:id': everyone,
  'POST /api-keys': adminOnly,
  'DELETE /api-keys/:id': adminOnly,
};

let stack: Stack;
let admin: ReturnType<typeof httpClient>;
let adminToken: string;
const ids: Record<string, string> = {};
const callers = new Map<string, ReturnType<typeof httpClient>>();
/** Each caller's token, for the requests the JSON client cannot make (downloads). */
const tokens = new Map<ReturnType<typeof httpClient>, string>();

beforeAll(async () => {
  stack = await startStack();
  adminToken = (await stack.signIn('admin')).token;
  admin = httpClient(stack.baseUrl, adminToken);
  const units = [
    { code: 'UBND-KT', name: 'Ủy ban nhân dân tỉnh Kon Tum', kind: 'province' },
    { code: 'SO-VHTTDL', name: 'Sở Văn hóa, Thể thao và Du lịch', kind: 'department', parentCode: 'UBND-KT' },
    { code: 'H-DAKHA', name: 'Ủy ban nhân dân huyện Đắk Hà', kind: 'district', parentCode: 'UBND-KT' },
    { code: 'H-DAKTO', name: 'Ủy ban nhân dân huyện Đắk Tô', kind: 'district', parentCode: 'UBND-KT' },
    { code: 'X-HAMON', name: 'Ủy ban nhân dân xã Hà Mòn', kind: 'commune', parentCode: 'H-DAKHA' },
    { code: 'X-DAKMAR', name: 'Ủy ban nhân dân xã Đắk Mar', kind: 'commune', parentCode: 'H-DAKTO' },
  ];
  for (const unit of units) expect((await admin.post('/units', unit)).status).toBe(201);
  const plan = await admin.post(
    '/plans',
    plan925({
      issuingUnit: 'UBND-KT',
      assigningUnit: 'SO-VHTTDL',
      // Each unit has a share of the communes: a line per unit in the targets.
      targets: [{ code: 'CT3', title: '65% xã thành lập mô hình', measure: 'percent', value: 65, base: 'communes', source: { figure: 'modelsEstablished', count: 'units' } }],
      tasks: [
        { code: 'NV3', title: 'Xây dựng mô hình phòng, chống bạo lực gia đình', kind: 'generic', leadUnit: 'X-HAMON', deadline: '2030-06-30' },
        // Long overdue, at two communes in different districts: escalations for the list scopes.
        { code: 'NV5', title: 'Báo cáo sơ kết 6 tháng', kind: 'report', leadUnit: 'X-HAMON', coordinatingUnits: ['X-DAKMAR'], deadline: '2024-06-15' },
      ],
    }),
  );
  expect(plan.status).toBe(201);
  ids.plan = plan.body.id;
  const detail = await admin.get(`/plans/${ids.plan}`);
  const lineOf = (task: string, unit: string) =>
    detail.body.tasks.find((line: { code: string }) => line.code === task).assignments.find((line: { unit: { code: string } }) => line.unit.code === unit).id;
  ids.assignment = lineOf('NV3', 'X-HAMON');
  ids.overdueHamon = lineOf('NV5', 'X-HAMON');
  ids.overdueDakmar = lineOf('NV5', 'X-DAKMAR');
  await assignmentWorkflowStarted(admin, ids.assignment!);

  callers.set('admin', admin);
  tokens.set(admin, adminToken);
  ids.account = (await stack.signIn('unit_officer', 'X-HAMON')).accountId;
  for (const role of roles.filter((role) => role !== 'admin')) {
    for (const relation of relations) {
      const { token } = await stack.signIn(role, unitOf[relation]);
      const client = httpClient(stack.baseUrl, token);
      callers.set(`${role}/${relation}`, client);
      tokens.set(client, token);
    }
  }
  // Proposed by the commune's officer, so that the admin and the department decide on another's proposal.
  const proposal = await callers.get('unit_officer/own')!.post(`/plans/${ids.plan}/proposals`, { title: 'Hội thi gia đình hạnh phúc cấp xã', kind: 'commemoration', deadline: '2030-03-20' });
  expect(proposal.status).toBe(201);
  ids.proposal = proposal.body.id;
  ids.draft = (await admin.post('/plan-drafts', { ownerUnit: 'SO-VHTTDL', content: draftContent })).body.id;
  // A photo the commune's officer attached, for the file routes to read.
  const form = new FormData();
  form.append('files', new Blob([await sharp({ create: { width: 40, height: 30, channels: 3, background: '#2a6' } }).jpeg().toBuffer()]), 'Ảnh hội nghị.jpg');
  const uploaded = await fetch(`${stack.baseUrl}/assignments/${ids.assignment}/files`, { method: 'POST', headers: { authorization: `Bearer ${(await stack.signIn('unit_officer', 'X-HAMON')).token}` }, body: form });
  expect(uploaded.status).toBe(201);
  ids.file = ((await uploaded.json()) as { items: { id: string }[] }).items[0]!.id;
});

afterAll(async () => {
  await stack?.stop();
});

const draftContent = { code: '930/KH-SVHTTDL', title: 'Dự thảo kế hoạch tuyên truyền' };

const concretePath = (path: string) =>
  path
    .replace('/plan-drafts/:id', `/plan-drafts/${ids.draft}`)
    .replace('/plans/:id/proposals/:rid', `/plans/${ids.plan}/proposals/${ids.proposal}`)
    .replace('/plans/:id', `/plans/${ids.plan}`)
    .replace('/units/:id', '/units/X-HAMON')
    .replace('/assignments/:id/extension-requests/:rid', `/assignments/${ids.assignment}/extension-requests/00000000-0000-4000-8000-000000000000`)
    .replace('/assignments/:id/files/:rid', `/assignments/${ids.assignment}/files/${ids.file}`)
    .replace('/assignments/:id', `/assignments/${ids.assignment}`)
    .replace('/api-keys/:id', '/api-keys/00000000-0000-4000-8000-000000000000')
    .replace('/accounts/:id', `/accounts/${ids.account}`)
    .replace('/me/notices/:id', '/me/notices/1')
    .replace('/delegations/:id', '/delegations/00000000-0000-4000-8000-000000000000')
    .replace('/me/calendar-feeds/:id', '/me/calendar-feeds/00000000-0000-4000-8000-000000000000');

/** Bodies that would place the resource if the route reads it from the body, and always fail validation. */
const probeBody = (path: string) => ({
  __matrix: true,
  ...(path === '/plans' && { assigningUnit: 'SO-VHTTDL' }),
  ...(path === '/plan-drafts' && { ownerUnit: 'SO-VHTTDL' }),
  ...(path === '/plans/:id/proposals' && { unit: 'X-HAMON' }),
});

/** A draft of the assigning department for one caller to try to delete: allowed, it is gone. */
const draftToDelete = async () => `/plan-drafts/${(await admin.post('/plan-drafts', { ownerUnit: 'SO-VHTTDL', content: draftContent })).body.id}`;

/** A file's bytes are not JSON: the answer's body is read as JSON only when it is a problem. */
async function download(token: string | undefined, url: string): Promise<HttpAnswer> {
  const response = await fetch(`${stack.baseUrl}${url}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const contentType = response.headers.get('content-type') ?? '';
  return { status: response.status, contentType, headers: response.headers, body: contentType.startsWith('application/problem+json') ? await response.json() : undefined };
}

async function call(client: ReturnType<typeof httpClient>, method: string, path: string): Promise<HttpAnswer> {
  const url = concretePath(path);
  if (method === 'GET' && path.startsWith('/assignments/:id/files/:rid')) return download(tokens.get(client), url);
  if (method === 'GET') return client.get(url);
  // A file that does not exist: an allowed caller hears 404, and the file the other routes read stays.
  if (method === 'DELETE' && path === '/assignments/:id/files/:rid') return client.delete(url.replace(ids.file!, '00000000-0000-4000-8000-000000000000'));
  if (method === 'DELETE') return client.delete(path === '/plan-drafts/:id' ? await draftToDelete() : url);
  if (method === 'PATCH') return client.patch(url, probeBody(path));
  return client.post(url, probeBody(path));
}

const routeKeys = routes.map((route) => `${route.method.toUpperCase()} ${route.path}`);
/** Routes that read a document or files: the JSON probe, let through, is refused for its media type. */
const documentRoutes = new Set(routes.filter((route) => route.docs.document || route.docs.upload).map((route) => `${route.method.toUpperCase()} ${route.path}`));

describe('the permission matrix', () => {
  it('has an expectation for every route, and no route it does not know', () => {
    expect([...routeKeys].sort()).toEqual(Object.keys(expected).sort());
  });

  it('answers every route × role × unit as the table says', async () => {
    const mismatches: string[] = [];
    let checked = 0;
    for (const key of routeKeys) {
      const [method, path] = key.split(' ') as [string, string];
      const row = expected[key]!;
      const cases: [string, string][] = [['admin', row.admin]];
      for (const role of roles.filter((role): role is Exclude<Role, 'admin'> => role !== 'admin')) {
        relations.forEach((relation, index) => cases.push([`${role}/${relation}`, row[role][index]!]));
      }
      for (const [caller, answerExpected] of cases) {
        const answer = await call(callers.get(caller)!, method, path);
        checked += 1;
        const problem = (status: number, type: string) => answer.status === status && answer.body?.type === type && answer.contentType.startsWith('application/problem+json');
        const ok =
          answerExpected === 'Y'
            ? method === 'GET'
              ? answer.status === 200
              : method === 'DELETE'
                ? answer.status === (path.startsWith('/plan-drafts') ? 204 : 404)
                : documentRoutes.has(key)
                  ? problem(415, '/problems/unsupported-media-type')
                  : answer.status === 400 && answer.body?.type === '/problems/validation'
            : answerExpected === 'N'
              ? problem(404, '/problems/not-found')
              : problem(403, '/problems/forbidden');
        const wanted = { Y: 'allowed', N: '404', '-': '403' }[answerExpected];
        if (!ok) mismatches.push(`${key} as ${caller}: expected ${wanted}, got ${answer.status} ${answer.body?.detail ?? ''}`);
      }
    }
    expect(mismatches).toEqual([]);
    expect(checked).toBe(routeKeys.length * (1 + 4 * relations.length));
    process.stdout.write(`permission matrix: ${routeKeys.length} routes × 17 callers = ${checked} answers checked\n`);
  });

  it('answers 401 with a problem document to every route without a token or with a forged one', async () => {
    const anonymous = httpClient(stack.baseUrl);
    const forgedToken = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
    const forged = httpClient(stack.baseUrl, forgedToken);
    tokens.set(forged, forgedToken);
    for (const key of [...routeKeys, 'GET /me']) {
      const [method, path] = key.split(' ') as [string, string];
      for (const client of [anonymous, forged]) {
        const answer = await call(client, method, path);
        expect({ key, status: answer.status, type: answer.body?.type }).toEqual({ key, status: 401, type: '/problems/unauthenticated' });
        expect(answer.headers.get('www-authenticate')).toContain('Bearer');
      }
    }
  });

  it('changed nothing: the refused and invalid requests wrote no row', async () => {
    const [assignment] = await Promise.all([stack.db.assignment.findUniqueOrThrow({ where: { id: ids.assignment } })]);
    expect(assignment.status).toBe('assigned');
    expect(await stack.db.extensionRequest.count()).toBe(0);
    expect(await stack.db.apiKey.count()).toBe(0);
    expect(await stack.db.taskProposal.count()).toBe(1);
    expect(await stack.db.unit.count()).toBe(6);
    expect(await stack.db.planDraft.findUniqueOrThrow({ where: { id: ids.draft } })).toMatchObject({ content: draftContent, planId: null });
    expect(await stack.db.plan.count()).toBe(1);
    expect(await stack.db.unit.count({ where: { mergedIntoId: { not: null } } })).toBe(0);
    expect(await stack.db.evidenceFile.count()).toBe(1);
  });
});

describe('lists show each caller their part of the tree', () => {
  it('scopes the escalation list by role and unit', async () => {
    await eventually(async () => ((await stack.db.escalation.count({ where: { level: 1 } })) === 2 ? true : undefined), 'both overdue assignments escalated');
    const unitsSeenBy = async (caller: string) => {
      const answer = await callers.get(caller)!.get('/escalations?level=1');
      expect(answer.status).toBe(200);
      return [...new Set(answer.body.items.map((item: { unit: { code: string } }) => item.unit.code))].sort();
    };
    expect(await unitsSeenBy('unit_officer/own')).toEqual(['X-HAMON']);
    expect(await unitsSeenBy('unit_officer/other')).toEqual(['X-DAKMAR']);
    expect(await unitsSeenBy('unit_officer/parent')).toEqual([]);
    expect(await unitsSeenBy('unit_head/parent')).toEqual(['X-HAMON']);
    expect(await unitsSeenBy('department_head/assigner')).toEqual(['X-DAKMAR', 'X-HAMON']);
    expect(await unitsSeenBy('leader/other')).toEqual(['X-DAKMAR', 'X-HAMON']);
    expect(await unitsSeenBy('admin')).toEqual(['X-DAKMAR', 'X-HAMON']);
  });

  it('scopes the assignment list, the review desk and the dashboard the same way', async () => {
    const unitsListedFor = async (caller: string, query = '') => {
      const answer = await callers.get(caller)!.get(`/assignments?plan=${ids.plan}${query}`);
      expect(answer.status).toBe(200);
      return [...new Set(answer.body.items.map((item: { unit: { code: string } }) => item.unit.code))].sort();
    };
    expect(await unitsListedFor('unit_officer/own')).toEqual(['X-HAMON']);
    expect(await unitsListedFor('unit_head/parent')).toEqual(['X-HAMON']);
    expect(await unitsListedFor('department_head/assigner')).toEqual(['X-DAKMAR', 'X-HAMON']);
    expect(await unitsListedFor('leader/own', '&tone=overdue')).toEqual(['X-DAKMAR', 'X-HAMON']);

    const dashboardOf = async (caller: string) => (await callers.get(caller)!.get(`/dashboard?plan=${ids.plan}`)).body;
    const officer = await dashboardOf('unit_officer/own');
    expect(officer.ranking.map((line: { unit: { code: string } }) => line.unit.code)).toEqual(['X-HAMON']);
    expect([...new Set(officer.escalations.items.map((item: { unit: { code: string } }) => item.unit.code))]).toEqual(['X-HAMON']);
    const leader = await dashboardOf('leader/other');
    expect(leader.totals).toMatchObject({ overdue: 2, 'not-started': 1 });
    const levels = await stack.db.escalation.groupBy({ by: ['level'], where: { resolvedAt: null }, _count: { _all: true }, orderBy: { level: 'asc' } });
    expect(leader.escalations.byLevel).toEqual(levels.map((group) => ({ level: group.level, count: group._count._all })));
    expect(leader.escalations.byLevel[0]).toEqual({ level: 1, count: 2 });
    expect(leader.plans).toHaveLength(1);
    expect((await callers.get('leader/own')!.get('/dashboard?unit=H-DAKTO')).body.ranking.map((line: { unit: { code: string } }) => line.unit.code)).toEqual(['X-DAKMAR']);
  });

  it('puts on the review desk (reviewable=true) only the reports the caller may approve now', async () => {
    const waitingFor = async (caller: string) => {
      const answer = await callers.get(caller)!.get(`/assignments?plan=${ids.plan}&reviewable=true`);
      expect(answer.status).toBe(200);
      return answer.body.items.map((item: { id: string }) => item.id);
    };
    // Nothing is submitted yet: work the department may review, but not approve now, is not listed.
    expect(await waitingFor('department_head/assigner')).toEqual([]);
    expect(await waitingFor('admin')).toEqual([]);
    expect((await callers.get('unit_officer/own')!.post(`/assignments/${ids.assignment}/submit`, { summary: 'Đã xây dựng mô hình ở 3 thôn' })).status).toBe(200);
    // The department that assigned the work, or an admin; the overdue work still owed is not a report to approve.
    expect(await waitingFor('department_head/assigner')).toEqual([ids.assignment]);
    expect(await waitingFor('admin')).toEqual([ids.assignment]);
    expect(await waitingFor('department_head/parent')).toEqual([]);
    expect(await waitingFor('leader/own')).toEqual([]);
    expect(await waitingFor('unit_head/own')).toEqual([]);
    expect(await waitingFor('unit_officer/own')).toEqual([]);
  });
});

describe('work of other units is not shown to narrower roles', () => {
  const unitsOf = (lines: { unit: { code: string } }[]) => [...new Set(lines.map((line) => line.unit.code))].sort();

  it('answers 404 for work the caller may not see, with the body of a missing id', async () => {
    const stranger = callers.get('unit_officer/other')!;
    const missingId = '00000000-0000-4000-8000-000000000000';
    for (const [id, path] of [
      [ids.assignment, `/assignments/${ids.assignment}`],
      [missingId, `/assignments/${missingId}`],
    ] as const) {
      const answer = await stranger.get(path);
      expect(answer.status).toBe(404);
      expect(answer.body).toEqual({ type: '/problems/not-found', title: 'Not found', status: 404, detail: `assignment ${id} does not exist`, instance: path });
    }
    const hidden = await stranger.post(`/plans/${ids.plan}/proposals/${ids.proposal}/approve`, {});
    expect(hidden.body).toEqual({ type: '/problems/not-found', title: 'Not found', status: 404, detail: `proposal ${ids.proposal} of plan ${ids.plan} does not exist`, instance: `/plans/${ids.plan}/proposals/${ids.proposal}/approve` });
  });

  it("shows a plan's assignments only to those who may see them, with the plan's totals to all", async () => {
    const planAs = async (caller: string) => (await callers.get(caller)!.get(`/plans/${ids.plan}`)).body;
    const whole = await planAs('admin');
    const seen = async (caller: string) => unitsOf((await planAs(caller)).tasks.flatMap((task: { assignments: { unit: { code: string } }[] }) => task.assignments));
    expect(unitsOf(whole.tasks.flatMap((task: { assignments: { unit: { code: string } }[] }) => task.assignments))).toEqual(['X-DAKMAR', 'X-HAMON']);
    expect(await seen('unit_officer/own')).toEqual(['X-HAMON']);
    expect(await seen('unit_officer/other')).toEqual(['X-DAKMAR']);
    expect(await seen('unit_officer/parent')).toEqual([]);
    expect(await seen('unit_head/parent')).toEqual(['X-HAMON']);
    expect(await seen('department_head/parent')).toEqual(['X-HAMON']);
    expect(await seen('department_head/assigner')).toEqual(['X-DAKMAR', 'X-HAMON']);
    expect(await seen('leader/other')).toEqual(['X-DAKMAR', 'X-HAMON']);
    // The tasks and the plan-wide progress stay the same for everyone.
    const officer = await planAs('unit_officer/own');
    expect(officer.progress).toEqual(whole.progress);
    expect(officer.tasks.map((task: { code: string }) => task.code)).toEqual(whole.tasks.map((task: { code: string }) => task.code));
  });

  it('ranks in the plan report, JSON and CSV, only the units the caller may see, under the same totals', async () => {
    const reportAs = async (caller: string) => (await callers.get(caller)!.get(`/plans/${ids.plan}/report?period=2024`)).body;
    const whole = await reportAs('admin');
    expect(unitsOf(whole.units)).toEqual(['X-DAKMAR', 'X-HAMON']);
    const officer = await reportAs('unit_officer/own');
    expect(unitsOf(officer.units)).toEqual(['X-HAMON']);
    expect(officer.total).toEqual(whole.total);
    expect(unitsOf((await reportAs('unit_head/parent')).units)).toEqual(['X-HAMON']);
    expect(unitsOf((await reportAs('department_head/assigner')).units)).toEqual(['X-DAKMAR', 'X-HAMON']);

    const csv = await fetch(`${stack.baseUrl}/plans/${ids.plan}/report?period=2024&format=csv`, { headers: { authorization: `Bearer ${(await stack.signIn('unit_officer', 'X-DAKMAR')).token}` } });
    const rows = (await csv.text()).split('\r\n').slice(1, -1).map((line) => line.split(',')[0]);
    // Đắk Mar's own line and the plan's total (both NV5 assignments overdue in 2024).
    expect(rows).toEqual(['X-DAKMAR', '']);
  });

  it("shows each target's lines only for the units the caller may see", async () => {
    const linesAs = async (caller: string) => unitsOf((await callers.get(caller)!.get(`/plans/${ids.plan}/targets`)).body.targets[0].units);
    // Every unit with communes under it has a base: the province, both districts and both communes.
    expect(await linesAs('leader/own')).toEqual(['H-DAKHA', 'H-DAKTO', 'UBND-KT', 'X-DAKMAR', 'X-HAMON']);
    expect(await linesAs('department_head/assigner')).toEqual(['H-DAKHA', 'H-DAKTO', 'UBND-KT', 'X-DAKMAR', 'X-HAMON']);
    expect(await linesAs('unit_head/parent')).toEqual(['H-DAKHA', 'X-HAMON']);
    expect(await linesAs('unit_officer/own')).toEqual(['X-HAMON']);
    expect(await linesAs('unit_officer/assigner')).toEqual([]);
    const total = async (caller: string) => (await callers.get(caller)!.get(`/plans/${ids.plan}/targets`)).body.targets[0].total;
    expect(await total('unit_officer/own')).toEqual(await total('admin'));
  });

  it("lists a plan's proposals only to those who may see the proposing unit's work", async () => {
    const proposalsAs = async (caller: string) => (await callers.get(caller)!.get(`/plans/${ids.plan}/proposals`)).body.items.map((item: { id: string }) => item.id);
    expect(await proposalsAs('unit_officer/own')).toEqual([ids.proposal]);
    expect(await proposalsAs('unit_head/parent')).toEqual([ids.proposal]);
    expect(await proposalsAs('department_head/assigner')).toEqual([ids.proposal]);
    expect(await proposalsAs('unit_officer/other')).toEqual([]);
    expect(await proposalsAs('unit_head/other')).toEqual([]);
  });
});

describe('nobody decides on what they submitted', () => {
  let head: ReturnType<typeof httpClient>;
  let colleague: ReturnType<typeof httpClient>;
  let planId: string;
  let work: string;
  const ownRefusal = { status: 403, type: '/problems/forbidden', detail: 'nobody may decide on what they submitted themselves' };
  const refusalOf = (answer: HttpAnswer) => ({ status: answer.status, type: answer.body?.type, detail: answer.body?.detail });

  beforeAll(async () => {
    // The department's own work under a plan it assigns: its head may both do and review it.
    head = callers.get('department_head/assigner')!;
    colleague = httpClient(stack.baseUrl, (await stack.signIn('department_head', 'SO-VHTTDL')).token);
    const plan = await admin.post(
      '/plans',
      plan925({
        code: '926/KH-UBND',
        assigningUnit: 'SO-VHTTDL',
        tasks: [
          { code: 'NV1', title: 'Tổng kết công tác gia đình', kind: 'report', leadUnit: 'SO-VHTTDL', deadline: '2030-06-30' },
          // Still open when NV1 is done, so the plan takes proposals.
          { code: 'NV2', title: 'Kiểm tra công tác gia đình', kind: 'inspection', leadUnit: 'SO-VHTTDL', deadline: '2030-11-30' },
        ],
      }),
    );
    expect(plan.status).toBe(201);
    planId = plan.body.id;
    work = (await admin.get(`/plans/${planId}`)).body.tasks.find((task: { code: string }) => task.code === 'NV1').assignments[0].id;
    await assignmentWorkflowStarted(admin, work);
  });

  it('refuses the decision on an own request for more time; a colleague decides it', async () => {
    const request = await head.post(`/assignments/${work}/extension-requests`, { deadline: '2030-09-30', reason: 'Chờ số liệu của các huyện' });
    expect(request.status).toBe(201);
    // Only the colleague has it on the review desk.
    const waitingFor = async (caller: ReturnType<typeof httpClient>) => (await caller.get('/extension-requests?reviewable=true')).body.items.map((item: { id: string }) => item.id);
    expect(await waitingFor(head)).not.toContain(request.body.id);
    expect(await waitingFor(colleague)).toContain(request.body.id);
    for (const decision of ['approve', 'reject']) {
      expect(refusalOf(await head.post(`/assignments/${work}/extension-requests/${request.body.id}/${decision}`, {}))).toEqual(ownRefusal);
    }
    const approved = await colleague.post(`/assignments/${work}/extension-requests/${request.body.id}/approve`, {});
    expect(approved.status).toBe(200);
    expect(approved.body.deadline).toBe('2030-09-30T10:00:00.000Z');
    expect(await waitingFor(colleague)).not.toContain(request.body.id);
  });

  it('refuses every closing of an own report — approve, complete, cancel — but lets it be returned', async () => {
    const waitingFor = async (caller: ReturnType<typeof httpClient>) => (await caller.get(`/assignments?plan=${planId}&reviewable=true`)).body.items.map((item: { id: string }) => item.id);
    expect(await waitingFor(colleague)).toEqual([]);
    expect((await head.post(`/assignments/${work}/submit`, { summary: 'Đã tổng kết' })).status).toBe(200);
    // The head's own report is on the colleague's review desk, not on the head's.
    expect(await waitingFor(head)).toEqual([]);
    expect(await waitingFor(colleague)).toEqual([work]);
    expect(refusalOf(await head.post(`/assignments/${work}/approve`, {}))).toEqual(ownRefusal);
    expect(refusalOf(await head.post(`/assignments/${work}/complete`, { summary: 'Xong' }))).toEqual(ownRefusal);
    expect(refusalOf(await head.post(`/assignments/${work}/cancel`, { reason: 'Thôi' }))).toEqual(ownRefusal);
    expect((await head.get(`/assignments/${work}`)).body).toMatchObject({ status: 'submitted', allowed: { act: true, review: true, approve: false } });
    expect((await head.post(`/assignments/${work}/return`, { reason: 'Bổ sung số liệu' })).status).toBe(200);
    expect((await head.post(`/assignments/${work}/submit`, { summary: 'Đã tổng kết, có số liệu' })).status).toBe(200);
    const completed = await colleague.post(`/assignments/${work}/complete`, { summary: 'Đã nhận báo cáo tổng kết' });
    expect(completed.status).toBe(200);
    expect(completed.body.status).toBe('done');
  });

  it('refuses the decision on an own proposal, to a department head and to an admin', async () => {
    const own = await head.post(`/plans/${planId}/proposals`, { title: 'Hội nghị biểu dương gia đình văn hóa', kind: 'generic', deadline: '2030-05-15' });
    expect(own.status).toBe(201);
    expect(own.body.unit.code).toBe('SO-VHTTDL');
    for (const decision of ['approve', 'reject']) {
      expect(refusalOf(await head.post(`/plans/${planId}/proposals/${own.body.id}/${decision}`, {}))).toEqual(ownRefusal);
    }
    expect((await colleague.post(`/plans/${planId}/proposals/${own.body.id}/reject`, { note: 'Đã có trong NV1' })).status).toBe(200);

    const admins = await admin.post(`/plans/${planId}/proposals`, { unit: 'SO-VHTTDL', title: 'Tọa đàm gia đình hạnh phúc', kind: 'generic', deadline: '2030-05-15' });
    expect(admins.status).toBe(201);
    expect(refusalOf(await admin.post(`/plans/${planId}/proposals/${admins.body.id}/reject`, {}))).toEqual(ownRefusal);
  });
});
