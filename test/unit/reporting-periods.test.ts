import { compilePeriod, reportDueDate, reportingPeriods, reportingRepeatSchema, reportState } from '../../domain/reporting-periods';
import { vietnamCalendar } from '../../domain/vietnam-calendar';

const calendar = vietnamCalendar();
const nd09 = (reportEvery: 'month' | 'quarter' | 'six-months' | 'nine-months' | 'year') => reportingRepeatSchema.parse({ reportEvery });

describe('cut-off windows of Nghị định 09/2019/NĐ-CP', () => {
  it('defaults to the 14th and five working days', () => {
    expect(nd09('month')).toEqual({ reportEvery: 'month', cutOffDay: 14, submitWithinWorkingDays: 5 });
  });

  it('runs a monthly window from the 15th of the month before to the 14th, across the year end', () => {
    const months = reportingPeriods(nd09('month'), 2025, 2025);
    expect(months).toHaveLength(12);
    expect(months[0]).toEqual({ suffix: '2025-M01', label: 'tháng 1/2025', window: { from: '2024-12-15', to: '2025-01-14' } });
    expect(months[2]!.window).toEqual({ from: '2025-02-15', to: '2025-03-14' });
    expect(months[11]!.window).toEqual({ from: '2025-11-15', to: '2025-12-14' });
  });

  it('runs a quarter from the 15th of the month before it to the 14th of its last month', () => {
    expect(reportingPeriods(nd09('quarter'), 2025, 2025).map((period) => [period.suffix, period.label, period.window.from, period.window.to])).toEqual([
      ['2025-Q1', 'quý I/2025', '2024-12-15', '2025-03-14'],
      ['2025-Q2', 'quý II/2025', '2025-03-15', '2025-06-14'],
      ['2025-Q3', 'quý III/2025', '2025-06-15', '2025-09-14'],
      ['2025-Q4', 'quý IV/2025', '2025-09-15', '2025-12-14'],
    ]);
  });

  it('runs six months, nine months and the year from 15/12 of the year before', () => {
    expect(reportingPeriods(nd09('six-months'), 2024, 2025).map((period) => period.window)).toEqual([
      { from: '2023-12-15', to: '2024-06-14' },
      { from: '2024-12-15', to: '2025-06-14' },
    ]);
    expect(reportingPeriods(nd09('nine-months'), 2024, 2024)).toEqual([{ suffix: '2024-9M', label: '9 tháng đầu năm 2024', window: { from: '2023-12-15', to: '2024-09-14' } }]);
    expect(reportingPeriods(nd09('year'), 2024, 2024)).toEqual([{ suffix: '2024', label: 'năm 2024', window: { from: '2023-12-15', to: '2024-12-14' } }]);
  });

  it('takes a plan’s own cut-off day, or calendar months', () => {
    expect(reportingPeriods({ reportEvery: 'month', cutOffDay: 20 }, 2024, 2024)[0]!.window).toEqual({ from: '2023-12-21', to: '2024-01-20' });
    // February 2024 has 29 days; calendar quarters and years start on the 1st.
    expect(reportingPeriods({ reportEvery: 'month', cutOffDay: 'last' }, 2024, 2024)[1]!.window).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(reportingPeriods({ reportEvery: 'quarter', cutOffDay: 'last' }, 2024, 2024)[0]!.window).toEqual({ from: '2024-01-01', to: '2024-03-31' });
    expect(reportingPeriods({ reportEvery: 'year', cutOffDay: 'last' }, 2024, 2024)[0]!.window).toEqual({ from: '2024-01-01', to: '2024-12-31' });
  });

  it('refuses a cut-off day some months do not have', () => {
    expect(reportingRepeatSchema.safeParse({ reportEvery: 'month', cutOffDay: 30 }).success).toBe(false);
  });
});

describe('submission deadlines on the working calendar', () => {
  it('counts working days after a cut-off on a Saturday, across Tết 2026 (16–20/02)', () => {
    // February 2026: cut off Saturday 14/02; 16–20 are Tết, 21–22 a weekend: 23, 24, 25, 26, 27.
    const february = reportingPeriods(nd09('month'), 2026, 2026)[1]!;
    expect(february.window).toEqual({ from: '2026-01-15', to: '2026-02-14' });
    expect(reportDueDate(february.window, 5, calendar)).toBe('2026-02-27');
  });

  it('counts across Tết 2025 (27–31/01) with ten working days', () => {
    // Cut off Tuesday 14/01/2025: 15, 16, 17, 20, 21, 22, 23, 24, then Tết and a weekend, 03/02, 04/02.
    expect(reportDueDate({ from: '2024-12-15', to: '2025-01-14' }, 10, calendar)).toBe('2025-02-04');
  });

  it('counts across the new year holiday for a calendar year', () => {
    // Cut off Tuesday 31/12/2024; 01/01 is Tết Dương lịch: 02, 03, 06, 07, 08.
    expect(reportDueDate({ from: '2024-01-01', to: '2024-12-31' }, 5, calendar)).toBe('2025-01-08');
  });

  it('makes a report due with no extra days on the cut-off day, or the next working day', () => {
    expect(reportDueDate({ from: '2023-12-15', to: '2024-12-14' }, 0, calendar)).toBe('2024-12-16'); // Saturday → Monday
    expect(reportDueDate({ from: '2023-12-15', to: '2024-12-14' }, 5, calendar)).toBe('2024-12-20');
  });
});

describe('where a report stands', () => {
  const deadline = new Date('2025-01-21T10:00:00Z');
  const now = new Date('2025-01-25T03:00:00Z');
  const base = { deadline, submittedAt: null, completedAt: null, completedLate: null };

  it('tells reported on time and late from still owed, before and after the deadline', () => {
    expect(reportState({ ...base, status: 'done', completedLate: false }, now)).toBe('reported_on_time');
    expect(reportState({ ...base, status: 'done', completedLate: true }, now)).toBe('reported_late');
    expect(reportState({ ...base, status: 'submitted', submittedAt: new Date('2025-01-20T03:00:00Z') }, now)).toBe('reported_on_time');
    expect(reportState({ ...base, status: 'submitted', submittedAt: new Date('2025-01-22T03:00:00Z') }, now)).toBe('reported_late');
    expect(reportState({ ...base, status: 'in_progress' }, now)).toBe('late');
    expect(reportState({ ...base, status: 'assigned' }, new Date('2025-01-20T03:00:00Z'))).toBe('pending');
  });
});

describe("a period's compiled figures", () => {
  it('counts only activities dated within the window, and adds what each unit reported', () => {
    const window = { from: '2024-12-15', to: '2025-01-14' };
    const { perUnit, total } = compilePeriod(
      window,
      ['hamon', 'dakmar'],
      [
        { unitId: 'hamon', day: '2024-12-15', figures: { trainingCourses: 1, trainees: 30 } }, // first day: in
        { unitId: 'hamon', day: '2025-01-14', figures: { trainingCourses: 1, trainees: 12 } }, // last day: in
        { unitId: 'hamon', day: '2025-01-15', figures: { trainingCourses: 1, trainees: 99 } }, // next window
        { unitId: 'dakmar', day: '2024-12-14', figures: { campaigns: 1, householdsReached: 800 } }, // previous window
        { unitId: 'dakmar', day: '2025-01-02', figures: { campaigns: 1, householdsReached: 500 } },
        { unitId: 'elsewhere', day: '2025-01-02', figures: { campaigns: 1, householdsReached: 7 } }, // not a reporting unit
      ],
      new Map([['dakmar', { violenceCases: 3 }]]),
    );
    expect(perUnit.get('hamon')).toEqual({ activities: { trainingCourses: 2, trainees: 42 }, reported: {} });
    expect(perUnit.get('dakmar')).toEqual({ activities: { campaigns: 1, householdsReached: 500 }, reported: { violenceCases: 3 } });
    expect(total).toEqual({ activities: { trainingCourses: 2, trainees: 42, campaigns: 1, householdsReached: 500 }, reported: { violenceCases: 3 } });
  });
});
