/**
 * What an Update validator runs first: the command must carry the API's signature for this
 * workflow, this Update and this Update id (domain/command-signature.ts). A refusal in the
 * validator keeps the command out of the history.
 */
import { ApplicationFailure, currentUpdateInfo, workflowInfo } from '@temporalio/workflow';
import { signatureRefusal } from '../domain/command-signature';
import { failureTypes } from '../domain/failure-types';

/**
 * The worker defines it in its in-memory bundle (activities/worker.ts, SECRET_IN_BUNDLE): the
 * secret is never a workflow's input, a payload or an event. A bundle made without it (replay
 * tests) trusts no command; validators do not run on replay.
 */
declare const __WORKFLOW_COMMAND_SECRET__: string | undefined;
const secret = typeof __WORKFLOW_COMMAND_SECRET__ === 'string' ? __WORKFLOW_COMMAND_SECRET__ : undefined;

export function requireSignature(payload: unknown): void {
  const update = currentUpdateInfo();
  // Validators run inside their Update's scope; without one there is nothing to check against.
  const refusal = update
    ? // Validators run live, never on replay: a signature's age is measured by the workflow task's time.
      signatureRefusal(secret, { workflowId: workflowInfo().workflowId, update: update.name, updateId: update.id }, payload, Date.now())
    : 'a command arrives only as an Update';
  if (refusal) throw ApplicationFailure.nonRetryable(refusal, failureTypes.untrustedCommand);
}
