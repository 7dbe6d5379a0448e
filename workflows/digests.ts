import { proxyActivities } from '@temporalio/workflow';
import type { NoticeActivities } from '../activities/notices';
import { noticeActivityOptions, readModelActivityOptions } from './policies';

const { dueDigests } = proxyActivities<NoticeActivities>(readModelActivityOptions);
const { sendDigest } = proxyActivities<NoticeActivities>(noticeActivityOptions);

/** Digests sent at once: each is one activity, so one slow mailbox delays no other. */
const DIGESTS_AT_ONCE = 20;

/**
 * One round of daily digests, started by the `notice-digests-<task queue>` schedule every office minute:
 * every account with notices due by the round's start gets one digest of them. The round's
 * start (workflow time, kept in its history) names each digest, so an activity retried after a
 * worker died mid-send sends the same digest, once.
 */
export async function noticeDigestWorkflow(): Promise<number> {
  const cutoff = Date.now();
  const accounts = await dueDigests({ cutoff });
  for (let first = 0; first < accounts.length; first += DIGESTS_AT_ONCE) {
    await Promise.all(accounts.slice(first, first + DIGESTS_AT_ONCE).map((accountId) => sendDigest({ accountId, cutoff })));
  }
  return accounts.length;
}
