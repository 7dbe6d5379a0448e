/**
 * Sends a command to a workflow the way every workflow takes one: as an Update signed for that
 * workflow, Update name and Update id (domain/command-signature.ts, checked by
 * workflows/trusted-commands.ts).
 */
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { signCommand, type Signed } from '../domain/command-signature';

/** Who sends: a Temporal client (the API's, or an activity's own) and the secret the workflows check. */
export interface CommandSender {
  temporal: Client;
  commandSecret: string;
}

/** Without `updateId` the command gets a new one; a retried request passes its own, so it is the same Update. */
export function executeSignedUpdate<R, T extends object>(
  deps: CommandSender,
  workflowId: string,
  update: UpdateDefinition<R, [Signed<T>]>,
  command: T,
  updateId: string = randomUUID(),
): Promise<R> {
  const signed = signCommand(deps.commandSecret, { workflowId, update: update.name, updateId }, command);
  return deps.temporal.workflow.getHandle(workflowId).executeUpdate(update, { args: [signed], updateId });
}
