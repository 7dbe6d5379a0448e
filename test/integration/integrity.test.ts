/**
 * Idempotency-Key, concurrency and the audit trail on the real stack: a retried request has
 * one effect, a reused key with another body is refused, concurrent completions complete
 * once, and every change is in an append-only audit trail that agrees with the workflow's
 * own history.
 */
import { startStack, type Stack } from '../../dev/stack';
import { plan925 } from '../support/fixtures';
import { assignmentWorkflowStarted, httpClient } from '../support/http';

let stack: Stack;
let admin: ReturnType<typeof httpClient>;
let officer: ReturnType<typeof httpClient>;
let officerId: string;
let reviewer: ReturnType<typeof httpClient>;
let reviewerId: string;
const assignments: Record<string, string> = {};

beforeAll(async () => {
  stack = await startStack();
  admin = httpClient(stack.baseUrl, (await stack.signIn('admin')).token);
  for (const unit of [
    { code: 'SO-VHTTDL', name: 'Sở Văn hóa, Thể thao và Du lịch', kind: 'department' },
    { code: 'X-HAMON', name: 'Ủy ban nhân dân xã Hà Mòn', kind: 'commune' },
  ]) {
    expect((await admin.post('/units', unit)).status).toBe(201);
  }
  const plan = await admin.post(
    '/plans',
    plan925({
      assigningUnit: 'SO-VHTTDL',
      tasks: ['NV1', 'NV2', 'NV3'].map((code) => ({ code, title: `Nhiệm vụ ${code}`, kind: 'generic', leadUnit: 'X-HAMON', deadline: '2030-06-30' })),
    }),
  );
  for (const task of (await admin.get(`/plans/${plan.body.id}`)).body.tasks) assignments[task.code] = task.assignments[0].id;
  await Promise.all(Object.values(assignments).map((id) => assignmentWorkflowStarted(admin, id)));
  const signedOfficer = await stack.signIn('unit_officer', 'X-HAMON');
  officer = httpClient(stack.baseUrl, signedOfficer.token);
  officerId = signedOfficer.accountId;
  const signedReviewer = await stack.signIn('department_head', 'SO-VHTTDL');
  reviewer = httpClient(stack.baseUrl, signedReviewer.token);
  reviewerId = signedReviewer.accountId;
});

afterAll(async () => {
  await stack?.stop();
});

const completions = (assignmentId: string) => stack.db.event.count({ where: { assignmentId, type: 'assignment.completed' } });

describe('Idempotency-Key', () => {
  it('replays the first answer to a retry, and acts once', async () => {
    const unit = { code: 'X-DAKMAR', name: 'Ủy ban nhân dân xã Đắk Mar', kind: 'commune' };
    const first = await admin.post('/units', unit, { 'idempotency-key': 'unit-dakmar-1' });
    const retry = await admin.post('/units', unit, { 'idempotency-key': 'unit-dakmar-1' });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('location')).toBe(first.headers.get('location'));
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(await stack.db.unit.count({ where: { code: 'X-DAKMAR' } })).toBe(1);
  });

  it('refuses the same key with another body with 422, and writes nothing', async () => {
    const answer = await admin.post('/units', { code: 'X-KHAC', name: 'Xã khác', kind: 'commune' }, { 'idempotency-key': 'unit-dakmar-1' });
    expect(answer.status).toBe(422);
    expect(answer.contentType).toContain('application/problem+json');
    expect(answer.body.type).toBe('/problems/idempotency-key-reused');
    expect(await stack.db.unit.count({ where: { code: 'X-KHAC' } })).toBe(0);
  });

  it('replays a refusal too: the same conflicting request gets the same 409', async () => {
    const duplicate = { code: 'X-HAMON', name: 'Trùng mã', kind: 'commune' };
    const first = await admin.post('/units', duplicate, { 'idempotency-key': 'dup-hamon' });
    const retry = await admin.post('/units', duplicate, { 'idempotency-key': 'dup-hamon' });
    expect([first.status, retry.status]).toEqual([409, 409]);
    expect(retry.body).toEqual(first.body);
    expect(retry.contentType).toContain('application/problem+json');
  });

  it('keeps the keys of different callers apart', async () => {
    const start = await officer.post(`/assignments/${assignments.NV1}/start`, {}, { 'idempotency-key': 'shared-key' });
    const other = await reviewer.post(`/assignments/${assignments.NV3}/complete`, { summary: 'Đã hoàn thành' }, { 'idempotency-key': 'shared-key' });
    expect(start.status).toBe(200);
    expect(other.status).toBe(200);
    expect(other.headers.get('idempotent-replayed')).toBeNull();
  });

  it('completes once under ten concurrent retries of one request, and replays the result afterwards', async () => {
    const id = assignments.NV2!;
    const body = { summary: 'Đã tổ chức 03 buổi tuyên truyền tại thôn.' };
    const answers = await Promise.all(Array.from({ length: 10 }, () => reviewer.post(`/assignments/${id}/complete`, body, { 'idempotency-key': 'complete-nv2' })));
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.every((status) => status === 200 || status === 409)).toBe(true);
    expect(statuses).toContain(200);
    expect(await completions(id)).toBe(1);
    const later = await reviewer.post(`/assignments/${id}/complete`, body, { 'idempotency-key': 'complete-nv2' });
    expect(later.status).toBe(200);
    expect(later.headers.get('idempotent-replayed')).toBe('true');
    expect(later.body.status).toBe('done');
    expect(await completions(id)).toBe(1);
  });

  it('completes once when two different requests race without keys', async () => {
    const id = assignments.NV1!;
    const [a, b] = await Promise.all([
      reviewer.post(`/assignments/${id}/complete`, { summary: 'Lần một' }),
      reviewer.post(`/assignments/${id}/complete`, { summary: 'Lần hai' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect(await completions(id)).toBe(1);
  });

  it('refuses a malformed key', async () => {
    const answer = await admin.post('/units', { code: 'X-MOI', name: 'Xã mới', kind: 'commune' }, { 'idempotency-key': 'has a space' });
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([{ path: 'header:Idempotency-Key', message: '1 to 255 visible ASCII characters' }]);
  });
});

describe('the audit trail', () => {
  it('records who changed an assignment, from which state to which, under which request', async () => {
    const audit = await admin.get(`/audit?entity=assignment:${assignments.NV1}`);
    expect(audit.status).toBe(200);
    const entries = [...audit.body.items].reverse();
    expect(entries.map((entry: { action: string; actor: { id: string } }) => [entry.action, entry.actor.id])).toEqual([
      ['assignment.started', officerId],
      ['assignment.completed', reviewerId],
    ]);
    expect(entries[0]).toMatchObject({ before: { status: 'assigned' }, after: { status: 'in_progress' }, actor: { role: 'unit_officer' } });
    expect(entries[1].before.status).toBe('in_progress');
    expect(entries[1].after.status).toBe('done');
    expect(entries.every((entry: { requestId: string | null }) => typeof entry.requestId === 'string')).toBe(true);
  });

  it("records the engine's own request id, with the caller's beside it", async () => {
    const token = (await stack.signIn('admin')).token;
    const create = (code: string, headers: Record<string, string>) =>
      fetch(`${stack.baseUrl}/units`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
        body: JSON.stringify({ code, name: `Ủy ban nhân dân xã ${code}`, kind: 'commune' }),
      });
    const auditOf = async (response: Response) => (await admin.get(`/audit?type=unit&entity=${((await response.json()) as { id: string }).id}`)).body.items;

    const first = await create('X-NGOCWANG', { 'x-request-id': 'so-vhttdl-req-42' });
    expect(first.status).toBe(201);
    const engineId = first.headers.get('x-request-id');
    expect(engineId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(await auditOf(first)).toEqual([expect.objectContaining({ action: 'unit.created', requestId: engineId, callerRequestId: 'so-vhttdl-req-42' })]);

    // A caller who sends another request's id does not make the two look like one.
    const second = await create('X-DAKTO', { 'x-request-id': engineId! });
    const [entry] = await auditOf(second);
    expect(entry).toMatchObject({ callerRequestId: engineId, requestId: second.headers.get('x-request-id') });
    expect(entry.requestId).not.toBe(engineId);

    const unnamed = await create('X-DAKHA', {});
    expect(await auditOf(unnamed)).toEqual([expect.objectContaining({ requestId: unnamed.headers.get('x-request-id'), callerRequestId: null })]);
  });

  it("agrees with the workflow's own history: the same changes, by the same people, in the same order", async () => {
    for (const id of Object.values(assignments)) {
      const history = await stack.temporal.workflow.getHandle(`assignment-${id}`).fetchHistory();
      const fromWorkflow = (history.events ?? [])
        .filter((event) => event.workflowExecutionUpdateAcceptedEventAttributes)
        .map((event) => {
          const request = event.workflowExecutionUpdateAcceptedEventAttributes!.acceptedRequest!.input!;
          const [payload] = request.args!.payloads!;
          return [request.name, (JSON.parse(new TextDecoder().decode(payload!.data!)) as { actor: { id: string } }).actor.id];
        });
      const audit = await admin.get(`/audit?entity=assignment:${id}&limit=200`);
      const fromAudit = [...audit.body.items].reverse().map((entry: { action: string; actor: { id: string } }) => [entry.action.replace('assignment.', ''), entry.actor.id]);
      const updateName: Record<string, string> = {
        started: 'startAssignment',
        completed: 'completeAssignment',
        submitted: 'submitAssignment',
        approved: 'approveAssignment',
        returned: 'returnAssignment',
        cancelled: 'cancelAssignment',
      };
      expect(fromAudit.map(([action, actor]) => [updateName[action!], actor])).toEqual(fromWorkflow);
      expect(fromWorkflow.length).toBeGreaterThan(0);
    }
  });

  it('filters by actor and time, and is for leaders and admins only', async () => {
    const byOfficer = await admin.get(`/audit?actor=${officerId}`);
    // Newest first: the officer signed in, then started the work.
    expect(byOfficer.body.items.map((entry: { action: string }) => entry.action)).toEqual(['assignment.started', 'account.signed_in']);
    const future = await admin.get(`/audit?from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`);
    expect(future.body.total).toBe(0);
    expect((await officer.get('/audit')).status).toBe(403);
    expect((await httpClient(stack.baseUrl, (await stack.signIn('leader', 'SO-VHTTDL')).token).get('/audit')).status).toBe(200);
  });

  it('cannot be rewritten, even by the database user the engine runs as', async () => {
    await expect(stack.db.$executeRawUnsafe(`UPDATE audit_entries SET actor_id = 'someone-else'`)).rejects.toThrow(/append-only/);
    await expect(stack.db.$executeRawUnsafe(`DELETE FROM audit_entries`)).rejects.toThrow(/append-only/);
    await expect(stack.db.$executeRawUnsafe(`TRUNCATE audit_entries`)).rejects.toThrow(/append-only/);
    expect(await stack.db.auditEntry.count()).toBeGreaterThan(0);
    expect(await stack.db.auditEntry.count({ where: { actorId: 'someone-else' } })).toBe(0);
  });
});

describe('sign-in', () => {
  it('answers a wrong password and an unknown user alike, then limits the attempts', async () => {
    const anonymous = httpClient(stack.baseUrl);
    const account = await admin.post('/accounts', { username: 'canbo.hamon', displayName: 'Cán bộ xã Hà Mòn', role: 'unit_officer', unit: 'X-HAMON', password: 'mat-khau-du-dai-1' });
    expect(account.status).toBe(201);
    const wrong = await anonymous.post('/auth/login', { username: 'canbo.hamon', password: 'sai' });
    const unknown = await anonymous.post('/auth/login', { username: 'khong.ton.tai', password: 'sai' });
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(wrong.body.detail).toBe(unknown.body.detail);
    const good = await anonymous.post('/auth/login', { username: 'CANBO.HAMON', password: 'mat-khau-du-dai-1' });
    expect(good.status).toBe(200);
    expect((await httpClient(stack.baseUrl, good.body.token).get('/me')).body).toMatchObject({ role: 'unit_officer', displayName: 'Cán bộ xã Hà Mòn' });
    const stored = await stack.db.account.findUniqueOrThrow({ where: { username: 'canbo.hamon' } });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);

    const attempts = [];
    for (let attempt = 0; attempt < 6; attempt += 1) attempts.push((await anonymous.post('/auth/login', { username: 'canbo.hamon', password: `sai-${attempt}` })).status);
    expect(attempts.slice(0, 4)).toEqual([401, 401, 401, 401]);
    expect(attempts.at(-1)).toBe(429);
  });

  it('lets an API key act within its unit and role until it is revoked', async () => {
    const created = await admin.post('/api-keys', { name: 'Hệ thống quản lý văn bản', role: 'leader', unit: 'SO-VHTTDL' });
    expect(created.status).toBe(201);
    expect(created.body.key).toMatch(/^pek_[0-9a-f]{32}_/);
    const system = httpClient(stack.baseUrl, created.body.key);
    expect((await system.get('/plans')).status).toBe(200);
    expect((await system.post(`/assignments/${assignments.NV1}/cancel`, { reason: 'x' })).status).toBe(403);
    expect((await admin.delete(`/api-keys/${created.body.id}`)).status).toBe(204);
    expect((await system.get('/plans')).status).toBe(401);
    const stored = await stack.db.apiKey.findUniqueOrThrow({ where: { id: created.body.id } });
    expect(stored.secretHash).not.toContain(created.body.key.split('_')[2]);
  });
});
