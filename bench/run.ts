/**
 * `npm run bench`: the engine at province scale on the real stack (Temporal, PostgreSQL, the
 * worker as a process of its own, the API), each figure beside a baseline measured in the same
 * run on the same server. Prints a table and writes bench/results/<date>-<server>.json.
 *
 * BENCH_SERVER=dev (default) runs on the Temporal CLI's dev server; BENCH_SERVER=cluster on a
 * Temporal cluster built from source (dev/temporal-cluster.ts: PostgreSQL, BENCH_HISTORY_SHARDS
 * history shards, default 4, mutual TLS).
 * BENCH_SIZES (default 1000,10000,30000) sets the fan-out sizes of the growth series; the
 * completion and read scenarios run at the second size (10,000), the storms at 1,000, the
 * scale-out at BENCH_SCALE_OUT_SIZE (5,000).
 * BENCH_SCENARIOS chooses what runs (all by default): `fan-out`, `reads`, `completion`,
 * `scale-out`, `storm`, `digest-storm`, `uploads`, or `workflows` for all but the uploads; the
 * reads and the completions need the fan-outs, which run whenever either is chosen.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import express from 'express';
import { systemActor } from '../domain/access';
import type { CreateUnit } from '../domain/units';
import { startApiProcess, startWorkerProcess, stopProcess, workerEnvFor, type EngineProcess } from '../dev/processes';
import { startMailReceiver, type MailReceiver } from '../dev/receivers';
import { missingGatewayHelp, startS3Gateway } from '../dev/s3-gateway';
import { startStack, type Stack } from '../dev/stack';
import { testPostgresUrl } from '../dev/test-database';
import { startTestCluster, TEMPORAL_SERVER_VERSION, type TemporalCluster } from '../dev/temporal-cluster';
import { locateGoProgram, locateTemporalCli } from '../dev/temporal-server';
import { createLogger } from '../platform/logger';
import { loadConfig } from '../platform/config';
import type { FileStore } from '../platform/file-store';
import { createFileStore } from '../platform/file-stores';
import { projectPath } from '../platform/project-root';
import { importUnits } from '../services/units';
import { finishSignal, pingUpdate, pingWorkflow } from './baseline-workflows';
import { resetStatements, takeTopStatements, type StatementFigures } from './statements';
import { elapsedSince, inParallel, peakMemoryMiB, percentiles, resetPeakMemory, round, settle, until } from './measure';

const SERVER = process.env.BENCH_SERVER === 'cluster' ? 'cluster' : 'dev';
const HISTORY_SHARDS = Number(process.env.BENCH_HISTORY_SHARDS ?? 4);
const SIZES = (process.env.BENCH_SIZES ?? '1000,10000,30000').split(',').map(Number);
const SCALE_OUT_SIZE = Number(process.env.BENCH_SCALE_OUT_SIZE ?? 5000);
const WORKFLOW_SCENARIOS = ['fan-out', 'reads', 'completion', 'scale-out', 'storm', 'digest-storm'] as const;
const SCENARIO_NAMES = [...WORKFLOW_SCENARIOS, 'uploads'] as const;
type Scenario = (typeof SCENARIO_NAMES)[number];
const SCENARIOS = chosenScenarios(process.env.BENCH_SCENARIOS ?? 'workflows,uploads');

/** The scenarios BENCH_SCENARIOS names, `workflows` standing for all but the uploads; an unknown name stops the run. */
function chosenScenarios(list: string): Set<Scenario> {
  const chosen = new Set<Scenario>();
  for (const name of list.split(',').map((item) => item.trim())) {
    if (name === 'workflows') WORKFLOW_SCENARIOS.forEach((scenario) => chosen.add(scenario));
    else if ((SCENARIO_NAMES as readonly string[]).includes(name)) chosen.add(name as Scenario);
    else throw new Error(`BENCH_SCENARIOS: unknown scenario "${name}"; choose from workflows, ${SCENARIO_NAMES.join(', ')}`);
  }
  if (chosen.has('reads') || chosen.has('completion')) chosen.add('fan-out');
  return chosen;
}
const TASKS_PER_PLAN = 20;
const STORM_SIZE = Number(process.env.BENCH_STORM_SIZE ?? 1000);
const COMPLETIONS = Number(process.env.BENCH_COMPLETIONS ?? 1000);
const CLIENTS = 50;
const READ_SECONDS = Number(process.env.BENCH_READ_SECONDS ?? 5);
const READ_CONNECTIONS = 10;
const START_CONCURRENCY = 100;
const BASELINE_QUEUE = 'bench-baseline';
/**
 * The fan-out baseline's workflows are started on a task queue no worker polls: what is measured
 * is starting them, and their first tasks wait in the server's backlog instead of running
 * alongside the engine's fan-out that follows (draining 100,000 takes most of an hour on a
 * two-core cluster).
 */
const UNPOLLED_QUEUE = 'bench-baseline-unpolled';
/** The cold Update baseline's workflows, on a worker that keeps none of them in its cache. */
const COLD_QUEUE = 'bench-baseline-cold';
const TASK_QUEUE = 'plan-engine-bench';
/** The department's head, who takes the digest storm's escalations in a daily digest. */
const DIGEST_HEAD = 'giamdoc@bench.example.vn';
/** The longest wait for the machine to go quiet between scenarios. */
const SETTLE_SECONDS = Number(process.env.BENCH_SETTLE_SECONDS ?? 60);

/** Progress on stderr, one line per step, so a long run shows where it is. */
const progress = (message: string) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${message}\n`);

interface Figure {
  scenario: string;
  size?: number;
  measure: string;
  engine: number;
  baseline: number;
  /** engine ÷ baseline, oriented as the target states it. */
  ratio: number;
  target: string;
  met: boolean;
  extra?: Record<string, unknown>;
}

const figures: Figure[] = [];
/** Where PostgreSQL spent its time in each scenario (pg_stat_statements), when the server loads it. */
const statements: Record<string, StatementFigures[]> = {};
const postgresServerUrl = testPostgresUrl();
/** Files the top statements since the last reading under `scenario`. */
async function readStatements(scenario: string): Promise<void> {
  const top = await takeTopStatements(postgresServerUrl);
  if (top) statements[scenario] = top;
}
const runStarted = performance.now();
/** A run of some scenarios only names them, so it never takes the place of a whole run's figures. */
const allScenarios = SCENARIO_NAMES.every((name) => SCENARIOS.has(name));
const resultsFile =
  process.env.BENCH_RESULTS_FILE ??
  projectPath('bench', 'results', `${new Date().toISOString().slice(0, 10)}-${SERVER}${allScenarios ? '' : `-${[...SCENARIOS].join('+')}`}.json`);
/** Written after every figure, so a run cut short still leaves what it measured. */
function saveResults(complete: boolean) {
  mkdirSync(path.dirname(resultsFile), { recursive: true });
  const results = { date: new Date().toISOString(), complete, scenarios: [...SCENARIOS], server: serverDescription(), machine: machine(), sizes: SIZES, minutes: round(elapsedSince(runStarted) / 60, 1), figures, statements };
  writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
  return results;
}
const record = (figure: Figure) => {
  figures.push(figure);
  saveResults(false);
  progress(`${figure.scenario}${figure.size ? ` @${figure.size}` : ''}: ${figure.measure} engine ${figure.engine}, baseline ${figure.baseline}, ratio ${figure.ratio} (${figure.target}: ${figure.met ? 'met' : 'NOT met'})`);
};

let stack: Stack;
let cluster: TemporalCluster | undefined;
let worker: EngineProcess;
/** The secrets the in-process API and the engine's processes share (tokens, signed commands). */
const SECRETS = { AUTH_TOKEN_SECRET: randomBytes(32).toString('hex'), WORKFLOW_COMMAND_SECRET: randomBytes(32).toString('hex') };
let stopping = false;
/** Set while the benchmark itself replaces the worker. */
let replacingWorker = false;
let mail: MailReceiver;
let adminToken: string;

const api = async (method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown) => {
  const response = await fetch(`${stack.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${adminToken}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 500)}`);
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
};

/** Districts of 50, 500 and 1,500 communes (one per fan-out size), plus the commune set of the storm. */
function benchUnits(): CreateUnit[] {
  const units: CreateUnit[] = [
    { code: 'BENCH-TINH', name: 'Ủy ban nhân dân tỉnh (thử tải)', kind: 'province' },
    { code: 'BENCH-SO', name: 'Sở Văn hóa, Thể thao và Du lịch (thử tải)', kind: 'department', parentCode: 'BENCH-TINH', headEmail: DIGEST_HEAD },
  ];
  for (const communes of new Set([...SIZES.map((size) => size / TASKS_PER_PLAN), STORM_SIZE / 2, SCALE_OUT_SIZE / TASKS_PER_PLAN])) {
    const district = `BENCH-H${communes}`;
    units.push({ code: district, name: `Ủy ban nhân dân huyện thử tải ${communes} xã`, kind: 'district', parentCode: 'BENCH-TINH' });
    for (let index = 1; index <= communes; index += 1) {
      const number = String(index).padStart(4, '0');
      units.push({
        code: `${district}-X${number}`,
        name: `Ủy ban nhân dân xã ${number} (huyện ${communes} xã)`,
        kind: 'commune',
        parentCode: district,
        headEmail: `chutich.x${number}.h${communes}@bench.example.vn`,
        households: 1_500,
        familyOfficials: 2,
      });
    }
  }
  return units;
}

const year = new Date().getFullYear();
function benchPlan(code: string, communes: number, tasks: number, deadline: unknown, escalation?: unknown) {
  return {
    code,
    title: `Kế hoạch thử tải ${communes} xã × ${tasks} nhiệm vụ`,
    issuingBody: 'Ủy ban nhân dân tỉnh (thử tải)',
    issuingUnit: 'BENCH-TINH',
    assigningUnit: 'BENCH-SO',
    issuedOn: new Date().toISOString().slice(0, 10),
    period: { from: `${year}-01-01`, to: `${year + 1}-12-31` },
    ...(escalation !== undefined && { escalation }),
    tasks: Array.from({ length: tasks }, (_, index) => ({
      code: `NV${index + 1}`,
      title: `Nhiệm vụ thử tải số ${index + 1}: tuyên truyền phòng, chống bạo lực gia đình tại thôn, làng`,
      kind: 'campaign',
      fanOut: { kind: 'commune', under: `BENCH-H${communes}` },
      deadline,
    })),
  };
}

/** 1 and 5: a plan fanning out to `size` assignments against starting `size` empty workflows. */
async function fanOut(size: number): Promise<string> {
  const communes = size / TASKS_PER_PLAN;
  await settle(progress, 0.15, SETTLE_SECONDS);
  progress(`fan-out ${size}: baseline, ${size} empty workflows`);
  const baselineStarted = performance.now();
  await inParallel(
    Array.from({ length: size }, (_, index) => index),
    START_CONCURRENCY,
    (index) => stack.temporal.workflow.start('benchEmptyWorkflow', { workflowId: `bench-empty-${size}-${index}`, taskQueue: UNPOLLED_QUEUE }),
  );
  const baselineSeconds = elapsedSince(baselineStarted);

  await settle(progress, 0.15, SETTLE_SECONDS);
  progress(`fan-out ${size}: engine, plan of ${TASKS_PER_PLAN} tasks × ${communes} communes`);
  resetPeakMemory(worker.child.pid!);
  const { planId, engineSeconds, answeredSeconds } = await timedFanOut(`${size}/KH-TT`, size);
  // The peak includes the worker taking up every new workflow, which goes on after they start.
  await settle(progress, 0.15, SETTLE_SECONDS);
  const memory = peakMemoryMiB(worker.child.pid!);
  const engineRate = size / engineSeconds;
  const baselineRate = size / baselineSeconds;
  record({
    scenario: 'fan-out',
    size,
    measure: 'assignments assigned per second (workflow running, read model written)',
    engine: round(engineRate, 1),
    baseline: round(baselineRate, 1),
    ratio: round(engineRate / baselineRate),
    target: '≥ 0.5 of the baseline rate',
    met: engineRate / baselineRate >= 0.5,
    extra: { engineSeconds: round(engineSeconds, 1), baselineSeconds: round(baselineSeconds, 1), apiAnswerSeconds: round(answeredSeconds, 1) },
  });
  record({
    scenario: 'fan-out memory',
    size,
    measure: 'worker peak resident memory, MiB',
    engine: memory,
    baseline: 1024,
    ratio: round(memory / 1024),
    target: '< 1 GiB',
    met: memory < 1024,
  });
  return planId;
}

/** A plan of `size` assignments issued through the API: seconds until the API answered, and until every assignment is assigned. */
async function timedFanOut(code: string, size: number): Promise<{ planId: string; engineSeconds: number; answeredSeconds: number }> {
  const started = performance.now();
  const plan = await api('POST', '/plans', benchPlan(code, size / TASKS_PER_PLAN, TASKS_PER_PLAN, `${year + 1}-12-31`));
  const answeredSeconds = elapsedSince(started);
  // Visible as assigned in the read model: each assignment's "assigned" event, recorded once its workflow runs.
  const assigned = () => stack.db.event.count({ where: { planId: plan.id as string, type: 'assignment.assigned' } });
  let lastReport = performance.now();
  await until(
    async () => {
      const count = await assigned();
      if (performance.now() - lastReport > 5_000) {
        progress(`fan-out ${code}: ${count} of ${size} assignments assigned`);
        lastReport = performance.now();
      }
      return count >= size;
    },
    `${size} assignments assigned`,
    3_600,
    250,
  );
  return { planId: plan.id as string, engineSeconds: elapsedSince(started), answeredSeconds };
}

/**
 * 2: 50 clients completing assignments through the API against bare Update round trips. The
 * target's baseline sends its Updates to 50 workflows the worker holds in its cache; a second
 * one, reported beside it, sends one Update to each of as many workflows as completions to a
 * worker that keeps none (maxCachedWorkflows 0), as an assignment completed weeks after its
 * start finds its workflow: fetched from the server and replayed.
 */
async function completion(planId: string): Promise<void> {
  progress(`completion: ${COMPLETIONS} completions by ${CLIENTS} clients`);
  const { latencies: engineLatencies, seconds: engineSeconds, completed } = await timedCompletions(planId);
  const measured = { length: completed };

  await settle(progress, 0.15, SETTLE_SECONDS);
  progress(`completion: baseline, ${measured.length} bare Updates by ${CLIENTS} clients`);
  const handles = await Promise.all(
    Array.from({ length: CLIENTS }, (_, index) => stack.temporal.workflow.start(pingWorkflow, { workflowId: `bench-ping-${index}-${Date.now()}`, taskQueue: BASELINE_QUEUE })),
  );
  const ping = (index: number) => handles[index % CLIENTS]!.executeUpdate(pingUpdate, { args: [index] });
  await inParallel(Array.from({ length: CLIENTS }, (_, index) => index), CLIENTS, ping);
  const baselineStarted = performance.now();
  const baselineLatencies = await inParallel(Array.from({ length: measured.length }, (_, index) => index), CLIENTS, ping);
  const baselineSeconds = elapsedSince(baselineStarted);
  await Promise.all(handles.map((handle) => handle.signal(finishSignal)));
  const cold = await coldUpdates(measured.length);

  const engine = percentiles(engineLatencies);
  const baseline = percentiles(baselineLatencies);
  record({
    scenario: 'completion',
    measure: 'p99 latency, ms',
    engine: round(engine.p99, 1),
    baseline: round(baseline.p99, 1),
    ratio: round(engine.p99 / baseline.p99),
    target: '≤ 1.5 × the bare Update p99',
    met: engine.p99 <= 1.5 * baseline.p99,
    extra: {
      engine: { ...mapValues(engine, (value) => round(value, 1)), perSecond: round(measured.length / engineSeconds, 1) },
      baseline: { ...mapValues(baseline, (value) => round(value, 1)), perSecond: round(measured.length / baselineSeconds, 1) },
      coldBaseline: { ...mapValues(cold.figures, (value) => round(value, 1)), perSecond: round(measured.length / cold.seconds, 1), ratioOfP99: round(engine.p99 / cold.figures.p99) },
    },
  });
}

/** One Update to each of `count` workflows, by CLIENTS clients, through a worker that caches no workflow. */
async function coldUpdates(count: number): Promise<{ figures: ReturnType<typeof percentiles>; seconds: number }> {
  const coldWorker = await Worker.create({
    connection: stack.server.nativeConnection,
    taskQueue: COLD_QUEUE,
    workflowsPath: require.resolve('./baseline-workflows'),
    maxCachedWorkflows: 0,
  });
  const coldRun = coldWorker.run();
  try {
    const run = Date.now();
    const workflowIds = Array.from({ length: count }, (_, index) => `bench-cold-${run}-${index}`);
    await inParallel(workflowIds, START_CONCURRENCY, (workflowId) => stack.temporal.workflow.start(pingWorkflow, { workflowId, taskQueue: COLD_QUEUE }));
    const handles = workflowIds.map((workflowId) => stack.temporal.workflow.getHandle(workflowId));
    await settle(progress, 0.15, SETTLE_SECONDS);
    progress(`completion: cold baseline, one bare Update to each of ${count} workflows outside the worker's cache`);
    const coldStarted = performance.now();
    const latencies = await inParallel(handles, CLIENTS, (handle) => handle.executeUpdate(pingUpdate, { args: [0] }));
    const seconds = elapsedSince(coldStarted);
    await inParallel(handles, START_CONCURRENCY, (handle) => handle.signal(finishSignal));
    return { figures: percentiles(latencies), seconds };
  } finally {
    coldWorker.shutdown();
    await coldRun;
  }
}

/** COMPLETIONS open assignments of the plan completed through the API by CLIENTS clients, after a warm-up of one each. */
async function timedCompletions(planId: string): Promise<{ latencies: number[]; seconds: number; completed: number }> {
  const open = await stack.db.assignment.findMany({ where: { task: { planId }, status: 'assigned' }, select: { id: true }, take: COMPLETIONS + CLIENTS });
  const [warmUp, measured] = [open.slice(0, CLIENTS), open.slice(CLIENTS)];
  const complete = (id: string) => api('POST', `/assignments/${id}/complete`, { summary: 'Đã hoàn thành (thử tải).' });
  await inParallel(warmUp.map((row) => row.id), CLIENTS, complete);
  await settle(progress, 0.15, SETTLE_SECONDS);
  const started = performance.now();
  const latencies = await inParallel(measured.map((row) => row.id), CLIENTS, complete);
  return { latencies, seconds: elapsedSince(started), completed: measured.length };
}

const mapValues = <T extends Record<string, number>>(object: T, map: (value: number) => number) =>
  Object.fromEntries(Object.entries(object).map(([key, value]) => [key, map(value)])) as T;

interface LoadFigures {
  p50: number;
  p99: number;
  requestsPerSecond: number;
  non2xx: number;
  errors: number;
}

function load(url: string, token?: string, paths?: string[], connections = READ_CONNECTIONS): Promise<LoadFigures> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [projectPath('dist', 'bench', 'load.js')], { stdio: ['pipe', 'pipe', 'inherit'] });
    child.stdin!.end(JSON.stringify({ url, token, paths, seconds: READ_SECONDS, connections }));
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(output) as LoadFigures) : reject(new Error(`load generator exited with ${code}`))));
  });
}

/** 3 and 5: the read paths with `size` assignments present, against a bare Express route in the same process. */
async function reads(size: number, baselineUrl: string): Promise<void> {
  const present = await stack.db.assignment.count();
  // Every commune of the plan's district in turn: each request reads an inbox afresh.
  const communes = await stack.db.unit.findMany({ where: { code: { startsWith: `BENCH-H${size / TASKS_PER_PLAN}-X` } }, select: { code: true }, orderBy: { code: 'asc' } });
  const inboxes = communes.map(({ code }) => `/units/${code}/assignments`);
  await settle(progress, 0.15, SETTLE_SECONDS);
  progress(`reads @${size} (${present} assignments present): baseline`);
  const baseline = await load(baselineUrl);
  const paths: [string, string[]][] = [
    ['plan status', ['/plans?limit=20']],
    ['unit inbox', inboxes],
    ['escalation list', ['/escalations?open=true&limit=50']],
    ['dashboard', ['/dashboard']],
  ];
  for (const [name, [first, ...others]] of paths) {
    progress(`reads @${size}: ${name} (${first}${others.length ? ` and ${others.length} more` : ''})`);
    const engine = await load(`${stack.baseUrl}${first}`, adminToken, others.length ? [first!, ...others] : undefined);
    const ratio = engine.p99 / Math.max(1, baseline.p99);
    record({
      scenario: `read: ${name}`,
      size,
      measure: 'p99 latency, ms',
      engine: engine.p99,
      baseline: baseline.p99,
      ratio: round(ratio),
      target: '≤ 3 × the bare route p99 and < 50 ms',
      met: engine.p99 <= 3 * Math.max(1, baseline.p99) && engine.p99 < 50 && engine.non2xx === 0 && engine.errors === 0,
      extra: { assignmentsPresent: present, engine, baseline },
    });
  }
}

/**
 * 5: how the fan-out's time per assignment, the worker's memory and the reads' p99 grow from the
 * smallest size to the largest, against growing in proportion to the size (linear).
 */
function growth(): void {
  const [smallest, largest] = [Math.min(...SIZES), Math.max(...SIZES)];
  if (smallest === largest) return;
  const at = (scenario: string, size: number) => figures.find((figure) => figure.scenario === scenario && figure.size === size);
  const seconds = (size: number) => at('fan-out', size)?.extra?.engineSeconds as number | undefined;
  const measures: [string, number | undefined, number | undefined][] = [
    ['fan-out seconds per assignment', seconds(smallest)! / smallest, seconds(largest)! / largest],
    ['worker peak memory', at('fan-out memory', smallest)?.engine, at('fan-out memory', largest)?.engine],
    ...['plan status', 'unit inbox', 'escalation list', 'dashboard'].map((name): [string, number | undefined, number | undefined] => [
      `read p99: ${name}`,
      at(`read: ${name}`, smallest)?.engine,
      at(`read: ${name}`, largest)?.engine,
    ]),
  ];
  for (const [measure, small, large] of measures) {
    if (small === undefined || large === undefined || Number.isNaN(small) || Number.isNaN(large)) continue;
    // Per-assignment time should stay flat (a quarter allowed for a run's noise); totals should
    // grow no faster than the size.
    const linear = measure.startsWith('fan-out') ? 1.25 : largest / smallest;
    const ratio = large / small;
    record({
      scenario: 'growth',
      size: largest,
      measure: `${measure}, ${largest} against ${smallest}`,
      engine: round(large, 4),
      baseline: round(small, 4),
      ratio: round(ratio),
      target: `linear or better (≤ ${round(linear)})`,
      met: ratio <= linear,
    });
  }
}

/**
 * 7: scaling out. Fan-out and completion throughput with a second worker process against one,
 * and the inbox reads' throughput spread over two API processes against one (the same twenty
 * connections in all). On one machine of two cores the processes share the cores, so a ratio
 * near 1 says the engine adds no contention of its own; on separate machines it is the figure
 * the cores would multiply.
 */
async function scaleOut(): Promise<void> {
  const size = SCALE_OUT_SIZE;
  const rates: { workers: number; fanOutPerSecond: number; completionsPerSecond: number; completionP99: number }[] = [];
  let second: EngineProcess | undefined;
  try {
    for (const workers of [1, 2]) {
      if (workers === 2) second = await startWorkerProcess({ ...workerEnvFor(stack), SMTP_URL: mail.url, TEST_LADDER_WORKING_DAY_SECONDS: '1' });
      await settle(progress, 0.15, SETTLE_SECONDS);
      progress(`scale-out: fan-out of ${size} with ${workers} worker(s)`);
      const { planId, engineSeconds } = await timedFanOut(`${size}/KH-MR${workers}`, size);
      progress(`scale-out: ${COMPLETIONS} completions with ${workers} worker(s)`);
      const { latencies, seconds, completed } = await timedCompletions(planId);
      rates.push({ workers, fanOutPerSecond: size / engineSeconds, completionsPerSecond: completed / seconds, completionP99: percentiles(latencies).p99 });
    }
  } finally {
    replacingWorker = true;
    await stopProcess(second);
    replacingWorker = false;
  }
  const [one, two] = rates as [(typeof rates)[number], (typeof rates)[number]];
  for (const [measure, key] of [['fan-out, assignments assigned per second', 'fanOutPerSecond'], ['completions per second through the API', 'completionsPerSecond']] as const) {
    record({
      scenario: 'scale-out: two workers',
      size,
      measure,
      engine: round(two[key], 1),
      baseline: round(one[key], 1),
      ratio: round(two[key] / one[key]),
      target: 'two workers against one (≈ 1 on two shared cores)',
      met: two[key] / one[key] >= 0.9,
      extra: { completionP99: { oneWorker: round(one.completionP99, 1), twoWorkers: round(two.completionP99, 1) } },
    });
  }

  const communes = await stack.db.unit.findMany({ where: { code: { startsWith: `BENCH-H${size / TASKS_PER_PLAN}-X` } }, select: { code: true }, orderBy: { code: 'asc' } });
  const [first, ...others] = communes.map(({ code }) => `/units/${code}/assignments`);
  const env = { DATABASE_URL: stack.database.url, DATABASE_POOL_SIZE: String(stack.database.poolSize), ...stack.temporalEnv, TEMPORAL_TASK_QUEUE: stack.taskQueue, ...SECRETS };
  const apis = [await startApiProcess(env), await startApiProcess(env)];
  try {
    const connections = 2 * READ_CONNECTIONS;
    await settle(progress, 0.15, SETTLE_SECONDS);
    progress(`scale-out: inbox reads, ${connections} connections to one API process`);
    const alone = await load(`${apis[0]!.url}${first}`, adminToken, [first!, ...others], connections);
    await settle(progress, 0.15, SETTLE_SECONDS);
    progress(`scale-out: inbox reads, ${connections / 2} connections to each of two API processes`);
    const shared = await Promise.all(apis.map((apiProcess) => load(`${apiProcess.url}${first}`, adminToken, [first!, ...others], connections / 2)));
    const together = shared.reduce((sum, figures) => sum + figures.requestsPerSecond, 0);
    record({
      scenario: 'scale-out: two API processes',
      size,
      measure: 'unit inbox requests per second',
      engine: round(together, 1),
      baseline: round(alone.requestsPerSecond, 1),
      ratio: round(together / alone.requestsPerSecond),
      target: 'two API processes against one (≈ 1 on two shared cores)',
      met: together / alone.requestsPerSecond >= 0.9 && [alone, ...shared].every((figures) => figures.non2xx === 0 && figures.errors === 0),
      extra: { p99: { oneProcess: alone.p99, twoProcesses: shared.map((figures) => figures.p99) } },
    });
  } finally {
    for (const apiProcess of apis) await stopProcess(apiProcess);
  }
}

/** 4: 1,000 assignments falling due at once; every first-level escalation recorded and mailed, once. */
async function storm(): Promise<void> {
  const communes = STORM_SIZE / 2;
  const dueInSeconds = 30;
  const deadline = new Date(Date.now() + dueInSeconds * 1000);
  // One working day, which the benchmark's worker counts as a second.
  const escalation = { default: { reminders: [], levels: [{ after: { workingDays: 1 }, notify: 'unit-head' }] } };
  await settle(progress, 0.15, SETTLE_SECONDS);
  const mailsBefore = mail.messages.length;
  progress(`storm: ${STORM_SIZE} assignments due at ${deadline.toISOString()}`);
  const plan = await api('POST', '/plans', benchPlan(`${STORM_SIZE}/KH-BAO`, communes, 2, { at: deadline.toISOString() }, escalation));
  const planId = plan.id as string;
  const dueAt = deadline.getTime() + 1_000;
  await until(async () => Date.now() >= dueAt, 'the deadline', dueInSeconds + 60, 200);
  const started = performance.now();
  const raised = () => stack.db.escalation.count({ where: { level: 1, assignment: { task: { planId } } } });
  let lastReport = performance.now();
  await until(
    async () => {
      const count = await raised();
      if (performance.now() - lastReport > 5_000) {
        progress(`storm: ${count} of ${STORM_SIZE} escalations recorded, ${mail.messages.length - mailsBefore} mails received`);
        lastReport = performance.now();
      }
      return count >= STORM_SIZE && mail.messages.length - mailsBefore >= STORM_SIZE;
    },
    `${STORM_SIZE} escalations and their mail`,
    600,
  );
  const seconds = elapsedSince(started);
  // Anything sent twice would arrive within a few more seconds.
  await new Promise((resolve) => setTimeout(resolve, 5_000));
  const escalations = await stack.db.escalation.count({ where: { assignment: { task: { planId } } } });
  const stormMail = mail.messages.slice(mailsBefore);
  const distinctMessageIds = new Set(stormMail.map((message) => message.messageId)).size;
  record({
    scenario: 'escalation storm',
    size: STORM_SIZE,
    measure: 'seconds until every level-1 escalation is recorded and mailed',
    engine: round(seconds, 1),
    baseline: 30,
    ratio: round(seconds / 30),
    target: '≤ 30 s, each exactly once',
    met: seconds <= 30 && escalations === STORM_SIZE && stormMail.length === STORM_SIZE && distinctMessageIds === STORM_SIZE,
    extra: { escalations, mails: stormMail.length, distinctMessageIds },
  });
}

/** Evidence files of two sizes: many small photos, a few large scans. */
const UPLOAD_SETS = [
  { label: '100 KB', bytes: 100 * 1024, files: Number(process.env.BENCH_UPLOAD_SMALL_FILES ?? 200) },
  { label: '20 MB', bytes: 20 * 1024 * 1024, files: Number(process.env.BENCH_UPLOAD_LARGE_FILES ?? 10) },
];
const UPLOAD_CONCURRENCY = 4;

/** Files that differ from each other (the store keeps equal bytes once), each beginning as a PDF does. */
function uploadFiles(bytes: number, files: number, set: string): Buffer[] {
  const noise = randomBytes(bytes);
  return Array.from({ length: files }, (_, index) => {
    const file = Buffer.from(noise);
    file.write(`%PDF-1.7\n% ${set} ${index} ${randomBytes(8).toString('hex')}\n`, 0);
    return file;
  });
}

/**
 * 6: evidence files through the API (multipart, type sniffing, the row and its audit entry, a
 * unit officer's token) against putting the same bytes straight into the same store, in files a
 * second and MB/s, with the folder store and, when the Versity S3 Gateway is found, with S3.
 */
async function uploads(): Promise<void> {
  await settle(progress, 0.15, SETTLE_SECONDS);
  const communes = SIZES[0]! / TASKS_PER_PLAN;
  const plan = await api('POST', '/plans', benchPlan('77/KH-MINHCHUNG', communes, 1, { at: new Date(Date.now() + 365 * 86_400_000).toISOString() }));
  const [line] = (await stack.db.assignment.findMany({ where: { task: { planId: plan.id as string } }, include: { unit: true }, orderBy: { unit: { code: 'asc' } }, take: 1 }));
  const officer = (await stack.signIn('unit_officer', line!.unit.code)).token;
  const stores: [string, FileStore, (() => Promise<void>) | undefined][] = [['folder', stack.deps.files, undefined]];
  if (locateGoProgram('versitygw', 'VERSITYGW', process.env.VERSITYGW)) {
    const gateway = await startS3Gateway();
    stores.push(['s3', createFileStore(loadConfig({ ...gateway.env })), gateway.stop]);
  } else {
    progress(`uploads: ${missingGatewayHelp}; measuring the folder store only`);
  }
  const folderStore = stack.deps.files;
  try {
    for (const [storeName, store] of stores) {
      // The API in this process uses the store under test.
      stack.deps.files = store;
      for (const set of UPLOAD_SETS) {
        const direct = uploadFiles(set.bytes, set.files, `${storeName}-direct`);
        const viaApi = uploadFiles(set.bytes, set.files, `${storeName}-api`);
        const totalMB = (set.bytes * set.files) / 2 ** 20;
        progress(`uploads ${storeName} ${set.label}: ${set.files} files straight to the store`);
        const directStarted = performance.now();
        await inParallel(direct, UPLOAD_CONCURRENCY, (bytes) => store.put(Readable.from([bytes])));
        const directSeconds = elapsedSince(directStarted);
        progress(`uploads ${storeName} ${set.label}: ${set.files} files through POST /assignments/:id/files`);
        const apiStarted = performance.now();
        const latencies = await inParallel(viaApi, UPLOAD_CONCURRENCY, async (bytes) => {
          const form = new FormData();
          form.append('files', new Blob([bytes]), 'Biên bản.pdf');
          const response = await fetch(`${stack.baseUrl}/assignments/${line!.id}/files`, { method: 'POST', headers: { authorization: `Bearer ${officer}` }, body: form });
          if (response.status !== 201) throw new Error(`upload answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
        });
        const apiSeconds = elapsedSince(apiStarted);
        const measures = [
          { measure: 'files/s', engine: set.files / apiSeconds, baseline: set.files / directSeconds },
          { measure: 'MB/s', engine: totalMB / apiSeconds, baseline: totalMB / directSeconds },
        ];
        for (const { measure, engine, baseline } of measures) {
          const ratio = engine / baseline;
          // Large files are bound by their bytes, small ones by each request's work (auth, sniffing, a transaction).
          const wanted = set.bytes >= 2 ** 20 ? 0.5 : 0.1;
          record({
            scenario: `upload ${storeName} ${set.label}`,
            size: set.files,
            measure,
            engine: round(engine, 1),
            baseline: round(baseline, 1),
            ratio: round(ratio),
            target: `≥ ${wanted} × the store's own rate`,
            met: ratio >= wanted,
            extra: { concurrency: UPLOAD_CONCURRENCY, latencyMs: percentiles(latencies) },
          });
        }
      }
    }
  } finally {
    stack.deps.files = folderStore;
    for (const [, , stop] of stores) await stop?.();
  }
}

/**
 * 5: the storm's 1,000 escalations aimed at one head who takes them in a daily digest (the
 * default for levels 1 and 2): one mail, not 1,000. The worker is started again on a compressed
 * office clock (ten minutes a day) whose 07:30 falls a minute after the deadline.
 */
async function digestStorm(): Promise<void> {
  const head = await stack.signIn('department_head', 'BENCH-SO');
  await api('PATCH', `/accounts/${head.accountId}`, { email: DIGEST_HEAD });
  await settle(progress, 0.15, SETTLE_SECONDS);
  const dueInSeconds = 30;
  const deadline = Date.now() + dueInSeconds * 1000;
  const digestAt = deadline + 60_000;
  const dayMs = 600_000;
  replacingWorker = true;
  await stopProcess(worker);
  worker = await startWorkerProcess({
    ...workerEnvFor(stack),
    SMTP_URL: mail.url,
    TEST_LADDER_WORKING_DAY_SECONDS: String(dayMs / 1000),
    TEST_OFFICE_CLOCK_ORIGIN: new Date(digestAt - (7.5 / 24) * dayMs).toISOString(),
    // A Tuesday: the digest falls on a working day.
    TEST_OFFICE_CLOCK_DATE: '2026-12-01',
  });
  replacingWorker = false;
  const mailsBefore = mail.messages.length;
  const escalation = { default: { reminders: [], levels: [{ after: { workingDays: 0 }, notify: 'assigner-head' }] } };
  progress(`digest storm: ${STORM_SIZE} assignments due at ${new Date(deadline).toISOString()}, digest at ${new Date(digestAt).toISOString()}`);
  const plan = await api('POST', '/plans', benchPlan(`${STORM_SIZE}/KH-GOP`, STORM_SIZE / 2, 2, { at: new Date(deadline).toISOString() }, escalation));
  const planId = plan.id as string;
  await until(async () => Date.now() >= deadline, 'the deadline', dueInSeconds + 60, 200);
  const started = performance.now();
  const queued = () => stack.db.notification.count({ where: { recipient: DIGEST_HEAD, kind: 'escalation', assignment: { task: { planId } } } });
  await until(async () => (await queued()) >= STORM_SIZE, `${STORM_SIZE} escalations held for the digest`, 600);
  const heldSeconds = elapsedSince(started);
  const toHead = () => mail.messages.slice(mailsBefore).filter((message) => JSON.stringify(message.to).includes(DIGEST_HEAD));
  await until(async () => toHead().length > 0, 'the digest', 600);
  const digestDelay = (Date.now() - digestAt) / 1000;
  // A second digest, or a mail per escalation, would arrive within a few more seconds.
  await new Promise((resolve) => setTimeout(resolve, 5_000));
  const mails = toHead();
  const listed = (mails[0]?.text?.match(/\[Quá hạn – cấp 1\]/g) ?? []).length;
  record({
    scenario: 'digest storm',
    size: STORM_SIZE,
    measure: 'mails to the one head for every level-1 escalation',
    engine: mails.length,
    baseline: STORM_SIZE,
    ratio: round(mails.length / STORM_SIZE, 4),
    target: 'one digest listing them all',
    met: mails.length === 1 && listed === STORM_SIZE,
    extra: { escalationsHeldSeconds: round(heldSeconds, 1), digestSecondsAfterItsTime: round(digestDelay, 1), noticesListed: listed },
  });
}

function machine() {
  const cpus = os.cpus();
  return { cpu: cpus[0]?.model ?? 'unknown', cores: cpus.length, memoryGiB: round(os.totalmem() / 2 ** 30, 1), os: `${os.type()} ${os.release()}`, node: process.version };
}

/** Which Temporal server the run measured. */
function serverDescription() {
  if (SERVER === 'cluster') return { kind: 'cluster', version: TEMPORAL_SERVER_VERSION, historyShards: HISTORY_SHARDS, persistence: 'PostgreSQL', tls: 'mutual' };
  const cli = locateTemporalCli(process.env.TEMPORAL_CLI);
  return { kind: 'dev', cli: cli ? execFileSync(cli, ['--version'], { encoding: 'utf8' }).trim() : 'unknown', persistence: 'SQLite' };
}

function table(rows: Figure[]): string {
  const header = ['scenario', 'size', 'measure', 'engine', 'baseline', 'ratio', 'target', 'met'];
  const cells = rows.map((row) => [row.scenario, row.size ? String(row.size) : '', row.measure, String(row.engine), String(row.baseline), String(row.ratio), row.target, row.met ? 'yes' : 'NO']);
  const widths = header.map((name, index) => Math.max(name.length, ...cells.map((line) => line[index]!.length)));
  const line = (values: string[]) => values.map((value, index) => value.padEnd(widths[index]!)).join('  ');
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...cells.map(line)].join('\n');
}

/** Stops what the run started (a cluster above all: its four processes outlive the benchmark's) when it is interrupted. */
function stopOnSignal(): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      stopping = true;
      progress(`${signal}: stopping the worker${cluster ? ' and the cluster' : ''}`);
      void (async () => {
        await stopProcess(worker);
        await cluster?.stop();
        await cluster?.dropDatabases();
        process.exit(130);
      })();
    });
  }
}

async function main(): Promise<void> {
  stopOnSignal();
  mail = await startMailReceiver();
  if (SERVER === 'cluster') {
    progress(`starting a Temporal cluster: ${HISTORY_SHARDS} history shards on PostgreSQL, mutual TLS`);
    // The production pools of deploy/temporal/plan-engine.yaml, less a third for the engine's.
    cluster = await startTestCluster(createLogger('bench', 'warn'), { historyShards: HISTORY_SHARDS, databaseConnections: { persistence: 16, visibility: 4 } });
  }
  progress(`starting the stack: ${SERVER === 'cluster' ? 'the cluster' : 'a Temporal dev server'}, PostgreSQL, API`);
  stack = await startStack({
    worker: 'none',
    taskQueue: TASK_QUEUE,
    ...(cluster && { temporalEnv: cluster.engineEnv }),
    env: { SMTP_URL: mail.url, MAX_PLAN_ASSIGNMENTS: String(Math.max(50_000, ...SIZES)), ...SECRETS },
  });
  worker = await startWorkerProcess({
    ...workerEnvFor(stack),
    SMTP_URL: mail.url,
    // The storm's one-second ladder: a working day of the ladder lasts a second (test-only setting).
    TEST_LADDER_WORKING_DAY_SECONDS: '1',
  });
  // A worker that dies mid-run would leave every later figure waiting: say so and stop.
  void worker.exited.then((code) => {
    if (stopping || replacingWorker) return;
    progress(`the worker exited (${code}) during the run; its last lines:\n${worker.lines.slice(-20).join('\n')}`);
    process.exit(1);
  });
  const baselineWorker = await Worker.create({
    connection: stack.server.nativeConnection,
    taskQueue: BASELINE_QUEUE,
    workflowsPath: require.resolve('./baseline-workflows'),
  });
  const baselineRun = baselineWorker.run();
  const bare = express().get('/bare', (_req, res) => {
    res.json({ ok: true });
  });
  const bareServer = await new Promise<ReturnType<typeof bare.listen>>((resolve) => {
    const server = bare.listen(0, '127.0.0.1', () => resolve(server));
  });
  const baselineUrl = `http://127.0.0.1:${(bareServer.address() as AddressInfo).port}/bare`;

  try {
    adminToken = (await stack.signIn('admin')).token;
    progress('importing the benchmark units');
    await importUnits(stack.db, benchUnits(), systemActor);
    if (!(await resetStatements(postgresServerUrl))) progress('pg_stat_statements is not loaded by PostgreSQL: no statement figures in the results');
    if (SCENARIOS.has('fan-out')) {
      const planIds = new Map<number, string>();
      for (const size of SIZES) {
        planIds.set(size, await fanOut(size));
        await readStatements(`fan-out ${size}`);
        if (!SCENARIOS.has('reads')) continue;
        await reads(size, baselineUrl);
        await readStatements(`reads ${size}`);
      }
      growth();
      if (SCENARIOS.has('completion')) {
        await completion(planIds.get(SIZES[1] ?? SIZES[0]!)!);
        await readStatements('completion');
      }
    }
    if (SCENARIOS.has('scale-out')) {
      await scaleOut();
      await readStatements('scale-out');
    }
    if (SCENARIOS.has('storm')) {
      await storm();
      await readStatements('escalation storm');
    }
    if (SCENARIOS.has('digest-storm')) await digestStorm();
    if (SCENARIOS.has('uploads')) await uploads();
  } finally {
    stopping = true;
    bareServer.close();
    baselineWorker.shutdown();
    await baselineRun;
    await stopProcess(worker);
    await stack.stop();
    await mail.stop();
    await cluster?.stop();
    await cluster?.dropDatabases();
  }

  const results = saveResults(true);
  process.stdout.write(`\n${table(figures)}\n\n${results.minutes} minutes on ${results.machine.cores} × ${results.machine.cpu}, Temporal ${SERVER === 'cluster' ? 'cluster' : 'dev server'}; written to ${resultsFile}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
