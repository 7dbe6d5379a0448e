/**
 * The figures a report may carry, as labelled fields, and what is wrong or doubtful in those sent:
 * a name neither the catalogue nor the plan knows is refused; a count larger than what the unit
 * has (more households reached than it has households) is kept, with a warning the reviewer sees.
 */
import { figureCatalogue, inCatalogue } from './figure-names';
import { kindFigures, type TaskKind } from './task-kinds';

export interface FigureField {
  name: string;
  label: string;
  /** What it counts ("hộ", "người"); empty for a figure only the plan names. */
  unit: string;
  /** `plan`: a target of the plan is measured by it; `kind`: reports of the task's kind count it. */
  from: 'plan' | 'kind';
}

/** A target as the plan definition holds it: measured by a figure, or only shown. */
export interface MeasuredTarget {
  title: string;
  source?: { figure: string };
}

/** The plan's measured figures first, then the kind's own; each once. */
export function figureFields(kind: TaskKind, targets: readonly MeasuredTarget[]): FigureField[] {
  const fields = new Map<string, FigureField>();
  for (const target of targets) {
    const name = target.source?.figure;
    if (!name || fields.has(name)) continue;
    const known = inCatalogue(name) ? figureCatalogue[name] : undefined;
    fields.set(name, { name, label: known?.label ?? target.title, unit: known?.unit ?? '', from: 'plan' });
  }
  for (const name of kindFigures[kind]) {
    if (!fields.has(name)) fields.set(name, { name, label: figureCatalogue[name]!.label, unit: figureCatalogue[name]!.unit, from: 'kind' });
  }
  return [...fields.values()];
}

/** The figure names a report under this plan may carry that are not in `figures`' allowed set, with the field path of each. */
export function unknownFigures(figures: Readonly<Record<string, number>>, targets: readonly MeasuredTarget[], path: string): { path: string; message: string }[] {
  const declared = new Set(targets.map((target) => target.source?.figure).filter((name): name is string => Boolean(name)));
  return Object.keys(figures)
    .filter((name) => !inCatalogue(name) && !declared.has(name))
    .map((name) => ({ path: `${path}.${name}`, message: `"${name}" is neither a figure of the catalogue nor one the plan's targets are measured by` }));
}

export interface FigureWarning {
  figure: string;
  value: number;
  /** What the value should not exceed. */
  limit: number;
  message: string;
}

/** Counts beyond what the unit has: more households than it records. */
export function figureWarnings(figures: Readonly<Record<string, number>>, unit: { households: number | null }): FigureWarning[] {
  if (unit.households === null) return [];
  const households = unit.households;
  return Object.entries(figures)
    .filter(([name, value]) => inCatalogue(name) && figureCatalogue[name]!.boundedByHouseholds && value > households)
    .map(([figure, value]) => ({ figure, value, limit: households, message: `${figure} is ${value}, more than the ${households} households the unit records` }));
}
