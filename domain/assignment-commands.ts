/**
 * What a unit or a department sends to change an assignment. The API validates these
 * bodies and the assignment workflow validates them again, with the same schema, so a
 * client that talks to Temporal directly meets the same rules.
 */
import { z } from 'zod';

export const completeAssignmentSchema = z.strictObject({
  summary: z.string().trim().min(1, 'must not be empty').max(10_000),
  completedBy: z.string().trim().min(1, 'must not be empty').max(200).optional(),
});
export type CompleteAssignment = z.infer<typeof completeAssignmentSchema>;

export const cancelAssignmentSchema = z.strictObject({
  reason: z.string().trim().min(1, 'must not be empty').max(2_000),
});
export type CancelAssignment = z.infer<typeof cancelAssignmentSchema>;
