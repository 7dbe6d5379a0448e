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
