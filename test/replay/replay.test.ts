/**
 * Replays recorded histories (test/replay/histories, written by `npm run record-histories`)
 * against the current workflow code, so a change that would break running workflows fails CI.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker, type ReplayResult } from '@temporalio/worker';

const historiesDir = path.join(__dirname, 'histories');
const recorded = readdirSync(historiesDir)
  .filter((file) => file.endsWith('.json'))
  .sort()
  .map((file) => ({ workflowId: file, history: historyFromJSON(JSON.parse(readFileSync(path.join(historiesDir, file), 'utf8'))) }));

async function replayAll(workflowsPath: string): Promise<ReplayResult[]> {
  const results: ReplayResult[] = [];
  for await (const result of Worker.runReplayHistories({ workflowsPath }, recorded)) results.push(result);
  return results;
}

describe('replaying recorded workflow histories', () => {
  it('finds histories of every workflow type to replay', () => {
    const types = recorded.map(({ history }) => history.events?.[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name);
    expect(new Set(types)).toEqual(new Set(['planWorkflow', 'assignmentWorkflow']));
  });

  it('replays every history against the current workflows without a determinism error', async () => {
    const results = await replayAll(require.resolve('../../workflows'));
    expect(results).toHaveLength(recorded.length);
    expect(results.map((result) => [result.workflowId, result.error?.message])).toEqual(recorded.map(({ workflowId }) => [workflowId, undefined]));
  });

  it('fails for a workflow changed in a non-deterministic way', async () => {
    const results = await replayAll(require.resolve('./fixtures/changed-workflows'));
    const failed = results.filter((result) => result.error).map((result) => result.workflowId);
    expect(failed.sort()).toEqual(recorded.filter(({ workflowId }) => workflowId.includes('assignment')).map(({ workflowId }) => workflowId).sort());
  });
});
