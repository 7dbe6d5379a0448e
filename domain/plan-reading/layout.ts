/**
 * The layout of a Vietnamese administrative plan (Nghị định 30/2020/NĐ-CP): the header above
 * "KẾ HOẠCH" (issuer, number, place and date), the title below it, the sections
 * (I. MỤC ĐÍCH, YÊU CẦU; II. MỤC TIÊU; III. NHIỆM VỤ, GIẢI PHÁP; IV. TỔ CHỨC THỰC HIỆN), the
 * signature block and recipients (Nơi nhận), and the appendix (Phụ lục).
 */
import type { DocumentBlock } from './blocks';
import { fold, isUpperCase, splitMarker, tidy, type Marker } from './text';

export type Section = 'background' | 'targets' | 'content' | 'organisation' | 'funding' | 'appendix';

/** A paragraph of the body, or one line of a table cell, with where it is in the document. */
export interface Entry {
  block: number;
  text: string;
  marker?: Marker;
  /** The marker's level (1 for I., 2 for 1., …), 99 for a paragraph without one. */
  level: number;
  section: Section | undefined;
  /** Written as a heading: a Roman-numbered line, or a short line in capitals. */
  heading: boolean;
}

export interface TableEntry {
  block: number;
  rows: string[][];
  section: Section | undefined;
}

export interface Layout {
  /** Lines above the word "KẾ HOẠCH", a two-column header table read column by column. */
  header: { text: string; block: number }[];
  /** The lines of the title under "KẾ HOẠCH". */
  title: { text: string; block: number }[];
  /** Whether the document has the layout at all (a news summary has not). */
  structured: boolean;
  body: Entry[];
  tables: TableEntry[];
}

/** The section a heading opens, from its words. */
export function sectionOf(heading: string): Section | undefined {
  const folded = fold(heading);
  if (/phu luc/.test(folded)) return 'appendix';
  if (/to chuc thuc hien|phan cong (?:nhiem vu|thuc hien|trach nhiem)|trach nhiem (?:thuc hien|cua)|che do (?:thong tin,? )?bao cao/.test(folded)) return 'organisation';
  if (/kinh phi|nguon von/.test(folded)) return 'funding';
  if (/muc tieu|chi tieu/.test(folded)) return 'targets';
  if (/nhiem vu|giai phap|noi dung|hoat dong|bien phap|lo trinh/.test(folded)) return 'content';
  if (/muc dich|yeu cau|quan diem|can cu|su can thiet|tinh hinh|ket qua (?:thuc hien|dat duoc)|danh gia/.test(folded)) return 'background';
  return undefined;
}

const SEPARATOR = /^[\s\-_–—=*.…~]{3,}$/;
const SIGNATURE = /^(?:tm\.|kt\.|tl\.|q\.|chu tich|pho chu tich|giam doc|pho giam doc|truong ban|pho truong ban|\(?da ky\)?|\(?ky,? ghi ro)/;

function cellLines(cell: string): string[] {
  return cell.split(/\n+/).map(tidy).filter(Boolean);
}

/** Lines of a header table, column by column, so the issuer's lines stay together. */
function columnLines(rows: string[][]): string[] {
  const columns = Math.max(0, ...rows.map((row) => row.length));
  const lines: string[] = [];
  for (let column = 0; column < columns; column += 1) for (const row of rows) lines.push(...cellLines(row[column] ?? ''));
  return lines;
}

const isTitleWord = (text: string) => /^ke hoach$/.test(fold(text).replace(/[^a-z ]/g, '').trim()) || (isUpperCase(text) && /^ke hoach\b/.test(fold(text)) && text.length < 250);

export function layoutOf(blocks: readonly DocumentBlock[]): Layout {
  const titleBlock = blocks.findIndex(
    (block, index) => index < 60 && block.kind === 'paragraph' && block.text.split('\t').some((part) => isTitleWord(tidy(part))),
  );
  const structured = titleBlock >= 0;
  const header: Layout['header'] = [];
  const title: Layout['title'] = [];
  let bodyStart = 0;
  if (structured) {
    blocks.slice(0, titleBlock).forEach((block, index) => {
      const lines = block.kind === 'table' ? columnLines(block.rows) : block.text.split(/\t+/).map(tidy);
      for (const text of lines) if (text) header.push({ text, block: index });
    });
    const titleParagraph = blocks[titleBlock] as { text: string };
    const onTitleLine = tidy(titleParagraph.text.replace(/^.*?\bK[ẾE] HO[ẠA]CH\b/iu, ''));
    if (onTitleLine) title.push({ text: onTitleLine, block: titleBlock });
    bodyStart = titleBlock + 1;
    while (bodyStart < blocks.length && title.length < 4) {
      const block = blocks[bodyStart]!;
      if (block.kind !== 'paragraph') break;
      const text = tidy(block.text);
      const folded = fold(text);
      if (!text) {
        bodyStart += 1;
        continue;
      }
      if (SEPARATOR.test(text)) {
        bodyStart += 1;
        if (title.length > 0) break;
        continue;
      }
      const marker = splitMarker(text).marker;
      if (marker?.level === 1 || /^can cu\b/.test(folded) || /[:.;]$/.test(text) || text.split(' ').length > 40) break;
      title.push({ text, block: bodyStart });
      bodyStart += 1;
    }
  }

  const body: Entry[] = [];
  const tables: TableEntry[] = [];
  let section: Section | undefined;
  let subsection: { section: Section; level: number } | undefined;
  let recipients = false;
  for (let index = bodyStart; index < blocks.length; index += 1) {
    const block = blocks[index]!;
    const current = () => (subsection ? subsection.section : section);
    if (block.kind === 'table') {
      const firstCell = fold(block.rows[0]?.[0] ?? '');
      if (/noi nhan/.test(firstCell) || block.rows.some((row) => row.some((cell) => SIGNATURE.test(fold(tidy(cell)))) && row.length <= 2)) {
        recipients = true;
        continue;
      }
      if (!recipients || section === 'appendix') tables.push({ block: index, rows: block.rows.map((row) => row.map((cell) => cell.replace(/\r/g, ''))), section: current() });
      continue;
    }
    for (const part of block.text.split(/\t+/)) {
      const text = tidy(part);
      if (!text) continue;
      const folded = fold(text);
      if (/^noi nhan\b/.test(folded)) {
        recipients = true;
        continue;
      }
      const split = splitMarker(text);
      const listLevel = block.list ? (block.list.ordered ? 2 + block.list.level : 5 + block.list.level) : undefined;
      const marker = split.marker ?? (listLevel !== undefined ? { level: listLevel, text: '' } : undefined);
      const wordCount = split.text.split(' ').length;
      const upper = isUpperCase(split.text) && wordCount <= 20;
      const heading = marker?.level === 1 || (upper && (!marker || marker.level <= 2)) || /^(?:phan|muc)\s+(?:[ivx]+|\d+)\b/.test(folded) || block.heading === 1;
      if (recipients && !(heading && sectionOf(split.text) === 'appendix')) continue;
      if (SIGNATURE.test(folded) || SEPARATOR.test(text)) continue;
      if (heading) {
        // Under "PHỤ LỤC" the appendix's own title ("CÁC HOẠT ĐỘNG …") opens no other section.
        const opened = section === 'appendix' && sectionOf(split.text) !== 'appendix' ? 'appendix' : sectionOf(split.text);
        if (opened === 'appendix') recipients = false;
        if (opened || marker?.level === 1) {
          section = opened ?? section;
          subsection = undefined;
        }
      } else if ((marker && marker.level <= 3) || block.heading !== undefined ? wordCount <= 12 && !/[.;]$/.test(split.text) : false) {
        // "1. Mục tiêu cụ thể", "2. Yêu cầu", "3. Chế độ báo cáo": a part of a section with a purpose of its own.
        const level = marker?.level ?? 1 + (block.heading ?? 1);
        const opened = sectionOf(split.text.replace(/:.*$/, ''));
        if (subsection && level <= subsection.level) subsection = undefined;
        if (opened && opened !== 'content' && opened !== section) subsection = { section: opened, level };
      } else if (subsection && marker && marker.level <= subsection.level) subsection = undefined;
      body.push({ block: index, text: split.text, marker, level: marker?.level ?? 99, section: heading ? undefined : current(), heading });
    }
  }
  return { header, title, structured, body, tables };
}
