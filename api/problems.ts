/**
 * Every error becomes an RFC 9457 problem document here and nowhere else. Stack traces
 * and internal messages never leave the process.
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ConflictError, EngineError, NotFoundError, UnavailableError, ValidationError, type FieldIssue } from '../services/errors';
import type { Logger } from '../platform/logger';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: FieldIssue[];
  [extension: string]: unknown;
}

const problemType = (slug: string): string => `/problems/${slug}`;

const internalProblem: Problem = {
  type: problemType('internal'),
  title: 'Internal error',
  status: 500,
  detail: 'the server failed to handle the request',
};

/** Extension members (error details) never override the standard ones. */
function engineProblem(error: EngineError): Problem {
  if (error instanceof ValidationError) {
    return { type: problemType('validation'), title: 'Invalid request', status: 400, detail: error.message, errors: error.issues };
  }
  if (error instanceof NotFoundError) {
    return { ...error.details, type: problemType('not-found'), title: 'Not found', status: 404, detail: error.message };
  }
  if (error instanceof ConflictError) {
    return { ...error.details, type: problemType('conflict'), title: 'Conflict with the current state', status: 409, detail: error.message };
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

export function problemHandler(log: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const problem =
      error instanceof EngineError
        ? engineProblem(error)
        : hasClientStatus(error)
          ? bodyParserProblem(error)
          : internalProblem;
    if (problem.status === 500) log.error({ err: error, method: req.method, path: req.path }, 'request failed');
    else if (problem.status === 503) log.warn({ method: req.method, path: req.path, detail: problem.detail }, 'dependency unavailable');
    if (error instanceof UnavailableError) res.setHeader('Retry-After', String(error.retryAfterSeconds));
    res.status(problem.status).type('application/problem+json').json({ ...problem, instance: req.originalUrl });
  };
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new NotFoundError(`no route ${req.method} ${req.path}`));
};
