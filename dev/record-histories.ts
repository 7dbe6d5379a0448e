/**
 * Records real workflow histories for the replay test (test/replay). Run it after a
 * deliberate, versioned change to a workflow: `npm run record-histories`. Histories
 * recorded before the change stay in the folder, so replaying them proves the new code
 * still understands workflows already running in production.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { Actor } from '../domain/access';
import { assignmentWorkflowId, planWorkflowId } from '../domain/workflow-ids';
import { createLogger } from '../platform/logger';
import { projectPath } from '../platform/project-root';
import { transitionAssignment, whenWorkflowStarted } from '../services/assignments';
import { createPlan, getPlan } from '../services/plans';
import { importUnits } from '../services/units';
import { startStack } from './stack';

const HISTORIES_DIR = projectPath('test', 'replay', 'histories');

async function main(): Promise<void> {
  const log = createLogger('record-histories');
  const stack = await startStack();
  const officer: Actor = { id: randomUUID(), name: 'Cán bộ Hội LHPN tỉnh', role: 'unit_officer' };
  const reviewer: Actor = { id: randomUUID(), name: 'Phó Giám đốc Sở', role: 'department_head' };
  try {
    await importUnits(stack.db, [
      { code: 'SO-VHTTDL', name: 'Sở Văn hóa, Thể thao và Du lịch', kind: 'department' },
      { code: 'HLHPN', name: 'Hội Liên hiệp Phụ nữ tỉnh', kind: 'mass_organisation' },
    ], reviewer);
    const plan = await createPlan(stack.deps, {
      code: '10/KH-BCĐ',
      title: 'Kế hoạch triển khai hoạt động của Ban Chỉ đạo công tác gia đình tỉnh năm 2021',
      issuingBody: 'Ban Chỉ đạo công tác gia đình tỉnh Kon Tum',
      issuedOn: '2021-01-19',
      period: { from: '2021-01-01', to: '2021-12-31' },
      targets: [],
      tasks: [
        {
          code: 'NV4',
          title: 'Tổ chức hoạt động kỷ niệm Ngày Gia đình Việt Nam (28/6)',
          kind: 'commemoration',
          leadUnit: 'SO-VHTTDL',
          coordinatingUnits: ['HLHPN'],
          deadline: '2021-06-28',
        },
        { code: 'NV6', title: 'Tập huấn cán bộ chuyên trách gia đình', kind: 'training', leadUnit: 'HLHPN', coordinatingUnits: [], deadline: '2030-09-30' },
      ],
    }, reviewer);
    const [commemoration, training] = (await getPlan(stack.deps, plan.id)).tasks;
    const [lead, partner] = commemoration!.assignments;
    const reviewed = training!.assignments[0]!;
    await whenWorkflowStarted(() => transitionAssignment(stack.deps, lead!.id, 'complete', { summary: 'Đã tổ chức lễ mít tinh.', actor: reviewer }));
    await whenWorkflowStarted(() => transitionAssignment(stack.deps, partner!.id, 'cancel', { reason: 'Điều chỉnh phân công.', actor: reviewer }));
    await whenWorkflowStarted(() => transitionAssignment(stack.deps, reviewed.id, 'start', { actor: officer }));
    const report = { summary: 'Đã tập huấn 85 cán bộ.', figures: { participants: 85 }, evidence: [], actor: officer };
    await transitionAssignment(stack.deps, reviewed.id, 'submit', report);
    await transitionAssignment(stack.deps, reviewed.id, 'return', { reason: 'Bổ sung danh sách học viên', actor: reviewer });
    await transitionAssignment(stack.deps, reviewed.id, 'submit', report);
    await transitionAssignment(stack.deps, reviewed.id, 'approve', { actor: reviewer });
    await stack.temporal.workflow.getHandle(planWorkflowId(plan.id)).result();

    mkdirSync(HISTORIES_DIR, { recursive: true });
    const recorded = [
      ['plan-completed', planWorkflowId(plan.id)],
      ['assignment-completed', assignmentWorkflowId(lead!.id)],
      ['assignment-cancelled', assignmentWorkflowId(partner!.id)],
      ['assignment-reviewed', assignmentWorkflowId(reviewed.id)],
    ] as const;
    // Date and time, so that a new recording never replaces an older one.
    const stamp = new Date().toISOString().slice(0, 16).replace(':', '');
    for (const [name, workflowId] of recorded) {
      const history = await stack.temporal.workflow.getHandle(workflowId).fetchHistory();
      const file = path.join(HISTORIES_DIR, `${stamp}-${name}.json`);
      writeFileSync(file, `${historyToJSON(history)}\n`);
      log.info({ file, events: history.events?.length }, 'history recorded');
    }
  } finally {
    await stack.stop();
  }
}

main().catch((error) => {
  createLogger('record-histories').fatal({ err: error }, 'recording failed');
  process.exit(1);
});
