import { addDays, daysBetween, formatVietnameseDate, type IsoDate } from '../domain/calendar';
import type { PlanDefinition } from '../domain/plan-definition';
import { fixedDeadlineDate } from '../domain/working-calendar';

/**
 * The seed plans' real dates lie years back. For the demo every date of a plan moves by
 * the same number of days, so that it was issued `daysSinceIssue` days before `today`:
 * some deadlines have passed and others lie ahead. The plan's note says so.
 */
export function rebasePlan(plan: PlanDefinition, today: IsoDate, daysSinceIssue: number): PlanDefinition {
  const shift = daysBetween(plan.issuedOn, addDays(today, -daysSinceIssue));
  const move = (date: IsoDate) => addDays(date, shift);
  return {
    ...plan,
    issuedOn: move(plan.issuedOn),
    period: { from: move(plan.period.from), to: move(plan.period.to) },
    tasks: plan.tasks.map((task) => {
      // Repeating tasks recur on their days within the moved period; relative deadlines move with the issue date.
      const fixed = task.deadline && (typeof task.deadline === 'string' || 'date' in task.deadline) ? fixedDeadlineDate(task.deadline) : undefined;
      return fixed ? { ...task, deadline: move(fixed) } : task;
    }),
    note:
      `Dữ liệu minh họa: mọi mốc thời gian của kế hoạch gốc (ban hành ngày ${formatVietnameseDate(plan.issuedOn)}) ` +
      `được dời thêm ${shift} ngày để kế hoạch đang trong thời gian thực hiện.`,
  };
}
