import { addDays, daysBetween, deadlineAt, formatVietnameseDate, localDate } from '../../domain/calendar';

describe('calendar', () => {
  it('puts a deadline at the end of the office day in Vietnam (UTC+7)', () => {
    expect(deadlineAt('2024-06-28').toISOString()).toBe('2024-06-28T10:00:00.000Z');
    expect(deadlineAt('2024-06-28', '23:59').toISOString()).toBe('2024-06-28T16:59:00.000Z');
  });

  it('reads the local date in Vietnam, which runs seven hours ahead of UTC', () => {
    expect(localDate(new Date('2024-03-19T16:59:59Z'))).toBe('2024-03-19');
    expect(localDate(new Date('2024-03-19T17:00:00Z'))).toBe('2024-03-20');
  });

  it('counts calendar days across month ends and leap years', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2024-01-19', -30)).toBe('2023-12-20');
    expect(daysBetween('2024-01-01', '2024-12-31')).toBe(365);
    expect(daysBetween('2024-03-20', '2024-03-01')).toBe(-19);
  });

  it('writes dates as dd/MM/yyyy', () => {
    expect(formatVietnameseDate('2021-01-19')).toBe('19/01/2021');
  });
});
