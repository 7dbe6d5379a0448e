import { randomUUID } from 'node:crypto';
import type { Prisma, PrismaClient } from '../db/prisma';
import type { Actor } from '../domain/access';
import type { CreateUnit } from '../domain/units';
import { recordAudit } from './audit';
import { ConflictError, NotFoundError, ValidationError } from './errors';
import { isUniqueViolation } from './prisma-errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface UnitView {
  id: string;
  code: string;
  name: string;
  kind: string;
  parentId: string | null;
}

const detailsOf = (unit: CreateUnit) => ({
  email: unit.email ?? null,
  headName: unit.headName ?? null,
  headEmail: unit.headEmail ?? null,
  households: unit.households ?? null,
  familyOfficials: unit.familyOfficials ?? null,
});

const unitColumns = { id: true, code: true, name: true, kind: true, parentId: true } as const;

/** Finds a unit by id or by code, since people remember codes and links carry ids. */
export async function findUnit(db: PrismaClient, ref: string): Promise<UnitView> {
  const unit = await db.unit.findUnique({ where: UUID.test(ref) ? { id: ref } : { code: ref }, select: unitColumns });
  if (!unit) throw new NotFoundError(`unit ${ref} does not exist`);
  return unit;
}

export async function listUnits(db: PrismaClient, page: { limit: number; offset: number }) {
  const [items, total] = await Promise.all([db.unit.findMany({ select: unitColumns, orderBy: { code: 'asc' }, take: page.limit, skip: page.offset }), db.unit.count()]);
  return { items, total, ...page };
}

export async function createUnit(db: PrismaClient, input: CreateUnit, actor: Actor): Promise<UnitView> {
  const parent = input.parentCode ? await db.unit.findUnique({ where: { code: input.parentCode } }) : null;
  if (input.parentCode && !parent) {
    throw new ValidationError('the parent unit does not exist', [{ path: 'parentCode', message: `unknown unit code ${input.parentCode}` }]);
  }
  try {
    return await db.$transaction(async (tx) => {
      const unit = await tx.unit.create({
        data: { id: randomUUID(), ...detailsOf(input), code: input.code, name: input.name, kind: input.kind, parentId: parent?.id ?? null },
        select: unitColumns,
      });
      await recordAudit(tx, { actor, action: 'unit.created', entityType: 'unit', entityId: unit.id, after: { ...unit, ...detailsOf(input) } });
      return unit;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(`unit ${input.code} already exists`, { code: input.code });
    throw error;
  }
}

/** Adds the units whose codes are not known yet; a unit's parent must come before it or exist already. */
export async function importUnits(db: PrismaClient, units: readonly CreateUnit[], actor: Actor): Promise<number> {
  const ids = new Map((await db.unit.findMany({ select: { id: true, code: true } })).map((unit) => [unit.code, unit.id]));
  const rows: (Prisma.UnitCreateManyInput & { id: string })[] = [];
  for (const [index, unit] of units.entries()) {
    if (ids.has(unit.code)) continue;
    const parentId = unit.parentCode ? ids.get(unit.parentCode) : null;
    if (parentId === undefined) {
      throw new ValidationError('a unit names a parent that does not exist', [
        { path: `${index}.parentCode`, message: `unknown unit code ${unit.parentCode}` },
      ]);
    }
    const id = randomUUID();
    ids.set(unit.code, id);
    rows.push({ id, ...detailsOf(unit), code: unit.code, name: unit.name, kind: unit.kind, parentId });
  }
  await db.$transaction(async (tx) => {
    await tx.unit.createMany({ data: rows, skipDuplicates: true });
    await recordAudit(tx, ...rows.map((row) => ({ actor, action: 'unit.created', entityType: 'unit' as const, entityId: row.id, after: row })));
  });
  return rows.length;
}
