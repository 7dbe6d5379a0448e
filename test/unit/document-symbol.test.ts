import { readDocumentSymbol } from '../../domain/document-symbol';
import { planDraftContentSchema, planDefinitionSchema } from '../../domain/plan-definition';
import { vietnameseProblems } from '../../domain/plan-problems';

describe('the number and symbol of a document (Nghị định 30/2020/NĐ-CP)', () => {
  it('reads the number, the type code and the issuer code, Vietnamese capitals kept', () => {
    expect(readDocumentSymbol('925/KH-UBND')).toEqual({ ok: true, symbol: { number: 925, typeCode: 'KH', issuerCode: 'UBND' } });
    expect(readDocumentSymbol('10/KH-BCĐ')).toEqual({ ok: true, symbol: { number: 10, typeCode: 'KH', issuerCode: 'BCĐ' } });
    expect(readDocumentSymbol('845/KH-SGDĐT')).toEqual({ ok: true, symbol: { number: 845, typeCode: 'KH', issuerCode: 'SGDĐT' } });
    expect(readDocumentSymbol('12/KH-UBND-VX')).toEqual({ ok: true, symbol: { number: 12, typeCode: 'KH', issuerCode: 'UBND-VX' } });
  });

  it.each([
    ['KH-UBND', 'a slash'],
    ['KH/925-UBND', 'number in digits'],
    ['0/KH-UBND', 'number in digits'],
    ['925/KHUBND', 'joined by a hyphen'],
    ['925/kh-UBND', 'type code'],
    ['925/K1-UBND', 'type code'],
    ['925/KH-ubnd', 'issuer code'],
    ['925/KH-', 'issuer code'],
    ['925/KH-UBND-', 'issuer code'],
  ])('refuses %s, saying why', (code, reason) => {
    const read = readDocumentSymbol(code);
    expect(read.ok).toBe(false);
    if (!read.ok) {
      expect(read.fault.en).toContain(reason);
      expect(read.fault.vi).toMatch(/[^ -~]/); // Vietnamese letters: outside printable ASCII
    }
  });
});

describe('a draft and its problems', () => {
  it('keeps an incomplete plan, but not a wrong value in a field', () => {
    expect(planDraftContentSchema.safeParse({ title: 'Kế hoạch', tasks: [{ code: 'NV1' }], targets: [{}] }).success).toBe(true);
    expect(planDraftContentSchema.safeParse({}).success).toBe(true);
    const wrong = planDraftContentSchema.safeParse({ code: '925-KH', issuedOn: '20/03/2024', tasks: [{ kind: 'party' }], owner: 'x' });
    expect(wrong.success).toBe(false);
    expect(wrong.error!.issues.map((issue) => issue.path.join('.')).sort()).toEqual(['', 'code', 'issuedOn', 'tasks.0.kind']);
    // The owner department assigns the plan: a draft does not name another.
    expect(planDraftContentSchema.safeParse({ assigningUnit: 'SO-VHTTDL' }).success).toBe(false);
  });

  it('words every problem of a plan in Vietnamese, next to its field', () => {
    const parsed = planDefinitionSchema.safeParse({
      code: '925/KH',
      title: '',
      issuingBody: 'Sở Văn hóa, Thể thao và Du lịch',
      issuedOn: '2025-05-20',
      period: { from: '2025-06-01', to: '2025-05-01' },
      tasks: [{ code: 'NV1', title: 'Tuyên truyền', kind: 'campaign', leadUnit: 'SO-VHTTDL', fanOut: { kind: 'commune' }, deadline: '2025-05-01' }],
    });
    expect(parsed.success).toBe(false);
    expect(vietnameseProblems(parsed.error!.issues)).toEqual([
      { path: 'code', message: 'Sau dấu / phải là mã loại văn bản và mã cơ quan ban hành nối bằng dấu -, ví dụ KH-UBND' },
      { path: 'title', message: 'Không được để trống' },
      { path: 'tasks.0.leadUnit', message: 'Chọn đơn vị chủ trì, hoặc giao cho mọi đơn vị cùng loại' },
      { path: 'period.to', message: 'Ngày kết thúc không được trước ngày bắt đầu' },
      { path: 'period.to', message: 'Ngày kết thúc không được trước ngày ban hành' },
      { path: 'tasks.0.deadline', message: 'Thời hạn không được trước ngày ban hành' },
    ]);
  });
});
