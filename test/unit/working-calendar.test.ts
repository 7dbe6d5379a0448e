import { vietnamCalendar } from '../../domain/vietnam-calendar';
import { deadlineDate, lunarToSolar, mergeSchedules, resolveDeadline, statutoryHolidays, type YearSchedule } from '../../domain/working-calendar';
import { addDays } from '../../domain/calendar';

const calendar = vietnamCalendar();
const span = (from: string, to: string): string[] => {
  const days = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  return days;
};
const nonWorking = (from: string, to: string) => span(from, to).filter((day) => !calendar.isWorkingDay(day));

describe('lunar dates in the Vietnamese calendar (UTC+7)', () => {
  it('puts Tết and Giỗ Tổ on the days Vietnam keeps them', () => {
    expect(lunarToSolar(1, 1, 2024)).toBe('2024-02-10');
    expect(lunarToSolar(1, 1, 2025)).toBe('2025-01-29');
    expect(lunarToSolar(1, 1, 2026)).toBe('2026-02-17');
    expect(lunarToSolar(10, 3, 2024)).toBe('2024-04-18');
    expect(lunarToSolar(10, 3, 2025)).toBe('2025-04-07');
    expect(lunarToSolar(10, 3, 2026)).toBe('2026-04-26');
  });

  it('differs from the Chinese calendar (UTC+8) where Vietnam does', () => {
    expect(lunarToSolar(1, 1, 2007)).toBe('2007-02-17'); // Chinese New Year: 18/02/2007
    expect(lunarToSolar(1, 1, 2030)).toBe('2030-02-02'); // Chinese New Year: 03/02/2030
  });
});

describe('days off as announced', () => {
  it('Tết 2024: 8–14 February', () => {
    expect(nonWorking('2024-02-07', '2024-02-15')).toEqual(span('2024-02-08', '2024-02-14'));
    expect(calendar.nonWorkingReason('2024-02-09')).toBe('Tết Nguyên Đán');
  });

  it('Tết 2025: 25 January – 2 February', () => {
    expect(nonWorking('2025-01-24', '2025-02-03')).toEqual(span('2025-01-25', '2025-02-02'));
  });

  it('Tết 2026: 14–22 February (Thông báo 9441/TB-BNV)', () => {
    expect(nonWorking('2026-02-13', '2026-02-23')).toEqual(span('2026-02-14', '2026-02-22'));
  });

  it('swapped days: a make-up Saturday is worked, the swapped weekday is not', () => {
    expect(calendar.isWorkingDay('2024-05-04')).toBe(true); // Saturday worked for Monday 29/4
    expect(calendar.nonWorkingReason('2024-04-29')).toBe('Ngày Chiến thắng 30/4 và Quốc tế Lao động 1/5');
    expect(calendar.isWorkingDay('2025-04-26')).toBe(true); // Saturday worked for Friday 2/5
    expect(nonWorking('2025-04-29', '2025-05-05')).toEqual(span('2025-04-30', '2025-05-04'));
    expect(calendar.yearDaysOff(2025)).toContainEqual({ date: '2025-04-26', reason: 'Làm bù' });
  });

  it('Quốc khánh with the day next to it', () => {
    expect(nonWorking('2024-08-30', '2024-09-04')).toEqual(span('2024-08-31', '2024-09-03'));
    expect(nonWorking('2025-08-29', '2025-09-03')).toEqual(span('2025-08-30', '2025-09-02'));
  });
});

describe('days off by the Labour Code where nothing was announced', () => {
  it('makes up a holiday that falls on a weekend on the next working day', () => {
    // Giỗ Tổ 2026 is Sunday 26/4: Monday 27/4 is off instead; 30/4 and 1/5 are Thursday and Friday.
    expect(calendar.nonWorkingReason('2026-04-27')).toBe('Nghỉ bù Giỗ Tổ Hùng Vương');
    expect(nonWorking('2026-04-24', '2026-05-04')).toEqual(['2026-04-25', '2026-04-26', '2026-04-27', '2026-04-30', '2026-05-01', '2026-05-02', '2026-05-03']);
  });

  it('gives Tết five days around the lunar new year, made up after a weekend', () => {
    // Lunar new year 2027 is Saturday 6/2: Friday 5/2 to Tuesday 9/2, weekend days made up on 10 and 11/2.
    expect(statutoryHolidays(2027).tet).toEqual(['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09']);
    expect(nonWorking('2027-02-04', '2027-02-12')).toEqual(span('2027-02-05', '2027-02-11'));
  });

  it('takes a later announcement as data, without a code change', () => {
    const announcement: YearSchedule = {
      year: 2027,
      source: 'test announcement',
      holidays: { tet: ['2027-02-04', '2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10'] },
      workingDays: ['2027-02-20'],
    };
    const updated = vietnamCalendar([announcement]);
    expect(span('2027-02-03', '2027-02-12').filter((day) => !updated.isWorkingDay(day))).toEqual(span('2027-02-04', '2027-02-10'));
    expect(updated.isWorkingDay('2027-02-11')).toBe(true);
    expect(updated.isWorkingDay('2027-02-20')).toBe(true);
    // Holidays the announcement does not name keep their earlier dates.
    expect(mergeSchedules([{ year: 2027, source: 'a', holidays: { 'new-year': ['2027-01-01'] }, workingDays: [] }], [announcement])[0]!.holidays).toEqual({
      'new-year': ['2027-01-01'],
      tet: announcement.holidays.tet,
    });
  });
});

describe('working-day arithmetic', () => {
  it('counts working days across Tết', () => {
    expect(calendar.addWorkingDays('2024-02-07', 1)).toBe('2024-02-15');
    expect(calendar.addWorkingDays('2025-01-24', 2)).toBe('2025-02-04');
    expect(calendar.addWorkingDays('2026-02-13', 3)).toBe('2026-02-25');
    expect(calendar.addWorkingDays('2024-02-10', 0)).toBe('2024-02-15');
    expect(calendar.addWorkingDays('2024-03-20', 0)).toBe('2024-03-20');
  });

  it('counts back for reminders before a deadline', () => {
    expect(calendar.subtractWorkingDays('2024-02-16', 1)).toBe('2024-02-15');
    expect(calendar.subtractWorkingDays('2024-02-16', 3)).toBe('2024-02-06');
  });

  it('counts how many working days late a date is', () => {
    expect(calendar.workingDaysAfter('2025-01-24', '2025-02-04')).toBe(2);
    expect(calendar.workingDaysAfter('2024-06-28', '2024-06-28')).toBe(0);
    expect(calendar.workingDaysAfter('2024-06-28', '2024-07-05')).toBe(5);
  });

  it('resolves deadlines written as a date, calendar days or working days, at the end of the office day', () => {
    expect(deadlineDate('2024-06-28', '2024-03-20', calendar)).toBe('2024-06-28');
    expect(deadlineDate({ date: '2024-06-28' }, '2024-03-20', calendar)).toBe('2024-06-28');
    expect(deadlineDate({ calendarDays: 10 }, '2024-02-07', calendar)).toBe('2024-02-17');
    expect(resolveDeadline({ at: '2024-06-27T14:00:00+07:00' }, '2024-03-20', calendar).toISOString()).toBe('2024-06-27T07:00:00.000Z');
    expect(deadlineDate({ at: '2024-06-27T23:30:00Z' }, '2024-03-20', calendar)).toBe('2024-06-28');
    // "2 working days" is the end of the second working day after, not 48 hours.
    expect(resolveDeadline({ workingDays: 2 }, '2024-02-07', calendar).toISOString()).toBe('2024-02-16T10:00:00.000Z');
    expect(resolveDeadline({ workingDays: 2 }, '2024-02-07', calendar, '16:30').toISOString()).toBe('2024-02-16T09:30:00.000Z');
  });
});
