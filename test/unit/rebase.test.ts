import { daysBetween } from '../../domain/calendar';
import { examplePlans } from '../../examples/load';
import { rebasePlan } from '../../examples/rebase';
import { fixedDeadlineDate } from '../../domain/working-calendar';

describe('re-basing the example plans on today', () => {
  const original = examplePlans[1]!.definition; // 10/KH-BCĐ, issued 19/01/2021
  const rebased = rebasePlan(original, '2026-11-23', 200);

  it('issues the plan the requested number of days before today', () => {
    expect(rebased.issuedOn).toBe('2026-05-07');
    expect(daysBetween(rebased.issuedOn, '2026-11-23')).toBe(200);
  });

  it('keeps every interval of the original plan', () => {
    const offsets = (plan: typeof original) => [
      daysBetween(plan.issuedOn, plan.period.from),
      daysBetween(plan.issuedOn, plan.period.to),
      ...plan.tasks.map((task) => daysBetween(plan.issuedOn, fixedDeadlineDate(task.deadline!)!)),
    ];
    expect(offsets(rebased)).toEqual(offsets(original));
    expect(rebased.tasks.map((task) => task.code)).toEqual(original.tasks.map((task) => task.code));
  });

  it('says in the plan that its dates were moved, and from when', () => {
    expect(rebased.note).toContain('Dữ liệu minh họa');
    expect(rebased.note).toContain('19/01/2021');
    expect(rebased.note).toContain(`${daysBetween(original.issuedOn, rebased.issuedOn)} ngày`);
  });
});
