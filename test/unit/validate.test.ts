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
        { path: 'approvedBy', message: 'is not a field of this request' },
        { path: 'evidence.size', message: 'is not a field of this request' },
      ]),
    );
  });

  it('names the field and the reason of any other issue, and the root when there is no field', () => {
    expect(issuesOf({ summary: 12 })).toEqual([{ path: 'summary', message: 'Invalid input: expected string, received number' }]);
    expect(issuesOf('text')).toEqual([{ path: '(root)', message: 'Invalid input: expected object, received string' }]);
  });
});
