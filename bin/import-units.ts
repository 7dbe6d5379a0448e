/**
 * `npm run import-units -- <file.csv|file.json>`: adds and updates a province's units from a
 * file, in the configured database (DATABASE_URL, or the embedded one while `npm start`
 * runs). Shows a progress bar on a terminal and JSON progress lines otherwise.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { systemActor } from '../domain/access';
import { parseUnitFile } from '../domain/unit-files';
import { createPrisma } from '../db/prisma';
import { databaseUrl, loadConfig } from '../platform/config';
import { createLogger } from '../platform/logger';
import { importUnits } from '../services/units';

const log = createLogger('import-units');

function progress(done: number, total: number): void {
  if (process.stderr.isTTY) {
    const width = 30;
    const filled = Math.round((done / total) * width);
    process.stderr.write(`\r  [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} units`);
    if (done === total) process.stderr.write('\n');
  } else log.info({ done, total }, 'importing units');
}

async function main(): Promise<void> {
  const file = process.argv[2];
  if (!file) throw new Error('usage: npm run import-units -- <units.csv|units.json>');
  const { units, issues } = parseUnitFile(file, readFileSync(path.resolve(file), 'utf8'));
  if (issues.length > 0) {
    for (const issue of issues) log.error(issue, 'invalid unit');
    throw new Error(`${issues.length} problem(s) in ${file}; nothing was imported`);
  }
  const db = createPrisma(databaseUrl(loadConfig()), 1);
  try {
    const report = await importUnits(db, units, { ...systemActor, name: `Nhập từ tệp ${path.basename(file)}` }, progress);
    log.info(report, 'units imported');
  } finally {
    await db.$disconnect();
  }
}

main().catch((error) => {
  log.fatal({ err: error }, (error as Error).message);
  process.exitCode = 1;
});
