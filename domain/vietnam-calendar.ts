import announced from './vietnam-holiday-schedules.json';
import { createCalendar, mergeSchedules, yearSchedulesFileSchema, type Calendar, type YearSchedule } from './working-calendar';

/** The announcements shipped with the engine (domain/vietnam-holiday-schedules.json). */
export const shippedSchedules: YearSchedule[] = yearSchedulesFileSchema.parse(announced).years;

/** Vietnam's office calendar: the shipped announcements, then any given later (a file, the API). */
export function vietnamCalendar(overrides: readonly YearSchedule[] = []): Calendar {
  return createCalendar(mergeSchedules(shippedSchedules, overrides));
}
