import { readFileSync } from 'node:fs';
import { localDate } from '../domain/calendar';
import { compressedDays, officeDays, type LadderDays } from '../domain/escalation-policy';
import { vietnamCalendar } from '../domain/vietnam-calendar';
import { yearSchedulesFileSchema, type Calendar } from '../domain/working-calendar';
import { ConfigError, type Config } from './config';

/** Vietnam's calendar with the announcements of HOLIDAY_SCHEDULES_FILE laid over the shipped ones. */
export function loadCalendar(config: Config): Calendar {
  if (!config.HOLIDAY_SCHEDULES_FILE) return vietnamCalendar();
  const parsed = yearSchedulesFileSchema.safeParse(JSON.parse(readFileSync(config.HOLIDAY_SCHEDULES_FILE, 'utf8')));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new ConfigError(`HOLIDAY_SCHEDULES_FILE ${config.HOLIDAY_SCHEDULES_FILE} is invalid: ${problems}`);
  }
  return vietnamCalendar(parsed.data.years);
}

/** The office calendar's working days, or TEST_LADDER_WORKING_DAY_SECONDS' compressed ones from TEST_OFFICE_CLOCK_ORIGIN. */
export function ladderDaysOf(config: Config, calendar: Calendar): LadderDays {
  if (config.TEST_LADDER_WORKING_DAY_SECONDS === undefined) return officeDays(calendar);
  const instant = config.TEST_OFFICE_CLOCK_ORIGIN ? Date.parse(config.TEST_OFFICE_CLOCK_ORIGIN) : Date.now();
  return compressedDays(config.TEST_LADDER_WORKING_DAY_SECONDS, { instant, date: config.TEST_OFFICE_CLOCK_DATE ?? localDate(new Date(instant)) });
}
