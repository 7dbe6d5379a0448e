/**
 * Dates and instants in Vietnam's time zone, the one zone the engine knows: Vietnam has used
 * UTC+7 without daylight saving since 1975, so a fixed offset is exact. Working days and
 * holidays: working-calendar.ts.
 */
export const TIME_ZONE = 'Asia/Ho_Chi_Minh';
const UTC_OFFSET_HOURS = 7;
const UTC_OFFSET = `+${String(UTC_OFFSET_HOURS).padStart(2, '0')}:00`;
const MS_PER_DAY = 86_400_000;

/** An ISO calendar date such as `2024-03-20`. */
export type IsoDate = string;

/** Deadlines fall due at the end of the office day unless a plan says otherwise. */
export const DEFAULT_END_OF_DAY = '17:00';

/** The instant a deadline given as a date falls due: that day's end of office hours in Vietnam. */
export function deadlineAt(date: IsoDate, endOfDay: string = DEFAULT_END_OF_DAY): Date {
  return new Date(`${date}T${endOfDay}:00${UTC_OFFSET}`);
}

/** The instant a day begins in Vietnam. */
export function startOfLocalDay(date: IsoDate): Date {
  return deadlineAt(date, '00:00');
}

/** The calendar date in Vietnam at a given instant. */
export function localDate(instant: Date): IsoDate {
  return new Date(instant.getTime() + UTC_OFFSET_HOURS * 3_600_000).toISOString().slice(0, 10);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / MS_PER_DAY);
}

/** dd/MM/yyyy, as Vietnamese documents write dates. */
export function formatVietnameseDate(date: IsoDate): string {
  const [year, month, day] = date.split('-');
  return `${day}/${month}/${year}`;
}

/** The Monday of the week holding `date` (Vietnamese weeks start on Monday). */
export function weekStart(date: IsoDate): IsoDate {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return addDays(date, -((weekday + 6) % 7));
}
