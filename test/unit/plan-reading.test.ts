/**
 * The reader's parts on phrases as plans write them; each expectation is worked out by hand
 * (a quarter ends on the last day of its third month; "1.500" is fifteen hundred).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { blocksFromText, readPlanDocument } from '../../domain/plan-reading';
import { quantitiesIn } from '../../domain/plan-reading/quantities';
import { fold, sentences } from '../../domain/plan-reading/text';
import { readDue, readPeriod } from '../../domain/plan-reading/time-expressions';
import { UnitMatcher, type UnitRecord } from '../../domain/plan-reading/unit-matching';
import { kindOf } from '../../domain/plan-reading/wording';

const units = (JSON.parse(readFileSync(join(__dirname, '../../examples/units-kon-tum.json'), 'utf8')) as { units?: UnitRecord[] } | UnitRecord[]) as UnitRecord[];
const year2024 = { period: { from: '2024-01-01', to: '2024-12-31' }, issuedOn: '2024-03-20' };
const years2025to2030 = { period: { from: '2025-01-01', to: '2030-12-31' }, issuedOn: '2025-08-18' };

describe('time expressions', () => {
  it.each([
    ['Quý II/2024', '2024-06-30'],
    ['Quý II, III/2024', '2024-09-30'],
    ['tháng 6/2024', '2024-06-30'],
    ['Tháng 02/2024', '2024-02-29'],
    ['từ tháng 4 đến tháng 6/2024', '2024-06-30'],
    ['Tháng 10- 11/2024', '2024-11-30'],
    ['trước ngày 15/12/2024', '2024-12-15'],
    ['trước ngày 15 tháng 12 năm 2024', '2024-12-15'],
    ['năm 2024', '2024-12-31'],
    ['Thường xuyên', '2024-12-31'],
    ['6 tháng đầu năm', '2024-06-30'],
    ['Trước ngày 20/12', '2024-12-20'],
  ])('%s in a time column of a 2024 plan is due %s', (text, date) => {
    expect(readDue(text, year2024, { timeField: true })).toMatchObject({ kind: 'deadline', deadline: date });
  });

  it('reads repetitions: every year in a plan of several years, every half-year, every quarter', () => {
    expect(readDue('trước ngày 15/12 hằng năm', years2025to2030)).toMatchObject({ kind: 'repeat', repeat: { every: 'year', on: '12-15' } });
    expect(readDue('kỷ niệm Ngày Gia đình Việt Nam (28/6)', years2025to2030)).toMatchObject({ kind: 'repeat', repeat: { every: 'year', on: '06-28' } });
    expect(readDue('định kỳ 6 tháng báo cáo trước ngày 15/6 và 15/12', year2024)).toMatchObject({ kind: 'repeat', repeat: { every: 'half-year', daysBeforeEnd: 15 } });
    expect(readDue('báo cáo định kỳ hằng quý', year2024)).toMatchObject({ kind: 'repeat', repeat: { every: 'quarter', daysBeforeEnd: 0 } });
    expect(readDue('trong vòng 30 ngày kể từ ngày ký ban hành Kế hoạch', year2024)).toMatchObject({ kind: 'deadline', deadline: { calendarDays: 30 } });
  });

  it('leaves dates of cited documents and words that are no time alone', () => {
    expect(readDue('theo Quyết định số 124/QĐ-UBND ngày 26 tháng 02 năm 2013 của UBND tỉnh', year2024)).toBeUndefined();
    expect(readDue('Tổ chức tập huấn cho cán bộ xã', year2024)).toBeUndefined();
    expect(readDue('thường xuyên kiểm tra', year2024)).toBeUndefined();
  });

  it('says what it cannot place rather than guessing a year or a rhythm', () => {
    expect(readDue('trước ngày 15/12', {}, { timeField: true })).toMatchObject({ kind: 'unread', expression: expect.stringContaining('15/12') });
    expect(readDue('hằng tháng', year2024, { timeField: true })).toMatchObject({ kind: 'unread' });
    expect(readDue('khi có yêu cầu', year2024, { timeField: true })).toMatchObject({ kind: 'unread', expression: 'khi có yêu cầu' });
  });

  it('reads the period from the title', () => {
    expect(readPeriod('Kế hoạch triển khai công tác gia đình năm 2024')).toEqual({ from: '2024-01-01', to: '2024-12-31' });
    expect(readPeriod('Kế hoạch … giai đoạn 2025 - 2030')).toEqual({ from: '2025-01-01', to: '2030-12-31' });
    expect(readPeriod('Kế hoạch … 6 tháng cuối năm 2025')).toEqual({ from: '2025-07-01', to: '2025-12-31' });
    expect(readPeriod('Kế hoạch thực hiện Chiến lược … đến năm 2030', '2026-02-01')).toEqual({ from: '2026-01-01', to: '2030-12-31' });
    expect(readPeriod('Kế hoạch tổ chức Hội thi')).toBeUndefined();
  });
});

describe('units named in the text', () => {
  const matcher = new UnitMatcher(units);
  const named = (text: string) => matcher.mentions(text).map((mention) => mention.code ?? mention.group ?? `?${mention.text}`);

  it('by full name, without diacritics or case, and by the usual abbreviations', () => {
    expect(named('Sở Văn hóa, Thể thao và Du lịch')).toEqual(['SO-VHTTDL']);
    expect(named('SO VAN HOA, THE THAO VA DU LICH')).toEqual(['SO-VHTTDL']);
    // In capitals with its diacritics, as the issuer stands in a document's header.
    expect(named('SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH')).toEqual(['SO-VHTTDL']);
    expect(named('Sở VHTTDL, Sở VH,TT&DL, Sở LĐ-TB&XH, Sở GD&ĐT')).toEqual(['SO-VHTTDL', 'SO-VHTTDL', 'SO-LDTBXH', 'SO-GDDT']);
    expect(named('Đài PT-TH tỉnh, Hội LHPN tỉnh, Ủy ban MTTQ Việt Nam tỉnh, Tỉnh đoàn')).toEqual(['DAI-PTTH', 'HLHPN', 'MTTQ', 'TINH-DOAN']);
    expect(named('UBND huyện Đắk Hà, UBND TP Kon Tum, UBND tỉnh')).toEqual(['H-DAKHA', 'TP-KONTUM', 'UBND-KT']);
  });

  it('groups a task fans out to, and agencies that are not in the tree', () => {
    expect(named('UBND các huyện, thành phố; UBND các xã, phường, thị trấn; các sở, ban, ngành')).toEqual(['district', 'commune', 'department']);
    expect(named('các sở, ngành liên quan')).toEqual([]);
    expect(named('Sở Tài chính chủ trì, phối hợp với Trung tâm Kiểm soát bệnh tật tỉnh')).toEqual(['?Sở Tài chính', '?Trung tâm Kiểm soát bệnh tật tỉnh']);
  });
});

describe('quantities and kinds', () => {
  const read = (text: string, counts = false) => quantitiesIn(text, { counts }).map(({ measure, value, base, ceiling }) => ({ measure, value, ...(base ? { base } : {}), ...(ceiling ? { ceiling } : {}) }));

  it('reads percentages with their base, changes with their direction, and counts in a section of targets', () => {
    expect(read('90% hộ gia đình được cung cấp kiến thức')).toEqual([{ measure: 'percent', value: 90, base: 'households' }]);
    expect(read('65% các xã, phường, thị trấn thành lập mô hình')).toEqual([{ measure: 'percent', value: 65, base: 'communes' }]);
    expect(read('Giảm 10% số vụ bạo lực gia đình')).toEqual([{ measure: 'change', value: -10 }]);
    expect(read('tăng bình quân 1,5% mỗi năm')).toEqual([{ measure: 'change', value: 1.5 }]);
    expect(read('tỷ lệ suy dinh dưỡng giảm xuống dưới 15%')).toEqual([{ measure: 'percent', value: 15, ceiling: true }]);
    expect(read('Đạt 90% (tăng 5% so với năm 2023)')).toEqual([{ measure: 'percent', value: 90 }]);
    expect(read('Lập 5 mô hình, thôn 3 được chọn', true)).toEqual([{ measure: 'count', value: 5 }]);
    expect(read('Hỗ trợ 1.500 hộ nghèo, tổ chức ít nhất 02 lớp tập huấn', true)).toEqual([
      { measure: 'count', value: 1500 },
      { measure: 'count', value: 2 },
    ]);
    expect(read('trẻ em dưới 5 tuổi, mỗi năm 01 lần, giai đoạn 2021-2025, Quyết định số 124/QĐ-UBND', true)).toEqual([]);
  });

  it('takes the kind from the first cue, not from the names of units', () => {
    expect(kindOf(['Tổ chức tập huấn và tuyên truyền'])).toBe('training');
    expect(kindOf(['Kiểm tra, giám sát việc tập huấn'])).toBe('inspection');
    expect(kindOf(['Sơ kết 6 tháng đầu năm'])).toBe('report');
    expect(kindOf(['Hưởng ứng Ngày Pháp luật (9/11)'])).toBe('commemoration');
    expect(kindOf(['Thông báo Kết luận của Ban Bí thư sơ kết Chỉ thị 49'])).toBe('generic');
    expect(kindOf(['Tăng cường phối hợp liên ngành'])).toBe('generic');
  });

  it('folds and splits text as Vietnamese writes it', () => {
    expect(fold('Đắk Hà')).toBe('dak ha');
    expect(sentences('Tổ chức tập huấn. 85% hộ gia đình. TP. Kon Tum chủ trì.')).toEqual(['Tổ chức tập huấn.', '85% hộ gia đình.', 'TP. Kon Tum chủ trì.']);
  });
});

describe('a plan typed or pasted as text', () => {
  const text = [
    'ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
    'TỈNH KON TUM\tĐộc lập - Tự do - Hạnh phúc',
    'Số: 77/KH-UBND\tKon Tum, ngày 02 tháng 02 năm 2024',
    'KẾ HOẠCH',
    'Tổ chức các hoạt động Tháng hành động vì bình đẳng giới năm 2024',
    'I. MỤC TIÊU',
    '- 100% xã, phường, thị trấn tổ chức hoạt động hưởng ứng.',
    'II. NỘI DUNG',
    '| STT | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian |',
    '|---|---|---|---|---|',
    '| 1 | Mít tinh hưởng ứng Tháng hành động | Sở LĐ-TB&XH | Hội LHPN tỉnh; Sở Ngoại vụ | Tháng 11/2024 |',
    '| 2 | Kiểm tra việc thực hiện | UBND các huyện, thành phố | | khi có yêu cầu |',
  ].join('\n');

  it('is drafted from its header, sections and table, with what it could not place listed', () => {
    const { plan, unplaced, provenance } = readPlanDocument(blocksFromText(text), units);
    expect(plan).toMatchObject({ code: '77/KH-UBND', issuedOn: '2024-02-02', issuingUnit: 'UBND-KT', period: { from: '2024-01-01', to: '2024-12-31' } });
    expect(plan.targets).toEqual([expect.objectContaining({ measure: 'percent', value: 100, base: 'communes' })]);
    expect(plan.tasks).toEqual([
      expect.objectContaining({ code: 'NV1', kind: 'commemoration', leadUnit: 'SO-LDTBXH', coordinatingUnits: ['HLHPN'], deadline: '2024-11-30' }),
      expect.objectContaining({ code: 'NV2', kind: 'inspection', fanOut: { kind: 'district' } }),
    ]);
    expect(plan.tasks[1]).not.toHaveProperty('deadline');
    expect(unplaced).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'unit', path: 'tasks.0.coordinatingUnits', text: 'Sở Ngoại vụ' }),
        expect.objectContaining({ kind: 'time', path: 'tasks.1.deadline', text: 'khi có yêu cầu' }),
      ]),
    );
    expect(provenance).toContainEqual(expect.objectContaining({ path: 'tasks.0.leadUnit', text: expect.stringContaining('Sở LĐ-TB&XH'), row: 1 }));
  });
});

describe('the direction of a target read from its words', () => {
  it('drafts "tối thiểu" as at least, "không quá" and "không vượt quá" as at most, "giảm" as a reduction by its size', () => {
    const lines = [
      'KẾ HOẠCH',
      'Phòng, chống bạo lực gia đình năm 2024',
      'I. MỤC TIÊU',
      '- Tối thiểu 90% hộ gia đình được tuyên truyền.',
      '- Tỷ lệ hộ gia đình có bạo lực không quá 5%.',
      '- Giảm 10% số vụ bạo lực gia đình so với năm 2023.',
      '- Số vụ bạo lực gia đình không vượt quá 40 vụ.',
    ];
    const { plan, unplaced } = readPlanDocument(blocksFromText(lines.join('\n')), units);
    expect(plan.targets.map(({ measure, direction, value }) => ({ measure, direction, value }))).toEqual([
      { measure: 'percent', direction: 'atLeast', value: 90 },
      { measure: 'percent', direction: 'atMost', value: 5 },
      { measure: 'change', direction: 'reduceBy', value: 10 },
      { measure: 'count', direction: 'atMost', value: 40 },
    ]);
    // A ceiling is placed, not listed for a person to place.
    expect(unplaced.filter((entry) => entry.kind === 'target')).toEqual([]);
  });
});

describe('a document with more than a plan holds', () => {
  it('is drafted up to 100 targets and 500 tasks, the rest listed as not drafted', () => {
    const lines = ['II. MỤC TIÊU', ...Array.from({ length: 120 }, (_, index) => `- ${index % 100}% hộ gia đình thôn ${index} được tuyên truyền.`), 'III. NHIỆM VỤ'];
    lines.push(...Array.from({ length: 520 }, (_, index) => `${index + 1}. Tổ chức tập huấn cho thôn số ${index + 1}.`));
    const { plan, unplaced, provenance } = readPlanDocument(blocksFromText(['KẾ HOẠCH', 'Tập huấn năm 2024', ...lines].join('\n')), units);
    expect({ targets: plan.targets.length, tasks: plan.tasks.length }).toEqual({ targets: 100, tasks: 500 });
    expect(unplaced).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'targets', text: '20 chỉ tiêu' }), expect.objectContaining({ kind: 'task', path: 'tasks', text: '20 nhiệm vụ' })]));
    expect(provenance.some((entry) => entry.path === 'tasks.500' || entry.path === 'targets.100')).toBe(false);
  });
});
