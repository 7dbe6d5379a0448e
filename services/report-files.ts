/**
 * A plan report as files with Vietnamese headers: CSV (the units table, RFC 4180, UTF-8 with
 * a byte-order mark so Excel shows the diacritics) and an Excel workbook (exceljs) with the
 * targets, the targets by unit, and the units. One table definition serves both.
 */
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { targetDirectionWords } from '../domain/target-attainment';
import type { PlanReport } from './reports';

type Cell = string | number | null;
interface Table {
  sheet: string;
  headers: string[];
  rows: Cell[][];
}

const verdict = (attained: boolean | null) => (attained === null ? 'Chưa đo được' : attained ? 'Đạt' : 'Chưa đạt');
const measureNames: Record<string, string> = { percent: 'Tỷ lệ (%)', count: 'Số lượng', change: 'Thay đổi (%)' };

function unitsTable(report: PlanReport): Table {
  return {
    sheet: 'Đơn vị',
    headers: [
      'Mã đơn vị',
      'Đơn vị',
      'Nhiệm vụ đến hạn trong kỳ',
      'Hoàn thành đúng hạn',
      'Hoàn thành quá hạn',
      'Quá hạn chưa hoàn thành',
      'Chờ thẩm định',
      'Sắp đến hạn',
      'Chưa đến hạn',
      'Tỷ lệ đúng hạn (%)',
      'Tỷ lệ trễ hạn (%)',
    ],
    rows: [...report.units, { unit: { code: '', name: 'Tổng cộng' }, ...report.total }].map((line) => [
      line.unit.code,
      line.unit.name,
      line.assignments,
      line.doneOnTime,
      line.doneLate,
      line.overdue,
      line.awaitingReview,
      line.dueSoon,
      line.notYetDue,
      line.onTimeRate,
      line.lateRate,
    ]),
  };
}

function targetsTable(report: PlanReport): Table {
  return {
    sheet: 'Chỉ tiêu',
    headers: ['Mã chỉ tiêu', 'Chỉ tiêu', 'Cách đo', 'Yêu cầu', 'Chỉ tiêu đề ra', 'Kết quả', 'Cơ sở tính', 'Đạt được', 'Đánh giá'],
    rows: report.targets.map((target) => [
      target.code,
      target.title,
      measureNames[target.measure] ?? target.measure,
      targetDirectionWords[target.direction],
      target.value,
      target.total?.actual ?? null,
      target.total?.base ?? null,
      target.total?.achieved ?? null,
      target.measured ? verdict(target.total?.attained ?? null) : 'Chưa có nguồn số liệu',
    ]),
  };
}

function targetsByUnitTable(report: PlanReport): Table {
  return {
    sheet: 'Chỉ tiêu theo đơn vị',
    headers: ['Mã chỉ tiêu', 'Mã đơn vị', 'Đơn vị', 'Kết quả', 'Cơ sở tính', 'Đạt được', 'Đánh giá'],
    rows: report.targets.flatMap((target) =>
      target.units.map((line) => [target.code, line.unit.code, line.unit.name, line.actual, line.base, line.achieved, verdict(line.attained)]),
    ),
  };
}

/**
 * RFC 4180 with Windows line ends; a line break inside a cell is quoted too (csv-stringify
 * quotes only the record delimiter by itself), and cells a spreadsheet would run as a formula
 * are defused with a leading apostrophe.
 */
export function reportCsv(report: PlanReport): string {
  const { headers, rows } = unitsTable(report);
  return stringify([headers, ...rows], { bom: true, record_delimiter: 'windows', escape_formulas: true, quoted_match: /[\r\n]/ });
}

export async function reportWorkbook(report: PlanReport): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Plan engine';
  workbook.created = new Date(report.asOf);
  for (const table of [targetsTable(report), targetsByUnitTable(report), unitsTable(report)]) {
    const sheet = workbook.addWorksheet(table.sheet);
    sheet.addRow([`${report.plan.code} — ${report.plan.title}`]).font = { bold: true };
    sheet.addRow([`Kỳ báo cáo: ${report.period.from} đến ${report.period.to}`, `Số liệu đến: ${report.asOf}`]);
    const header = sheet.addRow(table.headers);
    header.font = { bold: true };
    sheet.addRows(table.rows);
    sheet.columns.forEach((column, index) => {
      column.width = Math.min(60, Math.max(12, table.headers[index]!.length + 2));
    });
    sheet.views = [{ state: 'frozen', ySplit: 3 }];
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
