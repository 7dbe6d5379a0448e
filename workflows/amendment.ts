import { proxyActivities } from '@temporalio/workflow';
import type { AmendmentActivities } from '../activities/amendments';
import type { NoticeActivities } from '../activities/notices';
import type { PlanAmendmentWorkflowInput } from './definitions';
import { fanOutActivityOptions, noticeActivityOptions, readModelActivityOptions } from './policies';

const { amendmentRecorded, recordAmendmentApplied } = proxyActivities<AmendmentActivities>(readModelActivityOptions);
const { applyAmendmentCommands } = proxyActivities<AmendmentActivities>(fanOutActivityOptions);
const { sendAmendmentNotice } = proxyActivities<NoticeActivities>(noticeActivityOptions);

/** Units told at once: each notice is one activity, so one slow mailbox delays no other. */
const NOTICES_AT_ONCE = 20;

/**
 * Carries out one amendment of a running plan once its rows are committed: every assignment it
 * concerns takes its command, then each unit concerned is told once, then the amendment is
 * recorded as applied. A request that failed before committing leaves a workflow with nothing to do.
 */
export async function planAmendmentWorkflow({ amendmentId, planId }: PlanAmendmentWorkflowInput): Promise<{ applied: number; skipped: number } | null> {
  if (!(await amendmentRecorded({ amendmentId, planId }))) return null;
  const { units, ...outcome } = await applyAmendmentCommands({ amendmentId });
  for (let first = 0; first < units; first += NOTICES_AT_ONCE) {
    const batch = Array.from({ length: Math.min(NOTICES_AT_ONCE, units - first) }, (_, offset) => first + offset);
    await Promise.all(batch.map((unitIndex) => sendAmendmentNotice({ amendmentId, unitIndex })));
  }
  await recordAmendmentApplied({ amendmentId, outcome });
  return outcome;
}
