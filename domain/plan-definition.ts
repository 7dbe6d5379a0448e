/**
 * The shape of a plan (Kế hoạch) as departments write it: its targets (chỉ tiêu) and
 * its tasks (nhiệm vụ), each task led by one unit with coordinating units. The same
 * schema validates API requests, types the code and (later) documents the API.
 */
import { z } from 'zod';
import { targetBases, targetSourceSchema } from './target-attainment';
import { planLadderSchema } from './escalation-policy';
import { deadlineSpecSchema, fixedDeadlineDate } from './working-calendar';

export const taskKinds = ['training', 'campaign', 'commemoration', 'inspection', 'report', 'generic'] as const;
export type TaskKind = (typeof taskKinds)[number];

/** percent: share of a base (households, officials, communes); count: an absolute number; change: % up or down against a baseline. */
export const targetMeasures = ['percent', 'count', 'change'] as const;

const isoDate = z.iso.date({ error: 'must be a date written YYYY-MM-DD' });
const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);
export const unitCodeSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(64)
  .regex(/^[\p{L}\p{N}_.-]+$/u, 'may contain letters, digits, "_", "." and "-" only');

/** Document numbers as issued: `925/KH-UBND`, `10/KH-BCĐ`. */
const planCodeSchema = z
  .string()
  .trim()
  .max(64)
  .regex(/^\d+\/[\p{Lu}\p{N}-]+$/u, 'must look like a document number such as 925/KH-UBND');

export const targetSchema = z.strictObject({
  code: text(32),
  title: text(500),
  measure: z.enum(targetMeasures),
  value: z.number().finite(),
  description: text(2000).optional(),
  /** For a percentage: of the units' households, family-affairs officials or communes. */
  base: z.enum(targetBases).optional(),
  /** For a change: the figure it is measured against (e.g. last year's domestic-violence cases). */
  baseline: z.number().finite().min(0).optional(),
  /** Where the figure comes from; without one the target is shown, not measured. */
  source: targetSourceSchema.optional(),
});

export const taskSchema = z.strictObject({
  code: text(32),
  title: text(500),
  description: text(5000).optional(),
  kind: z.enum(taskKinds),
  leadUnit: unitCodeSchema,
  coordinatingUnits: z.array(unitCodeSchema).max(2000).default([]),
  /** A date, or `{ workingDays }` / `{ calendarDays }` counted from the day the plan was issued. */
  deadline: deadlineSpecSchema,
});

export const planDefinitionSchema = z
  .strictObject({
    code: planCodeSchema,
    title: text(500),
    issuingBody: text(200),
    issuedOn: isoDate,
    period: z.strictObject({ from: isoDate, to: isoDate }),
    note: text(2000).optional(),
    /** The UBND or Ban Chỉ đạo unit that issued the plan; its head receives level-3 escalations. */
    issuingUnit: unitCodeSchema.optional(),
    /** The department that assigns and reviews the work; its head receives level-2 escalations. */
    assigningUnit: unitCodeSchema.optional(),
    /** Reminders and the escalation ladder, for the whole plan and per task kind; defaults apply otherwise. */
    escalation: planLadderSchema.optional(),
    targets: z.array(targetSchema).max(100).default([]),
    tasks: z.array(taskSchema).min(1, 'a plan needs at least one task').max(500),
  })
  .superRefine((plan, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    // Format issues do not stop refinements in Zod 4; compare only dates that are well-formed.
    const before = (date: string, other: string) => isoDate.safeParse(date).success && isoDate.safeParse(other).success && date < other;

    if (before(plan.period.to, plan.period.from)) issue(['period', 'to'], 'must not be before period.from');
    if (before(plan.period.to, plan.issuedOn)) issue(['period', 'to'], 'must not be before issuedOn');

    reportDuplicates(plan.targets.map((t) => t.code), (index, code) => issue(['targets', index, 'code'], `duplicates target code ${code}`));
    reportDuplicates(plan.tasks.map((t) => t.code), (index, code) => issue(['tasks', index, 'code'], `duplicates task code ${code}`));

    plan.targets.forEach((target, index) => {
      if (target.measure === 'percent' && (target.value < 0 || target.value > 100)) {
        issue(['targets', index, 'value'], 'a percentage must lie between 0 and 100');
      }
      if (target.measure === 'count' && target.value < 0) issue(['targets', index, 'value'], 'a count cannot be negative');
      if (target.source && target.measure === 'percent' && !target.base) issue(['targets', index, 'base'], 'a measured percentage needs its base');
      if (target.source && target.measure === 'change' && target.baseline === undefined) issue(['targets', index, 'baseline'], 'a measured change needs its baseline');
    });

    plan.tasks.forEach((task, index) => {
      const fixed = fixedDeadlineDate(task.deadline);
      if (fixed && before(fixed, plan.issuedOn)) issue(['tasks', index, 'deadline'], 'must not be before the plan was issued');
      if (task.coordinatingUnits.includes(task.leadUnit)) {
        issue(['tasks', index, 'coordinatingUnits'], `lists the lead unit ${task.leadUnit} again`);
      }
      reportDuplicates(task.coordinatingUnits, (unitIndex, code) =>
        issue(['tasks', index, 'coordinatingUnits', unitIndex], `lists unit ${code} twice`),
      );
    });
  });

export type PlanDefinition = z.infer<typeof planDefinitionSchema>;
export type PlanDefinitionInput = z.input<typeof planDefinitionSchema>;
export type TaskDefinition = z.infer<typeof taskSchema>;

function reportDuplicates(values: readonly string[], report: (index: number, value: string) => void): void {
  const seen = new Set<string>();
  values.forEach((value, index) => {
    if (seen.has(value)) report(index, value);
    seen.add(value);
  });
}

/** Every unit code a plan mentions, lead and coordinating, each once. */
export function unitCodesOf(plan: PlanDefinition): string[] {
  return [...new Set(plan.tasks.flatMap((task) => [task.leadUnit, ...task.coordinatingUnits]))];
}
