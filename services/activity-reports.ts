/**
 * Activity reports: what a unit did under an assignment, recorded while the work is its to do
 * (before it submits), each with the figures targets add up.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Actor } from '../domain/access';
import { activityDate, figuresOf, kindFits, type ActivityReport } from '../domain/activity-reports';
import { awaitsUnit } from '../domain/assignment-status';
import { taskKinds, type TaskKind } from '../domain/plan-definition';
import type { Prisma } from '../db/prisma';
import { recordAudit } from '../db/audit';
import { attachToActivity, carriedFileColumns, filesThatCannotJoin } from '../db/evidence-files';
import { figureWarnings } from '../domain/report-figures';
import { figureWarningSchema } from './report-evidence';
import type { EngineDeps } from './deps';
import { ConflictError, NotFoundError, ValidationError } from '../platform/errors';
import { daySchema, instantSchema, isoDay } from './views';

type ActivityRow = Awaited<ReturnType<EngineDeps['db']['activityReport']['findUniqueOrThrow']>>;

export const activitySchema = z.object({
  id: z.uuid(),
  assignmentId: z.uuid(),
  /** Activities come in the kinds tasks do (training, campaign…, generic). */
  kind: z.enum(taskKinds),
  /** The day it counts for in a period: when it took place, or ended. */
  occurredOn: daySchema,
  /** The report's fields as the unit sent them, its kind aside. */
  details: z.record(z.string(), z.unknown()),
  /** The figures targets add up, by name. */
  figures: z.record(z.string(), z.number()),
  /** Figures beyond what the unit has (more households than it records): kept, for the reviewer to see. */
  warnings: z.array(figureWarningSchema),
  reportedBy: z.string(),
  reportedAt: instantSchema,
});
type Activity = z.infer<typeof activitySchema>;
export const activityListSchema = z.object({ items: z.array(activitySchema) });

const toView = (row: ActivityRow, unit: { households: number | null }): Activity => ({
  id: row.id,
  assignmentId: row.assignmentId,
  kind: row.kind as Activity['kind'],
  occurredOn: isoDay(row.occurredOn),
  details: row.details as Activity['details'],
  figures: row.figures as Activity['figures'],
  warnings: figureWarnings(row.figures as Activity['figures'], unit),
  reportedBy: row.reportedBy,
  reportedAt: row.createdAt.toISOString(),
});

export async function recordActivity(deps: EngineDeps, assignmentId: string, report: ActivityReport, actor: Actor): Promise<Activity> {
  const assignment = await deps.db.assignment.findUnique({ where: { id: assignmentId }, select: { status: true, task: { select: { kind: true } }, unit: { select: { households: true } } } });
  if (!assignment) throw new NotFoundError(`assignment ${assignmentId} does not exist`);
  if (!awaitsUnit(assignment.status)) {
    throw new ConflictError(`activities are reported while the work is open; this assignment is ${assignment.status.replace('_', ' ')}`, {
      currentStatus: assignment.status,
    });
  }
  if (!kindFits(assignment.task.kind as TaskKind, report)) {
    throw new ValidationError('the activity does not fit the task', [{ path: 'kind', message: `a ${assignment.task.kind} task takes ${assignment.task.kind} or generic reports`, vi: 'Loại hoạt động không phù hợp với nhiệm vụ: chọn đúng loại của nhiệm vụ hoặc “Hoạt động khác”' }]);
  }
  const { kind, files: fileIds, ...details } = report;
  const id = randomUUID();
  return deps.db.$transaction(async (tx) => {
    // Checked again here: a file removed since the request was checked must not be carried.
    const refused = await filesThatCannotJoin(tx, assignmentId, fileIds, 'activity');
    if (refused.length > 0) throw new ValidationError('invalid activity report', refused.map((fileId) => ({ path: `files.${fileIds.indexOf(fileId)}`, message: `file ${fileId} is not an uploaded file of this assignment that this report may carry` })));
    const row = await tx.activityReport.create({
      data: {
        id,
        assignmentId,
        kind,
        occurredOn: new Date(activityDate(report)),
        details: details as Prisma.InputJsonValue,
        figures: figuresOf(report),
        reportedBy: actor.name,
      },
    });
    await attachToActivity(tx, assignmentId, id, fileIds, row.createdAt);
    const files = await tx.evidenceFile.findMany({ where: { activityId: id }, select: carriedFileColumns });
    const view = toView(row, assignment.unit);
    // The files' SHA-256 in the audit trail: the bytes the report was sent with can be told apart from any others.
    await recordAudit(tx, { actor, action: 'activity.reported', entityType: 'activity', entityId: id, after: { ...view, files } });
    return view;
  });
}

export async function listActivities(deps: EngineDeps, assignmentId: string): Promise<z.infer<typeof activityListSchema>> {
  const [rows, assignment] = await Promise.all([
    deps.db.activityReport.findMany({ where: { assignmentId }, orderBy: [{ occurredOn: 'asc' }, { createdAt: 'asc' }] }),
    deps.db.assignment.findUniqueOrThrow({ where: { id: assignmentId }, select: { unit: { select: { households: true } } } }),
  ]);
  return { items: rows.map((row) => toView(row, assignment.unit)) };
}
