/**
 * Records real workflow histories for the replay test (test/replay): one plan on the real stack
 * that does what the workflows do in production, with a working day of the ladder lasting a
 * second (TEST_LADDER_WORKING_DAY_SECONDS) and two assignments a page, two pages a run, so the
 * plan continues as new. Reminders and all three levels fired by timers, an extension that moves
 * the timers, a reassignment, a return and a resubmission, a proposal adopted by the running
 * plan, a cancellation, a plan amendment that moves a deadline (and its own workflow). Run it after a deliberate change to a workflow (`npm run
 * record-histories`) and keep the histories of every version whose workflows may still run
 * (docs/architecture.md#versions).
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { Actor } from '../domain/access';
import { localDate } from '../domain/calendar';
import { planDefinitionSchema } from '../domain/plan-definition';
import { amendmentWorkflowId, assignmentWorkflowId, planWorkflowId } from '../domain/workflow-ids';
import { createLogger } from '../platform/logger';
import { projectPath } from '../platform/project-root';
import { transitionAssignment, whenWorkflowStarted } from '../services/assignments';
import { decideExtension, reassignAssignment, requestExtension } from '../services/extensions';
import { amendPlan } from '../services/amendments';
import { createPlan, getPlan } from '../services/plans';
import { decideProposal, proposeTask } from '../services/proposals';
import { importUnits } from '../services/units';
import { startStack, type Stack } from './stack';

const HISTORIES_DIR = projectPath('test', 'replay', 'histories');
const log = createLogger('record-histories');

/** Waits until `probe` answers true, checking every 200 ms, for at most a minute. */
async function until(what: string, probe: () => Promise<boolean>): Promise<void> {
  const giveUp = Date.now() + 60_000;
  while (!(await probe())) {
    if (Date.now() > giveUp) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

type History = Awaited<ReturnType<WorkflowHandle['fetchHistory']>>;

const historyOf = (stack: Stack, workflowId: string, runId?: string): Promise<History> => stack.temporal.workflow.getHandle(workflowId, runId).fetchHistory();

/** The run a run continues as new, if it does. */
const continued = (history: History): string | undefined => history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || undefined;

async function main(): Promise<void> {
  const stack: Stack = await startStack({ env: { TEST_LADDER_WORKING_DAY_SECONDS: '1' } });
  const officer: Actor = { id: randomUUID(), name: 'Cán bộ Hội LHPN tỉnh', role: 'unit_officer' };
  const reviewer: Actor = { id: randomUUID(), name: 'Phó Giám đốc Sở', role: 'department_head' };
  const deps = stack.deps;
  const raised = (assignmentId: string, deadlineVersion: number) => stack.db.escalation.count({ where: { assignmentId, deadlineVersion } });
  try {
    await importUnits(
      stack.db,
      [
        { code: 'UBND-KT', name: 'Ủy ban nhân dân tỉnh Kon Tum', kind: 'province' },
        { code: 'SO-VHTTDL', name: 'Sở Văn hóa, Thể thao và Du lịch', kind: 'department', parentCode: 'UBND-KT' },
        { code: 'HLHPN', name: 'Hội Liên hiệp Phụ nữ tỉnh', kind: 'mass_organisation', parentCode: 'UBND-KT' },
        { code: 'TINH-DOAN', name: 'Tỉnh đoàn Kon Tum', kind: 'mass_organisation', parentCode: 'UBND-KT' },
      ],
      reviewer,
    );
    // Time to record the plan and start its workflows before the first notice falls due.
    const due = Date.now() + 8_000;
    const at = (seconds: number) => ({ at: new Date(due + seconds * 1000).toISOString() });
    const today = localDate(new Date());
    const definition = planDefinitionSchema.parse({
      code: '10/KH-BCĐ',
      title: 'Kế hoạch triển khai hoạt động của Ban Chỉ đạo công tác gia đình tỉnh',
      issuingBody: 'Ban Chỉ đạo công tác gia đình tỉnh Kon Tum',
      issuingUnit: 'UBND-KT',
      assigningUnit: 'SO-VHTTDL',
      issuedOn: today,
      period: { from: today, to: `${Number(today.slice(0, 4)) + 1}-12-31` },
      escalation: {
        default: {
          reminders: [{ workingDays: 3 }, { workingDays: 0 }],
          levels: [
            { after: { workingDays: 1 }, notify: 'unit-head' },
            { after: { workingDays: 1 }, notify: 'assigner-head' },
            { after: { workingDays: 1 }, notify: 'plan-leaders' },
          ],
        },
      },
      tasks: [
        { code: 'NV1', title: 'Tuyên truyền Ngày Gia đình Việt Nam 28/6', kind: 'campaign', leadUnit: 'HLHPN', deadline: at(0) },
        { code: 'NV2', title: 'Tổ chức hội thi gia đình văn hóa', kind: 'generic', leadUnit: 'SO-VHTTDL', deadline: at(4) },
        { code: 'NV3', title: 'Kiểm tra mô hình phòng, chống bạo lực gia đình', kind: 'inspection', leadUnit: 'HLHPN', deadline: at(0) },
        { code: 'NV4', title: 'Tập huấn cán bộ chuyên trách gia đình', kind: 'training', leadUnit: 'HLHPN', coordinatingUnits: ['SO-VHTTDL'], deadline: '2030-09-30' },
        { code: 'NV5', title: 'Rà soát mô hình câu lạc bộ gia đình', kind: 'generic', leadUnit: 'TINH-DOAN', deadline: at(2) },
      ],
    });
    // Two assignments a page, two pages a run: five assignments take the plan into a second run.
    const plan = await createPlan(deps, definition, reviewer, { paging: { pageSize: 2, pagesPerRun: 2 } });
    const { tasks } = await getPlan(deps, plan.id);
    const assignmentOf = (code: string, role: 'lead' | 'coordinate' = 'lead') => tasks.find((task) => task.code === code)!.assignments.find((line) => line.role === role)!.id;
    const [escalated, extended, reassigned, reviewed, partner, amended] = [assignmentOf('NV1'), assignmentOf('NV2'), assignmentOf('NV3'), assignmentOf('NV4'), assignmentOf('NV4', 'coordinate'), assignmentOf('NV5')];

    // A unit's proposal, adopted by the running plan.
    const proposal = await proposeTask(deps, plan.id, { unit: 'TINH-DOAN', title: 'Diễn đàn thanh niên với gia đình', kind: 'generic', deadline: { calendarDays: 30 } }, officer, null);
    const { assignment: adopted } = await decideProposal(deps, plan.id, proposal.id, true, {}, reviewer);

    // The deadline moves before it falls due: the running timers follow the new one.
    const request = await whenWorkflowStarted(() => requestExtension(deps, extended, { deadline: at(7), reason: 'Chờ bố trí kinh phí tổ chức hội thi' }, officer));
    await decideExtension(deps, extended, request.id, true, { note: 'Đồng ý gia hạn' }, reviewer);
    // A plan amendment moves another deadline before it falls due, by its own workflow.
    await whenWorkflowStarted(() => transitionAssignment(deps, amended, 'start', { actor: officer }));
    const amendment = await amendPlan(deps, plan.id, { kind: 'moveDeadline', task: 'NV5', deadline: at(6), reason: 'Lùi thời hạn rà soát', document: 'Công văn số 15/BCĐ ngày 02/3' }, reviewer);

    // Returned once, submitted again, approved.
    await whenWorkflowStarted(() => transitionAssignment(deps, reviewed, 'start', { actor: officer }));
    const report = { summary: 'Đã tập huấn 85 cán bộ.', figures: { participants: 85 }, evidence: [], actor: officer };
    await transitionAssignment(deps, reviewed, 'submit', report);
    await transitionAssignment(deps, reviewed, 'return', { reason: 'Bổ sung danh sách học viên', actor: reviewer });
    await transitionAssignment(deps, reviewed, 'submit', report);
    await transitionAssignment(deps, reviewed, 'approve', { actor: reviewer });
    await whenWorkflowStarted(() => transitionAssignment(deps, partner, 'complete', { summary: 'Đã phối hợp tổ chức 2 lớp.', actor: reviewer }));
    await whenWorkflowStarted(() => transitionAssignment(deps, adopted!.id, 'complete', { summary: 'Đã tổ chức diễn đàn.', actor: officer }));

    log.info('waiting for the ladders');
    // Level 1 for the first unit, then, while level 2 is on its timer, the work goes to another unit,
    // whose ladder starts over.
    await until('level 1 of NV3', async () => (await raised(reassigned, 1)) > 0);
    await reassignAssignment(deps, reassigned, { unit: 'TINH-DOAN', reason: 'Điều chỉnh phân công' }, reviewer);
    await until('level 1 of NV3 at its new unit', async () => (await raised(reassigned, 2)) > 0);
    await transitionAssignment(deps, reassigned, 'cancel', { reason: 'Nội dung gộp vào NV1', actor: reviewer });
    await until('the three levels of NV1', async () => (await raised(escalated, 1)) === 3);
    await transitionAssignment(deps, escalated, 'complete', { summary: 'Đã phát 45 tin, bài (muộn).', actor: reviewer });
    await until('level 1 of the new deadline of NV2', async () => (await raised(extended, 2)) > 0);
    await transitionAssignment(deps, extended, 'complete', { summary: 'Đã tổ chức hội thi.', actor: reviewer });
    await until('level 1 of the amended deadline of NV5', async () => (await raised(amended, 2)) > 0);
    await transitionAssignment(deps, amended, 'complete', { summary: 'Đã rà soát 12 câu lạc bộ.', actor: reviewer });

    await stack.temporal.workflow.getHandle(planWorkflowId(plan.id)).result();

    const histories = new Map<string, History>([
      ['assignment-escalated', await historyOf(stack, assignmentWorkflowId(escalated))],
      ['assignment-extended', await historyOf(stack, assignmentWorkflowId(extended))],
      ['assignment-reassigned-cancelled', await historyOf(stack, assignmentWorkflowId(reassigned))],
      ['assignment-returned-approved', await historyOf(stack, assignmentWorkflowId(reviewed))],
      ['assignment-adopted-completed', await historyOf(stack, assignmentWorkflowId(adopted!.id))],
      ['assignment-deadline-amended', await historyOf(stack, assignmentWorkflowId(amended))],
      ['plan-amendment-applied', await historyOf(stack, amendmentWorkflowId(amendment.id))],
    ]);
    // Every run of the plan, first to last: each one's history names the run it continues.
    const planRuns: History[] = [await historyOf(stack, planWorkflowId(plan.id))];
    for (let before = continued(planRuns[0]!); before; before = continued(planRuns[0]!)) planRuns.unshift(await historyOf(stack, planWorkflowId(plan.id), before));
    planRuns.forEach((history, index) => histories.set(`plan-run-${index + 1}-${index === planRuns.length - 1 ? 'closed' : 'continued-as-new'}`, history));

    mkdirSync(HISTORIES_DIR, { recursive: true });
    // Date and time, so that a new recording never replaces an older one.
    const stamp = new Date().toISOString().slice(0, 16).replace(':', '');
    for (const [name, history] of histories) {
      const file = path.join(HISTORIES_DIR, `${stamp}-${name}.json`);
      writeFileSync(file, `${historyToJSON(history)}\n`);
      log.info({ file, events: history.events?.length }, 'history recorded');
    }
  } finally {
    await stack.stop();
  }
}

main().catch((error) => {
  log.fatal({ err: error }, 'recording failed');
  process.exit(1);
});
