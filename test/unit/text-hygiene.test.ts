/**
 * Text from outside, as the engine keeps it (domain/fields.ts cleanDocument), and keys from data
 * in the pages' message catalogue (web/src/messages.ts): own entries only.
 */
import { cleanDocument, MAX_NESTING, text } from '../../domain/fields';
import { parseYamlDocument } from '../../domain/plan-documents';
import { hasMessage, translate } from '../../web/src/messages';

describe('cleanDocument', () => {
  it('brings every string, field names included, to NFC and keeps the shape', () => {
    const decomposed = 'Hà Mòn'.normalize('NFD');
    expect(cleanDocument({ name: decomposed, tasks: [{ title: decomposed, count: 3, done: false, note: null }], [decomposed]: 'x' })).toEqual({
      ok: true,
      value: { name: 'Hà Mòn', tasks: [{ title: 'Hà Mòn', count: 3, done: false, note: null }], 'Hà Mòn': 'x' },
    });
  });

  it('keeps tab, line feed and CRLF, and names the field with any other control character or a lone surrogate', () => {
    expect(cleanDocument({ summary: 'dòng 1\r\ndòng 2\n\tý' })).toEqual({ ok: true, value: { summary: 'dòng 1\r\ndòng 2\n\tý' } });
    for (const bad of ['\u0000', '\u0007', '\u001b[31m', '\u007f', '\u0085', 'a\rb', '\ud800', 'x\udfff']) {
      expect(cleanDocument({ tasks: [{ title: `Tuyên truyền ${bad}` }] })).toMatchObject({ ok: false, path: 'tasks.0.title' });
    }
    expect(cleanDocument({ ['no\u0000te']: 'x' })).toMatchObject({ ok: false, path: 'no\u0000te', message: expect.stringContaining('field name') });
  });

  it('refuses nesting deeper than the limit, naming where', () => {
    const nested = (depth: number): unknown => (depth === 0 ? 'lá' : { a: nested(depth - 1) });
    expect(cleanDocument(nested(MAX_NESTING)).ok).toBe(true);
    expect(cleanDocument(nested(MAX_NESTING + 1))).toMatchObject({ ok: false, message: expect.stringContaining('nested') });
    expect(cleanDocument(JSON.parse('['.repeat(5_000) + ']'.repeat(5_000)))).toMatchObject({ ok: false, message: expect.stringContaining('nested') });
  });

  it('refuses a field named __proto__, naming it, and keeps constructor and toString as plain fields', () => {
    expect(cleanDocument(JSON.parse('{"figures": {"households": 3, "__proto__": {"admin": true}}}'))).toMatchObject({ ok: false, path: 'figures.__proto__' });
    const cleaned = cleanDocument(JSON.parse('{"constructor": 1, "toString": 2}'));
    expect(cleaned).toEqual({ ok: true, value: { constructor: 1, toString: 2 } });
    expect(cleaned.ok && Object.getPrototypeOf(cleaned.value)).toBe(Object.prototype);
  });
});

describe('text fields and YAML documents', () => {
  it('store NFC and refuse what cleanDocument refuses', () => {
    expect(text(20).parse(' Ngọc Wang '.normalize('NFD'))).toBe('Ngọc Wang');
    expect(text(20).safeParse('Ngọc\u0007').success).toBe(false);
    expect(text(20).safeParse('\udfff').success).toBe(false);
  });

  it('answer a YAML document with too many aliases, an alias to nothing or a control character as its fault', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 9 }, (_, level) => `l${level}: &l${level} [${Array(10).fill(level === 0 ? '*a' : `*l${level - 1}`).join(', ')}]`)].join('\n');
    expect(parseYamlDocument(bomb)).toMatchObject({ ok: false, path: '(yaml)', message: expect.stringContaining('alias') });
    expect(parseYamlDocument('code: *nothing')).toMatchObject({ ok: false, path: '(yaml)' });
    expect(parseYamlDocument('title: "Kế hoạch \\x07"')).toMatchObject({ ok: false, path: 'title' });
    expect(parseYamlDocument('title: "Kế hoạch \\udfff"')).toMatchObject({ ok: false, path: 'title' });
    expect(parseYamlDocument(`title: ${'Kế hoạch'.normalize('NFD')}`)).toEqual({ ok: true, value: { title: 'Kế hoạch' } });
  });
});

describe('the message catalogue', () => {
  it('answers a key that names an Object property with the key itself', () => {
    for (const key of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf']) {
      expect(hasMessage('vi', key)).toBe(false);
      expect(translate('vi', key)).toBe(key);
    }
    expect(translate('en', 'by', { name: 'Hà Mòn' })).toBe('by Hà Mòn');
  });
});
