/**
 * Deputies and acting heads (domain/delegations.ts): naming one for a period, ending one early,
 * listing them, and what an account stands in for now.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Prisma, PrismaClient } from '../db/prisma';
import { recordAudit } from '../db/audit';
import type { ActingFor, Actor, Principal, Role } from '../domain/access';
import { delegationHolds, delegationKinds, delegationLabel, type DelegationBody } from '../domain/delegations';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../platform/errors';

/** Roles that head a unit and may hand its authority on. */
const headRoles: readonly Role[] = ['department_head', 'unit_head'];

export const delegationSchema = z.object({
  id: z.uuid(),
  kind: z.enum(delegationKinds),
  /** "KT. Giám đốc", "Q. Giám đốc". */
  label: z.string(),
  title: z.string(),
  reason: z.string(),
  unit: z.object({ code: z.string(), name: z.string() }),
  head: z.object({ id: z.uuid(), displayName: z.string() }),
  deputy: z.object({ id: z.uuid(), displayName: z.string() }),
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  endedAt: z.iso.datetime().nullable(),
  /** Whether it holds now. */
  active: z.boolean(),
});
export const delegationListSchema = z.object({ items: z.array(delegationSchema) });

/** Who a head may name: the other active accounts of its unit. */
export const colleagueListSchema = z.object({ items: z.array(z.object({ id: z.uuid(), displayName: z.string(), role: z.string() })) });

export async function colleaguesOf(db: PrismaClient, principal: Principal): Promise<z.infer<typeof colleagueListSchema>> {
  if (!principal.unitId) return { items: [] };
  const rows = await db.account.findMany({
    where: { unitId: principal.unitId, active: true, id: { not: principal.id } },
    select: { id: true, displayName: true, role: true },
    orderBy: { displayName: 'asc' },
  });
  return { items: rows };
}

const include = { unit: true, head: true, deputy: true } as const;
type Row = NonNullable<Awaited<ReturnType<PrismaClient['delegation']['findFirst']>>> & {
  unit: { code: string; name: string };
  head: { id: string; displayName: string };
  deputy: { id: string; displayName: string };
};

const view = (row: Row, now = new Date()): z.infer<typeof delegationSchema> => ({
  id: row.id,
  kind: row.kind as (typeof delegationKinds)[number],
  label: delegationLabel(row.kind, row.title),
  title: row.title,
  reason: row.reason,
  unit: { code: row.unit.code, name: row.unit.name },
  head: { id: row.head.id, displayName: row.head.displayName },
  deputy: { id: row.deputy.id, displayName: row.deputy.displayName },
  from: row.startsAt.toISOString(),
  to: row.endsAt.toISOString(),
  endedAt: row.endedAt?.toISOString() ?? null,
  active: delegationHolds(row, now),
});

/** A head (or an admin, for any head) names a deputy or an acting head from the head's own unit. */
export async function createDelegation(db: PrismaClient, principal: Principal, body: DelegationBody, actor: Actor) {
  if (principal.role !== 'admin' && body.head !== undefined && body.head !== principal.id) {
    throw new ForbiddenError("only an administrator names another head's deputy", {}, 'Chỉ quản trị viên được cử người thay cho thủ trưởng khác.');
  }
  const headId = body.head ?? principal.id;
  const [head, deputy] = await Promise.all([
    db.account.findUnique({ where: { id: headId }, include: { unit: true } }),
    db.account.findUnique({ where: { id: body.deputy } }),
  ]);
  if (!head?.active || !head.unit || !headRoles.includes(head.role)) {
    throw new ValidationError('the head must be an active unit or department head', [{ path: 'head', message: 'must be an active unit or department head', vi: 'phải là thủ trưởng đơn vị đang hoạt động' }]);
  }
  if (!deputy?.active || deputy.unitId !== head.unitId || deputy.id === head.id) {
    throw new ValidationError("the deputy must be another active account of the head's unit", [
      { path: 'deputy', message: "must be another active account of the head's unit", vi: 'phải là tài khoản khác đang hoạt động của cùng đơn vị' },
    ]);
  }
  const startsAt = new Date(body.from);
  const endsAt = new Date(body.to);
  const overlapping = await db.delegation.count({ where: { headId, endedAt: null, startsAt: { lt: endsAt }, endsAt: { gt: startsAt } } });
  if (overlapping > 0) {
    throw new ConflictError('the head already has a deputy for part of this period', {}, 'Thủ trưởng đã cử người thay trong một phần thời gian này; hãy kết thúc ủy quyền đó trước.');
  }
  const id = randomUUID();
  const title = body.title ?? head.unit.headName ?? `Thủ trưởng ${head.unit.name}`;
  return db.$transaction(async (tx) => {
    const row = await tx.delegation.create({
      data: { id, unitId: head.unit!.id, headId, deputyId: deputy.id, kind: body.kind, title, reason: body.reason, startsAt, endsAt, createdBy: actor.id },
      include,
    });
    await recordAudit(tx, { actor, action: 'delegation.created', entityType: 'delegation', entityId: id, after: view(row) });
    return view(row);
  });
}

/** Ends a delegation before its end: the head, its deputy or an admin. */
export async function endDelegation(db: PrismaClient, principal: Principal, id: string, actor: Actor) {
  const row = await db.delegation.findUnique({ where: { id }, include });
  if (!row || (principal.role !== 'admin' && principal.id !== row.headId && principal.id !== row.deputyId)) {
    throw new NotFoundError(`delegation ${id} does not exist`, {}, 'Không tìm thấy ủy quyền này.');
  }
  const now = new Date();
  if (row.endedAt !== null || row.endsAt <= now) throw new ConflictError('the delegation has ended already', {}, 'Ủy quyền này đã kết thúc.');
  return db.$transaction(async (tx) => {
    const ended = await tx.delegation.update({ where: { id }, data: { endedAt: now }, include });
    await recordAudit(tx, { actor, action: 'delegation.ended', entityType: 'delegation', entityId: id, before: view(row, now), after: view(ended, now) });
    return view(ended, now);
  });
}

/** The delegations one is head or deputy in (an admin: all), the latest first. */
export async function listDelegations(db: PrismaClient, principal: Principal) {
  const rows = await db.delegation.findMany({
    where: principal.role === 'admin' ? {} : { OR: [{ headId: principal.id }, { deputyId: principal.id }] },
    include,
    orderBy: { startsAt: 'desc' },
    take: 200,
  });
  return { items: rows.map((row) => view(row)) };
}

/**
 * The delegations that may make an account act for a head at `now`, read with the account
 * itself (its `actingFor` relation), so signing in costs one query; `headsActedFor` keeps those
 * that hold.
 */
export const actingForDelegations = (now: Date) =>
  ({
    where: { startsAt: { lte: now }, endsAt: { gt: now }, endedAt: null, head: { active: true } },
    select: { unitId: true, kind: true, title: true, head: { select: { role: true, unitId: true } } },
  }) satisfies Prisma.Account$actingForArgs;

/**
 * The heads an account of `deputyUnitId` stands in for, with their role in the delegation's
 * unit and how it signs. A delegation holds only while the head is still a head of that unit and
 * the deputy still in it: a head moved, promoted or made an admin hands on nothing from the new post.
 */
export function headsActedFor(
  deputyUnitId: string | null,
  delegations: { unitId: string; kind: string; title: string; head: { role: Role; unitId: string | null } }[],
): ActingFor[] {
  return delegations.flatMap((row) =>
    headRoles.includes(row.head.role) && row.head.unitId === row.unitId && deputyUnitId === row.unitId
      ? [{ role: row.head.role, unitId: row.unitId, label: delegationLabel(row.kind, row.title) }]
      : [],
  );
}
