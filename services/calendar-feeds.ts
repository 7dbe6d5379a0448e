/**
 * iCalendar feeds (RFC 5545) of open deadlines that Outlook, Thunderbird and Google Calendar
 * subscribe to: one for an account's work, or one for a unit's. A calendar program cannot sign
 * in, so the feed's URL carries a secret of its own — never the sign-in token — kept hashed,
 * shown once, and revocable.
 */
import { assignmentPageLink } from '../domain/page-links';
import { randomBytes, randomUUID } from 'node:crypto';
import ical, { ICalAlarmType } from 'ical-generator';
import { z } from 'zod';
import type { Prisma, PrismaClient } from '../db/prisma';
import { recordAudit } from '../db/audit';
import { decide, type Actor, type Principal } from '../domain/access';
import { assignmentStatuses, isTerminal } from '../domain/assignment-status';
import { addDays, localDate, TIME_ZONE } from '../domain/calendar';
import { ForbiddenError, NotFoundError } from '../platform/errors';
import { sha256 } from './accounts';
import { unitScope } from './scopes';
import { unitSubtree } from './unit-tree';

const TOKEN_PREFIX = 'pecal_';
/** A feed lists at most this many deadlines, the soonest first: a calendar program reads it whole, often. */
const FEED_LIMIT = 2_000;

export const calendarFeedBodySchema = z.strictObject({
  /** A unit's code for that unit's feed; left out for one's own work. */
  unit: z.string().trim().min(1).max(64).optional(),
});

export const calendarFeedSchema = z.object({
  id: z.uuid(),
  unit: z.object({ code: z.string(), name: z.string() }).nullable(),
  createdAt: z.iso.datetime(),
  revokedAt: z.iso.datetime().nullable(),
});
/** The feed just made, with the address to subscribe to: shown this once. */
export const createdCalendarFeedSchema = calendarFeedSchema.extend({ url: z.url().nullable() });
export const calendarFeedListSchema = z.object({ items: z.array(calendarFeedSchema) });

const feedView = (row: { id: string; createdAt: Date; revokedAt: Date | null; unit: { code: string; name: string } | null }) => ({
  id: row.id,
  unit: row.unit ? { code: row.unit.code, name: row.unit.name } : null,
  createdAt: row.createdAt.toISOString(),
  revokedAt: row.revokedAt?.toISOString() ?? null,
});

async function ownAccount(db: PrismaClient, principal: Principal) {
  const row = await db.account.findUnique({ where: { id: principal.id }, select: { id: true } });
  if (!row) throw new ForbiddenError('an API key has no account: only a person signed in has a calendar feed', {}, 'Khóa API không có tài khoản nên không có lịch.');
  return row.id;
}

/** Makes a feed of one's own work, or of a unit's work one may see; answers its address once. */
export async function createCalendarFeed(db: PrismaClient, principal: Principal, body: z.infer<typeof calendarFeedBodySchema>, publicUrl: string, actor: Actor) {
  const accountId = await ownAccount(db, principal);
  let unitId: string | null = null;
  if (body.unit !== undefined) {
    const scope = await unitScope(db, body.unit);
    const decision = decide(principal, 'work.read', { ...scope, name: `unit ${body.unit}` });
    if (!decision.allowed) throw new NotFoundError(`unit ${body.unit} does not exist`, {}, 'Không tìm thấy đơn vị này.');
    unitId = scope.ownerPath!.at(-1)!;
  }
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const id = randomUUID();
  return db.$transaction(async (tx) => {
    const row = await tx.calendarFeed.create({ data: { id, tokenHash: sha256(token).toString('hex'), accountId, unitId }, include: { unit: true } });
    await recordAudit(tx, { actor, action: 'calendar_feed.created', entityType: 'account', entityId: accountId, after: { feed: id, unit: row.unit?.code ?? null } });
    return { ...feedView(row), url: new URL(`/calendar/${token}.ics`, publicUrl).toString() };
  });
}

export async function listCalendarFeeds(db: PrismaClient, principal: Principal) {
  const accountId = await ownAccount(db, principal);
  const rows = await db.calendarFeed.findMany({ where: { accountId }, include: { unit: true }, orderBy: { createdAt: 'desc' } });
  return { items: rows.map(feedView) };
}

/** Revokes one of one's feeds: its address answers 404 from now on. */
export async function revokeCalendarFeed(db: PrismaClient, principal: Principal, id: string, actor: Actor): Promise<void> {
  const accountId = await ownAccount(db, principal);
  await db.$transaction(async (tx) => {
    const row = await tx.calendarFeed.findFirst({ where: { id, accountId } });
    if (!row) throw new NotFoundError(`calendar feed ${id} does not exist`, {}, 'Không tìm thấy lịch này.');
    if (row.revokedAt) return;
    await tx.calendarFeed.update({ where: { id }, data: { revokedAt: new Date() } });
    await recordAudit(tx, { actor, action: 'calendar_feed.revoked', entityType: 'account', entityId: accountId, before: { feed: id }, after: { feed: id, revoked: true } });
  });
}

/**
 * The feed behind a URL's secret, as iCalendar text: an all-day event on each open deadline
 * with a reminder the morning before, the plan and task in its text and a link to its page. A
 * secret unknown, revoked, or of an account no longer active — or no longer allowed to see the
 * unit — finds nothing.
 */
export async function calendarFeedText(db: PrismaClient, token: string, publicUrl: string): Promise<string> {
  const feed = token.startsWith(TOKEN_PREFIX)
    ? await db.calendarFeed.findUnique({ where: { tokenHash: sha256(token).toString('hex') }, include: { account: true, unit: true } })
    : null;
  if (!feed || feed.revokedAt || !feed.account.active) throw new NotFoundError('this calendar does not exist or was revoked', {}, 'Lịch này không tồn tại hoặc đã bị thu hồi.');
  const { account } = feed;
  let where: Prisma.AssignmentWhereInput;
  if (feed.unit) {
    const scope = await unitScope(db, feed.unit.id);
    if (!decide({ id: account.id, name: account.displayName, role: account.role, unitId: account.unitId }, 'work.read', scope).allowed) {
      throw new NotFoundError('this calendar does not exist or was revoked', {}, 'Lịch này không tồn tại hoặc đã bị thu hồi.');
    }
    where = { unitId: feed.unit.id };
  } else if (account.unitId === null) {
    where = { id: { in: [] } };
  } else {
    // One's own work: what one's unit owes, and for a department's head what it assigned.
    where = account.role === 'department_head' ? { OR: [{ unitId: account.unitId }, { task: { plan: { assigningUnitId: { in: await unitSubtree(db, account.unitId) } } } }] } : { unitId: account.unitId };
  }
  const work = await db.assignment.findMany({
    where: { AND: [where, { status: { in: assignmentStatuses.filter((status) => !isTerminal(status)) } }] },
    include: { unit: true, task: { include: { plan: true } } },
    orderBy: [{ deadline: 'asc' }, { id: 'asc' }],
    take: FEED_LIMIT,
  });
  const title = feed.unit ? `Hạn công việc – ${feed.unit.name}` : `Hạn công việc – ${account.displayName}`;
  const calendar = ical({ name: title, prodId: { company: 'plan-engine', product: 'deadlines', language: 'VI' }, timezone: TIME_ZONE, ttl: 60 * 60 });
  for (const assignment of work) {
    const link = assignmentPageLink(publicUrl, assignment.id);
    const day = localDate(assignment.deadline);
    const plan = assignment.task.plan;
    const event = calendar.createEvent({
      id: `assignment-${assignment.id}@plan-engine`,
      // An all-day event is written as its date: midnight UTC of the deadline's day in Vietnam.
      start: new Date(`${day}T00:00:00Z`),
      end: new Date(`${addDays(day, 1)}T00:00:00Z`),
      allDay: true,
      summary: `Hạn: ${assignment.task.code} – ${assignment.task.title} (${assignment.unit.name})`,
      description: [`Kế hoạch số ${plan.code}: ${plan.title}`, `Nhiệm vụ ${assignment.task.code}: ${assignment.task.title}`, `Đơn vị thực hiện: ${assignment.unit.name}`, `Xem chi tiết: ${link}`].join('\n'),
      url: link,
    });
    // The morning before the deadline's day, at 08:00.
    event.createAlarm({ type: ICalAlarmType.display, trigger: 16 * 60 * 60, description: `Ngày mai đến hạn: ${assignment.task.code} – ${assignment.task.title}` });
  }
  return calendar.toString();
}
