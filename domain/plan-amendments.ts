/**
 * Amendments of a running plan (điều chỉnh kế hoạch), made by a later document — a công văn or
 * a Kế hoạch sửa đổi — and the plan's end: closing it (kết thúc) or cancelling it. Each carries
 * its reason and the document it follows. The request schemas, and the wording an official
 * reads in the plan's history and in the notices.
 */
import { z } from 'zod';
import { isoDate, text } from './fields';
import { formatVietnameseDate, localDate, type IsoDate } from './calendar';
import { targetSchema, taskSchema, targetMeasures, type PlanDefinition, type PlanDraftContent } from './plan-definition';
import { targetDirectionWords, type TargetDirection } from './target-attainment';
import { unitCodeSchema } from './units';
import { actorSchema } from './access';
import { deadlineSpecSchema, type DeadlineSpec } from './working-calendar';

/** Why, and by which document: "Công văn số 1234/UBND-KGVX ngày 15/3/2025 của UBND tỉnh". */
const basis = {
  reason: text(2_000),
  document: text(300),
};

/** A task of the plan by its code: one task (`NV3`, `NV9.2024-Q1`), or a repeating task's every occurrence (`NV9`). */
const taskCode = text(40);

export const amendmentBodySchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('addTask'), ...basis, task: taskSchema }),
  z.strictObject({ kind: z.literal('cancelTask'), ...basis, task: taskCode }),
  z.strictObject({ kind: z.literal('moveDeadline'), ...basis, task: taskCode, deadline: deadlineSpecSchema }),
  z.strictObject({ kind: z.literal('addCoordinatingUnit'), ...basis, task: taskCode, unit: unitCodeSchema }),
  z.strictObject({ kind: z.literal('removeCoordinatingUnit'), ...basis, task: taskCode, unit: unitCodeSchema }),
  z
    .strictObject({
      kind: z.literal('changeTarget'),
      ...basis,
      target: text(32),
      value: z.number().finite().optional(),
      measure: z.enum(targetMeasures).optional(),
      direction: targetSchema.shape.direction,
      base: targetSchema.shape.base,
      baseline: targetSchema.shape.baseline,
      source: targetSchema.shape.source,
    })
    .refine((change) => ['value', 'measure', 'direction', 'base', 'baseline', 'source'].some((field) => field in change), {
      message: 'give the value, the measure or the direction to change',
      params: { vi: 'Nhập giá trị, cách tính hoặc yêu cầu mới của chỉ tiêu' },
      path: ['value'],
    }),
]);
export type AmendmentBody = z.infer<typeof amendmentBodySchema>;

/** Open work when a plan is closed: cancelled here, or cancelled here and carried into the next period's draft. */
export const openWorkDispositions = ['cancel', 'carryOver'] as const;

export const closePlanBodySchema = z.strictObject({
  reason: basis.reason,
  document: basis.document.optional(),
  /** Required when work is still open: the close is refused with that work listed otherwise. */
  openWork: z.enum(openWorkDispositions).optional(),
});
export const cancelPlanBodySchema = z.strictObject({ reason: basis.reason, document: basis.document.optional() });

/** The new draft's period; by default the plan's own, moved by as many whole years as it lasts (at least one). */
export const copyPlanBodySchema = z.strictObject({ period: z.strictObject({ from: isoDate, to: isoDate }).optional() });

export const amendmentKinds = ['addTask', 'cancelTask', 'moveDeadline', 'addCoordinatingUnit', 'removeCoordinatingUnit', 'changeTarget', 'closePlan', 'cancelPlan'] as const;
export type AmendmentKind = (typeof amendmentKinds)[number];

/** What an amendment changed: the tasks or target concerned, and the values before and after. */
export const amendmentChangeSchema = z.object({
  kind: z.enum(amendmentKinds),
  /** Task codes concerned (a repeating task: its occurrences). */
  tasks: z.array(z.string()).optional(),
  target: z.string().optional(),
  unit: z.object({ code: z.string(), name: z.string() }).optional(),
  before: z.record(z.string(), z.unknown()).optional(),
  after: z.record(z.string(), z.unknown()).optional(),
});
export type AmendmentChange = z.infer<typeof amendmentChangeSchema>;

/**
 * What an amendment keeps beside its change, for its workflow to carry out: the commands each
 * assignment's workflow takes, and the units to tell with their work concerned.
 */
export const amendmentWorkSchema = z.object({
  change: amendmentChangeSchema,
  actor: actorSchema,
  commands: z.array(z.object({ assignmentId: z.uuid(), action: z.enum(['cancel', 'moveDeadline']), deadline: z.iso.datetime().optional() })),
  notify: z.array(z.object({ unitId: z.uuid(), assignmentIds: z.array(z.uuid()) })),
  /** A plan closed with its open work carried over: the next period's draft that holds it. */
  carriedInto: z.uuid().optional(),
  /** Once applied: the commands the workflows took, and those skipped because the work had closed meanwhile. */
  outcome: z.object({ applied: z.number().int(), skipped: z.number().int() }).optional(),
});
export type AmendmentWork = z.infer<typeof amendmentWorkSchema>;

/** An instant kept as ISO text, as the day it falls on in Vietnam. */
const dated = (value: unknown) => (typeof value === 'string' ? formatVietnameseDate(localDate(new Date(value))) : '');

const measureWords: Record<(typeof targetMeasures)[number], string> = { percent: 'tỷ lệ (%)', count: 'số lượng', change: 'tăng/giảm (%)' };

/** A target's goal in words: "không vượt quá 5%", or the figure alone for the usual "at least". */
const targetFigure = (values: Record<string, unknown> | undefined) => {
  if (values?.value === undefined) return '';
  const figure = `${String(values.value)}${values.measure === 'percent' ? '%' : ''}`;
  const direction = values.direction as TargetDirection | undefined;
  return direction && direction !== 'atLeast' ? `${targetDirectionWords[direction].toLowerCase()} ${figure}` : figure;
};

/** One line in Vietnamese saying what the amendment did, for the plan's history and the notices. */
export function amendmentSummary(change: AmendmentChange): string {
  const tasks = change.tasks?.join(', ') ?? '';
  switch (change.kind) {
    case 'addTask':
      return `Bổ sung nhiệm vụ ${tasks}${change.after?.title ? `: ${String(change.after.title)}` : ''}`;
    case 'cancelTask':
      return `Hủy nhiệm vụ ${tasks}`;
    case 'moveDeadline':
      return `Điều chỉnh thời hạn nhiệm vụ ${tasks}: từ ${dated(change.before?.deadline)} thành ${dated(change.after?.deadline)}`;
    case 'addCoordinatingUnit':
      return `Bổ sung ${change.unit?.name ?? ''} phối hợp thực hiện nhiệm vụ ${tasks}`;
    case 'removeCoordinatingUnit':
      return `Thôi giao ${change.unit?.name ?? ''} phối hợp thực hiện nhiệm vụ ${tasks}`;
    case 'changeTarget': {
      const measure = change.after?.measure !== change.before?.measure && change.after?.measure ? ` (cách đo: ${measureWords[change.after.measure as keyof typeof measureWords]})` : '';
      return `Điều chỉnh chỉ tiêu ${change.target ?? ''}: từ ${targetFigure(change.before)} thành ${targetFigure(change.after)}${measure}`;
    }
    case 'closePlan':
      return 'Kết thúc kế hoạch';
    case 'cancelPlan':
      return 'Hủy kế hoạch';
  }
}

/** The years a copy moves a plan by: as many whole years as its period spans, at least one. */
export function copyShiftYears(period: { from: IsoDate; to: IsoDate }): number {
  return Math.max(1, Number(period.to.slice(0, 4)) - Number(period.from.slice(0, 4)) + 1);
}

/** The same day `years` later (29 February becomes 28 February in a common year). */
export function shiftYears(date: IsoDate, years: number): IsoDate {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const shifted = `${String(year + years).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return isoDate.safeParse(shifted).success ? shifted : shifted.replace(/-29$/, '-28');
}

/** A deadline written as a date moves with the period; one counted from the day of issue stays as written. */
function shiftedDeadline(deadline: DeadlineSpec, years: number): DeadlineSpec {
  if (typeof deadline === 'string') return shiftYears(deadline, years);
  if ('date' in deadline) return { date: shiftYears(deadline.date, years) };
  if ('at' in deadline) return { at: `${shiftYears(deadline.at.slice(0, 10), years)}${deadline.at.slice(10)}` };
  return deadline;
}

/** Years written in a title that fall within the plan's period ("năm 2025", "giai đoạn 2021 - 2025") move with it; others (a decree's year) stay. */
function shiftTitleYears(title: string, period: { from: IsoDate; to: IsoDate }, years: number): string {
  const first = Number(period.from.slice(0, 4));
  const last = Number(period.to.slice(0, 4));
  return title.replace(/(?<![\d/.-])(\d{4})(?![\d/.-]?\d)/g, (match, year: string) => {
    const value = Number(year);
    return value >= first && value <= last ? String(value + years) : match;
  });
}

/**
 * A plan copied into the next period's draft: its targets, tasks, units, ladder and relative
 * deadlines as they are, its period, fixed deadlines and the years in its title moved by `years`.
 * The new document has no number, date or signer yet; the owner department assigns it.
 */
export function copiedPlanContent(plan: PlanDefinition, years: number, period = { from: shiftYears(plan.period.from, years), to: shiftYears(plan.period.to, years) }): PlanDraftContent {
  const { code, issuedOn: _issuedOn, signer: _signer, assigningUnit: _assigningUnit, period: oldPeriod, note: _note, ...kept } = plan;
  return {
    ...kept,
    title: shiftTitleYears(plan.title, oldPeriod, years),
    period,
    note: `Sao chép từ Kế hoạch số ${code} (${formatVietnameseDate(oldPeriod.from)} – ${formatVietnameseDate(oldPeriod.to)}).`,
    tasks: plan.tasks.map((task) => ({
      ...task,
      title: shiftTitleYears(task.title, oldPeriod, years),
      ...(task.deadline !== undefined && { deadline: shiftedDeadline(task.deadline, years) }),
    })),
  };
}
