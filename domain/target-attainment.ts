/**
 * How far a plan has come toward its targets, per unit and rolled up the unit tree. Pure:
 * the caller passes the units with their base figures and the figures reported by unit.
 */
import { z } from 'zod';
import { figureName } from './fields';

/** What a percentage is a share of: the unit's households, its family-affairs officials, or its communes. */
export const targetBases = ['households', 'familyOfficials', 'communes'] as const;
export type TargetBase = (typeof targetBases)[number];

/**
 * Where a target's figure comes from: a figure counted from activity reports (trainees from
 * training reports, households reached from campaigns…) or reported by units when they
 * submit their work. `count: units` counts the units whose figure is above zero (communes
 * with a model) instead of adding the figures up.
 */
export const targetSourceSchema = z.strictObject({
  figure: figureName,
  from: z.enum(['activities', 'submissions']).default('activities'),
  count: z.enum(['sum', 'units']).default('sum'),
});
export type TargetSource = z.infer<typeof targetSourceSchema>;

/**
 * What a target asks of its figure: to reach at least its value (đạt tối thiểu), to stay at or
 * under it (không vượt quá), or, for a change against a baseline, to fall by at least its value
 * (giảm ít nhất: a positive size of the fall, "giảm 10%" is 10).
 */
export const targetDirections = ['atLeast', 'atMost', 'reduceBy'] as const;
export type TargetDirection = (typeof targetDirections)[number];

/** The direction's words in a report, as the plan's text would say them. */
export const targetDirectionWords: Record<TargetDirection, string> = { atLeast: 'Đạt tối thiểu', atMost: 'Không vượt quá', reduceBy: 'Giảm ít nhất' };

export interface TargetRule {
  measure: 'percent' | 'count' | 'change';
  value: number;
  direction?: TargetDirection;
  base?: TargetBase;
  baseline?: number;
  source?: TargetSource;
}

export interface UnitFacts {
  id: string;
  parentId: string | null;
  kind: string;
  households: number | null;
  familyOfficials: number | null;
}

export const attainmentSchema = z.object({
  /** What was reached: the sum, or the number of units, of the source figure. */
  actual: z.number(),
  /** The base of a percentage, or the baseline of a change. */
  base: z.number().nullable(),
  /** The figure compared with the target's value: a percentage, a count, or a change in %. */
  achieved: z.number().nullable(),
  attained: z.boolean().nullable(),
});
export type Attainment = z.infer<typeof attainmentSchema>;

const round = (value: number) => Math.round(value * 10) / 10;

/** The units of each unit's subtree, itself first. */
function subtrees(units: readonly UnitFacts[], childrenOf: (id: string) => UnitFacts[]): Map<string, UnitFacts[]> {
  const memo = new Map<string, UnitFacts[]>();
  const collect = (unit: UnitFacts): UnitFacts[] => {
    const known = memo.get(unit.id);
    if (known) return known;
    const all = [unit, ...childrenOf(unit.id).flatMap(collect)];
    memo.set(unit.id, all);
    return all;
  };
  for (const unit of units) collect(unit);
  return memo;
}

/**
 * A unit's base figure: its own when recorded, else the sum of its children's — so a district
 * with its communes' households recorded is not counted twice. Communes are counted by kind.
 */
function baseOf(unit: UnitFacts, base: TargetBase, childrenOf: (id: string) => UnitFacts[]): number {
  if (base === 'communes') return (unit.kind === 'commune' ? 1 : 0) + childrenOf(unit.id).reduce((sum, child) => sum + baseOf(child, base, childrenOf), 0);
  const own = unit[base];
  if (own !== null) return own;
  return childrenOf(unit.id).reduce((sum, child) => sum + baseOf(child, base, childrenOf), 0);
}

/**
 * The direction a target is judged by and the value it is judged against. A target that names
 * no direction asks for at least its value, except a change written with a negative value
 * (-10: down by at least 10%), which is a reduction by that much: plans written before targets
 * had a direction mean what they meant.
 */
export function targetGoal(rule: Pick<TargetRule, 'measure' | 'value' | 'direction'>): { direction: TargetDirection; value: number } {
  if (rule.direction) return { direction: rule.direction, value: rule.value };
  if (rule.measure === 'change' && rule.value < 0) return { direction: 'reduceBy', value: -rule.value };
  return { direction: 'atLeast', value: rule.value };
}

/** Whether a figure meets a goal: a reduction is met by a change at or below minus its size. */
export function meetsGoal(achieved: number, goal: { direction: TargetDirection; value: number }): boolean {
  if (goal.direction === 'atLeast') return achieved >= goal.value;
  if (goal.direction === 'atMost') return achieved <= goal.value;
  return achieved <= -goal.value;
}

function judge(rule: TargetRule, actual: number, base: number | null): Attainment {
  const goal = targetGoal(rule);
  if (rule.measure === 'count') return { actual, base: null, achieved: actual, attained: meetsGoal(actual, goal) };
  if (!base) return { actual, base, achieved: null, attained: null };
  // A percentage of its base, or a change in % against the baseline.
  const achieved = rule.measure === 'percent' ? round((actual / base) * 100) : round(((actual - base) / base) * 100);
  return { actual, base, achieved, attained: meetsGoal(achieved, goal) };
}

/**
 * Attainment of one target for every unit that has a part in it (reported figures or a
 * base), over its whole subtree, and for all units together (`total`).
 *
 * @param figures per unit id, the source figure's value summed over that unit's reports
 */
export function attainment(rule: TargetRule, units: readonly UnitFacts[], figures: ReadonlyMap<string, number>) {
  const byParent = new Map<string, UnitFacts[]>();
  for (const unit of units) if (unit.parentId) byParent.set(unit.parentId, [...(byParent.get(unit.parentId) ?? []), unit]);
  const childrenOf = (id: string) => byParent.get(id) ?? [];
  const trees = subtrees(units, childrenOf);
  const reached = (members: readonly UnitFacts[]) =>
    rule.source?.count === 'units'
      ? members.filter((unit) => (figures.get(unit.id) ?? 0) > 0).length
      : members.reduce((sum, unit) => sum + (figures.get(unit.id) ?? 0), 0);
  const baseFor = (roots: readonly UnitFacts[]) =>
    rule.measure === 'change' ? (rule.baseline ?? null) : rule.base ? roots.reduce((sum, unit) => sum + baseOf(unit, rule.base!, childrenOf), 0) : null;

  const roots = units.filter((unit) => !unit.parentId || !units.some((other) => other.id === unit.parentId));
  const total = judge(rule, reached(units), baseFor(roots));
  const perUnit = new Map<string, Attainment>();
  for (const unit of units) {
    const members = trees.get(unit.id)!;
    const actual = reached(members);
    const base = rule.measure === 'change' ? null : baseFor([unit]);
    if (actual === 0 && !base) continue;
    perUnit.set(unit.id, rule.measure === 'change' ? { actual, base: null, achieved: null, attained: null } : judge(rule, actual, base));
  }
  return { total, perUnit };
}
