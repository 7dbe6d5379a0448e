/**
 * Accounts on the real stack: the sign-in limits cannot be dodged by writing a username
 * another way, passwords follow the rules, a password change, reset, deactivation or sign-out
 * ends the account's earlier tokens at once on every API process, an account cache never
 * answers past AUTH_CACHE_SECONDS, API key secrets are never kept, Idempotency-Keys are purged,
 * /metrics needs a credential and a token without an expiry is refused.
 */
import { createHash, createSecretKey, randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT } from 'jose';
import { apiOptions, createApp } from '../../api/app';
import { startStack, type Stack } from '../../dev/stack';
import { loadConfig } from '../../platform/config';
import { createLogger } from '../../platform/logger';
import { httpClient } from '../support/http';

const SECRET = randomBytes(32).toString('hex');
const METRICS_TOKEN = randomBytes(24).toString('hex');
const PER_ADDRESS = 12;
const env = { AUTH_TOKEN_SECRET: SECRET, METRICS_TOKEN, TRUST_PROXY_HOPS: '1', LOGIN_MAX_FAILURES: '5', LOGIN_MAX_FAILURES_PER_ADDRESS: String(PER_ADDRESS) };

let stack: Stack;
let admin: ReturnType<typeof httpClient>;
let adminId: string;
/** Another API process on the same database and secret, with the default configuration. */
let peerUrl: string;
/** One more, remembering accounts for one second. */
let cachedUrl: string;
const servers: Server[] = [];

async function anotherApi(extra: Record<string, string>): Promise<string> {
  const app = createApp(stack.deps, createLogger('peer', 'warn'), apiOptions(loadConfig({ ...env, TEMPORAL_TASK_QUEUE: 'plan-engine-test', ...extra })));
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  stack = await startStack({ env });
  const signedIn = await stack.signIn('admin');
  admin = httpClient(stack.baseUrl, signedIn.token);
  adminId = signedIn.accountId;
  for (const unit of [
    { code: 'UBND-KT', name: 'Ủy ban nhân dân tỉnh Kon Tum', kind: 'province' },
    { code: 'X-HAMON', name: 'Ủy ban nhân dân xã Hà Mòn', kind: 'commune', parentCode: 'UBND-KT' },
    { code: 'X-DAKMAR', name: 'Ủy ban nhân dân xã Đắk Mar', kind: 'commune', parentCode: 'UBND-KT' },
  ]) {
    expect((await admin.post('/units', unit)).status).toBe(201);
  }
  peerUrl = await anotherApi({});
  cachedUrl = await anotherApi({ AUTH_CACHE_SECONDS: '1' });
});

afterAll(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  await stack?.stop();
});

const anonymous = () => httpClient(stack.baseUrl);
/** Sign-in attempts from one client address (the API trusts one proxy hop here). */
const signInFrom = (address: string, username: string, password: string, baseUrl = stack.baseUrl) =>
  httpClient(baseUrl).post('/auth/login', { username, password }, { 'x-forwarded-for': address });

async function newAccount(username: string, password: string, role = 'unit_officer', unit: string | undefined = 'X-HAMON'): Promise<string> {
  const answer = await admin.post('/accounts', { username, displayName: `Cán bộ ${username}`, role, ...(unit && { unit }), password });
  expect(answer.status).toBe(201);
  return answer.body.id;
}

async function tokenOf(username: string, password: string): Promise<string> {
  const answer = await anonymous().post('/auth/login', { username, password });
  expect(answer.status).toBe(200);
  return answer.body.token;
}

describe('the sign-in limit', () => {
  it('counts every way of writing a username as that username: spaces of any kind, case', async () => {
    const password = 'mat-khau-cua-nan-nhan-2026';
    await newAccount('sec.victim', password);
    const address = '198.51.100.1';
    for (let attempt = 0; attempt < 5; attempt += 1) expect((await signInFrom(address, 'sec.victim', `sai-${attempt}`)).status).toBe(401);
    // The right password, written with the name another way, is refused like the plain name.
    const variants = [' sec.victim', 'sec.victim\u3000', '\u00a0SEC.Victim\t', '\u200bsec.victim', '\u2003sec.victim\u2002', 'sec.victim'];
    const answers = [];
    for (const variant of variants) answers.push((await signInFrom(address, variant, password)).status);
    expect(answers).toEqual(variants.map(() => 429));
    // Another address is not locked out; the name is found in any of those forms.
    expect((await signInFrom('198.51.100.2', '\u3000Sec.Victim ', password)).status).toBe(200);
  });

  it('takes Vietnamese usernames written with combining marks (NFD) as the same name as precomposed (NFC)', async () => {
    const precomposed = 'đắk.hà';
    const combining = 'ĐẮK.HÀ'.normalize('NFD');
    expect(combining).not.toBe(precomposed.toUpperCase());
    const password = 'mot-cau-mat-khau-rat-dai';
    await newAccount(precomposed, password);
    const signedIn = await signInFrom('198.51.100.3', ` ${combining}\u3000`, password);
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.account.username).toBe(precomposed);
    // Five failures under the precomposed name lock out the combining-mark spelling too.
    for (let attempt = 0; attempt < 5; attempt += 1) expect((await signInFrom('198.51.100.4', precomposed, `sai-${attempt}`)).status).toBe(401);
    expect((await signInFrom('198.51.100.4', combining, password)).status).toBe(429);
    expect((await signInFrom('198.51.100.4', 'Đắk.Hà'.normalize('NFD'), password)).status).toBe(429);
  });

  it('limits the failures of one address across usernames', async () => {
    const password = 'mat-khau-cua-dia-chi-2026';
    await newAccount('canbo.diachi', password);
    const address = '203.0.113.7';
    for (let attempt = 0; attempt < PER_ADDRESS; attempt += 1) expect((await signInFrom(address, `khong.co.${attempt}`, 'sai-mat-khau')).status).toBe(401);
    expect((await signInFrom(address, 'khong.co.nua', 'sai-mat-khau')).status).toBe(429);
    expect((await signInFrom(address, 'canbo.diachi', password)).status).toBe(429);
    expect((await signInFrom('203.0.113.8', 'canbo.diachi', password)).status).toBe(200);
  });
});

describe('passwords', () => {
  it('must be 12 characters or more, must not contain the username, must not be a common password', async () => {
    const account = { username: 'nguyen.van.an', displayName: 'Nguyễn Văn An', role: 'unit_officer', unit: 'X-HAMON' };
    const refusals = async (password: string) => {
      const answer = await admin.post('/accounts', { ...account, password });
      expect(answer.status).toBe(400);
      return answer.body.errors.map((issue: { path: string; message: string }) => `${issue.path}: ${issue.message}`);
    };
    expect(await refusals('ngan-qua')).toEqual(['password: must be at least 12 characters']);
    expect(await refusals('Nguyen.Van.An-2026')).toEqual(['password: must not contain the username']);
    expect(await refusals('nguyễn-văn-an@xã')).toEqual(['password: must not contain the username']);
    expect(await refusals('qwerty123456')).toEqual(['password: is one of the most common passwords']);
    expect(await refusals('Password1234')).toEqual(['password: is one of the most common passwords']);
    expect(await stack.db.account.count({ where: { username: 'nguyen.van.an' } })).toBe(0);
    expect((await admin.post('/accounts', { ...account, password: 'trang-ram-tren-song-po-ko' })).status).toBe(201);
  });
});

describe('the account lifecycle', () => {
  it('changes one\'s own password with the current one; every earlier token ends on every API process', async () => {
    const id = await newAccount('canbo.doimatkhau', 'mat-khau-ban-dau-2026');
    const [first, second] = [await tokenOf('canbo.doimatkhau', 'mat-khau-ban-dau-2026'), await tokenOf('canbo.doimatkhau', 'mat-khau-ban-dau-2026')];
    const me = httpClient(stack.baseUrl, first);
    expect((await httpClient(peerUrl, second).get('/me')).status).toBe(200);

    const wrong = await me.post('/me/password', { currentPassword: 'khong-phai-mat-khau', newPassword: 'mat-khau-moi-cua-toi-2026' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors).toEqual([{ path: 'currentPassword', message: 'does not match the current password' }]);
    const weak = await me.post('/me/password', { currentPassword: 'mat-khau-ban-dau-2026', newPassword: 'canbo.doimatkhau!' });
    expect(weak.status).toBe(400);
    expect((await me.post('/me/password', { currentPassword: 'mat-khau-ban-dau-2026', newPassword: 'mat-khau-moi-cua-toi-2026' })).status).toBe(204);

    for (const token of [first, second]) {
      for (const baseUrl of [stack.baseUrl, peerUrl]) expect((await httpClient(baseUrl, token).get('/me')).status).toBe(401);
    }
    expect((await anonymous().post('/auth/login', { username: 'canbo.doimatkhau', password: 'mat-khau-ban-dau-2026' })).status).toBe(401);
    expect((await httpClient(peerUrl, await tokenOf('canbo.doimatkhau', 'mat-khau-moi-cua-toi-2026')).get('/me')).body).toMatchObject({ id, username: 'canbo.doimatkhau', mustChangePassword: false });
  });

  it('signs out everywhere: the tokens end at once on every API process', async () => {
    await newAccount('canbo.dangxuat', 'mat-khau-dang-xuat-2026');
    const [first, second] = [await tokenOf('canbo.dangxuat', 'mat-khau-dang-xuat-2026'), await tokenOf('canbo.dangxuat', 'mat-khau-dang-xuat-2026')];
    expect((await httpClient(peerUrl, second).get('/units')).status).toBe(200);
    expect((await httpClient(stack.baseUrl, first).post('/auth/logout', {})).status).toBe(204);
    for (const token of [first, second]) {
      for (const baseUrl of [stack.baseUrl, peerUrl]) expect((await httpClient(baseUrl, token).get('/units')).status).toBe(401);
    }
    expect((await httpClient(peerUrl, await tokenOf('canbo.dangxuat', 'mat-khau-dang-xuat-2026')).get('/units')).status).toBe(200);
  });

  it('lets an admin reset a password: the account signs out and may do nothing but change it (403 password-change-required)', async () => {
    const id = await newAccount('canbo.quenmatkhau', 'mat-khau-da-quen-2026');
    const before = await tokenOf('canbo.quenmatkhau', 'mat-khau-da-quen-2026');
    const reset = await admin.post(`/accounts/${id}/reset-password`, { password: 'tam-thoi-doi-ngay-2026' });
    expect(reset.status).toBe(200);
    expect(reset.body).toMatchObject({ id, mustChangePassword: true });
    expect((await httpClient(peerUrl, before).get('/me')).status).toBe(401);
    expect((await anonymous().post('/auth/login', { username: 'canbo.quenmatkhau', password: 'mat-khau-da-quen-2026' })).status).toBe(401);

    const signedIn = await anonymous().post('/auth/login', { username: 'canbo.quenmatkhau', password: 'tam-thoi-doi-ngay-2026' });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.account).toMatchObject({ id, username: 'canbo.quenmatkhau', mustChangePassword: true });
    const temporary = httpClient(peerUrl, signedIn.body.token);
    expect((await temporary.get('/me')).body).toMatchObject({ mustChangePassword: true });
    for (const refused of [await temporary.get('/units'), await temporary.get('/units/X-HAMON/assignments'), await temporary.post('/plans/00000000-0000-4000-8000-000000000000/proposals', {})]) {
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ type: '/problems/password-change-required', detail: expect.stringContaining('POST /me/password') });
    }
    expect((await temporary.post('/me/password', { currentPassword: 'tam-thoi-doi-ngay-2026', newPassword: 'mat-khau-tu-chon-2026' })).status).toBe(204);
    const after = await anonymous().post('/auth/login', { username: 'canbo.quenmatkhau', password: 'mat-khau-tu-chon-2026' });
    expect(after.body.account.mustChangePassword).toBe(false);
    expect((await httpClient(peerUrl, after.body.token).get('/units')).status).toBe(200);
  });

  it('deactivates and reactivates an account; deactivation ends its tokens at once on every API process', async () => {
    const id = await newAccount('canbo.nghiviec', 'mat-khau-nghi-viec-2026');
    const token = await tokenOf('canbo.nghiviec', 'mat-khau-nghi-viec-2026');
    expect((await httpClient(peerUrl, token).get('/me')).status).toBe(200);
    const deactivated = await admin.post(`/accounts/${id}/deactivate`, { reason: 'Chuyển công tác' });
    expect(deactivated.status).toBe(200);
    expect(deactivated.body.active).toBe(false);
    expect((await httpClient(peerUrl, token).get('/me')).status).toBe(401);
    expect((await anonymous().post('/auth/login', { username: 'canbo.nghiviec', password: 'mat-khau-nghi-viec-2026' })).status).toBe(401);
    expect((await admin.post(`/accounts/${id}/reactivate`, {})).body.active).toBe(true);
    // Reactivation does not bring back the tokens deactivation ended.
    expect((await httpClient(peerUrl, token).get('/me')).status).toBe(401);
    expect((await httpClient(peerUrl, await tokenOf('canbo.nghiviec', 'mat-khau-nghi-viec-2026')).get('/me')).status).toBe(200);
    // Nobody deactivates their own account, and the last admin stays an active admin.
    expect((await admin.post(`/accounts/${adminId}/deactivate`, {})).status).toBe(409);
    expect((await admin.patch(`/accounts/${adminId}`, { role: 'leader', unit: 'UBND-KT' })).status).toBe(409);
  });

  it("changes an account's role and unit, in effect from its next request on every API process", async () => {
    const id = await newAccount('canbo.dieudong', 'mat-khau-dieu-dong-2026');
    const account = httpClient(peerUrl, await tokenOf('canbo.dieudong', 'mat-khau-dieu-dong-2026'));
    // Refused (403), or answered as missing (404) to whom may not see the unit's work.
    expect([403, 404]).toContain((await account.get('/units/X-DAKMAR/assignments')).status);
    const changed = await admin.patch(`/accounts/${id}`, { role: 'unit_head', unit: 'X-DAKMAR' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ role: 'unit_head', unit: { code: 'X-DAKMAR' } });
    expect((await account.get('/me')).body).toMatchObject({ role: 'unit_head' });
    expect((await account.get('/units/X-DAKMAR/assignments')).status).toBe(200);
    const refused = await admin.patch(`/accounts/${id}`, { role: 'leader', unit: null });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([{ path: 'unit', message: 'a leader must belong to a unit' }]);
  });

  it('lists accounts with their state, and writes every sign-in and change to the audit trail', async () => {
    const listed = await admin.get('/accounts?limit=100');
    expect(listed.status).toBe(200);
    expect(listed.body.items.find((item: { username: string }) => item.username === 'canbo.nghiviec')).toMatchObject({ active: true, mustChangePassword: false, lastLoginAt: expect.any(String) });

    const actions = async (username: string) => {
      const { id } = await stack.db.account.findUniqueOrThrow({ where: { username } });
      const audit = await admin.get(`/audit?entity=account:${id}&limit=200`);
      return new Set(audit.body.items.map((entry: { action: string }) => entry.action));
    };
    expect(await actions('canbo.quenmatkhau')).toEqual(new Set(['account.created', 'account.signed_in', 'account.sign_in_failed', 'account.password_reset', 'account.password_changed']));
    expect(await actions('canbo.nghiviec')).toEqual(new Set(['account.created', 'account.signed_in', 'account.sign_in_failed', 'account.deactivated', 'account.reactivated']));
    expect(await actions('canbo.dangxuat')).toEqual(new Set(['account.created', 'account.signed_in', 'account.signed_out']));
    expect(await actions('canbo.dieudong')).toEqual(new Set(['account.created', 'account.signed_in', 'account.updated']));
    const failed = await admin.get('/audit?action=account.sign_in_failed&limit=200');
    expect(failed.body.items.find((entry: { after: { username: string } }) => entry.after.username === 'khong.co.0')).toMatchObject({
      actor: expect.objectContaining({ id: 'anonymous' }),
      after: { username: 'khong.co.0', address: '203.0.113.7', reason: 'unknown username' },
    });
  });
});

describe('the account cache', () => {
  it('never answers with a row older than AUTH_CACHE_SECONDS, even to the first request after an idle spell', async () => {
    const id = await newAccount('canbo.bonho', 'mat-khau-bo-nho-2026');
    const cached = httpClient(cachedUrl, await tokenOf('canbo.bonho', 'mat-khau-bo-nho-2026'));
    expect((await cached.get('/me')).status).toBe(200);
    // Deactivated by another process: this one learns it only by reading the row again.
    await stack.db.account.update({ where: { id }, data: { active: false } });
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await cached.get('/me')).status).toBe(401);
  });
});

describe('API key secrets and Idempotency-Keys', () => {
  it('keeps no API key secret for a retry: the replay names the key without it', async () => {
    const body = { name: 'Hệ thống quản lý văn bản', role: 'leader', unit: 'UBND-KT' };
    const first = await admin.post('/api-keys', body, { 'idempotency-key': 'tao-khoa-1' });
    expect(first.status).toBe(201);
    const secret = first.body.key.split('_')[2] as string;
    expect(secret.length).toBeGreaterThan(20);
    const replay = await admin.post('/api-keys', body, { 'idempotency-key': 'tao-khoa-1' });
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(first.body.unit).toMatchObject({ code: 'UBND-KT', name: 'Ủy ban nhân dân tỉnh Kon Tum' });
    expect(replay.body).toEqual({ id: first.body.id, name: body.name, role: 'leader', unit: first.body.unit, key: null });
    const stored = await stack.db.$queryRaw<{ row: string }[]>`SELECT t::text AS row FROM idempotency_records t`;
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.filter(({ row }) => row.includes(secret) || row.includes('pek_'))).toEqual([]);
    expect((await httpClient(stack.baseUrl, first.body.key).get('/plans')).status).toBe(200);
    // The key says who it is under the names an account's fields have.
    expect((await httpClient(stack.baseUrl, first.body.key).get('/me')).body).toEqual({ id: first.body.id, name: body.name, role: 'leader', unit: first.body.unit });
    expect(await stack.db.apiKey.count()).toBe(1);
  });

  it('keeps no plain hash of a body that holds a password', async () => {
    const body = { username: 'canbo.khoa', displayName: 'Cán bộ khóa', role: 'unit_officer', unit: 'X-HAMON', password: 'mat-khau-trong-than-yeu-cau' };
    expect((await admin.post('/accounts', body, { 'idempotency-key': 'tao-tai-khoan-1' })).status).toBe(201);
    const [record] = await stack.db.idempotencyRecord.findMany({ where: { scopedKey: `${adminId}:tao-tai-khoan-1` } });
    expect(record!.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(record!.fingerprint).not.toBe(createHash('sha256').update(JSON.stringify(['POST', '/accounts', body])).digest('hex'));
    expect(JSON.stringify(record)).not.toContain(body.password);
  });

  it('purges Idempotency-Keys older than IDEMPOTENCY_TTL_HOURS', async () => {
    const old = new Date(Date.now() - 25 * 3_600_000);
    await stack.db.idempotencyRecord.create({ data: { scopedKey: `${adminId}:cu-qua`, fingerprint: 'x', status: 201, body: { key: 'pek_old' }, createdAt: old, completedAt: old } });
    const peerAdmin = httpClient(peerUrl, (await stack.signIn('admin')).token);
    expect((await peerAdmin.post('/units', { code: 'X-MOI', name: 'Xã mới', kind: 'commune', parentCode: 'UBND-KT' }, { 'idempotency-key': 'don-vi-moi' })).status).toBe(201);
    const deadline = Date.now() + 10_000;
    while ((await stack.db.idempotencyRecord.count({ where: { scopedKey: `${adminId}:cu-qua` } })) > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await stack.db.idempotencyRecord.count({ where: { scopedKey: `${adminId}:cu-qua` } })).toBe(0);
    expect(await stack.db.idempotencyRecord.count({ where: { scopedKey: { endsWith: ':don-vi-moi' } } })).toBe(1);
  });
});

describe('credentials for the rest', () => {
  it('serves /metrics only to METRICS_TOKEN or an admin', async () => {
    expect((await fetch(`${stack.baseUrl}/metrics`)).status).toBe(401);
    const officer = await stack.signIn('unit_officer', 'X-HAMON');
    expect((await fetch(`${stack.baseUrl}/metrics`, { headers: { authorization: `Bearer ${officer.token}` } })).status).toBe(403);
    expect((await fetch(`${stack.baseUrl}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}x` } })).status).toBe(401);
    for (const credential of [METRICS_TOKEN, (await stack.signIn('admin')).token]) {
      const answer = await fetch(`${stack.baseUrl}/metrics`, { headers: { authorization: `Bearer ${credential}` } });
      expect(answer.status).toBe(200);
      expect(await answer.text()).toContain('# TYPE plan_engine_assignments gauge');
    }
  });

  it('refuses a token without an expiry, or issued longer ago than AUTH_TOKEN_TTL_MINUTES', async () => {
    const key = createSecretKey(Buffer.from(SECRET, 'utf8'));
    const forged = (build: (jwt: SignJWT) => SignJWT) => build(new SignJWT({ role: 'admin', ver: 0 }).setProtectedHeader({ alg: 'HS256' }).setSubject(adminId).setIssuer('plan-engine')).sign(key);
    const wellFormed = await forged((jwt) => jwt.setIssuedAt().setExpirationTime('10 minutes'));
    expect((await httpClient(stack.baseUrl, wellFormed).get('/me')).status).toBe(200);
    const forever = await forged((jwt) => jwt.setIssuedAt());
    const longLived = await forged((jwt) => jwt.setIssuedAt(Math.floor(Date.now() / 1000) - 3 * 3600).setExpirationTime('1 year'));
    for (const token of [forever, longLived]) {
      const answer = await httpClient(stack.baseUrl, token).get('/me');
      expect(answer.status).toBe(401);
      expect(answer.body.type).toBe('/problems/unauthenticated');
    }
  });

  it('refuses a token from the moment it expires, though it was accepted before', async () => {
    const key = createSecretKey(Buffer.from(SECRET, 'utf8'));
    const expiresAt = Math.floor(Date.now() / 1000) + 2;
    const shortLived = await new SignJWT({ role: 'admin', ver: 0 }).setProtectedHeader({ alg: 'HS256' }).setSubject(adminId).setIssuer('plan-engine').setIssuedAt().setExpirationTime(expiresAt).sign(key);
    const client = httpClient(stack.baseUrl, shortLived);
    expect((await client.get('/me')).status).toBe(200);
    expect((await client.get('/me')).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, expiresAt * 1000 - Date.now() + 100));
    const answer = await client.get('/me');
    expect(answer.status).toBe(401);
    expect(answer.body.type).toBe('/problems/unauthenticated');
  });
});
