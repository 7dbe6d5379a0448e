import { z } from 'zod';
import { parseOrThrow } from '../../api/validate';
import { ValidationError } from '../../platform/errors';

const schema = z.strictObject({ summary: z.string(), evidence: z.strictObject({ link: z.string() }).optional() });

function issuesOf(value: unknown) {
  try {
    parseOrThrow(schema, value, 'report');
  } catch (error) {
    if (error instanceof ValidationError) return error.issues;
    throw error;
  }
  return [];
}

describe('parseOrThrow', () => {
  it('names each unknown field by its own path, at any depth', () => {
    const issues = issuesOf({ summary: 'Đã tập huấn', approvedBy: 'me', evidence: { link: 'x', size: 1 } });
    expect(issues).toHaveLength(2);
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: 'approvedBy', message: 'is not a field of this request', vi: 'Không phải là trường của yêu cầu này' },
        { path: 'evidence.size', message: 'is not a field of this request', vi: 'Không phải là trường của yêu cầu này' },
      ]),
    );
  });

  it('names the field and the reason of any other issue, and the root when there is no field', () => {
    expect(issuesOf({ summary: 12 })).toEqual([{ path: 'summary', message: 'Invalid input: expected string, received number', vi: 'Giá trị không đúng kiểu' }]);
    expect(issuesOf('text')).toEqual([{ path: '(root)', message: 'Invalid input: expected object, received string', vi: 'Giá trị không đúng kiểu' }]);
  });

  it('words each reason in Vietnamese for the pages: a missing field as missing, a rule by its own words', () => {
    expect(issuesOf({})).toEqual([{ path: 'summary', message: 'Invalid input: expected string, received undefined', vi: 'Chưa nhập' }]);
    const dated = z.strictObject({ from: z.iso.date({ error: 'must be a date written YYYY-MM-DD' }), count: z.number().max(5) });
    const refused = () => parseOrThrow(dated, { count: 9 }, 'period');
    expect(refused).toThrow(ValidationError);
    try {
      refused();
    } catch (error) {
      expect((error as ValidationError).issues.map(({ path, vi }) => [path, vi])).toEqual([
        ['from', 'Chưa nhập'],
        ['count', 'Không được lớn hơn 5'],
      ]);
    }
    const ruled = z.strictObject({ code: z.string().refine(() => false, { message: 'is not a symbol', params: { vi: 'Không phải số, ký hiệu văn bản' } }) });
    expect(() => parseOrThrow(ruled, { code: 'x' }, 'plan')).toThrow(expect.objectContaining({ issues: [{ path: 'code', message: 'is not a symbol', vi: 'Không phải số, ký hiệu văn bản' }] }));
  });
});
