/**
 * Periodic reporting of a plan as the department follows it: per period (each occurrence of a
 * periodic report task), who has reported, on time or late, who is late, and the figures of all
 * units compiled from what was dated within the period's cut-off window.
 */
import { z } from 'zod';
import { compilePeriod, reportFrequencies, reportState, reportStates, type Figures } from '../domain/reporting-periods';
import type { EngineDeps } from './deps';
import { NotFoundError } from '../platform/errors';
import { everyUnit, type UnitFilter } from './scopes';
import { instantSchema, isoDay, planRefSchema } from './views';

const figuresSchema = z.record(z.string(), z.number());
const count = z.number().int().min(0);

export const periodicReportsSchema = z.object({
  plan: planRefSchema,
  asOf: instantSchema,
  periods: z.array(
    z.object({
      task: z.object({ id: z.uuid(), code: z.string(), title: z.string() }),
      every: z.enum(reportFrequencies),
      /** The data cut-off window: only what is dated within it counts for the period. */
      window: z.object({ from: z.iso.date(), to: z.iso.date() }),
      deadline: instantSchema,
      counts: z.object({ units: count, reportedOnTime: count, reportedLate: count, pending: count, late: count }),
      units: z.array(
        z.object({
          unit: z.object({ code: z.string(), name: z.string() }),
          assignmentId: z.uuid(),
          state: z.enum(reportStates),
          submittedAt: instantSchema.nullable(),
          /** Figures of the activities the unit reported under the plan within the window. */
          activities: figuresSchema,
          /** Figures the unit sent with this period's report. */
          reported: figuresSchema,
        }),
      ),
      /** All units' figures added up (the lines the caller may see and those it may not). */
      figures: z.object({ activities: figuresSchema, reported: figuresSchema }),
    }),
  ),
});
export type PeriodicReports = z.infer<typeof periodicReportsSchema>;


export async function periodicReports(deps: EngineDeps, planId: string, seen: UnitFilter = everyUnit, now = new Date()): Promise<PeriodicReports> {
  const plan = await deps.db.plan.findUnique({ where: { id: planId }, select: { id: true, code: true, title: true } });
  if (!plan) throw new NotFoundError(`plan ${planId} does not exist`);
  const tasks = await deps.db.task.findMany({
    where: { planId, reportEvery: { not: null } },
    orderBy: [{ reportingTo: 'asc' }, { code: 'asc' }],
    select: {
      id: true,
      code: true,
      title: true,
      deadline: true,
      reportEvery: true,
      reportingFrom: true,
      reportingTo: true,
      assignments: {
        where: { status: { not: 'cancelled' } },
        orderBy: { unit: { code: 'asc' } },
        select: { id: true, unitId: true, status: true, deadline: true, submittedAt: true, completedAt: true, completedLate: true, figures: true, unit: { select: { code: true, name: true } } },
      },
    },
  });
  if (tasks.length === 0) return { plan, asOf: now.toISOString(), periods: [] };
  const first = tasks.reduce((earliest, task) => (task.reportingFrom! < earliest ? task.reportingFrom! : earliest), tasks[0]!.reportingFrom!);
  const last = tasks.reduce((latest, task) => (task.reportingTo! > latest ? task.reportingTo! : latest), tasks[0]!.reportingTo!);
  const activities = (
    await deps.db.activityReport.findMany({
      where: { assignment: { task: { planId } }, occurredOn: { gte: first, lte: last } },
      select: { occurredOn: true, figures: true, assignment: { select: { unitId: true } } },
    })
  ).map((row) => ({ unitId: row.assignment.unitId, day: isoDay(row.occurredOn), figures: row.figures as Figures }));

  const periods = tasks.map((task) => {
    const window = { from: isoDay(task.reportingFrom!), to: isoDay(task.reportingTo!) };
    // Figures sent with a report count once it is submitted or approved.
    const reported = new Map(task.assignments.filter((line) => line.status === 'submitted' || line.status === 'done').map((line) => [line.unitId, line.figures as Figures]));
    const compiled = compilePeriod(
      window,
      task.assignments.map((line) => line.unitId),
      activities,
      reported,
    );
    const lines = task.assignments.map((line) => ({ line, state: reportState(line, now) }));
    const tallied = (state: (typeof reportStates)[number]) => lines.filter((entry) => entry.state === state).length;
    return {
      task: { id: task.id, code: task.code, title: task.title },
      every: task.reportEvery as (typeof reportFrequencies)[number],
      window,
      deadline: task.deadline.toISOString(),
      counts: { units: lines.length, reportedOnTime: tallied('reported_on_time'), reportedLate: tallied('reported_late'), pending: tallied('pending'), late: tallied('late') },
      units: lines
        .filter(({ line }) => seen(line.unitId))
        .map(({ line, state }) => ({
          unit: line.unit,
          assignmentId: line.id,
          state,
          submittedAt: line.submittedAt?.toISOString() ?? null,
          ...compiled.perUnit.get(line.unitId)!,
        })),
      figures: compiled.total,
    };
  });
  return { plan, asOf: now.toISOString(), periods };
}
