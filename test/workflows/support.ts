/**
 * The engine's workflows on a real Temporal dev server, run by a worker in the test process
 * whose activities are plain functions the test writes: workflow logic in seconds, without
 * PostgreSQL, mail or the API.
 */
import { randomBytes } from 'node:crypto';
import type { UpdateDefinition } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { Signed } from '../../domain/command-signature';
import { locateTemporalCli, missingCliHelp, startTemporalServer } from '../../dev/temporal-server';
import { engineWorkflows } from '../../activities/worker';
import { executeSignedUpdate } from '../../platform/workflow-commands';

/** One activity call as the worker made it. */
export interface Call {
  name: string;
  input: Record<string, unknown>;
  /** When the worker ran it (ms since the epoch). */
  at: number;
}

export interface WorkflowTestBench {
  server: TestWorkflowEnvironment;
  taskQueue: string;
  /** Every activity call, in the order they ran. */
  calls: Call[];
  /** Sends a command as the API does: an Update signed with the worker's secret. */
  command<R, T extends object>(workflowId: string, update: UpdateDefinition<R, [Signed<T>]>, payload: T): Promise<R>;
  stop(): Promise<void>;
}

/** Dev server (in memory) on the CLI the other tests use. */
export async function startDevServer(): Promise<TestWorkflowEnvironment> {
  const cli = locateTemporalCli(process.env.TEMPORAL_CLI);
  if (!cli) throw new Error(missingCliHelp);
  return startTemporalServer({ cli, port: 0, namespace: 'default', fast: true });
}

type Activity = (input: Record<string, unknown>) => unknown;

/** A dev server and a worker of the engine's workflows whose activities record every call and answer as `activities` say. */
export async function startWorkflowTestBench(activities: Record<string, Activity>): Promise<WorkflowTestBench> {
  const server = await startDevServer();
  const taskQueue = 'workflow-tests';
  const commandSecret = randomBytes(32).toString('hex');
  const calls: Call[] = [];
  const recording = Object.fromEntries(
    Object.entries(activities).map(([name, activity]) => [
      name,
      async (input: Record<string, unknown>) => {
        calls.push({ name, input, at: Date.now() });
        return activity(input);
      },
    ]),
  );
  const worker = await Worker.create({ connection: server.nativeConnection, taskQueue, ...engineWorkflows(commandSecret), activities: recording });
  const running = worker.run();
  return {
    server,
    taskQueue,
    calls,
    command: (workflowId, update, payload) => executeSignedUpdate({ temporal: server.client, commandSecret }, workflowId, update, payload),
    async stop() {
      worker.shutdown();
      await running;
      await server.teardown();
    },
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
