/**
 * Lists of work across units, for the inbox, the review desk and the dashboard's drill-down:
 * assignments and extension requests, among those the caller may see.
 */
import { z } from 'zod';
import { assignmentStatuses, statusTones } from '../domain/assignment-status';
import type { Prisma } from '../db/prisma';
import { assignmentViewSchema, extensionStatuses, extensionViewSchema, toExtensionView, toView, viewInclude } from './assignments';
import type { EngineDeps } from './deps';
import { pageSchema } from './views';

const page = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
};
/** `reviewable=true` keeps what waits for the caller's decision now: the review desk. */
const reviewableFlag = z.enum(['true', 'false']).transform((value) => value === 'true').optional();
const unitRef = z.string().trim().min(1).max(64);

export const assignmentListQuerySchema = z.strictObject({
  plan: z.uuid({ error: 'must be a plan id' }).optional(),
  /** A unit by id or code; its subtree's work is listed. */
  unit: unitRef.optional(),
  status: z.enum(assignmentStatuses).optional(),
  tone: z.enum(statusTones).optional(),
  reviewable: reviewableFlag,
  ...page,
});
export type AssignmentListQuery = z.infer<typeof assignmentListQuerySchema>;

export const extensionListQuerySchema = z.strictObject({
  status: z.enum(extensionStatuses).optional(),
  reviewable: reviewableFlag,
  ...page,
});
export type ExtensionListQuery = z.infer<typeof extensionListQuerySchema>;

export const assignmentListSchema = pageSchema(assignmentViewSchema);
/** A request for more time, with the assignment it asks about. */
export const extensionRequestSchema = extensionViewSchema.extend({ assignment: assignmentViewSchema });
export const extensionRequestListSchema = pageSchema(extensionRequestSchema);

/**
 * The work a reviewer may decide on, as the review desk lists it: what `reviewable` (the work its
 * department assigned) lets it review, and `reviewerId`, the caller, who decides on nothing it
 * submitted or asked for itself.
 */
export interface ReviewScope {
  reviewable: Prisma.AssignmentWhereInput;
  reviewerId: string;
}

/** Reports waiting for the reviewer's decision: submitted, and not by the reviewer. */
const reportsAwaiting = ({ reviewable, reviewerId }: ReviewScope): Prisma.AssignmentWhereInput => ({
  AND: [reviewable, { status: 'submitted' }, { OR: [{ submittedBy: null }, { submittedBy: { not: reviewerId } }] }],
});

/** The filter on an assignment's deadline and status that puts it in a tone at `now`. */
function toneFilter(tone: (typeof statusTones)[number], now: Date): Prisma.AssignmentWhereInput {
  switch (tone) {
    case 'done-on-time':
      return { status: 'done', completedLate: { not: true } };
    case 'done-late':
      return { status: 'done', completedLate: true };
    case 'cancelled':
      return { status: 'cancelled' };
    case 'overdue':
      return { status: { in: ['assigned', 'in_progress'] }, deadline: { lt: now } };
    case 'not-started':
      return { status: 'assigned', deadline: { gte: now } };
    case 'in-progress':
      return { OR: [{ status: 'submitted' }, { status: 'in_progress', deadline: { gte: now } }] };
  }
}

/**
 * Assignments, open work with the least time left first, filtered by plan, unit subtree,
 * status or tone; `visible` narrows them to the caller's, and `reviewable=true` to the reports
 * waiting for the caller's decision.
 */
export async function listAssignments(
  deps: EngineDeps,
  query: AssignmentListQuery,
  scope: ReviewScope & { visible: Prisma.AssignmentWhereInput; unitIds?: string[] },
  now = new Date(),
): Promise<z.infer<typeof assignmentListSchema>> {
  const where: Prisma.AssignmentWhereInput = {
    AND: [
      scope.visible,
      query.reviewable ? reportsAwaiting(scope) : {},
      query.plan ? { task: { planId: query.plan } } : {},
      scope.unitIds ? { unitId: { in: scope.unitIds } } : {},
      query.status ? { status: query.status } : {},
      query.tone ? toneFilter(query.tone, now) : {},
    ],
  };
  const [total, rows] = await Promise.all([
    deps.db.assignment.count({ where }),
    deps.db.assignment.findMany({ where, include: viewInclude, orderBy: [{ deadline: 'asc' }, { id: 'asc' }], take: query.limit, skip: query.offset }),
  ]);
  return { items: rows.map((row) => toView(row, now)), total, limit: query.limit, offset: query.offset };
}

/**
 * Extension requests, the oldest first, with the assignment each asks about; `reviewable=true`
 * keeps the pending ones the caller may decide: on work it reviews, asked for by another.
 */
export async function listExtensionRequests(
  deps: EngineDeps,
  query: ExtensionListQuery,
  scope: ReviewScope & { visible: Prisma.AssignmentWhereInput },
  now = new Date(),
): Promise<z.infer<typeof extensionRequestListSchema>> {
  // A request keeps only the name of who asked; the audit trail, written with it, the account.
  const ownRequests = query.reviewable
    ? await deps.db.auditEntry.findMany({ where: { entityType: 'extension', action: 'extension.requested', actorId: scope.reviewerId }, select: { entityId: true } })
    : [];
  const where: Prisma.ExtensionRequestWhereInput = {
    AND: [
      query.status ? { status: query.status } : {},
      query.reviewable ? { status: 'pending', id: { notIn: ownRequests.map((entry) => entry.entityId) } } : {},
      { assignment: { AND: [scope.visible, query.reviewable ? scope.reviewable : {}] } },
    ],
  };
  const [total, rows] = await Promise.all([
    deps.db.extensionRequest.count({ where }),
    deps.db.extensionRequest.findMany({
      where,
      include: { assignment: { include: viewInclude } },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: query.limit,
      skip: query.offset,
    }),
  ]);
  const items = rows.map(({ assignment, ...request }) => ({ ...toExtensionView(request), assignment: toView(assignment, now) }));
  return { items, total, limit: query.limit, offset: query.offset };
}
