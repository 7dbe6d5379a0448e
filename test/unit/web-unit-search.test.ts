/** The unit picker's search: without diacritics, by code, and by the initials offices abbreviate names to. */
import { foldVietnamese, searchUnits, unitIndex } from '../../web/src/unit-search';

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
