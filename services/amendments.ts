/**
 * Amending a running plan (điều chỉnh kế hoạch), closing or cancelling it, and copying it into
 * the next period's draft. An amendment is recorded with its reason and document, and changes
 * the plan's rows in one transaction that commits only once Temporal has taken its part: the
 * plan's workflow has adopted the work it adds, and the amendment's own workflow has started,
 * which then sends each assignment's command (a cancellation, a new deadline) and tells each
 * unit concerned once. A request that fails at any point leaves the plan as it was.
 */
import { createHash, randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { z } from 'zod';
import type { Prisma } from '../db/prisma';
import { holdPlanWrites } from '../db/plan-writes';
import { recordAudit } from '../db/audit';
import { isUniqueViolation } from '../db/prisma-errors';
import { literalLike } from '../db/like-patterns';
import type { Actor } from '../domain/access';
import { isTerminal, terminalStatuses, type AssignmentStatus } from '../domain/assignment-status';
import { localDate } from '../domain/calendar';
import {
  amendmentChangeSchema,
  amendmentKinds,
  amendmentSummary,
  amendmentWorkSchema,
  copiedPlanContent,
  copyShiftYears,
  type AmendmentBody,
  type AmendmentChange,
  type AmendmentWork,
  type cancelPlanBodySchema,
  type closePlanBodySchema,
  type copyPlanBodySchema,
} from '../domain/plan-amendments';
import { oversizeIssues, planDefinitionSchema, type PlanDefinition, type TaskDefinition } from '../domain/plan-definition';
import { amendmentWorkflowId } from '../domain/workflow-ids';
import { resolveDeadline } from '../domain/working-calendar';
import { ConflictError, NotFoundError, UnavailableError, ValidationError, type FieldIssue } from '../platform/errors';
import type { planAmendmentWorkflow } from '../workflows';
import type { EngineDeps } from './deps';
import { createDraft, writeDraft, type DraftView } from './drafts';
import { activePlan, adoptAssignments, fanOutKey, layOutTasks, planClosed, resolveFanOuts, resolveUnitCodes, UnitResolutionError, writeTaskRows } from './plans';
import { vietnameseIssue } from '../domain/vietnamese-issues';
import { findUnit } from './unit-tree';
import { instantSchema } from './views';

export const amendmentSchema = z.object({
  id: z.uuid(),
  planId: z.uuid(),
  kind: z.enum(amendmentKinds),
  /** What it did, in one Vietnamese line. */
  summary: z.string(),
  reason: z.string(),
  document: z.string().nullable(),
  change: amendmentChangeSchema,
  /** applying while the assignments take their commands and the units are told. */
  status: z.enum(['applying', 'applied']),
  affected: z.object({ units: z.number().int(), assignments: z.number().int() }),
  outcome: z.object({ applied: z.number().int(), skipped: z.number().int() }).nullable(),
  createdBy: z.string(),
  createdAt: instantSchema,
  appliedAt: instantSchema.nullable(),
  /** A plan closed with its open work carried over: the next period's draft that holds it. */
  carriedInto: z.object({ draftId: z.uuid() }).nullable(),
});
export type AmendmentView = z.infer<typeof amendmentSchema>;
export const amendmentListSchema = z.object({ items: z.array(amendmentSchema) });

/** How long a request waits for its amendment to be carried out before answering `applying`. */
const SETTLE_MS = 20_000;
/** Open work listed in a refusal to close a plan. */
const LISTED_OPEN_WORK = 50;

type PlanRow = Awaited<ReturnType<typeof activePlan>>;

/** What an amendment does, worked out before anything is written. */
interface Prepared {
  change: AmendmentChange;
  commands: AmendmentWork['commands'];
  /** Units to tell: with the assignments concerned, in order. */
  notify: Map<string, string[]>;
  /** Writes in the amendment's transaction, before the plan adopts `adopting`; answers the id of a draft it made. */
  write?: (tx: Prisma.TransactionClient, actor: Actor) => Promise<void | string>;
  adopting?: string[];
  /** The plan's definition as amended, when the amendment changes it. */
  definition?: PlanDefinition;
  status?: 'cancelled';
}

/** The same request retried under its Idempotency-Key is the same amendment. */
const amendmentIdFor = (requestKey: string | undefined): string => {
  if (!requestKey) return randomUUID();
  const hex = createHash('sha256').update(`amendment:${requestKey}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};

const refuse = (path: string, message: string, vi: string) => new ValidationError(message, [{ path, message, vi }]);

/** Work still open: what an amendment can still change. */
const isOpen = (assignment: { status: AssignmentStatus }) => !isTerminal(assignment.status);

/** The units to tell, each with its assignments concerned. */
function noticesFor(assignments: { id: string; unitId: string }[]): Map<string, string[]> {
  const notify = new Map<string, string[]>();
  for (const { id, unitId } of assignments) {
    const ofUnit = notify.get(unitId) ?? [];
    ofUnit.push(id);
    notify.set(unitId, ofUnit);
  }
  return notify;
}

/** Work to cancel: each assignment's command, and its unit to tell. */
const cancelling = (open: { id: string; unitId: string }[]): Pick<Prepared, 'commands' | 'notify'> => ({
  commands: open.map((assignment) => ({ assignmentId: assignment.id, action: 'cancel' as const })),
  notify: noticesFor(open),
});

/** The plan's tasks a code names: the task itself and, for a repeating task, its occurrences (`NV9` → `NV9.2025-Q1`, …). */
const taskCodeFilter = (planId: string, code: string) => ({ planId, OR: [{ code }, { code: { startsWith: `${literalLike(code)}.` } }] });

/** The task rows a code names: the task itself, or every occurrence of a repeating task. */
async function tasksNamed(deps: EngineDeps, planId: string, code: string) {
  const rows = await deps.db.task.findMany({
    where: taskCodeFilter(planId, code),
    include: { assignments: { select: { id: true, unitId: true, role: true, status: true, deadline: true } } },
    orderBy: { code: 'asc' },
  });
  const exact = rows.filter((row) => row.code === code);
  const found = exact.length > 0 ? exact : rows;
  if (found.length === 0) throw refuse('task', `the plan has no task ${code}`, `Kế hoạch không có nhiệm vụ ${code}`);
  return found;
}

/** The definition's task a row comes from (`NV9` for `NV9.2025-Q1`), if it has one: tasks adopted from proposals have none. */
const definedTask = (definition: PlanDefinition, code: string): TaskDefinition | undefined =>
  definition.tasks.find((task) => task.code === code) ?? definition.tasks.find((task) => task.repeat && code.startsWith(`${task.code}.`));

/** Validates the amended definition as a whole plan, answering its issues under `prefix` as the request names them. */
function validAmended(definition: PlanDefinition, issuesAt: (path: (string | number)[]) => string | undefined): PlanDefinition {
  const checked = planDefinitionSchema.safeParse(definition);
  if (checked.success) return checked.data;
  const issues: FieldIssue[] = checked.error.issues.map((issue) => ({ path: issuesAt(issue.path as (string | number)[]) ?? issue.path.join('.'), message: issue.message, vi: vietnameseIssue(issue) }));
  throw new ValidationError('the amended plan is not valid', issues);
}

async function prepareAddTask(deps: EngineDeps, plan: PlanRow, definition: PlanDefinition, task: TaskDefinition, now: Date): Promise<Prepared> {
  const index = definition.tasks.length;
  const amended = validAmended({ ...definition, tasks: [...definition.tasks, task] }, (path) =>
    path[0] === 'tasks' && path[1] === index ? ['task', ...path.slice(2)].join('.') : undefined,
  );
  const clash = await deps.db.task.findFirst({ where: taskCodeFilter(plan.id, task.code), select: { code: true } });
  if (clash) throw new ConflictError(`the plan already has a task ${clash.code}`, { code: clash.code }, `Kế hoạch đã có nhiệm vụ ${clash.code}.`);
  const single = { ...amended, tasks: [amended.tasks[index]!] };
  const unitPath = (path: string) => path.replace(/^tasks\.0/, 'task');
  const [unitIds, fannedOut] = await resolveUnitCodes(deps, single)
    .then(async (ids) => [ids, await resolveFanOuts(deps, single, ids)] as const)
    .catch((error: unknown) => {
      if (error instanceof UnitResolutionError) throw new ValidationError(error.message, error.issues.map((issue) => ({ ...issue, path: unitPath(issue.path) })));
      throw error;
    });
  const oversize = oversizeIssues(single, (fanOut) => fannedOut.get(fanOutKey(fanOut))!.length, deps.maxPlanAssignments);
  if (oversize.length > 0) throw new ValidationError('the task is too large for one request', oversize.map((issue) => ({ ...issue, path: unitPath(issue.path) })));
  // A deadline counted in days counts from the day of the amendment.
  const laidOut = layOutTasks(deps, single, localDate(now), unitIds, fannedOut);
  if (laidOut.tasks.length === 0) throw refuse('task.repeat', 'falls on no day still ahead within the plan period', 'Không còn lần lặp nào trong thời gian còn lại của kế hoạch');
  if (laidOut.tasks.some((row) => row.deadline <= now)) throw refuse('task.deadline', 'must lie in the future', 'Thời hạn phải sau thời điểm hiện tại');
  return {
    change: { kind: 'addTask', tasks: laidOut.tasks.map((row) => row.code), after: { title: task.title, assignments: laidOut.assignments.length } },
    commands: [],
    notify: noticesFor(laidOut.assignments),
    write: (tx, actor) => writeTaskRows(tx, plan.id, laidOut, actor),
    adopting: laidOut.assignments.map((assignment) => assignment.id),
    definition: amended,
  };
}

async function prepareCancelTask(deps: EngineDeps, plan: PlanRow, definition: PlanDefinition, code: string): Promise<Prepared> {
  const rows = await tasksNamed(deps, plan.id, code);
  const open = rows.flatMap((row) => row.assignments.filter(isOpen));
  if (open.length === 0) throw new ConflictError(`task ${code} has no open work left to cancel`, {}, `Nhiệm vụ ${code} không còn việc nào đang thực hiện để hủy.`);
  return {
    change: { kind: 'cancelTask', tasks: rows.map((row) => row.code), before: { open: open.length } },
    ...cancelling(open),
    // The task leaves the definition (a copy of the plan does not carry it) when all of it is cancelled.
    ...(definition.tasks.some((task) => task.code === code) && { definition: { ...definition, tasks: definition.tasks.filter((task) => task.code !== code) } }),
  };
}

async function prepareMoveDeadline(deps: EngineDeps, plan: PlanRow, definition: PlanDefinition, body: Extract<AmendmentBody, { kind: 'moveDeadline' }>, now: Date): Promise<Prepared> {
  const rows = await tasksNamed(deps, plan.id, body.task);
  if (rows.length > 1) throw refuse('task', `${body.task} repeats: name one occurrence (${rows[0]!.code}) to move its deadline`, `Nhiệm vụ ${body.task} lặp lại định kỳ: chọn một lần cụ thể (như ${rows[0]!.code}) để điều chỉnh thời hạn`);
  const row = rows[0]!;
  // Days are counted from the deadline in force, as for an extension.
  const deadline = resolveDeadline(body.deadline, localDate(row.deadline), deps.calendar, deps.endOfWorkday);
  if (deadline <= now) throw refuse('deadline', 'must lie in the future', 'Thời hạn mới phải sau thời điểm hiện tại');
  if (deadline.getTime() === row.deadline.getTime()) throw refuse('deadline', 'is the deadline in force already', 'Trùng với thời hạn hiện tại');
  const open = row.assignments.filter(isOpen);
  if (open.length === 0) throw new ConflictError(`task ${row.code} has no open work left whose deadline could move`, {}, `Nhiệm vụ ${row.code} không còn việc nào đang thực hiện.`);
  const index = definition.tasks.findIndex((task) => task.code === row.code);
  return {
    change: { kind: 'moveDeadline', tasks: [row.code], before: { deadline: row.deadline.toISOString() }, after: { deadline: deadline.toISOString() } },
    commands: open.map((assignment) => ({ assignmentId: assignment.id, action: 'moveDeadline' as const, deadline: deadline.toISOString() })),
    notify: noticesFor(open),
    write: async (tx) => {
      await tx.task.update({ where: { id: row.id }, data: { deadline } });
    },
    ...(index >= 0 && { definition: { ...definition, tasks: definition.tasks.map((task, at) => (at === index ? { ...task, deadline: { at: deadline.toISOString() } } : task)) } }),
  };
}

async function prepareCoordinatingUnit(deps: EngineDeps, plan: PlanRow, definition: PlanDefinition, body: Extract<AmendmentBody, { kind: 'addCoordinatingUnit' | 'removeCoordinatingUnit' }>): Promise<Prepared> {
  const rows = await tasksNamed(deps, plan.id, body.task);
  if (definedTask(definition, rows[0]!.code)?.fanOut) throw refuse('task', 'a task given to every unit of a kind has no coordinating units', 'Nhiệm vụ giao cho mọi đơn vị cùng loại không có đơn vị phối hợp');
  const unit = await findUnit(deps.db, body.unit).catch(() => {
    throw refuse('unit', `unknown unit code ${body.unit}`, `Không có đơn vị mã ${body.unit}`);
  });
  const change = { kind: body.kind, tasks: rows.map((row) => row.code), unit: { code: unit.code, name: unit.name } };
  const whole = definition.tasks.findIndex((task) => task.code === body.task);
  const withCoordinators = (coordinators: (list: string[]) => string[]): PlanDefinition | undefined =>
    whole < 0 ? undefined : { ...definition, tasks: definition.tasks.map((task, at) => (at === whole ? { ...task, coordinatingUnits: coordinators(task.coordinatingUnits) } : task)) };

  if (body.kind === 'removeCoordinatingUnit') {
    const held = rows.flatMap((row) => row.assignments.filter((assignment) => assignment.unitId === unit.id && assignment.role === 'coordinate'));
    if (held.length === 0) throw refuse('unit', `${unit.code} does not coordinate task ${body.task}`, `${unit.name} không phối hợp thực hiện nhiệm vụ ${body.task}`);
    const open = held.filter(isOpen);
    if (open.length === 0) throw new ConflictError(`${unit.code} has no open work left in task ${body.task}`, {}, `${unit.name} không còn việc đang thực hiện trong nhiệm vụ ${body.task}.`);
    const definitionAfter = withCoordinators((list) => list.filter((code) => code !== unit.code));
    return { change, ...cancelling(open), ...(definitionAfter && { definition: definitionAfter }) };
  }

  const holding = rows.find((row) => row.assignments.some((assignment) => assignment.unitId === unit.id));
  if (holding) throw new ConflictError(`${unit.code} already holds task ${holding.code}`, {}, `${unit.name} đã tham gia nhiệm vụ ${holding.code}.`);
  // Only occurrences still under way take a new partner.
  const running = rows.filter((row) => row.assignments.some(isOpen));
  if (running.length === 0) throw new ConflictError(`task ${body.task} has no open work left`, {}, `Nhiệm vụ ${body.task} không còn việc nào đang thực hiện.`);
  const added = running.map((row) => ({ id: randomUUID(), taskId: row.id, unitId: unit.id, role: 'coordinate' as const, deadline: row.deadline }));
  const definitionAfter = withCoordinators((list) => [...list, unit.code]);
  return {
    change: { ...change, tasks: running.map((row) => row.code) },
    commands: [],
    notify: noticesFor(added),
    write: async (tx) => {
      await tx.assignment.createMany({ data: added });
    },
    adopting: added.map((assignment) => assignment.id),
    ...(definitionAfter && { definition: definitionAfter }),
  };
}

async function prepareChangeTarget(deps: EngineDeps, plan: PlanRow, definition: PlanDefinition, body: Extract<AmendmentBody, { kind: 'changeTarget' }>): Promise<Prepared> {
  const index = definition.targets.findIndex((target) => target.code === body.target);
  if (index < 0) throw refuse('target', `the plan has no target ${body.target}`, `Kế hoạch không có chỉ tiêu ${body.target}`);
  const { kind: _kind, reason: _reason, document: _document, target: code, ...changes } = body;
  const before = definition.targets[index]!;
  const after = { ...before, ...changes };
  const amended = validAmended({ ...definition, targets: definition.targets.map((target, at) => (at === index ? after : target)) }, (path) =>
    path[0] === 'targets' && path[1] === index ? path.slice(2).join('.') : undefined,
  );
  // Every unit with open work is told: the figures it reports are judged against the new target.
  const open = await deps.db.assignment.findMany({ where: { task: { planId: plan.id }, status: { notIn: [...terminalStatuses] } }, select: { id: true, unitId: true }, distinct: ['unitId'] });
  const figures = (target: typeof before) => ({
    value: target.value,
    measure: target.measure,
    ...(target.direction && { direction: target.direction }),
    ...(target.base && { base: target.base }),
    ...(target.baseline !== undefined && { baseline: target.baseline }),
  });
  return {
    change: { kind: 'changeTarget', target: code, before: figures(before), after: figures(after) },
    commands: [],
    notify: noticesFor(open),
    write: async (tx) => {
      await tx.target.update({ where: { planId_code: { planId: plan.id, code } }, data: { value: after.value, measure: after.measure } });
    },
    definition: amended,
  };
}

async function openWorkOf(deps: EngineDeps, planId: string) {
  return deps.db.assignment.findMany({
    where: { task: { planId }, status: { notIn: [...terminalStatuses] } },
    select: { id: true, unitId: true, status: true, deadline: true, unit: { select: { code: true, name: true } }, task: { select: { code: true, title: true } } },
    orderBy: [{ deadline: 'asc' }, { id: 'asc' }],
  });
}

async function prepareClose(deps: EngineDeps, plan: PlanRow, definition: PlanDefinition, body: z.infer<typeof closePlanBodySchema>): Promise<Prepared> {
  const open = await openWorkOf(deps, plan.id);
  if (open.length > 0 && !body.openWork) {
    throw new ConflictError(
      `the plan has ${open.length} assignments still open: cancel them or carry them over to close it (openWork)`,
      {
        openWork: open.length,
        items: open.slice(0, LISTED_OPEN_WORK).map((assignment) => ({
          assignmentId: assignment.id,
          unit: assignment.unit,
          task: assignment.task,
          status: assignment.status,
          deadline: assignment.deadline.toISOString(),
        })),
      },
      `Kế hoạch còn ${open.length} việc chưa hoàn thành: chọn hủy hoặc chuyển sang kế hoạch kỳ sau để kết thúc.`,
    );
  }
  const prepared: Prepared = {
    change: { kind: 'closePlan', after: { openWork: open.length, disposition: open.length > 0 ? body.openWork! : 'none' } },
    ...cancelling(open),
  };
  if (body.openWork !== 'carryOver' || open.length === 0) return prepared;
  // The next period's draft holds the tasks whose work was left open, and names who left it.
  const openCodes = new Set(open.map((assignment) => definedTask(definition, assignment.task.code)?.code).filter((code): code is string => Boolean(code)));
  const copy = copiedPlanContent(definition, copyShiftYears(definition.period));
  const units = [...new Set(open.map((assignment) => `${assignment.task.code}: ${assignment.unit.name}`))];
  const content = { ...copy, tasks: copy.tasks!.filter((task) => task.code && openCodes.has(task.code)), note: `${copy.note} Việc chuyển tiếp: ${units.join('; ')}.`.slice(0, 2_000) };
  const owner = plan.assigningUnitId;
  if (!owner) throw new ConflictError("the plan has no assigning department to own the next period's draft", {}, 'Kế hoạch chưa có cơ quan giao việc để nhận dự thảo kỳ sau.');
  return { ...prepared, write: (tx, actor) => writeDraft(tx, owner, content, actor) };
}

async function prepare(deps: EngineDeps, plan: PlanRow, body: AmendmentBody | ({ kind: 'closePlan' } & z.infer<typeof closePlanBodySchema>) | ({ kind: 'cancelPlan' } & z.infer<typeof cancelPlanBodySchema>), now: Date): Promise<Prepared> {
  const definition = plan.definition as PlanDefinition;
  switch (body.kind) {
    case 'addTask':
      return prepareAddTask(deps, plan, definition, body.task, now);
    case 'cancelTask':
      return prepareCancelTask(deps, plan, definition, body.task);
    case 'moveDeadline':
      return prepareMoveDeadline(deps, plan, definition, body, now);
    case 'addCoordinatingUnit':
    case 'removeCoordinatingUnit':
      return prepareCoordinatingUnit(deps, plan, definition, body);
    case 'changeTarget':
      return prepareChangeTarget(deps, plan, definition, body);
    case 'closePlan':
      return prepareClose(deps, plan, definition, body);
    case 'cancelPlan': {
      const open = await openWorkOf(deps, plan.id);
      return {
        change: { kind: 'cancelPlan', before: { openWork: open.length } },
        ...cancelling(open),
        status: 'cancelled',
      };
    }
  }
}

type AmendmentRequest = Parameters<typeof prepare>[2];

/**
 * Records and carries out one amendment; answers it once it is applied, or while it is still
 * applying after SETTLE_MS. A retry with the same Idempotency-Key finds the amendment its first
 * attempt recorded and waits for it instead.
 */
export async function amendPlan(deps: EngineDeps, planId: string, body: AmendmentRequest, actor: Actor, requestKey?: string, now = new Date()): Promise<AmendmentView> {
  const id = amendmentIdFor(requestKey);
  if (await deps.db.planAmendment.findUnique({ where: { id }, select: { id: true } })) return settled(deps, id);
  const plan = await activePlan(deps, planId);
  const prepared = await prepare(deps, plan, body, now);
  const work: AmendmentWork = {
    change: prepared.change,
    actor,
    commands: prepared.commands,
    notify: [...prepared.notify].map(([unitId, assignmentIds]) => ({ unitId, assignmentIds })),
  };
  try {
    await deps.db.$transaction(
      async (tx) => {
        await holdPlanWrites(tx, planId);
        // Amendments of one plan take turns; one prepared against a plan another has changed meanwhile is refused, never applied over it.
        const current = await tx.plan.findUniqueOrThrow({ where: { id: planId }, select: { status: true, definition: true } });
        if (current.status !== 'active') throw planClosed(current.status);
        if (JSON.stringify(current.definition) !== JSON.stringify(plan.definition)) {
          throw new ConflictError('the plan was amended meanwhile: send the amendment again', {}, 'Kế hoạch vừa được điều chỉnh; hãy tải lại trang rồi thực hiện lại.');
        }
        const draftId = await prepared.write?.(tx, actor);
        const details = { ...work, ...(draftId && { carriedInto: draftId }) };
        await tx.planAmendment.create({
          data: { id, planId, kind: body.kind, reason: body.reason, document: body.document ?? null, details: details as Prisma.InputJsonValue, createdBy: actor.name },
        });
        if (prepared.definition || prepared.status) {
          await tx.plan.update({ where: { id: planId }, data: { ...(prepared.definition && { definition: prepared.definition as Prisma.InputJsonValue }), ...(prepared.status && { status: prepared.status }) } });
        }
        await recordAudit(tx, {
          actor,
          action: 'plan.amended',
          entityType: 'plan_amendment',
          entityId: id,
          ...(prepared.change.before && { before: { planId, ...prepared.change.before } }),
          after: { planId, kind: body.kind, summary: amendmentSummary(prepared.change), reason: body.reason, document: body.document ?? null, commands: work.commands.length, units: work.notify.length, ...prepared.change.after },
        });
        if (prepared.adopting?.length) await adoptAssignments(deps, planId, prepared.adopting);
        // Last, so that the rows commit only with the amendment's workflow started.
        await startAmendmentWorkflow(deps, id, planId);
      },
      { maxWait: 10_000, timeout: 60_000 },
    );
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new ConflictError('the amendment clashes with the plan as it is now (a task code or a unit already there)', {}, 'Nội dung điều chỉnh trùng với kế hoạch hiện tại (mã nhiệm vụ hoặc đơn vị đã có).');
    }
    throw error;
  }
  return settled(deps, id);
}

async function startAmendmentWorkflow(deps: EngineDeps, amendmentId: string, planId: string): Promise<void> {
  try {
    await deps.temporal.workflow.start<typeof planAmendmentWorkflow>('planAmendmentWorkflow', {
      workflowId: amendmentWorkflowId(amendmentId),
      taskQueue: deps.taskQueue,
      args: [{ amendmentId, planId }],
    });
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return;
    throw new UnavailableError(`the amendment could not be started and was not saved: ${(error as Error).message}`);
  }
}

/** Waits up to SETTLE_MS for the amendment's workflow, then answers the amendment as recorded. */
async function settled(deps: EngineDeps, amendmentId: string): Promise<AmendmentView> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    deps.temporal.workflow.getHandle(amendmentWorkflowId(amendmentId)).result().catch(() => undefined),
    new Promise((resolve) => (timer = setTimeout(resolve, SETTLE_MS))),
  ]);
  clearTimeout(timer);
  return view(await deps.db.planAmendment.findUniqueOrThrow({ where: { id: amendmentId } }));
}

type AmendmentRow = NonNullable<Awaited<ReturnType<EngineDeps['db']['planAmendment']['findUnique']>>>;

function view(row: AmendmentRow): AmendmentView {
  const work = amendmentWorkSchema.parse(row.details);
  return {
    id: row.id,
    planId: row.planId,
    kind: work.change.kind,
    summary: amendmentSummary(work.change),
    reason: row.reason,
    document: row.document,
    change: work.change,
    status: row.status === 'applied' ? 'applied' : 'applying',
    affected: { units: work.notify.length, assignments: new Set([...work.commands.map((command) => command.assignmentId), ...work.notify.flatMap((unit) => unit.assignmentIds)]).size },
    outcome: work.outcome ?? null,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    appliedAt: row.appliedAt?.toISOString() ?? null,
    carriedInto: work.carriedInto ? { draftId: work.carriedInto } : null,
  };
}

/** The plan's amendments, the latest first: its history of changes after issue. */
export async function listAmendments(deps: EngineDeps, planId: string): Promise<z.infer<typeof amendmentListSchema>> {
  const rows = await deps.db.planAmendment.findMany({ where: { planId }, orderBy: [{ createdAt: 'desc' }, { id: 'asc' }] });
  return { items: rows.map(view) };
}

/** A new draft for the next period, owned by the plan's assigning department (domain/plan-amendments.ts copiedPlanContent). */
export async function copyPlan(deps: EngineDeps, planId: string, body: z.infer<typeof copyPlanBodySchema>, actor: Actor): Promise<DraftView> {
  const plan = await deps.db.plan.findUnique({ where: { id: planId } });
  if (!plan) throw new NotFoundError(`plan ${planId} does not exist`);
  if (!plan.assigningUnitId) throw new ConflictError('the plan has no assigning department to own its copy', {}, 'Kế hoạch chưa có cơ quan giao việc để nhận bản sao.');
  const definition = plan.definition as PlanDefinition;
  if (body.period && body.period.to < body.period.from) throw refuse('period.to', 'must not be before period.from', 'Ngày kết thúc không được trước ngày bắt đầu');
  const years = body.period ? Number(body.period.from.slice(0, 4)) - Number(definition.period.from.slice(0, 4)) : copyShiftYears(definition.period);
  return createDraft(deps, { content: copiedPlanContent(definition, years, body.period) }, plan.assigningUnitId, actor);
}
