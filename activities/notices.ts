/**
 * Reminders and escalations. The workflow decides when; these activities decide who is
 * told and tell them once: every notice has a key (assignment, deadline in force, kind,
 * level, channel, recipient) recorded in `notifications`, and a notice already sent is
 * never sent again, whether the activity is retried, the worker restarted or the workflow
 * replayed.
 */
import { randomUUID } from 'node:crypto';
import { Context } from '@temporalio/activity';
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { PrismaClient } from '../generated/prisma/client';
import { isTerminal, type AssignmentStatus } from '../domain/assignment-status';
import { localDate } from '../domain/calendar';
import { systemActor } from '../domain/access';
import { ladderFor, noticeSchedule, planLadderSchema, type EscalationTarget, type LadderDays, type PlanLadder, type ScheduledNotice } from '../domain/escalation-policy';
import { failureTypes } from '../domain/failure-types';
import type { TaskKind } from '../domain/plan-definition';
import type { Calendar } from '../domain/working-calendar';
import type { Channels } from './channels';
import { createAnswerCache } from '../platform/answer-cache';
import { recordAudit } from '../db/audit';
import { assignmentPageLink, pageLink } from '../domain/page-links';
import { amendmentMessage, digestMessage, escalationMessage, reminderMessage, standingInFor, type Message, type NoticeFacts } from './notice-text';
import { delegationLabel } from '../domain/delegations';
import { digestGroups, noticeDelivery, noticeKindOf, settingsOf, type NoticeSettings } from '../domain/notice-delivery';
import { digestScheduleId, noticeDigestWorkflowType } from '../domain/workflow-ids';
import { amendmentSummary } from '../domain/plan-amendments';
import { loadAmendmentWork } from './amendments';

/** Every notice of the deadline in force, at absolute instants: the workflow keeps those still due. */
export interface NoticeSchedule {
  deadlineVersion: number;
  notices: ScheduledNotice[];
}

export interface Delivered {
  channel: 'email' | 'webhook';
  recipient: string;
  /** `queued`: waiting for the recipient's daily digest. */
  status: 'sent' | 'skipped' | 'queued';
}

/** An address some account holds, with how that account wants to be told. */
interface Addressee {
  accountId: string;
  settings: NoticeSettings;
}


export function createNoticeActivities(db: PrismaClient, calendar: Calendar, channels: Channels, publicUrl: string, ladderDays: LadderDays) {
  async function factsOf(assignmentId: string) {
    const row = await db.assignment.findUnique({
      where: { id: assignmentId },
      include: {
        unit: true,
        task: { include: { plan: { include: { issuingUnit: true, assigningUnit: true } } } },
      },
    });
    if (!row) throw ApplicationFailure.nonRetryable(`assignment ${assignmentId} does not exist`, failureTypes.notFound);
    const facts: NoticeFacts = {
      unit: row.unit,
      task: row.task,
      plan: row.task.plan,
      deadline: row.deadline,
      link: assignmentPageLink(publicUrl, row.id),
    };
    return { row, facts };
  }

  /** The accounts holding these addresses (the oldest, where several share one), with their notice settings. */
  async function addresseesOf(addresses: string[]): Promise<Map<string, Addressee>> {
    if (addresses.length === 0) return new Map();
    const rows = await db.$queryRaw<{ address: string; accountId: string; modes: unknown; digestTime: string | null; urgentOnDaysOff: boolean | null; copyWhenDelegated: boolean | null }[]>`
      SELECT DISTINCT ON (lower(a.email)) lower(a.email) AS address, a.id::text AS "accountId", s.modes, s.digest_time AS "digestTime",
             s.urgent_on_days_off AS "urgentOnDaysOff", s.copy_when_delegated AS "copyWhenDelegated"
        FROM accounts a LEFT JOIN notice_settings s ON s.account_id = a.id
       WHERE a.active AND lower(a.email) = ANY(${addresses.map((address) => address.toLowerCase())}::text[])
       ORDER BY lower(a.email), a.created_at`;
    return new Map(rows.map((row) => [row.address, { accountId: row.accountId, settings: settingsOf(row) }]));
  }

  /**
   * A head's address, while a deputy or acting head stands in for the head, becomes the deputy's
   * (and stays beside it when the head asked to be copied, copyWhenDelegated); each deputy's
   * address with how it stands in ("KT. Giám đốc").
   */
  async function withDeputies(addresses: string[], now: Date): Promise<{ addresses: string[]; standingIn: Map<string, string> }> {
    const standingIn = new Map<string, string>();
    if (addresses.length === 0) return { addresses, standingIn };
    const stand = await db.$queryRaw<{ address: string; deputy: string; copyHead: boolean; kind: string; title: string }[]>`
      SELECT lower(h.email) AS address, d.email AS deputy, coalesce(s.copy_when_delegated, false) AS "copyHead", g.kind, g.title
        FROM delegations g
        JOIN accounts h ON h.id = g.head_id
        JOIN accounts d ON d.id = g.deputy_id
        LEFT JOIN notice_settings s ON s.account_id = h.id
       WHERE lower(h.email) = ANY(${addresses.map((address) => address.toLowerCase())}::text[]) AND h.active AND d.active AND d.email IS NOT NULL
         AND g.starts_at <= ${now} AND g.ends_at > ${now} AND g.ended_at IS NULL`;
    if (stand.length === 0) return { addresses, standingIn };
    for (const row of stand) standingIn.set(row.deputy.toLowerCase(), delegationLabel(row.kind, row.title));
    const redirected = addresses.flatMap((address) => {
      const deputies = stand.filter((row) => row.address === address.toLowerCase());
      if (deputies.length === 0) return [address];
      return [...deputies.map((row) => row.deputy), ...(deputies.some((row) => row.copyHead) ? [address] : [])];
    });
    return { addresses: [...new Set(redirected)], standingIn };
  }

  /** How often the digest round runs: every office minute, and never more than once a second. */
  const digestRoundEvery = Math.max(1_000, Math.round(ladderDays.at('2000-01-03', '00:01') - ladderDays.at('2000-01-03', '00:00')));
  let digestScheduleReady: Promise<void> | undefined;
  /** Creates the schedule of digest rounds the first time this worker queues a notice; one already there is kept. */
  function ensureDigestSchedule(): Promise<void> {
    digestScheduleReady ??= (async () => {
      const context = Context.current();
      const { taskQueue } = context.info;
      try {
        await context.client.schedule.create({
          scheduleId: digestScheduleId(taskQueue),
          spec: { intervals: [{ every: digestRoundEvery }] },
          action: { type: 'startWorkflow', workflowType: noticeDigestWorkflowType, workflowId: digestScheduleId(taskQueue), taskQueue, args: [] },
          policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
        });
      } catch (error) {
        if (!(error instanceof ScheduleAlreadyRunning)) throw error;
      }
    })().catch((error: unknown) => {
      digestScheduleReady = undefined;
      throw error;
    });
    return digestScheduleReady;
  }

  /**
   * Sends a message to each recipient and the webhook, skipping what was sent before. A head
   * standing delegated is replaced by its deputy; a mail to an address an account holds goes out
   * now or waits for that account's digest, as its settings and the office calendar say
   * (domain/notice-delivery.ts). `routed: false` sends to the recipients as given, now.
   */
  async function deliverOnce(
    assignmentId: string,
    noticeKey: string,
    notice: { kind: 'reminder' | 'escalation' | 'amendment' | 'digest'; level?: number },
    message: Message,
    recipients: string[],
    webhookPayload: unknown,
    { routed }: { routed: boolean } = { routed: true },
  ): Promise<Delivered[]> {
    const now = Date.now();
    const { addresses, standingIn } = routed ? await withDeputies(recipients, new Date(now)) : { addresses: recipients, standingIn: new Map<string, string>() };
    const deliveries = [
      ...addresses.map((recipient) => ({ channel: 'email' as const, recipient })),
      { channel: 'webhook' as const, recipient: 'webhook' },
    ];
    const keyOf = ({ channel, recipient }: { channel: string; recipient: string }) => `${noticeKey}:${channel}:${recipient}`;
    const addressees = routed ? await addresseesOf(addresses) : new Map<string, Addressee>();
    const routing = (recipient: string) => {
      const addressee = addressees.get(recipient.toLowerCase());
      if (!addressee || notice.kind === 'digest') return { accountId: addressee?.accountId ?? null };
      const delivery = noticeDelivery(noticeKindOf(notice.kind, notice.level), addressee.settings, now, calendar, ladderDays);
      return delivery.at === 'now' ? { accountId: addressee.accountId } : { accountId: addressee.accountId, status: 'queued', deliverAfter: new Date(delivery.digestAt) };
    };
    const rows = deliveries.map(({ channel, recipient }) => ({
      key: keyOf({ channel, recipient }),
      assignmentId,
      kind: notice.kind,
      level: notice.level ?? null,
      channel,
      recipient,
      ...(channel === 'email' && routing(recipient)),
    }));
    await db.notification.createMany({ data: rows, skipDuplicates: true });
    const recordedStatus = new Map(
      (await db.notification.findMany({ where: { key: { in: deliveries.map(keyOf) } }, select: { key: true, status: true } })).map((row) => [row.key, row.status]),
    );
    const delivered: Delivered[] = [];
    const failures: string[] = [];
    for (const { channel, recipient } of deliveries) {
      const key = keyOf({ channel, recipient });
      const status = recordedStatus.get(key);
      if (status === 'sent' || status === 'skipped' || status === 'queued') {
        if (status === 'queued') await ensureDigestSchedule();
        delivered.push({ channel, recipient, status });
        continue;
      }
      const send =
        channel === 'email'
          ? channels.email && (() => channels.email!({ to: recipient, ...standingInFor(message, standingIn.get(recipient.toLowerCase())), messageId: `${key}@plan-engine` }))
          : channels.webhook && (() => channels.webhook!(key, webhookPayload));
      if (!send) {
        await db.notification.update({ where: { key }, data: { status: 'skipped', lastError: `no ${channel} channel configured` } });
        delivered.push({ channel, recipient, status: 'skipped' });
        continue;
      }
      try {
        await send();
        await db.notification.update({ where: { key }, data: { status: 'sent', sentAt: new Date(), attempts: { increment: 1 } } });
        delivered.push({ channel, recipient, status: 'sent' });
      } catch (error) {
        const reason = (error as Error).message;
        await db.notification.update({ where: { key }, data: { attempts: { increment: 1 }, lastError: reason } });
        failures.push(`${channel} to ${recipient}: ${reason}`);
      }
    }
    // What was sent stays sent; the activity's retry sends only what failed.
    if (failures.length > 0) throw new Error(`notice ${noticeKey} not delivered: ${failures.join('; ')}`);
    return delivered;
  }

  /** The head's address, else the unit's mailbox; nobody when the unit has neither. */
  const headOf = (unit: { email: string | null; headEmail: string | null } | null): string[] => {
    const address = unit?.headEmail ?? unit?.email;
    return address ? [address] : [];
  };

  /** The unit's own mailbox, else its head's. */
  const mailboxOf = (unit: { email: string | null; headEmail: string | null }): string[] => (unit.email ? [unit.email] : headOf(unit));

  type FactsRow = Awaited<ReturnType<typeof factsOf>>['row'];
  /** What every webhook says about the assignment a notice concerns. */
  const webhookSubject = (row: FactsRow) => ({
    assignment: { id: row.id, status: row.status, deadline: row.deadline.toISOString() },
    unit: { code: row.unit.code, name: row.unit.name },
    task: { code: row.task.code, title: row.task.title },
    plan: { code: row.task.plan.code, title: row.task.plan.title },
  });

  /**
   * Each plan's escalation policy, read and parsed once per worker and never aged: a plan's
   * definition is written when it is recorded and never changed, and a fan-out asks for it ten
   * thousand times. A failed read is not kept, so the activity's retry reads again.
   */
  const planLadders = createAnswerCache(Number.POSITIVE_INFINITY);
  const planLadder = (planId: string): Promise<PlanLadder | undefined> =>
    planLadders.get(`ladder|${planId}`, async () => {
      const { definition } = await db.plan.findUniqueOrThrow({ where: { id: planId }, select: { definition: true } });
      return planLadderSchema.optional().catch(undefined).parse((definition as { escalation?: unknown }).escalation);
    });

  /** An amendment's work, read once per worker for the hundreds of units it may tell: it never changes but for its outcome, which notices do not read. */
  const amendments = createAnswerCache(60);

  return {
    async loadNoticeSchedule({ assignmentId }: { assignmentId: string }): Promise<NoticeSchedule> {
      const row = await db.assignment.findUnique({
        where: { id: assignmentId },
        select: { deadline: true, deadlineVersion: true, task: { select: { kind: true, planId: true } } },
      });
      if (!row) throw ApplicationFailure.nonRetryable(`assignment ${assignmentId} does not exist`, failureTypes.notFound);
      const ladder = ladderFor(await planLadder(row.task.planId), row.task.kind as TaskKind);
      return { deadlineVersion: row.deadlineVersion, notices: noticeSchedule(row.deadline, ladder, ladderDays) };
    },

    async sendReminder({ assignmentId, deadlineVersion, index }: { assignmentId: string; deadlineVersion: number; index: number }): Promise<Delivered[]> {
      const { row, facts } = await factsOf(assignmentId);
      const recipients = mailboxOf(row.unit);
      const dueToday = localDate(new Date()) === localDate(row.deadline);
      return deliverOnce(assignmentId, `reminder:${assignmentId}:${deadlineVersion}:${index}`, { kind: 'reminder' }, reminderMessage(facts, dueToday), recipients, {
        event: 'assignment.reminder',
        ...webhookSubject(row),
      });
    },

    /** Raises one level of the ladder and tells its recipients; for work closed or given a new deadline meanwhile, nothing. */
    async raiseEscalation({
      assignmentId,
      deadlineVersion,
      level,
      target,
    }: {
      assignmentId: string;
      deadlineVersion: number;
      level: number;
      target: EscalationTarget;
    }): Promise<Delivered[]> {
      const { row, facts } = await factsOf(assignmentId);
      const plan = row.task.plan;
      const recipients = { 'unit-head': headOf(row.unit), 'assigner-head': headOf(plan.assigningUnit), 'plan-leaders': headOf(plan.issuingUnit) }[target];
      const now = new Date();
      const workingDaysOverdue = calendar.workingDaysAfter(localDate(row.deadline), localDate(now));
      const reason = `quá hạn ${workingDaysOverdue} ngày làm việc`;
      const key = `escalation:${assignmentId}:${deadlineVersion}:${level}`;
      const raised = await db.$transaction(async (tx) => {
        // Under the row lock every recorded transition takes: work that closed or got a new
        // deadline since the workflow scheduled this level is not escalated.
        const [current] = await tx.$queryRaw<{ status: AssignmentStatus; deadlineVersion: number }[]>`
          SELECT status::text AS status, deadline_version AS "deadlineVersion" FROM assignments WHERE id = ${assignmentId}::uuid FOR UPDATE`;
        if (!current || isTerminal(current.status) || current.deadlineVersion !== deadlineVersion) return false;
        await tx.escalation.createMany({
          data: [{ id: randomUUID(), assignmentId, deadlineVersion, level, target, reason, overdueSince: row.deadline, raisedAt: now }],
          skipDuplicates: true,
        });
        await tx.event.createMany({
          data: [{ key, planId: plan.id, assignmentId, type: 'assignment.escalated', data: { level, target, reason }, occurredAt: now }],
          skipDuplicates: true,
        });
        const escalation = await tx.escalation.findUniqueOrThrow({
          where: { assignmentId_deadlineVersion_level: { assignmentId, deadlineVersion, level } },
          select: { id: true, raisedAt: true },
        });
        await recordAudit(tx, {
          key,
          actor: systemActor,
          at: escalation.raisedAt,
          action: 'escalation.raised',
          entityType: 'escalation',
          entityId: escalation.id,
          after: { assignmentId, deadlineVersion, level, target, reason, open: true },
        });
        return true;
      });
      if (!raised) return [];
      const delivered = await deliverOnce(assignmentId, key, { kind: 'escalation', level }, escalationMessage(facts, level, target, workingDaysOverdue), recipients, {
        event: 'assignment.escalated',
        level,
        target,
        reason,
        ...webhookSubject(row),
      });
      await db.escalation.update({
        where: { assignmentId_deadlineVersion_level: { assignmentId, deadlineVersion, level } },
        data: { notified: delivered.map(({ channel, recipient, status }) => ({ channel, recipient, status })) },
      });
      return delivered;
    },

    /**
     * Tells one unit an amendment concerns (the `unitIndex`th it lists), once: one mail to the
     * unit and one webhook, listing its work as the amendment left it. Recorded against the
     * unit's first assignment concerned.
     */
    async sendAmendmentNotice({ amendmentId, unitIndex }: { amendmentId: string; unitIndex: number }): Promise<Delivered[]> {
      const { row, work } = await amendments.get(amendmentId, () => loadAmendmentWork(db, amendmentId));
      const told = work.notify[unitIndex];
      if (!told) throw ApplicationFailure.nonRetryable(`plan amendment ${amendmentId} tells no unit ${unitIndex}`, failureTypes.notFound);
      const [plan, unit, assignments] = await Promise.all([
        db.plan.findUniqueOrThrow({ where: { id: row.planId }, select: { code: true, title: true } }),
        db.unit.findUniqueOrThrow({ where: { id: told.unitId } }),
        db.assignment.findMany({ where: { id: { in: told.assignmentIds } }, include: { task: { select: { code: true, title: true } } }, orderBy: { deadline: 'asc' } }),
      ]);
      if (assignments.length === 0) return [];
      const summary = amendmentSummary(work.change);
      const link = assignments.length === 1 ? assignmentPageLink(publicUrl, assignments[0]!.id) : pageLink(publicUrl, 'inbox');
      const message = amendmentMessage({
        unit,
        plan,
        summary,
        reason: row.reason,
        document: row.document,
        work: assignments.map((assignment) => ({ task: assignment.task, deadline: assignment.deadline, cancelled: assignment.status === 'cancelled' })),
        link,
      });
      return deliverOnce(assignments[0]!.id, `amendment:${amendmentId}:${unit.id}`, { kind: 'amendment' }, message, mailboxOf(unit), {
        event: 'plan.amended',
        amendment: { id: amendmentId, kind: work.change.kind, summary, reason: row.reason, document: row.document },
        plan,
        unit: { code: unit.code, name: unit.name },
        assignments: assignments.map((assignment) => ({ id: assignment.id, status: assignment.status, deadline: assignment.deadline.toISOString(), task: assignment.task })),
      });
    },

    /** The accounts with notices waiting for a digest due by `cutoff`. */
    async dueDigests({ cutoff }: { cutoff: number }): Promise<string[]> {
      const rows = await db.notification.findMany({
        where: { status: 'queued', digestKey: null, deliverAfter: { lte: new Date(cutoff) }, accountId: { not: null } },
        distinct: ['accountId'],
        select: { accountId: true },
      });
      return rows.map((row) => row.accountId!);
    },

    /**
     * Sends one account its digest of every notice due by `cutoff`, once: the notices are claimed
     * under the digest's key (only by its first attempt, so a retry lists what the first did),
     * and the digest is one mail and one webhook delivered once like any notice.
     */
    async sendDigest({ accountId, cutoff }: { accountId: string; cutoff: number }): Promise<Delivered[]> {
      const key = `digest:${accountId}:${new Date(cutoff).toISOString()}`;
      await db.$executeRaw`
        UPDATE notifications SET digest_key = ${key}
         WHERE account_id = ${accountId}::uuid AND status = 'queued' AND digest_key IS NULL AND deliver_after <= ${new Date(cutoff)}
           AND NOT EXISTS (SELECT 1 FROM notifications WHERE digest_key = ${key})`;
      const [account, claimed] = await Promise.all([
        db.account.findUnique({ where: { id: accountId }, select: { displayName: true, email: true } }),
        db.notification.findMany({
          where: { digestKey: key },
          include: { assignment: { include: { unit: true, task: { include: { plan: true } } } } },
          orderBy: { id: 'asc' },
        }),
      ]);
      if (claimed.length === 0) return [];
      const groups = digestGroups(claimed.map((row) => ({ ...row, planId: row.assignment.task.planId })));
      const message = digestMessage({
        addressee: account?.displayName ?? claimed[0]!.recipient,
        date: ladderDays.dateOf(cutoff),
        plans: groups.map(({ notices: grouped }) => ({
          plan: grouped[0]!.assignment.task.plan,
          notices: grouped.map((row) => ({ kind: row.kind, level: row.level, unit: row.assignment.unit, task: row.assignment.task, deadline: row.assignment.deadline, link: assignmentPageLink(publicUrl, row.assignmentId) })),
        })),
        link: pageLink(publicUrl, 'notices'),
      });
      const delivered = await deliverOnce(claimed[0]!.assignmentId, key, { kind: 'digest' }, message, [account?.email ?? claimed[0]!.recipient], {
        event: 'notices.digest',
        cutoff: new Date(cutoff).toISOString(),
        recipient: account?.email ?? claimed[0]!.recipient,
        plans: groups.map(({ notices: grouped }) => ({
          plan: { code: grouped[0]!.assignment.task.plan.code, title: grouped[0]!.assignment.task.plan.title },
          notices: grouped.map((row) => ({
            kind: row.kind,
            level: row.level,
            assignment: { id: row.assignmentId, status: row.assignment.status, deadline: row.assignment.deadline.toISOString() },
            unit: { code: row.assignment.unit.code, name: row.assignment.unit.name },
            task: { code: row.assignment.task.code, title: row.assignment.task.title },
          })),
        })),
      }, { routed: false });
      await db.notification.updateMany({ where: { digestKey: key, status: 'queued' }, data: { status: 'sent', sentAt: new Date() } });
      return delivered;
    },
  };
}

export type NoticeActivities = ReturnType<typeof createNoticeActivities>;
