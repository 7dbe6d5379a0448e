/**
 * Pieces of the answers several services give, as Zod schemas: each answer's TypeScript type
 * and the schema the OpenAPI document publishes for it come from the same definition.
 */
import { z } from 'zod';

/** An instant, as `Date.prototype.toISOString` writes it (UTC). */
export const instantSchema = z.iso.datetime();
/** A calendar day, `YYYY-MM-DD`. */
export const daySchema = z.iso.date();
/** A PostgreSQL date column, which the client reads as that day's UTC midnight, as the day it holds. */
export const isoDay = (date: Date): string => date.toISOString().slice(0, 10);

/** A unit as other answers name it. */
export const unitRefSchema = z.object({ id: z.uuid(), code: z.string(), name: z.string() });
/** A plan as other answers name it. */
export const planRefSchema = z.object({ id: z.uuid(), code: z.string(), title: z.string() });

/** One page of a list: the items, how many there are in all, and the page asked for. */
export const pageSchema = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), total: z.number().int(), limit: z.number().int(), offset: z.number().int() });
