/**
 * A draft plan after a unit it names was merged into its successor (sáp nhập): the successor
 * leads, coordinates, parents a fan-out or issues in its place, so the draft still issues as
 * the department meant it.
 */
import type { PlanDraftContent } from './plan-definition';

type DraftTask = NonNullable<PlanDraftContent['tasks']>[number];

/** The first of each code, without the lead: a unit takes one part in a task. */
const partners = (codes: readonly string[], lead: string | undefined) => [...new Set(codes)].filter((code) => code !== lead);

function taskAfterMerge(task: DraftTask, merged: string, successor: string): DraftTask {
  const rename = (code: string) => (code === merged ? successor : code);
  const leadUnit = task.leadUnit === undefined ? undefined : rename(task.leadUnit);
  return {
    ...task,
    ...(leadUnit !== undefined && { leadUnit }),
    ...(task.coordinatingUnits && { coordinatingUnits: partners(task.coordinatingUnits.map(rename), leadUnit) }),
    ...(task.fanOut?.under !== undefined && { fanOut: { ...task.fanOut, under: rename(task.fanOut.under) } }),
  };
}

/** Whether the draft names the unit anywhere a unit is named. */
export function draftNamesUnit(content: PlanDraftContent, code: string): boolean {
  return (
    content.issuingUnit === code ||
    (content.tasks ?? []).some((task) => task.leadUnit === code || task.fanOut?.under === code || (task.coordinatingUnits ?? []).includes(code))
  );
}

/**
 * The draft with the merged unit's code replaced by its successor's wherever it names a unit; a
 * coordinating list that would then hold the successor twice, or hold the task's lead, keeps
 * it once, as the lead when it leads.
 */
export function draftAfterMerge(content: PlanDraftContent, merged: string, successor: string): PlanDraftContent {
  return {
    ...content,
    ...(content.issuingUnit === merged && { issuingUnit: successor }),
    ...(content.tasks && { tasks: content.tasks.map((task) => (draftNamesUnit({ tasks: [task] }, merged) ? taskAfterMerge(task, merged, successor) : task)) }),
  };
}
