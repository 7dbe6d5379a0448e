// Version 2 of the example as the policy writes it: the new reminder behind patched().
import { patched, proxyActivities, sleep } from '@temporalio/workflow';
import type { ExampleActivities } from './activities';

const { raiseEscalation, sendReminder } = proxyActivities<ExampleActivities>({ startToCloseTimeout: '10 seconds' });

export async function noticeWorkflow(): Promise<void> {
  // Workflows started by version 1 replay without the reminder; new ones send it.
  if (patched('reminder-before-level')) await sendReminder({ index: 0 });
  await sleep(100);
  await raiseEscalation({ level: 1 });
}
