/**
 * Prisma's `startsWith`, `contains` and `endsWith` become SQL LIKE without escaping its
 * wildcards (prisma/prisma#19506): text a caller typed must have `%`, `_` and the escape
 * character itself escaped to be matched as written.
 */
export const literalLike = (text: string): string => text.replace(/[\\%_]/g, '\\$&');
