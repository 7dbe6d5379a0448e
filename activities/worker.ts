import { NativeConnection, Worker, type BundleOptions, type WorkerOptions as TemporalWorkerOptions } from '@temporalio/worker';
import { createActivities } from './index';
import type { ActivityDeps } from './index';
import { SECRET_IN_BUNDLE } from '../domain/command-signature';

/**
 * Node flags for a worker process. V8 sizes its heap from the machine's memory and collects
 * late, so a worker on a large machine grew past 2 GiB; a cap makes it collect in time. It
 * applies to each isolate, the workflow thread's too, and fits WORKER_MAX_CACHED_WORKFLOWS'
 * default (2,000 workflows at about 70 KB each). With 768 MB the worker peaked at 1.35 GiB in
 * a fan-out of 30,000; with 512 MB, under 1 GiB.
 */
export const WORKER_NODE_FLAGS = ['--max-old-space-size=512'];

/** Sent to the launcher over IPC once the worker polls its task queue. */
export const WORKER_READY = 'worker-ready';

export interface WorkerOptions extends ActivityDeps {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  maxCachedWorkflows: number;
}

type WebpackConfiguration = Parameters<NonNullable<BundleOptions['webpackConfigHook']>>[0];

/**
 * Defines the secret as a constant of the workflow bundle, which the worker makes in memory at
 * start: validators are synchronous code in the sandbox, with no process.env, and the secret
 * must never be a workflow input or a payload, which every history keeps and the Web UI shows.
 */
const withCommandSecret =
  (secret: string) =>
  (config: WebpackConfiguration): WebpackConfiguration => ({
    ...config,
    plugins: [
      ...(config.plugins ?? []),
      { apply: (compiler) => new compiler.webpack.DefinePlugin({ [SECRET_IN_BUNDLE]: JSON.stringify(secret) }).apply(compiler) },
    ],
  });

/** The engine's workflows, bundled with the command secret their Update validators check. */
export const engineWorkflows = (commandSecret: string): Pick<TemporalWorkerOptions, 'workflowsPath' | 'bundlerOptions'> => ({
  workflowsPath: require.resolve('../workflows'),
  bundlerOptions: { webpackConfigHook: withCommandSecret(commandSecret) },
});

/** The engine's worker: every workflow (bundled from workflows/) and every activity. */
/** The Update validators take only commands signed with `commandSecret`, which the activities sign theirs with too. */
export function createEngineWorker({ connection, namespace, taskQueue, maxCachedWorkflows, ...activityDeps }: WorkerOptions): Promise<Worker> {
  return Worker.create({
    connection,
    namespace,
    taskQueue,
    maxCachedWorkflows,
    ...engineWorkflows(activityDeps.commandSecret),
    activities: createActivities(activityDeps),
  });
}
