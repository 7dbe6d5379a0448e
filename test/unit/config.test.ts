import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ladderDaysOf, loadCalendar } from '../../platform/calendar';
import { ConfigError, databaseUrl, loadConfig, temporalAddress } from '../../platform/config';

describe('configuration', () => {
  it('defaults to the embedded setup', () => {
    const config = loadConfig({});
    expect(config.DATABASE_URL).toBeUndefined();
    expect(databaseUrl(config)).toBe('postgres://postgres:postgres@127.0.0.1:54329/postgres');
    expect(temporalAddress(config)).toBe('127.0.0.1:7233');
    expect(config.API_PORT).toBe(3000);
    expect(config.LOAD_EXAMPLES).toBe(true);
  });

  it('takes real services and switches from the environment', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgresql://engine@db.internal:5432/plans',
      TEMPORAL_ADDRESS: 'temporal-frontend:7233',
      API_PORT: '8080',
      LOAD_EXAMPLES: 'false',
    });
    expect(databaseUrl(config)).toBe('postgresql://engine@db.internal:5432/plans');
    expect(temporalAddress(config)).toBe('temporal-frontend:7233');
    expect(config.API_PORT).toBe(8080);
    expect(config.LOAD_EXAMPLES).toBe(false);
  });

  it('lays a holiday schedule file over the shipped announcements', () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'holidays-'));
    const file = path.join(folder, 'holidays.json');
    writeFileSync(file, JSON.stringify({ years: [{ year: 2027, source: 'Thông báo thử', holidays: { 'national-day': ['2027-09-02', '2027-09-03'] } }] }));
    const calendar = loadCalendar(loadConfig({ HOLIDAY_SCHEDULES_FILE: file }));
    expect(calendar.nonWorkingReason('2027-09-03')).toBe('Quốc khánh 2/9');
    expect(calendar.isWorkingDay('2027-09-01')).toBe(true);
    expect(calendar.nonWorkingReason('2024-02-08')).toBe('Tết Nguyên Đán');

    writeFileSync(file, JSON.stringify({ years: [{ year: 2027, source: 'x', holidays: { tet: ['27/01/2027'] } }] }));
    expect(() => loadCalendar(loadConfig({ HOLIDAY_SCHEDULES_FILE: file }))).toThrow(/years\.0\.holidays\.tet\.0: must be a date written YYYY-MM-DD/);
  });

  it('refuses bad values, naming the variable', () => {
    expect(() => loadConfig({ END_OF_WORKDAY: '25:00' })).toThrow(/END_OF_WORKDAY: must be HH:MM/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x@y/z' })).toThrow(ConfigError);
    expect(() => loadConfig({ API_PORT: '70000' })).toThrow(/API_PORT/);
    expect(() => loadConfig({ TEMPORAL_ADDRESS: 'no-port' })).toThrow(/TEMPORAL_ADDRESS: must be host:port/);
  });

  it('compresses the ladder\'s working days for drills and tests, and refuses that in production', () => {
    const deadline = new Date('2024-02-16T10:00:00Z');
    const testing = loadConfig({ TEST_LADDER_WORKING_DAY_SECONDS: '2' });
    expect(ladderDaysOf(testing, loadCalendar(testing)).after(deadline.getTime(), 3) - deadline.getTime()).toBe(6_000);
    const office = loadConfig({});
    expect(new Date(ladderDaysOf(office, loadCalendar(office)).after(deadline.getTime(), 1)).toISOString()).toBe('2024-02-19T01:00:00.000Z');
    expect(() => loadConfig({ NODE_ENV: 'production', TEST_LADDER_WORKING_DAY_SECONDS: '1' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production', TEST_LADDER_WORKING_DAY_SECONDS: '1' })).toThrow(/TEST_LADDER_WORKING_DAY_SECONDS: is for drills and tests only/);
    expect(loadConfig({ NODE_ENV: 'production' }).TEST_LADDER_WORKING_DAY_SECONDS).toBeUndefined();
  });

  it('runs the compressed office clock from the instant and date given, and only with a compressed ladder', () => {
    const testing = loadConfig({ TEST_LADDER_WORKING_DAY_SECONDS: '10', TEST_OFFICE_CLOCK_ORIGIN: '2026-12-01T00:00:00Z', TEST_OFFICE_CLOCK_DATE: '2026-12-05' });
    const clock = ladderDaysOf(testing, loadCalendar(testing));
    expect(clock.dateOf(Date.parse('2026-12-01T00:00:25Z'))).toBe('2026-12-07');
    expect(new Date(clock.at('2026-12-07', '07:30')).toISOString()).toBe('2026-12-01T00:00:23.125Z');
    expect(() => loadConfig({ TEST_OFFICE_CLOCK_ORIGIN: '2026-12-01T00:00:00Z' })).toThrow(/TEST_OFFICE_CLOCK_ORIGIN: applies only with TEST_LADDER_WORKING_DAY_SECONDS/);
  });
});
