/**
 * The shape of a plan (Kế hoạch) as departments write it: its targets (chỉ tiêu) and
 * its tasks (nhiệm vụ), each task led by one unit with coordinating units. The same
 * schema validates API requests, types the code and documents the API.
 */
import { z } from 'zod';
import { isoDate, text } from './fields';
import { targetBases, targetDirections, targetSourceSchema } from './target-attainment';
import { unitCodeSchema, unitKinds } from './units';
import { planLadderSchema } from './escalation-policy';
import { addDays, type IsoDate } from './calendar';
import { deadlineSpecSchema, fixedDeadlineDate, type DeadlineSpec } from './working-calendar';
import { taskKinds, type TaskKind } from './task-kinds';
import { readDocumentSymbol } from './document-symbol';
import { reportingPeriods, reportingRepeatSchema, type ReportingWindow } from './reporting-periods';

export { taskKinds, type TaskKind };

/** percent: share of a base (households, officials, communes); count: an absolute number; change: % up or down against a baseline. */
export const targetMeasures = ['percent', 'count', 'change'] as const;

/**
 * A rule's reason in Vietnamese beside the API's English one, carried in the issue's params so
 * that pages name the problem in the official's words (vietnameseIssue in plan-problems.ts).
 */
export const vi = (message: string) => ({ vi: message });

/** Document numbers and symbols as issued: `925/KH-UBND`, `10/KH-BCĐ`. */
const planCodeSchema = z
  .string()
  .trim()
  .max(64)
  .superRefine((code, ctx) => {
    const read = readDocumentSymbol(code);
    if (!read.ok) ctx.addIssue({ code: 'custom', message: read.fault.en, params: vi(read.fault.vi) });
  });

/** Who signed the document (người ký): the name and the position it was signed in, e.g. "KT. Chủ tịch — Phó Chủ tịch". */
export const signerSchema = z.strictObject({ name: text(200), position: text(200) });

export const targetSchema = z.strictObject({
  code: text(32),
  title: text(500),
  measure: z.enum(targetMeasures),
  value: z.number().finite(),
  /** At least the value (the default), at most, or, for a change, down by at least the value (targetGoal in target-attainment.ts). */
  direction: z.enum(targetDirections).optional(),
  description: text(2000).optional(),
  /** For a percentage: of the units' households, family-affairs officials or communes. */
  base: z.enum(targetBases).optional(),
  /** For a change: the figure it is measured against (e.g. last year's domestic-violence cases). */
  baseline: z.number().finite().min(0).optional(),
  /** Where the figure comes from; without one the target is shown, not measured. */
  source: targetSourceSchema.optional(),
});

/** Every unit of a kind, under a parent or in the whole province: "all communes of district X". */
export const fanOutSchema = z.strictObject({ kind: z.enum(unitKinds), under: unitCodeSchema.optional() });

/**
 * A task that comes back within the plan's period: every year on a day (commemorations,
 * the year-end report), or every half-year or quarter, due a number of days before it ends
 * (sơ kết reports); or a periodic report with its data cut-off window (reporting-periods.ts).
 */
export const repeatSchema = z.union([
  z.strictObject({
    every: z.literal('year'),
    on: z
      .string()
      .regex(/^\d\d-\d\d$/, 'must be MM-DD')
      .refine((day) => !/^\d\d-\d\d$/.test(day) || isoDate.safeParse(`2024-${day}`).success, { message: 'is not a day of the year', params: vi('Không phải là một ngày trong năm') }),
  }),
  z.strictObject({ every: z.enum(['half-year', 'quarter']), daysBeforeEnd: z.number().int().min(0).max(60).default(0) }),
  reportingRepeatSchema,
]);

const taskFields = z.strictObject({
    code: text(24),
    title: text(500),
    description: text(5000).optional(),
    kind: z.enum(taskKinds),
    /** One lead unit with its coordinating units, or `fanOut`: each matching unit leads its own share. */
    leadUnit: unitCodeSchema.optional(),
    coordinatingUnits: z.array(unitCodeSchema).max(2000).default([]),
    fanOut: fanOutSchema.optional(),
    /** A date, or `{ workingDays }` / `{ calendarDays }` counted from the day the plan was issued; or `repeat`. */
    deadline: deadlineSpecSchema.optional(),
    repeat: repeatSchema.optional(),
});

export const taskSchema = taskFields.superRefine((task, ctx) => {
  const issue = (path: string, message: string, vietnamese: string) => ctx.addIssue({ code: 'custom', path: [path], message, params: vi(vietnamese) });
  if (!task.leadUnit === !task.fanOut) issue('leadUnit', 'give either leadUnit or fanOut', 'Chọn đơn vị chủ trì, hoặc giao cho mọi đơn vị cùng loại');
  if (task.fanOut && task.coordinatingUnits.length > 0) issue('coordinatingUnits', 'a fanned-out task has no coordinating units', 'Nhiệm vụ giao cho mọi đơn vị cùng loại không có đơn vị phối hợp');
  if (!task.deadline === !task.repeat) issue('deadline', 'give either deadline or repeat', 'Chọn một thời hạn, hoặc lặp lại định kỳ');
  if (task.repeat && 'reportEvery' in task.repeat && task.kind !== 'report') issue('kind', 'a periodic report repeats only on a task of kind report', 'Chỉ nhiệm vụ báo cáo mới lặp lại theo kỳ báo cáo');
});

/** The longest plan period: a ten-year programme (2021–2030) is the longest a province runs. */
export const MAX_PLAN_YEARS = 10;

/** The last day a period from `from` may run to: the day before its tenth anniversary; none past the year 9999. */
function lastDayOfPeriod(from: IsoDate): IsoDate | undefined {
  const [year, month, day] = from.split('-').map(Number) as [number, number, number];
  if (year + MAX_PLAN_YEARS > 9999) return undefined;
  const last = new Date(0);
  last.setUTCFullYear(year + MAX_PLAN_YEARS, month - 1, day - 1);
  return last.toISOString().slice(0, 10);
}

const planFields = z.strictObject({
    /** Số, ký hiệu. */
    code: planCodeSchema,
    /** Trích yếu. */
    title: text(500),
    /** Tên cơ quan ban hành. */
    issuingBody: text(200),
    /** Địa danh: where the document was issued, as its header writes it ("Kon Tum"). */
    place: text(100).optional(),
    issuedOn: isoDate,
    signer: signerSchema.optional(),
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
  });

export const planDefinitionSchema = planFields.superRefine((plan, ctx) => {
    const issue = (path: (string | number)[], message: string, vietnamese: string) => ctx.addIssue({ code: 'custom', path, message, params: vi(vietnamese) });
    // Format issues do not stop refinements in Zod 4; compare only dates that are well-formed.
    const before = (date: string, other: string) => isoDate.safeParse(date).success && isoDate.safeParse(other).success && date < other;

    if (before(plan.period.to, plan.period.from)) issue(['period', 'to'], 'must not be before period.from', 'Ngày kết thúc không được trước ngày bắt đầu');
    if (before(plan.period.to, plan.issuedOn)) issue(['period', 'to'], 'must not be before issuedOn', 'Ngày kết thúc không được trước ngày ban hành');
    // The period bounds how often a task repeats, so a longer one is refused before any repeat is laid on it.
    const lastDay = isoDate.safeParse(plan.period.from).success ? lastDayOfPeriod(plan.period.from) : undefined;
    const periodFits = isoDate.safeParse(plan.period.from).success && !(lastDay && before(lastDay, plan.period.to));
    if (lastDay && !periodFits) issue(['period', 'to'], `a plan runs at most ${MAX_PLAN_YEARS} years: end it by ${lastDay}`, `Kế hoạch kéo dài tối đa ${MAX_PLAN_YEARS} năm: kết thúc trước ${lastDay}`);

    reportDuplicates(plan.targets.map((t) => t.code), (index, code) => issue(['targets', index, 'code'], `duplicates target code ${code}`, `Trùng mã chỉ tiêu ${code}`));
    reportDuplicates(plan.tasks.map((t) => t.code), (index, code) => issue(['tasks', index, 'code'], `duplicates task code ${code}`, `Trùng mã nhiệm vụ ${code}`));

    plan.targets.forEach((target, index) => {
      if (target.measure === 'percent' && (target.value < 0 || target.value > 100)) {
        issue(['targets', index, 'value'], 'a percentage must lie between 0 and 100', 'Tỷ lệ phần trăm phải từ 0 đến 100');
      }
      if (target.measure === 'count' && target.value < 0) issue(['targets', index, 'value'], 'a count cannot be negative', 'Số lượng không được âm');
      if (target.source && target.measure === 'percent' && !target.base) issue(['targets', index, 'base'], 'a measured percentage needs its base', 'Chỉ tiêu phần trăm được đo cần có mẫu số');
      if (target.source && target.measure === 'change' && target.baseline === undefined) issue(['targets', index, 'baseline'], 'a measured change needs its baseline', 'Chỉ tiêu tăng/giảm được đo cần có số liệu gốc');
      if (target.direction === 'reduceBy' && target.measure !== 'change') {
        issue(['targets', index, 'direction'], 'a reduction is measured as a change against a baseline', 'Chỉ tiêu "giảm ít nhất" được tính theo mức tăng/giảm so với số liệu gốc');
      }
      if (target.direction === 'reduceBy' && target.value <= 0) issue(['targets', index, 'value'], 'a reduction is its size, above 0 (down by 10% is 10)', 'Mức giảm ghi số dương (giảm 10% ghi là 10)');
    });

    plan.tasks.forEach((task, index) => {
      // Only a well-formed repeat can be laid on the calendar (Zod 4 refines past format issues).
      if (periodFits && task.repeat && repeatSchema.safeParse(task.repeat).success && expandRepeats(plan.period, plan.issuedOn, [task]).length === 0) {
        issue(['tasks', index, 'repeat'], 'falls on no day within the plan period', 'Không có lần lặp nào trong thời gian của kế hoạch');
      }
      const fixed = task.deadline && fixedDeadlineDate(task.deadline);
      if (fixed && before(fixed, plan.issuedOn)) issue(['tasks', index, 'deadline'], 'must not be before the plan was issued', 'Thời hạn không được trước ngày ban hành');
      if (task.leadUnit && task.coordinatingUnits.includes(task.leadUnit)) {
        issue(['tasks', index, 'coordinatingUnits'], `lists the lead unit ${task.leadUnit} again`, `Đơn vị chủ trì ${task.leadUnit} bị ghi lại ở đơn vị phối hợp`);
      }
      reportDuplicates(task.coordinatingUnits, (unitIndex, code) =>
        issue(['tasks', index, 'coordinatingUnits', unitIndex], `lists unit ${code} twice`, `Đơn vị ${code} bị ghi hai lần`),
      );
    });
  });

export type PlanDefinition = z.infer<typeof planDefinitionSchema>;

/**
 * A plan as a department head drafts it (bản dự thảo): every field may still be missing, and
 * what is there holds the right kind of value, but nothing is checked across fields (either a
 * lead unit or a fan-out, dates in order, codes unique) until it is previewed or issued. The
 * assigning unit is the draft's owner department, so the draft does not name it.
 */
export const planDraftContentSchema = planFields
  .omit({ assigningUnit: true })
  .extend({
    period: z.strictObject({ from: isoDate.optional(), to: isoDate.optional() }),
    targets: z.array(targetSchema.partial()).max(100),
    tasks: z.array(taskFields.partial()).max(500),
  })
  .partial();
export type PlanDraftContent = z.infer<typeof planDraftContentSchema>;
export type PlanDefinitionInput = z.input<typeof planDefinitionSchema>;
export type TaskDefinition = z.infer<typeof taskSchema>;
export type FanOut = z.infer<typeof fanOutSchema>;

function reportDuplicates(values: readonly string[], report: (index: number, value: string) => void): void {
  const seen = new Set<string>();
  values.forEach((value, index) => {
    if (seen.has(value)) report(index, value);
    seen.add(value);
  });
}

/** Every unit code a plan's tasks mention — lead, coordinating, fan-out parents — each once. */
export function unitCodesOf(plan: PlanDefinition): string[] {
  return [...new Set(plan.tasks.flatMap((task) => [task.leadUnit, task.fanOut?.under, ...task.coordinatingUnits].filter((code): code is string => Boolean(code))))];
}

/**
 * A task with its deadline settled: a repeating task becomes one task per occurrence. A periodic
 * report carries its cut-off window, and its deadline counts from the window's last day.
 */
export type ConcreteTask = Omit<TaskDefinition, 'deadline' | 'repeat'> & { deadline: DeadlineSpec; reporting?: { every: string; window: ReportingWindow } };

/** The day a concrete task's relative deadline counts from: its cut-off for a periodic report, else the day the plan was issued. */
export const deadlineCountsFrom = (task: ConcreteTask, issuedOn: IsoDate): IsoDate => task.reporting?.window.to ?? issuedOn;

const romanQuarters = ['I', 'II', 'III', 'IV'];

/**
 * Turns each repeating task into one task per occurrence within the plan's period (and not
 * before the plan was issued), coded `NV8.2024` or `NV9.2024-Q1` and titled "(năm 2024)",
 * "(quý I/2024)", "(6 tháng đầu năm 2024)".
 */
export function expandRepeats(period: { from: IsoDate; to: IsoDate }, issuedOn: IsoDate, tasks: readonly TaskDefinition[]): ConcreteTask[] {
  const firstYear = Number(period.from.slice(0, 4));
  const lastYear = Number(period.to.slice(0, 4));
  const within = (date: IsoDate) => date >= period.from && date <= period.to && date >= issuedOn;
  return tasks.flatMap(({ repeat, deadline, ...task }): ConcreteTask[] => {
    if (!repeat) return [{ ...task, deadline: deadline! }];
    if ('reportEvery' in repeat) {
      // A period is reported once its data are cut off, within the plan and after it was issued.
      return reportingPeriods(repeat, firstYear, lastYear)
        .filter((period) => within(period.window.to))
        .map((period) => ({
          ...task,
          code: `${task.code}.${period.suffix}`,
          title: `${task.title} (${period.label})`,
          deadline: { workingDays: repeat.submitWithinWorkingDays },
          reporting: { every: repeat.reportEvery, window: period.window },
        }));
    }
    const occurrences: { suffix: string; label: string; date: IsoDate }[] = [];
    for (let year = firstYear; year <= lastYear; year += 1) {
      if (repeat.every === 'year') {
        occurrences.push({ suffix: `${year}`, label: `năm ${year}`, date: `${year}-${repeat.on}` });
      } else if (repeat.every === 'quarter') {
        ['03-31', '06-30', '09-30', '12-31'].forEach((end, quarter) =>
          occurrences.push({ suffix: `${year}-Q${quarter + 1}`, label: `quý ${romanQuarters[quarter]}/${year}`, date: addDays(`${year}-${end}`, -repeat.daysBeforeEnd) }),
        );
      } else {
        occurrences.push({ suffix: `${year}-H1`, label: `6 tháng đầu năm ${year}`, date: addDays(`${year}-06-30`, -repeat.daysBeforeEnd) });
        occurrences.push({ suffix: `${year}-H2`, label: `6 tháng cuối năm ${year}`, date: addDays(`${year}-12-31`, -repeat.daysBeforeEnd) });
      }
    }
    return occurrences
      .filter((occurrence) => within(occurrence.date))
      .map((occurrence) => ({ ...task, code: `${task.code}.${occurrence.suffix}`, title: `${task.title} (${occurrence.label})`, deadline: occurrence.date }));
  });
}

const counted = (value: number) => value.toLocaleString('en-US');

/**
 * Whether a plan fits the most assignments one request may create (one per occurrence of a
 * task and unit it reaches), counted before anything is written: the issues to refuse it
 * with, naming the task that creates the most, or none.
 */
export function oversizeIssues(
  plan: Pick<PlanDefinition, 'period' | 'issuedOn' | 'tasks'>,
  unitsReached: (fanOut: FanOut) => number,
  max: number,
): { path: string; message: string }[] {
  const perTask = plan.tasks.map(
    (task) => expandRepeats(plan.period, plan.issuedOn, [task]).length * (task.fanOut ? unitsReached(task.fanOut) : 1 + task.coordinatingUnits.length),
  );
  const total = perTask.reduce((sum, count) => sum + count, 0);
  if (total <= max) return [];
  const largest = perTask.indexOf(Math.max(...perTask));
  return [
    { path: 'tasks', message: `would create ${counted(total)} assignments; one plan may create at most ${counted(max)}` },
    { path: `tasks.${largest}`, message: `creates ${counted(perTask[largest]!)} of them` },
  ];
}
