import type { ActivityOptions, LocalActivityOptions, RetryPolicy } from '@temporalio/workflow';
import { failureTypes } from '../domain/failure-types';

/**
 * Read-model writes must land eventually: they retry without a limit while PostgreSQL is
 * away, backing off to one attempt a minute. A missing row will not appear by retrying, nor
 * will data that PostgreSQL refuses be taken on a later attempt.
 * A write takes milliseconds; the short timeout is how soon the work of a worker that died
 * mid-activity is tried again elsewhere.
 */
const readModelRetry: RetryPolicy = {
  initialInterval: '1 second',
  backoffCoefficient: 2,
  maximumInterval: '1 minute',
  nonRetryableErrorTypes: [failureTypes.notFound, failureTypes.conflict, failureTypes.unrecordable],
};

export const readModelActivityOptions: ActivityOptions = { startToCloseTimeout: '10 seconds', retry: readModelRetry };

/**
 * The same writes run as local activities where a caller waits on them (an Update's answer, a
 * new workflow's schedule): in the worker, inside the workflow task, without the two extra
 * trips through the Temporal server that a scheduled activity costs. Retries beyond a minute
 * continue as timers, still without a limit.
 */
export const localReadModelActivityOptions: LocalActivityOptions = { startToCloseTimeout: '10 seconds', retry: readModelRetry };

/**
 * Notices retry without limit too (a mail server may be down for hours), backing off to one
 * attempt every five minutes; what was already sent is not sent again (see activities/notices).
 * The mail and webhook clients give up within 15 seconds (activities/channels), so 20 seconds
 * bounds an attempt, and a notice a dead worker held is resent that soon after.
 */
export const noticeActivityOptions: ActivityOptions = {
  startToCloseTimeout: '20 seconds',
  retry: {
    initialInterval: '5 seconds',
    backoffCoefficient: 2,
    maximumInterval: '5 minutes',
    nonRetryableErrorTypes: [failureTypes.notFound],
  },
};

/**
 * Starting a page of assignment workflows, or sending an amendment's commands to them, takes
 * seconds; the heartbeat after each lets the work of a worker that died be taken up again
 * within half a minute, and a retry repeats nothing (each workflow id is started once, each
 * amendment's Update id is sent once).
 */
export const fanOutActivityOptions: ActivityOptions = {
  ...readModelActivityOptions,
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: '30 seconds',
};

