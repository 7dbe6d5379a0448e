/**
 * The cluster suite's shared Temporal cluster (jest.cluster.config.js): started once before its
 * tests, handed to them as TEST_TEMPORAL_CLUSTER (the engine's settings to reach it, which
 * dev/stack.ts reads), stopped and its databases dropped after them.
 */
import { startTestCluster, type TemporalCluster } from '../../dev/temporal-cluster';
import { createLogger } from '../../platform/logger';

declare global {
  var sharedTemporalCluster: TemporalCluster | undefined;
}

export default async function startSharedCluster(): Promise<void> {
  const log = createLogger('cluster-tests', process.env.LOG_LEVEL ?? 'info');
  const cluster = await startTestCluster(log);
  globalThis.sharedTemporalCluster = cluster;
  process.env.TEST_TEMPORAL_CLUSTER = JSON.stringify(cluster.engineEnv);
  process.stdout.write(`\nTemporal cluster for the cluster suite: ${cluster.address}, ${cluster.historyShards} history shards, mutual TLS\n`);
}
