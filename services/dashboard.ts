/**
 * The leader's Monday-morning page in one answer: each plan's status bar and targets, the
 * open escalations by level, units ranked by on-time completion and completions per week,
 * over the work the caller may see, filtered by plan, unit subtree and period.
 */
import { z } from 'zod';
import { countTones, type ToneCounts } from '../domain/assignment-status';
import { addDays, localDate } from '../domain/calendar';
import { completionsByWeek, parsePeriod, periodSchema, tally, type Period } from '../domain/plan-report';
import type { Prisma } from '../db/prisma';
import type { EngineDeps } from './deps';
import { listEscalations } from './escalations';
import { planTargets, toReportLine, unitsWithSuccessors } from './reports';

export const dashboardQuerySchema = z.strictObject({
  plan: z.uuid({ error: 'must be a plan id' }).optional(),
  /** A unit by id or code: the work of it and the units under it. */
  unit: z.string().trim().min(1).max(64).optional(),
  period: periodSchema.optional(),
});
export type DashboardQuery = z.infer<typeof dashboardQuerySchema>;

/** Weeks of completions charted when no period is chosen. */
const CHART_WEEKS = 12;
const OPEN_ESCALATIONS_SHOWN = 10;

export interface DashboardScope {
  visible: Prisma.AssignmentWhereInput;
  /** The chosen unit's subtree, when the filter names one. */
  unitIds?: string[];
}

export async function dashboard(deps: EngineDeps, query: DashboardQuery, scope: DashboardScope, now = new Date()) {
  const period: Period | null = query.period ? parsePeriod(query.period) : null;
  const where: Prisma.AssignmentWhereInput = {
    AND: [
      scope.visible,
      query.plan ? { task: { planId: query.plan } } : {},
      scope.unitIds ? { unitId: { in: scope.unitIds } } : {},
      // A period is the work falling due in it, as in the plan report.
      period ? { deadline: { gte: new Date(`${period.from}T00:00:00+07:00`), lt: new Date(`${addDays(period.to, 1)}T00:00:00+07:00`) } } : {},
    ],
  };
  const [rows, escalations, levels, { byId, successorOf }] = await Promise.all([
    deps.db.assignment.findMany({
      where,
      select: { status: true, deadline: true, completedLate: true, completedAt: true, submittedAt: true, unitId: true, task: { select: { planId: true } } },
    }),
    listEscalations(deps, { open: true, limit: OPEN_ESCALATIONS_SHOWN, offset: 0 }, where, now),
    deps.db.escalation.groupBy({ by: ['level'], where: { resolvedAt: null, assignment: where }, _count: { _all: true }, orderBy: { level: 'asc' } }),
    unitsWithSuccessors(deps),
  ]);

  const byPlan = new Map<string, typeof rows>();
  for (const row of rows) byPlan.set(row.task.planId, [...(byPlan.get(row.task.planId) ?? []), row]);
  const planRows = await deps.db.plan.findMany({
    where: { id: { in: [...byPlan.keys()] } },
    select: { id: true, code: true, title: true, issuedOn: true, periodStart: true, periodEnd: true },
    orderBy: [{ issuedOn: 'desc' }, { code: 'asc' }],
  });
  const plans = await Promise.all(
    planRows.map(async (plan) => {
      const { targets } = await planTargets(deps, plan.id, query.period);
      return {
        id: plan.id,
        code: plan.code,
        title: plan.title,
        period: { from: localDate(plan.periodStart), to: localDate(plan.periodEnd) },
        tones: countTones(byPlan.get(plan.id)!, now),
        targets: targets.map(({ code, title, measure, value, measured, total }) => ({
          code,
          title,
          measure,
          value,
          measured,
          achieved: total?.achieved ?? null,
          attained: total?.attained ?? null,
        })),
      };
    }),
  );

  // The thi đua order: units by on-time rate over the work that has fallen due.
  const whole: Period = period ?? { label: 'all', from: '0001-01-01', to: '9999-12-31' };
  const today = localDate(now);
  const byUnit = new Map<string, typeof rows>();
  for (const row of rows) byUnit.set(successorOf(row.unitId), [...(byUnit.get(successorOf(row.unitId)) ?? []), row]);
  const ranking = [...byUnit]
    .map(([unitId, lines]) => {
      const { id, code, name } = byId.get(unitId)!;
      return { unit: { id, code, name }, ...tally(lines.map(toReportLine), whole, now, today) };
    })
    .sort((a, b) => (b.onTimeRate ?? -1) - (a.onTimeRate ?? -1) || (a.lateRate ?? 101) - (b.lateRate ?? 101) || a.unit.code.localeCompare(b.unit.code));

  const completions = rows
    .filter((row) => row.status === 'done' && row.completedAt)
    .map((row) => ({ day: localDate(row.completedAt!), late: row.completedLate === true }));
  const chartTo = period && period.to < today ? period.to : today;
  const chartFrom = period ? period.from : addDays(today, -7 * (CHART_WEEKS - 1));

  return {
    asOf: now.toISOString(),
    period,
    totals: countTones(rows, now) satisfies ToneCounts,
    plans,
    escalations: {
      open: escalations.total,
      byLevel: levels.map((group) => ({ level: group.level, count: group._count._all })),
      items: escalations.items,
    },
    ranking,
    completions: completionsByWeek(completions, chartFrom, chartTo),
  };
}
