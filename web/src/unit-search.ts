/**
 * Finding units as officials type them: without diacritics (`dak ha` finds `Xã Đắk Hà`), by
 * code (`x-dakha`), or by the initials of the name's words (`vhttdl` finds `Sở Văn hóa, Thể
 * thao và Du lịch`, as offices abbreviate it; "và" has no letter in such abbreviations); and the
 * branch under a unit, for picking it whole.
 */

/** Lower case, diacritics dropped, đ as d: what a keyboard without Vietnamese input types. */
export const foldVietnamese = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase();

export interface SearchableUnit {
  code: string;
  name: string;
}

interface Indexed<U> {
  unit: U;
  words: string[];
  code: string;
  initials: string;
}

const lettersOnly = (text: string) => text.replace(/[^a-z0-9]/g, '');

/** Units prepared once for many searches. */
export function unitIndex<U extends SearchableUnit>(units: readonly U[]): Indexed<U>[] {
  return units.map((unit) => {
    const words = foldVietnamese(unit.name).split(/[^a-z0-9]+/).filter(Boolean);
    return {
      unit,
      words,
      code: lettersOnly(foldVietnamese(unit.code)),
      initials: words
        .filter((word) => word !== 'va')
        .map((word) => word[0])
        .join(''),
    };
  });
}

/**
 * The units a query finds, best first: the code itself, then names whose words start with every
 * typed word, then codes and initials that contain what was typed.
 */
export function searchUnits<U extends SearchableUnit>(index: readonly Indexed<U>[], query: string, limit = 12): U[] {
  const folded = foldVietnamese(query).trim();
  const tokens = folded.split(/[^a-z0-9]+/).filter(Boolean);
  const compact = lettersOnly(folded);
  if (!compact) return [];
  const rank = (entry: Indexed<U>): number | undefined => {
    if (entry.code === compact) return 0;
    if (tokens.every((token) => entry.words.some((word) => word.startsWith(token)))) return 1;
    if (entry.code.includes(compact)) return 2;
    if (compact.length >= 2 && entry.initials.includes(compact)) return 3;
    return undefined;
  };
  return index
    .map((entry) => ({ entry, score: rank(entry) }))
    .filter((found): found is { entry: Indexed<U>; score: number } => found.score !== undefined)
    .sort((a, b) => a.score - b.score || a.entry.unit.name.length - b.entry.unit.name.length || a.entry.unit.name.localeCompare(b.entry.unit.name, 'vi'))
    .slice(0, limit)
    .map((found) => found.entry.unit);
}

export interface TreeUnit {
  id: string;
  code: string;
  parentId: string | null;
  mergedIntoId?: string | null;
}

/**
 * Each unit's branch: the unit and every unit under it at any depth, each parent before its
 * children. Merged units are gone from the tree (their children moved to the successor), so
 * no branch holds one.
 */
export function unitBranches<U extends TreeUnit>(units: readonly U[]): (code: string) => U[] {
  const current = units.filter((unit) => !unit.mergedIntoId);
  const children = new Map<string, U[]>();
  for (const unit of current) if (unit.parentId) children.set(unit.parentId, [...(children.get(unit.parentId) ?? []), unit]);
  const byCode = new Map(current.map((unit) => [unit.code, unit]));
  const below = (unit: U): U[] => [unit, ...(children.get(unit.id) ?? []).flatMap(below)];
  return (code) => {
    const root = byCode.get(code);
    return root ? below(root) : [];
  };
}

/** The codes picking a branch adds: those not chosen yet, without the ones left out (a task's lead unit cannot also coordinate). */
export const branchAdditions = (branch: readonly TreeUnit[], chosen: readonly string[], leftOut: readonly string[] = []): string[] =>
  branch.map((unit) => unit.code).filter((code) => !chosen.includes(code) && !leftOut.includes(code));
