import { z } from 'zod';
import type { Prisma } from '../db/prisma';
import type { EngineDeps } from './deps';

export const escalationQuerySchema = z.strictObject({
  plan: z.uuid({ error: 'must be a plan id' }).optional(),
  unit: z.string().trim().min(1).max(64).optional(),
  level: z.coerce.number().int().min(1).max(5).optional(),
  open: z.enum(['true', 'false']).transform((value) => value === 'true').optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type EscalationQuery = z.infer<typeof escalationQuerySchema>;

/**
 * Escalations, the highest and oldest first, filtered by plan, unit (id or code), level, open
 * or resolved, among the assignments the caller may see.
 */
export async function listEscalations(deps: EngineDeps, query: EscalationQuery, visible: Prisma.AssignmentWhereInput, now = new Date()) {
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
    /** Whole days since the deadline passed, as of the answer. */
    daysOverdue: Math.max(0, Math.floor((now.getTime() - escalation.overdueSince.getTime()) / 86_400_000)),
    raisedAt: escalation.raisedAt.toISOString(),
    notified: escalation.notified,
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
