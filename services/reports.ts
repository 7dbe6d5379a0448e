/**
 * What leaders read on a Monday morning: each target's attainment (per unit, rolled up to the
 * province) and each unit's record on the plan's work in a period, as JSON, CSV or Excel.
 */
import { z } from 'zod';
import { localDate } from '../domain/calendar';
import { targetMeasures, targetSchema } from '../domain/plan-definition';
import { parsePeriod, periodBoundsSchema, periodSchema, tally, unitTallySchema, type AssignmentForReport, type Period, type UnitTally } from '../domain/plan-report';
import { attainment, attainmentSchema, targetDirections, targetGoal, type UnitFacts } from '../domain/target-attainment';
import type { EngineDeps } from './deps';
import { NotFoundError } from '../platform/errors';
import { everyUnit, type UnitFilter } from './scopes';
import { findUnit } from './unit-tree';
import { instantSchema, isoDay, planRefSchema } from './views';

export const reportQuerySchema = z.strictObject({
  period: periodSchema.optional(),
  format: z.enum(['json', 'csv', 'xlsx', 'docx']).default('json'),
});
export type ReportQuery = z.infer<typeof reportQuerySchema>;


/** A unit as report lines name it. */
const reportUnitSchema = z.object({ code: z.string(), name: z.string(), kind: z.string() });
type ReportUnit = z.infer<typeof reportUnitSchema>;

export const targetAttainmentSchema = z.object({
  code: z.string(),
  title: z.string(),
  measure: z.enum(targetMeasures),
  /** What the figure must do to attain the value; a reduction's value is the size of the fall. */
  direction: z.enum(targetDirections),
  value: z.number(),
  /** Whether the plan says where the target's figure comes from; if not, nothing is measured. */
  measured: z.boolean(),
  total: attainmentSchema.nullable(),
  units: z.array(attainmentSchema.extend({ unit: reportUnitSchema })),
});
export type TargetAttainment = z.infer<typeof targetAttainmentSchema>;

export const planTargetsSchema = z.object({ plan: planRefSchema, period: periodBoundsSchema, targets: z.array(targetAttainmentSchema) });

export const planReportSchema = planTargetsSchema.extend({
  asOf: instantSchema,
  /** Units ranked by on-time rate, then late rate: the thi đua order. */
  units: z.array(unitTallySchema.extend({ unit: reportUnitSchema })),
  total: unitTallySchema,
  /** The evidence files the units' sent reports carry, with the SHA-256 each was sent with: a file swapped later no longer matches. */
  evidenceFiles: z.array(z.object({ unit: z.string(), task: z.string(), filename: z.string(), sha256: z.string(), size: z.number().int(), sentAt: instantSchema })),
});
export type PlanReport = z.infer<typeof planReportSchema>;

export const unitReportSchema = z.object({
  unit: z.object({ id: z.uuid(), code: z.string(), name: z.string(), kind: z.string() }),
  period: periodBoundsSchema,
  asOf: instantSchema,
  plans: z.array(unitTallySchema.extend({ plan: planRefSchema })),
  total: unitTallySchema,
});

async function planOf(deps: EngineDeps, planId: string) {
  const plan = await deps.db.plan.findUnique({ where: { id: planId }, select: { id: true, code: true, title: true, periodStart: true, periodEnd: true, definition: true } });
  if (!plan) throw new NotFoundError(`plan ${planId} does not exist`);
  return plan;
}

const periodFor = (plan: { periodStart: Date; periodEnd: Date }, label?: string): Period =>
  label ? parsePeriod(label) : { label: `${isoDay(plan.periodStart)}/${isoDay(plan.periodEnd)}`, from: isoDay(plan.periodStart), to: isoDay(plan.periodEnd) };

/** Adds up one figure per unit over the plan's activity reports, or its submitted and approved reports, in the period. */
async function figuresByUnit(deps: EngineDeps, planId: string, period: Period, from: 'activities' | 'submissions', figure: string): Promise<Map<string, number>> {
  const sums = new Map<string, number>();
  const add = (unitId: string, figures: unknown) => {
    const value = (figures as Record<string, unknown> | null)?.[figure];
    if (typeof value === 'number') sums.set(unitId, (sums.get(unitId) ?? 0) + value);
  };
  if (from === 'activities') {
    const rows = await deps.db.activityReport.findMany({
      where: { assignment: { task: { planId } }, occurredOn: { gte: new Date(period.from), lte: new Date(period.to) } },
      select: { figures: true, assignment: { select: { unitId: true } } },
    });
    for (const row of rows) add(row.assignment.unitId, row.figures);
  } else {
    const rows = await deps.db.assignment.findMany({
      where: { task: { planId }, status: { in: ['submitted', 'done'] } },
      select: { unitId: true, figures: true, submittedAt: true, completedAt: true },
    });
    for (const row of rows) {
      const day = localDate(row.submittedAt ?? row.completedAt!);
      if (day >= period.from && day <= period.to) add(row.unitId, row.figures);
    }
  }
  return sums;
}

/**
 * Every unit, and for each the unit its work now counts under: itself, or the successor it
 * was merged into (followed to the last merge).
 */
async function unitsWithSuccessors(deps: EngineDeps) {
  const units = await deps.db.unit.findMany({ select: unitFacts });
  return withSuccessors(units);
}

const unitFacts = { id: true, code: true, name: true, kind: true, parentId: true, households: true, familyOfficials: true, mergedIntoId: true } as const;
type UnitFactsRow = { id: string; code: string; name: string; kind: string; parentId: string | null; households: number | null; familyOfficials: number | null; mergedIntoId: string | null };

function withSuccessors(units: UnitFactsRow[]) {
  const byId = new Map(units.map((unit) => [unit.id, unit]));
  const successorOf = (id: string): string => {
    let current = byId.get(id)!;
    for (let hops = 0; current.mergedIntoId && hops < 32; hops += 1) current = byId.get(current.mergedIntoId)!;
    return current.id;
  };
  return { units, byId, successorOf };
}

/** The same, for only these units and the units they were merged into: a dashboard need not read the whole tree. */
export async function someUnitsWithSuccessors(deps: EngineDeps, unitIds: readonly string[]) {
  const units: UnitFactsRow[] = [];
  const loaded = new Set<string>();
  let wanted = [...new Set(unitIds)];
  for (let hops = 0; wanted.length > 0 && hops < 32; hops += 1) {
    const rows = await deps.db.unit.findMany({ where: { id: { in: wanted } }, select: unitFacts });
    for (const row of rows) loaded.add(row.id);
    units.push(...rows);
    wanted = rows.map((row) => row.mergedIntoId).filter((id): id is string => id !== null && !loaded.has(id));
  }
  return withSuccessors(units);
}

const remap = (figures: Map<string, number>, successorOf: (id: string) => string) => {
  const counted = new Map<string, number>();
  for (const [unitId, value] of figures) counted.set(successorOf(unitId), (counted.get(successorOf(unitId)) ?? 0) + value);
  return counted;
};

/** A target as reports name it: its goal (targetGoal) in place of the value as written. */
const headerOf = (target: z.infer<typeof targetSchema>) => ({ code: target.code, title: target.title, measure: target.measure, ...targetGoal(target) });

/** Each target's attainment for the plan and, line by line, for the units `seen` lets through. */
export async function planTargets(deps: EngineDeps, planId: string, label?: string, seen: UnitFilter = everyUnit): Promise<z.infer<typeof planTargetsSchema>> {
  const plan = await planOf(deps, planId);
  const period = periodFor(plan, label);
  const targets = targetSchema.array().catch([]).parse((plan.definition as { targets?: unknown }).targets ?? []);
  if (targets.every((target) => !target.source)) {
    return { plan: { id: plan.id, code: plan.code, title: plan.title }, period, targets: targets.map((target) => ({ ...headerOf(target), measured: false, total: null, units: [] })) };
  }
  const { units, byId, successorOf } = await unitsWithSuccessors(deps);
  const facts: UnitFacts[] = units.filter((unit) => !unit.mergedIntoId);
  const measured: TargetAttainment[] = [];
  for (const target of targets) {
    const header = headerOf(target);
    if (!target.source) {
      measured.push({ ...header, measured: false, total: null, units: [] });
      continue;
    }
    const figures = remap(await figuresByUnit(deps, planId, period, target.source.from, target.source.figure), successorOf);
    const { total, perUnit } = attainment(target, facts, figures);
    const lines = [...perUnit].filter(([unitId]) => seen(unitId)).map(([unitId, result]) => {
      const { code, name, kind } = byId.get(unitId)!;
      return { unit: { code, name, kind }, ...result };
    });
    lines.sort((a, b) => a.unit.code.localeCompare(b.unit.code));
    measured.push({ ...header, measured: true, total, units: lines });
  }
  return { plan: { id: plan.id, code: plan.code, title: plan.title }, period, targets: measured };
}

export const toReportLine = (row: { status: AssignmentForReport['status']; deadline: Date; completedLate: boolean | null; submittedAt: Date | null }): AssignmentForReport => ({
  status: row.status,
  deadline: row.deadline,
  deadlineDay: localDate(row.deadline),
  completedLate: row.completedLate,
  submittedAt: row.submittedAt,
});

const byRanking = (a: UnitTally & { unit: { code: string } }, b: UnitTally & { unit: { code: string } }) =>
  (b.onTimeRate ?? -1) - (a.onTimeRate ?? -1) || (a.lateRate ?? 101) - (b.lateRate ?? 101) || a.unit.code.localeCompare(b.unit.code);

/** The plan report: the totals over every unit, the lines of the units `seen` lets through. */
export async function planReport(deps: EngineDeps, planId: string, label?: string, seen: UnitFilter = everyUnit, now = new Date()): Promise<PlanReport> {
  const { plan, period, targets } = await planTargets(deps, planId, label, seen);
  const rows = await deps.db.assignment.findMany({
    where: { task: { planId } },
    select: { status: true, deadline: true, completedLate: true, submittedAt: true, unitId: true },
  });
  const { byId, successorOf } = await unitsWithSuccessors(deps);
  // Work left on a merged unit counts for its successor.
  const byUnit = new Map<string, { unit: ReportUnit; lines: AssignmentForReport[] }>();
  for (const row of rows.filter((one) => seen(successorOf(one.unitId)))) {
    const { code, name, kind } = byId.get(successorOf(row.unitId))!;
    const entry = byUnit.get(code) ?? { unit: { code, name, kind }, lines: [] };
    entry.lines.push(toReportLine(row));
    byUnit.set(code, entry);
  }
  const today = localDate(now);
  const units = [...byUnit.values()]
    .map(({ unit, lines }) => ({ unit, ...tally(lines, period, now, today) }))
    .filter((line) => line.assignments > 0)
    .sort(byRanking);
  const files = await deps.db.evidenceFile.findMany({
    where: { attachedAt: { not: null }, assignment: { task: { planId } } },
    select: { filename: true, sha256: true, size: true, attachedAt: true, assignment: { select: { unitId: true, unit: { select: { code: true } }, task: { select: { code: true } } } } },
    orderBy: [{ attachedAt: 'asc' }, { filename: 'asc' }],
  });
  const evidenceFiles = files
    .filter((file) => seen(successorOf(file.assignment.unitId)))
    .map((file) => ({ unit: file.assignment.unit.code, task: file.assignment.task.code, filename: file.filename, sha256: file.sha256, size: file.size, sentAt: file.attachedAt!.toISOString() }));
  return { plan, period, asOf: now.toISOString(), targets, units, total: tally(rows.map(toReportLine), period, now, today), evidenceFiles };
}

/** One unit's record across every plan, plan by plan, in a period (a calendar year by default). */
export async function unitReport(deps: EngineDeps, unitRef: string, label?: string, now = new Date()): Promise<z.infer<typeof unitReportSchema>> {
  const unit = await findUnit(deps.db, unitRef);
  const period = parsePeriod(label ?? localDate(now).slice(0, 4));
  // A unit's record includes the work of the units merged into it.
  const merged = await deps.db.unit.findMany({ where: { mergedIntoId: unit.id }, select: { id: true } });
  const rows = await deps.db.assignment.findMany({
    where: { unitId: { in: [unit.id, ...merged.map((one) => one.id)] } },
    select: { status: true, deadline: true, completedLate: true, submittedAt: true, task: { select: { plan: { select: { id: true, code: true, title: true } } } } },
  });
  const today = localDate(now);
  const plans = new Map<string, { plan: { id: string; code: string; title: string }; lines: AssignmentForReport[] }>();
  for (const row of rows) {
    const entry = plans.get(row.task.plan.id) ?? { plan: row.task.plan, lines: [] };
    entry.lines.push(toReportLine(row));
    plans.set(row.task.plan.id, entry);
  }
  return {
    unit: { id: unit.id, code: unit.code, name: unit.name, kind: unit.kind },
    period,
    asOf: now.toISOString(),
    plans: [...plans.values()].map(({ plan, lines }) => ({ plan, ...tally(lines, period, now, today) })).filter((line) => line.assignments > 0),
    total: tally(rows.map(toReportLine), period, now, today),
  };
}
