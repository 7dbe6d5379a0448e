import { assertPasswordAllowed, normaliseUsername } from '../../services/accounts';
import { ValidationError } from '../../platform/errors';

describe('usernames', () => {
  it('have one form whatever the spaces, the case and the Unicode normalisation', () => {
    for (const variant of [' sec.victim', 'sec.victim\u3000', '\u00a0SEC.Victim\t', '\u200bsec.victim\ufeff', '\u2003sec.victim\u2002\n']) expect(normaliseUsername(variant)).toBe('sec.victim');
    const nfd = 'ĐẮK.HÀ'.normalize('NFD');
    expect(nfd).not.toBe('ĐẮK.HÀ');
    expect(normaliseUsername(` ${nfd}\u3000`)).toBe('đắk.hà');
    expect(normaliseUsername('Đắk.Hà'.normalize('NFD'))).toBe(normaliseUsername('đắk.hà'));
  });
});

describe('passwords', () => {
  const refusals = (password: string, username = 'canbo.dakha') => {
    try {
      assertPasswordAllowed(password, username, 'password');
      return [];
    } catch (error) {
      return (error as ValidationError).issues.map((issue) => issue.message);
    }
  };

  it('are 12 characters or more, counted as characters, not bytes', () => {
    expect(refusals('ngắn-quá')).toEqual(['must be at least 12 characters']);
    expect(refusals('đường-lên-đỉnh')).toEqual([]);
  });

  it('do not contain the username, however it is spelt', () => {
    expect(refusals('CanBo.DakHa-2026')).toEqual(['must not contain the username']);
    expect(refusals('mật-khẩu-cán-bộ-đắk-hà', 'canbo.dakha')).toEqual(['must not contain the username']);
    expect(refusals('sông-đắk-bla-mùa-lũ', 'canbo.dakha')).toEqual([]);
    expect(refusals('toi-la-canbodakha', 'canbo.dakha')).toEqual(['must not contain the username']);
    expect(refusals('xin-chao-dak-ha-2026', 'đắk.hà')).toEqual(['must not contain the username']);
  });

  it('are not among the common passwords of the maintained list', () => {
    expect(refusals('qwerty123456')).toEqual(['is one of the most common passwords']);
    expect(refusals('1qaz2wsx3edc')).toEqual(['is one of the most common passwords']);
    expect(refusals('PASSWORD1234')).toEqual(['is one of the most common passwords']);
    expect(refusals('trang-ram-tren-song-po-ko')).toEqual([]);
  });
});
