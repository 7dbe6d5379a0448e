/**
 * Loads the sample province and the two seed plans into an empty database and brings them
 * to life through the real workflows, so that every page has something to show on first start:
 * in each plan some work done on time, some done late, some overdue, reports waiting for the
 * department's review, an extension request waiting for its answer, work in progress, one
 * assignment cancelled, a deadline moved by a later document, and the rest not yet started.
 */
import type { Actor } from '../domain/access';
import type { ActivityReport } from '../domain/activity-reports';
import { isTerminal } from '../domain/assignment-status';
import { addDays, formatVietnameseDate, localDate } from '../domain/calendar';
import { planDefinitionSchema, planDraftContentSchema, type PlanDraftContent, type TaskKind } from '../domain/plan-definition';
import { createUnitSchema } from '../domain/units';
import type { Logger } from '../platform/logger';
import { recordActivity } from '../services/activity-reports';
import { transitionAssignment, whenWorkflowStarted } from '../services/assignments';
import type { EngineDeps } from '../services/deps';
import { amendPlan } from '../services/amendments';
import { createDraft } from '../services/drafts';
import { requestExtension } from '../services/extensions';
import { createPlan, getPlan } from '../services/plans';
import { importUnits } from '../services/units';
import plan10KhBcd2021 from './plans/10-KH-BCD-2021.json';
import plan925KhUbnd2024 from './plans/925-KH-UBND-2024.json';
import { rebasePlan } from './rebase';
import sampleUnits from './units-kon-tum.json';

export const exampleUnits = createUnitSchema.array().parse(sampleUnits);
export const examplePlans = [
  { definition: planDefinitionSchema.parse(plan925KhUbnd2024), daysSinceIssue: 100 },
  { definition: planDefinitionSchema.parse(plan10KhBcd2021), daysSinceIssue: 200 },
];

/** Who the audit trail says loaded the examples' history. */
const exampleActor: Actor = { id: 'examples', name: 'Dữ liệu mẫu', role: 'system' };

const reportByKind: Record<TaskKind, string> = {
  training: 'Đã tổ chức 02 lớp tập huấn cho 120 lượt cán bộ phụ trách công tác gia đình.',
  campaign: 'Đã phát 45 tin, bài trên sóng phát thanh, truyền hình và trang thông tin điện tử; treo 30 băng rôn, pa nô.',
  commemoration: 'Đã tổ chức lễ mít tinh và chuỗi hoạt động hưởng ứng với khoảng 500 người tham dự.',
  inspection: 'Đã kiểm tra 04 đơn vị; ban hành thông báo kết luận kiểm tra.',
  report: 'Đã gửi báo cáo tổng kết về Ban Chỉ đạo.',
  generic: 'Đã ban hành văn bản hướng dẫn và triển khai đến các đơn vị trực thuộc.',
};

export interface ExamplesReport {
  loaded: boolean;
  plans: { id: string; code: string; assignments: number }[];
  /** The draft the plan editor opens with. */
  draftId?: string;
}

/**
 * Next year's family-affairs plan as the culture department drafts it from 925/KH-UBND, not
 * issued yet: dated today, with targets and tasks — one for every commune, one due in working
 * days, one repeating each quarter — so the plan editor has a draft to show.
 */
export function exampleDraft(today: string): PlanDraftContent {
  const year = Number(today.slice(0, 4)) + 1;
  return planDraftContentSchema.parse({
    code: '1502/KH-SVHTTDL',
    title: `Kế hoạch triển khai công tác gia đình năm ${year}`,
    issuingBody: 'Sở Văn hóa, Thể thao và Du lịch tỉnh Kon Tum',
    place: 'Kon Tum',
    issuedOn: today,
    period: { from: `${year}-01-01`, to: `${year}-12-31` },
    targets: [
      { code: 'CT1', title: '100% cán bộ phụ trách công tác gia đình được tập huấn', measure: 'percent', value: 100, base: 'familyOfficials', source: { figure: 'officialsTrained' } },
      { code: 'CT2', title: '90% hộ gia đình được cung cấp kiến thức, kỹ năng về giáo dục gia đình', measure: 'percent', value: 90, base: 'households', source: { figure: 'householdsReached' } },
    ],
    tasks: [
      { code: 'NV1', title: 'Hướng dẫn các huyện, thành phố xây dựng kế hoạch công tác gia đình', kind: 'generic', leadUnit: 'SO-VHTTDL', coordinatingUnits: ['HLHPN'], deadline: { workingDays: 15 } },
      { code: 'NV2', title: 'Tuyên truyền Ngày Gia đình Việt Nam 28/6 tại các thôn, làng', kind: 'campaign', fanOut: { kind: 'commune' }, deadline: `${year}-06-28` },
      { code: 'NV3', title: 'Báo cáo kết quả thực hiện công tác gia đình', kind: 'report', leadUnit: 'H-DAKHA', repeat: { every: 'quarter', daysBeforeEnd: 5 } },
    ],
  });
}

export async function loadExamples(deps: EngineDeps, log: Logger, now = new Date()): Promise<ExamplesReport> {
  if ((await deps.db.plan.count()) > 0) return { loaded: false, plans: [] };
  const unitsAdded = await importUnits(deps.db, exampleUnits, exampleActor);
  log.info({ unitsAdded }, 'example units loaded');

  const plans = [];
  for (const { definition, daysSinceIssue } of examplePlans) {
    const plan = rebasePlan(definition, localDate(now), daysSinceIssue);
    const created = await createPlan(deps, plan, exampleActor);
    await bringToLife(deps, created.id, now);
    log.info({ planId: created.id, code: plan.code, issuedOn: plan.issuedOn, note: plan.note }, 'example plan loaded');
    plans.push({ id: created.id, code: created.code, assignments: created.assignments });
  }
  await amendExample(deps, plans[0]!.id, now);
  const owner = await deps.db.unit.findUniqueOrThrow({ where: { code: 'SO-VHTTDL' }, select: { id: true } });
  const draft = await createDraft(deps, { content: exampleDraft(localDate(now)) }, owner.id, exampleActor);
  log.info({ draftId: draft.id, title: draft.content.title }, 'example draft plan saved');
  return { loaded: true, plans, draftId: draft.id };
}

/**
 * A later document moves the deadline of the plan's last task still under way by ten working
 * days, so the plan's page shows an amendment and its units' work the new deadline.
 */
async function amendExample(deps: EngineDeps, planId: string, now: Date): Promise<void> {
  const { tasks } = await getPlan(deps, planId, now);
  const underWay = [...tasks].reverse().find((task) => Date.parse(task.deadline) > now.getTime() && task.assignments.some((line) => !isTerminal(line.status)));
  if (!underWay) return;
  await amendPlan(
    deps,
    planId,
    {
      kind: 'moveDeadline',
      task: underWay.code,
      deadline: { workingDays: 10 },
      reason: 'Lùi thời hạn để các đơn vị lồng ghép với Tháng hành động quốc gia về phòng, chống bạo lực gia đình.',
      document: `Công văn số 1234/SVHTTDL-QLVHGĐ ngày ${formatVietnameseDate(localDate(now))} của Sở Văn hóa, Thể thao và Du lịch`,
    },
    exampleActor,
  );
}

/**
 * What units report before they finish: training courses for family-affairs officials, campaign
 * reach, and models set up in part of the communes — so the targets show real attainment.
 */
async function reportActivities(deps: EngineDeps, plan: Awaited<ReturnType<typeof getPlan>>, now: Date): Promise<void> {
  const date = addDays(localDate(now), -3);
  for (const task of plan.tasks) {
    for (const [index, line] of task.assignments.entries()) {
      const report: ActivityReport | undefined =
        task.kind === 'training'
          ? { kind: 'training', date, place: 'Hội trường UBND', organiser: line.unit.name, audience: 'family_officials', plannedParticipants: 4, actualParticipants: 2 + (index % 3), evidence: [], files: [] }
          : task.kind === 'campaign'
            ? { kind: 'campaign', channels: ['radio', 'loudspeaker', 'poster'], from: addDays(date, -20), to: date, pieces: 12 + index, peopleReached: 0, householdsReached: 1_500, evidence: [], files: [] }
            : task.kind === 'generic' && task.assignments.length >= 10 && index % 2 === 0
              ? { kind: 'generic', date, summary: 'Ra mắt mô hình, tuyên truyền tại các thôn', figures: { householdsReached: 900 + 37 * index, modelsEstablished: index % 3 === 0 ? 1 : 0 }, evidence: [], files: [] }
              : undefined;
      if (report) await recordActivity(deps, line.id, report, exampleActor);
    }
  }
}

async function bringToLife(deps: EngineDeps, planId: string, now: Date): Promise<void> {
  const plan = await getPlan(deps, planId, now);
  await reportActivities(deps, plan, now);
  const futureTasks = plan.tasks.filter((task) => Date.parse(task.deadline) > now.getTime());
  const cancelIn = [...futureTasks].reverse().find((task) => task.assignments.length >= 3);

  for (const task of plan.tasks) {
    const summary = reportByKind[task.kind as TaskKind];
    const [lead, ...coordinating] = task.assignments;
    if (Date.parse(task.deadline) <= now.getTime()) {
      // Past the deadline: the lead unit reports now (late); its partners stay overdue.
      if (lead) await whenWorkflowStarted(() => transitionAssignment(deps, lead.id, 'complete', { summary, actor: exampleActor }));
    } else if (futureTasks.indexOf(task) % 2 === 0 && coordinating[0]) {
      await whenWorkflowStarted(() => transitionAssignment(deps, coordinating[0]!.id, 'complete', { summary, actor: exampleActor }));
    }
    if (task === cancelIn) {
      const last = coordinating[coordinating.length - 1]!;
      await whenWorkflowStarted(() => transitionAssignment(deps, last.id, 'cancel', { reason: 'Điều chỉnh phân công: đơn vị không còn chủ trì nội dung này.', actor: exampleActor }));
    }
  }
  await leaveWorkWaiting(deps, futureTasks.filter((task, index) => index % 2 === 1 && task !== cancelIn));
}

/**
 * Work still under way, in the tasks not yet due that nobody has finished: the lead units of the
 * first two have sent their reports for review, a partner is at work on each, and another
 * partner of the first has asked for ten more working days.
 */
async function leaveWorkWaiting(deps: EngineDeps, tasks: Awaited<ReturnType<typeof getPlan>>['tasks']): Promise<void> {
  for (const [index, task] of tasks.slice(0, 2).entries()) {
    const [lead, inProgress, askingForTime] = task.assignments;
    if (lead) {
      await whenWorkflowStarted(() => transitionAssignment(deps, lead.id, 'start', { actor: exampleActor }));
      await transitionAssignment(deps, lead.id, 'submit', { summary: reportByKind[task.kind as TaskKind], figures: {}, evidence: [], actor: exampleActor });
    }
    if (inProgress) await whenWorkflowStarted(() => transitionAssignment(deps, inProgress.id, 'start', { actor: exampleActor }));
    if (index === 0 && askingForTime) {
      const reason = 'Đơn vị đang chờ kinh phí được phân bổ để tổ chức; đề nghị gia hạn thêm 10 ngày làm việc.';
      await whenWorkflowStarted(() => requestExtension(deps, askingForTime.id, { deadline: { workingDays: 10 }, reason }, exampleActor));
    }
  }
}
