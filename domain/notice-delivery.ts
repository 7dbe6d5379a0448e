/**
 * When a notice reaches a person: at once, or in the next daily digest. Each account chooses,
 * per kind of notice, immediate mail or the digest, and the digest's time of day; notices go
 * out on working days only, so what falls on a weekend or holiday waits for the next working
 * morning's digest (level 3 and above may go out at once regardless).
 */
import { z } from 'zod';
import { addDays, type IsoDate } from './calendar';
import type { Calendar } from './working-calendar';

export const noticeKinds = ['reminder', 'escalation-1', 'escalation-2', 'escalation-3', 'amendment'] as const;
export type NoticeKind = (typeof noticeKinds)[number];

export const noticeModes = ['immediate', 'digest'] as const;
export type NoticeMode = (typeof noticeModes)[number];

/** The kind a notice counts as: levels above the third count as the third. */
export function noticeKindOf(kind: 'reminder' | 'escalation' | 'amendment', level?: number | null): NoticeKind {
  if (kind !== 'escalation') return kind;
  return `escalation-${Math.min(Math.max(level ?? 1, 1), 3)}` as NoticeKind;
}

const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM');

const modeSchema = z.enum(noticeModes);
const modesSchema = z.strictObject({ reminder: modeSchema, 'escalation-1': modeSchema, 'escalation-2': modeSchema, 'escalation-3': modeSchema, amendment: modeSchema });

export const noticeSettingsSchema = z.strictObject({
  modes: modesSchema,
  /** When the daily digest goes out, in Vietnam's time. */
  digestTime: timeOfDay,
  /** Level 3 and above go out at once even on a day off. */
  urgentOnDaysOff: z.boolean(),
  /** A head whose deputy acts for them is copied on what the deputy is sent. */
  copyWhenDelegated: z.boolean(),
});
export type NoticeSettings = z.infer<typeof noticeSettingsSchema>;

export const defaultNoticeSettings: NoticeSettings = {
  modes: { reminder: 'digest', 'escalation-1': 'digest', 'escalation-2': 'digest', 'escalation-3': 'immediate', amendment: 'immediate' },
  digestTime: '07:30',
  urgentOnDaysOff: true,
  copyWhenDelegated: false,
};

/** What is stored over the defaults: a partial change, merged kind by kind. */
export const noticeSettingsChangeSchema = noticeSettingsSchema.extend({ modes: modesSchema.partial() }).partial();
export type NoticeSettingsChange = z.infer<typeof noticeSettingsChangeSchema>;

/** Settings as stored (any shape a former version wrote), completed with the defaults. */
export function settingsOf(stored: { modes?: unknown; digestTime?: string | null; urgentOnDaysOff?: boolean | null; copyWhenDelegated?: boolean | null } | null | undefined): NoticeSettings {
  const modes = z.record(z.string(), z.unknown()).catch({}).parse(stored?.modes ?? {});
  return {
    modes: Object.fromEntries(noticeKinds.map((kind) => [kind, modeSchema.catch(defaultNoticeSettings.modes[kind]).parse(modes[kind])])) as NoticeSettings['modes'],
    digestTime: timeOfDay.catch(defaultNoticeSettings.digestTime).parse(stored?.digestTime ?? undefined),
    urgentOnDaysOff: stored?.urgentOnDaysOff ?? defaultNoticeSettings.urgentOnDaysOff,
    copyWhenDelegated: stored?.copyWhenDelegated ?? defaultNoticeSettings.copyWhenDelegated,
  };
}

/**
 * The office's time: which office date a real instant falls on, and the real instant of a time
 * of day on an office date. On the office calendar these are Vietnam's dates and times; drills
 * and tests compress each day into seconds (escalation-policy.ts compressedDays).
 */
export interface OfficeClock {
  dateOf(instant: number): IsoDate;
  at(date: IsoDate, time: string): number;
}

/** The first digest instant after `now`: the digest time of today if still ahead and today is worked, else of the next working day. */
export function nextDigestAt(now: number, digestTime: string, calendar: Calendar, clock: OfficeClock): number {
  let date = clock.dateOf(now);
  while (!calendar.isWorkingDay(date) || clock.at(date, digestTime) <= now) date = addDays(date, 1);
  return clock.at(date, digestTime);
}

/** When a notice of `kind` reaches an account with `settings`: now, or at the digest instant it waits for. */
export function noticeDelivery(kind: NoticeKind, settings: NoticeSettings, now: number, calendar: Calendar, clock: OfficeClock): { at: 'now' } | { at: 'digest'; digestAt: number } {
  const urgent = kind === 'escalation-3' && settings.urgentOnDaysOff;
  const dayOff = !calendar.isWorkingDay(clock.dateOf(now));
  if (settings.modes[kind] === 'immediate' && (urgent || !dayOff)) return { at: 'now' };
  return { at: 'digest', digestAt: nextDigestAt(now, settings.digestTime, calendar, clock) };
}

/** How urgent a notice is, for a digest's order: higher escalation levels first, then amendments, then reminders. */
export function noticeUrgency(kind: string, level: number | null): number {
  if (kind === 'escalation') return 10 + (level ?? 1);
  return kind === 'amendment' ? 5 : 0;
}

/**
 * A digest's notices grouped by plan: the plan holding the most urgent notice first, and within
 * a plan the most urgent first, then the earliest.
 */
export function digestGroups<N extends { planId: string; kind: string; level: number | null; createdAt: Date }>(notices: readonly N[]): { planId: string; notices: N[] }[] {
  const byUrgency = (a: N, b: N) => noticeUrgency(b.kind, b.level) - noticeUrgency(a.kind, a.level) || a.createdAt.getTime() - b.createdAt.getTime();
  const groups = new Map<string, N[]>();
  for (const notice of [...notices].sort(byUrgency)) groups.set(notice.planId, [...(groups.get(notice.planId) ?? []), notice]);
  return [...groups].map(([planId, grouped]) => ({ planId, notices: grouped }));
}
