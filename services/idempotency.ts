/**
 * Idempotency-Key: the first answer to a state-changing request is kept, and a retry of the
 * same request (same caller, key, method, path and body) gets that answer again instead of
 * acting twice. The same key with another request is refused.
 */
import { createHmac, type KeyObject } from 'node:crypto';
import type { Prisma, PrismaClient } from '../db/prisma';
import { ConflictError, IdempotencyMismatchError } from '../platform/errors';

export interface StoredAnswer {
  status: number;
  body: unknown;
  location: string | null;
}

export type Claim = { kind: 'new' } | { kind: 'replay'; answer: StoredAnswer };

/**
 * What tells one request from another under the same key. An HMAC, not a plain hash: a body may
 * hold a password (a new account, a password change), which a plain SHA-256 would leave open to
 * guessing offline from the table.
 */
export const requestFingerprint = (key: KeyObject, method: string, path: string, body: unknown): string =>
  createHmac('sha256', key).update(JSON.stringify([method, path, body ?? null])).digest('hex');

/**
 * Claims the key for this request, or answers what the first request with this key answered.
 * A first request that has not answered within `lockSeconds` died with its process: a retry
 * may run it again (state changes that go through a workflow join the first attempt).
 */
export async function claimKey(db: PrismaClient, scopedKey: string, fingerprint: string, ttlHours: number, lockSeconds: number, now = new Date()): Promise<Claim> {
  const { count } = await db.idempotencyRecord.createMany({ data: [{ scopedKey, fingerprint, createdAt: now }], skipDuplicates: true });
  if (count === 1) return { kind: 'new' };
  const existing = await db.idempotencyRecord.findUnique({ where: { scopedKey } });
  if (!existing) return claimKey(db, scopedKey, fingerprint, ttlHours, lockSeconds, now); // released meanwhile
  const expired = now.getTime() - existing.createdAt.getTime() > ttlHours * 3_600_000;
  const abandoned = existing.status === null && now.getTime() - existing.createdAt.getTime() > lockSeconds * 1_000;
  if (expired || abandoned) {
    // Take it over only if nobody else did in the meantime.
    const taken = await db.idempotencyRecord.updateMany({
      where: { scopedKey, createdAt: existing.createdAt },
      data: { fingerprint, createdAt: now, status: null, body: undefined, location: null, completedAt: null },
    });
    if (taken.count === 1) return { kind: 'new' };
    return claimKey(db, scopedKey, fingerprint, ttlHours, lockSeconds, now);
  }
  if (existing.fingerprint !== fingerprint) {
    throw new IdempotencyMismatchError('this Idempotency-Key was used for a different request; use a new key for a new request');
  }
  if (existing.status === null) throw new ConflictError('a request with this Idempotency-Key is still being handled; retry shortly');
  return { kind: 'replay', answer: { status: existing.status, body: existing.body, location: existing.location } };
}

export async function keepAnswer(db: PrismaClient, scopedKey: string, answer: StoredAnswer): Promise<void> {
  await db.idempotencyRecord.update({
    where: { scopedKey },
    data: { status: answer.status, body: (answer.body ?? undefined) as Prisma.InputJsonValue | undefined, location: answer.location, completedAt: new Date() },
  });
}

/** The request failed in a way a retry may not: forget the key so the retry runs. */
export async function releaseKey(db: PrismaClient, scopedKey: string): Promise<void> {
  await db.idempotencyRecord.deleteMany({ where: { scopedKey, status: null } });
}

/** Deletes the keys older than `ttlHours`: past it a retry runs as a new request, so the answer is of no use. */
export async function purgeExpiredKeys(db: PrismaClient, ttlHours: number, now = new Date()): Promise<number> {
  const { count } = await db.idempotencyRecord.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - ttlHours * 3_600_000) } } });
  return count;
}

/**
 * Purges expired keys at most once per `everyMs`, started by the requests that use keys (so an
 * idle process does no work, and no timer outlives it); the caller does not wait for it.
 */
export function expiredKeyPurger(db: PrismaClient, ttlHours: number, onError: (error: unknown) => void, everyMs = 60_000, clock: () => number = Date.now): () => void {
  let last = -Infinity;
  return () => {
    const now = clock();
    if (now - last < everyMs) return;
    last = now;
    purgeExpiredKeys(db, ttlHours, new Date(now)).catch(onError);
  };
}
