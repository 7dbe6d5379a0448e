/**
 * The facts of a plan's results report, read from the records the other report formats read
 * (services/reports.ts planReport for the targets, totals and units), with the tasks by content
 * group, the activities and the completions of the period.
 */
import { localDate } from '../domain/calendar';
import { tally, type Period } from '../domain/plan-report';
import { composeResultsReport, type ResultsReport, type ResultsReportFacts } from '../domain/results-report';
import type { TaskKind } from '../domain/task-kinds';
import type { EngineDeps } from './deps';
import { planReport, toReportLine } from './reports';
import { everyUnit, type UnitFilter } from './scopes';
import { isoDay } from './views';

/** The draft report, with the plan's code and the period it covers (for its file name). */
export async function resultsReport(
  deps: EngineDeps,
  planId: string,
  label?: string,
  seen: UnitFilter = everyUnit,
  now = new Date(),
): Promise<{ planCode: string; period: Period; draft: ResultsReport }> {
  const report = await planReport(deps, planId, label, seen, now);
  const { period } = report;
  const plan = await deps.db.plan.findUniqueOrThrow({
    where: { id: planId },
    select: {
      code: true,
      title: true,
      issuingBody: true,
      issuedOn: true,
      definition: true,
      issuingUnit: { select: { name: true } },
      assigningUnit: { select: { code: true, name: true, headName: true, parent: { select: { name: true } } } },
    },
  });
  const assignments = await deps.db.assignment.findMany({
    where: { task: { planId } },
    select: { status: true, deadline: true, completedLate: true, submittedAt: true, completedAt: true, task: { select: { code: true, title: true, kind: true } } },
    orderBy: { task: { code: 'asc' } },
  });
  const activities = await deps.db.activityReport.findMany({
    where: { assignment: { task: { planId } }, occurredOn: { gte: new Date(period.from), lte: new Date(period.to) } },
    select: { kind: true, figures: true },
  });

  const today = localDate(now);
  const byTask = new Map<string, { code: string; title: string; kind: TaskKind; lines: ReturnType<typeof toReportLine>[] }>();
  for (const row of assignments) {
    const entry = byTask.get(row.task.code) ?? { code: row.task.code, title: row.task.title, kind: row.task.kind as TaskKind, lines: [] };
    entry.lines.push(toReportLine(row));
    byTask.set(row.task.code, entry);
  }
  const tasks = [...byTask.values()].map(({ lines, ...task }) => ({ ...task, tally: tally(lines, period, now, today) })).filter((task) => task.tally.assignments > 0);
  const completions = assignments
    .filter((row) => row.status === 'done' && row.completedAt)
    .map((row) => ({ day: localDate(row.completedAt!), late: row.completedLate === true }))
    .filter((completion) => completion.day >= period.from && completion.day <= period.to);
  // The department that assigns the work reports on it; a plan without one is reported by its issuer.
  const issuer = plan.assigningUnit ?? { code: report.plan.code.split('-').pop()!, name: plan.issuingBody, headName: null, parent: null };
  const place = (plan.definition as { place?: unknown }).place;

  const facts: ResultsReportFacts = {
    plan: { code: plan.code, title: plan.title, issuingBody: plan.issuingBody, issuedOn: isoDay(plan.issuedOn), ...(typeof place === 'string' && { place }) },
    issuer: { code: issuer.code, name: issuer.name, ...(issuer.parent && { parentName: issuer.parent.name }), ...(issuer.headName && { headTitle: issuer.headName }) },
    ...(plan.issuingUnit && { recipient: plan.issuingUnit.name }),
    period,
    draftedOn: today,
    ...(label && { periodLabel: label }),
    targets: report.targets,
    total: report.total,
    units: report.units,
    tasks,
    activities: activities.map((row) => ({ kind: row.kind, figures: row.figures as Record<string, number> })),
    completions,
  };
  return { planCode: plan.code, period, draft: composeResultsReport(facts) };
}
