import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../activities';
import type { ActivityDeps } from '../activities';

/** Sent to the launcher over IPC once the worker polls its task queue. */
export const WORKER_READY = 'worker-ready';

export interface WorkerOptions extends ActivityDeps {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  maxCachedWorkflows: number;
}

/** The engine's worker: every workflow (bundled from workflows/) and every activity. */
export function createEngineWorker({ connection, namespace, taskQueue, maxCachedWorkflows, ...activityDeps }: WorkerOptions): Promise<Worker> {
  return Worker.create({
    connection,
    namespace,
    taskQueue,
    maxCachedWorkflows,
    workflowsPath: require.resolve('../workflows'),
    activities: createActivities(activityDeps),
  });
}
