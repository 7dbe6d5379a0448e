import { ApplicationFailure, allHandlersFinished, condition, continueAsNew, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { PlanAssignmentActivities } from '../activities/plan-assignments';
import type { ReadModelActivities } from '../activities/read-model';
import { failureTypes } from '../domain/failure-types';
import { addAssignmentsUpdate, planMayCloseSignal, type PlanOutcome, type PlanWorkflowInput } from './definitions';
import { fanOutActivityOptions, readModelActivityOptions } from './policies';
import { requireSignature } from './trusted-commands';

const readModel = proxyActivities<ReadModelActivities>(readModelActivityOptions);
const planAssignments = proxyActivities<PlanAssignmentActivities>(fanOutActivityOptions);

/** With no signal, a plan still looks once a day whether its work is all closed. */
const RECHECK = '1 day';

/**
 * A plan's lifecycle: it starts a workflow for every assignment (in pages, continuing as new
 * between batches of pages, so a plan of any size keeps a short history), adopts assignments
 * added later (a unit's approved proposal), and closes when all of them have closed: the
 * activity that records an assignment's last transition signals it.
 */
export async function planWorkflow(input: PlanWorkflowInput): Promise<PlanOutcome> {
  const { planId, paging } = input;
  let closing = false;
  let lookAgain = false;
  /** Assignments added by Update that the main loop has yet to start. */
  const adopting = [...(input.adopting ?? [])];

  setHandler(planMayCloseSignal, () => {
    lookAgain = true;
  });
  setHandler(
    addAssignmentsUpdate,
    async ({ assignmentIds }) => {
      // The main loop starts them and decides whether the plan closes, so that an assignment
      // adopted while it counts is never left behind; the adding request's rows may not be
      // committed yet (db/plan-writes).
      adopting.push(...assignmentIds);
      lookAgain = true;
      return adopting.length;
    },
    {
      validator: (signed) => {
        requireSignature(signed);
        const ids: unknown = signed.assignmentIds;
        if (!Array.isArray(ids) || ids.length === 0 || !ids.every((id) => typeof id === 'string' && id.length <= 64)) {
          throw ApplicationFailure.nonRetryable('assignmentIds: must be a list of assignment ids', failureTypes.invalidPayload);
        }
        if (closing) throw ApplicationFailure.nonRetryable('the plan is closing: all its work is done or cancelled', failureTypes.invalidTransition);
      },
    },
  );

  const continueLater = async (startedUpTo: string | null): Promise<never> => {
    await condition(allHandlersFinished);
    return continueAsNew<typeof planWorkflow>({ planId, paging, startedUpTo, ...(adopting.length > 0 && { adopting }) });
  };

  // A plan whose request failed before its rows were committed has nothing to run (db/plan-writes).
  if (input.startedUpTo === undefined && !(await readModel.recordPlanStarted({ planId }))) return { planId, done: 0, cancelled: 0 };
  let cursor = input.startedUpTo === undefined ? null : input.startedUpTo;
  if (input.startedUpTo !== null) {
    for (let pages = 0; ; pages += 1) {
      if (pages === paging.pagesPerRun) await continueLater(cursor);
      const page = await planAssignments.startAssignmentPage({ planId, after: cursor, limit: paging.pageSize });
      if (page.next === null) break;
      cursor = page.next;
    }
  }

  // The flag is cleared before each count, so a signal arriving while it counts is not lost.
  for (;;) {
    lookAgain = false;
    if (adopting.length > 0) await planAssignments.startAssignments({ planId, assignmentIds: adopting.splice(0) });
    const open = await planAssignments.countOpenAssignments({ planId });
    // One step with `closing = true` below: an assignment adopted while it counted keeps the plan open.
    if (open === 0 && adopting.length === 0) break;
    await condition(() => lookAgain, RECHECK);
    if (workflowInfo().continueAsNewSuggested) await continueLater(null);
  }
  closing = true;
  await condition(allHandlersFinished);
  const outcome: PlanOutcome = { planId, ...(await planAssignments.planOutcome({ planId })) };
  await readModel.recordPlanClosed(outcome);
  return outcome;
}
