import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../activities';
import type { PrismaClient } from '../db/prisma';

/** Sent to the launcher over IPC once the worker polls its task queue. */
export const WORKER_READY = 'worker-ready';

export interface WorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  db: PrismaClient;
}

/** The engine's worker: every workflow (bundled from workflows/) and every activity. */
export function createEngineWorker({ connection, namespace, taskQueue, db }: WorkerOptions): Promise<Worker> {
  return Worker.create({
    connection,
    namespace,
    taskQueue,
    workflowsPath: require.resolve('../workflows'),
    activities: createActivities(db),
  });
}
