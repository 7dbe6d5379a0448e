/**
 * What a unit's report is judged on besides its text: the figures (one labelled field for each
 * the plan measures and the task's kind counts; a name neither the catalogue nor the plan knows
 * refused; a count beyond what the unit has kept with a warning) and the files it carries.
 */
import { z } from 'zod';
import type { TaskKind } from '../domain/task-kinds';
import { figureFields, figureWarnings, unknownFigures, type MeasuredTarget } from '../domain/report-figures';
import { filesThatCannotJoin } from '../db/evidence-files';
import { NotFoundError, ValidationError, type FieldIssue } from '../platform/errors';
import type { EngineDeps } from './deps';

export const figureFieldSchema = z.object({
  name: z.string(),
  /** The catalogue's Vietnamese label, or the title of the plan's target measured by it. */
  label: z.string(),
  /** What it counts ("hộ", "người"); empty for a figure only the plan names. */
  unit: z.string(),
  from: z.enum(['plan', 'kind']),
});
export const figureWarningSchema = z.object({ figure: z.string(), value: z.number(), limit: z.number(), message: z.string() });

interface ReportContext {
  kind: TaskKind;
  targets: MeasuredTarget[];
  unit: { households: number | null };
}

async function reportContext(deps: EngineDeps, assignmentId: string): Promise<ReportContext> {
  const row = await deps.db.assignment.findUnique({
    where: { id: assignmentId },
    select: { unit: { select: { households: true } }, task: { select: { kind: true, plan: { select: { definition: true } } } } },
  });
  if (!row) throw new NotFoundError(`assignment ${assignmentId} does not exist`);
  const definition = row.task.plan.definition as { targets?: MeasuredTarget[] } | null;
  return { kind: row.task.kind as TaskKind, targets: definition?.targets ?? [], unit: row.unit };
}

/** The labelled figure fields of an assignment's report forms, and the warnings on the figures `figures` holds. */
export async function figureFacts(deps: EngineDeps, assignmentId: string, figures: Readonly<Record<string, number>>) {
  const context = await reportContext(deps, assignmentId);
  return { figureFields: figureFields(context.kind, context.targets), figureWarnings: figureWarnings(figures, context.unit) };
}

/** Warnings on one report's figures, for the unit that sent it. */
export async function warningsFor(deps: EngineDeps, assignmentId: string, figures: Readonly<Record<string, number>>) {
  return figureWarnings(figures, (await reportContext(deps, assignmentId)).unit);
}

/**
 * Refuses, naming each field, a report whose figures the plan does not know, or whose files are
 * more than a report carries or cannot join it; nothing is written.
 */
export async function checkReport(deps: EngineDeps, assignmentId: string, report: { figures?: Record<string, number>; files: readonly string[] }, carrier: 'submission' | 'activity'): Promise<void> {
  const context = await reportContext(deps, assignmentId);
  const issues: FieldIssue[] = [...unknownFigures(report.figures ?? {}, context.targets, 'figures')];
  if (report.files.length > deps.fileLimits.maxPerReport) issues.push({ path: 'files', message: `a report carries at most ${deps.fileLimits.maxPerReport} files` });
  if (new Set(report.files).size !== report.files.length) issues.push({ path: 'files', message: 'names a file twice' });
  const refused = new Set(await filesThatCannotJoin(deps.db, assignmentId, report.files, carrier));
  report.files.forEach((id, index) => {
    if (refused.has(id)) issues.push({ path: `files.${index}`, message: `file ${id} is not an uploaded file of this assignment that this report may carry` });
  });
  if (issues.length > 0) throw new ValidationError(`invalid ${carrier === 'submission' ? 'submit request' : 'activity report'}`, issues);
}
