/**
 * Text helpers for reading Vietnamese administrative prose: folding away diacritics so that
 * "Sở Văn hóa" and "SO VAN HOA" compare equal, list markers, sentences and clauses.
 */

/**
 * Lower case without diacritics, đ as d, one character for each character of `text`, so
 * that a position found in the folded text is the same position in the original.
 */
export function fold(text: string): string {
  let folded = '';
  for (const character of text) {
    const base = character.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase();
    const lower = character.toLowerCase();
    folded += base.length === character.length ? base : lower.length === character.length ? lower : character;
  }
  return folded;
}

/** Whitespace collapsed to single spaces, trimmed; text in normalisation form C. */
export function tidy(text: string): string {
  return text.normalize('NFC').replace(/[\s\u00a0\u200b]+/g, ' ').trim();
}

/** Whether a line is written in capitals (headings, issuer names): has letters and no lower-case letter. */
export function isUpperCase(text: string): boolean {
  return /\p{L}/u.test(text) && !/\p{Ll}/u.test(text);
}

export interface Marker {
  /** 1 for I., II.; 2 for 1.; 3 for 1.1.; 4 for a); 5 for -; 6 for + and other bullets. */
  level: number;
  /** The marker as written, e.g. "II." or "-". */
  text: string;
}

const MARKER = /^\s*(?:(?<roman>[IVX]{1,5})[.)/]|(?<dotted>\d{1,2}(?:\.\d{1,2})+)\.?|(?<number>\d{1,3})[.)/]|(?<letter>[a-zđ])\)|(?<dash>[-–—])|(?<bullet>[+•*·▪●○◦■□➢✓]))(?=\s|\p{Lu}|$)\s*/u;

/** The list marker a paragraph starts with, and its text without it. */
export function splitMarker(paragraph: string): { marker?: Marker; text: string } {
  const match = MARKER.exec(paragraph);
  if (!match?.groups) return { text: paragraph.trim() };
  const { roman, dotted, number, letter, dash } = match.groups;
  const level = roman ? 1 : dotted ? 2 + dotted.split('.').length - 1 : number ? 2 : letter ? 4 : dash ? 5 : 6;
  return { marker: { level, text: match[0].trim() }, text: paragraph.slice(match[0].length).trim() };
}

/** Abbreviations written with a full stop that do not end a sentence. */
const ABBREVIATION_BEFORE_STOP = /(?:^|[\s(])(?:TP|Tp|TX|TT|ThS|TS|BS|GS|PGS|KS|CN|Q|P|X|H|v\.v|TM|KT|Th|St)$/u;

/** Sentences of a paragraph: split after ".", "!" or "?" followed by a capital letter or a list marker. */
export function sentences(paragraph: string): string[] {
  const parts: string[] = [];
  let start = 0;
  const boundary = /[.!?…](?=\s+(?:\p{Lu}|\d|[-+•"“(]))/gu;
  for (let match = boundary.exec(paragraph); match; match = boundary.exec(paragraph)) {
    const before = paragraph.slice(start, match.index);
    if (ABBREVIATION_BEFORE_STOP.test(before)) continue;
    parts.push(paragraph.slice(start, match.index + 1).trim());
    start = match.index + 1;
  }
  parts.push(paragraph.slice(start).trim());
  return parts.filter((part) => part.length > 0);
}

/** Clauses of a sentence, split at ";" outside brackets and quotes. */
export function clauses(sentence: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let index = 0; index < sentence.length; index += 1) {
    const character = sentence[index]!;
    if ('(“['.includes(character)) depth += 1;
    else if (')”]'.includes(character)) depth = Math.max(0, depth - 1);
    else if (character === ';' && depth === 0) {
      parts.push(sentence.slice(start, index));
      start = index + 1;
    }
  }
  parts.push(sentence.slice(start));
  return parts.map((part) => part.trim()).filter((part) => part.length > 0);
}

/** Words of folded text: letters and digits. */
export function words(text: string): string[] {
  return fold(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** A sentence without its closing punctuation. */
export function withoutFinalStop(text: string): string {
  return text.replace(/[\s.;,:]+$/u, '').trim();
}

/** The first letter in upper case, the rest as written. */
export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The first letter in lower case unless the first word is an abbreviation (UBND, HIV). */
export function lowerFirst(text: string): string {
  return /^\p{Lu}\p{Ll}/u.test(text) || /^\p{Lu}(?:\s|$)/u.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

/** Cuts text to at most `max` characters at a word boundary, marking the cut with "…". */
export function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:]+$/u, '')}…`;
}
