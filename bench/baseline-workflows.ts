/**
 * The baselines' workflows: the least a workflow can be, run by the benchmark's own worker on
 * its own task queue, so the engine's figures are compared with Temporal's floor on this machine.
 */
import { condition, defineSignal, defineUpdate, setHandler } from '@temporalio/workflow';

export const pingUpdate = defineUpdate<number, [number]>('ping');
export const finishSignal = defineSignal('finish');

/** Answers Updates with their argument until told to finish: a bare Update round trip. */
export async function pingWorkflow(): Promise<void> {
  let finished = false;
  setHandler(pingUpdate, (value) => value);
  setHandler(finishSignal, () => {
    finished = true;
  });
  await condition(() => finished);
}
