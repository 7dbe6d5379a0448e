/**
 * `npm start`: the whole system on one machine. Starts (or uses) a Temporal server and a
 * PostgreSQL, applies migrations, runs the worker and the API as child processes, loads
 * the example plans into an empty database, and on Ctrl-C stops everything it started.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { migrate } from '../db/migrate';
import { createPrisma } from '../db/prisma';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres';
import { systemActor } from '../domain/access';
import { createExampleAccounts, exampleAccounts } from '../examples/accounts';
import { loadExamples } from '../examples/load';
import { dataPath, loadConfig, temporalAddress, type Config } from '../platform/config';
import { engineDeps } from '../services/deps';
import { createLogger, type Logger } from '../platform/logger';
import { projectPath } from '../platform/project-root';
import { startMailReceiver } from './receivers';
import { portInUse } from './ports';
import { WORKER_NODE_FLAGS, WORKER_READY } from '../activities/worker';
import { connectTemporalClient } from '../platform/temporal-client';
import { buildTemporalCli, locateTemporalCli, missingCliHelp, startTemporalServer } from './temporal-server';

const config = loadConfig();
const log = createLogger('launcher', config.LOG_LEVEL);
const stops: (() => Promise<unknown>)[] = [];
const children = new Set<ChildProcess>();
let stopping = false;

async function startTemporal(): Promise<{ address: string; uiUrl?: string }> {
  if (config.TEMPORAL_ADDRESS) return { address: config.TEMPORAL_ADDRESS };
  const cli = locateTemporalCli(config.TEMPORAL_CLI) ?? (await buildTemporalCli(log));
  log.info({ cli: cli ?? 'downloading through the Temporal SDK' }, 'starting the Temporal dev server');
  let server: TestWorkflowEnvironment;
  try {
    server = await startTemporalServer({
      cli,
      port: config.TEMPORAL_DEV_PORT,
      uiPort: config.TEMPORAL_UI_PORT,
      dbFilename: dataPath(config, 'temporal.sqlite'),
      namespace: config.TEMPORAL_NAMESPACE,
      downloadDir: dataPath(config, 'temporal-cli'),
    });
  } catch (error) {
    if (!cli) throw new Error(`${missingCliHelp}\n(download failed: ${(error as Error).message})`);
    throw error;
  }
  stops.push(() => server.teardown());
  return { address: temporalAddress(config), uiUrl: `http://127.0.0.1:${config.TEMPORAL_UI_PORT}` };
}

async function startMail(): Promise<{ smtpUrl: string; folder?: string }> {
  if (config.SMTP_URL) return { smtpUrl: config.SMTP_URL };
  const catcher = await startMailReceiver({ port: config.MAIL_CATCHER_PORT, folder: dataPath(config, 'mail') });
  stops.push(() => catcher.stop());
  log.info({ smtp: catcher.url, folder: catcher.folder }, 'local mail receiver started: notices are saved as .eml files');
  return { smtpUrl: catcher.url, folder: catcher.folder };
}

async function startDatabase(): Promise<string> {
  if (config.DATABASE_URL) return config.DATABASE_URL;
  const embedded: EmbeddedPostgres = await startEmbeddedPostgres({ dataDir: dataPath(config, 'postgres'), port: config.EMBEDDED_PG_PORT });
  stops.push(() => embedded.stop());
  log.info({ url: embedded.url, dataDir: dataPath(config, 'postgres') }, 'embedded PostgreSQL (PGlite) started');
  return embedded.url;
}

/**
 * Children get a process group of their own, so a terminal's Ctrl-C reaches only the
 * launcher, which stops them in order; the IPC channel lets them notice if it dies.
 */
function startChild(name: 'worker' | 'api', env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, [...(name === 'worker' ? WORKER_NODE_FLAGS : []), projectPath('dist', 'bin', `${name}.js`)], {
    env,
    detached: true,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.add(child);
  child.on('exit', (code, signal) => {
    children.delete(child);
    if (!stopping) {
      log.error({ child: name, code, signal }, 'a child process exited unexpectedly; stopping');
      void shutdown(1);
    }
  });
  return child;
}

async function waitForApi(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${url}/readyz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the API did not become ready at ${url} within ${timeoutMs / 1000} s`);
}

/** A secret: the configured one, else one made on first start and kept in DATA_DIR under `fileName`. */
function keptSecret(cfg: Config, configured: string | undefined, fileName: string): string {
  if (configured) return configured;
  const file = dataPath(cfg, fileName);
  if (!existsSync(file)) writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

/** Where the first start writes the accounts it made and their password. */
const accountsFile = (cfg: Config) => dataPath(cfg, 'accounts.txt');

/**
 * Loads the examples into an empty database and, when nobody can sign in yet, makes the
 * accounts to do it with: `admin` alone, or one per role with the examples.
 */
async function prepareData(cfg: Config, databaseUrl: string): Promise<void> {
  const db = createPrisma(databaseUrl, 1);
  const temporal = await connectTemporalClient(cfg);
  try {
    if (cfg.LOAD_EXAMPLES) {
      const report = await loadExamples(engineDeps(cfg, db, temporal), log);
      if (report.loaded) log.info({ plans: report.plans }, 'example plans loaded, with dates moved so that they are in progress today');
      else log.info('the database already holds plans; examples not loaded');
    }
    if ((await db.account.count()) === 0) {
      const password = randomBytes(12).toString('base64url');
      const accounts = cfg.LOAD_EXAMPLES ? exampleAccounts : exampleAccounts.filter((account) => account.role === 'admin');
      await createExampleAccounts(db, accounts, password, systemActor);
      writeFileSync(
        accountsFile(cfg),
        `# Accounts made at first start; all share this password. Change them before real use.\npassword: ${password}\n` +
          accounts.map((account) => `${account.username}\t${account.role}\t${account.unit ?? ''}\t${account.displayName}`).join('\n') +
          '\n',
        { mode: 0o600 },
      );
      log.info({ file: accountsFile(cfg), accounts: accounts.map((account) => account.username) }, 'first accounts created');
    }
  } finally {
    await temporal.connection.close();
    await db.$disconnect();
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

async function shutdown(exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info('stopping');
  // The API first, so no request arrives at a worker that is draining; the worker last.
  for (const child of [...children].reverse()) await stopChild(child);
  for (const stop of stops.reverse()) await stop().catch((error) => log.warn({ err: error }, 'stop failed'));
  log.info('stopped');
  process.exit(exitCode);
}

/** Fails before starting anything when a port the launcher needs is taken, saying which and why it may be. */
async function checkPorts(cfg: Config): Promise<void> {
  const wanted: [string, number, string][] = [['API_PORT', cfg.API_PORT, 'the API']];
  if (!cfg.TEMPORAL_ADDRESS) {
    wanted.push(['TEMPORAL_DEV_PORT', cfg.TEMPORAL_DEV_PORT, 'the Temporal dev server'], ['TEMPORAL_UI_PORT', cfg.TEMPORAL_UI_PORT, 'the Temporal UI']);
  }
  if (!cfg.DATABASE_URL) wanted.push(['EMBEDDED_PG_PORT', cfg.EMBEDDED_PG_PORT, 'the embedded PostgreSQL']);
  if (!cfg.SMTP_URL) wanted.push(['MAIL_CATCHER_PORT', cfg.MAIL_CATCHER_PORT, 'the local mail receiver']);
  const taken = [];
  for (const [variable, port, what] of wanted) if (await portInUse(port)) taken.push(`port ${port} for ${what} is in use (set ${variable} to another port)`);
  if (taken.length > 0) {
    throw new Error(
      `${taken.join('; ')}. A process left over from an earlier run (for example a Temporal dev server) may still hold it; ` +
        'stop it, or point TEMPORAL_ADDRESS / DATABASE_URL at the running services.',
    );
  }
}

async function main(cfg: Config, logger: Logger): Promise<void> {
  process.once('SIGINT', () => void shutdown(0));
  process.once('SIGTERM', () => void shutdown(0));
  mkdirSync(dataPath(cfg), { recursive: true });
  await checkPorts(cfg);

  const temporal = await startTemporal();
  const databaseUrl = await startDatabase();
  const mail = await startMail();
  const migrations = await migrate(databaseUrl);
  logger.info(migrations, 'database migrations current');

  // PGlite is one database session: its socket server mixes up replies when one process
  // pools several connections, so each process gets a single connection to it.
  const embedded = !cfg.DATABASE_URL;
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporal.address,
    SMTP_URL: mail.smtpUrl,
    PUBLIC_URL: process.env.PUBLIC_URL ?? `http://${cfg.API_HOST}:${cfg.API_PORT}`,
    AUTH_TOKEN_SECRET: keptSecret(cfg, cfg.AUTH_TOKEN_SECRET, 'auth-token-secret'),
    WORKFLOW_COMMAND_SECRET: keptSecret(cfg, cfg.WORKFLOW_COMMAND_SECRET, 'workflow-command-secret'),
    ...(embedded && { DATABASE_POOL_SIZE: '1' }),
  };
  const worker = startChild('worker', env);
  const workerReady = new Promise<void>((resolve) => worker.on('message', (message) => message === WORKER_READY && resolve()));
  startChild('api', env);
  const apiUrl = `http://${cfg.API_HOST}:${cfg.API_PORT}`;
  await Promise.all([waitForApi(apiUrl), workerReady]);
  await prepareData({ ...cfg, TEMPORAL_ADDRESS: temporal.address, WORKFLOW_COMMAND_SECRET: env.WORKFLOW_COMMAND_SECRET }, databaseUrl);

  logger.info({ api: apiUrl, temporalUi: temporal.uiUrl, temporal: temporal.address, mail: mail.folder, dataDir: dataPath(cfg) }, 'plan engine is up');
  process.stdout.write(
    `\n  Plan engine is up.\n    Web pages:    ${apiUrl}/  (Vietnamese; English in the header)\n    API:          ${apiUrl}  (documented at ${apiUrl}/docs.html)\n` +
      (temporal.uiUrl ? `    Temporal UI:  ${temporal.uiUrl}\n` : '') +
      (mail.folder ? `    Mail sent:    ${mail.folder}  (reminders and escalations, as .eml files)\n` : '') +
      (existsSync(accountsFile(cfg)) ? `    Sign in:      with an account from ${accountsFile(cfg)}\n` : '') +
      `    Data folder:  ${dataPath(cfg)}\n  Press Ctrl-C to stop.\n\n`,
  );
}

main(config, log).catch((error) => {
  log.fatal({ err: error }, (error as Error).message);
  void shutdown(1);
});
