/**
 * How close a drafted plan is to the one a person wrote by hand from the same document:
 * counts of what was drafted, what was expected and what agreed, for each part the reader
 * drafts. Tasks are paired by the words of their titles (the best pairs first); targets by
 * measure and goal (direction and value).
 */
import type { PlanDraft } from '../../domain/plan-reading';
import { targetGoal } from '../../domain/target-attainment';

export const scoreParts = ['header', 'targets', 'tasks', 'kinds', 'leads', 'coordinating', 'deadlines'] as const;
export type ScorePart = (typeof scoreParts)[number];
export interface Tally {
  drafted: number;
  expected: number;
  agreed: number;
}
export type Score = Record<ScorePart, Tally>;

type DraftLike = Pick<PlanDraft, 'targets' | 'tasks'> & Partial<PlanDraft>;

const folded = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .match(/[\p{L}\p{N}]+/gu) ?? [];

/** Dice coefficient of the two titles' sets of words. */
export function titleSimilarity(a: string, b: string): number {
  const left = new Set(folded(a));
  const right = new Set(folded(b));
  const shared = [...left].filter((word) => right.has(word)).length;
  return (2 * shared) / Math.max(1, left.size + right.size);
}

const TASKS_MATCH_AT = 0.5;

/** Pairs of (drafted, expected) task indexes, the most similar first, each used once. */
export function pairTasks(drafted: DraftLike['tasks'], expected: DraftLike['tasks']): [number, number][] {
  const candidates: { found: number; wanted: number; similarity: number }[] = [];
  drafted.forEach((task, found) =>
    expected.forEach((other, wanted) => {
      const similarity = titleSimilarity(task.title, other.title);
      if (similarity >= TASKS_MATCH_AT) candidates.push({ found, wanted, similarity });
    }),
  );
  candidates.sort((a, b) => b.similarity - a.similarity);
  const usedFound = new Set<number>();
  const usedWanted = new Set<number>();
  const pairs: [number, number][] = [];
  for (const { found, wanted } of candidates) {
    if (usedFound.has(found) || usedWanted.has(wanted)) continue;
    usedFound.add(found);
    usedWanted.add(wanted);
    pairs.push([found, wanted]);
  }
  return pairs;
}

const leadOf = (task: DraftLike['tasks'][number]) => task.leadUnit ?? (task.fanOut ? `fanOut:${task.fanOut.kind}:${task.fanOut.under ?? ''}` : undefined);
const dueOf = (task: DraftLike['tasks'][number]) => (task.deadline !== undefined ? JSON.stringify(task.deadline) : task.repeat ? JSON.stringify(task.repeat) : undefined);

function headerFields(plan: DraftLike): Record<string, string | undefined> {
  return {
    code: plan.code,
    issuedOn: plan.issuedOn,
    period: plan.period && `${plan.period.from}..${plan.period.to}`,
    issuingBody: plan.issuingBody,
    issuingUnit: plan.issuingUnit,
    assigningUnit: plan.assigningUnit,
  };
}

export function score(drafted: DraftLike, expected: DraftLike): Score {
  const tally = (): Tally => ({ drafted: 0, expected: 0, agreed: 0 });
  const result = Object.fromEntries(scoreParts.map((part) => [part, tally()])) as Score;

  const mine = headerFields(drafted);
  const theirs = headerFields(expected);
  for (const field of Object.keys(theirs)) {
    if (mine[field] !== undefined) result.header.drafted += 1;
    if (theirs[field] !== undefined) result.header.expected += 1;
    if (mine[field] !== undefined && mine[field] === theirs[field]) result.header.agreed += 1;
  }
  if (drafted.title) result.header.drafted += 1;
  if (expected.title) result.header.expected += 1;
  if (drafted.title && expected.title && titleSimilarity(drafted.title, expected.title) >= 0.8) result.header.agreed += 1;

  // Targets agree on their goal: "-10" as a change and "reduce by 10" are the same target.
  const goalOf = (target: DraftLike['targets'][number]) => {
    const goal = targetGoal(target);
    return `${target.measure}:${goal.direction}:${goal.value}`;
  };
  const wanted = expected.targets.map(goalOf);
  result.targets.drafted = drafted.targets.length;
  result.targets.expected = wanted.length;
  for (const target of drafted.targets) {
    const at = wanted.indexOf(goalOf(target));
    if (at >= 0) {
      result.targets.agreed += 1;
      wanted.splice(at, 1);
    }
  }

  const pairs = pairTasks(drafted.tasks, expected.tasks);
  result.tasks = { drafted: drafted.tasks.length, expected: expected.tasks.length, agreed: pairs.length };
  result.kinds = { drafted: drafted.tasks.length, expected: expected.tasks.length, agreed: pairs.filter(([found, want]) => drafted.tasks[found]!.kind === expected.tasks[want]!.kind).length };
  result.leads = {
    drafted: drafted.tasks.filter((task) => leadOf(task)).length,
    expected: expected.tasks.filter((task) => leadOf(task)).length,
    agreed: pairs.filter(([found, want]) => leadOf(drafted.tasks[found]!) !== undefined && leadOf(drafted.tasks[found]!) === leadOf(expected.tasks[want]!)).length,
  };
  const coordinating = (task: DraftLike['tasks'][number]) => task.coordinatingUnits ?? [];
  result.coordinating = {
    drafted: drafted.tasks.reduce((sum, task) => sum + coordinating(task).length, 0),
    expected: expected.tasks.reduce((sum, task) => sum + coordinating(task).length, 0),
    agreed: pairs.reduce((sum, [found, want]) => sum + coordinating(drafted.tasks[found]!).filter((code) => coordinating(expected.tasks[want]!).includes(code)).length, 0),
  };
  result.deadlines = {
    drafted: drafted.tasks.filter((task) => dueOf(task)).length,
    expected: expected.tasks.filter((task) => dueOf(task)).length,
    agreed: pairs.filter(([found, want]) => dueOf(drafted.tasks[found]!) !== undefined && dueOf(drafted.tasks[found]!) === dueOf(expected.tasks[want]!)).length,
  };
  return result;
}

/** Precision and recall of a tally; 1 when there was nothing to draft or to expect. */
export const precision = (tally: Tally) => (tally.drafted === 0 ? 1 : tally.agreed / tally.drafted);
export const recall = (tally: Tally) => (tally.expected === 0 ? 1 : tally.agreed / tally.expected);

export function addScores(scores: Score[]): Score {
  return Object.fromEntries(
    scoreParts.map((part) => [
      part,
      scores.reduce((sum, next) => ({ drafted: sum.drafted + next[part].drafted, expected: sum.expected + next[part].expected, agreed: sum.agreed + next[part].agreed }), { drafted: 0, expected: 0, agreed: 0 }),
    ]),
  ) as Score;
}
