/**
 * Targets and reports on the real stack: communes and a district report training courses,
 * campaigns and a model through the API; the test checks the attainment the engine computes
 * against figures worked out by hand, and reads the exported workbook back with exceljs.
 */
import ExcelJS from 'exceljs';
import { startStack, type Stack } from '../../dev/stack';
import { plan925 } from '../support/fixtures';
import { assignmentWorkflowStarted, httpClient } from '../support/http';

let stack: Stack;
let admin: ReturnType<typeof httpClient>;
let planId: string;
const officers: Record<string, ReturnType<typeof httpClient>> = {};
const ids: Record<string, string> = {};

// Đắk Hà records its own 6 family-affairs officials (2 at the district, 2 in each commune);
// its households are not recorded, so its communes' 1,200 + 800 = 2,000 count.
const units = [
  { code: 'UBND-KT', name: 'Ủy ban nhân dân tỉnh Kon Tum', kind: 'province' },
  { code: 'SO-VHTTDL', name: 'Sở Văn hóa, Thể thao và Du lịch', kind: 'department', parentCode: 'UBND-KT' },
  { code: 'H-DAKHA', name: 'Ủy ban nhân dân huyện Đắk Hà', kind: 'district', parentCode: 'UBND-KT', familyOfficials: 6 },
  { code: 'X-HAMON', name: 'Ủy ban nhân dân xã Hà Mòn', kind: 'commune', parentCode: 'H-DAKHA', households: 1_200, familyOfficials: 2 },
  { code: 'X-DAKMAR', name: 'Ủy ban nhân dân xã Đắk Mar', kind: 'commune', parentCode: 'H-DAKHA', households: 800, familyOfficials: 2 },
];

beforeAll(async () => {
  stack = await startStack();
  admin = httpClient(stack.baseUrl, (await stack.signIn('admin')).token);
  for (const unit of units) expect((await admin.post('/units', unit)).status).toBe(201);
  const plan = await admin.post(
    '/plans',
    plan925({
      issuingUnit: 'UBND-KT',
      assigningUnit: 'SO-VHTTDL',
      targets: [
        { code: 'CT1', title: '100% cán bộ phụ trách công tác gia đình được tập huấn', measure: 'percent', value: 100, base: 'familyOfficials', source: { figure: 'officialsTrained' } },
        { code: 'CT2', title: '85% hộ gia đình được cung cấp thông tin', measure: 'percent', value: 85, base: 'households', source: { figure: 'householdsReached' } },
        { code: 'CT3', title: '65% xã thành lập mô hình phòng, chống bạo lực gia đình', measure: 'percent', value: 65, base: 'communes', source: { figure: 'modelsEstablished', count: 'units' } },
        { code: 'CT5', title: '75% hộ gia đình thực hiện Bộ tiêu chí ứng xử', measure: 'percent', value: 75 },
        { code: 'CT6', title: 'Giảm 10% số vụ bạo lực gia đình', measure: 'change', value: -10, baseline: 120, source: { figure: 'violenceCases', from: 'submissions' } },
        { code: 'CT7', title: 'Số vụ bạo lực gia đình không vượt quá 100 vụ', measure: 'count', value: 100, direction: 'atMost', source: { figure: 'violenceCases', from: 'submissions' } },
      ],
      tasks: [
        { code: 'NV1', title: 'Báo cáo sơ kết 6 tháng', kind: 'report', leadUnit: 'X-DAKMAR', deadline: '2024-06-30' },
        { code: 'NV2', title: 'Tuyên truyền trên hệ thống loa truyền thanh cơ sở', kind: 'campaign', leadUnit: 'X-HAMON', coordinatingUnits: ['X-DAKMAR'], deadline: '2030-06-30' },
        { code: 'NV3', title: 'Xây dựng mô hình phòng, chống bạo lực gia đình', kind: 'generic', leadUnit: 'X-HAMON', coordinatingUnits: ['X-DAKMAR'], deadline: '2030-06-30' },
        { code: 'NV5', title: 'Tập huấn cán bộ phụ trách công tác gia đình', kind: 'training', leadUnit: 'H-DAKHA', coordinatingUnits: ['X-HAMON', 'X-DAKMAR'], deadline: '2030-06-30' },
      ],
    }),
  );
  expect(plan.status).toBe(201);
  planId = plan.body.id;
  for (const task of (await admin.get(`/plans/${planId}`)).body.tasks) {
    for (const line of task.assignments) ids[`${task.code}/${line.unit.code}`] = line.id;
  }
  await Promise.all(Object.values(ids).map((id) => assignmentWorkflowStarted(admin, id)));
  for (const code of ['H-DAKHA', 'X-HAMON', 'X-DAKMAR']) officers[code] = httpClient(stack.baseUrl, (await stack.signIn('unit_officer', code)).token);
});

afterAll(async () => {
  await stack?.stop();
});

const training = (audience: string, actualParticipants: number) => ({
  kind: 'training',
  date: '2024-05-10',
  place: 'Hội trường UBND huyện Đắk Hà',
  organiser: 'Sở Văn hóa, Thể thao và Du lịch',
  audience,
  plannedParticipants: actualParticipants + 2,
  actualParticipants,
});
const campaign = (householdsReached: number) => ({
  kind: 'campaign',
  channels: ['loudspeaker', 'poster', 'direct'],
  from: '2024-06-01',
  to: '2024-06-30',
  pieces: 24,
  householdsReached,
});

describe('activity reports', () => {
  it('records training courses, campaigns and a model, each by its own unit', async () => {
    const posts = [
      officers['X-HAMON']!.post(`/assignments/${ids['NV5/X-HAMON']}/activities`, training('family_officials', 2)),
      officers['X-DAKMAR']!.post(`/assignments/${ids['NV5/X-DAKMAR']}/activities`, training('households', 30)),
      officers['H-DAKHA']!.post(`/assignments/${ids['NV5/H-DAKHA']}/activities`, training('family_officials', 3)),
      officers['X-HAMON']!.post(`/assignments/${ids['NV2/X-HAMON']}/activities`, campaign(1_100)),
      officers['X-DAKMAR']!.post(`/assignments/${ids['NV2/X-DAKMAR']}/activities`, campaign(500)),
      officers['X-HAMON']!.post(`/assignments/${ids['NV3/X-HAMON']}/activities`, {
        kind: 'generic',
        date: '2024-08-15',
        summary: 'Ra mắt Câu lạc bộ phòng, chống bạo lực gia đình thôn 3',
        figures: { modelsEstablished: 1, participants: 25 },
      }),
    ];
    const answers = await Promise.all(posts);
    expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201, 201, 201, 201]);
    expect(answers[0]!.body).toMatchObject({ kind: 'training', occurredOn: '2024-05-10', figures: { trainingCourses: 1, trainees: 2, officialsTrained: 2 } });
    expect(answers[1]!.body.figures).toEqual({ trainingCourses: 1, trainees: 30, officialsTrained: 0 });
    const listed = await officers['X-HAMON']!.get(`/assignments/${ids['NV5/X-HAMON']}/activities`);
    expect(listed.body.items).toHaveLength(1);
  });

  it('refuses a report that does not fit the task, or names a field wrongly', async () => {
    const wrongKind = await officers['X-HAMON']!.post(`/assignments/${ids['NV5/X-HAMON']}/activities`, campaign(10));
    expect(wrongKind.status).toBe(400);
    expect(wrongKind.body.errors).toEqual([
      { path: 'kind', message: 'a training task takes training or generic reports', vi: 'Loại hoạt động không phù hợp với nhiệm vụ: chọn đúng loại của nhiệm vụ hoặc “Hoạt động khác”' },
    ]);
    const badChannel = await officers['X-HAMON']!.post(`/assignments/${ids['NV2/X-HAMON']}/activities`, { ...campaign(10), channels: ['carrier-pigeon'] });
    expect(badChannel.status).toBe(400);
    expect(badChannel.body.errors[0].path).toBe('channels.0');
    const backwards = await officers['X-HAMON']!.post(`/assignments/${ids['NV2/X-HAMON']}/activities`, { ...campaign(10), from: '2024-07-01' });
    expect(backwards.body.errors).toEqual([{ path: 'to', message: 'must not be before from', vi: 'Ngày kết thúc không được trước ngày bắt đầu' }]);
  });

  it('takes no more activities once the work is submitted', async () => {
    // The communes report the domestic-violence cases of the year with their work: 52 + 50.
    for (const [code, cases] of [['X-HAMON', 52], ['X-DAKMAR', 50]] as const) {
      const submitted = await officers[code]!.post(`/assignments/${ids[`NV3/${code}`]}/submit`, { summary: 'Đã xây dựng mô hình', figures: { violenceCases: cases } });
      expect(submitted.status).toBe(200);
    }
    const late = await officers['X-HAMON']!.post(`/assignments/${ids['NV3/X-HAMON']}/activities`, { kind: 'generic', date: '2024-09-01', summary: 'Sinh hoạt định kỳ' });
    expect(late.status).toBe(409);
  });
});

describe('target attainment', () => {
  let targets: Record<string, { measured: boolean; total: any; units: { unit: { code: string } }[] }>;
  const unitLine = (target: string, unit: string) => targets[target]!.units.find((line) => line.unit.code === unit);

  beforeAll(async () => {
    // The admin sees every unit's line; a commune's officer, its own only.
    const answer = await admin.get(`/plans/${planId}/targets`);
    expect(answer.status).toBe(200);
    targets = Object.fromEntries(answer.body.targets.map((target: { code: string }) => [target.code, target]));
  });

  it('counts officials trained against the officials recorded', () => {
    // Trained: 2 (Hà Mòn) + 0 (Đắk Mar trained households) + 3 (Đắk Hà) = 5 of 6 = 83.3%.
    expect(targets.CT1!.total).toEqual({ actual: 5, base: 6, achieved: 83.3, attained: false });
    expect(unitLine('CT1', 'X-HAMON')).toMatchObject({ actual: 2, base: 2, achieved: 100, attained: true });
  });

  it('counts households reached against the communes’ households, rolled up to the district', () => {
    // 1,100 + 500 = 1,600 of 1,200 + 800 = 2,000 → 80%; Hà Mòn alone 1,100 / 1,200 = 91.7%.
    expect(targets.CT2!.total).toEqual({ actual: 1_600, base: 2_000, achieved: 80, attained: false });
    expect(unitLine('CT2', 'H-DAKHA')).toMatchObject({ actual: 1_600, base: 2_000, achieved: 80 });
    expect(unitLine('CT2', 'X-HAMON')).toMatchObject({ achieved: 91.7, attained: true });
  });

  it('counts communes with a model, and a change against its baseline from what units submitted', () => {
    expect(targets.CT3!.total).toEqual({ actual: 1, base: 2, achieved: 50, attained: false });
    // 52 + 50 = 102 cases against 120: -15% ≤ -10%.
    expect(targets.CT6!.total).toEqual({ actual: 102, base: 120, achieved: -15, attained: true });
    // Written as -10 with no direction: a reduction by 10%, reported as its size.
    expect(targets.CT6).toMatchObject({ direction: 'reduceBy', value: 10 });
  });

  it('judges a ceiling by staying at or under it', () => {
    // The same 102 cases against "không vượt quá 100 vụ": over the ceiling.
    expect(targets.CT7).toMatchObject({ direction: 'atMost', value: 100, total: { actual: 102, base: null, achieved: 102, attained: false } });
    // Đắk Mar alone submitted 50 ≤ 100.
    expect(unitLine('CT7', 'X-DAKMAR')).toMatchObject({ actual: 50, attained: true });
  });

  it('shows a target without a source as not measured', () => {
    expect(targets.CT5).toMatchObject({ measured: false, total: null, units: [] });
  });

  it('counts only the activities of the period asked for', async () => {
    const firstHalf = await admin.get(`/plans/${planId}/targets?period=2024-H1`);
    const byCode = Object.fromEntries(firstHalf.body.targets.map((target: { code: string }) => [target.code, target]));
    expect(byCode.CT3.total.actual).toBe(0); // the model was set up in August
    expect(byCode.CT2.total.actual).toBe(1_600);
    expect((await admin.get(`/plans/${planId}/targets?period=2024-H3`)).status).toBe(400);
  });
});

describe('the plan report', () => {
  it('ranks the units of a period with their on-time and late rates', async () => {
    const report = await admin.get(`/plans/${planId}/report?period=2024`);
    expect(report.status).toBe(200);
    // Only NV1 fell due in 2024: Đắk Mar still owes its half-year report.
    expect(report.body.units).toEqual([expect.objectContaining({ unit: expect.objectContaining({ code: 'X-DAKMAR' }), assignments: 1, overdue: 1, onTimeRate: 0, lateRate: 100 })]);
    const later = await admin.get(`/plans/${planId}/report?period=2030`);
    const hamon = later.body.units.find((line: { unit: { code: string } }) => line.unit.code === 'X-HAMON');
    expect(hamon).toMatchObject({ assignments: 3, awaitingReview: 1, notYetDue: 2, onTimeRate: null });
  });

  it('exports CSV with Vietnamese headers', async () => {
    const response = await fetch(`${stack.baseUrl}/plans/${planId}/report?period=2024&format=csv`, { headers: { authorization: `Bearer ${(await stack.signIn('leader', 'UBND-KT')).token}` } });
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toContain('bao-cao-925-KH-UBND-2024.csv');
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the byte-order mark Excel needs for UTF-8
    const lines = bytes.subarray(3).toString('utf8').split('\r\n');
    expect(lines[0]).toBe('Mã đơn vị,Đơn vị,Nhiệm vụ đến hạn trong kỳ,Hoàn thành đúng hạn,Hoàn thành quá hạn,Quá hạn chưa hoàn thành,Chờ thẩm định,Sắp đến hạn,Chưa đến hạn,Tỷ lệ đúng hạn (%),Tỷ lệ trễ hạn (%)');
    expect(lines[1]).toBe('X-DAKMAR,Ủy ban nhân dân xã Đắk Mar,1,0,0,1,0,0,0,0,100');
    expect(lines[2]).toBe(',Tổng cộng,1,0,0,1,0,0,0,0,100');
  });

  it('exports an Excel workbook that opens and has the right numbers', async () => {
    const response = await fetch(`${stack.baseUrl}/plans/${planId}/report?format=xlsx`, { headers: { authorization: `Bearer ${(await stack.signIn('leader', 'UBND-KT')).token}` } });
    expect(response.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Chỉ tiêu', 'Chỉ tiêu theo đơn vị', 'Đơn vị']);
    const targetsSheet = workbook.getWorksheet('Chỉ tiêu')!;
    expect(targetsSheet.getRow(3).values).toEqual([undefined, 'Mã chỉ tiêu', 'Chỉ tiêu', 'Cách đo', 'Yêu cầu', 'Chỉ tiêu đề ra', 'Kết quả', 'Cơ sở tính', 'Đạt được', 'Đánh giá']);
    const rows = new Map<string, unknown[]>();
    targetsSheet.eachRow((row, index) => {
      if (index > 3) rows.set(String(row.getCell(1).value), (row.values as unknown[]).slice(1));
    });
    expect(rows.get('CT2')).toEqual(['CT2', '85% hộ gia đình được cung cấp thông tin', 'Tỷ lệ (%)', 'Đạt tối thiểu', 85, 1_600, 2_000, 80, 'Chưa đạt']);
    expect(rows.get('CT6')).toEqual(['CT6', 'Giảm 10% số vụ bạo lực gia đình', 'Thay đổi (%)', 'Giảm ít nhất', 10, 102, 120, -15, 'Đạt']);
    expect(rows.get('CT5')?.[8]).toBe('Chưa có nguồn số liệu');
    const unitsSheet = workbook.getWorksheet('Đơn vị')!;
    const total = unitsSheet.getRow(unitsSheet.rowCount);
    expect(total.getCell(2).value).toBe('Tổng cộng');
    expect(total.getCell(3).value).toBe(8); // every assignment due in the plan's period: NV1 1 + NV2 2 + NV3 2 + NV5 3
  });

  it("gives a unit's own record across plans", async () => {
    const answer = await officers['X-HAMON']!.get('/units/X-HAMON/report?period=2030');
    expect(answer.status).toBe(200);
    expect(answer.body.plans).toEqual([expect.objectContaining({ plan: expect.objectContaining({ code: '925/KH-UBND' }), assignments: 3, awaitingReview: 1, notYetDue: 2 })]);
    expect((await officers['X-DAKMAR']!.get('/units/X-HAMON/report')).status).toBe(403);
  });
});
