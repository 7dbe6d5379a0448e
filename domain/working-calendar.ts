/**
 * Vietnam's working-day calendar for public offices. Saturdays and Sundays are off, and so
 * are the public holidays of the Labour Code 2019 (Art. 112): Tết Dương lịch (1/1), Tết
 * Nguyên Đán (5 days), Giỗ Tổ Hùng Vương (10/3 lunar), 30/4 and 1/5, Quốc khánh (2/9 and a
 * day next to it); a holiday that falls on a weekend is made up on the next working day.
 * Each year the government announces the exact days (Tết spans, swapped days, make-up
 * Saturdays); an announcement given as data replaces the rule-based days of that holiday.
 *
 * Lunar dates come from `amlich`, Hồ Ngọc Đức's algorithm computed for UTC+7: the Chinese
 * calendar (UTC+8) puts Tết on another day in some years (2007, 2030).
 */
import { convertLunar2Solar } from 'amlich';
import { z } from 'zod';
import { isoDate } from './fields';
import { addDays, deadlineAt, DEFAULT_END_OF_DAY, localDate, type IsoDate } from './calendar';

const VIETNAM_UTC_OFFSET_HOURS = 7;

export const holidayKeys = ['new-year', 'tet', 'hung-kings', 'reunification-labour', 'national-day'] as const;
export type HolidayKey = (typeof holidayKeys)[number];

export const holidayNames: Record<HolidayKey, string> = {
  'new-year': 'Tết Dương lịch',
  tet: 'Tết Nguyên Đán',
  'hung-kings': 'Giỗ Tổ Hùng Vương',
  'reunification-labour': 'Ngày Chiến thắng 30/4 và Quốc tế Lao động 1/5',
  'national-day': 'Quốc khánh 2/9',
};


/** One year's announcement: the weekdays off per holiday, and the weekend days worked instead. */
export const yearScheduleSchema = z.strictObject({
  year: z.number().int().min(2000).max(2100),
  source: z.string().min(1),
  holidays: z.partialRecord(z.enum(holidayKeys), z.array(isoDate).min(1)).default({}),
  workingDays: z.array(isoDate).default([]),
});
export type YearSchedule = z.infer<typeof yearScheduleSchema>;

export const yearSchedulesFileSchema = z.object({ years: z.array(yearScheduleSchema) });

const WEEKDAY_NAMES = ['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'];

/** 0 = Sunday … 6 = Saturday. */
export const weekday = (date: IsoDate): number => new Date(`${date}T00:00:00Z`).getUTCDay();
const isWeekend = (date: IsoDate): boolean => weekday(date) === 0 || weekday(date) === 6;
const iso = (year: number, month: number, day: number): IsoDate =>
  `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

/** The solar date of a (non-leap) lunar date in the Vietnamese calendar. */
export function lunarToSolar(lunarDay: number, lunarMonth: number, lunarYear: number): IsoDate {
  const [day, month, year] = convertLunar2Solar(lunarDay, lunarMonth, lunarYear, 0, VIETNAM_UTC_OFFSET_HOURS);
  if (year === 0) throw new RangeError(`no solar date for lunar ${lunarDay}/${lunarMonth}/${lunarYear}`);
  return iso(year, month, day);
}

/** The holidays the Labour Code gives in `year`, before weekend make-up days. */
export function statutoryHolidays(year: number): Record<HolidayKey, IsoDate[]> {
  const lunarNewYear = lunarToSolar(1, 1, year);
  const nationalDay = iso(year, 9, 2);
  // The day next to 2/9 is chosen each year; without an announcement, the one that joins a weekend.
  const nextToNationalDay = weekday(nationalDay) === 1 ? iso(year, 9, 3) : iso(year, 9, 1);
  return {
    'new-year': [iso(year, 1, 1)],
    tet: [-1, 0, 1, 2, 3].map((offset) => addDays(lunarNewYear, offset)),
    'hung-kings': [lunarToSolar(10, 3, year)],
    'reunification-labour': [iso(year, 4, 30), iso(year, 5, 1)],
    'national-day': [nextToNationalDay, nationalDay].sort(),
  };
}

export interface Calendar {
  /** Why a day is not worked (weekday name or holiday), or undefined for a working day. */
  nonWorkingReason(date: IsoDate): string | undefined;
  isWorkingDay(date: IsoDate): boolean;
  /** The n-th working day after `date`; with n = 0, `date` itself or the next working day. */
  addWorkingDays(date: IsoDate, n: number): IsoDate;
  /** The n-th working day before `date` (n ≥ 1). */
  subtractWorkingDays(date: IsoDate, n: number): IsoDate;
  /** Working days d with from < d ≤ to: how many working days late `to` is against `from`. */
  workingDaysAfter(from: IsoDate, to: IsoDate): number;
  /** The weekdays off and weekend days worked in a year, with their reasons. */
  yearDaysOff(year: number): { date: IsoDate; reason: string }[];
}

interface YearDays {
  /** Weekdays that are not worked, with the holiday's name. */
  off: Map<IsoDate, string>;
  /** Saturdays or Sundays worked to make up a swapped day. */
  worked: Set<IsoDate>;
}

export function createCalendar(announced: readonly YearSchedule[] = []): Calendar {
  const announcements = new Map(announced.map((schedule) => [schedule.year, schedule]));
  const years = new Map<number, YearDays>();

  function daysOf(year: number): YearDays {
    const cached = years.get(year);
    if (cached) return cached;
    const announcement = announcements.get(year);
    const off = new Map<IsoDate, string>();
    const ruleBased: [IsoDate, string][] = [];
    for (const [key, dates] of Object.entries(statutoryHolidays(year)) as [HolidayKey, IsoDate[]][]) {
      const announcedDates = announcement?.holidays[key];
      if (announcedDates) for (const date of announcedDates) off.set(date, holidayNames[key]);
      else for (const date of dates) ruleBased.push([date, holidayNames[key]]);
    }
    for (const [date, name] of ruleBased) if (!isWeekend(date)) off.set(date, name);
    // A rule-based holiday on a weekend is made up on the next day that is neither weekend nor holiday.
    for (const [date, name] of ruleBased.filter(([date]) => isWeekend(date))) {
      let makeUp = addDays(date, 1);
      while (isWeekend(makeUp) || off.has(makeUp)) makeUp = addDays(makeUp, 1);
      off.set(makeUp, `Nghỉ bù ${name}`);
    }
    const days = { off, worked: new Set(announcement?.workingDays ?? []) };
    years.set(year, days);
    return days;
  }

  const yearOf = (date: IsoDate) => Number(date.slice(0, 4));

  function nonWorkingReason(date: IsoDate): string | undefined {
    const days = daysOf(yearOf(date));
    const holiday = days.off.get(date);
    if (holiday) return holiday;
    if (isWeekend(date) && !days.worked.has(date)) return WEEKDAY_NAMES[weekday(date)];
    return undefined;
  }
  const isWorkingDay = (date: IsoDate) => nonWorkingReason(date) === undefined;

  function step(date: IsoDate, n: number, direction: 1 | -1): IsoDate {
    let current = date;
    for (let counted = 0; counted < n; ) {
      current = addDays(current, direction);
      if (isWorkingDay(current)) counted += 1;
    }
    return current;
  }

  return {
    nonWorkingReason,
    isWorkingDay,
    addWorkingDays(date, n) {
      if (!Number.isInteger(n) || n < 0) throw new RangeError('n must be a whole number ≥ 0');
      if (n > 0) return step(date, n, 1);
      let current = date;
      while (!isWorkingDay(current)) current = addDays(current, 1);
      return current;
    },
    subtractWorkingDays(date, n) {
      if (!Number.isInteger(n) || n < 1) throw new RangeError('n must be a whole number ≥ 1');
      return step(date, n, -1);
    },
    workingDaysAfter(from, to) {
      let count = 0;
      for (let current = addDays(from, 1); current <= to; current = addDays(current, 1)) if (isWorkingDay(current)) count += 1;
      return count;
    },
    yearDaysOff(year) {
      const days = daysOf(year);
      return [
        ...[...days.off].map(([date, reason]) => ({ date, reason })),
        ...[...days.worked].map((date) => ({ date, reason: 'Làm bù' })),
      ].sort((a, b) => a.date.localeCompare(b.date));
    },
  };
}

/**
 * How a deadline is written: a date, or a number of calendar or working days after a start
 * date. Whichever way, it falls due at the end of the office day (in Vietnam's time zone).
 */
export const deadlineSpecSchema = z.union([
  isoDate,
  z.strictObject({ date: isoDate }),
  /** A precise moment, e.g. before a meeting: `2024-06-27T14:00:00+07:00`. */
  z.strictObject({ at: z.iso.datetime({ offset: true, error: 'must be an ISO date and time with its offset' }) }),
  z.strictObject({ workingDays: z.number().int().min(0).max(750) }),
  z.strictObject({ calendarDays: z.number().int().min(0).max(3650) }),
]);
export type DeadlineSpec = z.infer<typeof deadlineSpecSchema>;

/** The date of a deadline written as a date, or undefined for a relative one. */
export function fixedDeadlineDate(spec: DeadlineSpec): IsoDate | undefined {
  if (typeof spec === 'string') return spec;
  if ('date' in spec) return spec.date;
  return 'at' in spec ? localDate(new Date(spec.at)) : undefined;
}

/** The date a deadline falls on, counting from `start` when it is relative. */
export function deadlineDate(spec: DeadlineSpec, start: IsoDate, calendar: Calendar): IsoDate {
  if (typeof spec === 'string') return spec;
  if ('date' in spec) return spec.date;
  if ('at' in spec) return localDate(new Date(spec.at));
  if ('calendarDays' in spec) return addDays(start, spec.calendarDays);
  return calendar.addWorkingDays(start, spec.workingDays);
}

export function resolveDeadline(spec: DeadlineSpec, start: IsoDate, calendar: Calendar, endOfDay = DEFAULT_END_OF_DAY): Date {
  if (typeof spec === 'object' && 'at' in spec) return new Date(spec.at);
  return deadlineAt(deadlineDate(spec, start, calendar), endOfDay);
}

/**
 * Later announcements win: a year in `overrides` replaces the holidays it names and adds
 * its make-up working days; holidays it does not name keep the earlier dates.
 */
export function mergeSchedules(base: readonly YearSchedule[], overrides: readonly YearSchedule[]): YearSchedule[] {
  const byYear = new Map(base.map((schedule) => [schedule.year, schedule]));
  for (const override of overrides) {
    const earlier = byYear.get(override.year);
    byYear.set(
      override.year,
      earlier
        ? {
            year: override.year,
            source: `${earlier.source}; ${override.source}`,
            holidays: { ...earlier.holidays, ...override.holidays },
            workingDays: [...new Set([...earlier.workingDays, ...override.workingDays])].sort(),
          }
        : override,
    );
  }
  return [...byYear.values()].sort((a, b) => a.year - b.year);
}
