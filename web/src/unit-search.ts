/**
 * Finding units as officials type them: without diacritics (`dak ha` finds `Xã Đắk Hà`), by
 * code (`x-dakha`), or by the initials of the name's words (`vhttdl` finds `Sở Văn hóa, Thể
 * thao và Du lịch`, as offices abbreviate it; "và" has no letter in such abbreviations).
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
