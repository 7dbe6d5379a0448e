/** The Temporal worker process: runs workflows and activities until SIGINT/SIGTERM, then drains. */
import { NativeConnection, Runtime, makeTelemetryFilterString, type Worker } from '@temporalio/worker';
import { createChannels } from '../activities/channels';
import { createPrisma } from '../db/prisma';
import { ladderDaysOf, loadCalendar } from '../platform/calendar';
import { commandSecret, databaseUrl, loadConfig, temporalAddress } from '../platform/config';
import { createLogger, toTemporalLogger } from '../platform/logger';
import { temporalConnectionOptions } from '../platform/temporal-client';
import { WORKER_READY, createEngineWorker } from '../activities/worker';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger('worker', config.LOG_LEVEL);
  Runtime.install({
    logger: toTemporalLogger(log),
    telemetryOptions: {
      logging: { filter: makeTelemetryFilterString({ core: 'WARN' }), forward: {} },
      // Task slots, poll latencies, workflow and activity outcomes, cache size: scraped at /metrics.
      ...(config.WORKER_METRICS_ADDRESS && { metrics: { prometheus: { bindAddress: config.WORKER_METRICS_ADDRESS, countersTotalSuffix: true } } }),
    },
    // Signals are handled below, so that one arriving before the worker exists stops us too.
    shutdownSignals: [],
  });

  let worker: Worker | undefined;
  let stopRequested = false;
  const stop = (reason: string) => {
    log.info({ reason }, 'worker stopping');
    stopRequested = true;
    if (worker?.getState() === 'RUNNING') worker.shutdown();
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  // Started by the launcher: drain and stop with it, even if it dies without a word.
  if (process.send) {
    process.once('disconnect', () => stop('launcher gone'));
    process.channel?.unref(); // the channel alone must not keep the process alive
  }

  const db = createPrisma(databaseUrl(config), config.DATABASE_POOL_SIZE);
  const channels = createChannels(config);
  const secret = commandSecret(config);
  const calendar = loadCalendar(config);
  const connection = await NativeConnection.connect(temporalConnectionOptions(config));
  try {
    worker = await createEngineWorker({
      connection,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
      commandSecret: secret,
      db,
      calendar,
      channels,
      publicUrl: config.PUBLIC_URL,
      ladderDays: ladderDaysOf(config, calendar),
    });
    if (stopRequested) return;
    const running = worker.run();
    log.info({ taskQueue: config.TEMPORAL_TASK_QUEUE, temporal: temporalAddress(config) }, 'worker started');
    process.send?.(WORKER_READY);
    await running;
    log.info('worker stopped');
  } finally {
    channels.close?.();
    await connection.close();
    await db.$disconnect();
  }
}

main().catch((error) => {
  createLogger('worker').fatal({ err: error }, 'worker failed');
  process.exit(1);
});
