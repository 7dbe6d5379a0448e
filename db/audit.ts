/**
 * The audit trail: who changed what, when, from which state to which, under which request
 * (the engine's own request id, and the caller's X-Request-Id beside it). Written in the same
 * transaction as the change it records; never updated, deleted or truncated.
 */
import type { Actor } from '../domain/access';
import type { Prisma, PrismaClient } from './prisma';

export const auditedEntities = ['plan', 'task', 'assignment', 'activity', 'extension', 'escalation', 'proposal', 'unit', 'account', 'api_key', 'plan_draft', 'plan_amendment', 'file', 'delegation'] as const;
export type AuditedEntity = (typeof auditedEntities)[number];

export interface AuditRecord {
  /** Set when a retried activity may record the same change again. */
  key?: string;
  actor: Actor;
  action: string;
  entityType: AuditedEntity;
  entityId: string;
  before?: unknown;
  after?: unknown;
  at?: Date;
}

type Writer = Pick<PrismaClient, 'auditEntry'> | Prisma.TransactionClient;

const json = (value: unknown) => (value === undefined || value === null ? undefined : (value as Prisma.InputJsonValue));

export async function recordAudit(db: Writer, ...records: AuditRecord[]): Promise<void> {
  await db.auditEntry.createMany({
    data: records.map((record) => ({
      key: record.key ?? null,
      at: record.at ?? new Date(),
      actorId: record.actor.id,
      actorName: record.actor.name,
      actorRole: record.actor.role,
      requestId: record.actor.requestId ?? null,
      callerRequestId: record.actor.callerRequestId ?? null,
      action: record.action,
      entityType: record.entityType,
      entityId: record.entityId,
      before: json(record.before),
      after: json(record.after),
    })),
    skipDuplicates: true,
  });
}
