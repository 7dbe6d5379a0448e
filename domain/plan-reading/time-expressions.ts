/**
 * Time expressions of Vietnamese plans read as the plan schema's deadlines: "Quý II/2024" is
 * due on 30/06/2024, "tháng 6/2024" on 30/06/2024, "trước ngày 15/12/2024" on 15/12/2024,
 * "thường xuyên" at the end of the plan's period, "hằng năm" / "28/6" every year in a plan of
 * several years. What cannot be placed is said, never guessed.
 */
import { addDays, daysBetween, type IsoDate } from '../calendar';
import type { DeadlineSpec } from '../working-calendar';
import { fold } from './text';

export type Repeat = { every: 'year'; on: string } | { every: 'half-year' | 'quarter'; daysBeforeEnd: number };

export interface Period {
  from: IsoDate;
  to: IsoDate;
}

export interface TimeContext {
  period?: Period;
  issuedOn?: IsoDate;
}

export type TimeReading =
  | { kind: 'deadline'; deadline: DeadlineSpec; expression: string }
  | { kind: 'repeat'; repeat: Repeat; expression: string }
  | { kind: 'unread'; expression: string; reason: string };

const YEAR = '((?:19|20)\\d{2})';
const ROMAN_QUARTER = '(?:iv|iii|ii|i|[1-4])';
const quarterNumber = (written: string) => (/^\d$/.test(written) ? Number(written) : ({ i: 1, ii: 2, iii: 3, iv: 4 } as Record<string, number>)[written]!);

const pad = (value: number) => String(value).padStart(2, '0');

function validDate(year: number, month: number, day: number): IsoDate | undefined {
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 ? `${year}-${pad(month)}-${pad(day)}` : undefined;
}

function lastDayOfMonth(year: number, month: number): IsoDate {
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}

const quarterEnd = (year: number, quarter: number) => lastDayOfMonth(year, quarter * 3);

/** The one year a plan runs in, when its period lies within a calendar year. */
function singleYear(period: Period | undefined): number | undefined {
  if (!period) return undefined;
  const from = Number(period.from.slice(0, 4));
  return from === Number(period.to.slice(0, 4)) ? from : undefined;
}

const spansYears = (period: Period | undefined) => Boolean(period) && singleYear(period) === undefined;

interface Hit {
  start: number;
  end: number;
  date?: IsoDate;
  /** A day of the year without its year: placed in the plan's year, or repeated every year. */
  dayOfYear?: string;
  repeat?: Repeat;
  /** Days after the plan's issue date. */
  relative?: { days: number; working: boolean };
  /** A date of another document cited in the text: taken so that no other pattern reads it, and not a due date. */
  citation?: true;
  unread?: string;
}

/** Words before a date that make it a reference to another document, not a due date. */
const CITATION_BEFORE = /(?:\bso\s*:?\s*\d+\s*[/-]|quyet dinh|nghi quyet|chi thi|thong bao|ket luan|nghi dinh|thong tu|cong van|luat|ban hanh ngay|ky ngay|kem theo)[^;:()]*$/;
const DUE_BEFORE = /(?:truoc|han|cham nhat|hoan thanh|xong|den|thoi gian|trong)[^;]{0,16}$/;

/** Finds every time expression in folded text; `timeField` when the text is a time on its own (a table's time column). */
function findHits(folded: string, timeField: boolean): Hit[] {
  const hits: Hit[] = [];
  const taken = (start: number, end: number) => hits.some((hit) => start < hit.end && end > hit.start);
  const scan = (pattern: RegExp, read: (match: RegExpExecArray) => Omit<Hit, 'start' | 'end'> | undefined) => {
    for (const match of folded.matchAll(new RegExp(pattern.source, 'g'))) {
      const start = match.index;
      const end = start + match[0].length;
      if (taken(start, end)) continue;
      const hit = read(match as RegExpExecArray);
      if (hit) hits.push({ start, end, ...hit });
    }
  };
  const isCitation = (start: number) => {
    const before = folded.slice(Math.max(0, start - 80), start);
    return CITATION_BEFORE.test(before) && !DUE_BEFORE.test(folded.slice(Math.max(0, start - 20), start));
  };

  scan(new RegExp(`ngay\\s+(\\d{1,2})\\s+thang\\s+(\\d{1,2})\\s+nam\\s+${YEAR}`), (match) => {
    const date = validDate(Number(match[3]), Number(match[2]), Number(match[1]));
    return date && isCitation(match.index) ? { citation: true } : date ? { date } : undefined;
  });
  scan(new RegExp(`(\\d{1,2})\\s*([/.-])\\s*(\\d{1,2})\\s*\\2\\s*${YEAR}(?!\\d)`), (match) => {
    const date = validDate(Number(match[4]), Number(match[3]), Number(match[1]));
    return date && isCitation(match.index) ? { citation: true } : date ? { date } : undefined;
  });
  scan(new RegExp(`6 thang (dau|cuoi) nam(?:\\s+${YEAR})?`), (match) => {
    const month = match[1] === 'dau' ? '06-30' : '12-31';
    return match[2] ? { date: `${match[2]}-${month}` } : { dayOfYear: month };
  });
  scan(/(?:dinh ky|bao cao)[^;.]{0,12}\b(?:6 thang|sau thang|06 thang)|6 thang (?:mot|1) lan|so ket 6 thang/, () => ({ repeat: { every: 'half-year', daysBeforeEnd: 0 } }));
  scan(/\b(?:hang quy|dinh ky (?:moi|hang) quy|moi quy)\b/, () => ({ repeat: { every: 'quarter', daysBeforeEnd: 0 } }));
  scan(/hang thang|dinh ky thang|moi thang|hang tuan/, () => ({ unread: 'monthly' }));
  scan(new RegExp(`quy\\s+(${ROMAN_QUARTER})((?:\\s*(?:,|va|-|–|den)\\s*(?:quy\\s+)?${ROMAN_QUARTER}\\b)*)(?:\\s*(?:/|nam)\\s*${YEAR})?(?![\\p{L}\\d])`, 'u'), (match) => {
    const quarters = [match[1]!, ...(match[2]?.match(new RegExp(`${ROMAN_QUARTER}\\b`, 'g')) ?? [])].map(quarterNumber);
    const last = Math.max(...quarters);
    return match[3] ? { date: quarterEnd(Number(match[3]), last) } : { dayOfYear: quarterEnd(2001, last).slice(5) };
  });
  scan(new RegExp(`thang\\s+(\\d{1,2})((?:\\s*(?:,|va|-|–|den)\\s*(?:thang\\s+)?\\d{1,2}(?!\\d))*)(?:\\s*(?:/|nam)\\s*${YEAR})?(?![\\d])`), (match) => {
    const months = [match[1]!, ...(match[2]?.match(/\d{1,2}/g) ?? [])].map(Number);
    const last = Math.max(...months);
    if (last < 1 || last > 12) return undefined;
    return match[3] ? { date: lastDayOfMonth(Number(match[3]), last) } : { dayOfYear: lastDayOfMonth(2001, last).slice(5) };
  });
  scan(/(?:(ngay|truoc|den|tu|dip|\()\s*)?(\d{1,2})\s*\/\s*(\d{1,2})(?![\d/.,]|\s*\/)/, (match) => {
    // "Ngày Gia đình Việt Nam 28/6": a day after the name of a day is that day.
    if (!match[1] && !timeField && !/\bngay\s+\p{L}[^;.()]{2,80}$/u.test(folded.slice(Math.max(0, match.index - 80), match.index))) return undefined;
    const day = Number(match[2]);
    const month = Number(match[3]);
    return validDate(2000, month, day) ? { dayOfYear: `${pad(month)}-${pad(day)}` } : undefined;
  });
  scan(/(\d{1,3})\s+ngay(\s+lam viec)?\s+(?:ke tu|sau khi|sau)\s+(?:ngay\s+)?(?:ke hoach|ban hanh|ky)/, (match) =>
    Number(match[1]) <= 750 ? { relative: { days: Number(match[1]), working: Boolean(match[2]) } } : undefined,
  );
  const yearContext = timeField ? '' : '(?:trong|ca|hoan thanh|truoc|cuoi|het|den het)\\s+';
  scan(new RegExp(`${yearContext}(?:nam|giai doan)\\s+${YEAR}\\s*[-–]\\s*${YEAR}`), (match) => ({ date: `${match[2]}-12-31` }));
  scan(new RegExp(`${yearContext}nam\\s+${YEAR}(?!\\s*[-–]\\s*\\d)`), (match) => ({ date: `${match[1]}-12-31` }));
  if (timeField) scan(new RegExp(`^\\s*${YEAR}\\s*$`), (match) => ({ date: `${match[1]}-12-31` }));
  scan(/hang nam|hàng nam|moi nam|hang năm/, () => ({ dayOfYear: '12-31', repeat: { every: 'year', on: '12-31' } }));
  if (timeField) scan(/thuong xuyen|lien tuc|ca nam|trong nam|suot nam|trong thoi gian thuc hien/, () => ({ dayOfYear: 'end' }));
  return hits.sort((a, b) => a.start - b.start);
}

/**
 * The deadline (or repetition) a task's text gives it, or undefined when it names no time.
 * `timeField`: the text is a time on its own, such as a table's "Thời gian" cell; then words
 * like "thường xuyên" and "năm 2024" are read too, and a time that cannot be read is reported.
 */
export function readDue(text: string, context: TimeContext, { timeField = false } = {}): TimeReading | undefined {
  const folded = fold(text);
  const hits = findHits(folded, timeField);
  const expressionOf = (hit: Hit) => text.slice(hit.start, hit.end).trim();
  const year = singleYear(context.period);
  const repeating = spansYears(context.period);
  const usable = hits.filter((hit) => !hit.citation);

  const relative = usable.find((hit) => hit.relative);
  if (relative?.relative) {
    const { days, working } = relative.relative;
    return { kind: 'deadline', deadline: working ? { workingDays: days } : { calendarDays: days }, expression: expressionOf(relative) };
  }

  const periodic = usable.find((hit) => hit.repeat && hit.repeat.every !== 'year');
  if (periodic?.repeat) {
    const repeat = { ...periodic.repeat };
    const dueDay = usable.find((hit) => hit.dayOfYear && /^\d\d-\d\d$/.test(hit.dayOfYear) && hit !== periodic);
    if (dueDay?.dayOfYear && repeat.every !== 'year') {
      const [month, day] = dueDay.dayOfYear.split('-').map(Number) as [number, number];
      const periodMonths = repeat.every === 'quarter' ? 3 : 6;
      const end = lastDayOfMonth(2001, Math.ceil(month / periodMonths) * periodMonths);
      const before = daysBetween(`2001-${pad(month)}-${pad(day)}`, end);
      if (before >= 0 && before <= 60) repeat.daysBeforeEnd = before;
    }
    return { kind: 'repeat', repeat, expression: expressionOf(periodic) };
  }

  const everyYear = usable.some((hit) => hit.repeat?.every === 'year');
  const dates: { date: IsoDate; hit: Hit }[] = [];
  let yearly: { on: string; hit: Hit } | undefined;
  for (const hit of usable) {
    if (hit.unread) return { kind: 'unread', expression: expressionOf(hit), reason: 'kỳ hằng tháng, hằng tuần: kế hoạch chỉ lặp theo năm, nửa năm, quý' };
    if (hit.date) {
      const outside = !timeField && context.period && (hit.date > addDays(context.period.to, 366) || (context.issuedOn && hit.date < context.issuedOn));
      if (!outside) dates.push({ date: hit.date, hit });
      continue;
    }
    if (!hit.dayOfYear) continue;
    if (hit.dayOfYear === 'end') {
      if (context.period) dates.push({ date: context.period.to, hit });
      else return { kind: 'unread', expression: expressionOf(hit), reason: 'chưa rõ thời gian thực hiện kế hoạch để đặt hạn' };
    } else if (hit.repeat?.every === 'year' && dates.length === 0 && !yearly) {
      if (repeating) yearly = { on: hit.dayOfYear, hit };
      else if (context.period) dates.push({ date: context.period.to, hit });
    } else if (!hit.repeat) {
      if (year !== undefined && !everyYear) dates.push({ date: `${year}-${hit.dayOfYear}`, hit });
      else if (repeating) yearly = { on: hit.dayOfYear, hit };
      else if (year !== undefined) dates.push({ date: `${year}-${hit.dayOfYear}`, hit });
      else return { kind: 'unread', expression: expressionOf(hit), reason: 'ngày không ghi năm, chưa rõ năm của kế hoạch' };
    }
  }
  if (yearly && dates.every((entry) => entry.hit.repeat)) return { kind: 'repeat', repeat: { every: 'year', on: yearly.on }, expression: expressionOf(yearly.hit) };
  if (dates.length > 0) {
    const latest = dates.reduce((a, b) => (b.date > a.date ? b : a));
    return { kind: 'deadline', deadline: latest.date, expression: expressionOf(latest.hit) };
  }
  if (timeField && /\p{L}|\d/u.test(text)) return { kind: 'unread', expression: text.trim(), reason: 'không đọc được thời gian này' };
  return undefined;
}

/** Every date a text gives as "ngày 20 tháng 3 năm 2024" or "20/3/2024", in order. */
export function datesIn(text: string): { date: IsoDate; start: number; end: number }[] {
  const folded = fold(text);
  const found: { date: IsoDate; start: number; end: number }[] = [];
  const patterns = [
    { pattern: new RegExp(`ngay\\s+(\\d{1,2})\\s+thang\\s+(\\d{1,2})\\s+nam\\s+${YEAR}`, 'g'), day: 1, month: 2, year: 3 },
    { pattern: new RegExp(`(\\d{1,2})\\s*([/.-])\\s*(\\d{1,2})\\s*\\2\\s*${YEAR}(?!\\d)`, 'g'), day: 1, month: 3, year: 4 },
  ];
  for (const { pattern, day, month, year } of patterns) {
    for (const match of folded.matchAll(pattern)) {
      const date = validDate(Number(match[year]), Number(match[month]), Number(match[day]));
      const start = match.index;
      if (date && !found.some((other) => start < other.end && start + match[0].length > other.start)) found.push({ date, start, end: start + match[0].length });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/** The period a plan's title names: "năm 2024", "giai đoạn 2021-2025", "năm học 2024-2025", "đến năm 2030". */
export function readPeriod(title: string, issuedOn?: IsoDate): Period | undefined {
  const folded = fold(title);
  const half = new RegExp(`6 thang (dau|cuoi) nam\\s+${YEAR}`).exec(folded);
  if (half) return half[1] === 'dau' ? { from: `${half[2]}-01-01`, to: `${half[2]}-06-30` } : { from: `${half[2]}-07-01`, to: `${half[2]}-12-31` };
  const schoolYear = new RegExp(`nam hoc\\s+${YEAR}\\s*[-–]\\s*${YEAR}`).exec(folded);
  if (schoolYear) return { from: `${schoolYear[1]}-09-01`, to: `${schoolYear[2]}-08-31` };
  const range = new RegExp(`(?:giai doan|nam|tu nam)\\s+${YEAR}\\s*(?:[-–]|den(?: nam)?)\\s*${YEAR}`).exec(folded) ?? new RegExp(`${YEAR}\\s*[-–]\\s*${YEAR}`).exec(folded);
  if (range && Number(range[2]) >= Number(range[1])) return { from: `${range[1]}-01-01`, to: `${range[2]}-12-31` };
  const single = new RegExp(`nam\\s+${YEAR}`).exec(folded);
  const until = /(?:den|toi)\s+nam\s+((?:19|20)\d{2})/.exec(folded);
  if (until && issuedOn && Number(until[1]) >= Number(issuedOn.slice(0, 4))) return { from: `${issuedOn.slice(0, 4)}-01-01`, to: `${until[1]}-12-31` };
  if (single) return { from: `${single[1]}-01-01`, to: `${single[1]}-12-31` };
  return undefined;
}
