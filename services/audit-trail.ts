/** Reading the audit trail (db/audit.ts writes it): filters, pages and the answer's shape. */
import { z } from 'zod';
import { auditedEntities, type AuditedEntity } from '../db/audit';
import type { Prisma, PrismaClient } from '../db/prisma';

export const auditQuerySchema = z.strictObject({
  /** An entity's id (or a unit's code), optionally with its type: `assignment:<id>`. */
  entity: z.string().trim().min(1).max(120).optional(),
  type: z.enum(auditedEntities).optional(),
  actor: z.string().trim().min(1).max(64).optional(),
  action: z.string().trim().min(1).max(64).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

export const auditEntrySchema = z.object({
  /** Entries are numbered in the order they were written. */
  id: z.string(),
  at: z.iso.datetime(),
  actor: z.object({ id: z.string(), name: z.string(), role: z.string() }),
  /** The engine's own id of the request that made the change, and the caller's X-Request-Id beside it. */
  requestId: z.string().nullable(),
  callerRequestId: z.string().nullable(),
  action: z.string(),
  entity: z.object({ type: z.enum(auditedEntities), id: z.string() }),
  before: z.unknown(),
  after: z.unknown(),
});
export const auditListSchema = z.object({ items: z.array(auditEntrySchema), total: z.number().int(), limit: z.number().int(), offset: z.number().int() });

export async function listAudit(db: PrismaClient, query: AuditQuery): Promise<z.infer<typeof auditListSchema>> {
  const [typed, id] = query.entity?.includes(':') ? query.entity.split(':', 2) : [undefined, query.entity];
  const where: Prisma.AuditEntryWhereInput = {
    ...(id && { entityId: id }),
    ...((query.type ?? typed) && { entityType: query.type ?? typed }),
    ...(query.actor && { actorId: query.actor }),
    ...(query.action && { action: query.action }),
    ...((query.from || query.to) && { at: { ...(query.from && { gte: new Date(query.from) }), ...(query.to && { lt: new Date(query.to) }) } }),
  };
  const [rows, total] = await Promise.all([
    db.auditEntry.findMany({ where, orderBy: [{ at: 'desc' }, { id: 'desc' }], take: query.limit, skip: query.offset }),
    db.auditEntry.count({ where }),
  ]);
  return {
    total,
    limit: query.limit,
    offset: query.offset,
    items: rows.map((row) => ({
      id: row.id.toString(),
      at: row.at.toISOString(),
      actor: { id: row.actorId, name: row.actorName, role: row.actorRole },
      requestId: row.requestId,
      callerRequestId: row.callerRequestId,
      action: row.action,
      entity: { type: row.entityType as AuditedEntity, id: row.entityId },
      before: row.before,
      after: row.after,
    })),
  };
}
