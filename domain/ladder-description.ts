/**
 * What the reminders and the escalation ladder will do for a plan's tasks, in the words a
 * department head reads before issuing it: per group of task kinds that share a ladder, each
 * reminder before the deadline and each level after it — how many working days overdue, and
 * who is told.
 */
import { z } from 'zod';
import { escalationTargets, ladderFor, type EscalationTarget, type LadderPolicy, type PlanLadder } from './escalation-policy';
import { taskKinds, type TaskKind } from './task-kinds';

/** Where a kind's ladder comes from: the plan's rule for that kind, the plan's rule for all its tasks, or the engine's default. */
export const ladderSources = ['kind', 'plan', 'engine'] as const;
export type LadderSource = (typeof ladderSources)[number];

export const ladderDescriptionSchema = z.object({
  /** The task kinds of the plan that run this ladder, in the order the plan first lists them. */
  kinds: z.array(z.enum(taskKinds)),
  from: z.enum(ladderSources),
  reminders: z.array(z.object({ workingDaysBefore: z.number().int(), text: z.string() })),
  levels: z.array(
    z.object({
      level: z.number().int(),
      /** Counted from the deadline's day: the level's own delay added to those of the levels before it. */
      workingDaysOverdue: z.number().int(),
      notify: z.enum(escalationTargets),
      text: z.string(),
    }),
  ),
});
export type LadderDescription = z.infer<typeof ladderDescriptionSchema>;

/** Who the levels name: the department that assigns the work, and the body that issued the plan (null when the plan names no issuing unit). */
export interface LadderAudience {
  assigner: string;
  issuer: string | null;
}

const sourceOf = (plan: PlanLadder | undefined, kind: TaskKind): LadderSource => (plan?.byKind?.[kind] ? 'kind' : plan?.default ? 'plan' : 'engine');

function recipient(notify: EscalationTarget, audience: LadderAudience): string {
  if (notify === 'unit-head') return 'lãnh đạo đơn vị thực hiện';
  if (notify === 'assigner-head') return `lãnh đạo ${audience.assigner}`;
  // The level is still raised and listed; with no issuing unit it has no head to mail.
  return audience.issuer ? `lãnh đạo ${audience.issuer}` : 'lãnh đạo cơ quan ban hành (kế hoạch chưa chọn đơn vị ban hành nên không gửi thư)';
}

const reminderText = (workingDays: number) =>
  workingDays === 0 ? 'Nhắc đơn vị thực hiện vào ngày đến hạn' : `Nhắc đơn vị thực hiện ${workingDays} ngày làm việc trước hạn`;

const levelText = (level: number, overdue: number, whom: string) =>
  `Cấp ${level} — ${overdue === 0 ? 'ngay khi quá hạn' : `quá hạn ${overdue} ngày làm việc`}: báo ${whom}`;

function describePolicy(policy: LadderPolicy, audience: LadderAudience): Pick<LadderDescription, 'reminders' | 'levels'> {
  let overdue = 0;
  return {
    reminders: policy.reminders.map(({ workingDays }) => ({ workingDaysBefore: workingDays, text: reminderText(workingDays) })),
    levels: policy.levels.map(({ after, notify }, index) => {
      overdue += after.workingDays;
      return { level: index + 1, workingDaysOverdue: overdue, notify, text: levelText(index + 1, overdue, recipient(notify, audience)) };
    }),
  };
}

/** The ladders the plan's task kinds will run (ladderFor), kinds that share one described once. */
export function describeLadders(plan: PlanLadder | undefined, kinds: readonly TaskKind[], audience: LadderAudience): LadderDescription[] {
  const groups = new Map<LadderPolicy, TaskKind[]>();
  for (const kind of new Set(kinds)) {
    const policy = ladderFor(plan, kind);
    groups.set(policy, [...(groups.get(policy) ?? []), kind]);
  }
  return [...groups].map(([policy, grouped]) => ({ kinds: grouped, from: sourceOf(plan, grouped[0]!), ...describePolicy(policy, audience) }));
}
