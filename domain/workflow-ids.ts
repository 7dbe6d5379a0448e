/**
 * Workflow ids derive from domain ids, so a repeated start for the same plan or
 * assignment hits Temporal's uniqueness check instead of creating a duplicate.
 */
export const planWorkflowId = (planId: string): string => `plan-${planId}`;
export const assignmentWorkflowId = (assignmentId: string): string => `assignment-${assignmentId}`;
export const amendmentWorkflowId = (amendmentId: string): string => `plan-amendment-${amendmentId}`;
/** The schedule of digest rounds, and the id of each round it starts (a round still running makes the next one skip). */
export const DIGEST_SCHEDULE_ID = 'notice-digests';
export const noticeDigestWorkflowType = 'noticeDigestWorkflow';
