/**
 * The permission matrix on the real stack: every route × every role × where the caller's unit
 * sits relative to the work (its own unit, the parent unit, an unrelated unit, the assigning
 * department), plus no token at all. The expected answers are written out below by hand.
 *
 * Allowed writes are probed with a body that carries an unknown field: an allowed caller gets
 * 400 from validation (which runs only after the permission check) and nothing is written.
 */
import { roles, type Role } from '../../domain/access';
import { routes } from '../../api/routes';
import { startStack, type Stack } from '../../harness/stack';
import { plan925 } from '../support/fixtures';
import { assignmentWorkflowStarted, eventually, httpClient, type HttpAnswer } from '../support/http';

const relations = ['own', 'parent', 'other', 'assigner'] as const;
type Relation = (typeof relations)[number];
const unitOf: Record<Relation, string> = { own: 'X-HAMON', parent: 'H-DAKHA', other: 'X-DAKMAR', assigner: 'SO-VHTTDL' };

/**
 * Y allowed, - refused (403), one character per relation: own, parent, other, assigner.
 * The admin has no unit and one answer.
 */
type Row = { admin: 'Y' | '-' } & Record<Exclude<Role, 'admin'>, string>;
const everyone: Row = { admin: 'Y', leader: 'YYYY', department_head: 'YYYY', unit_head: 'YYYY', unit_officer: 'YYYY' };
const adminOnly: Row = { admin: 'Y', leader: '----', department_head: '----', unit_head: '----', unit_officer: '----' };
const readWork: Row = { admin: 'Y', leader: 'YYYY', department_head: 'YY-Y', unit_head: 'YY--', unit_officer: 'Y---' };
const readInbox: Row = { admin: 'Y', leader: 'YYYY', department_head: 'YY--', unit_head: 'YY--', unit_officer: 'Y---' };
const doWork: Row = { admin: 'Y', leader: '----', department_head: 'Y---', unit_head: 'Y---', unit_officer: 'Y---' };
const reviewWork: Row = { admin: 'Y', leader: '----', department_head: '---Y', unit_head: '----', unit_officer: '----' };

const expected: Record<string, Row> = {
  'GET /plans': everyone,
  'POST /plans': { ...adminOnly, department_head: '---Y' },
  'GET /plans/:id': everyone,
  'GET /plans/:id/targets': everyone,
  'GET /plans/:id/report': everyone,
  'GET /plans/:id/proposals': everyone,
  'POST /plans/:id/proposals': doWork,
  'POST /plans/:id/proposals/:rid/approve': reviewWork,
  'POST /plans/:id/proposals/:rid/reject': reviewWork,
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
  'GET /assignments/:id': readWork,
  'GET /assignments/:id/live': readWork,
  'GET /assignments/:id/history': readWork,
  'GET /assignments/:id/activities': readWork,
  'POST /assignments/:id/activities': doWork,
  'POST /assignments/:id/extension-requests': doWork,
  'POST /assignments/:id/extension-requests/:rid/approve': reviewWork,
  'POST /assignments/:id/extension-requests/:rid/reject': reviewWork,
  'POST /assignments/:id/reassign': reviewWork,
  'POST /assignments/:id/start': doWork,
  'POST /assignments/:id/submit': doWork,
  'POST /assignments/:id/approve': reviewWork,
  'POST /assignments/:id/return': reviewWork,
  'POST /assignments/:id/complete': reviewWork,
  'POST /assignments/:id/cancel': reviewWork,
  'GET /audit': { ...adminOnly, leader: 'YYYY' },
  'GET /accounts': adminOnly,
  'POST /accounts': adminOnly,
  'POST /api-keys': adminOnly,
  'DELETE /api-keys/:id': adminOnly,
};

let stack: Stack;
let admin: ReturnType<typeof httpClient>;
const ids: Record<string, string> = {};
const callers = new Map<string, ReturnType<typeof httpClient>>();

beforeAll(async () => {
  stack = await startStack();
  admin = httpClient(stack.baseUrl, (await stack.signIn('admin')).token);
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
  const proposal = await admin.post(`/plans/${ids.plan}/proposals`, { unit: 'X-HAMON', title: 'Hội thi gia đình hạnh phúc cấp xã', kind: 'commemoration', deadline: '2030-03-20' });
  expect(proposal.status).toBe(201);
  ids.proposal = proposal.body.id;

  callers.set('admin', admin);
  for (const role of roles.filter((role) => role !== 'admin')) {
    for (const relation of relations) callers.set(`${role}/${relation}`, httpClient(stack.baseUrl, (await stack.signIn(role, unitOf[relation])).token));
  }
});

afterAll(async () => {
  await stack?.stop();
});

const concretePath = (path: string) =>
  path
    .replace('/plans/:id/proposals/:rid', `/plans/${ids.plan}/proposals/${ids.proposal}`)
    .replace('/plans/:id', `/plans/${ids.plan}`)
    .replace('/units/:id', '/units/X-HAMON')
    .replace('/assignments/:id/extension-requests/:rid', `/assignments/${ids.assignment}/extension-requests/00000000-0000-4000-8000-000000000000`)
    .replace('/assignments/:id', `/assignments/${ids.assignment}`)
    .replace('/api-keys/:id', '/api-keys/00000000-0000-4000-8000-000000000000');

/** Bodies that would place the resource if the route reads it from the body, and always fail validation. */
const probeBody = (path: string) => ({
  __matrix: true,
  ...(path === '/plans' && { assigningUnit: 'SO-VHTTDL' }),
  ...(path === '/plans/:id/proposals' && { unit: 'X-HAMON' }),
});

function call(client: ReturnType<typeof httpClient>, method: string, path: string): Promise<HttpAnswer> {
  const url = concretePath(path);
  if (method === 'GET') return client.get(url);
  if (method === 'DELETE') return client.delete(url);
  if (method === 'PATCH') return client.patch(url, probeBody(path));
  return client.post(url, probeBody(path));
}

const routeKeys = routes.map((route) => `${route.method.toUpperCase()} ${route.path}`);

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
      const cases: [string, boolean][] = [['admin', row.admin === 'Y']];
      for (const role of roles.filter((role): role is Exclude<Role, 'admin'> => role !== 'admin')) {
        relations.forEach((relation, index) => cases.push([`${role}/${relation}`, row[role][index] === 'Y']));
      }
      for (const [caller, allowed] of cases) {
        const answer = await call(callers.get(caller)!, method, path);
        checked += 1;
        const ok = allowed
          ? method === 'GET'
            ? answer.status === 200
            : method === 'DELETE'
              ? answer.status === 404
              : answer.status === 400 && answer.body?.type === '/problems/validation'
          : answer.status === 403 && answer.body?.type === '/problems/forbidden' && answer.contentType.startsWith('application/problem+json');
        if (!ok) mismatches.push(`${key} as ${caller}: expected ${allowed ? 'allowed' : '403'}, got ${answer.status} ${answer.body?.detail ?? ''}`);
      }
    }
    expect(mismatches).toEqual([]);
    expect(checked).toBe(routeKeys.length * (1 + 4 * relations.length));
    process.stdout.write(`permission matrix: ${routeKeys.length} routes × 17 callers = ${checked} answers checked\n`);
  });

  it('answers 401 with a problem document to every route without a token or with a forged one', async () => {
    const anonymous = httpClient(stack.baseUrl);
    const forged = httpClient(stack.baseUrl, 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl');
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
    expect(await stack.db.unit.count({ where: { mergedIntoId: { not: null } } })).toBe(0);
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
    // The review desk: only the department that assigned the work, or an admin.
    expect(await unitsListedFor('department_head/assigner', '&reviewable=true')).toEqual(['X-DAKMAR', 'X-HAMON']);
    expect(await unitsListedFor('department_head/parent', '&reviewable=true')).toEqual([]);
    expect(await unitsListedFor('leader/own', '&reviewable=true')).toEqual([]);
    expect(await unitsListedFor('unit_head/own', '&reviewable=true')).toEqual([]);
    expect(await unitsListedFor('admin', '&reviewable=true')).toEqual(['X-DAKMAR', 'X-HAMON']);

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
});
