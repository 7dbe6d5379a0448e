import { randomUUID } from 'node:crypto';
import { ApplicationFailure, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { holdPlanWrites } from '../db/plan-writes';
import type { Prisma } from '../db/prisma';
import type { Actor } from '../domain/access';
import { z } from 'zod';
import { assignmentStatuses, countAssignmentGroups, countAssignments, isOverdue, statusTones, toneOf, type AssignmentCounts, type AssignmentStatus } from '../domain/assignment-status';
import { deadlineCountsFrom, expandRepeats, oversizeIssues, unitCodesOf, type ConcreteTask, type FanOut, type PlanDefinition } from '../domain/plan-definition';
import type { IsoDate } from '../domain/calendar';
import { failureTypes } from '../domain/failure-types';
import { planWorkflowId } from '../domain/workflow-ids';
import { resolveDeadline } from '../domain/working-calendar';
import type { planWorkflow } from '../workflows';
import { addAssignmentsUpdate, planPaging, type PlanPaging } from '../workflows/definitions';
import { executeSignedUpdate } from '../platform/workflow-commands';
import { recordAudit } from '../db/audit';
import type { EngineDeps } from './deps';
import { ConflictError, NotFoundError, UnavailableError, ValidationError } from '../platform/errors';
import { isUniqueViolation } from '../db/prisma-errors';
import { everyUnit, type UnitFilter } from './scopes';
import { unitSubtree } from './unit-tree';
import { daySchema, instantSchema, isoDay, pageSchema, unitRefSchema } from './views';

/** Rows per INSERT: six parameters each, well under PostgreSQL's 65,535. */
const ASSIGNMENTS_PER_STATEMENT = 5_000;

/** A plan just recorded: its id, code, workflow and how many assignments it made. */
export const createdPlanSchema = z.object({ id: z.uuid(), code: z.string(), workflowId: z.string(), assignments: z.number().int() });
export type CreatedPlan = z.infer<typeof createdPlanSchema>;

/**
 * Records a plan with its targets, tasks and one assignment per (task, unit) and starts the
 * plan's workflow, committing the rows only once the workflow has started: a request that
 * fails or dies at any point leaves nothing behind, or a plan whose workflow finds no rows
 * and ends (db/plan-writes). `paging` is how its workflow starts the assignments: the engine's
 * own unless a recording or test wants a plan that continues as new. `alsoRecord` writes what
 * else the plan's creation means in the same transaction (a draft recording the plan it became),
 * before the workflow starts.
 */
export async function createPlan(
  deps: EngineDeps,
  plan: PlanDefinition,
  actor: Actor,
  options: { paging?: PlanPaging; alsoRecord?: (tx: Prisma.TransactionClient, planId: string) => Promise<void> } = {},
): Promise<CreatedPlan> {
  const { paging = planPaging, alsoRecord } = options;
  const unitIds = await resolveUnitCodes(deps, plan);
  const fannedOut = await resolveFanOuts(deps, plan, unitIds);
  const oversize = oversizeIssues(plan, (fanOut) => fannedOut.get(fanOutKey(fanOut))!.length, deps.maxPlanAssignments);
  if (oversize.length > 0) throw new ValidationError('the plan is too large for one request', oversize);
  const planId = randomUUID();
  const laidOut = layOutTasks(deps, plan, plan.issuedOn, unitIds, fannedOut);

  const workflowId = planWorkflowId(planId);
  try {
    // One transaction however large the plan: 30,000 assignments go in chunks (PostgreSQL takes
    // at most 65,535 parameters a statement), with time enough for them.
    await deps.db.$transaction(
      async (tx) => {
        await holdPlanWrites(tx, planId);
        await tx.plan.create({
          data: {
            id: planId,
            code: plan.code,
            title: plan.title,
            issuingBody: plan.issuingBody,
            issuedOn: new Date(plan.issuedOn),
            periodStart: new Date(plan.period.from),
            periodEnd: new Date(plan.period.to),
            note: plan.note ?? null,
            issuingUnitId: plan.issuingUnit ? unitIds.get(plan.issuingUnit)! : null,
            assigningUnitId: plan.assigningUnit ? unitIds.get(plan.assigningUnit)! : null,
            definition: plan,
          },
        });
        // How a target is measured (base, baseline, source) stays in the plan's definition.
        await tx.target.createMany({ data: plan.targets.map(({ code, title, measure, value, description }) => ({ code, title, measure, value, planId, description: description ?? null })) });
        await recordAudit(tx, {
          actor,
          action: 'plan.created',
          entityType: 'plan',
          entityId: planId,
          after: { code: plan.code, title: plan.title, tasks: laidOut.tasks.length, assignments: laidOut.assignments.length },
        });
        await writeTaskRows(tx, planId, laidOut, actor);
        await alsoRecord?.(tx, planId);
        // Last, so that the rows commit only with a started workflow.
        await startPlanWorkflow(deps, workflowId, planId, paging);
      },
      { maxWait: 10_000, timeout: 120_000 },
    );
  } catch (error) {
    if (isUniqueViolation(error)) {
      const existing = await deps.db.plan.findUnique({
        where: { code_issuedOn: { code: plan.code, issuedOn: new Date(plan.issuedOn) } },
        select: { id: true },
      });
      throw new ConflictError(`plan ${plan.code} issued on ${plan.issuedOn} already exists`, { existingPlanId: existing?.id });
    }
    throw error;
  }
  return { id: planId, code: plan.code, workflowId, assignments: laidOut.assignments.length };
}

/** A plan's tasks as rows: one per occurrence, its deadline resolved, and one assignment for each unit it reaches. */
export interface LaidOutTasks {
  tasks: (Omit<ConcreteTask, 'deadline'> & { id: string; deadline: Date })[];
  assignments: { id: string; taskId: string; unitId: string; role: 'lead' | 'coordinate'; deadline: Date }[];
}

/**
 * Lays out the tasks of `plan` (all of them, or those of an amendment): relative deadlines count
 * from `start` (the day of issue, or of the amendment); each matching unit leads its share of a
 * fanned-out task, otherwise one lead and its partners.
 */
export function layOutTasks(
  deps: Pick<EngineDeps, 'calendar' | 'endOfWorkday'>,
  plan: Pick<PlanDefinition, 'period' | 'issuedOn' | 'tasks'>,
  start: IsoDate,
  unitIds: Map<string, string>,
  fannedOut: Map<string, string[]>,
): LaidOutTasks {
  const tasks = expandRepeats(plan.period, plan.issuedOn, plan.tasks).map((task) => ({
    ...task,
    id: randomUUID(),
    deadline: resolveDeadline(task.deadline, deadlineCountsFrom(task, start), deps.calendar, deps.endOfWorkday),
  }));
  const holdersOf = (task: (typeof tasks)[number]) =>
    task.fanOut
      ? fannedOut.get(fanOutKey(task.fanOut))!.map((unitId) => ({ unitId, role: 'lead' as const }))
      : [
          { unitId: unitIds.get(task.leadUnit!)!, role: 'lead' as const },
          ...task.coordinatingUnits.map((code) => ({ unitId: unitIds.get(code)!, role: 'coordinate' as const })),
        ];
  const assignments = tasks.flatMap((task) => holdersOf(task).map(({ unitId, role }) => ({ id: randomUUID(), taskId: task.id, unitId, role, deadline: task.deadline })));
  return { tasks, assignments };
}

/** Writes laid-out tasks and their assignments, each task audited with how many assignments it made. */
export async function writeTaskRows(tx: Prisma.TransactionClient, planId: string, { tasks, assignments }: LaidOutTasks, actor: Actor): Promise<void> {
  await tx.task.createMany({
    data: tasks.map((task) => ({
      id: task.id,
      planId,
      code: task.code,
      title: task.title,
      description: task.description ?? null,
      kind: task.kind,
      deadline: task.deadline,
      ...(task.reporting && { reportEvery: task.reporting.every, reportingFrom: new Date(task.reporting.window.from), reportingTo: new Date(task.reporting.window.to) }),
    })),
  });
  // One transaction however large the plan: PostgreSQL takes at most 65,535 parameters a statement.
  for (let start = 0; start < assignments.length; start += ASSIGNMENTS_PER_STATEMENT) {
    await tx.assignment.createMany({ data: assignments.slice(start, start + ASSIGNMENTS_PER_STATEMENT) });
  }
  const counts = new Map<string, number>();
  for (const assignment of assignments) counts.set(assignment.taskId, (counts.get(assignment.taskId) ?? 0) + 1);
  await recordAudit(
    tx,
    ...tasks.map((task) => ({
      actor,
      action: 'task.created',
      entityType: 'task' as const,
      entityId: task.id,
      after: { planId, code: task.code, title: task.title, deadline: task.deadline.toISOString(), assignments: counts.get(task.id) ?? 0 },
    })),
  );
}

export const planClosed = (status: string) =>
  new ConflictError(`the plan is ${status}`, { planStatus: status }, status === 'cancelled' ? 'Kế hoạch đã bị hủy.' : 'Kế hoạch đã kết thúc.');

/** The plan, if it is still running: amendments and adopted work reach only an active plan. */
export async function activePlan(deps: EngineDeps, planId: string) {
  const plan = await deps.db.plan.findUnique({ where: { id: planId } });
  if (!plan) throw new NotFoundError(`plan ${planId} does not exist`);
  if (plan.status !== 'active') throw planClosed(plan.status);
  return plan;
}

/** Hands assignments to the plan's workflow, which starts them once the caller's transaction commits (db/plan-writes). */
export async function adoptAssignments(deps: EngineDeps, planId: string, assignmentIds: string[]): Promise<void> {
  try {
    await executeSignedUpdate(deps, planWorkflowId(planId), addAssignmentsUpdate, { assignmentIds });
  } catch (error) {
    const failure = error instanceof WorkflowUpdateFailedError ? error.cause : undefined;
    if (failure instanceof ApplicationFailure && failure.type === failureTypes.invalidTransition) throw new ConflictError(failure.message, {}, 'Kế hoạch đang kết thúc: mọi việc đã hoàn thành hoặc đã hủy.');
    if (error instanceof WorkflowNotFoundError) throw new ConflictError('the plan is closed', {}, 'Kế hoạch đã kết thúc.');
    throw new UnavailableError(`the plan could not adopt the work: ${(error as Error).message}`);
  }
}

async function startPlanWorkflow(deps: EngineDeps, workflowId: string, planId: string, paging: PlanPaging): Promise<void> {
  try {
    await deps.temporal.workflow.start<typeof planWorkflow>('planWorkflow', { workflowId, taskQueue: deps.taskQueue, args: [{ planId, paging }] });
  } catch (error) {
    throw new UnavailableError(`the plan could not be started and was not saved: ${(error as Error).message}`);
  }
}

/** A unit code the plan names that no unit has, or a fan-out that reaches no unit. */
export type UnitIssue = { path: string; unknownCode: string } | { path: string; noneOfKind: string; under?: string };

const unitIssueMessage = (issue: UnitIssue): string =>
  'unknownCode' in issue ? `unknown unit code ${issue.unknownCode}` : `no unit of kind ${issue.noneOfKind}${issue.under ? ` under ${issue.under}` : ''}`;

const KIND_WORDS: Record<string, string> = {
  province: 'tỉnh',
  committee: 'ban chỉ đạo',
  department: 'sở, ngành',
  agency: 'đơn vị trực thuộc',
  mass_organisation: 'tổ chức đoàn thể',
  district: 'huyện',
  commune: 'xã, phường, thị trấn',
};

/** A unit problem as an official reads it. */
export const vietnameseUnitIssue = (issue: UnitIssue): string =>
  'unknownCode' in issue
    ? `Không có đơn vị mã ${issue.unknownCode}`
    : `Không có đơn vị cấp ${KIND_WORDS[issue.noneOfKind] ?? issue.noneOfKind}${issue.under ? ` trực thuộc ${issue.under}` : ''}`;

/** Refuses a plan for the units it names, keeping each problem as data for those who word it otherwise (the draft preview). */
export class UnitResolutionError extends ValidationError {
  constructor(
    message: string,
    readonly unitIssues: UnitIssue[],
  ) {
    super(message, unitIssues.map((issue) => ({ path: issue.path, message: unitIssueMessage(issue), vi: vietnameseUnitIssue(issue) })));
  }
}

export async function resolveUnitCodes(deps: EngineDeps, plan: PlanDefinition): Promise<Map<string, string>> {
  const codes = [...unitCodesOf(plan), ...[plan.issuingUnit, plan.assigningUnit].filter((code): code is string => Boolean(code))];
  const units = await deps.db.unit.findMany({ where: { code: { in: codes } }, select: { id: true, code: true } });
  const ids = new Map(units.map((unit) => [unit.code, unit.id]));
  const issues: UnitIssue[] = [];
  const check = (path: string, code: string | undefined) => {
    if (code && !ids.has(code)) issues.push({ path, unknownCode: code });
  };
  for (const field of ['issuingUnit', 'assigningUnit'] as const) check(field, plan[field]);
  plan.tasks.forEach((task, index) => {
    check(`tasks.${index}.leadUnit`, task.leadUnit);
    check(`tasks.${index}.fanOut.under`, task.fanOut?.under);
    task.coordinatingUnits.forEach((code, unitIndex) => check(`tasks.${index}.coordinatingUnits.${unitIndex}`, code));
  });
  if (issues.length > 0) throw new UnitResolutionError('the plan names units that do not exist', issues);
  return ids;
}

export const fanOutKey = (fanOut: FanOut) => `${fanOut.kind}|${fanOut.under ?? ''}`;

/** The units each fan-out of the plan reaches: every unit of the kind, under the parent when one is named. */
export async function resolveFanOuts(deps: EngineDeps, plan: PlanDefinition, unitIds: Map<string, string>): Promise<Map<string, string[]>> {
  const reached = new Map<string, string[]>();
  const issues: UnitIssue[] = [];
  for (const [index, task] of plan.tasks.entries()) {
    if (!task.fanOut) continue;
    const key = fanOutKey(task.fanOut);
    if (!reached.has(key)) {
      const under = task.fanOut.under ? await unitSubtree(deps.db, unitIds.get(task.fanOut.under)!) : undefined;
      const units = await deps.db.unit.findMany({ where: { kind: task.fanOut.kind, ...(under && { id: { in: under } }) }, select: { id: true }, orderBy: { code: 'asc' } });
      reached.set(key, units.map((unit) => unit.id));
    }
    if (reached.get(key)!.length === 0) {
      issues.push({ path: `tasks.${index}.fanOut`, noneOfKind: task.fanOut.kind, ...(task.fanOut.under && { under: task.fanOut.under }) });
    }
  }
  if (issues.length > 0) throw new UnitResolutionError('a task reaches no unit', issues);
  return reached;
}

const assignmentCountsSchema = z.object({
  total: z.number().int(),
  /** Work not yet overdue nor submitted. */
  open: z.number().int(),
  overdue: z.number().int(),
  submitted: z.number().int(),
  /** Done, on time or late; `doneLate` counts the late ones among them. */
  done: z.number().int(),
  doneLate: z.number().int(),
  cancelled: z.number().int(),
}) satisfies z.ZodType<AssignmentCounts>;

export const planSummarySchema = z.object({
  id: z.uuid(),
  code: z.string(),
  title: z.string(),
  issuingBody: z.string(),
  issuedOn: daySchema,
  period: z.object({ from: daySchema, to: daySchema }),
  status: z.enum(['active', 'completed', 'cancelled']),
  note: z.string().nullable(),
  progress: assignmentCountsSchema,
});
export type PlanSummary = z.infer<typeof planSummarySchema>;
export const planListSchema = pageSchema(planSummarySchema);

/** An assignment as a plan lists it under its task. */
const assignmentLineSchema = z.object({
  id: z.uuid(),
  unit: unitRefSchema,
  role: z.enum(['lead', 'coordinate']),
  status: z.enum(assignmentStatuses),
  overdue: z.boolean(),
  tone: z.enum(statusTones),
  deadline: instantSchema,
  completedAt: instantSchema.nullable(),
  completedLate: z.boolean().nullable(),
  workingDaysLate: z.number().int().nullable(),
});

export const planDetailSchema = planSummarySchema.extend({
  targets: z.array(z.object({ code: z.string(), title: z.string(), measure: z.string(), value: z.number(), description: z.string().nullable() })),
  tasks: z.array(
    z.object({
      id: z.uuid(),
      code: z.string(),
      title: z.string(),
      description: z.string().nullable(),
      kind: z.string(),
      deadline: instantSchema,
      assignments: z.array(assignmentLineSchema),
    }),
  ),
});
export type PlanDetail = z.infer<typeof planDetailSchema>;


interface PlanRow {
  id: string;
  code: string;
  title: string;
  issuingBody: string;
  issuedOn: Date;
  periodStart: Date;
  periodEnd: Date;
  status: PlanSummary['status'];
  note: string | null;
}

function summarize(plan: PlanRow, progress: AssignmentCounts): PlanSummary {
  return {
    id: plan.id,
    code: plan.code,
    title: plan.title,
    issuingBody: plan.issuingBody,
    issuedOn: isoDay(plan.issuedOn),
    period: { from: isoDay(plan.periodStart), to: isoDay(plan.periodEnd) },
    status: plan.status,
    note: plan.note,
    progress,
  };
}

/** Plans, the latest issued first, each with its progress counted in PostgreSQL. */
export async function listPlans(deps: EngineDeps, page: { limit: number; offset: number }, now = new Date()): Promise<z.infer<typeof planListSchema>> {
  const [total, plans] = await Promise.all([
    deps.db.plan.count(),
    deps.db.plan.findMany({ orderBy: [{ issuedOn: 'desc' }, { code: 'asc' }], take: page.limit, skip: page.offset }),
  ]);
  const groups = plans.length
    ? await deps.db.$queryRaw<{ planId: string; status: AssignmentStatus; completedLate: boolean | null; pastDeadline: boolean; count: number }[]>`
        SELECT t.plan_id::text AS "planId", a.status::text AS status, a.completed_late AS "completedLate", a.deadline < ${now} AS "pastDeadline", count(*)::int AS count
        FROM assignments a JOIN tasks t ON t.id = a.task_id
        WHERE t.plan_id = ANY(${plans.map((plan) => plan.id)}::uuid[])
        GROUP BY 1, 2, 3, 4`
    : [];
  const items = plans.map((plan) => summarize(plan, countAssignmentGroups(groups.filter((group) => group.planId === plan.id))));
  return { items, total, limit: page.limit, offset: page.offset };
}

/** A plan with its tasks and the assignments of the units `seen` lets through; its progress counts them all. */
export async function getPlan(deps: EngineDeps, planId: string, now = new Date(), seen: UnitFilter = everyUnit): Promise<PlanDetail> {
  const plan = await deps.db.plan.findUnique({
    where: { id: planId },
    include: {
      targets: { orderBy: { code: 'asc' } },
      tasks: {
        orderBy: { code: 'asc' },
        include: {
          assignments: {
            orderBy: [{ role: 'asc' }, { unit: { code: 'asc' } }],
            include: { unit: { select: { id: true, code: true, name: true } } },
          },
        },
      },
    },
  });
  if (!plan) throw new NotFoundError(`plan ${planId} does not exist`);
  const tasks = plan.tasks.map((task) => ({
    id: task.id,
    code: task.code,
    title: task.title,
    description: task.description,
    kind: task.kind,
    deadline: task.deadline.toISOString(),
    assignments: task.assignments.filter((assignment) => seen(assignment.unitId)).map((assignment) => ({
      id: assignment.id,
      unit: assignment.unit,
      role: assignment.role,
      status: assignment.status,
      overdue: isOverdue(assignment.status, assignment.deadline, now),
      tone: toneOf(assignment, now),
      deadline: assignment.deadline.toISOString(),
      completedAt: assignment.completedAt?.toISOString() ?? null,
      completedLate: assignment.completedLate,
      workingDaysLate: assignment.workingDaysLate,
    })),
  }));
  return {
    ...summarize(plan, countAssignments(plan.tasks.flatMap((task) => task.assignments), now)),
    targets: plan.targets.map((target) => ({
      code: target.code,
      title: target.title,
      measure: target.measure,
      value: target.value.toNumber(),
      description: target.description,
    })),
    tasks,
  };
}
