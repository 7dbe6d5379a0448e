/**
 * Periodic reporting as Vietnamese reporting regimes set it (Nghị định 09/2019/NĐ-CP, Điều 12):
 * each report covers the data of a cut-off window, from the day after the cut-off in the month
 * before the period to the cut-off day of the period's last month — monthly from the 15th of the
 * previous month to the 14th; quarterly from the 15th of the month before the quarter to the 14th
 * of its last month; six months from 15/12 of the previous year to 14/6; nine months to 14/9;
 * the year to 14/12 — and is due a number of working days after the cut-off. The cut-off day and
 * the working days are a plan's data, with those defaults.
 */
import { z } from 'zod';
import { addDays, type IsoDate } from './calendar';
import type { Calendar } from './working-calendar';

export const reportFrequencies = ['month', 'quarter', 'six-months', 'nine-months', 'year'] as const;
export type ReportFrequency = (typeof reportFrequencies)[number];

/** The cut-off day of Nghị định 09/2019/NĐ-CP. */
export const DEFAULT_CUT_OFF_DAY = 14;
/** Working days after the cut-off a unit has to send its report, unless the plan says otherwise. */
export const DEFAULT_SUBMIT_WITHIN_WORKING_DAYS = 5;

/** A task that repeats as a periodic report: how often, the cut-off day, and the working days to report in. */
export const reportingRepeatSchema = z.strictObject({
  reportEvery: z.enum(reportFrequencies),
  /** Day of the month the data are cut off (1–28), or `last` for calendar months. */
  cutOffDay: z.union([z.number().int().min(1).max(28), z.literal('last')]).default(DEFAULT_CUT_OFF_DAY),
  submitWithinWorkingDays: z.number().int().min(0).max(60).default(DEFAULT_SUBMIT_WITHIN_WORKING_DAYS),
});
export type ReportingRepeat = z.infer<typeof reportingRepeatSchema>;

export interface ReportingWindow {
  from: IsoDate;
  to: IsoDate;
}

export interface ReportingPeriod {
  /** `2024-M05`, `2024-Q1`, `2024-H1`, `2024-9M`, `2024`: added to the task's code. */
  suffix: string;
  /** "tháng 5/2024", "quý I/2024", "6 tháng đầu năm 2024", "9 tháng đầu năm 2024", "năm 2024". */
  label: string;
  window: ReportingWindow;
}

const iso = (year: number, month: number, day: number) => `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
const lastDayOf = (year: number, month: number) => addDays(month === 12 ? iso(year + 1, 1, 1) : iso(year, month + 1, 1), -1);

/** The cut-off day in a month; month 0 is December of the year before. */
function cutOff(year: number, month: number, day: ReportingRepeat['cutOffDay']): IsoDate {
  const [y, m] = month === 0 ? [year - 1, 12] : [year, month];
  return day === 'last' ? lastDayOf(y, m) : iso(y, m, day);
}

/** The window whose data a report on months `first`…`last` of `year` covers. */
const windowOf = (year: number, first: number, last: number, day: ReportingRepeat['cutOffDay']): ReportingWindow => ({
  from: addDays(cutOff(year, first - 1, day), 1),
  to: cutOff(year, last, day),
});

const romanQuarters = ['I', 'II', 'III', 'IV'];

/** Every period of the rule whose reporting year lies from `firstYear` to `lastYear`, in order. */
export function reportingPeriods(rule: Pick<ReportingRepeat, 'reportEvery' | 'cutOffDay'>, firstYear: number, lastYear: number): ReportingPeriod[] {
  const periods: ReportingPeriod[] = [];
  for (let year = firstYear; year <= lastYear; year += 1) {
    switch (rule.reportEvery) {
      case 'month':
        for (let month = 1; month <= 12; month += 1) periods.push({ suffix: `${year}-M${String(month).padStart(2, '0')}`, label: `tháng ${month}/${year}`, window: windowOf(year, month, month, rule.cutOffDay) });
        break;
      case 'quarter':
        for (let quarter = 1; quarter <= 4; quarter += 1) {
          periods.push({ suffix: `${year}-Q${quarter}`, label: `quý ${romanQuarters[quarter - 1]}/${year}`, window: windowOf(year, quarter * 3 - 2, quarter * 3, rule.cutOffDay) });
        }
        break;
      case 'six-months':
        periods.push({ suffix: `${year}-H1`, label: `6 tháng đầu năm ${year}`, window: windowOf(year, 1, 6, rule.cutOffDay) });
        break;
      case 'nine-months':
        periods.push({ suffix: `${year}-9M`, label: `9 tháng đầu năm ${year}`, window: windowOf(year, 1, 9, rule.cutOffDay) });
        break;
      case 'year':
        periods.push({ suffix: `${year}`, label: `năm ${year}`, window: windowOf(year, 1, 12, rule.cutOffDay) });
        break;
    }
  }
  return periods;
}

/** The day a period's report is due: that many working days after its cut-off (0: the cut-off day, or the next working day). */
export const reportDueDate = (window: ReportingWindow, submitWithinWorkingDays: number, calendar: Calendar): IsoDate => calendar.addWorkingDays(window.to, submitWithinWorkingDays);

export const withinWindow = (day: IsoDate, window: ReportingWindow) => day >= window.from && day <= window.to;

/** Where a unit's periodic report stands. */
export const reportStates = ['reported_on_time', 'reported_late', 'pending', 'late'] as const;
export type ReportState = (typeof reportStates)[number];

/**
 * Reported (submitted or approved) in time or late, or still owed: before its deadline
 * (pending) or after it (late). Cancelled work owes nothing and is left out by the caller.
 */
export function reportState(report: { status: string; deadline: Date; submittedAt: Date | null; completedAt: Date | null; completedLate: boolean | null }, now: Date): ReportState {
  if (report.status === 'done') return report.completedLate ? 'reported_late' : 'reported_on_time';
  if (report.status === 'submitted' && report.submittedAt) return report.submittedAt.getTime() <= report.deadline.getTime() ? 'reported_on_time' : 'reported_late';
  return now.getTime() > report.deadline.getTime() ? 'late' : 'pending';
}

export type Figures = Record<string, number>;

const addInto = (sums: Figures, figures: Figures) => {
  for (const [name, value] of Object.entries(figures)) if (typeof value === 'number') sums[name] = (sums[name] ?? 0) + value;
};

/**
 * A period's figures per unit and in total: the activities each unit reported that took place
 * within the window (nothing dated outside it), and the figures it sent with its report.
 */
export function compilePeriod(
  window: ReportingWindow,
  unitIds: readonly string[],
  activities: readonly { unitId: string; day: IsoDate; figures: Figures }[],
  reported: ReadonlyMap<string, Figures>,
): { perUnit: Map<string, { activities: Figures; reported: Figures }>; total: { activities: Figures; reported: Figures } } {
  const perUnit = new Map(unitIds.map((unitId) => [unitId, { activities: {} as Figures, reported: { ...(reported.get(unitId) ?? {}) } }]));
  for (const activity of activities) {
    const line = perUnit.get(activity.unitId);
    if (line && withinWindow(activity.day, window)) addInto(line.activities, activity.figures);
  }
  const total = { activities: {} as Figures, reported: {} as Figures };
  for (const line of perUnit.values()) {
    addInto(total.activities, line.activities);
    addInto(total.reported, line.reported);
  }
  return { perUnit, total };
}
