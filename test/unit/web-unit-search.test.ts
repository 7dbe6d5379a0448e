/** The unit picker's search: without diacritics, by code, and by the initials offices abbreviate names to. */
import { branchAdditions, foldVietnamese, searchUnits, unitBranches, unitIndex } from '../../web/src/unit-search';

const units = [
  { code: 'SO-VHTTDL', name: 'Sở Văn hóa, Thể thao và Du lịch' },
  { code: 'SO-TTTT', name: 'Sở Thông tin và Truyền thông' },
  { code: 'H-DAKHA', name: 'Ủy ban nhân dân huyện Đắk Hà' },
  { code: 'TT-DAKHA', name: 'Ủy ban nhân dân thị trấn Đắk Hà' },
  { code: 'X-HAMON', name: 'Ủy ban nhân dân xã Hà Mòn' },
  { code: 'X-DAKHRING', name: 'Ủy ban nhân dân xã Đắk Hring' },
];
const index = unitIndex(units);
const find = (query: string) => searchUnits(index, query).map((unit) => unit.code);

describe('finding units as officials type', () => {
  it('folds Vietnamese to what a plain keyboard types', () => {
    expect(foldVietnamese('Ủy ban nhân dân xã Đắk Hà')).toBe('uy ban nhan dan xa dak ha');
    expect(foldVietnamese('ĐĂK')).toBe('dak');
  });

  it('finds names by words typed without diacritics, each word a prefix', () => {
    expect(find('dak ha')).toEqual(['H-DAKHA', 'TT-DAKHA']);
    expect(find('ha mon')).toEqual(['X-HAMON']);
    expect(find('Đắk Hr')).toEqual(['X-DAKHRING']);
  });

  it('finds a department by the initials of its name and by its code', () => {
    expect(find('vhttdl')).toEqual(['SO-VHTTDL']);
    expect(find('so-tttt')).toEqual(['SO-TTTT']);
    expect(find('x-hamon')).toEqual(['X-HAMON']);
  });

  it('finds nothing for an empty query or a name that is not there', () => {
    expect(find('  ')).toEqual([]);
    expect(find('sa thay')).toEqual([]);
  });
});

describe('picking a whole branch', () => {
  // The province → district Đắk Hà → two communes and a town, one of them merged into Hà Mòn
  // (its village moved to Hà Mòn with it); the culture department beside the district.
  const tree = [
    { id: 'p', code: 'UBND-KT', parentId: null },
    { id: 'd', code: 'H-DAKHA', parentId: 'p' },
    { id: 'c1', code: 'X-HAMON', parentId: 'd' },
    { id: 'c2', code: 'X-DAKMAR', parentId: 'd', mergedIntoId: 'c1' },
    { id: 'c3', code: 'TT-DAKHA', parentId: 'd' },
    { id: 'v1', code: 'THON-1', parentId: 'c1' },
    { id: 's', code: 'SO-VHTTDL', parentId: 'p' },
  ];
  const branch = unitBranches(tree);
  const codes = (code: string) => branch(code).map((unit) => unit.code);

  it('holds the unit and every unit under it at any depth, parents first, merged units left out', () => {
    expect(codes('H-DAKHA')).toEqual(['H-DAKHA', 'X-HAMON', 'THON-1', 'TT-DAKHA']);
    expect(codes('UBND-KT')).toEqual(['UBND-KT', 'H-DAKHA', 'X-HAMON', 'THON-1', 'TT-DAKHA', 'SO-VHTTDL']);
  });

  it('is the unit alone for a leaf, and nothing for a merged or unknown unit', () => {
    expect(codes('SO-VHTTDL')).toEqual(['SO-VHTTDL']);
    expect(codes('X-DAKMAR')).toEqual([]);
    expect(codes('X-KHONGCO')).toEqual([]);
  });

  it('adds what is not chosen yet, without the units left out', () => {
    // Hà Mòn is chosen already and the district leads the task: the branch adds the other two.
    expect(branchAdditions(branch('H-DAKHA'), ['X-HAMON', 'SO-VHTTDL'], ['H-DAKHA'])).toEqual(['THON-1', 'TT-DAKHA']);
    expect(branchAdditions(branch('H-DAKHA'), ['H-DAKHA', 'X-HAMON', 'THON-1', 'TT-DAKHA'])).toEqual([]);
  });
});
