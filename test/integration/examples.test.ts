/** The demo data: both seed plans loaded into an empty database and brought to life through the workflows. */
import { loadExamples } from '../../examples/load';
import { startStack, type Stack } from '../../dev/stack';
import { createLogger } from '../../platform/logger';
import { getPlan, listPlans } from '../../services/plans';
import { previewDraft } from '../../services/drafts';
import { planTargets } from '../../services/reports';

let stack: Stack;
const log = createLogger('test', 'warn');

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

describe('example plans', () => {
  it('load into an empty database with work in every state, and say their dates were moved', async () => {
    const report = await loadExamples(stack.deps, log);
    expect(report.loaded).toBe(true);
    expect(report.plans.map((plan) => plan.code)).toEqual(['925/KH-UBND', '10/KH-BCĐ']);

    const { items } = await listPlans(stack.deps, { limit: 10, offset: 0 });
    expect(items).toHaveLength(2);
    for (const plan of items) {
      const { open, overdue, done, doneLate, cancelled } = plan.progress;
      expect({ code: plan.code, open, overdue, doneOnTime: done - doneLate, doneLate, cancelled }).toEqual({
        code: plan.code,
        open: expect.any(Number),
        overdue: expect.any(Number),
        doneOnTime: expect.any(Number),
        doneLate: expect.any(Number),
        cancelled: 1,
      });
      expect(Math.min(open, overdue, done - doneLate, doneLate)).toBeGreaterThan(0);
      expect(plan.note).toMatch(/^Dữ liệu minh họa: mọi mốc thời gian của kế hoạch gốc \(ban hành ngày \d\d\/\d\d\/\d{4}\)/);
      expect(plan.status).toBe('active');
    }
  });

  it('leave a draft plan of the culture department, ready to issue, for the plan editor', async () => {
    const draft = await stack.db.planDraft.findFirstOrThrow({ include: { ownerUnit: true } });
    expect({ owner: draft.ownerUnit.code, planId: draft.planId }).toEqual({ owner: 'SO-VHTTDL', planId: null });
    const preview = await previewDraft(stack.deps, draft.id);
    expect(preview.problems).toEqual([]);
    // NV2 reaches every sample commune; NV3 comes back each quarter.
    expect(preview.tasks.map((task) => task.code)).toEqual(['NV1', 'NV2', 'NV3']);
    expect(preview.tasks[1]!.assignments).toBe(await stack.db.unit.count({ where: { kind: 'commune' } }));
    expect(preview.tasks[2]!.deadlines).toHaveLength(4);
  });

  it('leave work waiting on every page: reports for review, an extension request, work in progress', async () => {
    const byStatus = await stack.db.assignment.groupBy({ by: ['status'], _count: { _all: true } });
    const count = (status: string) => byStatus.find((group) => group.status === status)?._count._all ?? 0;
    expect(count('submitted')).toBeGreaterThanOrEqual(2);
    expect(count('in_progress')).toBeGreaterThanOrEqual(2);
    expect(count('assigned')).toBeGreaterThan(0);
    expect(await stack.db.extensionRequest.count({ where: { status: 'pending' } })).toBeGreaterThanOrEqual(1);
  });

  it('leave an amendment on 925/KH-UBND: a deadline a later document moved, applied to its units', async () => {
    const plan = await stack.db.plan.findFirstOrThrow({ where: { code: '925/KH-UBND' } });
    const [amendment] = await stack.db.planAmendment.findMany({ where: { planId: plan.id } });
    expect(amendment).toMatchObject({ kind: 'moveDeadline', status: 'applied' });
    const { change } = amendment!.details as { change: { tasks: string[]; after: { deadline: string } } };
    const task = await stack.db.task.findFirstOrThrow({ where: { planId: plan.id, code: change.tasks[0] }, include: { assignments: true } });
    expect(task.deadline.toISOString()).toBe(change.after.deadline);
    const open = task.assignments.filter((line) => line.status !== 'done' && line.status !== 'cancelled');
    expect(open.length).toBeGreaterThan(0);
    expect(open.every((line) => line.deadline.toISOString() === change.after.deadline)).toBe(true);
  });

  it('keep the seeds: six targets and the content groups of 925/KH-UBND, the commemoration days of 10/KH-BCĐ', async () => {
    const { items } = await listPlans(stack.deps, { limit: 10, offset: 0 });
    const plan925 = await getPlan(stack.deps, items.find((plan) => plan.code === '925/KH-UBND')!.id);
    expect(plan925.targets.map((target) => [target.code, target.measure, target.value])).toEqual([
      ['CT1', 'percent', 100],
      ['CT2', 'percent', 90],
      ['CT3', 'percent', 65],
      ['CT4', 'percent', 85],
      ['CT5', 'percent', 75],
      ['CT6', 'change', -10],
    ]);
    const plan10 = await getPlan(stack.deps, items.find((plan) => plan.code === '10/KH-BCĐ')!.id);
    expect(plan10.tasks.filter((task) => task.kind === 'commemoration').map((task) => task.title)).toEqual([
      expect.stringContaining('Ngày Quốc tế Hạnh phúc (20/3)'),
      expect.stringContaining('Ngày Gia đình Việt Nam (28/6)'),
      expect.stringContaining('(25/11)'),
    ]);
  });

  it("show attainment of 925/KH-UBND's targets from the units' activity reports", async () => {
    const { items } = await listPlans(stack.deps, { limit: 10, offset: 0 });
    const { targets } = await planTargets(stack.deps, items.find((plan) => plan.code === '925/KH-UBND')!.id);
    const byCode = Object.fromEntries(targets.map((target) => [target.code, target]));
    for (const code of ['CT1', 'CT2', 'CT3']) {
      expect(byCode[code]!.measured).toBe(true);
      expect(byCode[code]!.total!.actual).toBeGreaterThan(0);
      expect(byCode[code]!.units.length).toBeGreaterThan(0);
    }
    expect(byCode.CT3!.total!.base).toBe(30); // every commune of the sample province
    expect(byCode.CT6!.measured).toBe(false);
  });

  it('are not loaded a second time', async () => {
    expect(await loadExamples(stack.deps, log)).toEqual({ loaded: false, plans: [] });
    expect(await stack.db.plan.count()).toBe(2);
  });
});
