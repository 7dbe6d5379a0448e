/**
 * The versioning policy of docs/architecture.md#versions, shown once on a small workflow
 * (test/workflows/versioning/): histories recorded on the real dev server by each version,
 * replayed against the next. A change guarded by patched() replays the histories of the version
 * before it; the same change unguarded does not; deprecatePatch() replays histories that carry
 * the patch, not older ones; and once those are gone too, the code without any patch replays
 * what the deprecating version recorded.
 */
import type { temporal } from '@temporalio/proto';
import { DeterminismViolationError } from '@temporalio/workflow';
import { Worker, bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { startDevServer, type Call } from './support';

type History = temporal.api.history.v1.IHistory;
const versions = ['v1', 'v2-patched', 'v3-deprecated', 'unguarded'] as const;
type Version = (typeof versions)[number];

let server: TestWorkflowEnvironment;
const bundles = new Map<Version, WorkflowBundleWithSourceMap>();
const calls: Call[] = [];

beforeAll(async () => {
  server = await startDevServer();
  for (const version of versions) bundles.set(version, await bundleWorkflowCode({ workflowsPath: require.resolve(`./versioning/${version}`), logger: quiet }));
});

afterAll(() => server?.teardown());

const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };

/** Runs one workflow to its end on a worker of `version`, and answers its history. */
async function record(version: Version): Promise<History> {
  const taskQueue = `versioning-${version}`;
  const record = (name: string) => async (input: Record<string, unknown>) => {
    calls.push({ name: `${version} ${name}`, input, at: Date.now() });
  };
  const worker = await Worker.create({
    connection: server.nativeConnection,
    taskQueue,
    workflowBundle: bundles.get(version)!,
    activities: { sendReminder: record('sendReminder'), raiseEscalation: record('raiseEscalation') },
  });
  return worker.runUntil(async () => {
    const handle = await server.client.workflow.start('noticeWorkflow', { workflowId: `notice-${version}`, taskQueue });
    await handle.result();
    return handle.fetchHistory();
  });
}

/** Replays a history against `version`: undefined when it replays, else the error. */
async function replay(version: Version, history: History): Promise<Error | undefined> {
  try {
    await Worker.runReplayHistory({ workflowBundle: bundles.get(version)! }, history, `replay-${version}`);
    return undefined;
  } catch (error) {
    return error as Error;
  }
}

it('lets each version replay the histories it must, and proves the unguarded change would break running workflows', async () => {
  const recordedByV1 = await record('v1');
  expect(await replay('v2-patched', recordedByV1)).toBeUndefined();
  expect(await replay('unguarded', recordedByV1)).toBeInstanceOf(DeterminismViolationError);

  const recordedByV2 = await record('v2-patched');
  expect(calls.map((call) => call.name)).toEqual(['v1 raiseEscalation', 'v2-patched sendReminder', 'v2-patched raiseEscalation']);
  expect(await replay('v3-deprecated', recordedByV2)).toBeUndefined();
  // Deprecated too early, while a workflow of version 1 still runs, the change would break it.
  expect(await replay('v3-deprecated', recordedByV1)).toBeInstanceOf(DeterminismViolationError);

  const recordedByV3 = await record('v3-deprecated');
  expect(await replay('unguarded', recordedByV3)).toBeUndefined();
});
