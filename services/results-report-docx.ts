/**
 * The results report as a Word document in the layout of Nghị định 30/2020/NĐ-CP (Phụ lục I):
 * A4, margins top and bottom 20 mm, left 30 mm, right 15 mm; Times New Roman, the header in 12–13 pt
 * and the body in 14 pt;
 * the two-column header (issuer and number | national motto, place and date), the title, the
 * body, then "Nơi nhận" beside the signature block. Places the officer must write are in
 * italics on a yellow highlight, so none is signed unwritten.
 */
import { AlignmentType, BorderStyle, Document, ImageRun, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import type { ReportBlock, ResultsReport } from '../domain/results-report';
import { CHART_SIZE, completionsChartPng } from './report-chart';

const FONT = 'Times New Roman';
/** Twentieths of a point per millimetre. */
const TWIPS_PER_MM = 56.7;
const A4 = { width: 11906, height: 16838 };
const MARGINS = { top: 20, bottom: 20, left: 30, right: 15 };
const TEXT_WIDTH = A4.width - Math.round((MARGINS.left + MARGINS.right) * TWIPS_PER_MM);

interface RunStyle {
  bold?: boolean;
  italics?: boolean;
  size?: number;
  highlight?: boolean;
}
const run = (text: string, style: RunStyle = {}) =>
  new TextRun({ text, font: FONT, size: (style.size ?? 14) * 2, bold: style.bold, italics: style.italics, ...(style.highlight && { highlight: 'yellow' as const }) });
const centred = (text: string, style: RunStyle = {}) => new Paragraph({ alignment: AlignmentType.CENTER, children: [run(text, style)] });
const none = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
const noBorders = { top: none, bottom: none, left: none, right: none, insideHorizontal: none, insideVertical: none };

/** Two cells side by side without borders: the header, and the recipients beside the signature. */
function sideBySide(left: Paragraph[], right: Paragraph[], leftShare: number): Table {
  const leftWidth = Math.round(TEXT_WIDTH * leftShare);
  const widths = [leftWidth, TEXT_WIDTH - leftWidth];
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    borders: noBorders,
    rows: [new TableRow({ children: [left, right].map((children, index) => new TableCell({ width: { size: widths[index]!, type: WidthType.DXA }, borders: noBorders, children })) })],
  });
}

function grid(headers: string[], rows: string[][], shares: number[]): Table {
  const total = shares.reduce((sum, share) => sum + share, 0);
  const widths = shares.map((share) => Math.round((TEXT_WIDTH * share) / total));
  const line = (cells: string[], header: boolean) =>
    new TableRow({
      tableHeader: header,
      children: cells.map(
        (cell, column) =>
          new TableCell({
            width: { size: widths[column]!, type: WidthType.DXA },
            children: [new Paragraph({ alignment: header || column > 1 ? AlignmentType.CENTER : AlignmentType.LEFT, children: [run(cell, { bold: header, size: 13 })] })],
          }),
      ),
    });
  return new Table({ width: { size: TEXT_WIDTH, type: WidthType.DXA }, columnWidths: widths, rows: [line(headers, true), ...rows.map((row) => line(row, false))] });
}

const body = (children: TextRun[]) => new Paragraph({ alignment: AlignmentType.JUSTIFIED, indent: { firstLine: 567 }, spacing: { before: 60, after: 60, line: 300 }, children });

function blockOf(block: ReportBlock, chart: () => Buffer): (Paragraph | Table)[] {
  switch (block.type) {
    case 'heading':
      return [body([run(block.text, { bold: true })])];
    case 'paragraph':
      return [body([run(block.text)])];
    case 'officer':
      return [body([run(block.text, { italics: true, highlight: true })])];
    case 'table':
      return [grid(block.headers, block.rows, block.widths), new Paragraph({ children: [] })];
    case 'chart': {
      // Shown 16 cm wide: within the 165 mm between the margins.
      const width = 605;
      return [
        new Paragraph({ alignment: AlignmentType.CENTER, children: [new ImageRun({ type: 'png', data: chart(), transformation: { width, height: Math.round((width * CHART_SIZE.height) / CHART_SIZE.width) }, altText: { name: 'chart', description: block.caption, title: block.caption } })] }),
        centred(block.caption, { italics: true, size: 13 }),
      ];
    }
  }
}

export async function resultsReportDocx(report: ResultsReport): Promise<Buffer> {
  const { header } = report;
  const heading = sideBySide(
    [
      ...(header.parentBody ? [centred(header.parentBody, { size: 12 })] : []),
      centred(header.issuer, { bold: true, size: 12 }),
      centred('_______', { size: 12 }),
      centred(header.symbol, { size: 13 }),
    ],
    [
      centred('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { bold: true, size: 12 }),
      centred('Độc lập - Tự do - Hạnh phúc', { bold: true, size: 13 }),
      centred('_______________________', { size: 13 }),
      centred(header.placeAndDate, { italics: true, size: 14 }),
    ],
    0.4,
  );
  const signature = sideBySide(
    [new Paragraph({ children: [run('Nơi nhận:', { bold: true, italics: true, size: 12 })] }), ...report.closing.recipients.map((line) => new Paragraph({ children: [run(line, { size: 11 })] }))],
    [centred(report.closing.signerTitle, { bold: true }), centred('[Ký, ghi rõ họ tên và đóng dấu]', { italics: true, size: 13, highlight: true })],
    0.5,
  );
  const document = new Document({
    creator: 'Plan engine',
    title: `${report.title} ${report.subtitle}`,
    styles: { default: { document: { run: { font: FONT, size: 28 } } } },
    sections: [
      {
        properties: {
          page: {
            size: A4,
            margin: { top: Math.round(MARGINS.top * TWIPS_PER_MM), bottom: Math.round(MARGINS.bottom * TWIPS_PER_MM), left: Math.round(MARGINS.left * TWIPS_PER_MM), right: Math.round(MARGINS.right * TWIPS_PER_MM) },
          },
        },
        children: [
          heading,
          new Paragraph({ children: [] }),
          centred(report.title, { bold: true }),
          centred(report.subtitle, { bold: true }),
          ...(report.periodLine ? [centred(report.periodLine, { bold: true })] : []),
          centred('___________'),
          ...(report.recipient ? [centred(report.recipient)] : []),
          ...report.blocks.flatMap((block) => blockOf(block, () => completionsChartPng(report.completionsByMonth))),
          new Paragraph({ children: [] }),
          signature,
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}
