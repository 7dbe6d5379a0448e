import { amendmentBodySchema, amendmentSummary, copiedPlanContent, copyShiftYears, shiftYears } from '../../domain/plan-amendments';
import { planDefinitionSchema } from '../../domain/plan-definition';

const plan2025 = planDefinitionSchema.parse({
  code: '925/KH-UBND',
  title: 'Kế hoạch thực hiện công tác gia đình năm 2025 theo Quyết định 2238/QĐ-TTg năm 2021',
  issuingBody: 'Ủy ban nhân dân tỉnh Kon Tum',
  place: 'Kon Tum',
  issuedOn: '2025-03-20',
  signer: { name: 'Y Ngọc', position: 'KT. Chủ tịch — Phó Chủ tịch' },
  assigningUnit: 'SO-VHTTDL',
  period: { from: '2025-01-01', to: '2025-12-31' },
  note: 'Ban hành kèm Quyết định.',
  targets: [{ code: 'CT1', title: '90% hộ gia đình', measure: 'percent', value: 90, base: 'households' }],
  tasks: [
    { code: 'NV1', title: 'Tập huấn năm 2025', kind: 'training', leadUnit: 'H-DAKHA', deadline: '2025-06-30' },
    { code: 'NV2', title: 'Kỷ niệm Ngày Gia đình Việt Nam', kind: 'commemoration', fanOut: { kind: 'commune' }, repeat: { every: 'year', on: '06-28' } },
    { code: 'NV3', title: 'Rà soát số liệu', kind: 'generic', leadUnit: 'H-DAKHA', deadline: { workingDays: 20 } },
    { code: 'NV4', title: 'Kiểm tra', kind: 'inspection', leadUnit: 'H-DAKHA', deadline: { date: '2025-10-15' } },
  ],
});

describe('copying a plan to the next period', () => {
  it('moves a one-year plan by a year: period, dated deadlines and the years of the title within the period; relative and repeating deadlines as written', () => {
    const copy = copiedPlanContent(plan2025, copyShiftYears(plan2025.period));
    expect(copy.period).toEqual({ from: '2026-01-01', to: '2026-12-31' });
    expect(copy.title).toBe('Kế hoạch thực hiện công tác gia đình năm 2026 theo Quyết định 2238/QĐ-TTg năm 2021');
    expect(copy.tasks!.map((task) => [task.code, task.title, task.deadline ?? task.repeat])).toEqual([
      ['NV1', 'Tập huấn năm 2026', '2026-06-30'],
      ['NV2', 'Kỷ niệm Ngày Gia đình Việt Nam', { every: 'year', on: '06-28' }],
      ['NV3', 'Rà soát số liệu', { workingDays: 20 }],
      ['NV4', 'Kiểm tra', { date: '2026-10-15' }],
    ]);
    expect(copy.targets).toEqual(plan2025.targets);
  });

  it('leaves what the new document must give itself: number, date of issue, signer, assigning unit', () => {
    const copy = copiedPlanContent(plan2025, 1);
    for (const field of ['code', 'issuedOn', 'signer', 'assigningUnit']) expect((copy as Record<string, unknown>)[field]).toBeUndefined();
    expect(copy.place).toBe('Kon Tum');
    expect(copy.note).toBe('Sao chép từ Kế hoạch số 925/KH-UBND (01/01/2025 – 31/12/2025).');
  });

  it('moves a five-year programme by five years, and 29 February to 28 February in a common year', () => {
    expect(copyShiftYears({ from: '2021-01-01', to: '2025-12-31' })).toBe(5);
    expect(copyShiftYears({ from: '2025-07-01', to: '2025-12-31' })).toBe(1);
    const programme = { ...plan2025, title: 'Chương trình giai đoạn 2021 - 2025', period: { from: '2021-01-01', to: '2025-12-31' } };
    expect(copiedPlanContent(programme, 5).title).toBe('Chương trình giai đoạn 2026 - 2030');
    expect(shiftYears('2024-02-29', 1)).toBe('2025-02-28');
    expect(shiftYears('2024-02-29', 4)).toBe('2028-02-29');
  });
});

describe('the words of an amendment', () => {
  it('says what changed in one Vietnamese line', () => {
    expect(amendmentSummary({ kind: 'moveDeadline', tasks: ['NV3'], before: { deadline: '2025-06-30T10:00:00.000Z' }, after: { deadline: '2025-07-31T10:00:00.000Z' } })).toBe(
      'Điều chỉnh thời hạn nhiệm vụ NV3: từ 30/06/2025 thành 31/07/2025',
    );
    expect(amendmentSummary({ kind: 'changeTarget', target: 'CT2', before: { value: 10, measure: 'count' }, after: { value: 12, measure: 'count' } })).toBe('Điều chỉnh chỉ tiêu CT2: từ 10 thành 12');
    expect(amendmentSummary({ kind: 'changeTarget', target: 'CT1', before: { value: 10, measure: 'count' }, after: { value: 60, measure: 'percent' } })).toBe(
      'Điều chỉnh chỉ tiêu CT1: từ 10 thành 60% (cách đo: tỷ lệ (%))',
    );
    expect(amendmentSummary({ kind: 'changeTarget', target: 'CT4', before: { value: 10, measure: 'change' }, after: { value: 5, measure: 'change', direction: 'atMost' } })).toBe('Điều chỉnh chỉ tiêu CT4: từ 10 thành không vượt quá 5');
    expect(amendmentSummary({ kind: 'cancelTask', tasks: ['NV9.2025-Q3', 'NV9.2025-Q4'] })).toBe('Hủy nhiệm vụ NV9.2025-Q3, NV9.2025-Q4');
    expect(amendmentSummary({ kind: 'removeCoordinatingUnit', tasks: ['NV1'], unit: { code: 'X-HAMON', name: 'UBND xã Hà Mòn' } })).toBe('Thôi giao UBND xã Hà Mòn phối hợp thực hiện nhiệm vụ NV1');
  });
});

describe('the amendment request', () => {
  const basis = { reason: 'Theo chỉ đạo của UBND tỉnh.', document: 'Công văn số 1234/UBND-KGVX' };
  const paths = (body: unknown) => {
    const parsed = amendmentBodySchema.safeParse(body);
    return parsed.success ? [] : parsed.error.issues.map((issue) => issue.path.join('.'));
  };

  it('takes each kind with its reason and document', () => {
    expect(paths({ kind: 'moveDeadline', task: 'NV1', deadline: { workingDays: 10 }, ...basis })).toEqual([]);
    expect(paths({ kind: 'changeTarget', target: 'CT1', measure: 'count', ...basis })).toEqual([]);
  });

  it('refuses an amendment without its basis, with a task malformed, or a target change that changes nothing', () => {
    expect(paths({ kind: 'cancelTask', task: 'NV1' }).sort()).toEqual(['document', 'reason']);
    expect(paths({ kind: 'addTask', task: { code: 'NV5', title: 'x', kind: 'generic', deadline: '2025-01-01' }, ...basis })).toEqual(['task.leadUnit']);
    expect(paths({ kind: 'changeTarget', target: 'CT1', ...basis })).toEqual(['value']);
    expect(paths({ kind: 'renameTask', task: 'NV1', ...basis })).toEqual(['kind']);
  });
});
