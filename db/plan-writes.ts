/**
 * A plan's rows live in PostgreSQL and its work in Temporal, two systems with no transaction
 * in common. A request that writes both (a new plan, an approved proposal) writes its rows in
 * a transaction that holds the plan's write lock and commits only once Temporal has taken its
 * part (the plan's workflow started, the assignment adopted). The workflow's first look at
 * those rows waits for the lock, so it finds them committed or never written: a request that
 * failed, or an API killed in between (PostgreSQL rolls back a dropped connection's work and
 * releases its locks), leaves a workflow that finds nothing to do.
 */
import type { Prisma, PrismaClient } from './prisma';

const lockKey = (planId: string) => `plan-writes:${planId}`;

/** Taken by a request before it writes the plan's rows; released when its transaction ends. */
export async function holdPlanWrites(tx: Prisma.TransactionClient, planId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${lockKey(planId)}, 0))`;
}

/**
 * Waits until no request is writing the plan's rows. A wait longer than a few seconds throws
 * (PostgreSQL's lock_timeout, within the transaction's own 5-second limit), so the activity's
 * retry policy, not a held connection, spans a long one.
 */
export async function awaitPlanWrites(db: PrismaClient, planId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.$executeRaw`SET LOCAL lock_timeout = '3s'`;
    await tx.$executeRaw`SELECT pg_advisory_xact_lock_shared(hashtextextended(${lockKey(planId)}, 0))`;
  });
}
