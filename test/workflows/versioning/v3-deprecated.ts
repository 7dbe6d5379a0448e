// Version 3 of the example, once no workflow started by version 1 runs: the patch deprecated.
import { deprecatePatch, proxyActivities, sleep } from '@temporalio/workflow';
import type { ExampleActivities } from './activities';

const { raiseEscalation, sendReminder } = proxyActivities<ExampleActivities>({ startToCloseTimeout: '10 seconds' });

export async function noticeWorkflow(): Promise<void> {
  deprecatePatch('reminder-before-level');
  await sendReminder({ index: 0 });
  await sleep(100);
  await raiseEscalation({ level: 1 });
}
