/**
 * The fault drills' harness: a stack whose worker and API run as processes the drill controls
 * (test/drills, test/cluster), units and plans made through the API, and the checks every drill
 * makes — nothing lost, nothing done twice.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { locateTemporalCli, startTemporalServer } from '../../dev/temporal-server';
import { startStack, testClusterEnv, type Stack } from '../../dev/stack';
import { startTestCluster } from '../../dev/temporal-cluster';
import { createLogger } from '../../platform/logger';
import { plan925 } from './fixtures';
import { assignmentWorkflowStarted, httpClient, type HttpAnswer } from './http';
import { freePort, startApiProcess, startWorkerProcess, stopProcess, type EngineProcess } from '../../dev/processes';
import { startMailReceiver, type MailReceiver } from '../../dev/receivers';

export const SECRET = randomBytes(32).toString('hex');
/** The drills' workers count a working day of the ladder as a second (TEST_LADDER_WORKING_DAY_SECONDS). */
export const workingDays = (n: number) => ({ workingDays: n });
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
export const report = (drill: string, figures: Record<string, number>) => process.stdout.write(`drill ${drill}: ${JSON.stringify(figures)}\n`);

export interface Drill {
  stack: Stack;
  mail: MailReceiver;
  taskQueue: string;
  processEnv: Record<string, string>;
  processes: EngineProcess[];
  adminToken: string;
  /** Creates the drill's units and plans: the in-process API, or an API process when Temporal is the drill's own. */
  admin: ReturnType<typeof httpClient>;
}

/** A stack whose worker and API run as processes the drill controls; the in-process API only signs people in. */
export async function setUp(name: string, overrides: { temporalEnv?: Record<string, string> } = {}): Promise<Drill> {
  const mail = await startMailReceiver();
  const stack = await startStack({ worker: 'none', taskQueue: `drill-${name}`, env: { AUTH_TOKEN_SECRET: SECRET, WORKFLOW_COMMAND_SECRET: SECRET, SMTP_URL: mail.url } });
  const { taskQueue } = stack;
  const processEnv = {
    DATABASE_URL: stack.database.url,
    DATABASE_POOL_SIZE: String(stack.database.poolSize),
    ...(overrides.temporalEnv ?? stack.temporalEnv),
    TEMPORAL_TASK_QUEUE: taskQueue,
    SMTP_URL: mail.url,
    AUTH_TOKEN_SECRET: SECRET,
    WORKFLOW_COMMAND_SECRET: SECRET,
    IDEMPOTENCY_LOCK_SECONDS: '2',
    TEST_LADDER_WORKING_DAY_SECONDS: '1',
  };
  const adminToken = (await stack.signIn('admin')).token;
  return { stack, mail, taskQueue, processEnv, processes: [], adminToken, admin: httpClient(stack.baseUrl, adminToken) };
}

export async function tearDown(drill: Drill | undefined): Promise<void> {
  if (!drill) return;
  for (const engineProcess of drill.processes) await stopProcess(engineProcess);
  await drill.stack.stop();
  await drill.mail.stop();
}

export async function worker(drill: Drill, env: Record<string, string> = {}) {
  const started = await startWorkerProcess({ ...drill.processEnv, ...env });
  drill.processes.push(started);
  return started;
}

export async function api(drill: Drill, env: Record<string, string> = {}) {
  const started = await startApiProcess({ ...drill.processEnv, ...env });
  drill.processes.push(started);
  return started;
}

/** Units X-1…X-n with heads to escalate to, under a Sở and a UBND with heads too. */
export async function units(drill: Drill, count: number): Promise<string[]> {
  const codes = Array.from({ length: count }, (_, index) => `X-${index + 1}`);
  const answer = await drill.admin.post('/units/import', {
    units: [
      { code: 'UBND-KT', name: 'Ủy ban nhân dân tỉnh Kon Tum', kind: 'province', headEmail: 'chutich@ubnd.example.vn' },
      { code: 'SO-VHTTDL', name: 'Sở Văn hóa, Thể thao và Du lịch', kind: 'department', parentCode: 'UBND-KT', headEmail: 'giamdoc@vhttdl.example.vn' },
      ...codes.map((code) => ({ code, name: `Ủy ban nhân dân xã ${code}`, kind: 'commune', parentCode: 'UBND-KT', headEmail: `chutich.${code.toLowerCase()}@xa.example.vn` })),
    ],
  });
  expect(answer.status).toBe(200);
  return codes;
}

/** A plan with one task per unit, falling due at `deadline`, and the ladder given. */
export async function plan(drill: Drill, codes: string[], deadline: Date, levels: { after: { workingDays: number }; notify: string }[] = []): Promise<string[]> {
  const created = await drill.admin.post(
    '/plans',
    plan925({
      issuingUnit: 'UBND-KT',
      assigningUnit: 'SO-VHTTDL',
      // Without levels the default ladder, seconds around a deadline an hour away, stays out of the drill's way.
      ...(levels.length > 0 && { escalation: { default: { reminders: [], levels } } }),
      tasks: codes.map((code, index) => ({ code: `NV${index + 1}`, title: `Xây dựng mô hình tại ${code}`, kind: 'generic', leadUnit: code, deadline: { at: deadline.toISOString() } })),
    }),
  );
  expect(created.status).toBe(201);
  const detail = await drill.admin.get(`/plans/${created.body.id}`);
  const ids = detail.body.tasks.map((task: { assignments: { id: string }[] }) => task.assignments[0]!.id) as string[];
  await Promise.all(ids.map((id) => assignmentWorkflowStarted(drill.admin, id)));
  return ids;
}

export const completions = (drill: Drill, assignmentId: string) => drill.stack.db.event.count({ where: { assignmentId, type: 'assignment.completed' } });

/** Sends until the engine accepts or refuses for good, waiting as Retry-After says (at most 1 s here). */
export async function untilSettled(send: () => Promise<HttpAnswer>, seen: number[]): Promise<HttpAnswer> {
  for (;;) {
    let answer: HttpAnswer;
    try {
      answer = await send();
    } catch {
      seen.push(0); // connection refused: the API itself is down
      await sleep(250);
      continue;
    }
    seen.push(answer.status);
    if (answer.status !== 503 && !(answer.status === 409 && /still being handled/.test(answer.body?.detail ?? ''))) return answer;
    await sleep(Math.min(1_000, Number(answer.headers.get('retry-after') ?? 1) * 1_000));
  }
}

/** A Temporal server of the drill's own that it can stop and start again on the same database. */
export interface RestartableTemporal {
  env: Record<string, string>;
  stop(): Promise<void>;
  start(): Promise<void>;
  dispose(): Promise<void>;
}

/** On the cluster suite, a cluster of the drill's own (every service stopped, then started); else a dev server on a SQLite file. */
export async function restartableTemporal(): Promise<RestartableTemporal> {
  const shared = testClusterEnv();
  if (shared) {
    const cluster = await startTestCluster(createLogger('drill', 'warn'), { certificatesDir: path.dirname(shared.TEMPORAL_TLS_CA_FILE!) });
    return {
      env: cluster.engineEnv,
      stop: () => cluster.stop(),
      start: () => cluster.start(),
      dispose: async () => {
        await cluster.stop();
        await cluster.dropDatabases();
      },
    };
  }
  const cli = locateTemporalCli(process.env.TEMPORAL_CLI)!;
  const dbFilename = path.join(mkdtempSync(path.join(os.tmpdir(), 'drill-temporal-')), 'temporal.sqlite');
  const port = await freePort();
  let server: TestWorkflowEnvironment | undefined = await startTemporalServer({ cli, port, namespace: 'default', fast: true, dbFilename });
  const stop = async () => {
    await server?.teardown();
    server = undefined;
  };
  return {
    env: { TEMPORAL_ADDRESS: `127.0.0.1:${port}`, TEMPORAL_NAMESPACE: 'default' },
    stop,
    start: async () => {
      server = await startTemporalServer({ cli, port, namespace: 'default', fast: true, dbFilename });
    },
    dispose: stop,
  };
}

