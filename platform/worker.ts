import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../activities';
import type { PrismaClient } from '../db/prisma';
import type { Calendar } from '../domain/working-calendar';

/** Sent to the launcher over IPC once the worker polls its task queue. */
export const WORKER_READY = 'worker-ready';

export interface WorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  db: PrismaClient;
  calendar: Calendar;
}

/** The engine's worker: every workflow (bundled from workflows/) and every activity. */
export function createEngineWorker({ connection, namespace, taskQueue, db, calendar }: WorkerOptions): Promise<Worker> {
  return Worker.create({
    connection,
    namespace,
    taskQueue,
    workflowsPath: require.resolve('../workflows'),
    activities: createActivities(db, calendar),
  });
}
