import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '../db/prisma';
import type { Actor } from '../domain/access';
import { z } from 'zod';
import { createUnitSchema, type CreateUnit } from '../domain/units';
import { recordAudit } from '../db/audit';
import { isUniqueViolation } from '../db/prisma-errors';
import { ConflictError, NotFoundError, ValidationError } from '../platform/errors';
import { findUnit, unitColumns, unitPath, type UnitView } from './unit-tree';
import { instantSchema, pageSchema } from './views';

/** A unit as the lists answer it: its place in the tree, and its successor when it was merged. */
export const unitSchema = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  kind: z.string(),
  parentId: z.uuid().nullable(),
  /** The successor, when this unit was merged into another, and its code. */
  mergedIntoId: z.uuid().nullable(),
  mergedIntoCode: z.string().nullable(),
});
export const unitListSchema = pageSchema(unitSchema);

const unitNamed = z.object({ code: z.string(), name: z.string() });
/** A unit with its contacts, base figures, parent, children and successor. */
export const unitDetailSchema = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  kind: z.string(),
  email: z.string().nullable(),
  headName: z.string().nullable(),
  headEmail: z.string().nullable(),
  households: z.number().int().nullable(),
  familyOfficials: z.number().int().nullable(),
  createdAt: instantSchema,
  mergedAt: instantSchema.nullable(),
  parent: unitNamed.nullable(),
  mergedInto: unitNamed.nullable(),
  children: z.array(unitNamed.extend({ kind: z.string() })),
});

export const importReportSchema = z.object({ created: z.number().int(), updated: z.number().int(), unchanged: z.number().int() });
export type ImportReport = z.infer<typeof importReportSchema>;

const detailsOf = (unit: CreateUnit) => ({
  email: unit.email ?? null,
  headName: unit.headName ?? null,
  headEmail: unit.headEmail ?? null,
  households: unit.households ?? null,
  familyOfficials: unit.familyOfficials ?? null,
});

const unitAnswerColumns = { ...unitColumns, mergedInto: { select: { code: true } } } as const;
const toUnitAnswer = ({ mergedInto, ...unit }: UnitView & { mergedInto: { code: string } | null }): z.infer<typeof unitSchema> => ({ ...unit, mergedIntoCode: mergedInto?.code ?? null });

/** A unit by id, as the lists answer it. */
export async function unitView(db: PrismaClient, id: string): Promise<z.infer<typeof unitSchema>> {
  const unit = await db.unit.findUnique({ where: { id }, select: unitAnswerColumns });
  if (!unit) throw new NotFoundError(`unit ${id} does not exist`);
  return toUnitAnswer(unit);
}

export async function listUnits(db: PrismaClient, page: { limit: number; offset: number }): Promise<z.infer<typeof unitListSchema>> {
  const [rows, total] = await Promise.all([db.unit.findMany({ select: unitAnswerColumns, orderBy: { code: 'asc' }, take: page.limit, skip: page.offset }), db.unit.count()]);
  return { items: rows.map(toUnitAnswer), total, ...page };
}

/** A unit with its contacts and base figures. */
export async function getUnit(db: PrismaClient, ref: string): Promise<z.infer<typeof unitDetailSchema>> {
  const { id } = await findUnit(db, ref);
  const unit = await db.unit.findUniqueOrThrow({
    where: { id },
    include: { parent: { select: { code: true, name: true } }, mergedInto: { select: { code: true, name: true } }, children: { select: { code: true, name: true, kind: true }, orderBy: { code: 'asc' } } },
  });
  const { parentId: _parentId, mergedIntoId: _mergedIntoId, createdAt, mergedAt, ...fields } = unit;
  return { ...fields, createdAt: createdAt.toISOString(), mergedAt: mergedAt?.toISOString() ?? null };
}

export const updateUnitSchema = createUnitSchema
  .omit({ code: true, parentCode: true })
  .partial()
  .extend({ parentCode: createUnitSchema.shape.parentCode.unwrap().nullable().optional() })
  .refine((change) => Object.keys(change).length > 0, 'name at least one field to change');

/** Renames a unit, moves it under another parent (null: to the top), or updates its contacts and base figures. */
export async function updateUnit(db: PrismaClient, ref: string, change: z.infer<typeof updateUnitSchema>, actor: Actor): Promise<z.infer<typeof unitDetailSchema>> {
  const { id } = await findUnit(db, ref);
  const { parentCode, ...fields } = change;
  let parentId: string | null | undefined;
  if (parentCode !== undefined) {
    parentId = parentCode === null ? null : ((await db.unit.findUnique({ where: { code: parentCode }, select: { id: true } }))?.id ?? undefined);
    if (parentId === undefined) throw new ValidationError('the parent unit does not exist', [{ path: 'parentCode', message: `unknown unit code ${parentCode}` }]);
    if (parentId && (await unitPath(db, parentId)).includes(id)) {
      throw new ValidationError('a unit cannot move under itself', [{ path: 'parentCode', message: `${parentCode} lies under this unit` }]);
    }
  }
  const data = { ...fields, ...(parentId !== undefined && { parentId }) };
  await db.$transaction(async (tx) => {
    const before = await tx.unit.findUniqueOrThrow({ where: { id } });
    await tx.unit.update({ where: { id }, data });
    const was = Object.fromEntries(Object.keys(data).map((field) => [field, before[field as keyof typeof before]]));
    await recordAudit(tx, { actor, action: 'unit.updated', entityType: 'unit', entityId: id, before: was, after: data });
  });
  return getUnit(db, id);
}

export async function createUnit(db: PrismaClient, input: CreateUnit, actor: Actor): Promise<z.infer<typeof unitSchema>> {
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
      return { ...unit, mergedIntoCode: null };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(`unit ${input.code} already exists`, { code: input.code });
    throw error;
  }
}

const IMPORT_BATCH = 500;

/**
 * Adds the units whose codes are new and updates the others (names, kinds, parents, contacts,
 * base figures: a yearly refresh of household counts is an import). A parent may come later in
 * the file than its children. Reports progress after each batch.
 */
export async function importUnits(
  db: PrismaClient,
  units: readonly CreateUnit[],
  actor: Actor,
  onProgress: (done: number, total: number) => void = () => {},
): Promise<ImportReport> {
  const existing = new Map((await db.unit.findMany()).map((unit) => [unit.code, unit]));
  const ids = new Map([...existing.values()].map((unit) => [unit.code, unit.id]));
  for (const unit of units) if (!ids.has(unit.code)) ids.set(unit.code, randomUUID());
  const issues = units.flatMap((unit, index) =>
    unit.parentCode && !ids.has(unit.parentCode) ? [{ path: `${index}.parentCode`, message: `unknown unit code ${unit.parentCode}` }] : [],
  );
  if (issues.length > 0) throw new ValidationError('units name parents that do not exist', issues);

  // New units go in parents first, so every parent exists when its children arrive.
  const fresh = units.filter((unit) => !existing.has(unit.code));
  const ordered: CreateUnit[] = [];
  const placed = new Set(existing.keys());
  while (ordered.length < fresh.length) {
    const ready = fresh.filter((unit) => !placed.has(unit.code) && (!unit.parentCode || placed.has(unit.parentCode)));
    if (ready.length === 0) throw new ValidationError('units form a cycle of parents', [{ path: '(root)', message: 'a unit cannot be its own ancestor' }]);
    for (const unit of ready) {
      ordered.push(unit);
      placed.add(unit.code);
    }
  }
  const report: ImportReport = { created: 0, updated: 0, unchanged: 0 };
  const rowOf = (unit: CreateUnit) => ({ ...detailsOf(unit), name: unit.name, kind: unit.kind, parentId: unit.parentCode ? ids.get(unit.parentCode)! : null });
  for (let start = 0; start < ordered.length; start += IMPORT_BATCH) {
    const batch = ordered.slice(start, start + IMPORT_BATCH).map((unit) => ({ id: ids.get(unit.code)!, code: unit.code, ...rowOf(unit) }));
    await db.$transaction(async (tx) => {
      await tx.unit.createMany({ data: batch, skipDuplicates: true });
      await recordAudit(tx, ...batch.map((row) => ({ actor, action: 'unit.created', entityType: 'unit' as const, entityId: row.id, after: row })));
    });
    report.created += batch.length;
    onProgress(report.created, units.length);
  }
  for (const unit of units.filter((candidate) => existing.has(candidate.code))) {
    const before = existing.get(unit.code)!;
    const after = rowOf(unit);
    const changed = Object.fromEntries(Object.entries(after).filter(([field, value]) => before[field as keyof typeof before] !== value));
    if (Object.keys(changed).length === 0) report.unchanged += 1;
    else {
      await db.$transaction(async (tx) => {
        await tx.unit.update({ where: { id: before.id }, data: changed });
        const was = Object.fromEntries(Object.keys(changed).map((field) => [field, before[field as keyof typeof before]]));
        await recordAudit(tx, { actor, action: 'unit.updated', entityType: 'unit', entityId: before.id, before: was, after: changed });
      });
      report.updated += 1;
    }
    onProgress(report.created + report.updated + report.unchanged, units.length);
  }
  return report;
}
