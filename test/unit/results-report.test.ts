import { activityTotals, completionsByMonth, composeResultsReport, periodName, reportSymbol, statusBuckets, viNumber, type ResultsReportFacts } from '../../domain/results-report';
import type { UnitTally } from '../../domain/plan-report';

const tally = (counts: Partial<UnitTally>): UnitTally => ({
  assignments: 0,
  doneOnTime: 0,
  doneLate: 0,
  overdue: 0,
  awaitingReview: 0,
  dueSoon: 0,
  notYetDue: 0,
  onTimeRate: null,
  lateRate: null,
  ...counts,
});

describe('the four buckets of task monitoring', () => {
  it('puts work submitted in time with the open work still within its deadline', () => {
    // 20 due: 11 on time, 2 late, 3 awaiting review + 1 due soon + 0 not yet due = 4 in time, 3 overdue.
    const buckets = statusBuckets(tally({ assignments: 20, doneOnTime: 11, doneLate: 2, awaitingReview: 3, dueSoon: 1, overdue: 3 }));
    expect(buckets).toEqual([
      { label: 'Hoàn thành đúng hạn', count: 11, rate: 55 },
      { label: 'Hoàn thành quá hạn', count: 2, rate: 10 },
      { label: 'Chưa hoàn thành trong hạn', count: 4, rate: 20 },
      { label: 'Chưa hoàn thành quá hạn', count: 3, rate: 15 },
    ]);
  });

  it('gives no rate when nothing fell due, and rounds to one decimal', () => {
    expect(statusBuckets(tally({})).map((bucket) => bucket.rate)).toEqual([null, null, null, null]);
    // 1/3 = 33.3%, 2/3 = 66.7%.
    expect(statusBuckets(tally({ assignments: 3, doneOnTime: 1, overdue: 2 })).map((bucket) => bucket.rate)).toEqual([33.3, 0, 0, 66.7]);
  });
});

describe('completions by month', () => {
  it('counts each month of the period, empty ones included, and leaves out days outside it', () => {
    const months = completionsByMonth(
      [
        { day: '2024-01-31', late: false },
        { day: '2024-03-01', late: true },
        { day: '2024-03-15', late: false },
        { day: '2023-12-31', late: false },
        { day: '2024-04-01', late: false },
      ],
      '2024-01-01',
      '2024-03-31',
    );
    expect(months).toEqual([
      { month: '2024-01', onTime: 1, late: 0 },
      { month: '2024-02', onTime: 0, late: 0 },
      { month: '2024-03', onTime: 1, late: 1 },
    ]);
  });

  it('crosses a year end', () => {
    expect(completionsByMonth([], '2024-11-15', '2025-02-14').map((line) => line.month)).toEqual(['2024-11', '2024-12', '2025-01', '2025-02']);
  });
});

describe('words and numbers', () => {
  it('names periods as report titles do', () => {
    expect(['2024', '2024-H1', '2024-H2', '2024-9M', '2024-Q3'].map(periodName)).toEqual(['năm 2024', '6 tháng đầu năm 2024', '6 tháng cuối năm 2024', '9 tháng đầu năm 2024', 'quý III năm 2024']);
  });

  it('writes numbers with Vietnamese separators', () => {
    expect([1_600, 83.3, 0, -15, 1_234_567.25].map(viNumber)).toEqual(['1.600', '83,3', '0', '-15', '1.234.567,3']);
  });

  it('leaves the number of the symbol to the clerk', () => {
    expect(reportSymbol('SO-VHTTDL')).toBe('Số:      /BC-SOVHTTDL');
  });

  it('adds up activity figures by kind', () => {
    const totals = activityTotals([
      { kind: 'training', figures: { trainingCourses: 1, trainees: 30 } },
      { kind: 'training', figures: { trainingCourses: 1, trainees: 25, officialsTrained: 25 } },
      { kind: 'campaign', figures: { campaigns: 1, householdsReached: 1_100 } },
    ]);
    expect(totals.get('training')).toEqual({ trainingCourses: 2, trainees: 55, officialsTrained: 25 });
    expect(totals.get('campaign')).toEqual({ campaigns: 1, householdsReached: 1_100 });
  });
});

describe('the results report of 925/KH-UBND for the first half of 2024', () => {
  const facts: ResultsReportFacts = {
    plan: { code: '925/KH-UBND', title: 'Kế hoạch triển khai công tác gia đình năm 2024', issuingBody: 'Ủy ban nhân dân tỉnh', issuedOn: '2024-03-20', place: 'Kon Tum' },
    issuer: { code: 'SO-VHTTDL', name: 'Sở Văn hóa, Thể thao và Du lịch', parentName: 'Ủy ban nhân dân tỉnh Kon Tum', headTitle: 'Giám đốc' },
    recipient: 'Ủy ban nhân dân tỉnh Kon Tum',
    period: { label: '2024-H1', from: '2024-01-01', to: '2024-06-30' },
    draftedOn: '2024-06-20',
    periodLabel: '2024-H1',
    targets: [
      { code: 'CT1', title: '100% công chức được tập huấn', measure: 'percent', direction: 'atLeast', value: 100, measured: true, total: { actual: 5, base: 6, achieved: 83.3, attained: false } },
      { code: 'CT6', title: 'Giảm 10% số vụ bạo lực gia đình', measure: 'change', direction: 'reduceBy', value: 10, measured: true, total: { actual: 102, base: 120, achieved: -15, attained: true } },
      { code: 'CT7', title: 'Tổ chức 20 lớp tập huấn', measure: 'count', direction: 'atLeast', value: 20, measured: true, total: { actual: 5, base: null, achieved: 5, attained: false } },
      { code: 'CT5', title: 'Tỷ lệ hộ nghèo không vượt quá 5%', measure: 'percent', direction: 'atMost', value: 5, measured: false, total: null },
    ],
    total: tally({ assignments: 4, doneOnTime: 2, doneLate: 1, overdue: 1 }),
    units: [
      { unit: { code: 'X-HAMON', name: 'Ủy ban nhân dân xã Hà Mòn' }, ...tally({ assignments: 2, doneOnTime: 2 }) },
      { unit: { code: 'X-DAKMAR', name: 'Ủy ban nhân dân xã Đắk Mar' }, ...tally({ assignments: 2, doneLate: 1, overdue: 1 }) },
    ],
    tasks: [
      { code: 'NV5', title: 'Tập huấn cán bộ', kind: 'training', tally: tally({ assignments: 2, doneOnTime: 1, overdue: 1 }) },
      { code: 'NV2', title: 'Tuyên truyền', kind: 'campaign', tally: tally({ assignments: 2, doneOnTime: 1, doneLate: 1 }) },
    ],
    activities: [
      { kind: 'training', figures: { trainingCourses: 1, trainees: 30, officialsTrained: 0 } },
      { kind: 'training', figures: { trainingCourses: 1, trainees: 3, officialsTrained: 3 } },
      { kind: 'campaign', figures: { campaigns: 1, pieces: 24, householdsReached: 1_100, peopleReached: 0 } },
      { kind: 'campaign', figures: { campaigns: 1, pieces: 24, householdsReached: 500, peopleReached: 0 } },
    ],
    completions: [
      { day: '2024-04-10', late: false },
      { day: '2024-05-02', late: false },
      { day: '2024-06-03', late: true },
    ],
  };
  const report = composeResultsReport(facts);
  const texts = report.blocks.map((block) => ('text' in block ? block.text : ''));
  const tables = report.blocks.filter((block) => block.type === 'table');

  it('has the header and title of Nghị định 30', () => {
    expect(report.header).toEqual({
      parentBody: 'ỦY BAN NHÂN DÂN TỈNH KON TUM',
      issuer: 'SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH',
      symbol: 'Số:      /BC-SOVHTTDL',
      placeAndDate: 'Kon Tum, ngày      tháng      năm 2024',
    });
    expect(report.subtitle).toBe('Kết quả thực hiện Kế hoạch số 925/KH-UBND ngày 20/3/2024 của Ủy ban nhân dân tỉnh');
    expect(report.periodLine).toBe('(6 tháng đầu năm 2024)');
    expect(report.recipient).toBe('Kính gửi: Ủy ban nhân dân tỉnh Kon Tum.');
    expect(texts[0]).toBe(
      'Thực hiện Kế hoạch số 925/KH-UBND ngày 20/3/2024 của Ủy ban nhân dân tỉnh về triển khai công tác gia đình năm 2024, Sở Văn hóa, Thể thao và Du lịch báo cáo kết quả thực hiện 6 tháng đầu năm 2024 như sau:',
    );
  });

  it('groups the tasks by content, campaigns before training, with what units reported', () => {
    expect(texts).toContain('1.1. Công tác tuyên truyền');
    expect(texts).toContain('1.2. Công tác tập huấn, bồi dưỡng');
    // 1 + 1 campaigns, 24 + 24 pieces, 1,100 + 500 households.
    expect(texts).toContain('Các đơn vị đã tổ chức 2 đợt tuyên truyền với 48 tin, bài, sản phẩm truyền thông, tiếp cận 1.600 hộ gia đình và 0 lượt người.');
    // 2 courses, 30 + 3 trainees, 3 officials.
    expect(texts).toContain('Các đơn vị đã tổ chức 2 lớp tập huấn với 33 lượt người tham gia, trong đó 3 lượt công chức, viên chức phụ trách công tác gia đình.');
    expect(texts).toContain('- NV5. Tập huấn cán bộ: 2 lượt đơn vị thực hiện đến hạn trong kỳ; 1 hoàn thành đúng hạn, 1 chưa hoàn thành quá hạn.');
    expect(texts.some((text) => text.startsWith('1.3.'))).toBe(false);
  });

  it('writes the targets table: the goal, done, rate and verdict', () => {
    expect(tables[0]!.rows).toEqual([
      ['1', '100% công chức được tập huấn', 'Đạt tối thiểu 100%', '5/6', '83,3%', 'Chưa đạt'],
      ['2', 'Giảm 10% số vụ bạo lực gia đình', 'Giảm ít nhất 10%', '102/120', '-15%', 'Đạt'],
      // A count's rate is what was done over what was planned: 5 / 20 = 25%.
      ['3', 'Tổ chức 20 lớp tập huấn', 'Đạt tối thiểu 20', '5', '25%', 'Chưa đạt'],
      ['4', 'Tỷ lệ hộ nghèo không vượt quá 5%', 'Không vượt quá 5%', 'Chưa có số liệu', '—', 'Chưa đánh giá'],
    ]);
  });

  it('counts the buckets with their rates, and names the units with overdue work', () => {
    // 4 due: 2 on time (50%), 1 late (25%), 0 open in time, 1 overdue (25%).
    expect(tables[1]!.rows).toEqual([
      ['Hoàn thành đúng hạn', '2', '50%'],
      ['Hoàn thành quá hạn', '1', '25%'],
      ['Chưa hoàn thành trong hạn', '0', '0%'],
      ['Chưa hoàn thành quá hạn', '1', '25%'],
      ['Tổng cộng', '4', '100%'],
    ]);
    expect(tables[2]!.rows).toEqual([['1', 'Ủy ban nhân dân xã Đắk Mar', '1']]);
  });

  it('charts the completions of each month of the period', () => {
    expect(report.completionsByMonth.map((line) => [line.month, line.onTime, line.late])).toEqual([
      ['2024-01', 0, 0],
      ['2024-02', 0, 0],
      ['2024-03', 0, 0],
      ['2024-04', 1, 0],
      ['2024-05', 1, 0],
      ['2024-06', 0, 1],
    ]);
    expect(report.blocks.filter((block) => block.type === 'chart')).toHaveLength(1);
  });

  it('leaves the difficulties, the way ahead and the proposals to the officer, marked', () => {
    const officer = report.blocks.filter((block) => block.type === 'officer');
    expect(officer).toHaveLength(3);
    expect(texts).toEqual(expect.arrayContaining(['II. KHÓ KHĂN, VƯỚNG MẮC', 'III. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI', 'IV. KIẾN NGHỊ, ĐỀ XUẤT']));
    expect(report.closing.signerTitle).toBe('GIÁM ĐỐC');
  });

  it('names the whole plan by its dates when no period is asked for', () => {
    const whole = composeResultsReport({ ...facts, periodLabel: undefined, period: { label: '2024-01-01/2024-12-31', from: '2024-01-01', to: '2024-12-31' } });
    expect(whole.periodLine).toBeUndefined();
    expect((whole.blocks[0] as { text: string }).text).toContain('báo cáo kết quả thực hiện từ ngày 1/1/2024 đến ngày 31/12/2024 như sau:');
  });
});
