/**
 * The Temporal server as a province runs it: built from the Go module proxy at the version the
 * CLI embeds, on PostgreSQL (persistence and visibility in their own databases), its services
 * (frontend, history, matching, internal worker) as separate processes, several history shards,
 * and mutual TLS on the frontend with a CA and certificates made for the run. The server's
 * configuration is deploy/temporal/plan-engine.yaml, the file docker-compose.yml runs too.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync, type WriteStream } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Connection, type TLSConfig } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import type { Logger } from '../platform/logger';
import { projectPath } from '../platform/project-root';
import { goInstall, isExecutable } from './temporal-server';
import { portInUse } from './ports';
import { testPostgresUrl, withPostgres } from './test-database';

const run = promisify(execFile);

/** The server version the Temporal CLI (TEMPORAL_CLI_MODULE) embeds. */
export const TEMPORAL_SERVER_VERSION = 'v1.29.1';
export const TEMPORAL_SERVER_MODULE = `go.temporal.io/server/cmd/server@${TEMPORAL_SERVER_VERSION}`;
export const TEMPORAL_SQL_TOOL_MODULE = `go.temporal.io/server/cmd/tools/sql@${TEMPORAL_SERVER_VERSION}`;

export const clusterServices = ['frontend', 'history', 'matching', 'worker'] as const;
export type ClusterService = (typeof clusterServices)[number];

/** Where the server and its schema tool are built: a folder of their own, since Go names them `server` and `sql`. */
export const temporalServerBinDir = (): string =>
  process.env.TEMPORAL_SERVER_BIN_DIR ?? path.join(os.homedir(), '.cache', 'plan-engine', `temporal-server-${TEMPORAL_SERVER_VERSION}`);

export interface TemporalServerPrograms {
  server: string;
  sqlTool: string;
}

export function locateTemporalServer(): TemporalServerPrograms | undefined {
  const folder = temporalServerBinDir();
  const programs = { server: path.join(folder, 'server'), sqlTool: path.join(folder, 'sql') };
  return isExecutable(programs.server) && isExecutable(programs.sqlTool) ? programs : undefined;
}

/** Builds the server and its schema tool with `go install` (minutes the first time; Go's build cache after). */
export async function buildTemporalServer(log: Logger): Promise<TemporalServerPrograms> {
  const folder = temporalServerBinDir();
  mkdirSync(folder, { recursive: true });
  for (const module of [TEMPORAL_SERVER_MODULE, TEMPORAL_SQL_TOOL_MODULE]) {
    if (!(await goInstall(module, log, { GOBIN: folder }))) throw new Error(`go install ${module} failed; is Go 1.25 or newer installed?`);
  }
  const programs = locateTemporalServer();
  if (!programs) throw new Error(`go install did not leave the server and sql programs in ${folder}`);
  return programs;
}

export interface ClusterCertificates {
  dir: string;
  ca: string;
  /** The engine's client certificate and key (the API and the workers present it). */
  clientCert: string;
  clientKey: string;
  /** The name the frontend's certificate carries; clients connect to 127.0.0.1 and verify this name. */
  serverName: string;
}

const certificateDays = 825;

async function openssl(args: string[], cwd: string): Promise<void> {
  await run('openssl', args, { cwd });
}

async function signedCertificate(dir: string, name: string, extensions: string): Promise<void> {
  await openssl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', `${name}-key.pem`, '-out', `${name}.csr`, '-subj', `/O=plan-engine/CN=${name}`], dir);
  writeFileSync(path.join(dir, `${name}.ext`), extensions);
  await openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca-key.pem', '-CAcreateserial', '-days', String(certificateDays), '-sha256', '-extfile', `${name}.ext`, '-out', `${name}.pem`], dir);
}

/**
 * A CA and the certificates signed by it, in `dir`: the frontend's (for localhost, 127.0.0.1
 * and the compose service name `temporal`), the server's own internal worker's, the engine's
 * and the Web UI's. Kept when already there, so a restarted cluster keeps its clients.
 */
export async function makeClusterCertificates(dir: string): Promise<ClusterCertificates> {
  const certificates: ClusterCertificates = { dir, ca: path.join(dir, 'ca.pem'), clientCert: path.join(dir, 'engine.pem'), clientKey: path.join(dir, 'engine-key.pem'), serverName: 'localhost' };
  if (existsSync(certificates.clientKey)) return certificates;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  await openssl(
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'ca-key.pem', '-out', 'ca.pem', '-days', String(certificateDays),
      '-subj', '/O=plan-engine/CN=plan-engine Temporal CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'],
    dir,
  );
  const leaf = 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n';
  await signedCertificate(dir, 'frontend', `${leaf}extendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost,DNS:temporal,IP:127.0.0.1\n`);
  for (const client of ['system-worker', 'engine', 'web-ui']) await signedCertificate(dir, client, `${leaf}extendedKeyUsage=clientAuth\n`);
  return certificates;
}

/** The TLS options of the SDK's connections for a client holding `certificates`' engine certificate. */
export const clusterTls = (certificates: ClusterCertificates): TLSConfig => ({
  serverRootCACertificate: readFileSync(certificates.ca),
  clientCertPair: { crt: readFileSync(certificates.clientCert), key: readFileSync(certificates.clientKey) },
  serverNameOverride: certificates.serverName,
});

export interface ClusterOptions {
  programs: TemporalServerPrograms;
  certificates: ClusterCertificates;
  /** The machine's PostgreSQL, as a URL to any database on it (its host, port, user and password are used). */
  postgresUrl: string;
  /** Persistence and visibility databases: `<databasePrefix>` and `<databasePrefix>_visibility`. */
  databasePrefix: string;
  historyShards: number;
  /**
   * Connections each service process keeps to the persistence and to the visibility database;
   * the four processes' together, with the engine's pools, must fit PostgreSQL's max_connections.
   */
  databaseConnections: { persistence: number; visibility: number };
  /** The frontend's gRPC port; the other services' ports follow it (deploy/temporal/plan-engine.yaml). */
  portBase: number;
  namespace: string;
  /** Where each service's output is appended (`<service>.log`). */
  logDir: string;
  log: Logger;
}

export interface TemporalCluster {
  address: string;
  namespace: string;
  certificates: ClusterCertificates;
  historyShards: number;
  databases: { persistence: string; visibility: string };
  /** What the engine's processes need to reach the cluster (TEMPORAL_ADDRESS and the TLS files). */
  engineEnv: Record<string, string>;
  stopService(service: ClusterService, signal?: NodeJS.Signals): Promise<void>;
  startService(service: ClusterService): Promise<void>;
  /** Starts every stopped service again and waits until the cluster serves. */
  start(): Promise<void>;
  /** Waits until the frontend answers through TLS and a workflow can be started in the namespace. */
  ready(timeoutMs?: number): Promise<void>;
  /** Stops every service; the databases stay for a later start. */
  stop(): Promise<void>;
  /** Drops the cluster's databases (after stop). */
  dropDatabases(): Promise<void>;
}

/** The environment deploy/temporal/plan-engine.yaml and setup-schema.sh read. */
function serverEnv(options: ClusterOptions): Record<string, string> {
  const postgres = new URL(options.postgresUrl);
  return {
    TEMPORAL_DB_HOST: postgres.hostname,
    TEMPORAL_DB_PORT: postgres.port || '5432',
    TEMPORAL_DB_USER: decodeURIComponent(postgres.username || 'postgres'),
    TEMPORAL_DB_PASSWORD: decodeURIComponent(postgres.password),
    TEMPORAL_DB_NAME: options.databasePrefix,
    TEMPORAL_VISIBILITY_DB_NAME: `${options.databasePrefix}_visibility`,
    TEMPORAL_HISTORY_SHARDS: String(options.historyShards),
    TEMPORAL_DB_MAX_CONNS: String(options.databaseConnections.persistence),
    TEMPORAL_VISIBILITY_DB_MAX_CONNS: String(options.databaseConnections.visibility),
    TEMPORAL_BIND_IP: '127.0.0.1',
    TEMPORAL_PORT_BASE: String(options.portBase),
    TEMPORAL_TLS_DIR: options.certificates.dir,
    TEMPORAL_TLS_SERVER_NAME: options.certificates.serverName,
    TEMPORAL_DYNAMIC_CONFIG_FILE: projectPath('deploy', 'temporal', 'dynamicconfig.yaml'),
    TEMPORAL_SQL_TOOL: options.programs.sqlTool,
  };
}

/**
 * A base port whose neighbours the services use (base…base+10, base+100…base+106) all free;
 * below 32,768, since the membership table keeps ports as a PostgreSQL smallint.
 */
export async function freeClusterPortBase(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const base = 20_000 + Math.floor(Math.random() * 1_200) * 10;
    const ports = [0, 1, 2, 6, 10, 100, 101, 102, 106].map((offset) => base + offset);
    if (!(await Promise.all(ports.map(portInUse))).some(Boolean)) return base;
  }
  throw new Error('no free range of ports for a Temporal cluster');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Drops a cluster's persistence and visibility databases. */
async function dropClusterDatabases(postgresUrl: string, databasePrefix: string): Promise<void> {
  await withPostgres(postgresUrl, async (client) => {
    for (const name of [databasePrefix, `${databasePrefix}_visibility`]) await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });
}

/** Waits until the persistence database holds the cluster's metadata record. */
async function clusterMetadataRecorded(postgresUrl: string, database: string, failures: () => string[], timeoutMs = 60_000): Promise<void> {
  const url = new URL(postgresUrl);
  url.pathname = `/${database}`;
  await withPostgres(url.toString(), async (client) => {
    const deadline = Date.now() + timeoutMs;
    while ((await client.query('SELECT 1 FROM cluster_metadata_info LIMIT 1')).rowCount === 0) {
      if (failures().length > 0 || Date.now() > deadline) throw new Error(failures().join(', ') || 'no cluster metadata recorded');
      await sleep(200);
    }
  });
}

/** Sets up (or upgrades) the cluster's databases, starts its services and waits until it serves the namespace. */
export async function startCluster(options: ClusterOptions): Promise<TemporalCluster> {
  const env = serverEnv(options);
  mkdirSync(options.logDir, { recursive: true });
  await run('bash', [projectPath('deploy', 'temporal', 'setup-schema.sh')], { env: { ...process.env, ...env } });
  options.log.info({ databases: [env.TEMPORAL_DB_NAME, env.TEMPORAL_VISIBILITY_DB_NAME], shards: options.historyShards }, 'temporal schemas ready');

  const address = `127.0.0.1:${options.portBase}`;
  const processes = new Map<ClusterService, { child: ChildProcess; exited: Promise<void>; output: WriteStream }>();
  /** Services that stopped without being asked to: a cluster that loses one during start does not become ready. */
  const exitedUnasked: string[] = [];

  function launch(service: ClusterService): void {
    const output = createWriteStream(path.join(options.logDir, `${service}.log`), { flags: 'a' });
    const child = spawn(options.programs.server, ['--root', projectPath('deploy'), '--config', 'temporal', '--env', 'plan-engine', '--allow-no-auth', 'start', '--service', service], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.pipe(output, { end: false });
    child.stderr!.pipe(output, { end: false });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    processes.set(service, { child, exited, output });
    child.once('exit', (code, signal) => {
      if (processes.get(service)?.child === child) exitedUnasked.push(`${service} exited (${signal ?? code})`);
    });
  }

  const connect = () =>
    Connection.connect({
      address,
      tls: clusterTls(options.certificates),
      connectTimeout: 2_000,
    });

  async function registerNamespace(): Promise<void> {
    const connection = await connect();
    try {
      await connection.workflowService.registerNamespace({ namespace: options.namespace, workflowExecutionRetentionPeriod: msToTs('7 days') });
      options.log.info({ namespace: options.namespace }, 'temporal namespace registered');
    } catch (error) {
      if (!/already exists|AlreadyExists/i.test((error as Error).message)) throw error;
    } finally {
      await connection.close();
    }
  }

  /** The frontend answers, the namespace is in its cache and a history shard takes a workflow. */
  async function ready(timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let lastError: unknown;
    while (Date.now() < deadline) {
      if (exitedUnasked.length > 0) break;
      try {
        const connection = await connect();
        try {
          const workflowId = `cluster-ready-${randomBytes(6).toString('hex')}`;
          const { workflowService } = connection;
          await workflowService.startWorkflowExecution({
            namespace: options.namespace,
            workflowId,
            workflowType: { name: 'clusterReadyProbe' },
            taskQueue: { name: 'cluster-ready-probe' },
            requestId: workflowId,
          });
          await workflowService.terminateWorkflowExecution({ namespace: options.namespace, workflowExecution: { workflowId }, reason: 'readiness probe' });
          return;
        } finally {
          await connection.close();
        }
      } catch (error) {
        lastError = error;
        await sleep(500);
      }
    }
    const why = exitedUnasked.length > 0 ? exitedUnasked.join(', ') : `not within ${timeoutMs / 1000} s: ${(lastError as Error)?.message}`;
    throw new Error(`the Temporal cluster at ${address} did not become ready: ${why}`);
  }

  async function stopService(service: ClusterService, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const running = processes.get(service);
    if (!running) return;
    processes.delete(service);
    if (running.child.exitCode === null && running.child.signalCode === null) {
      const kill = setTimeout(() => running.child.kill('SIGKILL'), 20_000);
      running.child.kill(signal);
      await running.exited;
      clearTimeout(kill);
    }
    running.output.end();
  }

  // Each service records the cluster's metadata when the database has none, and two doing it at
  // once fail on the conflict: one first, the others once its record is there.
  launch('history');
  try {
    await clusterMetadataRecorded(options.postgresUrl, env.TEMPORAL_DB_NAME!, () => exitedUnasked);
    for (const service of clusterServices) if (!processes.has(service)) launch(service);
    let registered = false;
    const deadline = Date.now() + 120_000;
    while (!registered) {
      try {
        await registerNamespace();
        registered = true;
      } catch (error) {
        if (Date.now() > deadline || exitedUnasked.length > 0) throw new Error(exitedUnasked.length > 0 ? exitedUnasked.join(', ') : (error as Error).message);
        await sleep(500);
      }
    }
    await ready();
  } catch (error) {
    for (const service of [...processes.keys()]) await stopService(service, 'SIGKILL');
    throw new Error(`${(error as Error).message} (the services' output is in ${options.logDir})`);
  }
  options.log.info({ address, shards: options.historyShards, namespace: options.namespace }, 'temporal cluster ready');

  const { certificates } = options;
  return {
    address,
    namespace: options.namespace,
    certificates,
    historyShards: options.historyShards,
    databases: { persistence: env.TEMPORAL_DB_NAME!, visibility: env.TEMPORAL_VISIBILITY_DB_NAME! },
    engineEnv: {
      TEMPORAL_ADDRESS: address,
      TEMPORAL_NAMESPACE: options.namespace,
      TEMPORAL_TLS_CA_FILE: certificates.ca,
      TEMPORAL_TLS_CERT_FILE: certificates.clientCert,
      TEMPORAL_TLS_KEY_FILE: certificates.clientKey,
      TEMPORAL_TLS_SERVER_NAME: certificates.serverName,
    },
    stopService,
    async startService(service) {
      if (!processes.has(service)) launch(service);
    },
    async start() {
      for (const service of clusterServices) if (!processes.has(service)) launch(service);
      await ready();
    },
    ready,
    async stop() {
      // The frontend first, so no client reaches a half-stopped cluster; history last, to hand its shards over cleanly.
      for (const service of ['frontend', 'worker', 'matching', 'history'] as const) await stopService(service);
    },
    dropDatabases: () => dropClusterDatabases(options.postgresUrl, options.databasePrefix),
  };
}

/**
 * A cluster for a test run: databases of its own on the machine's PostgreSQL (TEST_PG_URL),
 * free ports, certificates in `certificatesDir` (made there when absent) and its services'
 * output in a temporary folder. The server is built first when it is not yet.
 */
export async function startTestCluster(
  log: Logger,
  options: { certificatesDir?: string; historyShards?: number; databaseConnections?: ClusterOptions['databaseConnections'] } = {},
): Promise<TemporalCluster> {
  const programs = locateTemporalServer() ?? (await buildTemporalServer(log));
  const runDir = path.join(os.tmpdir(), `temporal-cluster-${randomBytes(4).toString('hex')}`);
  const postgresUrl = testPostgresUrl();
  const databasePrefix = `temporal_test_${randomBytes(4).toString('hex')}`;
  return startCluster({
    programs,
    certificates: await makeClusterCertificates(options.certificatesDir ?? path.join(runDir, 'tls')),
    postgresUrl,
    databasePrefix,
    historyShards: options.historyShards ?? 4,
    // 40 connections a cluster: a drill's second cluster and the engine's pools fit beside it.
    databaseConnections: options.databaseConnections ?? { persistence: 8, visibility: 2 },
    portBase: await freeClusterPortBase(),
    namespace: 'default',
    logDir: path.join(runDir, 'logs'),
    log,
  }).catch(async (error: unknown) => {
    await dropClusterDatabases(postgresUrl, databasePrefix);
    throw error;
  });
}
