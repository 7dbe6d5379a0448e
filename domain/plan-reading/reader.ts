/**
 * Drafts a plan from its document: header, targets, tasks with their kinds, units and
 * deadlines, each drafted field with the text it came from, and what could not be placed.
 * Pure: the document arrives as blocks, the province as its unit tree.
 */
import type { DocumentBlock } from './blocks';
import { layoutOf, type Entry, type Layout, type TableEntry } from './layout';
import { targetGoal } from '../target-attainment';
import { quantitiesIn, type Quantity } from './quantities';
import type { DraftTarget, DraftTask, PlanDraft, PlanReading, Provenance, Unplaced } from './reading-schema';
import { capitalise, clauses, fold, isUpperCase, lowerFirst, sentences, shorten, tidy, withoutFinalStop, words } from './text';
import { datesIn, readDue, readPeriod, type TimeContext } from './time-expressions';
import { UnitMatcher, type UnitKind, type UnitMention, type UnitRecord } from './unit-matching';
import { actionStart, beginsWithAction, COMMEMORATION_DAYS, isClosingFormula, kindOf } from './wording';

interface Source {
  text: string;
  block: number;
  row?: number;
}

interface RoleText {
  mentions: UnitMention[];
  source: Source;
}

/** A task as read, before its units and deadline are settled. */
interface Candidate {
  title: string;
  description?: string;
  /** Texts whose words decide the kind, most telling first. */
  kindTexts: string[];
  source: Source;
  from: 'content' | 'organisation' | 'appendix';
  lead?: RoleText;
  coordinating: RoleText[];
  time?: { text: string; field: boolean; source: Source };
}

class Draft {
  readonly targets: DraftTarget[] = [];
  readonly tasks: DraftTask[] = [];
  readonly provenance: Provenance[] = [];
  readonly unplaced: Unplaced[] = [];

  trace(path: string, source: Source): void {
    this.provenance.push({ path, text: shorten(source.text, 2000), block: source.block, ...(source.row !== undefined ? { row: source.row } : {}) });
  }

  notPlaced(kind: Unplaced['kind'], text: string, reason: string, source: Source, path?: string): void {
    if (this.unplaced.some((entry) => entry.kind === kind && entry.text === text && entry.path === path && entry.source === source.text)) return;
    this.unplaced.push({ kind, ...(path ? { path } : {}), text, reason, source: shorten(source.text, 2000) });
  }
}

const TARGET_CUE = /\b(?:muc tieu|chi tieu|phan dau|o muc|dat ty le|ty le\b.*\bdat)\b/;
const TITLE_MAX = 500;
const MAX_TARGETS = 100;
const MAX_TASKS = 500;

export function readPlanDocument(blocks: readonly DocumentBlock[], units: readonly UnitRecord[]): PlanReading {
  const matcher = new UnitMatcher(units);
  const layout = layoutOf(blocks);
  const draft = new Draft();
  const plan: PlanDraft = { targets: draft.targets, tasks: draft.tasks };

  const header = readHeader(layout, matcher, draft);
  Object.assign(plan, header.fields);

  const context = { period: plan.period, issuedOn: plan.issuedOn };
  const candidates: Candidate[] = [];
  const targetSources: { text: string; source: Source; counts: boolean }[] = [];

  if (layout.structured) {
    const assigning = readStructured(layout, matcher, candidates, targetSources);
    if (assigning && !plan.assigningUnit) {
      plan.assigningUnit = assigning.code;
      draft.trace('assigningUnit', assigning.source);
    }
  } else readUnstructured(layout, candidates, targetSources, header.claimedBlocks);

  for (const table of layout.tables) readTable(table, matcher, candidates, targetSources);
  candidates.sort((a, b) => a.source.block - b.source.block || (a.source.row ?? 0) - (b.source.row ?? 0));

  for (const { text, source, counts } of targetSources) addTargets(text, source, counts, draft);
  for (const candidate of mergeDuplicates(splitCommemorations(candidates))) addTask(candidate, matcher, context, plan, draft);

  keepWithinLimits(draft);
  return { plan, provenance: draft.provenance, unplaced: draft.unplaced };
}

/** A plan holds at most 100 targets and 500 tasks; a document with more is drafted up to them and the rest listed. */
function keepWithinLimits(draft: Draft): void {
  for (const [list, max, kind, noun] of [
    [draft.targets, MAX_TARGETS, 'target', 'chỉ tiêu'],
    [draft.tasks, MAX_TASKS, 'task', 'nhiệm vụ'],
  ] as const) {
    if (list.length <= max) continue;
    const prefix = kind === 'target' ? 'targets' : 'tasks';
    const dropped = list.splice(max);
    draft.notPlaced(kind, `${dropped.length} ${noun}`, `kế hoạch chỉ nhận tối đa ${max} ${noun}; phần sau chưa được soạn`, { text: dropped[0]!.title, block: 0 }, prefix);
    const kept = draft.provenance.filter((entry) => !entry.path.startsWith(`${prefix}.`) || Number(entry.path.split('.')[1]) < max);
    draft.provenance.splice(0, draft.provenance.length, ...kept);
  }
}

// ---------------------------------------------------------------- header

interface Header {
  fields: Partial<PlanDraft>;
  /** Blocks of a news text that hold the header sentence, not tasks. */
  claimedBlocks: Set<number>;
}

const CODE = /(?:S[ốỐoO]\s*:?|s[ốo]\s*:?)\s*(\d{1,6})\s*\/\s*([\p{Lu}Đ][\p{Lu}\p{N}Đ]*(?:\s*-\s*[\p{Lu}\p{N}Đ]+)*)/u;
const ORGANISATION_HEAD = /^(?:uy ban|ubnd|hoi dong|so |ban |hoi |bcd|bo |cuc |chi cuc|trung tam|van phong|phong |tinh uy|huyen uy|dang uy|cong an|benh vien|truong |dai |bao hiem)/;

function readHeader(layout: Layout, matcher: UnitMatcher, draft: Draft): Header {
  const fields: Partial<PlanDraft> = {};
  const claimedBlocks = new Set<number>();
  let issuer: { text: string; source: Source } | undefined;

  if (layout.structured) {
    const codeLine = layout.header.find((line) => CODE.test(line.text));
    if (codeLine) setCode(codeLine.text, { text: codeLine.text, block: codeLine.block }, fields, draft);
    const dateLine = layout.header.find((line) => /ngay\s+\d{1,2}\s+thang\s+\d{1,2}\s+nam\s+\d{4}/.test(fold(line.text)));
    const date = dateLine && datesIn(dateLine.text)[0];
    if (dateLine && date) {
      fields.issuedOn = date.date;
      draft.trace('issuedOn', { text: dateLine.text, block: dateLine.block });
    }
    const issuerLines: { text: string; block: number }[][] = [];
    for (const line of layout.header) {
      const folded = fold(line.text);
      if (CODE.test(line.text) || /cong hoa xa hoi|doc lap|tu do|hanh phuc|ngay\s+\d+\s+thang/.test(folded) || /^[\s\-_–—=*.]+$/.test(line.text)) {
        if (CODE.test(line.text)) break;
        continue;
      }
      if (!isUpperCase(line.text) && !/^(?:ubnd|bcd)/.test(folded)) continue;
      if (ORGANISATION_HEAD.test(folded) || issuerLines.length === 0) issuerLines.push([line]);
      else issuerLines[issuerLines.length - 1]!.push(line);
    }
    const last = issuerLines[issuerLines.length - 1];
    if (last) issuer = { text: last.map((line) => line.text).join(' '), source: { text: last.map((line) => line.text).join(' '), block: last[0]!.block } };
    const titleText = layout.title.map((line) => line.text).join(' ');
    if (titleText) {
      fields.title = shorten(`Kế hoạch ${lowerFirst(isUpperCase(titleText) ? sentenceCase(titleText) : titleText).replace(/^về việc\s+|^v\/v\s+/iu, '')}`, TITLE_MAX);
      draft.trace('title', { text: titleText, block: layout.title[0]!.block });
    }
  }

  if (!fields.code) {
    // A news text: "Ngày 20/3/2024, UBND tỉnh ban hành Kế hoạch số 925/KH-UBND về việc …".
    for (const entry of layout.body) {
      const match = /k[ếe] ho[ạa]ch\s+(?:s[ốo]\s*:?\s*)?(\d{1,6}\s*\/\s*[\p{Lu}Đ][\p{Lu}\p{N}Đ-]*)/iu.exec(entry.text);
      if (!match) continue;
      const source = { text: sentenceAround(entry.text, match.index), block: entry.block };
      setCode(`Số: ${match[1]}`, source, fields, draft);
      claimedBlocks.add(entry.block);
      const sentence = source.text;
      const date = datesIn(sentence)[0];
      if (date && !fields.issuedOn) {
        fields.issuedOn = date.date;
        draft.trace('issuedOn', source);
      }
      const by = /(?:,\s*|^)((?:(?!(?<![\p{L}\p{N}])(?:đã|vừa|ban hành|xây dựng|phê duyệt)(?![\p{L}\p{N}])).)+?)\s+(?:đã\s+|vừa\s+)?(?:ban hành|xây dựng|phê duyệt|triển khai)\s+k[ếe] ho[ạa]ch/iu.exec(
        date ? sentence.slice(date.end) : sentence,
      );
      if (by && !issuer) issuer = { text: by[1]!.replace(/^[,\s]+/, ''), source };
      if (!fields.title) {
        const about = tidy(sentence.slice(sentence.indexOf(match[1]!) + match[1]!.length)).replace(/^[,\s]*(?:về việc|về|v\/v)\s+/iu, '');
        const titleText = withoutFinalStop(about);
        if (titleText.split(' ').length >= 3) {
          fields.title = shorten(`Kế hoạch ${lowerFirst(titleText)}`, TITLE_MAX);
          draft.trace('title', source);
        }
      }
      break;
    }
  }

  if (issuer) placeIssuer(issuer, matcher, fields, draft);
  else draft.notPlaced('header', '', 'không tìm thấy cơ quan ban hành', { text: layout.header.map((line) => line.text).join(' / '), block: 0 }, 'issuingBody');

  const period = fields.title ? readPeriod(fields.title, fields.issuedOn) : undefined;
  if (period) {
    fields.period = period;
    const titleSource = draft.provenance.find((entry) => entry.path === 'title');
    if (titleSource) draft.trace('period', titleSource);
  } else draft.notPlaced('header', fields.title ?? '', 'tiêu đề không nêu thời gian thực hiện kế hoạch (năm, giai đoạn)', { text: fields.title ?? '', block: 0 }, 'period');
  if (!fields.code) draft.notPlaced('header', '', 'không tìm thấy số, ký hiệu văn bản', { text: '', block: 0 }, 'code');
  if (!fields.issuedOn) draft.notPlaced('header', '', 'không tìm thấy ngày ban hành', { text: '', block: 0 }, 'issuedOn');
  return { fields, claimedBlocks };
}

function setCode(line: string, source: Source, fields: Partial<PlanDraft>, draft: Draft): void {
  const match = CODE.exec(line);
  if (!match) return;
  fields.code = `${match[1]}/${match[2]!.replace(/\s+/g, '')}`;
  draft.trace('code', source);
}

function sentenceAround(text: string, index: number): string {
  const parts = sentences(text);
  let offset = 0;
  for (const part of parts) {
    const at = text.indexOf(part, offset);
    if (index >= at && index < at + part.length) return part;
    offset = at + part.length;
  }
  return text;
}

function placeIssuer(issuer: { text: string; source: Source }, matcher: UnitMatcher, fields: Partial<PlanDraft>, draft: Draft): void {
  const mention = matcher.mentions(issuer.text).find((candidate) => candidate.code);
  const unit = mention?.code ? matcher.unit(mention.code) : undefined;
  const covers = mention && mention.end - mention.start >= tidy(issuer.text).length * 0.6;
  if (unit && covers) {
    fields.issuingBody = unit.name;
    fields.issuingUnit = unit.code;
    draft.trace('issuingBody', issuer.source);
    draft.trace('issuingUnit', issuer.source);
    if (unit.kind === 'department') {
      fields.assigningUnit = unit.code;
      draft.trace('assigningUnit', issuer.source);
    }
    return;
  }
  fields.issuingBody = shorten(isUpperCase(issuer.text) ? sentenceCase(issuer.text) : tidy(issuer.text), 200);
  draft.trace('issuingBody', issuer.source);
  draft.notPlaced('unit', fields.issuingBody, 'cơ quan ban hành không có trong danh sách đơn vị', issuer.source, 'issuingUnit');
}

const ADMINISTRATIVE = /^(?:tỉnh|huyện|xã|phường|thị trấn|thành phố|thị xã|quận)$/u;

/** "ỦY BAN NHÂN DÂN TỈNH GIA LAI" → "Ủy ban nhân dân tỉnh Gia Lai", "SỞ Y TẾ" → "Sở Y tế". */
export function sentenceCase(text: string): string {
  const tokens = tidy(text).toLocaleLowerCase('vi').split(' ');
  let place = false;
  const head = /^(?:sở|ban|hội|bộ|cục|trung tâm|đài|chi cục)$/u;
  return tokens
    .map((token, index) => {
      const previous = tokens[index - 1] ?? '';
      const capitalised = index === 0 || place || (head.test(previous) && index === 1) || (previous === 'và' && head.test(tokens[0] ?? '') && !place);
      if (ADMINISTRATIVE.test(token)) place = true;
      return capitalised && !ADMINISTRATIVE.test(token) ? capitalise(token) : token;
    })
    .join(' ');
}

// ---------------------------------------------------------------- body

const LABEL = /^(?:(?:cơ quan|đơn vị)\s+)?(chủ trì|phối hợp|thực hiện)\s*:|^(thời gian|thời hạn|tiến độ)(?:\s+(?:thực hiện|hoàn thành))?\s*:|^(sản phẩm|kết quả|nội dung|hình thức|đối tượng|địa điểm|kinh phí|số lượng|quy mô|yêu cầu)[^:]{0,20}:/iu;

function labelOf(text: string): { role?: 'lead' | 'coordinating'; time?: true; detail?: string; value: string } | undefined {
  const match = LABEL.exec(text);
  if (!match) return undefined;
  const value = tidy(text.slice(match[0].length));
  if (match[1]) return { role: /phối hợp/iu.test(match[1]) ? 'coordinating' : 'lead', value };
  if (match[2]) return { time: true, value };
  return { detail: match[3], value };
}

const headingLike = (entry: Entry) => entry.heading || (entry.text.split(' ').length <= 14 && !/[.;]$/.test(entry.text) && !entry.text.includes(':'));

function readStructured(layout: Layout, matcher: UnitMatcher, candidates: Candidate[], targets: { text: string; source: Source; counts: boolean }[]): Assigning | undefined {
  const body = layout.body.filter((entry) => !entry.heading);
  for (const entry of body) {
    if (entry.section === 'targets') targets.push({ text: entry.text, source: { text: entry.text, block: entry.block }, counts: true });
    else if (entry.section === 'content' || entry.section === 'organisation' || entry.section === 'background') {
      for (const sentence of sentences(entry.text)) {
        if (TARGET_CUE.test(fold(sentence))) targets.push({ text: sentence, source: { text: sentence, block: entry.block }, counts: false });
      }
    }
  }
  readContent(body.filter((entry) => entry.section === 'content'), matcher, candidates);
  return readOrganisation(body.filter((entry) => entry.section === 'organisation'), matcher, candidates);
}

/** The department a plan names as its standing body ("là cơ quan thường trực", "đầu mối"): it assigns and reviews the work. */
interface Assigning {
  code: string;
  source: Source;
}

const STANDING_BODY = /co quan thuong truc|co quan dau moi|la dau moi|chu tri,? (?:theo doi|tham muu|huong dan,? theo doi)/;

/** Items of the content sections: a numbered item with deeper items is a group; a leaf is a task. */
function readContent(entries: Entry[], matcher: UnitMatcher, candidates: Candidate[]): void {
  let index = 0;
  while (index < entries.length) {
    const entry = entries[index]!;
    // Closing formulas, "(Kèm theo Kế hoạch …)" and lines that introduce what follows ("… như sau:") are no tasks.
    if (isClosingFormula(entry.text) || /^\(kem theo\b/.test(fold(entry.text)) || (entry.level === 99 && /:$/.test(entry.text))) {
      index += 1;
      continue;
    }
    let end = index + 1;
    while (end < entries.length && entries[end]!.level > entry.level) end += 1;
    const children = entries.slice(index + 1, end);
    const labelled = children.filter((child) => labelOf(child.text));
    const marked = children.filter((child) => child.marker && !labelOf(child.text));
    const inline = splitLabel(entry.text);
    if (labelled.length > 0 || (children.length === 0 && !headingLike(entry))) {
      candidates.push(contentTask(entry, children, matcher));
      index = end;
    } else if (marked.length > 0 || (children.length > 0 && headingLike(entry) && !(inline.label && inline.content))) {
      const subtasks = children.map((child) => ({ ...child, level: child.level === 99 ? entry.level + 1 : child.level }));
      const before = candidates.length;
      readContent(subtasks, matcher, candidates);
      // A group's heading ("Công tác tuyên truyền") tells the kind of tasks whose own words do not.
      for (const candidate of candidates.slice(before)) candidate.kindTexts.push(entry.text);
      index = end;
    } else if (children.length === 0 && headingLike(entry)) {
      index = end;
    } else {
      candidates.push(contentTask(entry, children, matcher));
      index = end;
    }
  }
}

/** "Công tác tuyên truyền: Tổ chức …" — a short label before a colon, and what follows it. */
function splitLabel(text: string): { label?: string; content: string } {
  const colon = text.indexOf(':');
  if (colon > 0 && colon < 80) {
    const label = text.slice(0, colon);
    if (label.split(' ').length <= 10 && !beginsWithAction(label) && !/\d/.test(label)) return { label, content: tidy(text.slice(colon + 1)) };
  }
  return { content: text };
}

function contentTask(entry: Entry, children: Entry[], matcher: UnitMatcher): Candidate {
  const { label, content } = splitLabel(entry.text);
  const [first, ...rest] = sentences(content || entry.text);
  const source = { text: entry.text, block: entry.block };
  // "… (Cơ quan chủ trì: Sở Y tế; thời gian: Quý III/2025)": the units and time are read below; the title is the work.
  const assignment = /\s*\((?=[^()]*(?:chủ trì|phối hợp|thời gian|thực hiện:))[^()]*\)\s*\.?$/iu;
  const candidate: Candidate = {
    title: withoutFinalStop((first ?? entry.text).replace(assignment, '')),
    kindTexts: [first ?? entry.text, ...(label ? [label] : [])],
    source,
    from: 'content',
    coordinating: [],
  };
  const description: string[] = [...rest];
  for (const child of children) {
    const field = labelOf(child.text);
    const childSource = { text: child.text, block: child.block };
    if (field?.role === 'lead') candidate.lead = { mentions: matcher.mentions(field.value), source: childSource };
    else if (field?.role === 'coordinating') candidate.coordinating.push({ mentions: matcher.mentions(field.value), source: childSource });
    else if (field?.time) candidate.time = { text: field.value, field: true, source: childSource };
    else if (field?.detail && /nội dung|hình thức/iu.test(field.detail)) {
      description.push(field.value);
      candidate.kindTexts.push(field.value);
    } else if (!field) description.push(child.text);
  }
  applyRoles(candidate, content || entry.text, source, matcher);
  if (!candidate.time) {
    const timeInText = /thời gian(?:\s+(?:thực hiện|hoàn thành))?\s*:\s*([^;)]+)/iu.exec(entry.text);
    candidate.time = timeInText ? { text: timeInText[1]!, field: true, source } : { text: [entry.text, ...children.map((child) => child.text)].join(' '), field: false, source };
  }
  if (description.length > 0) candidate.description = description.join(' ');
  return candidate;
}

/** Lead and coordinating units a task's own words name: "Sở Y tế chủ trì, phối hợp với …", "giao …", "(Cơ quan chủ trì: …)". */
function applyRoles(candidate: Candidate, text: string, source: Source, matcher: UnitMatcher): void {
  const mentions = matcher.mentions(text);
  if (mentions.length === 0) return;
  const folded = fold(text);
  const runAfter = (at: number) => runOf(mentions.filter((mention) => mention.start >= at), text, at);
  const runBefore = (at: number) => {
    const before = mentions.filter((mention) => mention.end <= at);
    const run: UnitMention[] = [];
    for (let index = before.length - 1; index >= 0; index -= 1) {
      const mention = before[index]!;
      const gap = text.slice(mention.end, run[0]?.start ?? at);
      if (!/^[\s,;:()]*(?:và|la co quan|là cơ quan)?[\s,]*$/iu.test(gap)) break;
      run.unshift(mention);
    }
    return run;
  };
  if (!candidate.lead) {
    const leads = folded.matchAll(/chu tri(?:\s*(?::|la)\s*)?/g);
    for (const match of leads) {
      const before = runBefore(match.index);
      const after = /[:]|la\s*$/.test(match[0]) ? runAfter(match.index + match[0].length) : [];
      const found = before.length > 0 ? before : after;
      if (found.length > 0) {
        candidate.lead = { mentions: found, source };
        break;
      }
    }
  }
  if (!candidate.lead) {
    const giao = /(?:^|\s)(?:giao|đề nghị|de nghi)\s+/iu.exec(text);
    const subject = giao ? runAfter(giao.index + giao[0].length) : runOf(mentions, text, 0);
    if (subject.length > 0 && (giao || subject[0]!.start <= 2)) candidate.lead = { mentions: subject, source };
  }
  for (const match of folded.matchAll(/phoi hop(?:\s+(?:voi|cung))?(?:\s+cac)?\s*/g)) {
    const found = runAfter(match.index + match[0].length);
    if (found.length > 0) candidate.coordinating.push({ mentions: found, source });
  }
}

/** Mentions that follow one another from `at`, joined by commas, "và" or dashes. */
function runOf(mentions: UnitMention[], text: string, at: number): UnitMention[] {
  const run: UnitMention[] = [];
  let cursor = at;
  for (const mention of mentions) {
    if (mention.start < cursor) continue;
    const gap = text.slice(cursor, mention.start);
    if (!/^[\s,;:()–-]*(?:và|với|cùng|các|và các|với các)?[\s,]*$/iu.test(gap)) break;
    run.push(mention);
    cursor = mention.end;
  }
  return run;
}

/** "1. Sở Y tế: chủ trì …; tổ chức …" and the items under it: one task per duty, led by the agency. */
function readOrganisation(entries: Entry[], matcher: UnitMatcher, candidates: Candidate[]): Assigning | undefined {
  let assigning: Assigning | undefined;
  let agency: { mentions: UnitMention[]; level: number; source: Source; inline: boolean } | undefined;
  for (const entry of entries) {
    if (isClosingFormula(entry.text)) continue;
    const source = { text: entry.text, block: entry.block };
    const named = agencyAt(entry.text, matcher);
    let duties: string;
    if (named) {
      agency = { mentions: named.mentions, level: entry.level, source, inline: Boolean(named.rest) };
      duties = named.rest;
    } else if (agency && entry.level > agency.level && !(agency.inline && !entry.marker)) {
      duties = entry.text;
    } else {
      agency = undefined;
      // "Các đơn vị trường học căn cứ Kế hoạch xây dựng …": duties of units the plan does not name one by one.
      const verb = /^(?:cac|nhung|moi)\b/.test(fold(entry.text)) ? actionStart(entry.text) : -1;
      if (verb > 0) duties = capitalise(entry.text.slice(verb));
      else if (headingLike(entry) || !beginsWithAction(entry.text)) continue;
      else duties = entry.text;
    }
    if (!duties) continue;
    let previous: Candidate | undefined;
    for (const sentence of sentences(duties)) {
      for (const clause of clauses(sentence)) {
        const text = withoutFinalStop(clause);
        if (previous && continuesDuty(text)) {
          previous.title = shorten(`${previous.title}; ${text}`, TITLE_MAX);
          previous.kindTexts[0] = previous.title;
          if (previous.time) previous.time.text = `${previous.time.text}; ${text}`;
          continue;
        }
        if (text.split(' ').length < 3) continue;
        const candidate: Candidate = { title: capitalise(text), kindTexts: [text], source: { text: clause, block: entry.block }, from: 'organisation', coordinating: [] };
        const ownRoles: Candidate = { ...candidate, coordinating: [] };
        applyRoles(ownRoles, text, candidate.source, matcher);
        const startsWithCoordination = /^(?:chu dong\s+)?phoi hop/.test(fold(text));
        const partner = ownRoles.coordinating[0]?.mentions[0];
        if (agency && startsWithCoordination && partner && !partner.group) {
          // "Phối hợp với Sở Y tế tổ chức …": the named unit leads, the agency coordinates.
          candidate.lead = { mentions: ownRoles.coordinating.flatMap((role) => role.mentions).slice(0, 1), source: candidate.source };
          candidate.coordinating = [
            { mentions: ownRoles.coordinating.flatMap((role) => role.mentions).slice(1), source: candidate.source },
            { mentions: agency.mentions, source: agency.source },
          ];
        } else if (agency) {
          candidate.lead = ownRoles.lead && !/^chu tri/.test(fold(text)) && ownRoles.lead.mentions[0]!.start > 0 ? ownRoles.lead : { mentions: agency.mentions, source: agency.source };
          candidate.coordinating = ownRoles.coordinating;
        } else {
          candidate.lead = ownRoles.lead;
          candidate.coordinating = ownRoles.coordinating;
        }
        candidate.time = { text, field: false, source: candidate.source };
        candidates.push(candidate);
        previous = candidate;
        const standing = agency?.mentions.length === 1 ? agency.mentions[0]!.code : undefined;
        if (!assigning && standing && STANDING_BODY.test(fold(text))) assigning = { code: standing, source: candidate.source };
      }
    }
  }
  return assigning;
}

/** "…; hoàn thành trước ngày 30/5/2024", "…; đồng thời …": a clause that finishes the duty before it rather than adding one. */
function continuesDuty(clause: string): boolean {
  const folded = fold(clause);
  if (beginsWithAction(clause)) return false;
  return clause.split(' ').length < 3 || /^(?:hoan thanh|trong|truoc|cham nhat|thoi gian|dong thoi|ke ca|bao gom|dac biet|nhat la|theo|tai|voi|va|hoac|cho|ve|de|nham|gom|nhu)\b/.test(folded) || /^\p{Ll}/u.test(clause) === false && /^\d/.test(clause);
}

/** The agencies an item of "Tổ chức thực hiện" is addressed to, and the duties after them. */
function agencyAt(text: string, matcher: UnitMatcher): { mentions: UnitMention[]; rest: string } | undefined {
  const lead = /^(?:đề nghị|giao|đối với)\s+/iu.exec(text);
  const offset = lead ? lead[0].length : 0;
  const mentions = matcher.mentions(text).filter((mention) => mention.start >= offset);
  if (mentions.length === 0 || mentions[0]!.start > offset + 1) return undefined;
  const run = runOf(mentions, text, offset);
  const last = run[run.length - 1]!;
  const after = text.slice(last.end);
  const colon = /^[^:.;]{0,60}?:\s*/.exec(after);
  if (colon && !/(?<![\p{L}\p{N}])(?:chủ trì|phối hợp)(?![\p{L}\p{N}])/iu.test(colon[0].replace(/:\s*$/, '').replace(/^(?:tỉnh|các)\b/iu, ''))) return { mentions: run, rest: tidy(after.slice(colon[0].length)) };
  if (!after.trim() || /^\s*(?:\(|tỉnh\b)?[^a-zà-ỹ]*$/iu.test(after)) return { mentions: run, rest: '' };
  if (beginsWithAction(after.trim()) || /^\s*(?:có trách nhiệm|là (?:cơ quan|đơn vị|đầu mối))/iu.test(after)) return { mentions: run, rest: capitalise(tidy(after).replace(/^có trách nhiệm\s*/iu, '')) };
  return undefined;
}

/** A news text without headings: target paragraphs by their figures, tasks by their opening verbs. */
function readUnstructured(layout: Layout, candidates: Candidate[], targets: { text: string; source: Source; counts: boolean }[], claimed: Set<number>): void {
  // A news text opens with its headline and dates; the plan's content follows the sentence that names it.
  const firstClaimed = Math.min(...claimed);
  for (const entry of layout.body) {
    if (claimed.has(entry.block) || entry.block < firstClaimed) continue;
    let text = entry.text;
    const folded = fold(text);
    if (/^(?:muc dich|yeu cau|quan diem)\b/.test(folded)) continue;
    const intro = /^[^:]{0,200}?(?:muc tieu|chi tieu|gom|sau|nhu|bao gom|cu the)\s*:\s*/.exec(folded);
    const usedIntro = intro && !beginsWithAction(text) ? intro : undefined;
    const targetIntro = usedIntro && /(?:muc tieu|chi tieu)[^:]{0,20}:\s*$/.test(usedIntro[0]);
    if (usedIntro) text = text.slice(usedIntro[0].length);
    const source = { text: entry.text, block: entry.block };
    const startsWithFigure = /^(?:[-+•]\s*)?(?:giam|tang|phan dau|dat|co)?\s*(?:it nhat|tren|toi thieu)?\s*\d+(?:[.,]\d+)?\s*%/.test(fold(text));
    if (targetIntro || startsWithFigure) {
      for (const sentence of sentences(text)) targets.push({ text: sentence, source: { text: sentence, block: entry.block }, counts: false });
      continue;
    }
    if (!text || !beginsWithAction(text)) continue;
    for (const sentence of sentences(text)) {
      if (TARGET_CUE.test(fold(sentence))) targets.push({ text: sentence, source: { text: sentence, block: entry.block }, counts: false });
    }
    const [first, ...rest] = sentences(text);
    candidates.push({
      title: withoutFinalStop(first!),
      ...(rest.length > 0 ? { description: rest.join(' ') } : {}),
      kindTexts: [first!, rest.join(' ')],
      source,
      from: 'content',
      coordinating: [],
      time: { text, field: false, source },
    });
  }
}

// ---------------------------------------------------------------- tables

const COLUMN_PATTERNS: [keyof Columns, RegExp][] = [
  ['number', /^(?:stt|tt|so tt|so thu tu)$/],
  ['time', /thoi gian|thoi han|tien do|moc thoi gian/],
  ['coordinating', /phoi/],
  ['lead', /chu tri|(?:co quan|don vi)(?: thuc hien)?$|thuc hien$|don vi thuc hien|co quan thuc hien/],
  ['product', /san pham|ket qua|ghi chu/],
  ['content', /noi dung|nhiem vu|hoat dong|ten (?:nhiem vu|hoat dong)|cong viec/],
];

interface Columns {
  number?: number;
  content?: number;
  lead?: number;
  coordinating?: number;
  time?: number;
  product?: number;
}

function columnsOf(row: string[]): Columns | undefined {
  const columns: Columns = {};
  row.forEach((cell, index) => {
    const folded = tidy(fold(cell)).replace(/[^a-z ]/g, '').trim();
    for (const [column, pattern] of COLUMN_PATTERNS) {
      if (columns[column] === undefined && pattern.test(folded)) {
        columns[column] = index;
        return;
      }
    }
  });
  return columns.content !== undefined && (columns.lead !== undefined || columns.time !== undefined) ? columns : undefined;
}

const rowText = (row: string[]) => row.map((cell) => tidy(cell)).join(' | ');

/** A table of tasks (Phụ lục: STT | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian | Sản phẩm), or of targets. */
function readTable(table: TableEntry, matcher: UnitMatcher, candidates: Candidate[], targets: { text: string; source: Source; counts: boolean }[]): void {
  const headerIndex = table.rows.slice(0, 3).findIndex((row) => columnsOf(row));
  if (headerIndex < 0) {
    if (table.section === 'targets') table.rows.forEach((row, index) => targets.push({ text: rowText(row), source: { text: rowText(row), block: table.block, row: index }, counts: true }));
    return;
  }
  const columns = columnsOf(table.rows[headerIndex]!)!;
  const cell = (row: string[], column: number | undefined) => (column === undefined ? '' : (row[column] ?? '').trim());
  table.rows.forEach((row, index) => {
    if (index <= headerIndex) return;
    const content = cell(row, columns.content);
    const number = tidy(cell(row, columns.number));
    if (!content || /^\(?\d+\)?$/.test(content)) return;
    const others = [columns.lead, columns.coordinating, columns.time].map((column) => cell(row, column)).filter(Boolean);
    if (/^[IVX]+\.?$/.test(number) || /^[A-Z]\.?$/.test(number) || (others.length === 0 && (isUpperCase(content) || content.split(' ').length <= 8))) return;
    const source = { text: rowText(row), block: table.block, row: index };
    const [firstLine, ...moreLines] = content.split(/\n+/).map(tidy).filter(Boolean);
    const [first, ...rest] = sentences(firstLine!);
    const description = [...rest, ...moreLines].join(' ');
    const candidate: Candidate = {
      title: withoutFinalStop(first!),
      ...(description ? { description } : {}),
      kindTexts: [first!, description],
      source,
      from: 'appendix',
      coordinating: [],
    };
    const lead = cell(row, columns.lead);
    if (lead) candidate.lead = { mentions: matcher.mentions(lead), source };
    const coordinating = cell(row, columns.coordinating);
    if (coordinating) candidate.coordinating.push({ mentions: matcher.mentions(coordinating), source });
    const time = cell(row, columns.time);
    candidate.time = time ? { text: time, field: true, source } : { text: content, field: false, source };
    candidates.push(candidate);
  });
}

// ---------------------------------------------------------------- targets

function addTargets(text: string, source: Source, counts: boolean, draft: Draft): void {
  let previous: DraftTarget | undefined;
  for (const sentence of sentences(text)) {
    for (const clause of clauses(sentence)) {
      const { content } = splitLabel(withoutFinalStop(clause));
      const quantities = quantitiesIn(content, { counts });
      if (quantities.length === 0) {
        if (previous && /^\p{Ll}/u.test(content)) previous.title = shorten(`${previous.title}; ${content}`, TITLE_MAX);
        continue;
      }
      for (const quantity of quantities) {
        previous = target(content, quantity, draft.targets.length + 1);
        const path = `targets.${draft.targets.length}`;
        draft.targets.push(previous);
        draft.trace(path, { ...source, text: clause });
        if (quantity.range) draft.notPlaced('target', content.slice(quantity.start, quantity.end), 'chỉ tiêu là một khoảng; đã lấy mức thấp', source, path);
      }
    }
  }
}

function target(text: string, quantity: Quantity, number: number): DraftTarget {
  const title = capitalise(text.replace(/^[-+•\s]+/, ''));
  return {
    code: `CT${number}`,
    title: shorten(title, TITLE_MAX),
    ...(title.length > TITLE_MAX ? { description: shorten(title, 2000) } : {}),
    measure: quantity.measure,
    // "không quá 5%" is a ceiling; "giảm 10%" a reduction by 10.
    ...targetGoal({ measure: quantity.measure, value: quantity.value, ...(quantity.ceiling ? { direction: 'atMost' as const } : {}) }),
    ...(quantity.base ? { base: quantity.base } : {}),
  };
}

// ---------------------------------------------------------------- tasks

/** "Kỷ niệm Ngày Quốc tế Hạnh phúc (20/3), Ngày Gia đình Việt Nam (28/6) …": one task per day. */
function splitCommemorations(candidates: Candidate[]): Candidate[] {
  return candidates.flatMap((candidate) => {
    if (kindOf([candidate.title]) !== 'commemoration') return [candidate];
    const days = [...candidate.title.matchAll(/(?:Ngày|Tháng)\s[^()]{3,140}?\(\s*(?:từ\s+)?\d{1,2}\/\d{1,2}(?:\s*[-–]\s*\d{1,2}\/\d{1,2})?\s*\)/gu)];
    if (days.length < 2) return [candidate];
    const prefix = candidate.title.slice(0, days[0]!.index).replace(/[\s,]+$/, '');
    const tail = candidate.title.slice(days[days.length - 1]!.index + days[days.length - 1]![0].length);
    return days.map((day, index) => {
      const title = tidy(`${prefix} ${day[0].replace(/^[\s,;]+|^và\s+/u, '')}${index === days.length - 1 ? tail : ''}`);
      return { ...candidate, title, kindTexts: [candidate.title], time: { text: day[0], field: false, source: candidate.source } };
    });
  });
}

const similarity = (a: string, b: string) => {
  const left = new Set(words(a));
  const right = new Set(words(b));
  const shared = [...left].filter((word) => right.has(word)).length;
  return (2 * shared) / Math.max(1, left.size + right.size);
};

/** The same task written in the content section and again in the appendix: one task, the appendix's units and time first. */
function mergeDuplicates(candidates: Candidate[]): Candidate[] {
  const kept: Candidate[] = [];
  for (const candidate of candidates) {
    const twin = kept.find((other) => other.from !== candidate.from && similarity(other.title, candidate.title) >= 0.75);
    if (!twin) {
      kept.push(candidate);
      continue;
    }
    const [better, worse] = candidate.from === 'appendix' || (candidate.lead && !twin.lead) ? [candidate, twin] : [twin, candidate];
    Object.assign(twin, {
      ...worse,
      ...better,
      lead: better.lead ?? worse.lead,
      coordinating: better.coordinating.length > 0 ? better.coordinating : worse.coordinating,
      time: better.time?.field || !worse.time ? better.time : worse.time,
      description: better.description ?? worse.description,
    });
  }
  return kept;
}

function addTask(candidate: Candidate, matcher: UnitMatcher, context: TimeContext, plan: PlanDraft, draft: Draft): void {
  const index = draft.tasks.length;
  const path = `tasks.${index}`;
  const masked = (text: string) => {
    let result = text;
    for (const mention of matcher.mentions(text)) result = result.slice(0, mention.start) + ' '.repeat(mention.end - mention.start) + result.slice(mention.end);
    return result;
  };
  const task: DraftTask = {
    code: `NV${index + 1}`,
    title: shorten(capitalise(tidy(candidate.title.replace(/^[-+•]\s*/, ''))), TITLE_MAX),
    ...(candidate.description ? { description: shorten(tidy(candidate.description), 5000) } : {}),
    kind: kindOf(candidate.kindTexts.filter(Boolean).map(masked)),
  };
  draft.tasks.push(task);
  draft.trace(path, candidate.source);

  const issuer = plan.issuingUnit ? matcher.unit(plan.issuingUnit) : undefined;
  const under = issuer && (issuer.kind === 'district' || issuer.kind === 'commune') ? issuer.code : undefined;
  const unplacedUnits = (role: RoleText, field: string) => {
    for (const mention of role.mentions) {
      if (!mention.code && !mention.group) draft.notPlaced('unit', mention.text, 'cơ quan không có trong danh sách đơn vị', role.source, `${path}.${field}`);
      if (mention.group && matcher.codesOfKind(mention.group, mention.group === 'commune' ? under : undefined).length === 0) {
        draft.notPlaced('unit', mention.text, `danh sách đơn vị không có đơn vị loại ${mention.group}`, role.source, `${path}.${field}`);
      }
    }
  };
  const placed = (mention: UnitMention) => Boolean(mention.code) || (mention.group !== undefined && matcher.codesOfKind(mention.group).length > 0);
  const groupFan = (kind: UnitKind) => (kind === 'commune' && under ? { kind, under } : { kind });

  const coordinating: string[] = [];
  const addCoordinating = (mention: UnitMention) => {
    const codes = mention.code ? [mention.code] : mention.group ? matcher.codesOfKind(mention.group, mention.group === 'commune' ? under : undefined) : [];
    for (const code of codes) if (!coordinating.includes(code)) coordinating.push(code);
  };
  if (candidate.lead) {
    unplacedUnits(candidate.lead, 'leadUnit');
    const [first, ...others] = candidate.lead.mentions.filter(placed);
    if (first?.code) {
      task.leadUnit = first.code;
      draft.trace(`${path}.leadUnit`, candidate.lead.source);
    } else if (first?.group) {
      task.fanOut = groupFan(first.group);
      draft.trace(`${path}.fanOut`, candidate.lead.source);
    }
    others.forEach(addCoordinating);
  }
  for (const role of candidate.coordinating) {
    unplacedUnits(role, 'coordinatingUnits');
    role.mentions.filter(placed).forEach(addCoordinating);
  }
  const ownCodes = coordinating.filter((code) => code !== task.leadUnit);
  if (ownCodes.length > 0) {
    if (task.fanOut) {
      const source = candidate.coordinating[0]?.source ?? candidate.lead!.source;
      draft.notPlaced('unit', ownCodes.join(', '), 'nhiệm vụ giao cho mọi đơn vị cùng loại không có đơn vị phối hợp', source, `${path}.coordinatingUnits`);
    } else {
      task.coordinatingUnits = ownCodes;
      draft.trace(`${path}.coordinatingUnits`, candidate.coordinating[0]?.source ?? candidate.lead!.source);
    }
  }

  const time = candidate.time;
  if (!time) return;
  let reading = readDue(time.text, context, { timeField: time.field });
  if (!reading && task.kind === 'commemoration') reading = knownDay(time.text, context);
  if (!reading) return;
  if (reading.kind === 'deadline') {
    task.deadline = reading.deadline;
    draft.trace(`${path}.deadline`, time.source);
  } else if (reading.kind === 'repeat') {
    task.repeat = reading.repeat;
    draft.trace(`${path}.repeat`, time.source);
  } else draft.notPlaced('time', reading.expression, reading.reason, time.source, `${path}.deadline`);
}

/** A commemoration named without its date ("Ngày Gia đình Việt Nam"): the day the country keeps. */
function knownDay(text: string, context: TimeContext): ReturnType<typeof readDue> {
  const folded = fold(text);
  const day = COMMEMORATION_DAYS.find((entry) => entry.name.test(folded));
  if (!day) return undefined;
  const [month, date] = day.day.split('-');
  return readDue(`(${Number(date)}/${Number(month)})`, context);
}

