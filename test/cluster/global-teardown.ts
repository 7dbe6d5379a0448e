/** Stops the cluster suite's shared Temporal cluster and drops its databases. */
export default async function stopSharedCluster(): Promise<void> {
  const cluster = globalThis.sharedTemporalCluster;
  if (!cluster) return;
  await cluster.stop();
  await cluster.dropDatabases();
}
