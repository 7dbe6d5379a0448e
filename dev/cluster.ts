/**
 * `npm run cluster`: a Temporal cluster on this machine as a province runs one (dev/temporal-cluster.ts),
 * in the foreground until Ctrl-C. Builds the server the first time, makes a CA and certificates
 * under DATA_DIR/cluster/tls, sets up the databases in the machine's PostgreSQL and prints what
 * the engine needs to use it (`npm start` with those variables runs the engine on the cluster).
 * `npm run cluster-certs` only makes the certificates (docker-compose.yml mounts that folder).
 */
import path from 'node:path';
import { z } from 'zod';
import { dataPath, loadConfig } from '../platform/config';
import { createLogger } from '../platform/logger';
import { buildTemporalServer, locateTemporalServer, makeClusterCertificates, startCluster, type TemporalCluster } from './temporal-cluster';
import { startTemporalUi } from './temporal-ui';

const clusterSettings = z.object({
  /** The machine's PostgreSQL, as a URL to any database on it. */
  CLUSTER_POSTGRES_URL: z.url({ protocol: /^postgres(ql)?$/ }).default('postgres://postgres@127.0.0.1:5432/postgres'),
  /** Persistence database name; visibility is `<name>_visibility`. */
  CLUSTER_DATABASE: z.string().regex(/^[a-z_][a-z0-9_]{0,40}$/, 'must be a lower-case PostgreSQL name').default('temporal'),
  /** Fixed when the databases are first set up. */
  CLUSTER_HISTORY_SHARDS: z.coerce.number().int().min(1).max(16_384).default(4),
  /** Connections each of the four service processes keeps to the persistence database (and a quarter as many, at least 2, to visibility). */
  CLUSTER_DB_CONNECTIONS: z.coerce.number().int().min(2).max(200).default(12),
  /** The frontend's port; the other services take ports up to 106 above it (below 32,768: the membership table keeps ports as smallint). */
  CLUSTER_PORT: z.coerce.number().int().min(1_024).max(32_600).default(7233),
  /** Also run the Temporal Web UI on 127.0.0.1 (read-only), built the first time. */
  CLUSTER_UI: z.stringbool().default(false),
  CLUSTER_UI_PORT: z.coerce.number().int().min(1).max(65_535).default(8233),
});

async function main(): Promise<void> {
  const settings = clusterSettings.parse(process.env);
  const config = loadConfig();
  const log = createLogger('cluster', config.LOG_LEVEL);
  const folder = dataPath(config, 'cluster');
  const certificates = await makeClusterCertificates(path.join(folder, 'tls'));
  if (process.argv[2] === 'certificates') {
    process.stdout.write(`Certificates for the Temporal cluster and its clients are in ${certificates.dir}\n`);
    return;
  }
  const programs = locateTemporalServer() ?? (await buildTemporalServer(log));
  const cluster: TemporalCluster = await startCluster({
    programs,
    certificates,
    postgresUrl: settings.CLUSTER_POSTGRES_URL,
    databasePrefix: settings.CLUSTER_DATABASE,
    historyShards: settings.CLUSTER_HISTORY_SHARDS,
    databaseConnections: { persistence: settings.CLUSTER_DB_CONNECTIONS, visibility: Math.max(2, Math.round(settings.CLUSTER_DB_CONNECTIONS / 4)) },
    portBase: settings.CLUSTER_PORT,
    namespace: config.TEMPORAL_NAMESPACE,
    logDir: path.join(folder, 'logs'),
    log,
  });
  const ui = settings.CLUSTER_UI ? await startTemporalUi({ cluster, port: settings.CLUSTER_UI_PORT, folder: path.join(folder, 'ui'), log }) : undefined;

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    log.info('stopping the cluster');
    await ui?.stop();
    await cluster.stop();
    log.info('cluster stopped; its databases stay for the next start');
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  const variables = Object.entries(cluster.engineEnv).map(([name, value]) => `    ${name}=${value}`).join('\n');
  process.stdout.write(
    `\n  Temporal cluster is up: ${cluster.address}, ${cluster.historyShards} history shards, mutual TLS.\n` +
      `    Databases:  ${cluster.databases.persistence}, ${cluster.databases.visibility}\n` +
      `    Logs:       ${path.join(folder, 'logs')}\n` +
      (ui ? `    Web UI:     ${ui.url} (read-only)\n` : '') +
      `  Run the engine on it with these variables (for example before npm start):\n${variables}\n  Press Ctrl-C to stop.\n\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
});
