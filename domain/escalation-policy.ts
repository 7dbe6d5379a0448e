/**
 * Reminders before a deadline and the escalation ladder after it, as data. Offsets are in
 * working days of the office calendar.
 *
 * Defaults: reminders 3 working days before and on the day; level 1 to the unit's head on
 * the first overdue working day, level 2 to the assigning department's head 3 working days
 * later, level 3 to the plan's leaders 7 working days after that.
 */
import { z } from 'zod';
import { addDays, daysBetween, deadlineAt, localDate, type IsoDate } from './calendar';
import type { OfficeClock } from './notice-delivery';
import { taskKinds, type TaskKind } from './task-kinds';
import type { Calendar } from './working-calendar';

const offsetSchema = z.strictObject({ workingDays: z.number().int().min(0).max(250) });

export const escalationTargets = ['unit-head', 'assigner-head', 'plan-leaders'] as const;
export type EscalationTarget = (typeof escalationTargets)[number];

export const ladderPolicySchema = z.strictObject({
  /** Each reminder's distance before the deadline. */
  reminders: z.array(offsetSchema).max(10),
  /** Each level's distance after the one before it (level 1: after the deadline). */
  levels: z
    .array(z.strictObject({ after: offsetSchema, notify: z.enum(escalationTargets) }))
    .min(1)
    .max(5),
});
export type LadderPolicy = z.infer<typeof ladderPolicySchema>;

export const defaultLadder: LadderPolicy = {
  reminders: [{ workingDays: 3 }, { workingDays: 0 }],
  levels: [
    { after: { workingDays: 1 }, notify: 'unit-head' },
    { after: { workingDays: 3 }, notify: 'assigner-head' },
    { after: { workingDays: 7 }, notify: 'plan-leaders' },
  ],
};

/** A plan's ladder: one for all its tasks, and others for particular task kinds. */
export const planLadderSchema = z.strictObject({
  default: ladderPolicySchema.optional(),
  byKind: z.partialRecord(z.enum(taskKinds), ladderPolicySchema).optional(),
});
export type PlanLadder = z.infer<typeof planLadderSchema>;

export function ladderFor(plan: PlanLadder | undefined, kind: TaskKind): LadderPolicy {
  return plan?.byKind?.[kind] ?? plan?.default ?? defaultLadder;
}

/** Working-day notices go out when the office day opens. */
export const START_OF_WORKDAY = '08:00';

export type ScheduledNotice =
  | { kind: 'reminder'; at: number; index: number }
  | { kind: 'escalation'; at: number; level: number; notify: EscalationTarget };

/** Where a ladder's working-day offsets land in time, and the office's time that digests keep. */
export interface LadderDays extends OfficeClock {
  /** When a reminder `workingDays` before the deadline falls due. */
  before(deadline: Date, workingDays: number): number;
  /** The instant `workingDays` after `instant`. */
  after(instant: number, workingDays: number): number;
}

/** On the office calendar: a working-day offset lands on the start of that working day in Vietnam. */
export const officeDays = (calendar: Calendar): LadderDays => ({
  before(deadline, workingDays) {
    const deadlineDay = localDate(deadline);
    return deadlineAt(workingDays === 0 ? deadlineDay : calendar.subtractWorkingDays(deadlineDay, workingDays), START_OF_WORKDAY).getTime();
  },
  after: (instant, workingDays) => deadlineAt(calendar.addWorkingDays(localDate(new Date(instant)), workingDays), START_OF_WORKDAY).getTime(),
  dateOf: (instant) => localDate(new Date(instant)),
  at: (date, time) => deadlineAt(date, time).getTime(),
});

/**
 * For drills and tests only (TEST_LADDER_WORKING_DAY_SECONDS, which production refuses): a
 * working day of the ladder lasts `seconds`, so a whole ladder runs in seconds; and the office's
 * clock runs a calendar day in as many seconds, office date `origin.date` beginning at the real
 * instant `origin.instant`, so a test sees a weekend and the next morning's digest.
 */
export const compressedDays = (seconds: number, origin: { instant: number; date: IsoDate }): LadderDays => {
  const dayMs = seconds * 1000;
  return {
    before: (deadline, workingDays) => deadline.getTime() - workingDays * dayMs,
    after: (instant, workingDays) => instant + workingDays * dayMs,
    dateOf: (instant) => addDays(origin.date, Math.floor((instant - origin.instant) / dayMs)),
    at(date, time) {
      const [hours, minutes] = time.split(':').map(Number) as [number, number];
      return origin.instant + (daysBetween(origin.date, date) + (hours * 60 + minutes) / 1440) * dayMs;
    },
  };
};

/** When each reminder and escalation falls due for a deadline (epoch milliseconds, in order). */
export function noticeSchedule(deadline: Date, policy: LadderPolicy, days: LadderDays): ScheduledNotice[] {
  const reminders: ScheduledNotice[] = policy.reminders.map((offset, index) => ({ kind: 'reminder', index, at: days.before(deadline, offset.workingDays) }));
  const escalations: ScheduledNotice[] = [];
  let previous = deadline.getTime();
  policy.levels.forEach(({ after, notify }, index) => {
    // Never before the deadline has passed, even when a level is written as 0 working days.
    previous = Math.max(days.after(previous, after.workingDays), previous + 1);
    escalations.push({ kind: 'escalation', level: index + 1, notify, at: previous });
  });
  return [...reminders, ...escalations].sort((a, b) => a.at - b.at);
}
