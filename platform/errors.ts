/**
 * The errors the engine answers with. The API maps them to HTTP in one place
 * (api/problems.ts); nothing else decides status codes.
 */
export interface FieldIssue {
  /** Dotted path into the request body, e.g. `tasks.2.leadUnit`. */
  path: string;
  message: string;
  /** The reason in Vietnamese, for the officials who read it in the pages. */
  vi?: string;
}

export abstract class EngineError extends Error {
  constructor(
    message: string,
    readonly details: Record<string, unknown> = {},
    /** What an official reads in the pages, in Vietnamese; the pages word it by the kind of error otherwise. */
    readonly vi?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The request is malformed or refers to things that do not exist. */
export class ValidationError extends EngineError {
  constructor(
    message: string,
    readonly issues: FieldIssue[],
  ) {
    super(message);
  }
}

export class NotFoundError extends EngineError {}

/** The request is well-formed but the current state does not allow it. */
export class ConflictError extends EngineError {}

/** A dependency (Temporal, PostgreSQL) is unreachable; nothing was changed, try again. */
export class UnavailableError extends EngineError {
  constructor(
    message: string,
    readonly retryAfterSeconds = 5,
  ) {
    super(message);
  }
}

/** No credential, or one that is wrong, expired or revoked. */
export class UnauthenticatedError extends EngineError {}

/** The caller is known but their role and unit do not allow this. */
export class ForbiddenError extends EngineError {}

/** An administrator reset the account's password: it may do nothing else until it chooses its own. */
export class PasswordChangeRequiredError extends ForbiddenError {}

/** An Idempotency-Key reused with a different request: the first request's answer cannot stand for it. */
export class IdempotencyMismatchError extends EngineError {}

/** Too many attempts (sign-in); try again after the given number of seconds. */
export class RateLimitedError extends EngineError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/** A request body in a format the API does not read. */
export class UnsupportedMediaTypeError extends EngineError {}

/** A request body, or a file in it, beyond the size the API takes. */
export class PayloadTooLargeError extends EngineError {}
