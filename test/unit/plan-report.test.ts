import { completionsByWeek, factsOf, parsePeriod, tally, tallyFacts, type AssignmentForReport, type ReportFacts } from '../../domain/plan-report';

describe('periods', () => {
  it.each([
    ['2024', '2024-01-01', '2024-12-31'],
    ['2024-H1', '2024-01-01', '2024-06-30'],
    ['2024-H2', '2024-07-01', '2024-12-31'],
    ['2024-Q3', '2024-07-01', '2024-09-30'],
    ['2024-9M', '2024-01-01', '2024-09-30'],
  ])('%s runs from %s to %s', (label, from, to) => {
    expect(parsePeriod(label)).toEqual({ label, from, to });
  });
});

describe('a unit tally', () => {
  const now = new Date('2024-07-10T03:00:00Z'); // 10/07/2024, 10:00 in Vietnam
  const at = (day: string) => new Date(`${day}T10:00:00Z`);
  const line = (status: AssignmentForReport['status'], day: string, completedLate: boolean | null = null, submittedOn?: string): AssignmentForReport => ({
    status,
    deadlineDay: day,
    deadline: at(day),
    completedLate,
    submittedAt: submittedOn ? at(submittedOn) : null,
  });
  const lines = [
    line('done', '2024-03-31', false),
    line('done', '2024-04-30', false),
    line('done', '2024-05-31', true),
    line('in_progress', '2024-06-30'), // overdue
    line('submitted', '2024-06-15', null, '2024-06-20'), // overdue: submitted only after the deadline
    line('submitted', '2024-07-01', null, '2024-06-28'), // submitted in time, awaiting review
    line('assigned', '2024-07-15'), // due within 7 days
    line('assigned', '2024-09-30'), // not yet due
    line('cancelled', '2024-05-01'), // left out
    line('done', '2025-03-31', false), // outside the year
  ];

  it('counts the year 2024 and gives the rates over the work that has fallen due', () => {
    // Fallen due: 3 done (2 on time, 1 late) + 2 overdue = 5. On time 2/5 = 40%; late (2 + 1)/5 = 60%.
    expect(tally(lines, parsePeriod('2024'), now, '2024-07-10')).toEqual({
      assignments: 8,
      doneOnTime: 2,
      doneLate: 1,
      overdue: 2,
      awaitingReview: 1,
      dueSoon: 1,
      notYetDue: 1,
      onTimeRate: 40,
      lateRate: 60,
    });
  });

  it('counts only the deadlines of the period', () => {
    // Q2: 30/4 on time, 31/5 late, 30/6 overdue, 15/6 overdue → 1/4 = 25%, 3/4 = 75%.
    expect(tally(lines, parsePeriod('2024-Q2'), now, '2024-07-10')).toMatchObject({ assignments: 4, onTimeRate: 25, lateRate: 75 });
  });

  it('gives the same tally from groups of alike assignments, as PostgreSQL counts them', () => {
    const inYear = lines.filter((one) => one.deadlineDay.startsWith('2024'));
    const groups = new Map<string, ReportFacts & { count: number }>();
    for (const one of [...inYear, ...inYear, ...inYear]) {
      const facts = factsOf(one, now, '2024-07-10');
      const key = JSON.stringify(facts);
      groups.set(key, { ...facts, count: (groups.get(key)?.count ?? 0) + 1 });
    }
    expect(groups.size).toBeLessThan(inYear.length * 3);
    const once = tally(lines, parsePeriod('2024'), now, '2024-07-10');
    expect(tallyFacts([...groups.values()])).toEqual({
      ...once,
      ...Object.fromEntries(['assignments', 'doneOnTime', 'doneLate', 'overdue', 'awaitingReview', 'dueSoon', 'notYetDue'].map((key) => [key, 3 * (once[key as keyof typeof once] as number)])),
    });
  });

  it('has no rates before anything falls due', () => {
    expect(tally([line('assigned', '2024-12-31')], parsePeriod('2024'), now, '2024-07-10')).toMatchObject({ onTimeRate: null, lateRate: null, notYetDue: 1 });
  });
});

describe('completions by week', () => {
  it('buckets completions into Monday-based weeks, empty weeks included', () => {
    // 01/07/2024 is a Monday; 14/07/2024 a Sunday.
    const series = completionsByWeek(
      [
        { day: '2024-07-01', late: false },
        { day: '2024-07-07', late: true },
        { day: '2024-07-14', late: false },
        { day: '2024-07-22', late: false },
        { day: '2024-06-30', late: false },
      ],
      '2024-07-03',
      '2024-07-23',
    );
    expect(series).toEqual([
      { week: '2024-07-01', onTime: 1, late: 1 },
      { week: '2024-07-08', onTime: 1, late: 0 },
      { week: '2024-07-15', onTime: 0, late: 0 },
      { week: '2024-07-22', onTime: 1, late: 0 },
    ]);
  });

  it('keeps the latest year of a longer span, and nothing for an empty one', () => {
    const series = completionsByWeek([{ day: '2030-12-30', late: true }], '2024-01-01', '2030-12-31');
    expect(series).toHaveLength(53);
    expect(series.at(-1)).toEqual({ week: '2030-12-30', onTime: 0, late: 1 });
    expect(completionsByWeek([], '2024-07-10', '2024-07-01')).toEqual([]);
  });
});
