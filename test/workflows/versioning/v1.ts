// Version 1 of the example: the level after a wait.
import { proxyActivities, sleep } from '@temporalio/workflow';
import type { ExampleActivities } from './activities';

const { raiseEscalation } = proxyActivities<ExampleActivities>({ startToCloseTimeout: '10 seconds' });

export async function noticeWorkflow(): Promise<void> {
  await sleep(100);
  await raiseEscalation({ level: 1 });
}
