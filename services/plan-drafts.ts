/**
 * A draft plan from the bytes of its document (DOCX, PDF or UTF-8 text, pasted text included)
 * and the province's units: what `npm run plan-from-document` prints and the API answers.
 */
import type { PrismaClient } from '../db/prisma';
import { planReadingSchema, readPlanDocument, type PlanReading, type UnitRecord } from '../domain/plan-reading';
import type { UnitKind } from '../domain/plan-reading/unit-matching';
import { documentLimits, documentText, type DocumentLimits } from './document-text';

/** Throws DocumentTextError when the document cannot be read. */
export async function draftPlanFromDocument(bytes: Uint8Array, units: readonly UnitRecord[], limits: DocumentLimits = documentLimits): Promise<PlanReading> {
  const { blocks } = await documentText(bytes, limits);
  return planReadingSchema.parse(readPlanDocument(blocks, units));
}

/** The province's units as the reader matches names against them: units merged away are gone. */
export async function unitRecords(db: PrismaClient): Promise<UnitRecord[]> {
  const units = await db.unit.findMany({ where: { mergedIntoId: null }, select: { code: true, name: true, kind: true, parent: { select: { code: true } } } });
  return units.map(({ parent, kind, ...unit }) => ({ ...unit, kind: kind as UnitKind, ...(parent && { parentCode: parent.code }) }));
}
