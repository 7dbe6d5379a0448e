/**
 * What a results report (báo cáo kết quả thực hiện kế hoạch) says, drafted from the engine's
 * records for the department to sign: the header of Nghị định 30/2020/NĐ-CP, the title, the
 * work by content group with the activities units reported, the targets table, the task status
 * in the four buckets of the government's task monitoring (hoàn thành đúng hạn, hoàn thành quá
 * hạn, chưa hoàn thành trong hạn, chưa hoàn thành quá hạn), the units with overdue work, the
 * completions by month, and the sections only the officer can write. Pure: the layout of the
 * page is the renderer's (services/results-report-docx.ts).
 */
import { addDays, type IsoDate } from './calendar';
import type { Period, UnitTally } from './plan-report';
import { targetDirectionWords, type TargetDirection } from './target-attainment';
import type { TaskKind } from './task-kinds';

export interface ReportTarget {
  code: string;
  title: string;
  measure: 'percent' | 'count' | 'change';
  /** What the figure must do (targetGoal); a reduction's value is the size of the fall. */
  direction: TargetDirection;
  value: number;
  measured: boolean;
  total: { actual: number; base: number | null; achieved: number | null; attained: boolean | null } | null;
}

export interface ResultsReportFacts {
  plan: { code: string; title: string; issuingBody: string; issuedOn: IsoDate; place?: string };
  /** The department that reports (the plan's assigning unit), under the body it belongs to. */
  issuer: { code: string; name: string; parentName?: string; headTitle?: string };
  /** Who the report goes to: the body that issued the plan. */
  recipient?: string;
  period: Period;
  /** The day the draft is made: its year goes in the date line, the clerk adds day and month on signing. */
  draftedOn: IsoDate;
  /** The period asked for (`2024-H1`…), or none for the whole plan. */
  periodLabel?: string;
  targets: readonly ReportTarget[];
  total: UnitTally;
  units: readonly (UnitTally & { unit: { code: string; name: string } })[];
  tasks: readonly { code: string; title: string; kind: TaskKind; tally: UnitTally }[];
  /** The figures of each activity units reported within the period, by its kind. */
  activities: readonly { kind: string; figures: Record<string, number> }[];
  /** Each completion within the period: its day in Vietnam and whether it came late. */
  completions: readonly { day: IsoDate; late: boolean }[];
}

export type ReportBlock =
  | { type: 'heading'; text: string }
  | { type: 'paragraph'; text: string }
  | { type: 'table'; headers: string[]; rows: string[][]; widths: number[] }
  | { type: 'chart'; caption: string }
  /** A place the officer must write in; the renderer marks it. */
  | { type: 'officer'; text: string };

export interface ResultsReport {
  header: { parentBody?: string; issuer: string; symbol: string; placeAndDate: string };
  title: string;
  subtitle: string;
  periodLine?: string;
  recipient?: string;
  blocks: ReportBlock[];
  /** Nơi nhận and the signature block. */
  closing: { recipients: string[]; signerTitle: string };
  statusBuckets: StatusBucket[];
  completionsByMonth: MonthCompletions[];
}

/** Numbers as Vietnamese documents write them, to one decimal: 1.600 and 83,3. */
export const viNumber = (value: number): string => {
  const [whole, fraction] = Math.abs(value).toFixed(1).replace(/\.0$/, '').split('.');
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${value < 0 ? '-' : ''}${grouped}${fraction ? `,${fraction}` : ''}`;
};
const viPercent = (value: number | null) => (value === null ? '—' : `${viNumber(value)}%`);
/** 20/3/2024: the day and month without leading zeros, as the plans' own texts cite dates. */
const citedDate = (date: IsoDate) => {
  const [year, month, day] = date.split('-');
  return `${Number(day)}/${Number(month)}/${year}`;
};

const romanQuarters = ['I', 'II', 'III', 'IV'];

/** How the title names a period: "quý I năm 2024", "6 tháng đầu năm 2024", "9 tháng đầu năm 2024", "năm 2024". */
export function periodName(label: string): string {
  const [year, part] = label.split('-') as [string, string | undefined];
  if (!part) return `năm ${year}`;
  if (part === 'H1') return `6 tháng đầu năm ${year}`;
  if (part === 'H2') return `6 tháng cuối năm ${year}`;
  if (part === '9M') return `9 tháng đầu năm ${year}`;
  return `quý ${romanQuarters[Number(part.slice(1)) - 1]} năm ${year}`;
}

export interface StatusBucket {
  label: string;
  count: number;
  /** Share of the work that fell due in the period (cancelled work left out), in %. */
  rate: number | null;
}

const share = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 1000) / 10);

/**
 * The four buckets of task monitoring from a tally: submitted work not yet reviewed counts as
 * not yet done, within its deadline when it was submitted in time (as the engine's tally has it).
 */
export function statusBuckets(tally: UnitTally): StatusBucket[] {
  const openInTime = tally.awaitingReview + tally.dueSoon + tally.notYetDue;
  return [
    { label: 'Hoàn thành đúng hạn', count: tally.doneOnTime, rate: share(tally.doneOnTime, tally.assignments) },
    { label: 'Hoàn thành quá hạn', count: tally.doneLate, rate: share(tally.doneLate, tally.assignments) },
    { label: 'Chưa hoàn thành trong hạn', count: openInTime, rate: share(openInTime, tally.assignments) },
    { label: 'Chưa hoàn thành quá hạn', count: tally.overdue, rate: share(tally.overdue, tally.assignments) },
  ];
}

export interface MonthCompletions {
  /** `2024-05`. */
  month: string;
  onTime: number;
  late: number;
}

/** Completions per calendar month from the month of `from` to that of `to`, empty months included. */
export function completionsByMonth(completions: readonly { day: IsoDate; late: boolean }[], from: IsoDate, to: IsoDate): MonthCompletions[] {
  const months: MonthCompletions[] = [];
  for (let month = from.slice(0, 7); month <= to.slice(0, 7); month = addDays(`${month}-28`, 4).slice(0, 7)) months.push({ month, onTime: 0, late: 0 });
  const byMonth = new Map(months.map((line) => [line.month, line]));
  for (const completion of completions) {
    const line = byMonth.get(completion.day.slice(0, 7));
    if (!line) continue;
    if (completion.late) line.late += 1;
    else line.onTime += 1;
  }
  return months;
}

/** What units reported, added up by figure name within each kind of activity. */
export function activityTotals(activities: ResultsReportFacts['activities']): Map<string, Record<string, number>> {
  const totals = new Map<string, Record<string, number>>();
  for (const { kind, figures } of activities) {
    const sums = totals.get(kind) ?? {};
    for (const [name, value] of Object.entries(figures)) sums[name] = (sums[name] ?? 0) + value;
    totals.set(kind, sums);
  }
  return totals;
}

/** The content groups in the order reports take them, with the sentence of what units did in each. */
const contentGroups: { kind: TaskKind; heading: string; activity?: (sums: Record<string, number>) => string }[] = [
  { kind: 'generic', heading: 'Công tác chỉ đạo, triển khai và các nhiệm vụ chung' },
  {
    kind: 'campaign',
    heading: 'Công tác tuyên truyền',
    activity: (sums) =>
      `Các đơn vị đã tổ chức ${viNumber(sums.campaigns ?? 0)} đợt tuyên truyền với ${viNumber(sums.pieces ?? 0)} tin, bài, sản phẩm truyền thông, tiếp cận ${viNumber(sums.householdsReached ?? 0)} hộ gia đình và ${viNumber(sums.peopleReached ?? 0)} lượt người.`,
  },
  {
    kind: 'training',
    heading: 'Công tác tập huấn, bồi dưỡng',
    activity: (sums) =>
      `Các đơn vị đã tổ chức ${viNumber(sums.trainingCourses ?? 0)} lớp tập huấn với ${viNumber(sums.trainees ?? 0)} lượt người tham gia, trong đó ${viNumber(sums.officialsTrained ?? 0)} lượt công chức, viên chức phụ trách công tác gia đình.`,
  },
  {
    kind: 'commemoration',
    heading: 'Tổ chức các ngày kỷ niệm, sự kiện',
    activity: (sums) => `Các đơn vị đã tổ chức ${viNumber(sums.events ?? 0)} hoạt động kỷ niệm, sự kiện với ${viNumber(sums.participants ?? 0)} lượt người tham gia.`,
  },
  {
    kind: 'inspection',
    heading: 'Công tác kiểm tra, giám sát',
    activity: (sums) => `Các đơn vị đã tiến hành ${viNumber(sums.inspections ?? 0)} cuộc kiểm tra, giám sát tại ${viNumber(sums.unitsInspected ?? 0)} lượt đơn vị.`,
  },
  { kind: 'report', heading: 'Chế độ thông tin, báo cáo' },
];

/** How a task stands, in a sentence: how many units hold it and where their work is. */
function taskLine(task: ResultsReportFacts['tasks'][number]): string {
  const buckets = statusBuckets(task.tally).filter((bucket) => bucket.count > 0);
  const state = buckets.length === 0 ? 'chưa đến hạn trong kỳ' : buckets.map((bucket) => `${bucket.count} ${bucket.label.toLowerCase()}`).join(', ');
  return `- ${task.code}. ${task.title}: ${task.tally.assignments} lượt đơn vị thực hiện đến hạn trong kỳ; ${state}.`;
}

/** The goal as the plan words it: "Đạt tối thiểu 90%", "Không vượt quá 5", "Giảm ít nhất 10%". */
const goalWords = (target: ReportTarget) => `${targetDirectionWords[target.direction]} ${viNumber(target.value)}${target.measure === 'count' ? '' : '%'}`;

function targetRow(target: ReportTarget, index: number): string[] {
  const planned = goalWords(target);
  if (!target.measured || !target.total) return [String(index + 1), target.title, planned, 'Chưa có số liệu', '—', 'Chưa đánh giá'];
  const { actual, base, achieved, attained } = target.total;
  const done = target.measure === 'count' ? viNumber(actual) : `${viNumber(actual)}${base === null ? '' : `/${viNumber(base)}`}`;
  const rate = target.measure === 'count' ? viPercent(target.value === 0 ? null : Math.round((actual / target.value) * 1000) / 10) : viPercent(achieved);
  return [String(index + 1), target.title, planned, done, rate, attained === null ? 'Chưa đánh giá' : attained ? 'Đạt' : 'Chưa đạt'];
}

export const targetHeaders = ['STT', 'Chỉ tiêu', 'Kế hoạch', 'Thực hiện', 'Tỷ lệ', 'Đánh giá'];
export const statusHeaders = ['Tình trạng', 'Số lượt nhiệm vụ', 'Tỷ lệ'];

/**
 * The report's symbol as Nghị định 30 writes it, its number left for the clerk: the issuer code
 * is the unit's code without its hyphens (SO-VHTTDL → SOVHTTDL), which the clerk corrects where
 * the office abbreviates otherwise.
 */
export const reportSymbol = (issuerCode: string) => `Số:      /BC-${issuerCode.replaceAll('-', '').toUpperCase()}`;

export function composeResultsReport(facts: ResultsReportFacts): ResultsReport {
  const { plan, issuer, period, total } = facts;
  const buckets = statusBuckets(total);
  const months = completionsByMonth(facts.completions, period.from, period.to);
  const sums = activityTotals(facts.activities);
  const scope = facts.periodLabel ? periodName(facts.periodLabel) : `từ ngày ${citedDate(period.from)} đến ngày ${citedDate(period.to)}`;

  const blocks: ReportBlock[] = [
    {
      type: 'paragraph',
      text: `Thực hiện Kế hoạch số ${plan.code} ngày ${citedDate(plan.issuedOn)} của ${plan.issuingBody} về ${lowerFirst(plan.title.replace(/^Kế hoạch\s+/u, ''))}, ${issuer.name} báo cáo kết quả thực hiện ${scope} như sau:`,
    },
    { type: 'heading', text: 'I. KẾT QUẢ THỰC HIỆN' },
    { type: 'heading', text: '1. Kết quả thực hiện các nhiệm vụ' },
  ];
  let group = 0;
  for (const { kind, heading, activity } of contentGroups) {
    const tasks = facts.tasks.filter((task) => task.kind === kind);
    const reported = sums.get(kind);
    if (tasks.length === 0 && !reported) continue;
    group += 1;
    blocks.push({ type: 'heading', text: `1.${group}. ${heading}` });
    if (activity && reported) blocks.push({ type: 'paragraph', text: activity(reported) });
    for (const task of tasks) blocks.push({ type: 'paragraph', text: taskLine(task) });
  }

  blocks.push(
    { type: 'heading', text: '2. Kết quả thực hiện các chỉ tiêu' },
    { type: 'table', headers: targetHeaders, rows: facts.targets.map(targetRow), widths: [8, 44, 12, 14, 10, 12] },
    { type: 'heading', text: '3. Tình hình thực hiện nhiệm vụ' },
    {
      type: 'paragraph',
      text: `Trong kỳ có ${viNumber(total.assignments)} lượt nhiệm vụ của các đơn vị đến hạn; số liệu tổng hợp đến hết ngày ${citedDate(period.to)} hoặc ngày lập báo cáo nếu sớm hơn.`,
    },
    {
      type: 'table',
      headers: statusHeaders,
      rows: [...buckets.map((bucket) => [bucket.label, viNumber(bucket.count), viPercent(bucket.rate)]), ['Tổng cộng', viNumber(total.assignments), total.assignments === 0 ? '—' : '100%']],
      widths: [50, 25, 25],
    },
    { type: 'chart', caption: 'Biểu đồ: Số lượt nhiệm vụ hoàn thành theo tháng (đúng hạn, quá hạn)' },
  );
  const overdueUnits = facts.units.filter((line) => line.overdue > 0).sort((a, b) => b.overdue - a.overdue || a.unit.code.localeCompare(b.unit.code));
  blocks.push({ type: 'heading', text: '4. Đơn vị còn nhiệm vụ chưa hoàn thành quá hạn' });
  blocks.push(
    overdueUnits.length === 0
      ? { type: 'paragraph', text: 'Không có đơn vị nào còn nhiệm vụ chưa hoàn thành quá hạn.' }
      : { type: 'table', headers: ['STT', 'Đơn vị', 'Số lượt nhiệm vụ quá hạn'], rows: overdueUnits.map((line, index) => [String(index + 1), line.unit.name, viNumber(line.overdue)]), widths: [8, 67, 25] },
  );
  blocks.push(
    { type: 'heading', text: 'II. KHÓ KHĂN, VƯỚNG MẮC' },
    { type: 'officer', text: '[Phần cán bộ soạn thảo viết: những khó khăn, vướng mắc trong quá trình thực hiện và nguyên nhân.]' },
    { type: 'heading', text: 'III. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI' },
    { type: 'officer', text: '[Phần cán bộ soạn thảo viết: phương hướng, nhiệm vụ trọng tâm kỳ tới.]' },
    { type: 'heading', text: 'IV. KIẾN NGHỊ, ĐỀ XUẤT' },
    { type: 'officer', text: '[Phần cán bộ soạn thảo viết: kiến nghị, đề xuất với cơ quan cấp trên.]' },
    { type: 'paragraph', text: `Trên đây là báo cáo kết quả thực hiện Kế hoạch số ${plan.code} ${scope} của ${issuer.name}.` },
  );

  return {
    header: {
      ...(issuer.parentName && { parentBody: issuer.parentName.toUpperCase() }),
      issuer: issuer.name.toUpperCase(),
      symbol: reportSymbol(issuer.code),
      placeAndDate: `${plan.place ? `${plan.place}, ` : ''}ngày      tháng      năm ${facts.draftedOn.slice(0, 4)}`,
    },
    title: 'BÁO CÁO',
    subtitle: `Kết quả thực hiện Kế hoạch số ${plan.code} ngày ${citedDate(plan.issuedOn)} của ${plan.issuingBody}`,
    ...(facts.periodLabel && { periodLine: `(${periodName(facts.periodLabel)})` }),
    ...(facts.recipient && { recipient: `Kính gửi: ${facts.recipient}.` }),
    blocks,
    closing: { recipients: [...(facts.recipient ? ['- Như trên;'] : []), '- Lãnh đạo đơn vị;', '- Lưu: VT.'], signerTitle: (issuer.headTitle ?? 'Thủ trưởng đơn vị').toUpperCase() },
    statusBuckets: buckets,
    completionsByMonth: months,
  };
}

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);
