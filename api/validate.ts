import type { ZodType, z } from 'zod';
import { ValidationError } from '../services/errors';

/** Parses with the payload's Zod schema or throws a ValidationError naming each field and its reason. */
export function parseOrThrow<S extends ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new ValidationError(
    `invalid ${what}`,
    parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join('.') || '(root)', message: issue.message })),
  );
}
