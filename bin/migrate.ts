/** Applies pending migrations to DATABASE_URL (the one-shot job of a deployment). */
import { migrate } from '../db/migrate';
import { databaseUrl, loadConfig } from '../platform/config';
import { createLogger } from '../platform/logger';

const log = createLogger('migrate');
migrate(databaseUrl(loadConfig()))
  .then((report) => log.info(report, 'migrations current'))
  .catch((error) => {
    log.fatal({ err: error }, 'migration failed');
    process.exit(1);
  });
