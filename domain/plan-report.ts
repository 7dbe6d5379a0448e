/**
 * The numbers provinces rank units by (thi đua): per unit, the assignments due in a period
 * done on time, done late, overdue, due soon and not yet due, with the on-time and late rates.
 */
import { z } from 'zod';
import { addDays, daysBetween, weekStart, type IsoDate } from './calendar';

/** `2024` (the year), `2024-H1`/`H2` (half-years), `2024-9M` (nine months) or `2024-Q1`…`Q4` (quarters): sơ kết and tổng kết periods. */
export const periodSchema = z.string().regex(/^\d{4}(-(H[12]|Q[1-4]|9M))?$/, 'a year (2024), half-year (2024-H1), nine months (2024-9M) or quarter (2024-Q3)');

/** A period as answers give it: its label and its first and last day. */
export const periodBoundsSchema = z.object({ label: z.string(), from: z.iso.date(), to: z.iso.date() });
export type Period = z.infer<typeof periodBoundsSchema>;

const quarterStart = ['01-01', '04-01', '07-01', '10-01'];
const quarterEnd = ['03-31', '06-30', '09-30', '12-31'];

export function parsePeriod(label: string): Period {
  const [year, part] = label.split('-') as [string, string | undefined];
  if (!part) return { label, from: `${year}-01-01`, to: `${year}-12-31` };
  if (part === '9M') return { label, from: `${year}-01-01`, to: `${year}-09-30` };
  if (part.startsWith('H')) {
    const half = Number(part.slice(1)) - 1;
    return { label, from: `${year}-${quarterStart[half * 2]}`, to: `${year}-${quarterEnd[half * 2 + 1]}` };
  }
  const quarter = Number(part.slice(1)) - 1;
  return { label, from: `${year}-${quarterStart[quarter]}`, to: `${year}-${quarterEnd[quarter]}` };
}

/** Open work falling due within this many days is "due soon". */
export const DUE_SOON_DAYS = 7;

export interface AssignmentForReport {
  status: 'assigned' | 'in_progress' | 'submitted' | 'done' | 'cancelled';
  /** The deadline's day in Vietnam. */
  deadlineDay: IsoDate;
  deadline: Date;
  completedLate: boolean | null;
  submittedAt: Date | null;
}

const count = z.number().int().min(0);
export const unitTallySchema = z.object({
  assignments: count,
  doneOnTime: count,
  doneLate: count,
  /** Still owed by the unit after the deadline, or submitted only after it. */
  overdue: count,
  /** Submitted in time, waiting for the department's review. */
  awaitingReview: count,
  dueSoon: count,
  notYetDue: count,
  /** Done on time over the assignments whose deadline has come (cancelled ones left out), in %. */
  onTimeRate: z.number().nullable(),
  /** Overdue plus done late, over the same, in %. */
  lateRate: z.number().nullable(),
});
export type UnitTally = z.infer<typeof unitTallySchema>;

const percent = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 1000) / 10);

/**
 * What the tally needs to know of an assignment (or of `count` alike ones, as a database
 * groups them): its status and lateness, and where its deadline stands as of the tally.
 */
export interface ReportFacts {
  status: AssignmentForReport['status'];
  completedLate: boolean | null;
  /** The deadline has passed. */
  pastDeadline: boolean;
  /** The deadline falls within DUE_SOON_DAYS of today. */
  dueSoon: boolean;
  /** A report was submitted, no later than the deadline. */
  submittedInTime: boolean;
  count?: number;
}

export function factsOf(line: AssignmentForReport, now: Date, today: IsoDate): ReportFacts {
  return {
    status: line.status,
    completedLate: line.completedLate,
    pastDeadline: line.deadline.getTime() < now.getTime(),
    dueSoon: line.deadlineDay <= addDays(today, DUE_SOON_DAYS),
    submittedInTime: line.submittedAt !== null && line.submittedAt.getTime() <= line.deadline.getTime(),
  };
}

/** Tallies assignments by their facts; cancelled work is left out. */
export function tallyFacts(facts: readonly ReportFacts[]): UnitTally {
  const counts = { assignments: 0, doneOnTime: 0, doneLate: 0, overdue: 0, awaitingReview: 0, dueSoon: 0, notYetDue: 0 };
  for (const line of facts) {
    if (line.status === 'cancelled') continue;
    const count = line.count ?? 1;
    counts.assignments += count;
    if (line.status === 'done') {
      if (line.completedLate) counts.doneLate += count;
      else counts.doneOnTime += count;
    } else if (line.submittedInTime) counts.awaitingReview += count;
    else if (line.pastDeadline) counts.overdue += count;
    else if (line.dueSoon) counts.dueSoon += count;
    else counts.notYetDue += count;
  }
  const fallenDue = counts.doneOnTime + counts.doneLate + counts.overdue;
  return { ...counts, onTimeRate: percent(counts.doneOnTime, fallenDue), lateRate: percent(counts.overdue + counts.doneLate, fallenDue) };
}

/** Tallies the assignments whose deadline falls in the period, as of `now`. */
export function tally(assignments: readonly AssignmentForReport[], period: Period, now: Date, today: IsoDate): UnitTally {
  return tallyFacts(assignments.filter((line) => line.deadlineDay >= period.from && line.deadlineDay <= period.to).map((line) => factsOf(line, now, today)));
}

export const completionWeekSchema = z.object({
  /** The week's Monday. */
  week: z.iso.date(),
  onTime: count,
  late: count,
});
export type CompletionWeek = z.infer<typeof completionWeekSchema>;

/** At most a year of weeks in a chart. */
export const MAX_CHART_WEEKS = 53;

/**
 * Completions per week from the week holding `from` to the week holding `to`, empty weeks
 * included so a chart shows the gaps; the latest weeks when the span is longer than a year.
 */
export function completionsByWeek(completions: readonly { day: IsoDate; late: boolean; count?: number }[], from: IsoDate, to: IsoDate): CompletionWeek[] {
  const first = weekStart(from);
  const last = weekStart(to);
  const weeks = Math.min(MAX_CHART_WEEKS, Math.floor(daysBetween(first, last) / 7) + 1);
  if (weeks <= 0) return [];
  const start = addDays(last, -7 * (weeks - 1));
  const series = Array.from({ length: weeks }, (_, index) => ({ week: addDays(start, 7 * index), onTime: 0, late: 0 }));
  for (const completion of completions) {
    const index = daysBetween(start, weekStart(completion.day)) / 7;
    const bucket = series[index];
    if (!bucket) continue;
    if (completion.late) bucket.late += completion.count ?? 1;
    else bucket.onTime += completion.count ?? 1;
  }
  return series;
}
