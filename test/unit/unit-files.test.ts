import { parseUnitFile } from '../../domain/unit-files';

describe('unit files', () => {
  it('reads a CSV with a header row, a byte-order mark, empty cells and figures', () => {
    const csv =
      '\uFEFFcode,name,kind,parentCode,email,households,familyOfficials\r\n' +
      'H-DAKHA,Ủy ban nhân dân huyện Đắk Hà,district,,,,\r\n' +
      'X-HAMON,"Ủy ban nhân dân xã Hà Mòn",commune,H-DAKHA,hamon@kontum.example.vn,1890,2\r\n';
    expect(parseUnitFile('units.csv', csv)).toEqual({
      units: [
        { code: 'H-DAKHA', name: 'Ủy ban nhân dân huyện Đắk Hà', kind: 'district' },
        { code: 'X-HAMON', name: 'Ủy ban nhân dân xã Hà Mòn', kind: 'commune', parentCode: 'H-DAKHA', email: 'hamon@kontum.example.vn', households: 1890, familyOfficials: 2 },
      ],
      issues: [],
    });
  });

  it('names the line and the column of every problem', () => {
    const csv = 'code,name,kind,households\nX-A,Xã A,hamlet,10\nX-B,Xã B,commune,nhiều\nX-A,Xã A lần hai,commune,\n';
    expect(parseUnitFile('units.csv', csv).issues).toEqual([
      { path: 'line 2.kind', message: expect.stringContaining('Invalid option') },
      { path: 'line 3.households', message: 'Invalid input: expected number, received string' },
    ]);
    expect(parseUnitFile('units.csv', 'code,name,kind\nX-A,Xã A,commune\nX-A,Xã A,commune\n').issues).toEqual([{ path: 'X-A', message: 'appears twice in the file' }]);
  });

  it('reads JSON as an array or as {"units": [...]}, and says what is wrong with anything else', () => {
    const unit = { code: 'X-HAMON', name: 'Xã Hà Mòn', kind: 'commune' };
    expect(parseUnitFile('units.json', JSON.stringify([unit])).units).toEqual([unit]);
    expect(parseUnitFile('units.json', JSON.stringify({ units: [unit] })).units).toEqual([unit]);
    expect(parseUnitFile('units.json', '{"donvi": []}').issues).toEqual([{ path: '(root)', message: 'expected an array of units, or {"units": [...]}' }]);
    expect(parseUnitFile('units.json', '[{"code": "X"').issues[0]!.path).toBe('(file)');
    expect(parseUnitFile('units.json', JSON.stringify([{ ...unit, kind: 1 }])).issues[0]!.path).toBe('[0].kind');
  });
});
