/**
 * The sample province end to end: its units imported, Kế hoạch 925/KH-UBND started with its
 * model-building task fanned out to every commune, training and campaign figures reported by
 * several units, attainment checked against figures worked out by hand — then the 2025
 * reorganisation: two communes merged into a new one, their open work and figures moving with
 * them, and the totals still adding up.
 */
import { localDate } from '../../domain/calendar';
import { examplePlans, exampleUnits } from '../../examples/load';
import { rebasePlan } from '../../examples/rebase';
import { startStack, type Stack } from '../../dev/stack';
import { assignmentWorkflowStarted, eventually, httpClient } from '../support/http';

let stack: Stack;
let admin: ReturnType<typeof httpClient>;
let planId: string;
const today = localDate(new Date());
const nv7: Record<string, string> = {};
const nv5: Record<string, string> = {};
const nv2: Record<string, string> = {};

beforeAll(async () => {
  stack = await startStack();
  admin = httpClient(stack.baseUrl, (await stack.signIn('admin')).token);
});

afterAll(async () => {
  await stack?.stop();
});

const officer = async (unit: string) => httpClient(stack.baseUrl, (await stack.signIn('unit_officer', unit)).token);
const targetsByCode = async () =>
  Object.fromEntries((await admin.get(`/plans/${planId}/targets`)).body.targets.map((target: { code: string }) => [target.code, target])) as Record<string, any>;
const unitLine = (target: { units: { unit: { code: string } }[] }, code: string) => target.units.find((line) => line.unit.code === code) as any;

describe('the sample province', () => {
  it('imports its units, and a second import changes nothing', async () => {
    const first = await admin.post('/units/import', { units: exampleUnits });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ created: 54, updated: 0, unchanged: 0 });
    const again = await admin.post('/units/import', { units: exampleUnits });
    expect(again.body).toEqual({ created: 0, updated: 0, unchanged: 54 });
    const communes = (await admin.get('/units?limit=1000')).body.items.filter((unit: { kind: string }) => unit.kind === 'commune');
    expect(communes).toHaveLength(30);
  });

  it('fans the model-building task out to every commune', async () => {
    const definition = rebasePlan(examplePlans[0]!.definition, today, 10);
    const created = await admin.post('/plans', definition);
    expect(created.status).toBe(201);
    planId = created.body.id;
    // NV1–NV6: 4 + 4 + 4 + 5 + 5 + 1 = 23 assignments; NV7: one per commune.
    expect(created.body.assignments).toBe(23 + 30);
    const plan = await admin.get(`/plans/${planId}`);
    const task = (code: string) => plan.body.tasks.find((line: { code: string }) => line.code === code);
    for (const line of task('NV7').assignments) nv7[line.unit.code] = line.id;
    for (const line of task('NV5').assignments) nv5[line.unit.code] = line.id;
    for (const line of task('NV2').assignments) nv2[line.unit.code] = line.id;
    expect(task('NV7').assignments.every((line: { role: string }) => line.role === 'lead')).toBe(true);
    expect(Object.keys(nv7).sort()).toEqual(exampleUnits.filter((unit) => unit.kind === 'commune').map((unit) => unit.code).sort());
    await Promise.all([...Object.values(nv7), ...Object.values(nv5), ...Object.values(nv2)].map((id) => assignmentWorkflowStarted(admin, id)));
  });

  it('takes training and campaign reports from several units', async () => {
    const reports: [string, string, object][] = [
      ['SO-VHTTDL', nv5['SO-VHTTDL']!, { kind: 'training', date: today, place: 'Hội trường Sở', organiser: 'Sở VHTTDL', audience: 'family_officials', plannedParticipants: 32, actualParticipants: 30 }],
      ['H-DAKHA', nv5['H-DAKHA']!, { kind: 'training', date: today, place: 'Hội trường huyện', organiser: 'Phòng Văn hóa - Thông tin', audience: 'family_officials', plannedParticipants: 8, actualParticipants: 6 }],
      ['X-HAMON', nv7['X-HAMON']!, { kind: 'generic', date: today, summary: 'Ra mắt mô hình; tuyên truyền tại 6 thôn', figures: { householdsReached: 1_700, modelsEstablished: 1 } }],
      ['X-DAKMAR', nv7['X-DAKMAR']!, { kind: 'generic', date: today, summary: 'Tuyên truyền trên loa truyền thanh', figures: { householdsReached: 1_200 } }],
      ['TT-DAKTO', nv7['TT-DAKTO']!, { kind: 'generic', date: today, summary: 'Ra mắt mô hình', figures: { householdsReached: 3_000, modelsEstablished: 1 } }],
      ['X-TANCANH', nv7['X-TANCANH']!, { kind: 'generic', date: today, summary: 'Ra mắt mô hình', figures: { householdsReached: 1_300, modelsEstablished: 1 } }],
      ['P-QUYETTHANG', nv7['P-QUYETTHANG']!, { kind: 'generic', date: today, summary: 'Tuyên truyền trực tiếp', figures: { householdsReached: 3_100 } }],
      // The provincial radio and newspaper run the campaign (NV2): households they reach count province-wide.
      ['DAI-PTTH', nv2['DAI-PTTH']!, { kind: 'campaign', channels: ['tv', 'radio', 'web'], from: today, to: today, pieces: 18, householdsReached: 2_000 }],
      ['BAO-KT', nv2['BAO-KT']!, { kind: 'campaign', channels: ['web', 'social'], from: today, to: today, pieces: 9, peopleReached: 15_000, householdsReached: 700 }],
    ];
    for (const [unit, assignmentId, report] of reports) {
      const answer = await (await officer(unit)).post(`/assignments/${assignmentId}/activities`, report);
      expect({ unit, status: answer.status }).toEqual({ unit, status: 201 });
    }
  });

  it('computes attainment as worked out by hand', async () => {
    const targets = await targetsByCode();
    // CT1: 30 + 6 officials trained of the 38 the communes record = 94.7%; Đắk Hà 6 of its 15 = 40%.
    expect(targets.CT1.total).toEqual({ actual: 36, base: 38, achieved: 94.7, attained: false });
    expect(unitLine(targets.CT1, 'H-DAKHA')).toMatchObject({ actual: 6, base: 15, achieved: 40 });
    // CT2: communes 1,700 + 1,200 + 3,000 + 1,300 + 3,100 and campaigns 2,000 + 700 = 13,000 of
    // 53,820 households = 24.2%; Đắk Hà 2,900 of 19,610 = 14.8%; Đắk Tô 4,300 of 12,910 = 33.3%.
    expect(targets.CT2.total).toEqual({ actual: 13_000, base: 53_820, achieved: 24.2, attained: false });
    expect(unitLine(targets.CT2, 'DAI-PTTH')).toMatchObject({ actual: 2_000, base: 0, achieved: null });
    expect(unitLine(targets.CT2, 'H-DAKHA')).toMatchObject({ actual: 2_900, base: 19_610, achieved: 14.8 });
    expect(unitLine(targets.CT2, 'H-DAKTO')).toMatchObject({ actual: 4_300, base: 12_910, achieved: 33.3 });
    // CT3: 3 of 30 communes have a model = 10%.
    expect(targets.CT3.total).toEqual({ actual: 3, base: 30, achieved: 10, attained: false });
    // CT4, CT5 come from what units submit: nothing yet. CT6 has no baseline: shown, not measured.
    expect(targets.CT4.total).toEqual({ actual: 0, base: 53_820, achieved: 0, attained: false });
    expect(targets.CT6).toMatchObject({ measured: false, total: null });
  });
});

describe('the 2025 reorganisation', () => {
  let newCommune: string;
  let dakToOfficer: ReturnType<typeof httpClient>;

  it('merges two communes into a new one under the province: open work moves, duplicates are cancelled', async () => {
    dakToOfficer = await officer('TT-DAKTO');
    const created = await admin.post('/units', { code: 'X-DAKTO-MOI', name: 'Ủy ban nhân dân xã Đắk Tô', kind: 'commune', parentCode: 'UBND-KT' });
    expect(created.status).toBe(201);
    newCommune = created.body.id;
    const first = await admin.post('/units/TT-DAKTO/merge', { into: 'X-DAKTO-MOI', reason: 'Nghị quyết sắp xếp đơn vị hành chính cấp xã năm 2025' });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ unit: { code: 'TT-DAKTO', mergedInto: 'X-DAKTO-MOI' }, reassigned: 1, cancelledAsDuplicate: 0, closedMoved: 0, closedKept: 0 });
    const second = await admin.post('/units/X-TANCANH/merge', { into: 'X-DAKTO-MOI', reason: 'Nghị quyết sắp xếp đơn vị hành chính cấp xã năm 2025' });
    expect(second.body).toMatchObject({ reassigned: 0, cancelledAsDuplicate: 1 });

    const inbox = await admin.get('/units/X-DAKTO-MOI/assignments');
    expect(inbox.body.items.map((line: { id: string }) => line.id)).toEqual([nv7['TT-DAKTO']]);
    await eventually(async () => ((await admin.get(`/assignments/${nv7['X-TANCANH']}`)).body.status === 'cancelled' ? true : undefined), 'the duplicate cancelled');
    const unit = await admin.get('/units/X-DAKTO-MOI');
    expect(unit.body).toMatchObject({ households: 3_520 + 1_540, familyOfficials: 2 + 1, parent: { code: 'UBND-KT' } });
    expect((await admin.get('/units/TT-DAKTO')).body.mergedInto).toEqual({ code: 'X-DAKTO-MOI', name: 'Ủy ban nhân dân xã Đắk Tô' });
    expect((await admin.get(`/assignments/${nv7['TT-DAKTO']}/history`)).body.items.at(-1).type).toBe('assignment.reassigned');
  });

  it("moves the merged commune's officers with it: they now act for the new commune", async () => {
    expect((await dakToOfficer.get('/me')).body.unit.id).toBe(newCommune);
    const answer = await dakToOfficer.post(`/assignments/${nv7['TT-DAKTO']}/activities`, { kind: 'generic', date: today, summary: 'Sinh hoạt câu lạc bộ', figures: { events: 2 } });
    expect(answer.status).toBe(201);
  });

  it('keeps the totals: households and figures count under the new commune', async () => {
    const targets = await targetsByCode();
    // Households and households reached are unchanged province-wide: 13,000 of 53,820.
    expect(targets.CT2.total).toEqual({ actual: 13_000, base: 53_820, achieved: 24.2, attained: false });
    // Đắk Tô's 3,000 + Tân Cảnh's 1,300 now count for the new commune, of its 5,060 households.
    expect(unitLine(targets.CT2, 'X-DAKTO-MOI')).toMatchObject({ actual: 4_300, base: 5_060, achieved: 85 });
    expect(unitLine(targets.CT2, 'H-DAKTO')).toMatchObject({ actual: 0, base: 12_910 - 5_060 });
    expect(unitLine(targets.CT2, 'TT-DAKTO')).toBeUndefined();
    // Two communes with a model became one: 2 of 29 communes (30 − 2 + 1) = 6.9%.
    expect(targets.CT3.total).toEqual({ actual: 2, base: 29, achieved: 6.9, attained: false });
  });

  it('reports the merged work under the successor, without the cancelled duplicate', async () => {
    const report = (await admin.get(`/plans/${planId}/report`)).body;
    const codes = report.units.map((line: { unit: { code: string } }) => line.unit.code);
    expect(codes).toContain('X-DAKTO-MOI');
    expect(codes).not.toContain('TT-DAKTO');
    expect(codes).not.toContain('X-TANCANH');
    expect(report.units.find((line: { unit: { code: string } }) => line.unit.code === 'X-DAKTO-MOI').assignments).toBe(1);
    expect(report.total.assignments).toBe(23 + 30 - 1);
  });

  it('refuses merging into a merged unit, into itself, or a unit into one under it', async () => {
    expect((await admin.post('/units/X-DIENBINH/merge', { into: 'TT-DAKTO', reason: 'x' })).status).toBe(409);
    expect((await admin.post('/units/X-DIENBINH/merge', { into: 'X-DIENBINH', reason: 'x' })).status).toBe(400);
    const under = await admin.post('/units/H-DAKTO/merge', { into: 'X-DIENBINH', reason: 'x' });
    expect(under.status).toBe(400);
    expect(under.body.errors).toEqual([{ path: 'into', message: 'X-DIENBINH lies under H-DAKTO' }]);
  });
});
