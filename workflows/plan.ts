import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  executeChild,
  patched,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { PlanAssignmentActivities } from '../activities/plan-assignments';
import type { ReadModelActivities } from '../activities/read-model';
import { failureTypes } from '../domain/failure-types';
import { assignmentWorkflowId } from '../domain/workflow-ids';
import { assignmentWorkflow } from './assignment';
import { addAssignmentsUpdate, planMayCloseSignal, type AssignmentState, type PlanOutcome, type PlanWorkflowInput } from './definitions';
import { planStartActivityOptions, readModelActivityOptions } from './policies';
import { requireSignature } from './trusted-commands';

const readModel = proxyActivities<ReadModelActivities>(readModelActivityOptions);
const planAssignments = proxyActivities<PlanAssignmentActivities>(planStartActivityOptions);

/** Assignments started per activity: one page is three events in the plan's history. */
const PAGE_SIZE = 500;
/**
 * Pages per run before continuing as new, keeping every run's history short (six events a
 * page). A new run's first task waits in the task queue behind the first tasks of every
 * assignment the plan just started (the runs before it had the worker's sticky queue to
 * themselves): a plan of 30,000 stalled two and a half minutes at each boundary with 20 pages a
 * run. 100 pages (50,000 assignments, 600 events) take a province's largest plan in one run.
 */
const PAGES_PER_RUN = 100;
/** Plans that were starting their pages when the run grew replay with the length they began with. */
const PAGES_PER_RUN_BEFORE = 20;
/** With no signal, a plan still looks once a day whether its work is all closed. */
const RECHECK = '1 day';

/**
 * A plan's lifecycle: it starts a workflow for every assignment (in pages, continuing as new
 * between batches of pages, so a plan of any size keeps a short history), adopts assignments
 * added later (a unit's approved proposal), and closes when all of them have closed: the
 * activity that records an assignment's last transition signals it.
 */
export async function planWorkflow(input: PlanWorkflowInput): Promise<PlanOutcome> {
  // Plans started before assignments ran on their own keep waiting on their children.
  if (!patched('assignments-started-in-pages')) return planWorkflowWithChildren(input);
  const { planId } = input;
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
      // committed yet (db/plan-writes). Updates recorded before this took the other path.
      if (patched('adopted-by-main-loop')) {
        adopting.push(...assignmentIds);
        lookAgain = true;
        return adopting.length;
      }
      await planAssignments.startAssignments({ planId, assignmentIds });
      lookAgain = true;
      return planAssignments.countOpenAssignments({ planId });
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

  const continueLater = async (next: PlanWorkflowInput): Promise<never> => {
    await condition(allHandlersFinished);
    return continueAsNew<typeof planWorkflow>({ ...next, ...(adopting.length > 0 && { adopting }) });
  };

  // A plan whose request failed before its rows were committed has nothing to run
  // (db/plan-writes). Histories recorded before the activity answered hold no answer, and go on.
  if (input.startedUpTo === undefined && (await readModel.recordPlanStarted({ planId })) === false) return { planId, done: 0, cancelled: 0 };
  const pagesPerRun = patched('pages-per-run-100') ? PAGES_PER_RUN : PAGES_PER_RUN_BEFORE;
  let cursor = input.startedUpTo === undefined ? null : input.startedUpTo;
  if (input.startedUpTo !== null) {
    for (let pages = 0; ; pages += 1) {
      if (pages === pagesPerRun) await continueLater({ planId, startedUpTo: cursor });
      const page = await planAssignments.startAssignmentPage({ planId, after: cursor, limit: PAGE_SIZE });
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
    if (workflowInfo().continueAsNewSuggested) await continueLater({ planId, startedUpTo: null });
  }
  closing = true;
  await condition(allHandlersFinished);
  const outcome: PlanOutcome = { planId, ...(await planAssignments.planOutcome({ planId })) };
  await readModel.recordPlanClosed(outcome);
  return outcome;
}

/**
 * The first release: every assignment a child workflow of the plan. Kept so that plans
 * started then replay unchanged; new plans take the path above.
 */
async function planWorkflowWithChildren({ planId }: PlanWorkflowInput): Promise<PlanOutcome> {
  const children: Promise<AssignmentState>[] = [];
  const adopted = new Set<string>();
  let closing = false;
  // An assignment added just after the plan started may come both by Update and in the first listing.
  const adopt = (assignmentId: string) => {
    if (adopted.has(assignmentId)) return;
    adopted.add(assignmentId);
    children.push(executeChild(assignmentWorkflow, { workflowId: assignmentWorkflowId(assignmentId), args: [{ planId, assignmentId }] }));
  };

  setHandler(
    addAssignmentsUpdate,
    ({ assignmentIds }) => {
      assignmentIds.forEach(adopt);
      return children.length;
    },
    {
      validator: ({ assignmentIds }) => {
        if (assignmentIds.length === 0) throw ApplicationFailure.nonRetryable('no assignments to add', failureTypes.invalidPayload);
        if (closing) throw ApplicationFailure.nonRetryable('the plan is closing: all its work is done or cancelled', failureTypes.invalidTransition);
      },
    },
  );

  const assignmentIds = await readModel.listPlanAssignments({ planId });
  await readModel.recordPlanStarted({ planId });
  assignmentIds.forEach(adopt);

  // Children adopted while waiting are waited for too.
  let results: AssignmentState[] = [];
  while (results.length < children.length) results = await Promise.all(children);
  closing = true;

  const outcome: PlanOutcome = {
    planId,
    done: results.filter((result) => result.status === 'done').length,
    cancelled: results.filter((result) => result.status === 'cancelled').length,
  };
  await readModel.recordPlanClosed(outcome);
  return outcome;
}
