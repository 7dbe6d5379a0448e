/**
 * What the reader answers: a draft of the plan in the shape `POST /plans` takes, with what it
 * could not determine left out; where each drafted field came from; and what it read but could
 * not place. The same schema types the command's output and the API's answer.
 */
import { z } from 'zod';
import { planDefinitionSchema, targetSchema, taskSchema } from '../plan-definition';

/** A task as drafted: its unit, deadline or repetition may be missing for a person to fill in. */
export const draftTaskSchema = z.strictObject({ ...taskSchema.shape, coordinatingUnits: taskSchema.shape.coordinatingUnits.unwrap().optional() });

export const draftTargetSchema = z.strictObject(targetSchema.shape);

export const planDraftSchema = z.strictObject({
  ...planDefinitionSchema.shape,
  code: planDefinitionSchema.shape.code.optional(),
  title: planDefinitionSchema.shape.title.optional(),
  issuingBody: planDefinitionSchema.shape.issuingBody.optional(),
  issuedOn: planDefinitionSchema.shape.issuedOn.optional(),
  period: planDefinitionSchema.shape.period.optional(),
  targets: z.array(draftTargetSchema).max(100),
  tasks: z.array(draftTaskSchema).max(500),
});

/** The text a drafted field was read from: a sentence, or a table row with its cells joined by " | ". */
export const provenanceSchema = z.strictObject({
  /** The drafted field, as a path into `plan`: `code`, `targets.2`, `tasks.4.leadUnit`. */
  path: z.string(),
  text: z.string(),
  /** Which block of the document (paragraph or table, counted from 0) and, in a table, which row. */
  block: z.number().int().min(0),
  row: z.number().int().min(0).optional(),
});

export const unplacedKinds = ['unit', 'time', 'target', 'task', 'header'] as const;

/** Something the document says that the draft does not hold, for a person to place. */
export const unplacedSchema = z.strictObject({
  kind: z.enum(unplacedKinds),
  /** The field it belongs to, when there is one. */
  path: z.string().optional(),
  /** The words as the document writes them: an agency's name, a time. */
  text: z.string(),
  /** Why it was not placed, in Vietnamese. */
  reason: z.string(),
  /** The sentence or table row it was read in. */
  source: z.string(),
});

export const planReadingSchema = z.strictObject({
  plan: planDraftSchema,
  provenance: z.array(provenanceSchema),
  unplaced: z.array(unplacedSchema),
});

export type DraftTask = z.infer<typeof draftTaskSchema>;
export type DraftTarget = z.infer<typeof draftTargetSchema>;
export type PlanDraft = z.infer<typeof planDraftSchema>;
export type Provenance = z.infer<typeof provenanceSchema>;
export type Unplaced = z.infer<typeof unplacedSchema>;
export type PlanReading = z.infer<typeof planReadingSchema>;
