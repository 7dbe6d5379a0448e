/**
 * What only a real Temporal cluster can show (the cluster suite, jest.cluster.config.js): its
 * frontend refuses a client without the deployment's certificate; the engine's timers and
 * commands survive a restart of the history and of the matching service mid-ladder; and two
 * workers and two APIs share the work, the survivor taking over from a killed worker.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Connection, type TLSConfig } from '@temporalio/client';
import { testClusterEnv } from '../../dev/stack';
import { makeClusterCertificates, startTestCluster, type TemporalCluster } from '../../dev/temporal-cluster';
import { stopProcess } from '../../dev/processes';
import { createLogger } from '../../platform/logger';
import { eventually, httpClient } from '../support/http';
import { api, completions, plan, report, setUp, sleep, tearDown, units, worker, workingDays, type Drill } from '../support/drills';

const shared = (): Record<string, string> => {
  const env = testClusterEnv();
  if (!env) throw new Error('the cluster suite runs with jest.cluster.config.js, which starts the cluster');
  return env;
};

/** Connects and asks for the cluster's description: the answer, or the error that refused the client. */
async function describeCluster(tls: TLSConfig | undefined): Promise<{ shards: number; version: string } | Error> {
  try {
    const connection = await Connection.connect({ address: shared().TEMPORAL_ADDRESS!, tls, connectTimeout: 5_000 });
    try {
      const info = await connection.workflowService.getClusterInfo({});
      return { shards: info.historyShardCount ?? 0, version: info.serverVersion ?? '' };
    } finally {
      await connection.close();
    }
  } catch (error) {
    return error as Error;
  }
}

describe('the cluster: PostgreSQL, several history shards, mutual TLS on the frontend', () => {
  const env = () => shared();
  const file = (variable: string) => readFileSync(env()[variable]!);

  it('serves a client presenting the deployment certificate: Temporal 1.29.1 with 4 history shards', async () => {
    const answer = await describeCluster({
      serverRootCACertificate: file('TEMPORAL_TLS_CA_FILE'),
      clientCertPair: { crt: file('TEMPORAL_TLS_CERT_FILE'), key: file('TEMPORAL_TLS_KEY_FILE') },
      serverNameOverride: env().TEMPORAL_TLS_SERVER_NAME,
    });
    expect(answer).toEqual({ shards: 4, version: '1.29.1' });
  });

  it('refuses a client without a certificate, one with a certificate of another CA, and one without TLS', async () => {
    const stranger = await makeClusterCertificates(mkdtempSync(path.join(os.tmpdir(), 'stranger-ca-')));
    const attempts = {
      noCertificate: await describeCluster({ serverRootCACertificate: file('TEMPORAL_TLS_CA_FILE'), serverNameOverride: env().TEMPORAL_TLS_SERVER_NAME }),
      anotherCa: await describeCluster({
        serverRootCACertificate: file('TEMPORAL_TLS_CA_FILE'),
        clientCertPair: { crt: readFileSync(stranger.clientCert), key: readFileSync(stranger.clientKey) },
        serverNameOverride: env().TEMPORAL_TLS_SERVER_NAME,
      }),
      plaintext: await describeCluster(undefined),
    };
    for (const [attempt, answer] of Object.entries(attempts)) expect([attempt, answer instanceof Error]).toEqual([attempt, true]);
  });
});

describe('drill 7: the history service, then the matching service, restarted mid-ladder', () => {
  let drill: Drill | undefined;
  let cluster: TemporalCluster | undefined;
  afterAll(async () => {
    await tearDown(drill);
    await cluster?.stop();
    await cluster?.dropDatabases();
  });

  it('raises every level once, sends every notice once and takes every completion once', async () => {
    // A cluster of the drill's own: restarting the shared one's services would reach other suites.
    cluster = await startTestCluster(createLogger('drill', 'warn'), { certificatesDir: path.dirname(shared().TEMPORAL_TLS_CA_FILE!) });
    drill = await setUp('service-restarts', { temporalEnv: cluster.engineEnv });
    // A working day of the ladder lasts 4 s here: levels 4, 8 and 12 s after the deadline.
    await worker(drill, { TEST_LADDER_WORKING_DAY_SECONDS: '4' });
    const engine = await api(drill);
    drill.admin = httpClient(engine.url, drill.adminToken);
    const codes = await units(drill, 10);
    const reviewer = httpClient(engine.url, (await drill.stack.signIn('department_head', 'SO-VHTTDL')).token);
    const deadline = new Date(Date.now() + 10_000);
    const levels = [
      { after: workingDays(1), notify: 'unit-head' },
      { after: workingDays(1), notify: 'assigner-head' },
      { after: workingDays(1), notify: 'plan-leaders' },
    ];
    const ids = await plan(drill, codes, deadline, levels);
    const [completed, open] = [ids.slice(0, 4), ids.slice(4)];

    await sleep(Math.max(0, deadline.getTime() + 2_000 - Date.now()));
    const raisedBeforeHistory = await drill.stack.db.escalation.count();
    await cluster.stopService('history');
    await sleep(3_000);
    await cluster.startService('history');
    await cluster.ready();
    // Completions between the restarts: Updates through a history service that took its shards back.
    for (const id of completed.slice(0, 2)) expect((await reviewer.post(`/assignments/${id}/complete`, { summary: 'Đã hoàn thành' })).status).toBe(200);
    const raisedBeforeMatching = await drill.stack.db.escalation.count();
    await cluster.stopService('matching');
    await sleep(3_000);
    await cluster.startService('matching');
    await cluster.ready();
    for (const id of completed.slice(2)) expect((await reviewer.post(`/assignments/${id}/complete`, { summary: 'Đã hoàn thành' })).status).toBe(200);

    // The completed four may have been escalated before their completion; the open six reach every level.
    const expectedOpen = open.length * levels.length;
    const openEscalations = () => drill!.stack.db.escalation.count({ where: { assignmentId: { in: open } } });
    await eventually(async () => ((await openEscalations()) >= expectedOpen ? true : undefined), 'every level of the open work', 120_000);
    await sleep(3_000); // room for a duplicate to show
    const escalations = await drill.stack.db.escalation.findMany({ select: { assignmentId: true, level: true } });
    const distinct = new Set(escalations.map((row) => `${row.assignmentId}:${row.level}`));
    const counts = await Promise.all(completed.map((id) => completions(drill!, id)));
    report('7 history and matching restarted', {
      assignments: ids.length,
      escalationsRaisedBeforeHistoryRestart: raisedBeforeHistory,
      escalationsRaisedBeforeMatchingRestart: raisedBeforeMatching,
      escalations: escalations.length,
      mails: drill.mail.messages.length,
      lost: expectedOpen - escalations.filter((row) => open.includes(row.assignmentId)).length,
      duplicated: escalations.length - distinct.size,
    });
    expect(await openEscalations()).toBe(expectedOpen);
    expect(distinct.size).toBe(escalations.length);
    expect(counts).toEqual(completed.map(() => 1));
    await eventually(async () => ((await drill!.stack.db.notification.count({ where: { channel: 'email', status: 'sent' } })) === escalations.length ? true : undefined), 'every notice sent', 60_000);
    expect(new Set(drill.mail.messages.map((message) => message.messageId)).size).toBe(escalations.length);
  }, 300_000);
});

describe('drill 8: two workers and two APIs on the cluster, one worker killed mid-ladder', () => {
  let drill: Drill | undefined;
  afterAll(() => tearDown(drill));

  it('moves the killed worker’s work to the survivor, and both APIs answer', async () => {
    drill = await setUp('worker-failover');
    const ladder = { TEST_LADDER_WORKING_DAY_SECONDS: '2' };
    const doomed = await worker(drill, ladder);
    await worker(drill, ladder);
    const [one, two] = [await api(drill), await api(drill)];
    const codes = await units(drill, 20);
    const deadline = new Date(Date.now() + 10_000);
    const levels = [
      { after: workingDays(1), notify: 'unit-head' },
      { after: workingDays(2), notify: 'assigner-head' },
    ];
    const ids = await plan(drill, codes, deadline, levels);
    const token = (await drill.stack.signIn('department_head', 'SO-VHTTDL')).token;
    const [viaOne, viaTwo] = [httpClient(one.url, token), httpClient(two.url, token)];
    const [completed, open] = [ids.slice(0, 10), ids.slice(10)];
    const answers = await Promise.all(completed.map((id, index) => (index % 2 === 0 ? viaOne : viaTwo).post(`/assignments/${id}/complete`, { summary: 'Đã hoàn thành' })));
    expect(answers.map((answer) => answer.status)).toEqual(completed.map(() => 200));

    await sleep(Math.max(0, deadline.getTime() + 1_000 - Date.now()));
    await stopProcess(doomed, 'SIGKILL');
    const killedAt = new Date();
    const expected = open.length * levels.length;
    await eventually(async () => ((await drill!.stack.db.escalation.count()) >= expected ? true : undefined), 'every level of the open work', 120_000);
    await sleep(2_000);
    const escalations = await drill.stack.db.escalation.findMany({ select: { assignmentId: true, level: true, raisedAt: true } });
    const raisedAfterKill = escalations.filter((row) => row.raisedAt > killedAt).length;
    const reads = await Promise.all([viaOne, viaTwo].map((client) => client.get(`/assignments/${open[0]}`)));
    report('8 worker failover on the cluster', { assignments: ids.length, completedThroughEachApi: completed.length / 2, escalations: escalations.length, raisedAfterKill, duplicated: escalations.length - new Set(escalations.map((row) => `${row.assignmentId}:${row.level}`)).size });
    expect(escalations).toHaveLength(expected);
    expect(new Set(escalations.map((row) => `${row.assignmentId}:${row.level}`)).size).toBe(expected);
    // The second level falls 4 s after the first, well after the kill: only the survivor can have raised it.
    expect(raisedAfterKill).toBeGreaterThanOrEqual(open.length);
    expect(reads.map((read) => read.status)).toEqual([200, 200]);
    for (const id of completed) expect(await completions(drill, id)).toBe(1);
  }, 300_000);
});
