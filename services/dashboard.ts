/**
 * The leader's Monday-morning page in one answer: each plan's status bar and targets, the
 * open escalations by level, units ranked by on-time completion and completions per week,
 * over the work the caller may see, filtered by plan, unit subtree and period.
 *
 * Assignments are counted in PostgreSQL, grouped by what the tallies need to know (status,
 * lateness, where the deadline stands), so a province of tens of thousands of assignments
 * sends back a few hundred groups; the rules that read the groups stay in domain/.
 */
import { z } from 'zod';
import { countTones, statusTones, type AssignmentStatus, type StatusTone, type ToneCounts } from '../domain/assignment-status';
import { addDays, localDate, startOfLocalDay, TIME_ZONE } from '../domain/calendar';
import {
  completionsByWeek,
  completionWeekSchema,
  DUE_SOON_DAYS,
  parsePeriod,
  periodBoundsSchema,
  periodSchema,
  tallyFacts,
  unitTallySchema,
  type Period,
  type ReportFacts,
} from '../domain/plan-report';
import { Prisma } from '../db/prisma';
import type { EngineDeps } from './deps';
import { escalationSchema, listEscalations } from './escalations';
import { planTargets, someUnitsWithSuccessors, targetAttainmentSchema } from './reports';
import { daySchema, instantSchema, unitRefSchema } from './views';

export const dashboardQuerySchema = z.strictObject({
  plan: z.uuid({ error: 'must be a plan id' }).optional(),
  /** A unit by id or code: the work of it and the units under it. */
  unit: z.string().trim().min(1).max(64).optional(),
  period: periodSchema.optional(),
});
export type DashboardQuery = z.infer<typeof dashboardQuerySchema>;

/** How many assignments show each colour of the board. */
const toneCountsSchema = z.object(Object.fromEntries(statusTones.map((tone) => [tone, z.number().int()])) as Record<StatusTone, z.ZodNumber>) satisfies z.ZodType<ToneCounts>;

export const dashboardSchema = z.object({
  asOf: instantSchema,
  period: periodBoundsSchema.nullable(),
  totals: toneCountsSchema,
  plans: z.array(
    z.object({
      id: z.uuid(),
      code: z.string(),
      title: z.string(),
      period: z.object({ from: daySchema, to: daySchema }),
      tones: toneCountsSchema,
      targets: z.array(
        targetAttainmentSchema.pick({ code: true, title: true, measure: true, direction: true, value: true, measured: true }).extend({
          achieved: z.number().nullable(),
          attained: z.boolean().nullable(),
        }),
      ),
    }),
  ),
  escalations: z.object({
    /** Open escalations in all; `items` shows the first of them. */
    open: z.number().int(),
    byLevel: z.array(z.object({ level: z.number().int(), count: z.number().int() })),
    items: z.array(escalationSchema),
  }),
  /** Units by on-time rate over the work that has fallen due: the thi đua order. */
  ranking: z.array(unitTallySchema.extend({ unit: unitRefSchema })),
  completions: z.array(completionWeekSchema),
});

/** Weeks of completions charted when no period is chosen. */
const CHART_WEEKS = 12;
const OPEN_ESCALATIONS_SHOWN = 10;

export interface DashboardScope {
  /** The work the caller may see, as a Prisma filter and as SQL (assignmentsVisibleTo, assignmentsVisibleSql). */
  visible: Prisma.AssignmentWhereInput;
  visibleSql: Prisma.Sql;
  /** The chosen unit's subtree, when the filter names one. */
  unitIds?: string[];
}

interface FactsGroup extends ReportFacts {
  unitId: string;
  planId: string;
  status: AssignmentStatus;
  count: number;
}

export async function dashboard(deps: EngineDeps, query: DashboardQuery, scope: DashboardScope, now = new Date()): Promise<z.infer<typeof dashboardSchema>> {
  const period: Period | null = query.period ? parsePeriod(query.period) : null;
  const today = localDate(now);
  // A period is the work falling due in it, as in the plan report.
  const where: Prisma.AssignmentWhereInput = {
    AND: [
      scope.visible,
      query.plan ? { task: { planId: query.plan } } : {},
      scope.unitIds ? { unitId: { in: scope.unitIds } } : {},
      period ? { deadline: { gte: startOfLocalDay(period.from), lt: startOfLocalDay(addDays(period.to, 1)) } } : {},
    ],
  };
  const filters = Prisma.sql`${scope.visibleSql}
    AND ${query.plan ? Prisma.sql`t.plan_id = ${query.plan}::uuid` : Prisma.sql`TRUE`}
    AND ${scope.unitIds ? Prisma.sql`a.unit_id = ANY(${scope.unitIds}::uuid[])` : Prisma.sql`TRUE`}
    AND ${period ? Prisma.sql`a.deadline >= ${startOfLocalDay(period.from)} AND a.deadline < ${startOfLocalDay(addDays(period.to, 1))}` : Prisma.sql`TRUE`}`;
  const chartTo = period && period.to < today ? period.to : today;
  const chartFrom = period ? period.from : addDays(today, -7 * (CHART_WEEKS - 1));

  const [groups, completions, escalations, levels] = await Promise.all([
    deps.db.$queryRaw<FactsGroup[]>`
      SELECT a.unit_id::text AS "unitId", t.plan_id::text AS "planId", a.status::text AS status, a.completed_late AS "completedLate",
             a.deadline < ${now} AS "pastDeadline",
             a.deadline < ${startOfLocalDay(addDays(today, DUE_SOON_DAYS + 1))} AS "dueSoon",
             (a.submitted_at IS NOT NULL AND a.submitted_at <= a.deadline) AS "submittedInTime",
             count(*)::int AS count
      FROM assignments a JOIN tasks t ON t.id = a.task_id JOIN plans p ON p.id = t.plan_id
      WHERE ${filters}
      GROUP BY 1, 2, 3, 4, 5, 6, 7`,
    deps.db.$queryRaw<{ day: string; late: boolean; count: number }[]>`
      SELECT to_char((a.completed_at AT TIME ZONE ${TIME_ZONE})::date, 'YYYY-MM-DD') AS day, coalesce(a.completed_late, false) AS late, count(*)::int AS count
      FROM assignments a JOIN tasks t ON t.id = a.task_id JOIN plans p ON p.id = t.plan_id
      WHERE ${filters} AND a.status = 'done' AND a.completed_at >= ${startOfLocalDay(chartFrom)}
      GROUP BY 1, 2`,
    listEscalations(deps, { open: true, limit: OPEN_ESCALATIONS_SHOWN, offset: 0 }, where, now),
    deps.db.escalation.groupBy({ by: ['level'], where: { resolvedAt: null, assignment: where }, _count: { _all: true }, orderBy: { level: 'asc' } }),
  ]);
  const unitTree = await someUnitsWithSuccessors(deps, groups.map((group) => group.unitId));

  const byPlan = groupBy(groups, (group) => group.planId);
  const planRows = await deps.db.plan.findMany({
    where: { id: { in: [...byPlan.keys()] } },
    select: { id: true, code: true, title: true, periodStart: true, periodEnd: true },
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
        tones: countTones(byPlan.get(plan.id)!),
        targets: targets.map(({ code, title, measure, direction, value, measured, total }) => ({
          code,
          title,
          measure,
          direction,
          value,
          measured,
          achieved: total?.achieved ?? null,
          attained: total?.attained ?? null,
        })),
      };
    }),
  );

  // The thi đua order: units by on-time rate over the work that has fallen due; work left on
  // a merged unit counts for its successor.
  const ranking = [...groupBy(groups, (group) => unitTree.successorOf(group.unitId))]
    .map(([unitId, facts]) => {
      const { id, code, name } = unitTree.byId.get(unitId)!;
      return { unit: { id, code, name }, ...tallyFacts(facts) };
    })
    .sort((a, b) => (b.onTimeRate ?? -1) - (a.onTimeRate ?? -1) || (a.lateRate ?? 101) - (b.lateRate ?? 101) || a.unit.code.localeCompare(b.unit.code));

  return {
    asOf: now.toISOString(),
    period,
    totals: countTones(groups),
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

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}
