/**
 * The quantified objectives of a sentence: "100% công chức … được tập huấn" (a percentage of
 * officials), "Giảm 10% số vụ bạo lực gia đình" (a change), "ít nhất 02 lớp tập huấn" (a count).
 */
import type { TargetBase } from '../target-attainment';
import { fold } from './text';

export type Measure = 'percent' | 'count' | 'change';

export interface Quantity {
  measure: Measure;
  value: number;
  base?: TargetBase;
  /** "dưới 5%", "không quá 10%": the figure must stay at or below the value. */
  ceiling?: boolean;
  /** "80-90%": the value is the lower end of a range. */
  range?: boolean;
  start: number;
  end: number;
}

const NUMBER = '\\d{1,3}(?:\\.\\d{3})+(?:,\\d+)?|\\d+(?:[.,]\\d+)?';

/** A number as Vietnamese writes it: "1.500" is fifteen hundred, "99,5" ninety-nine and a half. */
export function vietnameseNumber(written: string): number {
  if (/^\d{1,3}(?:\.\d{3})+(?:,\d+)?$/.test(written)) return Number(written.replace(/\./g, '').replace(',', '.'));
  return Number(written.replace(',', '.'));
}

const CEILING_BEFORE = /(?:xuong|con|duoi|khong qua|khong vuot qua|toi da|thap hon|nho hon|it hon)\s*(?:con\s*)?(?:duoi\s*|muc\s*)?$/;
const CHANGE_BEFORE = /\b(giam|tang)(?:\s+(?:them|thieu|it nhat|toi thieu|binh quan|khoang|tren|tu|duoc))*\s*$/;

/** The base of a percentage from the words that name what is counted. */
function baseOf(subject: string, sentence: string): TargetBase | undefined {
  const words = subject.replace(/^(?:\s|tro len|tro xuong|tren|cac|so|tong so|,|:)+/, '');
  if (/^(?:ho gia dinh|ho dan|ho\b|gia dinh\b(?! van hoa))/.test(words)) return 'households';
  if (/^(?:xa\b|phuong\b|thi tran\b|don vi hanh chinh cap xa|don vi cap xa)/.test(words)) return 'communes';
  if (/^(?:cong chuc|vien chuc|can bo|nguoi lao dong|doi ngu can bo)/.test(words) && /gia dinh/.test(sentence)) return 'familyOfficials';
  return undefined;
}

/** What a percentage is of: the words after it, or those after "tỷ lệ" before it. */
function subjectOf(folded: string, start: number, end: number): string {
  const after = folded.slice(end, end + 80);
  if (/^\s*(?:tro len|tro xuong)?[\s,]*\p{L}/u.test(after) && !/^\s*(?:tro len|tro xuong)?[\s,]*(?:so voi|va|tro|tren|moi)\b/.test(after)) return after.trim();
  const rate = /ty le\s+(.{0,80})$/.exec(folded.slice(Math.max(0, start - 120), start));
  return rate ? rate[1]!.trim() : after.trim();
}

/** Words after a number that make it an age, a duration or part of a citation rather than something counted. */
const NOT_COUNTED_AFTER = /^\s*(?:tuoi|thang|ngay|nam\b|gio|phut|tuan|lan\/|%|\/|-\s*\d|[.,]\d|(?:duoc|da|se|la|va|co|cua|trong|tai|voi|den|tro)\b)/;
const NOT_COUNTED_BEFORE = /(?:\b(?:so|dieu|khoan|diem|khoa|thu|nam|giai doan|quy|thang|ngay|muc|phan|chuong|top|hang|lan thu|tu|den|duoi|tren|nhom|cap|loai|thon|lang|to|khu|xom|ap|ban|buon|lop|phong)|\/|-)\s*$/;

/**
 * The quantities a sentence states as objectives. Counts are read only where `counts` is set
 * (a section of targets), since elsewhere a number mostly describes a task ("02 lớp").
 */
export function quantitiesIn(sentence: string, { counts }: { counts: boolean }): Quantity[] {
  const folded = fold(sentence);
  const found: Quantity[] = [];
  const percent = new RegExp(`(${NUMBER})\\s*%?\\s*(?:-|–|den)\\s*(${NUMBER})\\s*%|(${NUMBER})\\s*%`, 'g');
  for (const match of folded.matchAll(percent)) {
    const start = match.index;
    const end = start + match[0].length;
    const range = match[1] !== undefined;
    const value = vietnameseNumber(range ? match[1]! : match[3]!);
    if (!Number.isFinite(value)) continue;
    const before = folded.slice(Math.max(0, start - 40), start);
    const change = CHANGE_BEFORE.exec(before);
    if (CEILING_BEFORE.test(before)) found.push({ measure: 'percent', value, ceiling: true, range, start, end, base: baseOf(subjectOf(folded, start, end), folded) });
    else if (change) found.push({ measure: 'change', value: change[1] === 'giam' ? -value : value, range, start, end });
    else found.push({ measure: 'percent', value, range, start, end, base: baseOf(subjectOf(folded, start, end), folded) });
  }
  // In a clause with a percentage, other figures describe what it is of ("100% xã có ít nhất 01 mô hình").
  if (counts && found.length === 0) {
    for (const match of folded.matchAll(new RegExp(`(?<![\\d.,/\\p{L}])(${NUMBER})(?![\\d%])`, 'gu'))) {
      const start = match.index;
      const end = start + match[0].length;
      if (found.some((quantity) => start < quantity.end && end > quantity.start)) continue;
      const after = folded.slice(end, end + 30);
      const before = folded.slice(Math.max(0, start - 24), start);
      const value = vietnameseNumber(match[1]!);
      if (!Number.isFinite(value) || NOT_COUNTED_AFTER.test(after) || NOT_COUNTED_BEFORE.test(before)) continue;
      if (/^\s*lan\b/.test(after) && /(?:moi|hang|hàng)\s+(?:nam|quy|thang|tuan)\s*$/.test(before)) continue;
      if (/^(?:19|20)\d{2}$/.test(match[1]!) || !/^\s*[\p{L}]/u.test(after)) continue;
      found.push({ measure: 'count', value, ceiling: CEILING_BEFORE.test(before) || undefined, start, end });
    }
  }
  return dropParenthesised(folded, found).sort((a, b) => a.start - b.start);
}

/** A figure in brackets beside another ("đạt 90% (tăng 5% so với năm 2023)") explains it; it is not an objective of its own. */
function dropParenthesised(folded: string, found: Quantity[]): Quantity[] {
  const inBrackets = (quantity: Quantity) => {
    const before = folded.slice(0, quantity.start);
    return before.lastIndexOf('(') > before.lastIndexOf(')');
  };
  const outside = found.filter((quantity) => !inBrackets(quantity));
  return outside.length > 0 ? outside : found;
}
