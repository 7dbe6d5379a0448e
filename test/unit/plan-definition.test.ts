import { planDefinitionSchema, unitCodesOf, type PlanDefinitionInput } from '../../domain/plan-definition';
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
    expect(plan10!.tasks.filter((task) => task.kind === 'commemoration').map((task) => fixedDeadlineDate(task.deadline)!.slice(5))).toEqual([
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

  it('rejects unknown fields, wrong types and malformed document numbers', () => {
    expect(issuesOf({ ...validPlan(), priority: 'high' })).toEqual([': Unrecognized key: "priority"']);
    expect(issuesOf({ ...validPlan(), code: 'KH 925' })).toEqual(['code: must look like a document number such as 925/KH-UBND']);
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
});
