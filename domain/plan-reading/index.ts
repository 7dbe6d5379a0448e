/** Reading a plan's document into a draft plan: see docs/plan-documents.md. */
export { blocksFromText, type DocumentBlock } from './blocks';
export { readPlanDocument } from './reader';
export * from './reading-schema';
export type { UnitRecord } from './unit-matching';
