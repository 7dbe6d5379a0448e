/**
 * A draft plan from the bytes of its document (DOCX, PDF or UTF-8 text, pasted text included)
 * and the province's units: what `npm run plan-from-document` prints and the API answers.
 */
import { planReadingSchema, readPlanDocument, type PlanReading, type UnitRecord } from '../domain/plan-reading';
import { documentLimits, documentText, type DocumentLimits } from './document-text';

/** Throws DocumentTextError when the document cannot be read. */
export async function draftPlanFromDocument(bytes: Uint8Array, units: readonly UnitRecord[], limits: DocumentLimits = documentLimits): Promise<PlanReading> {
  const { blocks } = await documentText(bytes, limits);
  return planReadingSchema.parse(readPlanDocument(blocks, units));
}
