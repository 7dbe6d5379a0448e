import { z } from 'zod';
import type { Prisma } from '../db/prisma';
import { assignmentStatuses } from '../domain/assignment-status';
import type { EngineDeps } from './deps';
import { instantSchema, pageSchema, planRefSchema, unitRefSchema } from './views';

export const escalationQuerySchema = z.strictObject({
  plan: z.uuid({ error: 'must be a plan id' }).optional(),
  unit: z.string().trim().min(1).max(64).optional(),
  level: z.coerce.number().int().min(1).max(5).optional(),
  open: z.enum(['true', 'false']).transform((value) => value === 'true').optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type EscalationQuery = z.infer<typeof escalationQuerySchema>;

export const escalationSchema = z.object({
  id: z.uuid(),
  level: z.number().int(),
  /** Whom the level escalates to. */
  target: z.string(),
  reason: z.string(),
  overdueSince: instantSchema,
  /** Whole days since the deadline passed, as of the answer. */
  daysOverdue: z.number().int(),
  raisedAt: instantSchema,
  /** Who was told, and whether the notice went out or found no channel configured. */
  notified: z.array(z.object({ channel: z.enum(['email', 'webhook']), recipient: z.string(), status: z.enum(['sent', 'skipped']) })),
  open: z.boolean(),
  resolvedAt: instantSchema.nullable(),
  resolution: z.string().nullable(),
  assignment: z.object({ id: z.uuid(), status: z.enum(assignmentStatuses) }),
  unit: unitRefSchema,
  task: z.object({ code: z.string(), title: z.string() }),
  plan: planRefSchema,
});
export const escalationListSchema = pageSchema(escalationSchema);

/**
 * Escalations, the highest and oldest first, filtered by plan, unit (id or code), level, open
 * or resolved, among the assignments the caller may see.
 */
export async function listEscalations(deps: EngineDeps, query: EscalationQuery, visible: Prisma.AssignmentWhereInput, now = new Date()): Promise<z.infer<typeof escalationListSchema>> {
  const where: Prisma.EscalationWhereInput = {
    ...(query.level !== undefined && { level: query.level }),
    ...(query.open !== undefined && { resolvedAt: query.open ? null : { not: null } }),
    assignment: {
      AND: [
        visible,
        {
          ...(query.unit && { unit: z.uuid().safeParse(query.unit).success ? { id: query.unit } : { code: query.unit } }),
          ...(query.plan && { task: { planId: query.plan } }),
        },
      ],
    },
  };
  const [total, rows] = await Promise.all([
    deps.db.escalation.count({ where }),
    deps.db.escalation.findMany({
      where,
      orderBy: [{ level: 'desc' }, { overdueSince: 'asc' }, { raisedAt: 'asc' }],
      take: query.limit,
      skip: query.offset,
      include: {
        assignment: {
          select: {
            id: true,
            status: true,
            unit: { select: { id: true, code: true, name: true } },
            task: { select: { code: true, title: true, plan: { select: { id: true, code: true, title: true } } } },
          },
        },
      },
    }),
  ]);
  const items = rows.map(({ assignment, ...escalation }) => ({
    id: escalation.id,
    level: escalation.level,
    target: escalation.target,
    reason: escalation.reason,
    overdueSince: escalation.overdueSince.toISOString(),
    daysOverdue: Math.max(0, Math.floor((now.getTime() - escalation.overdueSince.getTime()) / 86_400_000)),
    raisedAt: escalation.raisedAt.toISOString(),
    notified: escalation.notified as z.infer<typeof escalationSchema>['notified'],
    open: escalation.resolvedAt === null,
    resolvedAt: escalation.resolvedAt?.toISOString() ?? null,
    resolution: escalation.resolution,
    assignment: { id: assignment.id, status: assignment.status },
    unit: assignment.unit,
    task: { code: assignment.task.code, title: assignment.task.title },
    plan: assignment.task.plan,
  }));
  return { items, total, limit: query.limit, offset: query.offset };
}
