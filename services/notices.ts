/**
 * An account's notices as its notification centre shows them (what was mailed to it, or waits
 * for its digest), and how it wants to be told (domain/notice-delivery.ts).
 */
import { z } from 'zod';
import type { PrismaClient } from '../db/prisma';
import { recordAudit } from '../db/audit';
import type { Actor, Principal } from '../domain/access';
import { noticeKinds, noticeModes, noticeSettingsSchema, settingsOf, type NoticeSettings, type NoticeSettingsChange } from '../domain/notice-delivery';
import { ForbiddenError, NotFoundError } from '../platform/errors';

export const noticeListQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  /** The id of the last notice of the page before: the list goes on with older ones. */
  before: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
  unread: z.stringbool().optional(),
});

const noticeItemSchema = z.object({
  id: z.number().int(),
  kind: z.enum(['reminder', 'escalation', 'amendment']),
  level: z.number().int().nullable(),
  /** `sent`; `queued` while it waits for the digest at `deliverAfter`; `pending` or `skipped` when mail could not go out. */
  status: z.string(),
  createdAt: z.iso.datetime(),
  deliverAfter: z.iso.datetime().nullable(),
  readAt: z.iso.datetime().nullable(),
  assignment: z.object({ id: z.uuid(), status: z.string(), deadline: z.iso.datetime() }),
  unit: z.object({ code: z.string(), name: z.string() }),
  task: z.object({ code: z.string(), title: z.string() }),
  plan: z.object({ id: z.uuid(), code: z.string(), title: z.string() }),
});

export const noticeListSchema = z.object({
  items: z.array(noticeItemSchema),
  unread: z.number().int(),
  /** The `before` of the next page, or null at the oldest. */
  next: z.number().int().nullable(),
});

export const readAllBodySchema = z.strictObject({});
export const readAllAnswerSchema = z.object({ marked: z.number().int() });

export const noticeSettingsViewSchema = noticeSettingsSchema.extend({ kinds: z.array(z.enum(noticeKinds)), modesAvailable: z.array(z.enum(noticeModes)) });

async function ownAccountId(db: PrismaClient, principal: Principal): Promise<string> {
  const row = await db.account.findUnique({ where: { id: principal.id }, select: { id: true } });
  if (!row) throw new ForbiddenError('an API key has no account: only a person signed in has notices', {}, 'Khóa API không có tài khoản nên không có thông báo.');
  return row.id;
}

/** The account's notices, the newest first, a page at a time by id (fast for an account with thousands). */
export async function listNotices(db: PrismaClient, principal: Principal, query: z.infer<typeof noticeListQuerySchema>): Promise<z.infer<typeof noticeListSchema>> {
  const accountId = await ownAccountId(db, principal);
  const mine = { accountId, kind: { not: 'digest' }, channel: 'email' };
  const [rows, unread] = await Promise.all([
    db.notification.findMany({
      where: { ...mine, ...(query.before !== undefined && { id: { lt: BigInt(query.before) } }), ...(query.unread !== undefined && { readAt: query.unread ? null : { not: null } }) },
      orderBy: { id: 'desc' },
      take: query.limit + 1,
      include: { assignment: { include: { unit: true, task: { include: { plan: true } } } } },
    }),
    db.notification.count({ where: { ...mine, readAt: null } }),
  ]);
  const page = rows.slice(0, query.limit);
  return {
    unread,
    next: rows.length > query.limit ? Number(page.at(-1)!.id) : null,
    items: page.map((row) => ({
      id: Number(row.id),
      kind: row.kind as 'reminder' | 'escalation' | 'amendment',
      level: row.level,
      status: row.status,
      createdAt: row.createdAt.toISOString(),
      deliverAfter: row.deliverAfter?.toISOString() ?? null,
      readAt: row.readAt?.toISOString() ?? null,
      assignment: { id: row.assignment.id, status: row.assignment.status, deadline: row.assignment.deadline.toISOString() },
      unit: { code: row.assignment.unit.code, name: row.assignment.unit.name },
      task: { code: row.assignment.task.code, title: row.assignment.task.title },
      plan: { id: row.assignment.task.plan.id, code: row.assignment.task.plan.code, title: row.assignment.task.plan.title },
    })),
  };
}

/** Marks one of the account's notices read; another account's notice is answered as missing. */
export async function markNoticeRead(db: PrismaClient, principal: Principal, id: number): Promise<void> {
  const accountId = await ownAccountId(db, principal);
  const { count } = await db.notification.updateMany({ where: { id: BigInt(id), accountId, kind: { not: 'digest' } }, data: { readAt: new Date() } });
  if (count === 0 && (await db.notification.count({ where: { id: BigInt(id), accountId } })) === 0) {
    throw new NotFoundError(`notice ${id} does not exist`, {}, 'Không tìm thấy thông báo này.');
  }
}

export async function markAllNoticesRead(db: PrismaClient, principal: Principal): Promise<{ marked: number }> {
  const accountId = await ownAccountId(db, principal);
  const { count } = await db.notification.updateMany({ where: { accountId, kind: { not: 'digest' }, readAt: null }, data: { readAt: new Date() } });
  return { marked: count };
}

const settingsView = (settings: NoticeSettings) => ({ ...settings, kinds: [...noticeKinds], modesAvailable: [...noticeModes] });

export async function noticeSettings(db: PrismaClient, principal: Principal): Promise<z.infer<typeof noticeSettingsViewSchema>> {
  const accountId = await ownAccountId(db, principal);
  return settingsView(settingsOf(await db.noticeSettings.findUnique({ where: { accountId } })));
}

/** Changes what the request names; the rest stays as it was (or the default). */
export async function updateNoticeSettings(db: PrismaClient, principal: Principal, change: NoticeSettingsChange, actor: Actor): Promise<z.infer<typeof noticeSettingsViewSchema>> {
  const accountId = await ownAccountId(db, principal);
  return db.$transaction(async (tx) => {
    const stored = await tx.noticeSettings.findUnique({ where: { accountId } });
    const before = settingsOf(stored);
    const after: NoticeSettings = { ...before, ...change, modes: { ...before.modes, ...change.modes } };
    const row = { modes: after.modes, digestTime: after.digestTime, urgentOnDaysOff: after.urgentOnDaysOff, copyWhenDelegated: after.copyWhenDelegated, updatedAt: new Date() };
    await tx.noticeSettings.upsert({ where: { accountId }, create: { accountId, ...row }, update: row });
    await recordAudit(tx, { actor, action: 'account.notice_settings_changed', entityType: 'account', entityId: accountId, before, after });
    return settingsView(after);
  });
}
