import { deadlineCountsFrom, expandRepeats, oversizeIssues, planDefinitionSchema, unitCodesOf, type PlanDefinitionInput } from '../../domain/plan-definition';
import { fixedDeadlineDate } from '../../domain/working-calendar';
import { examplePlans } from '../../examples/load';

const validPlan = (): PlanDefinitionInput => ({
  code: '925/KH-UBND',
  title: 'Kế hoạch triển khai công tác gia đình năm 2024',
  issuingBody: 'Ủy ban nhân dân tỉnh',
  issuedOn: '2024-03-20',
  period: { from: '2024-01-01', to: '2024-12-31' },
  targets: [{ code: 'CT1', title: '90% hộ gia đình được cung cấp kiến thức', measure: 'percent', value: 90 }],
  tasks: [
    { code: 'NV1', title: 'Tập huấn', kind: 'training', leadUnit: 'SO-VHTTDL', coordinatingUnits: ['HLHPN'], deadline: '2024-08-31' },
  ],
});

/** The issues a definition raises, as `path: message` lines. */
function issuesOf(input: unknown): string[] {
  const result = planDefinitionSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('plan definition schema', () => {
  it('accepts a well-formed plan and fills defaults', () => {
    const { coordinatingUnits, ...taskWithoutPartners } = validPlan().tasks[0]!;
    expect(coordinatingUnits).toHaveLength(1);
    const parsed = planDefinitionSchema.parse({ ...validPlan(), targets: undefined, tasks: [taskWithoutPartners] });
    expect(parsed.targets).toEqual([]);
    expect(parsed.tasks[0]!.coordinatingUnits).toEqual([]);
  });

  it('accepts both example plans built from the seeds, with their targets and tasks', () => {
    const [plan925, plan10] = examplePlans.map((example) => example.definition);
    expect(plan925!.code).toBe('925/KH-UBND');
    expect(plan925!.targets.map((target) => target.value)).toEqual([100, 90, 65, 85, 75, -10]);
    expect(plan10!.code).toBe('10/KH-BCĐ');
    expect(plan10!.tasks.filter((task) => task.kind === 'commemoration').map((task) => fixedDeadlineDate(task.deadline!)!.slice(5))).toEqual([
      '03-20',
      '06-28',
      '12-15',
    ]);
  });

  it('names the field and the reason for every problem', () => {
    const plan = validPlan();
    plan.period = { from: '2024-12-31', to: '2024-01-01' };
    plan.targets = [
      { code: 'CT1', title: 'a', measure: 'percent', value: 120 },
      { code: 'CT1', title: 'b', measure: 'count', value: -1 },
    ];
    plan.tasks = [
      { code: 'NV1', title: 'a', kind: 'training', leadUnit: 'A', coordinatingUnits: ['A', 'B', 'B'], deadline: '2023-12-01' },
      { code: 'NV1', title: 'b', kind: 'report', leadUnit: 'B', deadline: '2024-02-30' },
    ];
    expect(issuesOf(plan).sort()).toEqual(
      [
        'period.to: must not be before period.from',
        'period.to: must not be before issuedOn',
        'targets.0.value: a percentage must lie between 0 and 100',
        'targets.1.code: duplicates target code CT1',
        'targets.1.value: a count cannot be negative',
        'tasks.0.coordinatingUnits: lists the lead unit A again',
        'tasks.0.coordinatingUnits.2: lists unit B twice',
        'tasks.0.deadline: must not be before the plan was issued',
        'tasks.1.code: duplicates task code NV1',
        'tasks.1.deadline: must be a date written YYYY-MM-DD',
      ].sort(),
    );
  });

  it('takes a direction, and a reduction only as a positive change', () => {
    const target = { code: 'CT1', title: 'Giảm số vụ bạo lực gia đình', measure: 'change' as const, value: 10 };
    expect(issuesOf({ ...validPlan(), targets: [{ ...target, direction: 'reduceBy' }, { ...target, code: 'CT2', measure: 'count', value: 50, direction: 'atMost' }] })).toEqual([]);
    expect(issuesOf({ ...validPlan(), targets: [{ ...target, direction: 'down' }] })).toEqual(['targets.0.direction: Invalid option: expected one of "atLeast"|"atMost"|"reduceBy"']);
    expect(issuesOf({ ...validPlan(), targets: [{ ...target, direction: 'reduceBy', value: -10 }, { ...target, code: 'CT2', measure: 'percent', direction: 'reduceBy' }] })).toEqual([
      'targets.0.value: a reduction is its size, above 0 (down by 10% is 10)',
      'targets.1.direction: a reduction is measured as a change against a baseline',
    ]);
  });

  it('rejects unknown fields, wrong types and malformed document numbers', () => {
    expect(issuesOf({ ...validPlan(), priority: 'high' })).toEqual([': Unrecognized key: "priority"']);
    expect(issuesOf({ ...validPlan(), code: 'KH 925' })).toEqual(['code: must be the number, a slash and the symbol: number/TYPE-ISSUER, as in 925/KH-UBND']);
    expect(issuesOf({ ...validPlan(), tasks: [] })).toEqual(['tasks: a plan needs at least one task']);
    expect(issuesOf({ ...validPlan(), title: 42 })).toEqual(['title: Invalid input: expected string, received number']);
    expect(issuesOf({ ...validPlan(), tasks: [{ ...validPlan().tasks[0]!, kind: 'party' }] })[0]).toMatch(/^tasks\.0\.kind: /);
  });

  it('lists every unit a plan mentions once', () => {
    const plan = planDefinitionSchema.parse({
      ...validPlan(),
      tasks: [
        { code: 'NV1', title: 'a', kind: 'training', leadUnit: 'A', coordinatingUnits: ['B'], deadline: '2024-05-01' },
        { code: 'NV2', title: 'b', kind: 'campaign', leadUnit: 'B', coordinatingUnits: ['C', 'A'], deadline: '2024-05-01' },
      ],
    });
    expect(unitCodesOf(plan)).toEqual(['A', 'B', 'C']);
  });

  it('takes fan-out to every unit of a kind, and names the field when a task has both or neither', () => {
    const task = { code: 'NV3', title: 'Mô hình', kind: 'generic', deadline: '2024-11-30' };
    expect(issuesOf({ ...validPlan(), tasks: [{ ...task, fanOut: { kind: 'commune', under: 'H-DAKHA' } }] })).toEqual([]);
    expect(issuesOf({ ...validPlan(), tasks: [task] })).toEqual(['tasks.0.leadUnit: give either leadUnit or fanOut']);
    expect(issuesOf({ ...validPlan(), tasks: [{ ...task, leadUnit: 'A', fanOut: { kind: 'commune' } }] })).toEqual(['tasks.0.leadUnit: give either leadUnit or fanOut']);
    expect(issuesOf({ ...validPlan(), tasks: [{ ...task, fanOut: { kind: 'hamlet' } }] })[0]).toMatch(/^tasks\.0\.fanOut\.kind: /);
    expect(issuesOf({ ...validPlan(), tasks: [{ ...task, fanOut: { kind: 'commune' }, coordinatingUnits: ['A'] }] })).toEqual([
      'tasks.0.coordinatingUnits: a fanned-out task has no coordinating units',
    ]);
    const plan = planDefinitionSchema.parse({ ...validPlan(), tasks: [{ ...task, fanOut: { kind: 'commune', under: 'H-DAKHA' } }] });
    expect(unitCodesOf(plan)).toEqual(['H-DAKHA']);
  });
});

describe('repeating tasks', () => {
  const period = { from: '2021-01-01', to: '2025-12-31' };
  const base = { title: 'Kỷ niệm Ngày Gia đình Việt Nam', kind: 'commemoration' as const, leadUnit: 'SO-VHTTDL', coordinatingUnits: [] };

  it('recurs every year on its day within the period, not before the plan was issued', () => {
    const tasks = expandRepeats(period, '2021-07-01', [{ ...base, code: 'NV4', repeat: { every: 'year', on: '06-28' } }]);
    expect(tasks.map((task) => [task.code, task.deadline, task.title.slice(-10)])).toEqual([
      ['NV4.2022', '2022-06-28', '(năm 2022)'],
      ['NV4.2023', '2022-06-28'.replace('2022', '2023'), '(năm 2023)'],
      ['NV4.2024', '2024-06-28', '(năm 2024)'],
      ['NV4.2025', '2025-06-28', '(năm 2025)'],
    ]);
  });

  it('recurs every quarter and half-year, due days before the period ends', () => {
    const quarterly = expandRepeats({ from: '2024-01-01', to: '2024-12-31' }, '2024-03-20', [
      { ...base, code: 'NV9', kind: 'report', repeat: { every: 'quarter', daysBeforeEnd: 5 } },
    ]);
    expect(quarterly.map((task) => [task.code, task.deadline])).toEqual([
      ['NV9.2024-Q1', '2024-03-26'],
      ['NV9.2024-Q2', '2024-06-25'],
      ['NV9.2024-Q3', '2024-09-25'],
      ['NV9.2024-Q4', '2024-12-26'],
    ]);
    expect(quarterly[2]!.title).toBe('Kỷ niệm Ngày Gia đình Việt Nam (quý III/2024)');
    const halfYearly = expandRepeats({ from: '2024-01-01', to: '2024-12-31' }, '2024-01-01', [{ ...base, code: 'NV10', repeat: { every: 'half-year', daysBeforeEnd: 0 } }]);
    expect(halfYearly.map((task) => task.title.split('(')[1])).toEqual(['6 tháng đầu năm 2024)', '6 tháng cuối năm 2024)']);
  });

  it('recurs as a periodic report once each window is cut off, its deadline counted from the cut-off', () => {
    const task = { ...base, code: 'NV8', kind: 'report' as const, repeat: { reportEvery: 'six-months' as const, cutOffDay: 14, submitWithinWorkingDays: 3 } };
    // Issued 20/06/2022: the first half of 2022 was cut off on 14/06, before it.
    const reports = expandRepeats(period, '2022-06-20', [task]);
    expect(reports.map((report) => [report.code, report.reporting?.window.from, report.reporting?.window.to, report.deadline])).toEqual([
      ['NV8.2023-H1', '2022-12-15', '2023-06-14', { workingDays: 3 }],
      ['NV8.2024-H1', '2023-12-15', '2024-06-14', { workingDays: 3 }],
      ['NV8.2025-H1', '2024-12-15', '2025-06-14', { workingDays: 3 }],
    ]);
    expect(reports[0]!.title).toBe('Kỷ niệm Ngày Gia đình Việt Nam (6 tháng đầu năm 2023)');
    expect(deadlineCountsFrom(reports[0]!, '2022-06-20')).toBe('2023-06-14');
    const [dated] = expandRepeats(period, '2022-06-20', [{ ...base, code: 'NV1', deadline: { workingDays: 10 } }]);
    expect(deadlineCountsFrom(dated!, '2022-06-20')).toBe('2022-06-20');
  });

  it('takes a periodic report only on a report task, with a cut-off day every month has', () => {
    const reporting = (kind: string, repeat: unknown) => issuesOf({ ...validPlan(), tasks: [{ code: 'NV8', title: 'Báo cáo', kind, leadUnit: 'A', repeat }] });
    expect(reporting('report', { reportEvery: 'month' })).toEqual([]);
    expect(reporting('training', { reportEvery: 'month' })).toEqual(['tasks.0.kind: a periodic report repeats only on a task of kind report']);
    expect(reporting('report', { reportEvery: 'month', cutOffDay: 29 })[0]).toMatch(/^tasks\.0\.repeat\.cutOffDay: /);
    expect(reporting('report', { reportEvery: 'week' })[0]).toMatch(/^tasks\.0\.repeat/);
  });

  it('refuses a repeat that never falls in the period, and a task with both a deadline and a repeat', () => {
    const repeatIn = (repeat: unknown, extra: Record<string, unknown> = {}) =>
      issuesOf({ ...validPlan(), tasks: [{ code: 'NV4', title: 'Kỷ niệm', kind: 'commemoration', leadUnit: 'A', repeat, ...extra }] });
    expect(repeatIn({ every: 'year', on: '02-30' })).toEqual(['tasks.0.repeat.on: is not a day of the year']);
    expect(repeatIn({ every: 'year', on: '13-01' })).toEqual(['tasks.0.repeat.on: is not a day of the year']);
    expect(repeatIn({ every: 'year', on: '6-28' })).toEqual(['tasks.0.repeat.on: must be MM-DD']);
    expect(repeatIn({ every: 'year', on: '03-01' })).toEqual(['tasks.0.repeat: falls on no day within the plan period']);
    expect(repeatIn({ every: 'year', on: '06-28' }, { deadline: '2024-06-28' })).toEqual(['tasks.0.deadline: give either deadline or repeat']);
  });
});

describe('the size of a plan', () => {
  it('refuses a period longer than ten years, before laying repeats on it', () => {
    const repeating = { code: 'NV9', title: 'Báo cáo quý', kind: 'report', leadUnit: 'A', repeat: { every: 'quarter' } };
    // 7,976 years of quarters would be 31,904 occurrences of this one task: the only issue is the period's.
    expect(issuesOf({ ...validPlan(), period: { from: '2024-01-01', to: '9999-12-31' }, tasks: [repeating] })).toEqual([
      'period.to: a plan runs at most 10 years: end it by 2033-12-31',
    ]);
    // 2021–2030 is ten years to the day; one day more is refused.
    expect(issuesOf({ ...validPlan(), issuedOn: '2021-01-01', period: { from: '2021-01-01', to: '2030-12-31' }, tasks: [repeating] })).toEqual([]);
    expect(issuesOf({ ...validPlan(), issuedOn: '2021-01-01', period: { from: '2021-01-01', to: '2031-01-01' }, tasks: [repeating] })).toEqual([
      'period.to: a plan runs at most 10 years: end it by 2030-12-31',
    ]);
  });

  it('counts one assignment per occurrence and unit, and names the largest task when there are too many', () => {
    const plan = planDefinitionSchema.parse({
      ...validPlan(),
      tasks: [
        // 1 lead + 2 coordinating units = 3
        { code: 'NV1', title: 'Tập huấn', kind: 'training', leadUnit: 'A', coordinatingUnits: ['B', 'C'], deadline: '2024-08-31' },
        // 4 quarters from 2024-03-20 on: Q1 (due 2024-03-31), Q2, Q3, Q4 × 985 communes = 3,940
        { code: 'NV2', title: 'Báo cáo quý', kind: 'report', fanOut: { kind: 'commune' }, repeat: { every: 'quarter' } },
        // 1 × 9 districts = 9
        { code: 'NV3', title: 'Kiểm tra', kind: 'inspection', fanOut: { kind: 'district' }, deadline: '2024-11-30' },
      ],
    });
    const reached = (fanOut: { kind: string }) => (fanOut.kind === 'commune' ? 985 : 9);
    // 3 + 3,940 + 9 = 3,952
    expect(oversizeIssues(plan, reached, 3_952)).toEqual([]);
    expect(oversizeIssues(plan, reached, 3_951)).toEqual([
      { path: 'tasks', message: 'would create 3,952 assignments; one plan may create at most 3,951' },
      { path: 'tasks.1', message: 'creates 3,940 of them' },
    ]);
  });
});
