/** The HTTP API process. On SIGINT/SIGTERM it stops accepting, finishes in-flight requests and exits. */
import { apiOptions, createApp } from '../api/app';
import { createPrisma } from '../db/prisma';
import { databaseUrl, loadConfig } from '../platform/config';
import { engineDeps } from '../services/deps';
import { createLogger } from '../platform/logger';
import { connectTemporalClient } from '../platform/temporal-client';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger('api', config.LOG_LEVEL);
  const db = createPrisma(databaseUrl(config), config.DATABASE_POOL_SIZE);
  const temporal = await connectTemporalClient(config);
  const app = createApp(engineDeps(config, db, temporal), log, apiOptions(config));
  const server = app.listen(config.API_PORT, config.API_HOST, () => {
    log.info({ url: `http://${config.API_HOST}:${config.API_PORT}` }, 'api listening');
  });

  const stop = (signal: string) => {
    log.info({ signal }, 'api stopping');
    server.close(async () => {
      await temporal.connection.close();
      await db.$disconnect();
      log.info('api stopped');
      process.exit(0);
    });
    server.closeIdleConnections();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  // Started by the launcher: stop with it, even if it dies without a word.
  if (process.send) process.once('disconnect', () => stop('launcher gone'));
  process.channel?.unref(); // the channel alone must not keep the process alive
}

main().catch((error) => {
  createLogger('api').fatal({ err: error }, 'api failed');
  process.exit(1);
});
