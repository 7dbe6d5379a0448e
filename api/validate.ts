import type { ZodType, z } from 'zod';
import { ValidationError, type FieldIssue } from '../platform/errors';
import { vietnameseIssue } from '../domain/vietnamese-issues';

const pathOf = (path: readonly PropertyKey[]): string => path.map(String).join('.') || '(root)';

/** One issue a field: an unknown field is named by its own path, not its parent's. */
const fieldIssues = (issue: z.core.$ZodIssue): FieldIssue[] =>
  issue.code === 'unrecognized_keys'
    ? issue.keys.map((key) => ({ path: pathOf([...issue.path, key]), message: 'is not a field of this request', vi: 'Không phải là trường của yêu cầu này' }))
    : [{ path: pathOf(issue.path), message: issue.message, vi: vietnameseIssue(issue) }];

/** Parses with the payload's Zod schema or throws a ValidationError naming each field and its reason. */
export function parseOrThrow<S extends ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  // The input kept in each issue tells a missing field from a wrong one; it is never answered.
  const parsed = schema.safeParse(value, { reportInput: true });
  if (parsed.success) return parsed.data;
  throw new ValidationError(`invalid ${what}`, parsed.error.issues.flatMap(fieldIssues));
}
