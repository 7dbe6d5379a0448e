/** Applies pending migrations to DATABASE_URL and makes the evidence file store's folder or bucket (the one-shot job of a deployment). */
import { migrate } from '../db/migrate';
import { databaseUrl, loadConfig } from '../platform/config';
import { createFileStore } from '../platform/file-stores';
import { createLogger } from '../platform/logger';

const log = createLogger('migrate');
const config = loadConfig();
migrate(databaseUrl(config))
  .then(async (report) => {
    log.info(report, 'migrations current');
    const files = createFileStore(config);
    await files.prepare();
    log.info({ location: files.location }, 'file store ready');
  })
  .catch((error) => {
    log.fatal({ err: error }, 'migration failed');
    process.exit(1);
  });
