/**
 * Every error becomes an RFC 9457 problem document here and nowhere else. Stack traces
 * and internal messages never leave the process.
 */
import { status } from '@grpc/grpc-js';
import { ServiceError } from '@temporalio/client';
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { z } from 'zod';
import {
  ConflictError,
  EngineError,
  ForbiddenError,
  IdempotencyMismatchError,
  NotFoundError,
  PasswordChangeRequiredError,
  PayloadTooLargeError,
  RateLimitedError,
  UnauthenticatedError,
  UnavailableError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../platform/errors';
import type { Logger } from '../platform/logger';
import { isDatabaseUnavailable } from '../db/prisma-errors';
import { DocumentTextError, type DocumentTextFault } from '../services/document-text';

/** RFC 9457 problem details; extension members (such as `existingPlanId`) may follow. */
export const problemSchema = z.looseObject({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  /** What the pages show an official, in Vietnamese, where the engine words it; they word it by `type` otherwise. */
  detailVi: z.string().optional(),
  instance: z.string().optional(),
  /** For 400: each field that failed, as a dotted path, and why (in English, and in Vietnamese as `vi`). */
  errors: z.array(z.strictObject({ path: z.string(), message: z.string(), vi: z.string().optional() })).optional(),
});
export type Problem = z.infer<typeof problemSchema>;

const problemType = (slug: string): string => `/problems/${slug}`;

const internalProblem: Problem = {
  type: problemType('internal'),
  title: 'Internal error',
  status: 500,
  detail: 'the server failed to handle the request',
};

/** A document the reader cannot take: too large (413), not a kind it reads (415), or unreadable as it is (422). */
const documentFaultStatus: Record<DocumentTextFault, [number, string]> = {
  'too-large': [413, 'Document too large'],
  'unpacks-too-large': [413, 'Document too large'],
  unsupported: [415, 'Unsupported document'],
  empty: [422, 'Document cannot be read'],
  'not-utf8': [422, 'Document cannot be read'],
  encrypted: [422, 'Document cannot be read'],
  corrupt: [422, 'Document cannot be read'],
  'too-many-pages': [422, 'Document cannot be read'],
  'no-text': [422, 'Document cannot be read'],
  timeout: [422, 'Document cannot be read'],
};

/** Extension members (error details) never override the standard ones. */
function engineProblem(error: EngineError): Problem {
  const problem = problemOf(error);
  return error.vi ? { ...problem, detailVi: error.vi } : problem;
}

function problemOf(error: EngineError): Problem {
  if (error instanceof ValidationError) {
    return { type: problemType('validation'), title: 'Invalid request', status: 400, detail: error.message, errors: error.issues };
  }
  if (error instanceof NotFoundError) {
    return { ...error.details, type: problemType('not-found'), title: 'Not found', status: 404, detail: error.message };
  }
  if (error instanceof ConflictError) {
    return { ...error.details, type: problemType('conflict'), title: 'Conflict with the current state', status: 409, detail: error.message };
  }
  if (error instanceof UnauthenticatedError) {
    return { type: problemType('unauthenticated'), title: 'Sign-in required', status: 401, detail: error.message };
  }
  if (error instanceof PasswordChangeRequiredError) {
    return { type: problemType('password-change-required'), title: 'Password change required', status: 403, detail: error.message };
  }
  if (error instanceof ForbiddenError) {
    return { type: problemType('forbidden'), title: 'Not allowed', status: 403, detail: error.message };
  }
  if (error instanceof IdempotencyMismatchError) {
    return { type: problemType('idempotency-key-reused'), title: 'Idempotency-Key reused for another request', status: 422, detail: error.message };
  }
  if (error instanceof UnsupportedMediaTypeError) {
    return { ...error.details, type: problemType('unsupported-media-type'), title: 'Unsupported media type', status: 415, detail: error.message };
  }
  if (error instanceof DocumentTextError) {
    const [status, title] = documentFaultStatus[error.fault];
    return { type: problemType(`document-${error.fault}`), title, status, detail: error.message, fault: error.fault };
  }
  if (error instanceof PayloadTooLargeError) {
    return { ...error.details, type: problemType('payload-too-large'), title: 'Request body too large', status: 413, detail: error.message };
  }
  if (error instanceof RateLimitedError) {
    return { type: problemType('rate-limited'), title: 'Too many attempts', status: 429, detail: error.message };
  }
  if (error instanceof UnavailableError) {
    return { type: problemType('unavailable'), title: 'Temporarily unavailable', status: 503, detail: error.message };
  }
  return internalProblem;
}

/** Errors that Express's body parser raises carry an HTTP status and a `type`. */
function bodyParserProblem(error: { status: number; type?: string; message: string }): Problem {
  if (error.type === 'entity.too.large') {
    return { type: problemType('payload-too-large'), title: 'Request body too large', status: 413, detail: error.message };
  }
  if (error.type === 'entity.parse.failed') {
    return { type: problemType('malformed-json'), title: 'Malformed JSON', status: 400, detail: 'the request body is not valid JSON' };
  }
  return { type: problemType('bad-request'), title: 'Bad request', status: error.status, detail: error.message };
}

const hasClientStatus = (error: unknown): error is { status: number; type?: string; message: string } =>
  typeof error === 'object' && error !== null && typeof (error as { status?: unknown }).status === 'number' &&
  (error as { status: number }).status >= 400 && (error as { status: number }).status < 500;

/** gRPC UNAVAILABLE and DEADLINE_EXCEEDED from the Temporal client: the server is away, not the request wrong. */
const isTemporalUnavailable = (error: unknown): boolean =>
  error instanceof ServiceError && [status.UNAVAILABLE, status.DEADLINE_EXCEEDED].includes((error.cause as { code?: number } | undefined)?.code ?? -1);

/** What cannot be done now but may be soon: answered 503 with Retry-After, never 500. */
export function asUnavailable(error: unknown): UnavailableError | undefined {
  if (error instanceof UnavailableError) return error;
  if (error instanceof EngineError) return undefined;
  if (isDatabaseUnavailable(error)) return new UnavailableError('the database cannot be reached; nothing was changed, try again shortly');
  if (isTemporalUnavailable(error)) return new UnavailableError('the workflow service cannot be reached; try again shortly');
  return undefined;
}

/** The problem document an error is answered with. */
export function problemFor(error: unknown): Problem {
  if (error instanceof EngineError) return engineProblem(error);
  const unavailable = asUnavailable(error);
  if (unavailable) return engineProblem(unavailable);
  if (hasClientStatus(error)) return bodyParserProblem(error);
  return internalProblem;
}

export function sendProblem(res: Response, problem: Problem): void {
  res.status(problem.status).type('application/problem+json').json(problem);
}

export function problemHandler(log: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const problem = problemFor(error);
    if (problem.status === 500) log.error({ err: error, method: req.method, path: req.path, requestId: res.locals.requestId }, 'request failed');
    else if (problem.status === 503) log.warn({ method: req.method, path: req.path, detail: problem.detail }, 'dependency unavailable');
    const retryAfter = asUnavailable(error) ?? (error instanceof RateLimitedError ? error : undefined);
    if (retryAfter) res.setHeader('Retry-After', String(retryAfter.retryAfterSeconds));
    if (error instanceof UnauthenticatedError) res.setHeader('WWW-Authenticate', 'Bearer realm="plan-engine"');
    sendProblem(res, { ...problem, instance: req.originalUrl });
  };
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new NotFoundError(`no route ${req.method} ${req.path}`));
};
