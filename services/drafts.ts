/**
 * Draft plans (bản dự thảo): a department head saves a plan as far as it is typed, previews
 * what issuing it would create, and issues it (ban hành), which records and starts it exactly
 * as `POST /plans` does. A draft starts no workflow and tells nobody anything.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Actor } from '../domain/access';
import { readDocumentSymbol } from '../domain/document-symbol';
import { deadlineCountsFrom, expandRepeats, planDefinitionSchema, planDraftContentSchema, taskKinds, type PlanDefinition, type PlanDraftContent } from '../domain/plan-definition';
import { describeLadders, ladderDescriptionSchema } from '../domain/ladder-description';
import { vietnameseProblems, type PlanProblem } from '../domain/plan-problems';
import { targetGoal } from '../domain/target-attainment';
import { deadlineDate } from '../domain/working-calendar';
import { recordAudit } from '../db/audit';
import type { Prisma } from '../db/prisma';
import { ConflictError, NotFoundError, ValidationError } from '../platform/errors';
import type { EngineDeps } from './deps';
import { createPlan, fanOutKey, resolveFanOuts, resolveUnitCodes, UnitResolutionError, vietnameseUnitIssue, type CreatedPlan, type UnitIssue } from './plans';
import { targetAttainmentSchema } from './reports';
import { daySchema, instantSchema, pageSchema, planRefSchema, unitRefSchema } from './views';

export const createDraftBodySchema = z.strictObject({
  /** The department that owns the draft and will assign the plan; by default the caller's own unit. */
  ownerUnit: z.string().trim().min(1).max(64).optional(),
  content: planDraftContentSchema,
});
/** The draft's whole content as the editor holds it: it replaces what was saved. */
export const updateDraftBodySchema = z.strictObject({ content: planDraftContentSchema });
export const issueDraftBodySchema = z.strictObject({});

const draftFields = {
  id: z.uuid(),
  ownerUnit: unitRefSchema,
  /** The plan the draft became when it was issued. */
  plan: planRefSchema.nullable(),
  createdBy: z.string(),
  updatedBy: z.string(),
  createdAt: instantSchema,
  updatedAt: instantSchema,
  issuedAt: instantSchema.nullable(),
};
export const draftSchema = z.object({ ...draftFields, content: planDraftContentSchema });
export type DraftView = z.infer<typeof draftSchema>;
export const draftSummarySchema = z.object({
  ...draftFields,
  code: z.string().nullable(),
  title: z.string().nullable(),
  targets: z.number().int(),
  tasks: z.number().int(),
});
export const draftListSchema = pageSchema(draftSummarySchema);

const holderSchema = unitRefSchema.extend({ role: z.enum(['lead', 'coordinate']) });
export const planPreviewSchema = z.object({
  /** Whether the draft may be issued as it is: no problem found. */
  ready: z.boolean(),
  /** The parts of the number and symbol, when it is well-formed. */
  symbol: z.object({ number: z.number().int(), typeCode: z.string(), issuerCode: z.string() }).nullable(),
  /** Every assignment issuing would create. */
  assignments: z.number().int(),
  /** Each target with what it asks: its goal, as reports judge it (targetGoal). */
  targets: z.array(targetAttainmentSchema.pick({ code: true, title: true, measure: true, direction: true, value: true, measured: true })),
  tasks: z.array(
    z.object({
      code: z.string(),
      title: z.string(),
      kind: z.enum(taskKinds),
      assignments: z.number().int(),
      /** Who gets the work: the lead unit and its partners, or every unit a fan-out reaches. */
      units: z.array(holderSchema),
      /** One deadline per occurrence (a repeating task has several), working days resolved with the calendar. */
      deadlines: z.array(z.object({ code: z.string(), title: z.string(), date: daySchema })),
    }),
  ),
  /** What the reminders and the escalation ladder will do, per group of the plan's task kinds that share one. */
  ladders: z.array(ladderDescriptionSchema),
  /** In Vietnamese, each naming the field it concerns (`tasks.2.leadUnit`). */
  problems: z.array(z.object({ path: z.string(), message: z.string() })),
});
export type PlanPreview = z.infer<typeof planPreviewSchema>;

const draftInclude = {
  ownerUnit: { select: { id: true, code: true, name: true } },
  plan: { select: { id: true, code: true, title: true } },
} as const;
type DraftRow = Prisma.PlanDraftGetPayload<{ include: typeof draftInclude }>;

const draftName = (draftId: string) => `plan draft ${draftId}`;

function view(row: DraftRow): DraftView {
  return {
    id: row.id,
    ownerUnit: row.ownerUnit,
    plan: row.plan,
    createdBy: row.createdBy,
    updatedBy: row.updatedBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    issuedAt: row.issuedAt?.toISOString() ?? null,
    content: planDraftContentSchema.parse(row.content),
  };
}

async function loadDraft(deps: EngineDeps, draftId: string): Promise<DraftRow> {
  const row = await deps.db.planDraft.findUnique({ where: { id: draftId }, include: draftInclude });
  if (!row) throw new NotFoundError(`${draftName(draftId)} does not exist`);
  return row;
}

const refuseIssued = (row: DraftRow) => {
  if (row.planId) throw new ConflictError(`${draftName(row.id)} was issued as plan ${row.plan?.code ?? row.planId} and is kept as its record`, { planId: row.planId });
};

/** The owner department: the one the body names, else the caller's own unit. */
export async function createDraft(deps: EngineDeps, body: z.output<typeof createDraftBodySchema>, callerUnitId: string | null, actor: Actor): Promise<DraftView> {
  const ownerUnitId = body.ownerUnit ? await ownerByCode(deps, body.ownerUnit) : callerUnitId;
  if (!ownerUnitId) throw new ValidationError('a draft needs its owner department', [{ path: 'ownerUnit', message: 'name the department that owns the draft' }]);
  const id = await deps.db.$transaction((tx) => writeDraft(tx, ownerUnitId, body.content, actor));
  return view(await loadDraft(deps, id));
}

/** Writes a new draft, audited, in the caller's transaction; answers its id. */
export async function writeDraft(tx: Prisma.TransactionClient, ownerUnitId: string, content: PlanDraftContent, actor: Actor): Promise<string> {
  const id = randomUUID();
  const now = new Date();
  await tx.planDraft.create({
    data: { id, ownerUnitId, content: content as Prisma.InputJsonValue, createdBy: actor.name, updatedBy: actor.name, createdAt: now, updatedAt: now },
  });
  await recordAudit(tx, { actor, action: 'draft.created', entityType: 'plan_draft', entityId: id, after: { ownerUnitId, code: content.code ?? null, title: content.title ?? null } });
  return id;
}

async function ownerByCode(deps: EngineDeps, code: string): Promise<string> {
  const unit = await deps.db.unit.findUnique({ where: { code }, select: { id: true } });
  if (!unit) throw new ValidationError('the owner department does not exist', [{ path: 'ownerUnit', message: `unknown unit code ${code}` }]);
  return unit.id;
}

export async function getDraft(deps: EngineDeps, draftId: string): Promise<DraftView> {
  return view(await loadDraft(deps, draftId));
}

/** Drafts, the latest edited first: of one department, or of all for an admin (`ownerUnitId` null). */
export async function listDrafts(deps: EngineDeps, ownerUnitId: string | null, page: { limit: number; offset: number }): Promise<z.infer<typeof draftListSchema>> {
  const where = ownerUnitId ? { ownerUnitId } : {};
  const [total, rows] = await Promise.all([
    deps.db.planDraft.count({ where }),
    deps.db.planDraft.findMany({ where, include: draftInclude, orderBy: [{ updatedAt: 'desc' }, { id: 'asc' }], take: page.limit, skip: page.offset }),
  ]);
  const items = rows.map((row) => {
    const { content, ...rest } = view(row);
    return { ...rest, code: content.code ?? null, title: content.title ?? null, targets: content.targets?.length ?? 0, tasks: content.tasks?.length ?? 0 };
  });
  return { items, total, limit: page.limit, offset: page.offset };
}

export async function updateDraft(deps: EngineDeps, draftId: string, content: PlanDraftContent, actor: Actor): Promise<DraftView> {
  await deps.db.$transaction(async (tx) => {
    const before = await tx.planDraft.findUnique({ where: { id: draftId }, include: draftInclude });
    if (!before) throw new NotFoundError(`${draftName(draftId)} does not exist`);
    refuseIssued(before);
    // Only a draft not issued meanwhile changes: issuing takes the same row in its own transaction.
    const changed = await tx.planDraft.updateMany({ where: { id: draftId, planId: null }, data: { content: content as Prisma.InputJsonValue, updatedBy: actor.name, updatedAt: new Date() } });
    if (changed.count !== 1) throw new ConflictError(`${draftName(draftId)} was issued meanwhile`);
    await recordAudit(tx, { actor, action: 'draft.updated', entityType: 'plan_draft', entityId: draftId, before: before.content, after: content });
  });
  return view(await loadDraft(deps, draftId));
}

export async function deleteDraft(deps: EngineDeps, draftId: string, actor: Actor): Promise<void> {
  await deps.db.$transaction(async (tx) => {
    const before = await tx.planDraft.findUnique({ where: { id: draftId }, include: draftInclude });
    if (!before) throw new NotFoundError(`${draftName(draftId)} does not exist`);
    refuseIssued(before);
    const deleted = await tx.planDraft.deleteMany({ where: { id: draftId, planId: null } });
    if (deleted.count !== 1) throw new ConflictError(`${draftName(draftId)} was issued meanwhile`);
    await recordAudit(tx, { actor, action: 'draft.deleted', entityType: 'plan_draft', entityId: draftId, before: before.content });
  });
}

/** The plan definition a draft stands for: its content, assigned by its owner department. */
const definitionOf = (row: DraftRow): Record<string, unknown> => ({ ...(row.content as object), assigningUnit: row.ownerUnit.code });

/** The plan definition of a draft not issued yet, to be validated and issued. */
export async function draftDefinition(deps: EngineDeps, draftId: string): Promise<unknown> {
  const row = await loadDraft(deps, draftId);
  refuseIssued(row);
  return definitionOf(row);
}

/**
 * Issues a draft: records and starts the plan as `POST /plans` does, and in the same
 * transaction the draft records the plan it became, so a draft is issued once: of two issues
 * at once, the second waits for the first and is refused.
 */
export async function issueDraft(deps: EngineDeps, draftId: string, plan: PlanDefinition, actor: Actor): Promise<CreatedPlan> {
  return createPlan(deps, plan, actor, {
    alsoRecord: async (tx, planId) => {
      const issued = await tx.planDraft.updateMany({ where: { id: draftId, planId: null }, data: { planId, issuedAt: new Date(), updatedBy: actor.name } });
      if (issued.count !== 1) throw new ConflictError(`${draftName(draftId)} was issued meanwhile`);
      await recordAudit(tx, { actor, action: 'draft.issued', entityType: 'plan_draft', entityId: draftId, after: { planId, code: plan.code } });
    },
  });
}

/** The unit checks createPlan makes, worded for the official. */
const unitProblem = (issue: UnitIssue): PlanProblem => ({ path: issue.path, message: vietnameseUnitIssue(issue) });

/**
 * What issuing the draft would create, computed as createPlan does but writing nothing: per
 * task the units that get the work and each deadline as a date, or the problems that stop it.
 */
export async function previewDraft(deps: EngineDeps, draftId: string): Promise<PlanPreview> {
  const row = await loadDraft(deps, draftId);
  const definition = definitionOf(row);
  const code = definition.code as string | undefined;
  const read = code === undefined ? undefined : readDocumentSymbol(code);
  const symbol = read?.ok ? read.symbol : null;
  const refused = (problems: PlanProblem[]): PlanPreview => ({ ready: false, symbol, assignments: 0, targets: [], tasks: [], ladders: [], problems });

  const parsed = planDefinitionSchema.safeParse(definition);
  if (!parsed.success) return refused(vietnameseProblems(parsed.error.issues));
  const plan = parsed.data;
  let unitIds: Map<string, string>;
  let fannedOut: Map<string, string[]>;
  try {
    unitIds = await resolveUnitCodes(deps, plan);
    fannedOut = await resolveFanOuts(deps, plan, unitIds);
  } catch (error) {
    if (error instanceof UnitResolutionError) return refused(error.unitIssues.map(unitProblem));
    throw error;
  }
  const reached = [...new Set([...unitIds.values(), ...[...fannedOut.values()].flat()])];
  const units = new Map((await deps.db.unit.findMany({ where: { id: { in: reached } }, select: { id: true, code: true, name: true } })).map((unit) => [unit.id, unit]));
  const tasks = plan.tasks.map((task) => {
    const holders = task.fanOut
      ? fannedOut.get(fanOutKey(task.fanOut))!.map((id) => ({ ...units.get(id)!, role: 'lead' as const }))
      : [
          { ...units.get(unitIds.get(task.leadUnit!)!)!, role: 'lead' as const },
          ...task.coordinatingUnits.map((unitCode) => ({ ...units.get(unitIds.get(unitCode)!)!, role: 'coordinate' as const })),
        ];
    const deadlines = expandRepeats(plan.period, plan.issuedOn, [task]).map((occurrence) => ({
      code: occurrence.code,
      title: occurrence.title,
      date: deadlineDate(occurrence.deadline, deadlineCountsFrom(occurrence, plan.issuedOn), deps.calendar),
    }));
    return { code: task.code, title: task.title, kind: task.kind, assignments: holders.length * deadlines.length, units: holders, deadlines };
  });
  const assignments = tasks.reduce((sum, task) => sum + task.assignments, 0);
  const problems =
    assignments > deps.maxPlanAssignments
      ? [{ path: 'tasks', message: `Kế hoạch tạo ${assignments.toLocaleString('vi-VN')} lượt giao việc, vượt mức tối đa ${deps.maxPlanAssignments.toLocaleString('vi-VN')} của một kế hoạch` }]
      : [];
  const targets = plan.targets.map((target) => ({ code: target.code, title: target.title, measure: target.measure, ...targetGoal(target), measured: Boolean(target.source) }));
  const issuer = plan.issuingUnit ? units.get(unitIds.get(plan.issuingUnit)!)!.name : null;
  const ladders = describeLadders(plan.escalation, plan.tasks.map((task) => task.kind), { assigner: row.ownerUnit.name, issuer });
  return { ready: problems.length === 0, symbol, assignments, targets, tasks, ladders, problems };
}
