/**
 * Extension requests (xin gia hạn) and reassignment. The API resolves what the workflow
 * must not compute itself — ids and the calendar — and the workflow decides.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { text } from '../domain/fields';
import type { Actor } from '../domain/access';
import { awaitsUnit, isTerminal } from '../domain/assignment-status';
import { formatVietnameseDate, localDate } from '../domain/calendar';
import { unitCodeSchema } from '../domain/units';
import { deadlineSpecSchema, resolveDeadline } from '../domain/working-calendar';
import { decideExtensionUpdate, reassignUpdate, requestExtensionUpdate } from '../workflows/definitions';
import { getAssignment, sendToAssignment, toExtensionView, type AssignmentDetail, type ExtensionView } from './assignments';
import type { EngineDeps } from './deps';
import { ConflictError, NotFoundError, ValidationError } from '../platform/errors';
import { findUnit } from './unit-tree';


/** The deadline asked for: a date, an instant, or working or calendar days after the current deadline. */
export const extensionBodySchema = z.strictObject({ deadline: deadlineSpecSchema, reason: text(2_000) });
export const extensionDecisionBodySchema = z.strictObject({ note: text(2_000).optional() });
export const reassignBodySchema = z.strictObject({ unit: unitCodeSchema, reason: text(2_000) });

const notAwaitingUnit = (status: string) => `cannot ask for more time on an assignment that is ${status.replace('_', ' ')}`;

export async function requestExtension(deps: EngineDeps, assignmentId: string, body: z.infer<typeof extensionBodySchema>, actor: Actor): Promise<ExtensionView> {
  const row = await deps.db.assignment.findUnique({ where: { id: assignmentId }, select: { deadline: true } });
  if (!row) throw new NotFoundError(`assignment ${assignmentId} does not exist`);
  const deadline = resolveDeadline(body.deadline, localDate(row.deadline), deps.calendar, deps.endOfWorkday);
  if (deadline.getTime() <= row.deadline.getTime()) {
    throw new ValidationError('the new deadline must be later', [
      { path: 'deadline', message: `must be later than the current deadline (${formatVietnameseDate(localDate(row.deadline))})` },
    ]);
  }
  const requestId = randomUUID();
  const request = { requestId, deadline: deadline.toISOString(), currentDeadline: row.deadline.toISOString(), reason: body.reason, actor };
  await sendToAssignment(
    deps,
    assignmentId,
    (status) => (awaitsUnit(status) ? undefined : notAwaitingUnit(status)),
    requestExtensionUpdate,
    request,
  );
  return toExtensionView(await deps.db.extensionRequest.findUniqueOrThrow({ where: { id: requestId } }));
}

export async function decideExtension(
  deps: EngineDeps,
  assignmentId: string,
  requestId: string,
  approve: boolean,
  body: z.infer<typeof extensionDecisionBodySchema>,
  actor: Actor,
): Promise<AssignmentDetail> {
  const request = await deps.db.extensionRequest.findFirst({ where: { id: requestId, assignmentId } });
  if (!request) throw new NotFoundError(`extension request ${requestId} of assignment ${assignmentId} does not exist`);
  if (request.status !== 'pending') throw new ConflictError(`extension request ${requestId} was already ${request.status}`, { requestStatus: request.status });
  await sendToAssignment(
    deps,
    assignmentId,
    () => undefined,
    decideExtensionUpdate,
    { requestId, approve, ...body, actor },
  );
  return getAssignment(deps, assignmentId);
}

export async function reassignAssignment(deps: EngineDeps, assignmentId: string, body: z.infer<typeof reassignBodySchema>, actor: Actor): Promise<AssignmentDetail> {
  const row = await deps.db.assignment.findUnique({ where: { id: assignmentId }, select: { taskId: true, unitId: true } });
  if (!row) throw new NotFoundError(`assignment ${assignmentId} does not exist`);
  const unit = await findUnit(deps.db, body.unit).catch((error: unknown) => {
    if (error instanceof NotFoundError) throw new ValidationError('unknown unit', [{ path: 'unit', message: `unknown unit code ${body.unit}` }]);
    throw error;
  });
  if (unit.id === row.unitId) throw new ConflictError(`the assignment is already with ${unit.code}`);
  const holding = await deps.db.assignment.findUnique({ where: { taskId_unitId: { taskId: row.taskId, unitId: unit.id } }, select: { id: true } });
  if (holding) throw new ConflictError(`${unit.code} already holds this task`, { assignmentId: holding.id });
  await sendToAssignment(
    deps,
    assignmentId,
    (status) => (isTerminal(status) ? `cannot reassign an assignment that is ${status}` : undefined),
    reassignUpdate,
    { unitId: unit.id, reason: body.reason, actor },
  );
  return getAssignment(deps, assignmentId);
}
