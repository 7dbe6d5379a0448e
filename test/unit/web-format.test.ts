/** What the pages print: Vietnamese dates, times and numbers in Vietnam's time zone, and the message catalogue. */
import { daysUntil, formatDate, formatDateTime, formatNumber, formatPercent, parseCount } from '../../web/src/format';
import { catalogues, translate } from '../../web/src/messages';

describe('formats on the pages', () => {
  it('writes dates as dd/MM/yyyy in Vietnam, whatever the machine’s time zone', () => {
    expect(formatDate('2024-03-20')).toBe('20/03/2024');
    // 17:30 UTC on 31/12 is already 01/01 in Vietnam.
    expect(formatDate('2024-12-31T17:30:00Z')).toBe('01/01/2025');
    expect(formatDateTime('2024-03-20T10:00:00Z')).toBe('17:00 20/03/2024');
    expect(formatDateTime('2024-03-20T17:05:00Z', 'en')).toBe('00:05 21/03/2024');
  });

  it('separates thousands with dots and decimals with a comma in Vietnamese', () => {
    expect(formatNumber(53_820)).toBe('53.820');
    expect(formatNumber(94.74)).toBe('94,7');
    expect(formatPercent(24.2)).toBe('24,2%');
    expect(formatPercent(null)).toBe('—');
    expect(formatNumber(53_820, 'en')).toBe('53,820');
  });

  it('reads counts typed with the language\'s grouping, and nothing else', () => {
    expect(parseCount('1.200')).toBe(1_200);
    expect(parseCount(' 1200 ')).toBe(1_200);
    expect(parseCount('53.820.000')).toBe(53_820_000);
    expect(parseCount('1,200', 'en')).toBe(1_200);
    for (const refused of ['1,200', '12.00', '1.2', '-5', '3,5', 'mười', '', '1.200.0']) expect({ refused, value: parseCount(refused) }).toEqual({ refused, value: undefined });
    expect(parseCount('1.200', 'en')).toBeUndefined();
  });

  it('counts days left by Vietnamese calendar days', () => {
    const now = new Date('2024-04-29T16:30:00Z'); // 23:30 on 29/04 in Vietnam
    expect(daysUntil('2024-04-30T10:00:00Z', now)).toBe(1);
    expect(daysUntil('2024-04-29T17:00:00Z', now)).toBe(1); // 00:00 on 30/04 in Vietnam
    expect(daysUntil('2024-04-25T10:00:00Z', now)).toBe(-4);
  });
});

describe('the message catalogue', () => {
  it('has every Vietnamese key in English, none blank', () => {
    expect(Object.keys(catalogues.en).sort()).toEqual(Object.keys(catalogues.vi).sort());
    for (const catalogue of Object.values(catalogues)) for (const message of Object.values(catalogue)) expect(message.trim()).not.toBe('');
  });

  it('fills placeholders and shows an unknown key as itself', () => {
    expect(translate('vi', 'daysOverdue', { days: 5 })).toBe('Quá hạn 5 ngày');
    expect(translate('en', 'daysOverdue', { days: 5 })).toBe('5 days overdue');
    expect(translate('vi', 'tone.unknown-tone')).toBe('tone.unknown-tone');
  });
});
