/** Attainment on a small province, with the figures worked out by hand in the comments. */
import { attainment, meetsGoal, targetGoal, type UnitFacts } from '../../domain/target-attainment';

const unit = (id: string, parentId: string | null, kind: string, households: number | null = null, familyOfficials: number | null = null): UnitFacts => ({
  id,
  parentId,
  kind,
  households,
  familyOfficials,
});

// Province → district Đắk Hà (households not recorded: its communes' add up) → 2 communes;
// district Đắk Tô (1,000 households recorded itself) → 1 commune with 400 recorded.
const units = [
  unit('tinh', null, 'province'),
  unit('dakha', 'tinh', 'district', null, 4),
  unit('hamon', 'dakha', 'commune', 1_200, 2),
  unit('dakmar', 'dakha', 'commune', 800, 2),
  unit('dakto', 'tinh', 'district', 1_000, 6),
  unit('tanloi', 'dakto', 'commune', 400, 1),
];

describe('a percentage of households', () => {
  const rule = { measure: 'percent' as const, value: 85, base: 'households' as const, source: { figure: 'householdsReached', from: 'activities' as const, count: 'sum' as const } };
  const figures = new Map([
    ['hamon', 1_100], // 1,100 / 1,200 = 91.7% ≥ 85
    ['dakmar', 500], // 500 / 800 = 62.5%
    ['dakto', 300],
    ['tanloi', 350],
  ]);
  const { total, perUnit } = attainment(rule, units, figures);

  it('judges each unit over its own base', () => {
    expect(perUnit.get('hamon')).toEqual({ actual: 1_100, base: 1_200, achieved: 91.7, attained: true });
    expect(perUnit.get('dakmar')).toEqual({ actual: 500, base: 800, achieved: 62.5, attained: false });
  });

  it("rolls a district up from its communes, and uses a district's own base when recorded", () => {
    // Đắk Hà: (1,100 + 500) / (1,200 + 800) = 80%. Đắk Tô: (300 + 350) / 1,000 = 65%.
    expect(perUnit.get('dakha')).toEqual({ actual: 1_600, base: 2_000, achieved: 80, attained: false });
    expect(perUnit.get('dakto')).toEqual({ actual: 650, base: 1_000, achieved: 65, attained: false });
  });

  it('adds up to the province without counting a household twice', () => {
    // (1,600 + 650) / (2,000 + 1,000) = 75%.
    expect(perUnit.get('tinh')).toEqual({ actual: 2_250, base: 3_000, achieved: 75, attained: false });
    expect(total).toEqual(perUnit.get('tinh'));
  });
});

it('counts the communes with a model against the number of communes', () => {
  const rule = { measure: 'percent' as const, value: 65, base: 'communes' as const, source: { figure: 'modelsEstablished', from: 'activities' as const, count: 'units' as const } };
  // Two of three communes have a model (Hà Mòn has two, still one commune): 66.7% ≥ 65.
  const { total, perUnit } = attainment(rule, units, new Map([['hamon', 2], ['tanloi', 1], ['dakto', 0]]));
  expect(total).toEqual({ actual: 2, base: 3, achieved: 66.7, attained: true });
  expect(perUnit.get('dakha')).toEqual({ actual: 1, base: 2, achieved: 50, attained: false });
});

it('counts officials trained against the officials recorded', () => {
  const rule = { measure: 'percent' as const, value: 100, base: 'familyOfficials' as const, source: { figure: 'officialsTrained', from: 'activities' as const, count: 'sum' as const } };
  // Đắk Hà records 4 itself (its communes' 2 + 2 are not added again): 4 + 6 = 10 in the province; 9 trained.
  const { total } = attainment(rule, units, new Map([['hamon', 2], ['dakmar', 2], ['dakto', 5]]));
  expect(total).toEqual({ actual: 9, base: 10, achieved: 90, attained: false });
});

it('measures a change against its baseline, downward when the target is negative', () => {
  const rule = { measure: 'change' as const, value: -10, baseline: 120, source: { figure: 'violenceCases', from: 'submissions' as const, count: 'sum' as const } };
  // 100 cases against 120: -16.7% ≤ -10.
  expect(attainment(rule, units, new Map([['hamon', 60], ['dakto', 40]])).total).toEqual({ actual: 100, base: 120, achieved: -16.7, attained: true });
  // 110 against 120: -8.3%, not enough.
  expect(attainment(rule, units, new Map([['hamon', 110]])).total.attained).toBe(false);
});

it('judges a count against its value', () => {
  const rule = { measure: 'count' as const, value: 10, source: { figure: 'trainingCourses', from: 'activities' as const, count: 'sum' as const } };
  expect(attainment(rule, units, new Map([['hamon', 4], ['dakto', 6]])).total).toEqual({ actual: 10, base: null, achieved: 10, attained: true });
});

describe('the direction of a target', () => {
  const cases = { figure: 'violenceCases', from: 'submissions' as const, count: 'sum' as const };

  it('reads a target without a direction as it was always read: at least, or a reduction when a change is negative', () => {
    expect(targetGoal({ measure: 'percent', value: 90 })).toEqual({ direction: 'atLeast', value: 90 });
    expect(targetGoal({ measure: 'change', value: 5 })).toEqual({ direction: 'atLeast', value: 5 });
    expect(targetGoal({ measure: 'change', value: -10 })).toEqual({ direction: 'reduceBy', value: 10 });
    expect(targetGoal({ measure: 'count', value: 50, direction: 'atMost' })).toEqual({ direction: 'atMost', value: 50 });
  });

  it('reaches "at most" while the figure stays at or under the value', () => {
    const rule = { measure: 'count' as const, value: 50, direction: 'atMost' as const, source: cases };
    // 30 + 20 = 50 cases: exactly the ceiling, reached.
    expect(attainment(rule, units, new Map([['hamon', 30], ['dakto', 20]])).total).toEqual({ actual: 50, base: null, achieved: 50, attained: true });
    // 30 + 21 = 51: one over.
    expect(attainment(rule, units, new Map([['hamon', 30], ['dakto', 21]])).total).toEqual({ actual: 51, base: null, achieved: 51, attained: false });
  });

  it('judges a percentage ceiling over its base', () => {
    const rule = { measure: 'percent' as const, value: 5, direction: 'atMost' as const, base: 'households' as const, source: { ...cases, figure: 'householdsReached' } };
    // Households in the province: 1,200 + 800 + 1,000 = 3,000. 150 / 3,000 = 5% ≤ 5; 153 / 3,000 = 5.1%, over.
    expect(attainment(rule, units, new Map([['hamon', 150]])).total).toEqual({ actual: 150, base: 3_000, achieved: 5, attained: true });
    expect(attainment(rule, units, new Map([['hamon', 153]])).total).toEqual({ actual: 153, base: 3_000, achieved: 5.1, attained: false });
  });

  it('reaches "reduce by" when the change falls by at least the value, the same as a negative change', () => {
    const reduceBy = { measure: 'change' as const, value: 10, direction: 'reduceBy' as const, baseline: 120, source: cases };
    const negative = { measure: 'change' as const, value: -10, baseline: 120, source: cases };
    // 108 against 120: (108 − 120) / 120 = −10% exactly, reached. 109: −9.2%, not reached.
    for (const rule of [reduceBy, negative]) {
      expect(attainment(rule, units, new Map([['hamon', 108]])).total).toEqual({ actual: 108, base: 120, achieved: -10, attained: true });
      expect(attainment(rule, units, new Map([['hamon', 109]])).total).toEqual({ actual: 109, base: 120, achieved: -9.2, attained: false });
    }
  });

  it('caps a rise with "at most" on a change', () => {
    const rule = { measure: 'change' as const, value: 5, direction: 'atMost' as const, baseline: 200, source: cases };
    // 210 against 200: +5%, at the cap; 212: +6%.
    expect(attainment(rule, units, new Map([['hamon', 210]])).total.attained).toBe(true);
    expect(attainment(rule, units, new Map([['hamon', 212]])).total).toEqual({ actual: 212, base: 200, achieved: 6, attained: false });
  });

  it('judges each goal by its direction', () => {
    expect([meetsGoal(10, { direction: 'atLeast', value: 10 }), meetsGoal(9.9, { direction: 'atLeast', value: 10 })]).toEqual([true, false]);
    expect([meetsGoal(10, { direction: 'atMost', value: 10 }), meetsGoal(10.1, { direction: 'atMost', value: 10 })]).toEqual([true, false]);
    expect([meetsGoal(-10, { direction: 'reduceBy', value: 10 }), meetsGoal(-9.9, { direction: 'reduceBy', value: 10 }), meetsGoal(10, { direction: 'reduceBy', value: 10 })]).toEqual([true, false, false]);
  });
});
