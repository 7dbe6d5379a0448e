/**
 * The real system in one process, for integration tests, history recordings and
 * benchmarks: a Temporal dev server (in memory), a fresh PostgreSQL database with the
 * migrations applied, a folder for evidence files, the engine's worker and the API on a free port.
 * With TEST_TEMPORAL_CLUSTER (the engine's environment for a running cluster, as JSON: see
 * test/cluster/global-setup.ts) the stack uses that cluster instead of a dev server, on a task
 * queue of its own.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Client } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createChannels } from '../activities/channels';
import { apiOptions, createApp } from '../api/app';
import { systemActor, type Role } from '../domain/access';
import { migrate } from '../db/migrate';
import { createPrisma, type PrismaClient } from '../db/prisma';
import { ladderDaysOf } from '../platform/calendar';
import { loadConfig } from '../platform/config';
import { temporalConnectionOptions } from '../platform/temporal-client';
import { createLogger } from '../platform/logger';
import { createEngineWorker } from '../activities/worker';
import { locateTemporalCli, missingCliHelp, startTemporalServer } from './temporal-server';
import { createAccount } from '../services/accounts';
import { engineDeps, type EngineDeps } from '../services/deps';
import { createTestDatabase, type TestDatabase } from './test-database';

export interface Stack {
  baseUrl: string;
  db: PrismaClient;
  temporal: Client;
  deps: EngineDeps;
  database: TestDatabase;
  server: TestWorkflowEnvironment;
  /** The task queue the stack's worker serves (made unique on a shared cluster). */
  taskQueue: string;
  /** What an engine process needs to reach the stack's Temporal server: TEMPORAL_ADDRESS, the namespace and TLS files. */
  temporalEnv: Record<string, string>;
  /**
   * Makes an account with this role (at the unit with this code) and signs it in through
   * POST /auth/login; answers its bearer token and account id.
   */
  signIn(role: Role, unitCode?: string): Promise<{ token: string; accountId: string }>;
  stop(): Promise<void>;
}

export interface StackOptions {
  taskQueue?: string;
  /** Configuration as environment variables (SMTP_URL, WEBHOOK_URL…), over the defaults. */
  env?: Record<string, string>;
  /** 'none' leaves the worker to the test, e.g. as a separate process it can kill. */
  worker?: 'in-process' | 'none';
  /** A running Temporal server to use, as the engine's settings to reach it; else TEST_TEMPORAL_CLUSTER, else a dev server of the stack's own. */
  temporalEnv?: Record<string, string>;
}

/** The running cluster named by TEST_TEMPORAL_CLUSTER, if any: the engine's settings to reach it. */
export function testClusterEnv(): Record<string, string> | undefined {
  const described = process.env.TEST_TEMPORAL_CLUSTER;
  return described ? (JSON.parse(described) as Record<string, string>) : undefined;
}

/** A dev server of the stack's own, or a connection to a running cluster. */
async function temporalServer(clusterEnv: Record<string, string> | undefined): Promise<{ server: TestWorkflowEnvironment; temporalEnv: Record<string, string> }> {
  if (clusterEnv) {
    const { address, tls } = temporalConnectionOptions(loadConfig(clusterEnv));
    const server = await TestWorkflowEnvironment.createFromExistingServer({ address, namespace: clusterEnv.TEMPORAL_NAMESPACE, connectionOptions: { tls } });
    return { server, temporalEnv: clusterEnv };
  }
  const cli = locateTemporalCli(process.env.TEMPORAL_CLI);
  if (!cli) throw new Error(missingCliHelp);
  const server = await startTemporalServer({ cli, port: 0, namespace: 'default', fast: true });
  return { server, temporalEnv: { TEMPORAL_ADDRESS: server.address, TEMPORAL_NAMESPACE: 'default' } };
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const log = createLogger('stack', process.env.LOG_LEVEL ?? 'warn');
  const clusterEnv = options.temporalEnv ?? testClusterEnv();
  const [{ server, temporalEnv }, database, filesDir] = await Promise.all([temporalServer(clusterEnv), createTestDatabase(), mkdtemp(path.join(os.tmpdir(), 'plan-engine-files-'))]);
  await migrate(database.url);
  const db = createPrisma(database.url, database.poolSize);
  // On a shared cluster each stack's workflows go to its own queue: another suite's worker, on
  // another database, must never take them.
  const taskQueue = `${options.taskQueue ?? 'plan-engine-test'}${clusterEnv ? `-${randomBytes(4).toString('hex')}` : ''}`;
  const config = loadConfig({
    AUTH_TOKEN_SECRET: randomBytes(32).toString('hex'),
    WORKFLOW_COMMAND_SECRET: randomBytes(32).toString('hex'),
    FILES_DIR: filesDir,
    ...options.env,
    ...temporalEnv,
    TEMPORAL_TASK_QUEUE: taskQueue,
  });
  const deps: EngineDeps = engineDeps(config, db, server.client);
  const channels = createChannels(config);
  const worker: Worker | undefined =
    options.worker === 'none'
      ? undefined
      : await createEngineWorker({
          connection: server.nativeConnection,
          namespace: config.TEMPORAL_NAMESPACE,
          taskQueue,
          maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
          commandSecret: deps.commandSecret,
          db,
          calendar: deps.calendar,
          channels,
          publicUrl: config.PUBLIC_URL,
          ladderDays: ladderDaysOf(config, deps.calendar),
        });
  const workerRun = worker?.run();
  const http: Server = await new Promise((resolve) => {
    const listening = createApp(deps, log, apiOptions(config)).listen(0, '127.0.0.1', () => resolve(listening));
  });
  const { port } = http.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;

  return {
    baseUrl,
    db,
    temporal: server.client,
    deps,
    database,
    server,
    taskQueue,
    temporalEnv,
    async signIn(role, unitCode) {
      const username = `${role.replace('_', '-')}-${randomUUID().slice(0, 8)}`;
      const password = randomBytes(12).toString('hex');
      const account = await createAccount(db, { username, displayName: `${role} ${unitCode ?? ''}`.trim(), role, unit: unitCode, password }, systemActor);
      const response = await fetch(`${baseUrl}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
      if (!response.ok) throw new Error(`sign-in of ${username} failed: ${response.status} ${await response.text()}`);
      return { token: ((await response.json()) as { token: string }).token, accountId: account.id };
    },
    async stop() {
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
      worker?.shutdown();
      await workerRun;
      channels.close?.();
      await db.$disconnect();
      await server.teardown();
      await database.drop();
      await rm(filesDir, { recursive: true, force: true });
    },
  };
}
