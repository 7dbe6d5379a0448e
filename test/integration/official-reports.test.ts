/**
 * The reports offices sign, on the real stack with the example province: the draft results
 * report of 925/KH-UBND as a Word document, read back with mammoth (an independent reader) and
 * checked against the numbers the engine gives as JSON; and a plan's quarterly reports with
 * their cut-off windows, escalated when late, their figures compiled by hand.
 */
import mammoth from 'mammoth';
import { startStack, type Stack } from '../../dev/stack';
import { localDate } from '../../domain/calendar';
import { loadExamples } from '../../examples/load';
import { createLogger } from '../../platform/logger';
import { plan925 } from '../support/fixtures';
import { assignmentWorkflowStarted, eventually, httpClient } from '../support/http';

let stack: Stack;
let plan925Id: string;
let headToken: string;

beforeAll(async () => {
  stack = await startStack();
  await loadExamples(stack.deps, createLogger('test', 'warn'));
  plan925Id = (await stack.db.plan.findFirstOrThrow({ where: { code: '925/KH-UBND' }, select: { id: true } })).id;
  headToken = (await stack.signIn('department_head', 'SO-VHTTDL')).token;
});
afterAll(async () => {
  await stack?.stop();
});

/** The document as mammoth reads it: its paragraphs' text, its tables' cells and its pictures. */
async function readDocx(bytes: Buffer) {
  const { value: html } = await mammoth.convertToHtml({ buffer: bytes });
  const text = (fragment: string) => fragment.replace(/<[^>]+>/g, '').replace(/&amp;/g, '&').trim();
  const tables = [...html.matchAll(/<table>([\s\S]*?)<\/table>/g)].map(([, table]) =>
    [...table!.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map(([, row]) => [...row!.matchAll(/<t[dh][^>]*>([\s\S]*?)<\/t[dh]>/g)].map(([, cell]) => text(cell!))),
  );
  const paragraphs = [...html.replace(/<table>[\s\S]*?<\/table>/g, '').matchAll(/<p>([\s\S]*?)<\/p>/g)].map(([, paragraph]) => text(paragraph!));
  const pictures = [...html.matchAll(/<img[^>]* src="data:([^;]+);base64,([^"]+)"/g)].map(([, type, data]) => ({ type, bytes: Buffer.from(data!, 'base64') }));
  return { tables, paragraphs, pictures };
}

async function download(path: string, token: string) {
  const response = await fetch(`${stack.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { response, bytes: Buffer.from(await response.arrayBuffer()) };
}

const viNumber = (value: number) => value.toLocaleString('vi-VN', { maximumFractionDigits: 1 });
const viPercent = (value: number | null) => (value === null ? '—' : `${viNumber(value)}%`);

describe('the draft results report of 925/KH-UBND', () => {
  it('is a Word document named for the plan and the period', async () => {
    const { response, bytes } = await download(`/plans/${plan925Id}/report?format=docx&period=2024-H1`, headToken);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename=du-thao-bao-cao-925-KH-UBND-2024-H1.docx');
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
  });

  it('has the header of Nghị định 30, the title, the targets and the task status as the engine counts them', async () => {
    const year = localDate(new Date()).slice(0, 4);
    const [{ bytes }, engine] = await Promise.all([
      download(`/plans/${plan925Id}/report?format=docx`, headToken),
      httpClient(stack.baseUrl, headToken).get(`/plans/${plan925Id}/report`),
    ]);
    const { tables, paragraphs, pictures } = await readDocx(bytes);

    const [header, targets, status] = tables;
    expect(header![0]![0]).toContain('ỦY BAN NHÂN DÂN TỈNH KON TUM');
    expect(header![0]![0]).toContain('SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH');
    expect(header![0]![0]).toContain('Số:      /BC-SOVHTTDL');
    expect(header![0]![1]).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(header![0]![1]).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(header![0]![1]).toContain(`Kon Tum, ngày      tháng      năm ${year}`);

    const issued = (await stack.db.plan.findUniqueOrThrow({ where: { id: plan925Id }, select: { issuedOn: true } })).issuedOn.toISOString().slice(0, 10);
    const [y, m, d] = issued.split('-');
    expect(paragraphs).toContain('BÁO CÁO');
    expect(paragraphs).toContain(`Kết quả thực hiện Kế hoạch số 925/KH-UBND ngày ${Number(d)}/${Number(m)}/${y} của Ủy ban nhân dân tỉnh`);
    expect(paragraphs).toContain('Kính gửi: Ủy ban nhân dân tỉnh Kon Tum.');

    // The targets table: one line per target of the JSON report, in its order, with its verdict.
    expect(targets![0]).toEqual(['STT', 'Chỉ tiêu', 'Kế hoạch', 'Thực hiện', 'Tỷ lệ', 'Đánh giá']);
    const engineTargets = engine.body.targets as { title: string; measured: boolean; total: { achieved: number | null; attained: boolean | null } | null }[];
    expect(targets!.slice(1).map((row) => row[1])).toEqual(engineTargets.map((target) => target.title));
    expect(targets!.slice(1).map((row) => [row[4], row[5]])).toEqual(
      engineTargets.map((target) =>
        target.measured && target.total ? [viPercent(target.total.achieved), target.total.attained ? 'Đạt' : 'Chưa đạt'] : ['—', 'Chưa đánh giá'],
      ),
    );
    expect(engineTargets.some((target) => target.measured && target.total!.achieved! > 0)).toBe(true);

    // The four buckets from the engine's tally of the plan's whole period.
    const total = engine.body.total;
    expect(total.assignments).toBeGreaterThan(0);
    const rate = (count: number) => viPercent(Math.round((count / total.assignments) * 1000) / 10);
    const inTime = total.awaitingReview + total.dueSoon + total.notYetDue;
    expect(status).toEqual([
      ['Tình trạng', 'Số lượt nhiệm vụ', 'Tỷ lệ'],
      ['Hoàn thành đúng hạn', viNumber(total.doneOnTime), rate(total.doneOnTime)],
      ['Hoàn thành quá hạn', viNumber(total.doneLate), rate(total.doneLate)],
      ['Chưa hoàn thành trong hạn', viNumber(inTime), rate(inTime)],
      ['Chưa hoàn thành quá hạn', viNumber(total.overdue), rate(total.overdue)],
      ['Tổng cộng', viNumber(total.assignments), '100%'],
    ]);
    expect(Math.min(total.doneOnTime, total.doneLate, total.overdue)).toBeGreaterThan(0);

    // The units with overdue work, as the engine ranks them.
    const overdueUnits = (engine.body.units as { unit: { name: string }; overdue: number }[]).filter((line) => line.overdue > 0);
    expect(tables[3]!.slice(1).map((row) => row[1]).sort()).toEqual(overdueUnits.map((line) => line.unit.name).sort());

    // The training courses the example units reported, counted in their content group.
    const courses = await stack.db.activityReport.count({ where: { kind: 'training', assignment: { task: { planId: plan925Id } } } });
    expect(courses).toBeGreaterThan(0);
    expect(paragraphs.find((line) => line.startsWith('Các đơn vị đã tổ chức') && line.includes('lớp tập huấn'))).toContain(`tổ chức ${viNumber(courses)} lớp tập huấn`);

    // The chart is a PNG picture; the officer's sections are there, marked.
    expect(pictures).toHaveLength(1);
    expect(pictures[0]!.type).toBe('image/png');
    expect([...pictures[0]!.bytes.subarray(1, 4)].map((byte) => String.fromCharCode(byte)).join('')).toBe('PNG');
    expect(paragraphs).toEqual(expect.arrayContaining(['II. KHÓ KHĂN, VƯỚNG MẮC', 'III. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI', 'IV. KIẾN NGHỊ, ĐỀ XUẤT']));
    expect(paragraphs.filter((line) => line.startsWith('[Phần cán bộ soạn thảo viết'))).toHaveLength(3);
  });

  it('answers a unit outside the plan as the other report formats do, and refuses a format it does not make', async () => {
    const stranger = (await stack.signIn('unit_officer', 'SO-YT')).token;
    const [docx, csv] = await Promise.all([download(`/plans/${plan925Id}/report?format=docx`, stranger), download(`/plans/${plan925Id}/report?format=csv`, stranger)]);
    expect(docx.response.status).toBe(csv.response.status);
    const wrong = await download(`/plans/${plan925Id}/report?format=odt`, headToken);
    expect(wrong.response.status).toBe(400);
  });
});

describe('quarterly reports with the cut-off windows of Nghị định 09/2019', () => {
  // Two communes report each quarter, from Q2 2024 (the first cut-off after the plan was issued)
  // to Q2 of next year; what they report under the plan's training and campaign tasks is counted
  // in the quarter whose window holds its date.
  const nextYear = Number(localDate(new Date()).slice(0, 4)) + 1;
  let admin: ReturnType<typeof httpClient>;
  let planId: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    admin = httpClient(stack.baseUrl, (await stack.signIn('admin')).token);
    const created = await admin.post('/plans', {
      ...plan925({ code: '12/KH-SVHTTDL', issuingUnit: 'UBND-KT', assigningUnit: 'SO-VHTTDL' }),
      period: { from: '2024-01-01', to: `${nextYear}-06-30` },
      tasks: [
        { code: 'NV1', title: 'Tập huấn cán bộ phụ trách công tác gia đình', kind: 'training', leadUnit: 'X-HAMON', coordinatingUnits: ['X-DAKMAR'], deadline: `${nextYear}-06-30` },
        { code: 'NV2', title: 'Tuyên truyền phòng, chống bạo lực gia đình', kind: 'campaign', leadUnit: 'X-DAKMAR', coordinatingUnits: ['X-HAMON'], deadline: `${nextYear}-06-30` },
        { code: 'NV8', title: 'Báo cáo kết quả công tác gia đình', kind: 'report', leadUnit: 'X-HAMON', coordinatingUnits: ['X-DAKMAR'], repeat: { reportEvery: 'quarter' } },
      ],
    });
    expect(created.status).toBe(201);
    planId = created.body.id;
    for (const task of (await admin.get(`/plans/${planId}`)).body.tasks) for (const line of task.assignments) ids[`${task.code}/${line.unit.code}`] = line.id;
  });

  it('creates one report per quarter and unit, due five working days after its cut-off', async () => {
    const plan = await admin.get(`/plans/${planId}`);
    const reports = (plan.body.tasks as { code: string; deadline: string; assignments: unknown[] }[]).filter((task) => task.code.startsWith('NV8.'));
    // 2024: Q2–Q4; 2025 to this year: four each; next year: Q1, Q2.
    const quarters = 3 + 4 * (nextYear - 1 - 2025 + 1) + 2;
    expect(reports).toHaveLength(quarters);
    expect(reports.every((task) => task.assignments.length === 2)).toBe(true);
    const deadlineOf = (code: string) => reports.find((task) => task.code === code)!.deadline;
    // Q2 2024 cut off Friday 14/06: 17, 18, 19, 20, 21/06 at 17:00 in Vietnam.
    expect(deadlineOf('NV8.2024-Q2')).toBe('2024-06-21T10:00:00.000Z');
    // Q4 2024 cut off Saturday 14/12: 16–20/12.
    expect(deadlineOf('NV8.2024-Q4')).toBe('2024-12-20T10:00:00.000Z');
    // Q1 2025 cut off Friday 14/03: 17–21/03.
    expect(deadlineOf('NV8.2025-Q1')).toBe('2025-03-21T10:00:00.000Z');
    const detail = await admin.get(`/assignments/${ids['NV8.2024-Q4/X-HAMON']}`);
    expect(detail.body.reportingWindow).toEqual({ every: 'quarter', from: '2024-09-15', to: '2024-12-14' });
    expect(detail.body.task.title).toBe('Báo cáo kết quả công tác gia đình (quý IV/2024)');
    expect((await admin.get(`/assignments/${ids['NV1/X-HAMON']}`)).body.reportingWindow).toBeNull();
  });

  it('escalates a report not sent by its deadline through the ordinary ladder', async () => {
    const late = ids['NV8.2024-Q4/X-DAKMAR']!;
    await assignmentWorkflowStarted(admin, late);
    const escalated = await eventually(async () => {
      const answer = await admin.get('/escalations?unit=X-DAKMAR&open=true');
      return (answer.body.items as { assignment: { id: string }; level: number }[]).find((item) => item.assignment.id === late);
    }, 'the late quarterly report escalated');
    expect(escalated.level).toBeGreaterThanOrEqual(1);
  });

  it('shows per quarter who reported and who is late, with the figures dated within its window', async () => {
    const hamon = httpClient(stack.baseUrl, (await stack.signIn('unit_officer', 'X-HAMON')).token);
    const dakmar = httpClient(stack.baseUrl, (await stack.signIn('unit_officer', 'X-DAKMAR')).token);
    const training = (date: string, audience: string, actualParticipants: number) => ({ kind: 'training', date, place: 'Hội trường xã', organiser: 'UBND xã Hà Mòn', audience, plannedParticipants: actualParticipants, actualParticipants });
    const campaign = (from: string, to: string, householdsReached: number, pieces: number) => ({ kind: 'campaign', channels: ['loudspeaker'], from, to, pieces, householdsReached });
    const posts = await Promise.all([
      hamon.post(`/assignments/${ids['NV1/X-HAMON']}/activities`, training('2024-12-14', 'family_officials', 30)), // Q4 2024: its window's last day
      hamon.post(`/assignments/${ids['NV1/X-HAMON']}/activities`, training('2024-12-15', 'households', 12)), // Q1 2025
      dakmar.post(`/assignments/${ids['NV2/X-DAKMAR']}/activities`, campaign('2024-09-01', '2024-09-20', 500, 10)), // ends 20/09: Q4 2024
      dakmar.post(`/assignments/${ids['NV2/X-DAKMAR']}/activities`, campaign('2024-09-01', '2024-09-14', 200, 4)), // ends 14/09: Q3 2024
    ]);
    expect(posts.map((answer) => answer.status)).toEqual([201, 201, 201, 201]);
    // Hà Mòn reports Q4 2024 now, long after 20/12/2024; Đắk Mar reports next year's Q1 before its deadline.
    for (const [client, id, cases] of [[hamon, ids['NV8.2024-Q4/X-HAMON']!, 4], [dakmar, ids[`NV8.${nextYear}-Q1/X-DAKMAR`]!, 2]] as const) {
      await assignmentWorkflowStarted(admin, id);
      expect((await client.post(`/assignments/${id}/submit`, { summary: 'Báo cáo quý', figures: { violenceCases: cases } })).status).toBe(200);
    }

    const answer = await admin.get(`/plans/${planId}/periodic-reports`);
    expect(answer.status).toBe(200);
    const period = (code: string) => (answer.body.periods as { task: { code: string } }[]).find((line) => line.task.code === code) as any;

    const q4 = period('NV8.2024-Q4');
    expect(q4).toMatchObject({ every: 'quarter', window: { from: '2024-09-15', to: '2024-12-14' }, deadline: '2024-12-20T10:00:00.000Z' });
    expect(q4.counts).toEqual({ units: 2, reportedOnTime: 0, reportedLate: 1, pending: 0, late: 1 });
    expect(q4.units.map((line: { unit: { code: string }; state: string }) => [line.unit.code, line.state])).toEqual([
      ['X-DAKMAR', 'late'],
      ['X-HAMON', 'reported_late'],
    ]);
    // Within 15/09–14/12/2024: Hà Mòn's course of 30 officials on 14/12; Đắk Mar's campaign ending 20/09
    // (500 households, 10 pieces). Not the course of 15/12, nor the campaign ending 14/09.
    expect(q4.figures).toEqual({
      activities: { trainingCourses: 1, trainees: 30, officialsTrained: 30, campaigns: 1, pieces: 10, peopleReached: 0, householdsReached: 500 },
      reported: { violenceCases: 4 },
    });
    expect(period('NV8.2024-Q3').figures.activities).toEqual({ campaigns: 1, pieces: 4, peopleReached: 0, householdsReached: 200 });
    expect(period('NV8.2025-Q1').figures.activities).toEqual({ trainingCourses: 1, trainees: 12, officialsTrained: 0 });

    const next = period(`NV8.${nextYear}-Q1`);
    expect(next.window).toEqual({ from: `${nextYear - 1}-12-15`, to: `${nextYear}-03-14` });
    expect(next.counts).toEqual({ units: 2, reportedOnTime: 1, reportedLate: 0, pending: 1, late: 0 });
    expect(next.figures).toEqual({ activities: {}, reported: { violenceCases: 2 } });
    const later = period(`NV8.${nextYear}-Q2`);
    expect(later.counts).toEqual({ units: 2, reportedOnTime: 0, reportedLate: 0, pending: 2, late: 0 });

    // A unit sees its own line under every unit's totals.
    const own = await hamon.get(`/plans/${planId}/periodic-reports`);
    const ownQ4 = (own.body.periods as { task: { code: string }; units: { unit: { code: string } }[]; figures: unknown }[]).find((line) => line.task.code === 'NV8.2024-Q4')!;
    expect(ownQ4.units.map((line) => line.unit.code)).toEqual(['X-HAMON']);
    expect(ownQ4.figures).toEqual(q4.figures);
  });

  it('refuses a periodic report on a task that is not a report', async () => {
    const refused = await admin.post(
      '/plans',
      plan925({ code: '13/KH-SVHTTDL', tasks: [{ code: 'NV1', title: 'Tập huấn', kind: 'training', leadUnit: 'X-HAMON', repeat: { reportEvery: 'month', cutOffDay: 31 } }] }),
    );
    expect(await stack.db.plan.count({ where: { code: '13/KH-SVHTTDL' } })).toBe(0);
    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((error: { path: string }) => error.path).sort()).toEqual(['tasks.0.kind', 'tasks.0.repeat.cutOffDay']);
  });
});
