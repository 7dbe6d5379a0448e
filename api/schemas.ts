/** Request schemas that belong to the HTTP surface only (bodies reuse the domain's schemas). */
import { z } from 'zod';
import { periodSchema } from '../domain/plan-report';

export const idParamsSchema = z.strictObject({ id: z.uuid({ error: 'must be a UUID' }) });
/** A sub-resource of a plan or an assignment: `:id` and `:rid`. */
export const subResourceParamsSchema = z.strictObject({ id: z.uuid({ error: 'must be a UUID' }), rid: z.uuid({ error: 'must be a UUID' }) });
export const unitRefParamsSchema = z.strictObject({ id: z.string().trim().min(1).max(64) });

export const noParamsSchema = z.strictObject({});
/** A notice's id in the notification centre. */
export const noticeIdParamsSchema = z.strictObject({ id: z.coerce.number({ error: 'must be a whole number' }).int({ error: 'must be a whole number' }).min(1).max(Number.MAX_SAFE_INTEGER) });

const pageQuery = (maxLimit: number, defaultLimit: number) =>
  z.strictObject({
    limit: z.coerce.number().int().min(1).max(maxLimit).default(defaultLimit),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  });
export const pageQuerySchema = pageQuery(100, 20);
/** Units are few (a province has hundreds) and pickers want them all at once. */
export const unitPageQuerySchema = pageQuery(1_000, 500);

export const periodQuerySchema = z.strictObject({ period: periodSchema.optional() });
