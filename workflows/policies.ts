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
    nonRetryableErrorTypes: [failureTypes.notFound, failureTypes.conflict],
  },
};

/**
 * Notices retry without limit too (a mail server may be down for hours), backing off to one
 * attempt every five minutes; what was already sent is not sent again (see activities/notices).
 */
export const noticeActivityOptions: ActivityOptions = {
  startToCloseTimeout: '1 minute',
  retry: {
    initialInterval: '5 seconds',
    backoffCoefficient: 2,
    maximumInterval: '5 minutes',
    nonRetryableErrorTypes: [failureTypes.notFound],
  },
};
