/**
 * The reports offices sign, on the real stack with the example province: the draft results
 * report of 925/KH-UBND as a Word document, read back with mammoth (an independent reader) and
 * checked against the numbers the engine gives as JSON.
 */
import mammoth from 'mammoth';
import { startStack, type Stack } from '../../dev/stack';
import { localDate } from '../../domain/calendar';
import { loadExamples } from '../../examples/load';
import { createLogger } from '../../platform/logger';
import { httpClient } from '../support/http';

let stack: Stack;
let plan925: string;
let headToken: string;

beforeAll(async () => {
  stack = await startStack();
  await loadExamples(stack.deps, createLogger('test', 'warn'));
  plan925 = (await stack.db.plan.findFirstOrThrow({ where: { code: '925/KH-UBND' }, select: { id: true } })).id;
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
    const { response, bytes } = await download(`/plans/${plan925}/report?format=docx&period=2024-H1`, headToken);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename=du-thao-bao-cao-925-KH-UBND-2024-H1.docx');
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
  });

  it('has the header of Nghị định 30, the title, the targets and the task status as the engine counts them', async () => {
    const year = localDate(new Date()).slice(0, 4);
    const [{ bytes }, engine] = await Promise.all([
      download(`/plans/${plan925}/report?format=docx`, headToken),
      httpClient(stack.baseUrl, headToken).get(`/plans/${plan925}/report`),
    ]);
    const { tables, paragraphs, pictures } = await readDocx(bytes);

    const [header, targets, status] = tables;
    expect(header![0]![0]).toContain('ỦY BAN NHÂN DÂN TỈNH KON TUM');
    expect(header![0]![0]).toContain('SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH');
    expect(header![0]![0]).toContain('Số:      /BC-SOVHTTDL');
    expect(header![0]![1]).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(header![0]![1]).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(header![0]![1]).toContain(`Kon Tum, ngày      tháng      năm ${year}`);

    const issued = (await stack.db.plan.findUniqueOrThrow({ where: { id: plan925 }, select: { issuedOn: true } })).issuedOn.toISOString().slice(0, 10);
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
    const courses = await stack.db.activityReport.count({ where: { kind: 'training', assignment: { task: { planId: plan925 } } } });
    expect(courses).toBeGreaterThan(0);
    expect(paragraphs.find((line) => line.startsWith('Các đơn vị đã tổ chức') && line.includes('lớp tập huấn'))).toContain(`tổ chức ${viNumber(courses)} lớp tập huấn`);

    // The chart is a PNG picture; the officer's sections are there, marked.
    expect(pictures).toHaveLength(1);
    expect(pictures[0]!.type).toBe('image/png');
    expect([...pictures[0]!.bytes.subarray(1, 4)].map((byte) => String.fromCharCode(byte)).join('')).toBe('PNG');
    expect(paragraphs).toEqual(expect.arrayContaining(['II. KHÓ KHĂN, VƯỚNG MẮC', 'III. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI', 'IV. KIẾN NGHỊ, ĐỀ XUẤT']));
    expect(paragraphs.filter((line) => line.startsWith('[Phần cán bộ soạn thảo viết'))).toHaveLength(3);
  });

  it('is refused to a unit outside the plan, as the other report formats are', async () => {
    const stranger = (await stack.signIn('unit_officer', 'SO-YT')).token;
    const [docx, csv] = await Promise.all([download(`/plans/${plan925}/report?format=docx`, stranger), download(`/plans/${plan925}/report?format=csv`, stranger)]);
    expect(docx.response.status).toBe(csv.response.status);
    const wrong = await download(`/plans/${plan925}/report?format=odt`, headToken);
    expect(wrong.response.status).toBe(400);
  });
});
