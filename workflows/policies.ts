import type { ActivityOptions } from '@temporalio/workflow';
import { failureTypes } from '../domain/failure-types';

/**
 * Read-model writes must land eventually: they retry without a limit while PostgreSQL is
 * away, backing off to one attempt a minute. A missing row will not appear by retrying.
 */
export const readModelActivityOptions: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    nonRetryableErrorTypes: [failureTypes.notFound],
  },
};
