/**
 * Accounts, passwords, bearer tokens and API keys. Passwords are argon2id hashes; tokens
 * are short-lived HS256 JWTs naming the account; API keys are random secrets of which only
 * a SHA-256 is stored. Whatever the credential, the answer is a Principal.
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual, type KeyObject } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { SignJWT, jwtVerify } from 'jose';
import { z } from 'zod';
import { roles, type Actor, type Principal, type Role } from '../domain/access';
import { unitCodeSchema } from '../domain/units';
import type { PrismaClient } from '../db/prisma';
import type { AnswerCache } from './answer-cache';
import { recordAudit } from './audit';
import { ConflictError, NotFoundError, UnauthenticatedError, ValidationError } from './errors';
import { isUniqueViolation } from './prisma-errors';

export interface AuthSettings {
  /** HS256 key for bearer tokens, from AUTH_TOKEN_SECRET. */
  /** The HMAC key, imported once (jose would import raw bytes again on every verification). */
  tokenSecret: KeyObject;
  tokenTtlMinutes: number;
}

const TOKEN_ISSUER = 'plan-engine';
const API_KEY_PREFIX = 'pek_';

/** At least 12 characters: long passphrases beat complexity rules (NIST SP 800-63B). */
const passwordSchema = z.string().min(12, 'must be at least 12 characters').max(256);

const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{2,63}$/, '3 to 64 letters, digits, ".", "_" or "-"');

export const createAccountSchema = z.strictObject({
  username: usernameSchema,
  displayName: z.string().trim().min(1, 'must not be empty').max(200),
  email: z.email({ error: 'must be an email address' }).optional(),
  role: z.enum(roles),
  /** The unit's code; only an admin may have none. */
  unit: unitCodeSchema.optional(),
  password: passwordSchema,
});
export type CreateAccount = z.infer<typeof createAccountSchema>;

export const loginSchema = z.strictObject({ username: usernameSchema, password: z.string().min(1).max(256) });

export const createApiKeySchema = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty').max(200),
  role: z.enum(roles),
  unit: unitCodeSchema.optional(),
});

export const hashPassword = (password: string): Promise<string> => hash(password); // argon2id, m=19 MiB, t=2, p=1 (OWASP)

/** Verified against when the username is unknown, so a miss costs what a wrong password costs. */
let decoyHash: Promise<string> | undefined;

const accountView = (row: { id: string; username: string; displayName: string; email: string | null; role: Role; active: boolean; unit: { code: string; name: string } | null }) => ({
  id: row.id,
  username: row.username,
  displayName: row.displayName,
  email: row.email,
  role: row.role,
  unit: row.unit,
  active: row.active,
});
const withUnit = { unit: { select: { code: true, name: true } } } as const;

async function unitIdFor(db: PrismaClient, role: Role, code: string | undefined): Promise<string | null> {
  if (!code) {
    if (role === 'admin') return null;
    throw new ValidationError('this role belongs to a unit', [{ path: 'unit', message: `a ${role} must belong to a unit` }]);
  }
  const unit = await db.unit.findUnique({ where: { code }, select: { id: true } });
  if (!unit) throw new ValidationError('unknown unit', [{ path: 'unit', message: `unknown unit code ${code}` }]);
  return unit.id;
}

export async function createAccount(db: PrismaClient, input: CreateAccount, actor: Actor) {
  const unitId = await unitIdFor(db, input.role, input.unit);
  const passwordHash = await hashPassword(input.password);
  const id = randomUUID();
  try {
    return await db.$transaction(async (tx) => {
      const row = await tx.account.create({
        data: { id, username: input.username, displayName: input.displayName, email: input.email ?? null, role: input.role, unitId, passwordHash },
        include: withUnit,
      });
      const view = accountView(row);
      await recordAudit(tx, { actor, action: 'account.created', entityType: 'account', entityId: id, after: view });
      return view;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(`the username ${input.username} is taken`, { username: input.username });
    throw error;
  }
}

export async function listAccounts(db: PrismaClient, page: { limit: number; offset: number }) {
  const [rows, total] = await Promise.all([
    db.account.findMany({ include: withUnit, orderBy: { username: 'asc' }, take: page.limit, skip: page.offset }),
    db.account.count(),
  ]);
  return { total, ...page, items: rows.map(accountView) };
}

const principalOf = (row: { id: string; displayName: string; role: Role; unitId: string | null }): Principal => ({
  id: row.id,
  name: row.displayName,
  role: row.role,
  unitId: row.unitId,
});

/** Checks a username and password; the same refusal whether the name or the password is wrong. */
export async function verifyLogin(db: PrismaClient, username: string, password: string): Promise<Principal> {
  const row = await db.account.findUnique({ where: { username } });
  const matches = await verify(row?.passwordHash ?? (await (decoyHash ??= hashPassword(randomUUID()))), password);
  if (!row || !row.active || !matches) throw new UnauthenticatedError('wrong username or password');
  await db.account.update({ where: { id: row.id }, data: { lastLoginAt: new Date() } });
  return principalOf(row);
}

export async function issueToken(principal: Principal, settings: AuthSettings): Promise<{ token: string; expiresAt: string }> {
  const expiresAt = new Date(Date.now() + settings.tokenTtlMinutes * 60_000);
  const token = await new SignJWT({ role: principal.role })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(principal.id)
    .setIssuer(TOKEN_ISSUER)
    .setIssuedAt()
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(settings.tokenSecret);
  return { token, expiresAt: expiresAt.toISOString() };
}

const sha256 = (value: string) => createHash('sha256').update(value).digest();

/**
 * Who presents this bearer credential. The account is read again once `accounts` forgets it
 * (AUTH_CACHE_SECONDS, and at once where the change was made), so a deactivated account or a
 * changed role takes effect within seconds, not when the token expires.
 */
export async function authenticate(db: PrismaClient, credential: string, settings: AuthSettings, accounts: AnswerCache): Promise<Principal> {
  if (credential.startsWith(API_KEY_PREFIX)) return authenticateApiKey(db, credential);
  let accountId: string | undefined;
  try {
    const { payload } = await jwtVerify(credential, settings.tokenSecret, { issuer: TOKEN_ISSUER, algorithms: ['HS256'] });
    accountId = payload.sub;
  } catch {
    throw new UnauthenticatedError('the token is invalid or has expired');
  }
  if (!accountId || !z.uuid().safeParse(accountId).success) throw new UnauthenticatedError('the account is no longer active');
  const row = await accounts.get(`account:${accountId}`, () => db.account.findUnique({ where: { id: accountId }, select: { id: true, displayName: true, role: true, unitId: true, active: true } }));
  if (!row?.active) throw new UnauthenticatedError('the account is no longer active');
  return principalOf(row);
}

/** `pek_<key id without dashes>_<secret>`: the id finds the row, the secret is compared in constant time. */
async function authenticateApiKey(db: PrismaClient, credential: string): Promise<Principal> {
  const [, compactId, secret] = credential.split('_');
  const id = compactId?.match(/^([0-9a-f]{8})([0-9a-f]{4})([0-9a-f]{4})([0-9a-f]{4})([0-9a-f]{12})$/)?.slice(1).join('-');
  const row = id && secret ? await db.apiKey.findUnique({ where: { id } }) : null;
  if (!row || row.revokedAt || !secret || !timingSafeEqual(Buffer.from(row.secretHash, 'hex'), sha256(secret))) {
    throw new UnauthenticatedError('the API key is invalid or revoked');
  }
  await db.apiKey.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  return { id: row.id, name: `API: ${row.name}`, role: row.role, unitId: row.unitId };
}

export async function createApiKey(db: PrismaClient, input: z.infer<typeof createApiKeySchema>, actor: Actor) {
  const unitId = await unitIdFor(db, input.role, input.unit);
  const id = randomUUID();
  const secret = randomBytes(32).toString('base64url').replaceAll('_', '-');
  const view = { id, name: input.name, role: input.role, unit: input.unit ?? null };
  await db.$transaction(async (tx) => {
    await tx.apiKey.create({ data: { id, name: input.name, role: input.role, unitId, secretHash: sha256(secret).toString('hex'), createdBy: actor.id } });
    await recordAudit(tx, { actor, action: 'api_key.created', entityType: 'api_key', entityId: id, after: view });
  });
  return { ...view, key: `${API_KEY_PREFIX}${id.replaceAll('-', '')}_${secret}` };
}

export async function revokeApiKey(db: PrismaClient, id: string, actor: Actor): Promise<void> {
  await db.$transaction(async (tx) => {
    const row = await tx.apiKey.findUnique({ where: { id } });
    if (!row) throw new NotFoundError(`API key ${id} does not exist`);
    if (row.revokedAt) return;
    const revokedAt = new Date();
    await tx.apiKey.update({ where: { id }, data: { revokedAt } });
    await recordAudit(tx, { actor, action: 'api_key.revoked', entityType: 'api_key', entityId: id, before: { revokedAt: null }, after: { revokedAt } });
  });
}
