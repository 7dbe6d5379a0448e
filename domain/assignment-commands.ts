/**
 * What a unit or a department sends to change an assignment. The API validates these
 * bodies and the assignment workflow validates them again, with the same schemas, so a
 * client that talks to Temporal directly meets the same rules.
 */
import { z } from 'zod';
import type { AssignmentAction } from './assignment-status';

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);
const person = text(200).optional();

export const startAssignmentSchema = z.strictObject({ note: text(2_000).optional(), startedBy: person });

/** Figures feed the plan's targets later: participants trained, households reached, pieces produced… */
export const figuresSchema = z
  .record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,63}$/, 'figure names are letters, digits and "_"'), z.number().finite().min(0))
  .refine((figures) => Object.keys(figures).length <= 50, 'at most 50 figures');

export const submitAssignmentSchema = z.strictObject({
  summary: text(10_000),
  figures: figuresSchema.default({}),
  evidence: z.array(z.url({ protocol: /^https?$/, error: 'must be an http(s) link' })).max(20).default([]),
  submittedBy: person,
});

export const approveAssignmentSchema = z.strictObject({ note: text(2_000).optional(), approvedBy: person });
export const returnAssignmentSchema = z.strictObject({ reason: text(2_000), returnedBy: person });
export const completeAssignmentSchema = z.strictObject({ summary: text(10_000), completedBy: person });
export const cancelAssignmentSchema = z.strictObject({ reason: text(2_000), cancelledBy: person });

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

export interface AssignmentCommands {
  start: StartAssignment;
  submit: SubmitAssignment;
  approve: ApproveAssignment;
  return: ReturnAssignment;
  complete: CompleteAssignment;
  cancel: CancelAssignment;
}

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
  requestedBy: person,
});
export const extensionDecisionSchema = z.strictObject({
  requestId: z.uuid(),
  approve: z.boolean(),
  note: text(2_000).optional(),
  decidedBy: person,
});
export const reassignmentSchema = z.strictObject({ unitId: z.uuid(), reason: text(2_000), reassignedBy: person });

export type ExtensionRequest = z.infer<typeof extensionRequestSchema>;
export type ExtensionDecision = z.infer<typeof extensionDecisionSchema>;
export type Reassignment = z.infer<typeof reassignmentSchema>;
