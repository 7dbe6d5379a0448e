/**
 * Fault drills: the real stack with a plan in flight, the API and the worker as separate
 * processes, and one part failing at a time — the worker killed, Temporal restarted, PostgreSQL
 * unreachable, the API killed mid-request, two of everything at once. After each, nothing may
 * be lost or done twice: assignment states, escalations, notices, the audit trail.
 */
import { planWorkflowId } from '../../domain/workflow-ids';
import { plan925 } from '../support/fixtures';
import { assignmentWorkflowStarted, eventually, httpClient } from '../support/http';
import { freePort, stopProcess } from '../../dev/processes';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import { api, completions, plan, report, restartableTemporal, setUp, sleep, tearDown, units, untilSettled, worker, workingDays, type Drill, type RestartableTemporal } from '../support/drills';

describe('drill 1: the worker killed with SIGKILL while timers and activities are pending', () => {
  let drill: Drill | undefined;
  afterAll(() => tearDown(drill));

  it('escalates every level once and delivers every notice, a resend only under the same Message-ID', async () => {
    drill = await setUp('worker-kill');
    const first = await worker(drill);
    const codes = await units(drill, 12);
    const deadline = new Date(Date.now() + 5_000);
    const levels = [
      { after: workingDays(1), notify: 'unit-head' },
      { after: workingDays(1), notify: 'assigner-head' },
      { after: workingDays(1), notify: 'plan-leaders' },
    ];
    const ids = await plan(drill, codes, deadline, levels);
    // Mid-ladder: some levels raised, some timers pending, activities possibly running.
    await sleep(Math.max(0, deadline.getTime() + 1_500 - Date.now()));
    const raisedBefore = await drill.stack.db.escalation.count();
    await stopProcess(first, 'SIGKILL');
    await sleep(3_000);
    await worker(drill);

    const expected = ids.length * levels.length;
    // An activity the dead worker held is retried after its start-to-close limit (20 s for notices).
    await eventually(async () => ((await drill!.stack.db.notification.count({ where: { channel: 'email', status: 'sent' } })) === expected ? true : undefined), 'every notice sent', 90_000);
    await sleep(2_000); // room for a duplicate to show
    const escalations = await drill.stack.db.escalation.findMany({ select: { assignmentId: true, level: true } });
    const distinct = new Set(escalations.map((row) => `${row.assignmentId}:${row.level}`));
    const messageIds = new Set(drill.mail.messages.map((message) => message.messageId));
    const auditRaised = await drill.stack.db.auditEntry.count({ where: { action: 'escalation.raised' } });
    // A mail the SMTP server accepted just before the kill, but not yet marked sent, goes again
    // with the same Message-ID (the documented at-least-once window): a receiver sees it once.
    const resent = drill.mail.messages.length - messageIds.size;
    report('1 worker SIGKILL', { assignments: ids.length, escalationsRaisedBeforeKill: raisedBefore, escalations: escalations.length, mails: drill.mail.messages.length, resentWithSameMessageId: resent, lost: expected - distinct.size, duplicated: escalations.length - distinct.size });
    expect(escalations).toHaveLength(expected);
    expect(distinct.size).toBe(expected);
    expect(messageIds.size).toBe(expected);
    // Only notices of escalations raised before the kill can have been in flight then.
    expect(resent).toBeLessThanOrEqual(raisedBefore);
    expect(auditRaised).toBe(expected);
  });
});

describe('drill 2: the Temporal server stopped and restarted on its persisted database', () => {
  let drill: Drill | undefined;
  let temporal: RestartableTemporal | undefined;
  afterAll(async () => {
    await tearDown(drill);
    await temporal?.dispose();
  });

  it('keeps the timers and the work: escalations fire once, completions refused with 503 while it is away, accepted after', async () => {
    temporal = await restartableTemporal();
    drill = await setUp('temporal-restart', { temporalEnv: temporal.env });
    await worker(drill);
    const engine = await api(drill);
    // Plans must start on this drill's Temporal server: created through the API process.
    drill.admin = httpClient(engine.url, drill.adminToken);
    const codes = await units(drill, 8);
    const reviewer = httpClient(engine.url, (await drill.stack.signIn('department_head', 'SO-VHTTDL')).token);
    // Falls due after Temporal is back and the completed half is done, so that half never escalates; the
    // timers wait through the outage. The client's own retries hold a request up to ~15 s before the 503,
    // reconnecting takes as long, and on a loaded machine the four completions after it take up to ~40 s more.
    const deadline = new Date(Date.now() + 90_000);
    const ids = await plan(drill, codes, deadline, [{ after: workingDays(1), notify: 'unit-head' }]);

    await temporal.stop();
    const whileAway = await reviewer.post(`/assignments/${ids[0]}/complete`, { summary: 'Đã hoàn thành' });
    expect(whileAway.status).toBe(503);
    expect(whileAway.headers.get('retry-after')).not.toBeNull();
    await sleep(4_000);
    await temporal.start();

    const seen: number[] = [];
    const completed = ids.slice(0, 4);
    for (const id of completed) expect((await untilSettled(() => reviewer.post(`/assignments/${id}/complete`, { summary: 'Đã hoàn thành' }), seen)).status).toBe(200);
    const open = ids.slice(4);
    expect(Date.now()).toBeLessThan(deadline.getTime());
    await eventually(async () => ((await drill!.stack.db.escalation.count()) >= open.length ? true : undefined), 'the escalations of the open work', 120_000);
    await sleep(2_000);
    const escalated = await drill.stack.db.escalation.findMany({ select: { assignmentId: true } });
    report('2 Temporal restart', { assignments: ids.length, completedAfterRestart: completed.length, escalations: escalated.length, lost: open.length - new Set(escalated.map((row) => row.assignmentId)).size, duplicated: escalated.length - new Set(escalated.map((row) => row.assignmentId)).size });
    expect(escalated.map((row) => row.assignmentId).sort()).toEqual([...open].sort());
    for (const id of completed) expect(await completions(drill, id)).toBe(1);
    expect(seen.every((status) => status === 200 || status === 503)).toBe(true);
  }, 300_000);
});

describe('drill 3: PostgreSQL unreachable for 15 seconds while completions keep arriving', () => {
  let drill: Drill | undefined;
  let proxy: TcpProxy | undefined;
  afterAll(async () => {
    await tearDown(drill);
    await proxy?.stop();
  });

  it('answers 503 with Retry-After, never 500, and loses nothing it accepted', async () => {
    drill = await setUp('postgres-outage');
    const viaProxy = new URL(drill.stack.database.url);
    proxy = await startTcpProxy({ host: viaProxy.hostname, port: Number(viaProxy.port || 5432) });
    viaProxy.port = String(proxy.port);
    drill.processEnv.DATABASE_URL = viaProxy.toString();
    await worker(drill);
    const engine = await api(drill);
    const codes = await units(drill, 20);
    const ids = await plan(drill, codes, new Date(Date.now() + 3_600_000));
    const reviewer = httpClient(engine.url, (await drill.stack.signIn('department_head', 'SO-VHTTDL')).token);

    const seen: number[] = [];
    const outage = (async () => {
      await sleep(1_000);
      await proxy!.cut();
      await sleep(15_000);
      await proxy!.restore();
    })();
    const answers = await Promise.all(
      ids.map(async (id, index) => {
        await sleep(index * 600); // arriving before, during and after the outage
        return untilSettled(() => reviewer.post(`/assignments/${id}/complete`, { summary: 'Đã hoàn thành' }, { 'idempotency-key': `drill3-${id}` }), seen);
      }),
    );
    await outage;
    const counts = await Promise.all(ids.map((id) => completions(drill!, id)));
    report('3 PostgreSQL outage', { completionsSent: ids.length, answered503: seen.filter((status) => status === 503).length, answered5xxOther: seen.filter((status) => status >= 500 && status !== 503).length, lost: counts.filter((count) => count === 0).length, duplicated: counts.filter((count) => count > 1).length });
    expect(seen.filter((status) => status === 503).length).toBeGreaterThan(0);
    const failures = drill.processes.flatMap((engineProcess) => engineProcess.lines.filter((line) => line.includes('"msg":"request failed"')));
    expect({ other5xx: seen.filter((status) => status >= 500 && status !== 503), failures }).toEqual({ other5xx: [], failures: [] });
    expect(answers.map((answer) => answer.status)).toEqual(ids.map(() => 200));
    expect(counts).toEqual(ids.map(() => 1));
    expect(await drill.stack.db.auditEntry.count({ where: { action: 'assignment.completed' } })).toBe(ids.length);
  });
});

describe('drill 4: the API killed mid-request and restarted', () => {
  let drill: Drill | undefined;
  afterAll(() => tearDown(drill));

  it('gives a retried request with the same Idempotency-Key exactly one effect, and its answer', async () => {
    drill = await setUp('api-kill');
    await worker(drill);
    const port = String(await freePort());
    const first = await api(drill, { API_PORT: port });
    const codes = await units(drill, 10);
    const ids = await plan(drill, codes, new Date(Date.now() + 3_600_000));
    const token = (await drill.stack.signIn('department_head', 'SO-VHTTDL')).token;
    const reviewer = httpClient(first.url, token);

    const inFlight = ids.map((id) => reviewer.post(`/assignments/${id}/complete`, { summary: 'Đã hoàn thành' }, { 'idempotency-key': `drill4-${id}` }).catch(() => undefined));
    // Killed once some completions have taken effect and others have not: both kinds of lost answer.
    await eventually(async () => ((await drill!.stack.db.event.count({ where: { type: 'assignment.completed' } })) >= 3 ? true : undefined), 'a few completions', 30_000);
    await stopProcess(first, 'SIGKILL');
    const actedBeforeKill = await drill.stack.db.event.count({ where: { type: 'assignment.completed' } });
    const lostAnswers = (await Promise.all(inFlight)).filter((answer) => answer === undefined).length;
    const second = await api(drill, { API_PORT: port });
    const seen: number[] = [];
    const answers = await Promise.all(
      ids.map((id) => untilSettled(() => httpClient(second.url, token).post(`/assignments/${id}/complete`, { summary: 'Đã hoàn thành' }, { 'idempotency-key': `drill4-${id}` }), seen)),
    );
    const counts = await Promise.all(ids.map((id) => completions(drill!, id)));
    report('4 API SIGKILL', { requestsInFlight: ids.length, actedBeforeKill, answersLost: lostAnswers, lost: counts.filter((count) => count === 0).length, duplicated: counts.filter((count) => count > 1).length });
    expect(answers.map((answer) => [answer.status, answer.body.status])).toEqual(ids.map(() => [200, 'done']));
    expect(counts).toEqual(ids.map(() => 1));
  });
});

describe('drill 5: two workers and two APIs against one database and one Temporal server', () => {
  let drill: Drill | undefined;
  afterAll(() => tearDown(drill));

  it('completes each assignment once when both APIs are asked at once, and escalates each once', async () => {
    drill = await setUp('two-of-each');
    await worker(drill);
    await worker(drill);
    const [one, two] = [await api(drill), await api(drill)];
    const codes = await units(drill, 30);
    // Time to start 30 workflows and race the completions before anything falls due.
    const deadline = new Date(Date.now() + 12_000);
    const ids = await plan(drill, codes, deadline, [{ after: workingDays(1), notify: 'unit-head' }]);
    const token = (await drill.stack.signIn('department_head', 'SO-VHTTDL')).token;
    const [viaOne, viaTwo] = [httpClient(one.url, token), httpClient(two.url, token)];

    const completed = ids.slice(0, 15);
    const races = await Promise.all(
      completed.map((id) => Promise.all([viaOne.post(`/assignments/${id}/complete`, { summary: 'Lần một' }), viaTwo.post(`/assignments/${id}/complete`, { summary: 'Lần hai' })])),
    );
    const open = ids.slice(15);
    await eventually(async () => ((await drill!.stack.db.notification.count({ where: { status: 'sent' } })) === open.length ? true : undefined), 'one notice per open assignment', 60_000);
    await sleep(2_000);
    const counts = await Promise.all(completed.map((id) => completions(drill!, id)));
    const escalations = await drill.stack.db.escalation.count();
    report('5 two workers, two APIs', { completionRaces: completed.length, escalationsExpected: open.length, escalations, mails: drill.mail.messages.length, lost: counts.filter((count) => count === 0).length + Math.max(0, open.length - escalations), duplicated: counts.filter((count) => count > 1).length + Math.max(0, escalations - open.length) });
    expect(races.map((pair) => pair.map((answer) => answer.status).sort())).toEqual(completed.map(() => [200, 409]));
    expect(counts).toEqual(completed.map(() => 1));
    expect(escalations).toBe(open.length);
    expect(drill.mail.messages).toHaveLength(open.length);
  });
});

describe('drill 6: the API killed while it writes plans and approvals to PostgreSQL and Temporal', () => {
  let drill: Drill | undefined;
  afterAll(() => tearDown(drill));

  it('leaves every plan whole (its rows, its workflow, a workflow per assignment) or absent, and every approval adopted or undone', async () => {
    drill = await setUp('api-kill-writes');
    await worker(drill);
    const port = String(await freePort());
    const codes = await units(drill, 3);
    const base = await plan(drill, codes, new Date(Date.now() + 3_600_000));
    const basePlanId = (await drill.stack.db.assignment.findUniqueOrThrow({ where: { id: base[0]! }, select: { task: { select: { planId: true } } } })).task.planId;
    // A unit's officer proposes; the admin decides (nobody decides on their own proposal).
    const officer = httpClient(drill.stack.baseUrl, (await drill.stack.signIn('unit_officer', codes[0])).token);
    const proposals: string[] = [];
    for (let index = 0; index < 24; index += 1) {
      const proposed = await officer.post(`/plans/${basePlanId}/proposals`, { unit: codes[0], title: `Đăng ký ${index + 1}`, kind: 'generic', deadline: { calendarDays: 30 } });
      expect(proposed.status).toBe(201);
      proposals.push(proposed.body.id);
    }

    const rounds = 8;
    let attempted = 0;
    for (let round = 0; round < rounds; round += 1) {
      const engine = await api(drill, { API_PORT: port });
      const client = httpClient(engine.url, drill.adminToken);
      const plansBefore = await drill.stack.db.plan.count();
      const approvedBefore = await drill.stack.db.taskProposal.count({ where: { status: 'approved' } });
      const creates = Array.from({ length: 4 }, (_, index) =>
        client.post('/plans', plan925({ code: `${round * 10 + index + 1}/KH-DRILL`, tasks: codes.map((code, task) => ({ code: `NV${task + 1}`, title: `Nhiệm vụ ${task + 1}`, kind: 'generic', leadUnit: code, deadline: '2030-11-30' })) })),
      );
      const approvals = proposals.slice(round * 3, round * 3 + 3).map((id) => client.post(`/plans/${basePlanId}/proposals/${id}/approve`, {}));
      attempted += creates.length;
      // Odd rounds die the moment a plan (or an approval) shows in PostgreSQL, the others at a random moment.
      if (round % 2 === 1) {
        const giveUp = Date.now() + 30_000;
        const committed = async () =>
          round % 4 === 1 ? (await drill!.stack.db.plan.count()) > plansBefore : (await drill!.stack.db.taskProposal.count({ where: { status: 'approved' } })) > approvedBefore;
        while (Date.now() < giveUp && !(await committed())) await sleep(2);
      } else {
        await sleep(Math.random() * 1_000);
      }
      await stopProcess(engine, 'SIGKILL');
      await Promise.all([...creates, ...approvals].map((request) => request.catch(() => undefined)));
    }

    const { db, temporal } = drill.stack;
    const plans = await db.plan.findMany({ where: { code: { endsWith: '/KH-DRILL' } }, select: { id: true, tasks: { select: { assignments: { select: { id: true } } } } } });
    // Every plan recorded is whole: audited, its workflow running, each assignment's workflow started.
    for (const { id, tasks } of plans) {
      expect(tasks.flatMap((task) => task.assignments)).toHaveLength(codes.length);
      expect(await db.auditEntry.count({ where: { action: 'plan.created', entityId: id } })).toBe(1);
      expect((await temporal.workflow.getHandle(planWorkflowId(id)).describe()).status.name).toBe('RUNNING');
      for (const { id: assignmentId } of tasks.flatMap((task) => task.assignments)) await assignmentWorkflowStarted(drill.admin, assignmentId);
    }
    // A plan workflow whose request died before its rows committed ends, having found nothing.
    const recorded = new Set(plans.map((row) => row.id).concat(basePlanId));
    const abandoned: string[] = [];
    // This drill's own: on the cluster suite the namespace also holds other suites' plans.
    for await (const execution of temporal.workflow.list({ query: `WorkflowType = 'planWorkflow' AND TaskQueue = '${drill.taskQueue}'` })) {
      const planId = execution.workflowId.replace(planWorkflowId(''), '');
      if (recorded.has(planId)) continue;
      abandoned.push(planId);
      expect(await temporal.workflow.getHandle(execution.workflowId).result()).toEqual({ planId, done: 0, cancelled: 0 });
      expect(await db.event.count({ where: { planId } })).toBe(0);
    }
    // Every approval is whole (its task, its assignment adopted and started) or undone.
    const decided = await db.taskProposal.findMany({ where: { id: { in: proposals } }, select: { status: true, taskId: true } });
    const approved = decided.filter((row) => row.status === 'approved');
    for (const { taskId } of approved) {
      const [assignment] = await db.assignment.findMany({ where: { taskId: taskId! }, select: { id: true } });
      await assignmentWorkflowStarted(drill.admin, assignment!.id);
    }
    expect(decided.filter((row) => row.status === 'pending').every((row) => row.taskId === null)).toBe(true);
    expect(await db.task.count({ where: { planId: basePlanId } })).toBe(codes.length + approved.length);
    report('6 API SIGKILL between PostgreSQL and Temporal', { plansAttempted: attempted, plansWhole: plans.length, planWorkflowsAbandoned: abandoned.length, approvalsAttempted: rounds * 3, approvalsWhole: approved.length });
    expect([plans.length, approved.length].every((whole) => whole > 0)).toBe(true);
  });
});
