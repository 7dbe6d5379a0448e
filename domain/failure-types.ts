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
} as const;
