/**
 * Workflow ids derive from domain ids, so a repeated start for the same plan or
 * assignment hits Temporal's uniqueness check instead of creating a duplicate.
 */
export const planWorkflowId = (planId: string): string => `plan-${planId}`;
export const assignmentWorkflowId = (assignmentId: string): string => `assignment-${assignmentId}`;
export const amendmentWorkflowId = (amendmentId: string): string => `plan-amendment-${amendmentId}`;
/**
 * The schedule of digest rounds for the workers of one task queue, and the id of each round it
 * starts (a round still running makes the next one skip). Per queue: two deployments sharing a
 * namespace (a trial and production on one cluster) each send their own digests.
 */
export const digestScheduleId = (taskQueue: string): string => `notice-digests-${taskQueue}`;
export const noticeDigestWorkflowType = 'noticeDigestWorkflow';
