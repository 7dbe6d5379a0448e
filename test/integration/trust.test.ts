/**
 * What the worker trusts, on the real stack, with commands sent straight through a Temporal
 * client as whoever reaches the Temporal frontend could send them:
 * - an Update the API did not sign (or signed for something else, or long ago) is refused by
 *   the validator of an assignment's or a plan's workflow, and nothing enters the history or
 *   the read model;
 * - a command the read model can never record (a lone surrogate, signed with the real key:
 *   the API's edge would refuse it) fails its Update at once, and the assignment stays usable:
 *   its state is not advanced, its ladder still escalates, it can still be cancelled;
 * - a workflow terminated from outside leaves its assignment marked broken until the
 *   department restarts it, after which the work goes on.
 */
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { signCommand } from '../../domain/command-signature';
import { assignmentWorkflowId, planWorkflowId } from '../../domain/workflow-ids';
import { startStack, type Stack } from '../../dev/stack';
import { addAssignmentsUpdate, assignmentStateQuery, assignmentUpdates } from '../../workflows/definitions';
import { plan925 } from '../support/fixtures';
import { assignmentWorkflowStarted, eventually, httpClient } from '../support/http';

let stack: Stack;
let admin: ReturnType<typeof httpClient>;
let unit: ReturnType<typeof httpClient>;
let reviewer: ReturnType<typeof httpClient>;
let officer: { id: string; name: string; role: 'unit_officer' };
const ids: Record<'forged' | 'poisoned' | 'terminated', string> = { forged: '', poisoned: '', terminated: '' };

const forgedLeader = { id: 'leader-1', name: 'Chủ tịch UBND tỉnh', role: 'leader' as const };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const handleOf = (assignmentId: string) => stack.temporal.workflow.getHandle(assignmentWorkflowId(assignmentId));
const statusInReadModel = async (assignmentId: string) => (await stack.db.assignment.findUniqueOrThrow({ where: { id: assignmentId } })).status;

/** An Update's failure and its causes, outermost first: each failure's type (or class) and message. */
function failureChain(error: unknown): { type: string; message: string }[] {
  const chain: { type: string; message: string }[] = [];
  let cause: unknown = error instanceof WorkflowUpdateFailedError ? error.cause : undefined;
  while (cause instanceof Error) {
    chain.push({ type: (cause as { type?: string }).type ?? cause.constructor.name, message: cause.message });
    cause = cause.cause;
  }
  return chain;
}

/** The Update's failure, or a timeout: a refused or failed Update answers within seconds. */
async function updateFailure(update: Promise<unknown>, withinMs = 20_000): Promise<WorkflowUpdateFailedError> {
  const outcome = await Promise.race([update.then(() => 'accepted', (error: unknown) => error), sleep(withinMs).then(() => 'no answer')]);
  if (!(outcome instanceof WorkflowUpdateFailedError)) throw new Error(`expected the Update to fail, got: ${String(outcome)}`);
  return outcome;
}

type HistoryEvent = NonNullable<Awaited<ReturnType<WorkflowHandle['fetchHistory']>>['events']>[number];

async function historyOf(handle: WorkflowHandle): Promise<HistoryEvent[]> {
  return (await handle.fetchHistory()).events ?? [];
}

const acceptedUpdates = (events: HistoryEvent[]) =>
  events.flatMap((event) => (event.workflowExecutionUpdateAcceptedEventAttributes ? [event.workflowExecutionUpdateAcceptedEventAttributes] : []));

beforeAll(async () => {
  // A working day of the ladder lasts a second: the poisoned assignment escalates within the test.
  stack = await startStack({ env: { TEST_LADDER_WORKING_DAY_SECONDS: '1' } });
  admin = httpClient(stack.baseUrl, (await stack.signIn('admin')).token);
  for (const body of [
    { code: 'SO-VHTTDL', name: 'Sở Văn hóa, Thể thao và Du lịch', kind: 'department' },
    { code: 'X-HAMON', name: 'Ủy ban nhân dân xã Hà Mòn', kind: 'commune', headEmail: 'chutich@hamon.example.vn' },
  ]) {
    expect((await admin.post('/units', body)).status).toBe(201);
  }
  const signedInOfficer = await stack.signIn('unit_officer', 'X-HAMON');
  unit = httpClient(stack.baseUrl, signedInOfficer.token);
  reviewer = httpClient(stack.baseUrl, (await stack.signIn('department_head', 'SO-VHTTDL')).token);
  const account = await stack.db.account.findUniqueOrThrow({ where: { id: signedInOfficer.accountId } });
  officer = { id: account.id, name: account.displayName, role: 'unit_officer' };

  const soon = new Date(Date.now() + 8_000).toISOString();
  const plan = await admin.post(
    '/plans',
    plan925({
      assigningUnit: 'SO-VHTTDL',
      escalation: { default: { reminders: [], levels: [{ after: { workingDays: 1 }, notify: 'unit-head' }] } },
      tasks: [
        { code: 'NV1', title: 'Tuyên truyền Ngày Gia đình Việt Nam 28/6', kind: 'commemoration', leadUnit: 'X-HAMON', deadline: '2030-06-28' },
        { code: 'NV2', title: 'Báo cáo sơ kết 6 tháng', kind: 'report', leadUnit: 'X-HAMON', deadline: { at: soon } },
        { code: 'NV3', title: 'Tập huấn cán bộ làm công tác gia đình', kind: 'training', leadUnit: 'X-HAMON', deadline: '2030-09-30' },
      ],
    }),
  );
  expect(plan.status).toBe(201);
  const detail = await admin.get(`/plans/${plan.body.id}`);
  const lineOf = (code: string) => detail.body.tasks.find((task: { code: string }) => task.code === code).assignments[0].id as string;
  ids.forged = lineOf('NV1');
  ids.poisoned = lineOf('NV2');
  ids.terminated = lineOf('NV3');
  for (const id of Object.values(ids)) {
    await assignmentWorkflowStarted(admin, id);
    expect((await unit.post(`/assignments/${id}/start`, {})).status).toBe(200);
  }
});

afterAll(async () => {
  await stack?.stop();
});

describe('commands sent straight to Temporal', () => {
  it('refuses an unsigned, a badly signed and a tampered Update in the validator: nothing enters the history', async () => {
    expect((await unit.post(`/assignments/${ids.forged}/submit`, { summary: 'Đã treo 12 băng rôn, phát 30 tin trên loa truyền thanh.' })).status).toBe(200);
    const handle = handleOf(ids.forged);
    const workflowId = assignmentWorkflowId(ids.forged);
    const acceptedBefore = acceptedUpdates(await historyOf(handle)).length;

    const unsigned = await updateFailure(handle.executeUpdate(assignmentUpdates.approve, { args: [{ actor: forgedLeader } as never] }));
    expect(failureChain(unsigned)).toEqual([{ type: 'UntrustedCommand', message: 'the command is not signed' }]);

    const address = { workflowId, update: 'approveAssignment', updateId: 'forged-2' };
    const otherKey = signCommand('a-guessed-secret-of-thirty-two-characters', address, { actor: forgedLeader });
    const wrongKey = await updateFailure(handle.executeUpdate(assignmentUpdates.approve, { args: [otherKey], updateId: 'forged-2' }));
    expect(wrongKey.cause?.message).toBe('the command does not match its signature');

    // A command the API signed for a department head, with the actor swapped for the leader.
    const genuine = signCommand(stack.deps.commandSecret, { ...address, updateId: 'forged-3' }, { actor: { id: 'head-1', name: 'Giám đốc Sở', role: 'department_head' as const } });
    const tampered = await updateFailure(handle.executeUpdate(assignmentUpdates.approve, { args: [{ ...genuine, actor: forgedLeader }], updateId: 'forged-3' }));
    expect(tampered.cause?.message).toBe('the command does not match its signature');

    // Signed with the real key, but long before it is sent.
    const stale = signCommand(stack.deps.commandSecret, { ...address, updateId: 'forged-4' }, { actor: forgedLeader }, new Date(Date.now() - 10 * 60_000));
    expect((await updateFailure(handle.executeUpdate(assignmentUpdates.approve, { args: [stale], updateId: 'forged-4' }))).cause?.message).toBe(
      'the command was signed too long ago',
    );

    expect(acceptedUpdates(await historyOf(handle))).toHaveLength(acceptedBefore);
    expect(await handle.query(assignmentStateQuery)).toMatchObject({ status: 'submitted' });
    expect(await statusInReadModel(ids.forged)).toBe('submitted');
    expect(await stack.db.auditEntry.count({ where: { actorName: forgedLeader.name } })).toBe(0);
  });

  it('does not act twice on a signed command copied from the history', async () => {
    const handle = handleOf(ids.forged);
    expect((await reviewer.post(`/assignments/${ids.forged}/return`, { reason: 'Bổ sung hình ảnh băng rôn.' })).status).toBe(200);
    const returned = acceptedUpdates(await historyOf(handle)).find((update) => update.acceptedRequest?.input?.name === 'returnAssignment')!;
    const copiedId = returned.acceptedRequest!.meta!.updateId!;
    const copied = JSON.parse(Buffer.from(returned.acceptedRequest!.input!.args!.payloads![0]!.data!).toString('utf8'));
    expect(copied.signature).toEqual({ issuedAt: expect.any(String), mac: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect((await unit.post(`/assignments/${ids.forged}/submit`, { summary: 'Đã bổ sung 12 hình ảnh băng rôn.' })).status).toBe(200);

    // Under another Update id it is not the command that was signed.
    const resent = await updateFailure(handle.executeUpdate(assignmentUpdates.return, { args: [copied], updateId: 'copied-again' }));
    expect(resent.cause?.message).toBe('the command does not match its signature');
    // Under its own id Temporal answers the Update that already ran, and runs nothing.
    await handle.executeUpdate(assignmentUpdates.return, { args: [copied], updateId: copiedId });
    expect(await statusInReadModel(ids.forged)).toBe('submitted');
    expect(await stack.db.event.count({ where: { assignmentId: ids.forged, type: 'assignment.returned' } })).toBe(1);

    // The API's own commands still go through.
    expect((await reviewer.post(`/assignments/${ids.forged}/approve`, {})).body.status).toBe('done');
  });

  it("refuses an unsigned or re-addressed Update to a plan's workflow: nothing is adopted", async () => {
    const { planId } = await stack.db.task.findFirstOrThrow({ where: { assignments: { some: { id: ids.forged } } } });
    const handle = stack.temporal.workflow.getHandle(planWorkflowId(planId));
    const acceptedBefore = acceptedUpdates(await historyOf(handle)).length;
    const unsigned = await updateFailure(handle.executeUpdate(addAssignmentsUpdate, { args: [{ assignmentIds: [ids.forged] } as never] }));
    expect(failureChain(unsigned)).toEqual([{ type: 'UntrustedCommand', message: 'the command is not signed' }]);
    // Signed by the API for an assignment's workflow, then sent to the plan's.
    const elsewhere = signCommand(stack.deps.commandSecret, { workflowId: assignmentWorkflowId(ids.forged), update: 'addAssignments', updateId: 'adopt-1' }, { assignmentIds: [ids.forged] });
    expect((await updateFailure(handle.executeUpdate(addAssignmentsUpdate, { args: [elsewhere], updateId: 'adopt-1' }))).cause?.message).toBe(
      'the command does not match its signature',
    );
    expect(acceptedUpdates(await historyOf(handle))).toHaveLength(acceptedBefore);
  });

  it('keeps the secret out of every history and of the stack traces the Web UI shows', async () => {
    const handle = handleOf(ids.terminated);
    const secret = stack.deps.commandSecret;
    expect(JSON.stringify(await historyOf(handleOf(ids.forged)))).not.toContain(secret);
    expect(JSON.stringify(await handle.query('__enhanced_stack_trace'))).not.toContain(secret);
    expect(JSON.stringify(await handle.query('__stack_trace'))).not.toContain(secret);
  });
});

describe('a command the read model can never record', () => {
  it('fails its Update at once, leaves the state as recorded, and the ladder still escalates', async () => {
    const handle = handleOf(ids.poisoned);
    const updateId = 'poisoned-submit';
    const poison = signCommand(
      stack.deps.commandSecret,
      { workflowId: assignmentWorkflowId(ids.poisoned), update: 'submitAssignment', updateId },
      { summary: 'Báo cáo \udfff sơ kết', figures: {}, evidence: [], actor: officer },
    );
    const failure = await updateFailure(handle.executeUpdate(assignmentUpdates.submit, { args: [poison], updateId }));
    expect(failureChain(failure).at(-1)).toEqual({
      type: 'Unrecordable',
      message: 'the read model cannot record assignment.submitted: invalid input syntax for type json (SQLSTATE 22P02)',
    });

    expect(await handle.query(assignmentStateQuery)).toMatchObject({ status: 'in_progress' });
    expect(await statusInReadModel(ids.poisoned)).toBe('in_progress');

    // The deadline passes with the work still owed by the unit: the first level is raised.
    const [escalation] = await eventually(async () => {
      const rows = await stack.db.escalation.findMany({ where: { assignmentId: ids.poisoned } });
      return rows.length > 0 ? rows : undefined;
    }, 'the first escalation after the deadline', 30_000);
    expect(escalation).toMatchObject({ level: 1, target: 'unit-head' });

    const cancelled = await reviewer.post(`/assignments/${ids.poisoned}/cancel`, { reason: 'Nội dung báo cáo được gộp vào báo cáo năm.' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
  });
});

describe('a workflow terminated from outside the engine', () => {
  it('marks its open assignment broken; the department restarts it and the work goes on', async () => {
    const handle = handleOf(ids.terminated);
    expect((await reviewer.get(`/assignments/${ids.terminated}`)).body.workflowBroken).toBe(false);
    await handle.terminate('pressed Terminate in the Web UI');

    const seen = await reviewer.get(`/assignments/${ids.terminated}`);
    expect(seen.body).toMatchObject({ status: 'in_progress', workflowBroken: true });
    const refused = await unit.post(`/assignments/${ids.terminated}/submit`, { summary: 'Đã tổ chức 01 lớp tập huấn.' });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ workflowBroken: true, currentStatus: 'in_progress' });

    expect((await unit.post(`/assignments/${ids.terminated}/restart`, { reason: 'Khởi động lại' })).status).toBe(403);
    expect((await reviewer.post(`/assignments/${ids.terminated}/restart`, {})).status).toBe(400);
    const restarted = await reviewer.post(`/assignments/${ids.terminated}/restart`, { reason: 'Quy trình bị dừng ngoài hệ thống.' });
    expect(restarted.status).toBe(200);
    expect(restarted.body.history.map((event: { type: string }) => event.type)).toContain('assignment.restarted');
    expect((await reviewer.get(`/assignments/${ids.terminated}`)).body.workflowBroken).toBe(false);
    expect((await reviewer.post(`/assignments/${ids.terminated}/restart`, { reason: 'Lần nữa' })).status).toBe(409);
    expect(await handle.query(assignmentStateQuery)).toMatchObject({ status: 'in_progress' });

    expect((await unit.post(`/assignments/${ids.terminated}/submit`, { summary: 'Đã tổ chức 01 lớp tập huấn cho 12 cán bộ.' })).body.status).toBe('submitted');
    const approved = await reviewer.post(`/assignments/${ids.terminated}/approve`, { note: 'Đạt yêu cầu.' });
    expect(approved.body.status).toBe('done');
    // The new run numbered its transitions after the recorded ones: each was recorded, once.
    expect(approved.body.history.map((event: { type: string }) => event.type)).toEqual([
      'assignment.assigned',
      'assignment.started',
      'assignment.restarted',
      'assignment.submitted',
      'assignment.approved',
    ]);
    expect((await reviewer.post(`/assignments/${ids.terminated}/restart`, { reason: 'Lần nữa' })).body.detail).toBe('cannot restart an assignment that is done');
  });
});
