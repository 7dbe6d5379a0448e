/**
 * Where resources sit in the unit tree, read from the database for the permission check
 * (domain/access.ts decides; this file only looks things up).
 */
import { decide, type AccessDecision, type ListScope, type Principal, type ResourceScope, type ReviewScope } from '../domain/access';
import { Prisma, type PrismaClient } from '../db/prisma';
import { ForbiddenError, NotFoundError } from '../platform/errors';
import { isUnitId, unitPath, unitSubtree } from './unit-tree';

const missing = (name: string) => new NotFoundError(`${name} does not exist`);

/** What a refused caller hears: work they may not see is missing, in the words a missing id gets. */
export const refusal = (decision: Extract<AccessDecision, { allowed: false }>) => (decision.missing ? missing(decision.missing) : new ForbiddenError(decision.reason));

/** Where an assignment sits: its unit's chain and its plan's assigning unit's chain, in one query. */
export async function assignmentScope(db: PrismaClient, assignmentId: string): Promise<ResourceScope> {
  const [row] = await db.$queryRaw<{ found: number; submittedBy: string | null; ownerPath: string[]; assignerPath: string[] }[]>`
    WITH RECURSIVE target AS (
      SELECT a.unit_id, p.assigning_unit_id, a.submitted_by
      FROM assignments a JOIN tasks t ON t.id = a.task_id JOIN plans p ON p.id = t.plan_id
      WHERE a.id = ${assignmentId}::uuid
    ), owner AS (
      SELECT u.id, u.parent_id, 0 AS depth FROM units u JOIN target ON u.id = target.unit_id
      UNION ALL
      SELECT u.id, u.parent_id, c.depth + 1 FROM units u JOIN owner c ON u.id = c.parent_id WHERE c.depth < 32
    ), assigner AS (
      SELECT u.id, u.parent_id, 0 AS depth FROM units u JOIN target ON u.id = target.assigning_unit_id
      UNION ALL
      SELECT u.id, u.parent_id, c.depth + 1 FROM units u JOIN assigner c ON u.id = c.parent_id WHERE c.depth < 32
    )
    SELECT (SELECT count(*) FROM target)::int AS found,
           (SELECT submitted_by FROM target) AS "submittedBy",
           ARRAY(SELECT id::text FROM owner ORDER BY depth DESC) AS "ownerPath",
           ARRAY(SELECT id::text FROM assigner ORDER BY depth DESC) AS "assignerPath"`;
  const name = `assignment ${assignmentId}`;
  if (!row?.found) throw missing(name);
  return { ownerPath: row.ownerPath, assignerPath: row.assignerPath, submittedBy: row.submittedBy, name };
}

/**
 * Where a request for more time sits: its assignment's place, and the account that asked,
 * which the audit trail records in the same transaction as the request (the request keeps only
 * a name). A request that does not exist is the handler's to report, once the caller may know.
 */
export async function extensionRequestScope(db: PrismaClient, assignmentId: string, requestId: string): Promise<ResourceScope> {
  const [scope, asked] = await Promise.all([
    assignmentScope(db, assignmentId),
    db.$queryRaw<{ actorId: string }[]>`
      SELECT e.actor_id AS "actorId"
      FROM extension_requests r
      JOIN audit_entries e ON e.entity_type = 'extension' AND e.entity_id = r.id::text AND e.action = 'extension.requested'
      WHERE r.id = ${requestId}::uuid AND r.assignment_id = ${assignmentId}::uuid`,
  ]);
  return { ...scope, submittedBy: asked[0]?.actorId ?? null };
}

export async function planScope(db: PrismaClient, planId: string): Promise<ResourceScope> {
  const plan = await db.plan.findUnique({ where: { id: planId }, select: { assigningUnitId: true } });
  if (!plan) throw new NotFoundError(`plan ${planId} does not exist`);
  return { assignerPath: await unitPath(db, plan.assigningUnitId) };
}

/** Where a draft plan sits: its owner department's chain; nobody else may know it exists. */
export async function draftScope(db: PrismaClient, draftId: string): Promise<ResourceScope> {
  const draft = await db.planDraft.findUnique({ where: { id: draftId }, select: { ownerUnitId: true } });
  const name = `plan draft ${draftId}`;
  if (!draft) throw missing(name);
  return { ownerPath: await unitPath(db, draft.ownerUnitId), name };
}

export async function proposalScope(db: PrismaClient, planId: string, proposalId: string): Promise<ResourceScope> {
  const proposal = await db.taskProposal.findFirst({
    where: { id: proposalId, planId },
    select: { unitId: true, plan: { select: { assigningUnitId: true } } },
  });
  const name = `proposal ${proposalId} of plan ${planId}`;
  if (!proposal) throw missing(name);
  // The proposal keeps only the proposer's name; the audit trail, written with it, the account.
  const [ownerPath, assignerPath, proposed] = await Promise.all([
    unitPath(db, proposal.unitId),
    unitPath(db, proposal.plan.assigningUnitId),
    db.auditEntry.findFirst({ where: { entityType: 'proposal', entityId: proposalId, action: 'proposal.submitted' }, select: { actorId: true } }),
  ]);
  return { ownerPath, assignerPath, submittedBy: proposed?.actorId ?? null, name };
}

/** A unit by id or code, as the owner of the work asked about: its chain, in one query. */
export async function unitScope(db: PrismaClient, unitRef: string): Promise<ResourceScope> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    WITH RECURSIVE chain AS (
      SELECT id, parent_id, 0 AS depth FROM units WHERE ${isUnitId(unitRef) ? Prisma.sql`id = ${unitRef}::uuid` : Prisma.sql`code = ${unitRef}`}
      UNION ALL
      SELECT u.id, u.parent_id, c.depth + 1 FROM units u JOIN chain c ON u.id = c.parent_id WHERE c.depth < 32
    )
    SELECT id::text AS id FROM chain ORDER BY depth DESC`;
  if (rows.length === 0) throw new NotFoundError(`unit ${unitRef} does not exist`);
  return { ownerPath: rows.map((row) => row.id) };
}

/** Which units' rows (assignments, report lines, proposals) of one plan to show. */
export type UnitFilter = (unitId: string) => boolean;
export const everyUnit: UnitFilter = () => true;

/**
 * The units whose rows of a plan (assigned from `plan.assignerPath`) a principal may see: those
 * whose work there 'work.read' lets them read, decided unit by unit over the tree in memory.
 */
export async function unitsSeenIn(db: PrismaClient, principal: Principal, plan: ResourceScope): Promise<UnitFilter> {
  const assignerPath = plan.assignerPath ?? [];
  // Allowed with no unit at all, it is allowed for every unit (leaders, admins, the assigning
  // department): the province's tree is not read for them.
  if (decide(principal, 'work.read', { ownerPath: [], assignerPath }).allowed) return everyUnit;
  const units = await db.unit.findMany({ select: { id: true, parentId: true } });
  const parentOf = new Map(units.map((unit) => [unit.id, unit.parentId]));
  const pathOf = (unitId: string) => {
    const path = [unitId];
    for (let parent = parentOf.get(unitId); parent && path.length <= 32; parent = parentOf.get(parent)) path.unshift(parent);
    return path;
  };
  const seen = new Map<string, boolean>();
  return (unitId) => {
    if (!seen.has(unitId)) seen.set(unitId, decide(principal, 'work.read', { ownerPath: pathOf(unitId), assignerPath }).allowed);
    return seen.get(unitId)!;
  };
}

/** The assignments a principal may list, as a Prisma filter. */
export async function assignmentsVisibleTo(db: PrismaClient, scope: ListScope): Promise<Prisma.AssignmentWhereInput> {
  if (scope.all) return {};
  if (scope.ownUnitOnly) return { unitId: scope.underUnitId };
  const units = await unitSubtree(db, scope.underUnitId);
  const owned: Prisma.AssignmentWhereInput = { unitId: { in: units } };
  return scope.assignedByUnit ? { OR: [owned, { task: { plan: { assigningUnitId: { in: units } } } }] } : owned;
}

/** The assignments a principal may review (approve, return, decide on extensions), as a Prisma filter. */
export async function assignmentsReviewableBy(db: PrismaClient, scope: ReviewScope): Promise<Prisma.AssignmentWhereInput> {
  if (scope.all) return {};
  if (!scope.assignedUnderUnitId) return { id: { in: [] } };
  return { task: { plan: { assigningUnitId: { in: await unitSubtree(db, scope.assignedUnderUnitId) } } } };
}

/**
 * The same rule as `assignmentsVisibleTo`, as a SQL condition over `assignments a` joined to
 * `tasks t` and `plans p`, for the aggregate queries of the dashboard.
 */
export async function assignmentsVisibleSql(db: PrismaClient, scope: ListScope): Promise<Prisma.Sql> {
  if (scope.all) return Prisma.sql`TRUE`;
  if (scope.ownUnitOnly) return Prisma.sql`a.unit_id = ${scope.underUnitId}::uuid`;
  const units = await unitSubtree(db, scope.underUnitId);
  const owned = Prisma.sql`a.unit_id = ANY(${units}::uuid[])`;
  return scope.assignedByUnit ? Prisma.sql`(${owned} OR p.assigning_unit_id = ANY(${units}::uuid[]))` : owned;
}
