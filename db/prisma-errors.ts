import { Prisma } from '../generated/prisma/client';

/** A unique constraint refused the row (Prisma's P2002). */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

/** Prisma's codes for a database it cannot reach, lost on the way, or a transaction cut short with it. */
const unreachableCodes = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2028']);
const unreachableKinds = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);
/** What the pg driver and Prisma say when the connection goes away mid-request. */
const lostConnection = /can't reach database server|connection terminated|server closed the connection|terminating connection|ECONNREFUSED|ECONNRESET|EPIPE|connection refused/i;

/** PostgreSQL is down or out of reach (not: the request was wrong). */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientInitializationError) return true;
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    if (unreachableCodes.has(error.code)) return true;
    const kind = (error.meta as { driverAdapterError?: { cause?: { kind?: string } } } | undefined)?.driverAdapterError?.cause?.kind;
    if (kind !== undefined && unreachableKinds.has(kind)) return true;
  }
  return (error instanceof Prisma.PrismaClientKnownRequestError || error instanceof Prisma.PrismaClientUnknownRequestError || error instanceof Error) &&
    lostConnection.test(error.message);
}

/** The SQLSTATE and message of a PostgreSQL error, as the driver adapter passes them on. */
function postgresError(error: unknown): { state: string; message: string } | undefined {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return undefined;
  const cause = (error.meta as { driverAdapterError?: { cause?: { originalCode?: unknown; originalMessage?: unknown } } } | undefined)?.driverAdapterError?.cause;
  return typeof cause?.originalCode === 'string' ? { state: cause.originalCode, message: String(cause.originalMessage ?? error.message) } : undefined;
}

/** Constraints the data itself breaks (not null, foreign key, check, exclusion, restrict); a unique one may be a concurrent writer. */
const dataConstraintStates = new Set(['23502', '23503', '23514', '23P01', '23001']);

/**
 * PostgreSQL's reason when it refused the data itself: a data exception (class 22: bad text,
 * an invalid JSON escape, a number out of range) or a constraint that no concurrent writer
 * explains. The same write fails on every attempt. Undefined for any other error.
 */
export function dataRefusal(error: unknown): string | undefined {
  const refused = postgresError(error);
  return refused && (refused.state.startsWith('22') || dataConstraintStates.has(refused.state)) ? `${refused.message} (SQLSTATE ${refused.state})` : undefined;
}
