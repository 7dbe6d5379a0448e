import { parse } from 'csv-parse/sync';
import { reportCsv } from '../../services/report-files';
import type { PlanReport } from '../../services/reports';

const tally = { assignments: 2, doneOnTime: 1, doneLate: 0, overdue: 1, awaitingReview: 0, dueSoon: 0, notYetDue: 0, onTimeRate: 50, lateRate: 50 };
const report: PlanReport = {
  plan: { id: '00000000-0000-4000-8000-000000000001', code: '925/KH-UBND', title: 'Kế hoạch công tác gia đình năm 2024' },
  period: { label: '2024', from: '2024-01-01', to: '2024-12-31' },
  asOf: '2024-12-31T10:00:00.000Z',
  targets: [],
  units: [
    { unit: { code: 'XA-DAKHA', name: 'Xã Đắk Hà, "thôn 1"', kind: 'commune' }, ...tally },
    { unit: { code: '=HYPERLINK("http://x")', name: 'Phường Quyết Thắng\nTổ 2', kind: 'commune' }, ...tally, onTimeRate: -5 },
  ],
  total: tally,
  evidenceFiles: [],
};

describe('the plan report as CSV', () => {
  const csv = reportCsv(report);

  it('is UTF-8 with a byte-order mark and Windows line ends, as Excel opens it', () => {
    expect(csv.startsWith('\uFEFFMã đơn vị,Đơn vị,')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('reads back cell by cell, with quotes, commas and line breaks inside cells', () => {
    const rows: string[][] = parse(csv, { bom: true, record_delimiter: '\r\n' });
    expect(rows).toHaveLength(4);
    expect(rows[1]!.slice(0, 3)).toEqual(['XA-DAKHA', 'Xã Đắk Hà, "thôn 1"', '2']);
    expect(rows[2]![1]).toBe('Phường Quyết Thắng\nTổ 2');
    expect(rows[2]![9]).toBe('-5');
    expect(rows[3]!.slice(0, 2)).toEqual(['', 'Tổng cộng']);
  });

  it('defuses a cell a spreadsheet would run as a formula', () => {
    const rows: string[][] = parse(csv, { bom: true, record_delimiter: '\r\n' });
    expect(rows[2]![0]).toBe('\'=HYPERLINK("http://x")');
  });
});
