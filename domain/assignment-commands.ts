/**
 * What a unit or a department sends to change an assignment. The API validates these bodies;
 * the assignment workflow checks their shape again (domain/command-shapes.ts, proven to accept
 * all that these schemas accept), so a client that talks to Temporal directly cannot put a
 * malformed payload into a workflow's history.
 */
import { z } from 'zod';
import { figureName, httpLink, reportFilesSchema, text } from './fields';
import { actorSchema, type Actor } from './access';
import type { AssignmentAction } from './assignment-status';


export const startAssignmentSchema = z.strictObject({ note: text(2_000).optional() });

/** Figures feed the plan's targets later: participants trained, households reached, pieces produced… */
export const figuresSchema = z
  .record(figureName, z.number().finite().min(0))
  .refine((figures) => Object.keys(figures).length <= 50, { message: 'at most 50 figures', params: { vi: 'Tối đa 50 số liệu' } });

export const submitAssignmentSchema = z.strictObject({
  summary: text(10_000),
  figures: figuresSchema.default({}),
  evidence: z.array(httpLink).max(20).default([]),
  files: reportFilesSchema,
});

export const approveAssignmentSchema = z.strictObject({ note: text(2_000).optional() });
export const returnAssignmentSchema = z.strictObject({ reason: text(2_000) });
export const completeAssignmentSchema = z.strictObject({ summary: text(10_000) });
export const cancelAssignmentSchema = z.strictObject({ reason: text(2_000) });

export type StartAssignment = z.infer<typeof startAssignmentSchema>;
export type SubmitAssignment = z.infer<typeof submitAssignmentSchema>;
export type ApproveAssignment = z.infer<typeof approveAssignmentSchema>;
export type ReturnAssignment = z.infer<typeof returnAssignmentSchema>;
export type CompleteAssignment = z.infer<typeof completeAssignmentSchema>;
export type CancelAssignment = z.infer<typeof cancelAssignmentSchema>;

/** The payload of each action, by action. */
export const commandSchemas = {
  start: startAssignmentSchema,
  submit: submitAssignmentSchema,
  approve: approveAssignmentSchema,
  return: returnAssignmentSchema,
  complete: completeAssignmentSchema,
  cancel: cancelAssignmentSchema,
} satisfies Record<AssignmentAction, z.ZodType>;

/** What the workflow receives: the command and who sent it, which the API takes from the credential, never from the body. */
export type Acted<T> = T & { actor: Actor };

export interface AssignmentCommands {
  start: Acted<StartAssignment>;
  /** `files` is absent from submissions recorded before reports carried files. */
  submit: Acted<Omit<SubmitAssignment, 'files'> & { files?: string[] }>;
  approve: Acted<ApproveAssignment>;
  return: Acted<ReturnAssignment>;
  complete: Acted<CompleteAssignment>;
  cancel: Acted<CancelAssignment>;
}

const withActor = <S extends z.ZodObject>(schema: S) => schema.extend({ actor: actorSchema });

/** The Update payloads as the API builds them, the body's fields and the actor: what the workflow's shape checks are proven against. */
export const actedCommandSchemas = {
  start: withActor(startAssignmentSchema),
  submit: withActor(submitAssignmentSchema),
  approve: withActor(approveAssignmentSchema),
  return: withActor(returnAssignmentSchema),
  complete: withActor(completeAssignmentSchema),
  cancel: withActor(cancelAssignmentSchema),
} satisfies Record<AssignmentAction, z.ZodType>;

/**
 * What the assignment workflow receives for an extension or a reassignment: already
 * resolved by the API (ids generated, the deadline turned into an instant), so the
 * workflow needs neither randomness nor the calendar.
 */
export const extensionRequestSchema = z.strictObject({
  requestId: z.uuid(),
  deadline: z.iso.datetime(),
  currentDeadline: z.iso.datetime(),
  reason: text(2_000),
  actor: actorSchema,
});
export const extensionDecisionSchema = z.strictObject({
  requestId: z.uuid(),
  approve: z.boolean(),
  note: text(2_000).optional(),
  actor: actorSchema,
});
export const reassignmentSchema = z.strictObject({ unitId: z.uuid(), reason: text(2_000), actor: actorSchema });
/** A plan amendment moving the deadline of the task for every unit that holds it (domain/plan-amendments.ts). */
export const deadlineMoveSchema = z.strictObject({ amendmentId: z.uuid(), deadline: z.iso.datetime(), reason: text(2_000), actor: actorSchema });

export type ExtensionRequest = z.infer<typeof extensionRequestSchema>;
export type ExtensionDecision = z.infer<typeof extensionDecisionSchema>;
export type Reassignment = z.infer<typeof reassignmentSchema>;
export type DeadlineMove = z.infer<typeof deadlineMoveSchema>;
