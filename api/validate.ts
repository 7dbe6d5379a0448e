import type { ZodType, z } from 'zod';
import { ValidationError, type FieldIssue } from '../platform/errors';

const pathOf = (path: readonly PropertyKey[]): string => path.map(String).join('.') || '(root)';

/** One issue a field: an unknown field is named by its own path, not its parent's. */
const fieldIssues = (issue: z.core.$ZodIssue): FieldIssue[] =>
  issue.code === 'unrecognized_keys'
    ? issue.keys.map((key) => ({ path: pathOf([...issue.path, key]), message: 'is not a field of this request' }))
    : [{ path: pathOf(issue.path), message: issue.message }];

/** Parses with the payload's Zod schema or throws a ValidationError naming each field and its reason. */
export function parseOrThrow<S extends ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new ValidationError(`invalid ${what}`, parsed.error.issues.flatMap(fieldIssues));
}
