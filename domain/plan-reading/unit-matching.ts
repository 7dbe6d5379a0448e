/**
 * Finds the units of a province's tree that a plan's text names: by full name, by the usual
 * abbreviations ("Sở VHTTDL", "Sở VH,TT&DL", "UBND huyện Đắk Hà", "Hội LHPN tỉnh"), without
 * regard to diacritics or case; and the groups a task fans out to ("UBND các huyện, thành
 * phố", "các xã, phường, thị trấn"). A name of an agency that is not in the tree is returned
 * as such, so that the reader can list it rather than guess.
 */
import type { unitKinds } from '../units';
import { fold } from './text';

/** Kinds of units: province, committee, department, agency, mass_organisation, district, commune. */
export type UnitKind = (typeof unitKinds)[number];

export interface UnitRecord {
  code: string;
  name: string;
  kind: UnitKind;
  parentCode?: string;
}

export interface UnitMention {
  /** Position in the text searched. */
  start: number;
  end: number;
  text: string;
  /** The unit named; or `group` for "every unit of a kind"; or neither for an agency not in the tree. */
  code?: string;
  group?: UnitKind;
}

/** Abbreviations of administrative Vietnamese, folded, with what they stand for. */
const ABBREVIATIONS: Record<string, string> = {
  ubnd: 'uy ban nhan dan',
  hdnd: 'hoi dong nhan dan',
  ubmttq: 'uy ban mat tran to quoc',
  ubmttqvn: 'uy ban mat tran to quoc viet nam',
  mttq: 'mat tran to quoc',
  mttqvn: 'mat tran to quoc viet nam',
  hlhpn: 'hoi lien hiep phu nu',
  lhpn: 'lien hiep phu nu',
  bcd: 'ban chi dao',
  ptth: 'phat thanh truyen hinh',
  tp: 'thanh pho',
  tx: 'thi xa',
  bhxh: 'bao hiem xa hoi',
  bchqs: 'bo chi huy quan su',
  chqs: 'chi huy quan su',
  tncs: 'thanh nien cong san',
  hcm: 'ho chi minh',
  ldld: 'lien doan lao dong',
  ccb: 'cuu chien binh',
  hnd: 'hoi nong dan',
  ttyt: 'trung tam y te',
  cdc: 'trung tam kiem soat benh tat',
  ca: 'cong an',
  vpubnd: 'van phong uy ban nhan dan',
};

/** A text prepared for matching: folded, abbreviations written out, with where each character came from. */
interface Prepared {
  folded: string;
  origin: number[];
}

/** "VH,TT&DL", "TN&MT", "LĐ-TB&XH", "PT-TH": the pieces of one abbreviation written apart. */
const SPLIT_ABBREVIATION = /\p{Lu}{1,4}(?:(?:&|-|,\s?(?=\p{Lu}{1,2}(?![\p{L}\p{N}])))\p{Lu}{1,4})+(?![\p{L}\p{N}])/gu;

function prepare(text: string): Prepared {
  let folded = '';
  const origin: number[] = [];
  const joined = new Map<number, number>();
  for (const match of text.matchAll(SPLIT_ABBREVIATION)) joined.set(match.index, match.index + match[0].length);
  const foldedText = fold(text);
  let index = 0;
  while (index < text.length) {
    const joinedEnd = joined.get(index);
    const wordMatch = /^[\p{L}\p{N}]+/u.exec(foldedText.slice(index, index + 40));
    if (joinedEnd !== undefined || wordMatch) {
      const end = joinedEnd ?? index + wordMatch![0].length;
      const word = foldedText.slice(index, end).replace(/[^\p{L}\p{N}]/gu, '');
      const written = ABBREVIATIONS[word] ?? word;
      for (const character of written) {
        folded += character;
        origin.push(index);
      }
      origin[origin.length - 1] = end - 1;
      index = end;
      continue;
    }
    const character = foldedText[index]!;
    // Commas, dashes and ampersands inside names ("Văn hóa, Thể thao", "Lao động - Thương binh") do not part them.
    const spacing = /[\s\u00a0,\-–—&/]/.test(character);
    if (!spacing || !folded.endsWith(' ')) {
      folded += spacing ? ' ' : character;
      origin.push(index);
    }
    index += 1;
  }
  return { folded, origin };
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Letters and digits of a folded name as words. */
const nameWords = (name: string) => prepare(name).folded.match(/[\p{L}\p{N}]+/gu) ?? [];

/** Fan-out groups: every unit of a kind, as plans name them. */
const GROUPS: { kind: UnitKind; pattern: string }[] = [
  { kind: 'district', pattern: '(?:uy ban nhan dan )?(?:(?:cac|tat ca cac) (?:huyen|thi xa|thanh pho|quan)(?: (?:va )?(?:huyen|thi xa|thanh pho|quan))*|cap huyen)' },
  { kind: 'commune', pattern: '(?:uy ban nhan dan )?(?:(?:cac |tat ca cac )?xa (?:va )?(?:phuong|thi tran)(?: (?:va )?(?:phuong|thi tran|dac khu))*|cac xa|cap xa|cac phuong)' },
  { kind: 'department', pattern: '(?:cac so(?: (?:ban|nganh))+(?: tinh)?|cac co quan chuyen mon(?: thuoc uy ban nhan dan tinh)?)(?! (?:co )?lien quan)' },
  { kind: 'mass_organisation', pattern: '(?:cac to chuc chinh tri xa hoi|cac doan the(?: chinh tri xa hoi)?|cac hoi doan the)(?! (?:co )?lien quan)' },
];

/** Capitalised words that begin the name of an agency. */
const AGENCY_HEAD = /(?:Ủy ban nhân dân|Uỷ ban nhân dân|UBND|Sở|Ban|Hội|Đài|Báo|Công an|Bộ Chỉ huy|Ủy ban|Trung tâm|Chi cục|Bệnh viện|Liên đoàn|Tỉnh đoàn|Tỉnh Đoàn|Cục|Kho bạc|Viện|Trường|Văn phòng|Thanh tra|Bảo hiểm xã hội|Ngân hàng|Hội đồng|Đoàn|Phòng|Quỹ|Vườn quốc gia|Ban Quản lý)(?=\s|$|,)/u;

export class UnitMatcher {
  private readonly pattern: RegExp | undefined;
  private readonly codeOf = new Map<string, string>();
  private readonly units: readonly UnitRecord[];

  constructor(units: readonly UnitRecord[]) {
    this.units = units;
    const provinces = units.filter((unit) => unit.kind === 'province');
    const provinceName = provinces.length === 1 ? /tinh\s+(.+)$/.exec(nameWords(provinces[0]!.name).join(' '))?.[1] : undefined;
    const aliases = new Map<string, string>();
    const add = (alias: string, code: string) => {
      const key = alias.trim();
      if (key.split(' ').length < 2) return;
      if (!aliases.has(key)) aliases.set(key, code);
      else if (aliases.get(key) !== code) aliases.set(key, '');
    };
    for (const unit of units) {
      const full = nameWords(unit.name).join(' ');
      add(full, unit.code);
      if (provinceName && full.endsWith(` ${provinceName}`)) add(full.slice(0, -provinceName.length - 1), unit.code);
      const local = /^uy ban nhan dan ((?:huyen|thanh pho|thi xa|quan|xa|phuong|thi tran|dac khu) .+)$/.exec(full);
      if (local) add(local[1]!, unit.code);
      if (unit.kind === 'province') add('uy ban nhan dan tinh', unit.code);
      if (/^uy ban (?!nhan dan)/.test(full)) add(full.replace(/^uy ban /, ''), unit.code);
      if (/ viet nam\b/.test(full)) {
        add(full.replace(/ viet nam\b/, ''), unit.code);
        add(full.replace(/^uy ban /, '').replace(/ viet nam\b/, ''), unit.code);
      }
      const [head, ...rest] = (provinceName ? full.replace(new RegExp(` (?:tinh )?${escape(provinceName)}$`), '') : full).replace(/ tinh$/, '').split(' ');
      const initials = rest.filter((word) => word !== 'va').map((word) => word[0]).join('');
      if (head && !/^uy$/.test(head) && initials.length >= 2) add(`${head} ${initials}`, unit.code);
    }
    for (const [alias, code] of aliases) if (code) this.codeOf.set(alias, code);
    const alternatives = [...this.codeOf.keys()].sort((a, b) => b.length - a.length).map(escape);
    this.pattern = alternatives.length > 0 ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}])`, 'gu') : undefined;
  }

  unit(code: string): UnitRecord | undefined {
    return this.units.find((unit) => unit.code === code);
  }

  /** Codes of every unit of a kind, under a parent when given. */
  codesOfKind(kind: UnitKind, under?: string): string[] {
    const below = (unit: UnitRecord): boolean => {
      if (!under) return true;
      const parent = unit.parentCode ? this.unit(unit.parentCode) : undefined;
      return unit.parentCode === under || (parent !== undefined && parent.code !== unit.code && below(parent));
    };
    return this.units.filter((unit) => unit.kind === kind && below(unit)).map((unit) => unit.code);
  }

  /** Every unit, group and unknown agency the text names, in order, none overlapping. */
  mentions(text: string): UnitMention[] {
    const { folded, origin } = prepare(text);
    const found: UnitMention[] = [];
    const toOriginal = (start: number, end: number) => ({ start: origin[start]!, end: origin[end - 1]! + 1 });
    const overlaps = (start: number, end: number) => found.some((mention) => start < mention.end && end > mention.start);
    for (const { kind, pattern } of GROUPS) {
      for (const match of folded.matchAll(new RegExp(`(?<![\\p{L}\\p{N}])${pattern}(?![\\p{L}\\p{N}])`, 'gu'))) {
        const span = toOriginal(match.index, match.index + match[0].length);
        if (!overlaps(span.start, span.end)) found.push({ ...span, text: text.slice(span.start, span.end), group: kind });
      }
    }
    if (this.pattern) {
      for (const match of folded.matchAll(this.pattern)) {
        const span = toOriginal(match.index, match.index + match[0].length);
        const code = this.codeOf.get(match[0]);
        if (code && !overlaps(span.start, span.end)) found.push({ ...span, text: text.slice(span.start, span.end), code });
      }
    }
    for (const unknown of unknownAgencies(text)) {
      if (!overlaps(unknown.start, unknown.end)) found.push(unknown);
    }
    return found.sort((a, b) => a.start - b.start);
  }
}

/** Words that follow an agency's name (its role, a verb, a preposition) and never belong to it. */
const NOT_IN_NAMES = new Set(['chu', 'phoi', 'thuc', 'to', 'co', 'tham', 'trien', 'huong', 'chi', 'bao', 'la', 'cung', 'theo', 'de', 'trong', 'tai', 've', 'cua', 'cho', 'voi', 'nham', 'duoc', 'da', 'se', 'can', 'tong', 'xay', 'tiep', 'lien', 'cac', 'va', 'tuyen', 'bo', 'van', 'giam', 'kiem', 'quan', 'phat', 'nam', 'thang', 'quy', 'nay', 'hoan', 'ra', 'thong', 'tren', 've', 'tu', 'den']);

/** Names that look like an agency's ("Sở Tài chính", "UBND huyện Ia Grai"): a head word, then capitalised words. */
function unknownAgencies(text: string): UnitMention[] {
  const found: UnitMention[] = [];
  const head = new RegExp(`(?<![\\p{L}\\p{N}])${AGENCY_HEAD.source}`, 'gu');
  for (const match of text.matchAll(head)) {
    let end = match.index + match[0].length;
    const rest = text.slice(end);
    const local = /^\s+(?:tỉnh|huyện|thành phố|thị xã|quận|xã|phường|thị trấn)(?=\s+\p{Lu})/u.exec(rest);
    if (/^(?:Ủy ban nhân dân|Uỷ ban nhân dân|UBND)$/u.test(match[0]) && !local) continue;
    if (local) end += local[0].length;
    let lowerRun = 0;
    const placeName = Boolean(local);
    const word = /^(\s*(?:,|-|–|và)?\s*)([\p{L}\p{N}'’]+)/u;
    for (let next = word.exec(text.slice(end)); next; next = word.exec(text.slice(end))) {
      const [whole, separator, token] = next as unknown as [string, string, string];
      const capital = /^\p{Lu}/u.test(token);
      if (separator.trim() && !capital) break;
      if (!capital && (placeName || NOT_IN_NAMES.has(fold(token)))) break;
      if (!capital && /^(?:tỉnh|huyện)$/u.test(token)) {
        // "… tỉnh", "… huyện" closes the name of an agency of that level.
        end += whole.length;
        break;
      }
      if (capital && AGENCY_HEAD.test(token) && separator.trim()) break;
      if (!capital) {
        lowerRun += 1;
        if (lowerRun > 3) break;
      } else lowerRun = 0;
      end += whole.length;
    }
    const name = text.slice(match.index, end);
    if (name.split(/\s+/).length < 2 || !/\s\p{Lu}|\s(?:tỉnh|huyện|xã)\s/u.test(name)) continue;
    found.push({ start: match.index, end: match.index + name.length, text: name });
  }
  return found;
}
