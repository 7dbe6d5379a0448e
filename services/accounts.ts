/**
 * Accounts, passwords, bearer tokens and API keys. Passwords are argon2id hashes; tokens
 * are short-lived HS256 JWTs naming the account and its token version; API keys are random
 * secrets of which only a SHA-256 is stored. Whatever the credential, the answer is a Principal.
 */
import { createHash, createSecretKey, randomBytes, randomUUID, timingSafeEqual, type KeyObject } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { hash, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';
import { SignJWT, jwtVerify } from 'jose';
import { z } from 'zod';
import { actorOf, roles, type Actor, type Principal, type Role } from '../domain/access';
import { actingForDelegations, headsActedFor } from './delegations';
import { unitCodeSchema } from '../domain/units';
import type { Prisma, PrismaClient } from '../db/prisma';
import type { AnswerCache } from '../platform/answer-cache';
import { recordAudit } from '../db/audit';
import { ConflictError, ForbiddenError, NotFoundError, UnauthenticatedError, ValidationError } from '../platform/errors';
import { isUniqueViolation } from '../db/prisma-errors';
import { instantSchema, pageSchema, unitRefSchema } from './views';

export interface AuthSettings {
  /** The HMAC key for bearer tokens (AUTH_TOKEN_SECRET), imported once (jose would import raw bytes again on every verification). */
  tokenSecret: KeyObject;
  tokenTtlMinutes: number;
  /**
   * Tokens this process verified under `tokenSecret`, with their claims, kept until they expire:
   * what a token claims cannot change, and verifying it again is an HMAC through WebCrypto's
   * thread pool on every request. Whether its account still honours it is read every time.
   */
  verifiedTokens: LRUCache<string, TokenClaims>;
}

interface TokenClaims {
  accountId: string;
  version: number;
  /** Epoch milliseconds past which the token is refused: its expiry, or its issue time plus the token lifetime, whichever comes first. */
  validUntil: number;
}

/** At most this many verified tokens are kept per process; the least recently used go first. */
const VERIFIED_TOKENS = 10_000;

export function authSettings(tokenSecret: string, tokenTtlMinutes: number): AuthSettings {
  return { tokenSecret: createSecretKey(Buffer.from(tokenSecret, 'utf8')), tokenTtlMinutes, verifiedTokens: new LRUCache({ max: VERIFIED_TOKENS }) };
}

const TOKEN_ISSUER = 'plan-engine';
const API_KEY_PREFIX = 'pek_';

/** Spaces of any kind, and the invisible joiners that pass for nothing, at either end. */
const EDGE_SPACES = /^[\s\u180e\u200b-\u200d\u2060]+|[\s\u180e\u200b-\u200d\u2060]+$/gu;

/**
 * The one form of a username, for storing, looking up and counting failed sign-ins: trimmed of
 * every Unicode space, NFC (Vietnamese typed with combining marks is the same name), lower case.
 */
export const normaliseUsername = (raw: string): string => raw.replace(EDGE_SPACES, '').normalize('NFC').toLowerCase().normalize('NFC');

/** Latin letters with Vietnamese diacritics (precomposed, as NFC leaves them), digits, ".", "_", "-". */
const VIETNAMESE_LETTERS = 'a-zđàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ';
const USERNAME = new RegExp(`^[${VIETNAMESE_LETTERS}0-9][${VIETNAMESE_LETTERS}0-9._-]{2,63}$`, 'u');

const usernameSchema = z
  .string()
  .max(256)
  .overwrite(normaliseUsername)
  .regex(USERNAME, '3 to 64 letters (Vietnamese letters included), digits, ".", "_" or "-"');

/** At least 12 characters: long passphrases beat complexity rules (NIST SP 800-63B). The rest: assertPasswordAllowed. */
const PASSWORD_MIN_LENGTH = 12;
const passwordSchema = z.string().min(PASSWORD_MIN_LENGTH, `must be at least ${PASSWORD_MIN_LENGTH} characters`).max(256);

/** Letters and digits only, without diacritics: "Đắk.Hà-2024" and "dakha2024" compare alike. */
const folded = (value: string) =>
  value
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replaceAll('đ', 'd')
    .replace(/[^\p{L}\p{N}]/gu, '');

/** The common-password list zxcvbn-ts keeps (about 49,000 passwords from breaches), read once when first needed. */
let commonPasswords: Set<string> | undefined;
const isCommonPassword = (password: string) => {
  commonPasswords ??= new Set(dictionary['passwords-common']);
  const lower = password.normalize('NFC').toLowerCase();
  return commonPasswords.has(lower) || commonPasswords.has(lower.replace(/\s+/gu, ''));
};

/**
 * The password rules, in one place for creation, change and reset: 12 characters or more, not
 * containing the username, not one of the passwords most often found in breaches.
 */
export function assertPasswordAllowed(password: string, username: string, path: string): void {
  const problems: string[] = [];
  if ([...password].length < PASSWORD_MIN_LENGTH) problems.push(`must be at least ${PASSWORD_MIN_LENGTH} characters`);
  const name = folded(username);
  if (name.length >= 3 && folded(password).includes(name)) problems.push('must not contain the username');
  if (isCommonPassword(password)) problems.push('is one of the most common passwords');
  if (problems.length > 0) throw new ValidationError('the password is too easy to guess', problems.map((message) => ({ path, message })));
}

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

/** Any username is looked up in its normal form: a variant is the same name, for the limiter too. */
export const loginSchema = z.strictObject({ username: z.string().min(1).max(256).overwrite(normaliseUsername), password: z.string().min(1).max(256) });

export const changePasswordSchema = z.strictObject({ currentPassword: z.string().min(1).max(256), newPassword: passwordSchema });
export const resetPasswordSchema = z.strictObject({ password: passwordSchema });
export const accountStateSchema = z.strictObject({ reason: z.string().trim().min(1).max(500).optional() });
export const signOutSchema = z.strictObject({});
export const updateAccountSchema = z
  .strictObject({
    displayName: z.string().trim().min(1, 'must not be empty').max(200).optional(),
    email: z.email({ error: 'must be an email address' }).nullable().optional(),
    role: z.enum(roles).optional(),
    /** The unit's code; null for none (an admin only). */
    unit: unitCodeSchema.nullable().optional(),
  })
  .refine((change) => Object.keys(change).length > 0, { message: 'name at least one of displayName, email, role, unit' });

export const createApiKeySchema = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty').max(200),
  role: z.enum(roles),
  unit: unitCodeSchema.optional(),
});

export const hashPassword = (password: string): Promise<string> => hash(password); // argon2id, m=19 MiB, t=2, p=1 (OWASP)

/** Verified against when the username is unknown, so a miss costs what a wrong password costs. */
let decoyHash: Promise<string> | undefined;

/** A person's account, as every answer about one gives it (the account routes, GET /me, sign-in). */
export const accountSchema = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  role: z.enum(roles),
  /** Only an admin may have none. */
  unit: unitRefSchema.nullable(),
  active: z.boolean(),
  /** Set after an administrator's reset: the account may only change its password. */
  mustChangePassword: z.boolean(),
  lastLoginAt: instantSchema.nullable(),
});
export type AccountView = z.infer<typeof accountSchema>;
export const accountListSchema = pageSchema(accountSchema);

/** Another system's key, under the names an account's fields have. */
export const apiKeySchema = z.object({ id: z.uuid(), name: z.string(), role: z.enum(roles), unit: unitRefSchema.nullable() });
export const createdApiKeySchema = apiKeySchema.extend({
  /** The secret, shown once: null when a retry with the same Idempotency-Key replays the answer. */
  key: z.string().nullable(),
});

/** Who a credential belongs to: a person's account, or another system's API key. */
export const signedInSchema = z.union([accountSchema, apiKeySchema]);

/** A bearer token, when it expires, and the account it signs in. */
export const signInSchema = z.object({ token: z.string(), expiresAt: instantSchema, account: accountSchema });
export type SignIn = z.infer<typeof signInSchema>;

interface AccountRow {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  role: Role;
  active: boolean;
  mustChangePassword: boolean;
  lastLoginAt: Date | null;
  unit: z.infer<typeof unitRefSchema> | null;
}

const accountView = (row: AccountRow): AccountView => ({
  id: row.id,
  username: row.username,
  displayName: row.displayName,
  email: row.email,
  role: row.role,
  unit: row.unit,
  active: row.active,
  mustChangePassword: row.mustChangePassword,
  lastLoginAt: row.lastLoginAt?.toISOString() ?? null,
});
const withUnit = { unit: { select: { id: true, code: true, name: true } } } as const;

/** The unit a role with `code` belongs to; only an admin may have none. */
async function unitFor(db: Pick<PrismaClient, 'unit'>, role: Role, code: string | null | undefined): Promise<z.infer<typeof unitRefSchema> | null> {
  if (!code) {
    if (role === 'admin') return null;
    throw new ValidationError('this role belongs to a unit', [{ path: 'unit', message: `a ${role} must belong to a unit` }]);
  }
  const unit = await db.unit.findUnique({ where: { code }, select: { id: true, code: true, name: true } });
  if (!unit) throw new ValidationError('unknown unit', [{ path: 'unit', message: `unknown unit code ${code}` }]);
  return unit;
}

export async function createAccount(db: PrismaClient, input: CreateAccount, actor: Actor): Promise<AccountView> {
  const username = normaliseUsername(input.username);
  assertPasswordAllowed(input.password, username, 'password');
  const unitId = (await unitFor(db, input.role, input.unit))?.id ?? null;
  const passwordHash = await hashPassword(input.password);
  const id = randomUUID();
  try {
    return await db.$transaction(async (tx) => {
      const row = await tx.account.create({
        data: { id, username, displayName: input.displayName, email: input.email ?? null, role: input.role, unitId, passwordHash },
        include: withUnit,
      });
      const view = accountView(row);
      await recordAudit(tx, { actor, action: 'account.created', entityType: 'account', entityId: id, after: view });
      return view;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(`the username ${username} is taken`, { username });
    throw error;
  }
}

export async function listAccounts(db: PrismaClient, page: { limit: number; offset: number }): Promise<z.infer<typeof accountListSchema>> {
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

/** Who holds a credential: the principal, and for a person's account what the pages need to know of it. */
export interface Identity {
  principal: Principal;
  account?: { username: string; mustChangePassword: boolean };
  /** Signed into the token; an account's tokens end when its version moves on. */
  tokenVersion?: number;
}

/** Failed sign-ins are recorded under this actor: nobody is signed in yet. */
const anonymousActor = (requestId?: string): Actor => ({ id: 'anonymous', name: 'Chưa đăng nhập', role: 'system', ...(requestId && { requestId }) });

/**
 * Checks a username (in its normal form) and password; the same refusal whether the name or
 * the password is wrong. Every attempt, failed or not, goes to the audit trail with the address.
 */
export async function verifyLogin(db: PrismaClient, username: string, password: string, from: { address: string; requestId?: string }): Promise<Identity> {
  const row = await db.account.findUnique({ where: { username } });
  const matches = await verify(row?.passwordHash ?? (await (decoyHash ??= hashPassword(randomUUID()))), password);
  if (!row || !row.active || !matches) {
    const reason = !row ? 'unknown username' : !row.active ? 'account deactivated' : 'wrong password';
    await recordAudit(db, {
      actor: anonymousActor(from.requestId),
      action: 'account.sign_in_failed',
      entityType: 'account',
      entityId: row?.id ?? username,
      after: { username, address: from.address, reason },
    });
    throw new UnauthenticatedError('wrong username or password');
  }
  const principal = principalOf(row);
  await db.$transaction(async (tx) => {
    await tx.account.update({ where: { id: row.id }, data: { lastLoginAt: new Date() } });
    await recordAudit(tx, { actor: actorOf(principal, from.requestId), action: 'account.signed_in', entityType: 'account', entityId: row.id, after: { address: from.address } });
  });
  return { principal, account: { username: row.username, mustChangePassword: row.mustChangePassword }, tokenVersion: row.tokenVersion };
}

export async function issueToken(identity: Identity, settings: AuthSettings): Promise<{ token: string; expiresAt: string }> {
  const expiresAt = new Date(Date.now() + settings.tokenTtlMinutes * 60_000);
  const token = await new SignJWT({ role: identity.principal.role, ver: identity.tokenVersion ?? 0 })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(identity.principal.id)
    .setIssuer(TOKEN_ISSUER)
    .setIssuedAt()
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(settings.tokenSecret);
  return { token, expiresAt: expiresAt.toISOString() };
}

/** SHA-256 of a secret, for constant-time comparison with a stored or configured one. */
export const sha256 = (value: string): Buffer => createHash('sha256').update(value).digest();

const tokenAccountSelect = { id: true, username: true, displayName: true, role: true, unitId: true, active: true, tokenVersion: true, mustChangePassword: true } as const;

/**
 * Who presents this bearer credential. A token must carry an expiry, an issue time and the
 * account's token version; the account is read with it (through `accounts`, which keeps a row
 * at most AUTH_CACHE_SECONDS, by default not at all), so a sign-out, a password change or
 * reset and a deactivation end the account's earlier tokens on every API process.
 */
export async function authenticate(db: PrismaClient, credential: string, settings: AuthSettings, accounts: AnswerCache): Promise<Identity> {
  if (credential.startsWith(API_KEY_PREFIX)) return { principal: await authenticateApiKey(db, credential) };
  const { accountId, version } = await verifiedToken(credential, settings);
  // The account and the heads it stands in for (domain/delegations.ts), in one read.
  const row = await accounts.get(`account:${accountId}`, () =>
    db.account.findUnique({ where: { id: accountId }, select: { ...tokenAccountSelect, actingFor: actingForDelegations(new Date()) } }),
  );
  if (!row?.active) throw new UnauthenticatedError('the account is no longer active');
  if (row.tokenVersion !== version) throw new UnauthenticatedError('the token was ended by a sign-out or a password change; sign in again');
  const actingFor = headsActedFor(row.unitId, row.actingFor);
  const principal = { ...principalOf(row), ...(actingFor.length > 0 && { actingFor }) };
  return { principal, account: { username: row.username, mustChangePassword: row.mustChangePassword }, tokenVersion: row.tokenVersion };
}

/** The account and token version a bearer token names, once its signature, issuer, expiry and age pass. */
async function verifiedToken(credential: string, settings: AuthSettings): Promise<TokenClaims> {
  const known = settings.verifiedTokens.get(credential);
  if (known && Date.now() < known.validUntil) return known;
  let claims: TokenClaims;
  try {
    const { payload } = await jwtVerify(credential, settings.tokenSecret, {
      issuer: TOKEN_ISSUER,
      algorithms: ['HS256'],
      requiredClaims: ['sub', 'iat', 'exp', 'ver'],
      maxTokenAge: `${settings.tokenTtlMinutes} minutes`,
    });
    if (!payload.sub || !z.uuid().safeParse(payload.sub).success || !Number.isSafeInteger(payload.ver)) throw new Error('unexpected claims');
    claims = { accountId: payload.sub, version: payload.ver as number, validUntil: Math.min(payload.exp! * 1000, (payload.iat! + settings.tokenTtlMinutes * 60) * 1000) };
  } catch {
    throw new UnauthenticatedError('the token is invalid or has expired');
  }
  settings.verifiedTokens.set(credential, claims, { ttl: Math.max(1, claims.validUntil - Date.now()) });
  return claims;
}

/** The account behind a principal; an API key has none. */
async function ownAccount(db: PrismaClient, principal: Principal, what: string) {
  const row = await db.account.findUnique({ where: { id: principal.id } });
  if (!row) throw new ForbiddenError(`an API key has no account: only a person signed in may ${what}`);
  return row;
}

/** The account's own password change: the current password is required; every earlier token ends. */
export async function changeOwnPassword(db: PrismaClient, principal: Principal, input: z.infer<typeof changePasswordSchema>, actor: Actor): Promise<void> {
  const row = await ownAccount(db, principal, 'change a password');
  if (!(await verify(row.passwordHash, input.currentPassword))) {
    throw new ValidationError('the current password is wrong', [{ path: 'currentPassword', message: 'does not match the current password' }]);
  }
  if (input.newPassword === input.currentPassword) {
    throw new ValidationError('the new password is the current one', [{ path: 'newPassword', message: 'must differ from the current password' }]);
  }
  assertPasswordAllowed(input.newPassword, row.username, 'newPassword');
  const passwordHash = await hashPassword(input.newPassword);
  await db.$transaction(async (tx) => {
    await tx.account.update({
      where: { id: row.id },
      data: { passwordHash, mustChangePassword: false, passwordChangedAt: new Date(), tokenVersion: { increment: 1 } },
    });
    await revokeCalendarFeeds(tx, row.id);
    await recordAudit(tx, {
      actor,
      action: 'account.password_changed',
      entityType: 'account',
      entityId: row.id,
      before: { mustChangePassword: row.mustChangePassword },
      after: { mustChangePassword: false },
    });
  });
}

/**
 * A calendar feed's address is a credential too: whatever ends the account's sessions (a new
 * password, signing out everywhere, an administrator's reset) revokes its feeds as well.
 */
async function revokeCalendarFeeds(tx: Prisma.TransactionClient, accountId: string): Promise<void> {
  await tx.calendarFeed.updateMany({ where: { accountId, revokedAt: null }, data: { revokedAt: new Date() } });
}

/** Signs the account out everywhere: every token issued so far ends, and its calendar feeds. */
export async function signOutEverywhere(db: PrismaClient, principal: Principal, actor: Actor): Promise<void> {
  const row = await ownAccount(db, principal, 'sign out (revoke an API key instead)');
  await db.$transaction(async (tx) => {
    await tx.account.update({ where: { id: row.id }, data: { tokenVersion: { increment: 1 } } });
    await revokeCalendarFeeds(tx, row.id);
    await recordAudit(tx, { actor, action: 'account.signed_out', entityType: 'account', entityId: row.id });
  });
}

async function accountOrThrow(db: Pick<PrismaClient, 'account'>, id: string) {
  const row = await db.account.findUnique({ where: { id }, include: withUnit });
  if (!row) throw new NotFoundError(`account ${id} does not exist`);
  return row;
}

/** An admin sets a temporary password: the account's tokens end, and it must choose its own at the next sign-in. */
export async function resetPassword(db: PrismaClient, id: string, input: z.infer<typeof resetPasswordSchema>, actor: Actor): Promise<AccountView> {
  const row = await accountOrThrow(db, id);
  assertPasswordAllowed(input.password, row.username, 'password');
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    const updated = await tx.account.update({
      where: { id },
      data: { passwordHash, mustChangePassword: true, passwordChangedAt: new Date(), tokenVersion: { increment: 1 } },
      include: withUnit,
    });
    await revokeCalendarFeeds(tx, id);
    await recordAudit(tx, { actor, action: 'account.password_reset', entityType: 'account', entityId: id, before: { mustChangePassword: row.mustChangePassword }, after: { mustChangePassword: true } });
    return accountView(updated);
  });
}

/** Nobody locks the engine out of its own administration: the last active admin stays one. */
async function assertAnotherAdminRemains(db: Pick<PrismaClient, 'account'>, row: { id: string; role: Role; active: boolean }) {
  if (row.role !== 'admin' || !row.active) return;
  const others = await db.account.count({ where: { role: 'admin', active: true, id: { not: row.id } } });
  if (others === 0) throw new ConflictError('this is the last active admin account: make another admin first');
}

/** Deactivation ends the account's tokens at once; reactivation lets it sign in again. */
export async function setAccountActive(db: PrismaClient, id: string, active: boolean, input: z.infer<typeof accountStateSchema>, actor: Actor): Promise<AccountView> {
  if (!active && id === actor.id) throw new ConflictError('nobody may deactivate their own account');
  return db.$transaction(async (tx) => {
    const row = await accountOrThrow(tx, id);
    if (row.active === active) return accountView(row);
    if (!active) await assertAnotherAdminRemains(tx, row);
    const updated = await tx.account.update({ where: { id }, data: { active, ...(!active && { tokenVersion: { increment: 1 } }) }, include: withUnit });
    await recordAudit(tx, {
      actor,
      action: active ? 'account.reactivated' : 'account.deactivated',
      entityType: 'account',
      entityId: id,
      before: { active: row.active },
      after: { active, ...(input.reason && { reason: input.reason }) },
    });
    return accountView(updated);
  });
}

/** Name, email, role and unit; the new role and unit apply from the account's next request. */
export async function updateAccount(db: PrismaClient, id: string, input: z.infer<typeof updateAccountSchema>, actor: Actor): Promise<AccountView> {
  return db.$transaction(async (tx) => {
    const row = await accountOrThrow(tx, id);
    const role = input.role ?? row.role;
    if (id === actor.id && role !== row.role) throw new ConflictError('nobody may change their own role');
    if (role !== 'admin') await assertAnotherAdminRemains(tx, row);
    const unitId = (await unitFor(tx, role, input.unit === undefined ? row.unit?.code : input.unit))?.id ?? null;
    const updated = await tx.account.update({
      where: { id },
      data: { role, unitId, ...(input.displayName !== undefined && { displayName: input.displayName }), ...(input.email !== undefined && { email: input.email }) },
      include: withUnit,
    });
    const before = accountView(row);
    const after = accountView(updated);
    await recordAudit(tx, { actor, action: 'account.updated', entityType: 'account', entityId: id, before, after });
    return after;
  });
}

/** An account by id, as every answer about one gives it. */
export const accountOf = async (db: PrismaClient, id: string): Promise<AccountView> => accountView(await accountOrThrow(db, id));

/** Who a credential belongs to, as GET /me answers it: the account, or the API key. */
export async function signedIn(db: PrismaClient, identity: Identity): Promise<z.infer<typeof signedInSchema>> {
  const id = identity.principal.id;
  if (identity.account) return accountOf(db, id);
  const key = await db.apiKey.findUnique({ where: { id }, select: { id: true, name: true, role: true, unit: { select: { id: true, code: true, name: true } } } });
  if (!key) throw new NotFoundError(`API key ${id} does not exist`);
  return key;
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

export async function createApiKey(db: PrismaClient, input: z.infer<typeof createApiKeySchema>, actor: Actor): Promise<z.infer<typeof createdApiKeySchema> & { key: string }> {
  const unit = await unitFor(db, input.role, input.unit);
  const id = randomUUID();
  const secret = randomBytes(32).toString('base64url').replaceAll('_', '-');
  const view = { id, name: input.name, role: input.role, unit };
  await db.$transaction(async (tx) => {
    await tx.apiKey.create({ data: { id, name: input.name, role: input.role, unitId: unit?.id ?? null, secretHash: sha256(secret).toString('hex'), createdBy: actor.id } });
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
