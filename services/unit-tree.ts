/**
 * The province's unit tree: finding a unit by id or code, its chain up to the root, and the
 * units under it. Permission checks (services/scopes.ts) and the unit routes read it here.
 */
import { unitCodeSchema } from '../domain/units';
import type { PrismaClient } from '../db/prisma';
import { NotFoundError } from '../platform/errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Whether a unit reference is an id rather than a code. */
export const isUnitId = (ref: string): boolean => UUID.test(ref);

export interface UnitView {
  id: string;
  code: string;
  name: string;
  kind: string;
  parentId: string | null;
  /** The successor, when this unit was merged into another. */
  mergedIntoId: string | null;
}

export const unitColumns = { id: true, code: true, name: true, kind: true, parentId: true, mergedIntoId: true } as const;

/** Finds a unit by id or by code, since people remember codes and links carry ids. */
export async function findUnit(db: PrismaClient, ref: string): Promise<UnitView> {
  const unit = await db.unit.findUnique({ where: isUnitId(ref) ? { id: ref } : { code: ref }, select: unitColumns });
  if (!unit) throw new NotFoundError(`unit ${ref} does not exist`);
  return unit;
}

/** The unit's chain of ids from the root down to itself. */
export async function unitPath(db: PrismaClient, unitId: string | null): Promise<string[]> {
  if (!unitId) return [];
  const rows = await db.$queryRaw<{ id: string }[]>`
    WITH RECURSIVE chain AS (
      SELECT id, parent_id, 0 AS depth FROM units WHERE id = ${unitId}::uuid
      UNION ALL
      SELECT u.id, u.parent_id, c.depth + 1 FROM units u JOIN chain c ON u.id = c.parent_id WHERE c.depth < 32
    )
    SELECT id::text AS id FROM chain ORDER BY depth DESC`;
  return rows.map((row) => row.id);
}

/** The ids of a unit and every unit under it. */
export async function unitSubtree(db: PrismaClient, unitId: string): Promise<string[]> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    WITH RECURSIVE tree AS (
      SELECT id, 0 AS depth FROM units WHERE id = ${unitId}::uuid
      UNION ALL
      SELECT u.id, t.depth + 1 FROM units u JOIN tree t ON u.parent_id = t.id WHERE t.depth < 32
    )
    SELECT id::text AS id FROM tree`;
  return rows.map((row) => row.id);
}

/** The ids of a unit named by id or code and of every unit under it: a filter's "this unit and below". */
export async function unitSubtreeOf(db: PrismaClient, unitRef: string): Promise<string[]> {
  return unitSubtree(db, (await findUnit(db, unitRef)).id);
}

/** A unit named by code in a request body, when it exists; the body's validation speaks for it otherwise. */
export async function unitCodePath(db: PrismaClient, code: unknown): Promise<string[] | undefined> {
  const parsed = unitCodeSchema.safeParse(code);
  if (!parsed.success) return undefined;
  const unit = await db.unit.findUnique({ where: { code: parsed.data }, select: { id: true } });
  return unit ? unitPath(db, unit.id) : undefined;
}

