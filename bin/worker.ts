/** The Temporal worker process: runs workflows and activities until SIGINT/SIGTERM, then drains. */
import { NativeConnection, Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import { createPrisma } from '../db/prisma';
import { databaseUrl, loadConfig, temporalAddress } from '../platform/config';
import { createLogger, toTemporalLogger } from '../platform/logger';
import { createEngineWorker } from '../platform/worker';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger('worker', config.LOG_LEVEL);
  Runtime.install({
    logger: toTemporalLogger(log),
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'WARN' }), forward: {} } },
  });
  const db = createPrisma(databaseUrl(config), config.DATABASE_POOL_SIZE);
  const connection = await NativeConnection.connect({ address: temporalAddress(config) });
  try {
    const worker = await createEngineWorker({ connection, namespace: config.TEMPORAL_NAMESPACE, taskQueue: config.TEMPORAL_TASK_QUEUE, db });
    log.info({ taskQueue: config.TEMPORAL_TASK_QUEUE, temporal: temporalAddress(config) }, 'worker started');
    await worker.run();
    log.info('worker stopped');
  } finally {
    await connection.close();
    await db.$disconnect();
  }
}

main().catch((error) => {
  createLogger('worker').fatal({ err: error }, 'worker failed');
  process.exit(1);
});
