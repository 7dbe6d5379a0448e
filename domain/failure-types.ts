/**
 * Names of the failures that cross the Temporal boundary (ApplicationFailure.type), shared
 * by activities, workflows and the API that maps them to HTTP answers.
 */
export const failureTypes = {
  /** The transition is not allowed in the assignment's current state. */
  invalidTransition: 'InvalidTransition',
  /** An update's payload failed validation inside the workflow. */
  invalidPayload: 'InvalidPayload',
  /** A row the activity needs does not exist; retrying will not make it appear. */
  notFound: 'NotFound',
  /** The change would break a uniqueness rule of the read model (e.g. one unit holding a task twice). */
  conflict: 'Conflict',
  /** A command without the API's valid, fresh signature (domain/command-signature.ts): refused before it enters the history. */
  untrustedCommand: 'UntrustedCommand',
  /**
   * The read model refused the data itself (PostgreSQL's class 22, or a constraint that no race
   * explains): the same write fails on every attempt, so it is not retried.
   */
  unrecordable: 'Unrecordable',
} as const;
