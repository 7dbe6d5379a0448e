// The example's new behaviour with no patch: what version 2 must not be, and what the code
// becomes once the patch is retired (no workflow that predates version 3 runs).
import { proxyActivities, sleep } from '@temporalio/workflow';
import type { ExampleActivities } from './activities';

const { raiseEscalation, sendReminder } = proxyActivities<ExampleActivities>({ startToCloseTimeout: '10 seconds' });

export async function noticeWorkflow(): Promise<void> {
  await sendReminder({ index: 0 });
  await sleep(100);
  await raiseEscalation({ level: 1 });
}
