/**
 * A document as the reader takes it: paragraphs and tables, in order. DOCX and PDF adapters
 * produce these; plain text (a file or text pasted into the page) becomes them here.
 */
import { isUpperCase, splitMarker } from './text';

export type DocumentBlock =
  | {
      kind: 'paragraph';
      text: string;
      /** A paragraph of a numbered or bulleted list whose numbers the word processor draws. */
      list?: { level: number; ordered: boolean };
      /** A paragraph styled as a heading (Heading 1, 2, …) by the word processor. */
      heading?: number;
    }
  | { kind: 'table'; rows: string[][] };

const PIPE_ROW = /^\s*\|.*\|\s*$/;
const PIPE_RULE = /^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$/;

function cellsOf(line: string): string[] | undefined {
  if (PIPE_ROW.test(line)) return line.trim().replace(/^\||\|$/g, '').split('|').map((cell) => cell.trim());
  if (line.includes('\t')) return line.split('\t').map((cell) => cell.trim());
  return undefined;
}

/**
 * Plain text as blocks: each non-empty line a paragraph; runs of at least two lines split into
 * the same number (three or more) of cells by tabs or "|" a table.
 */
export function blocksFromText(text: string): DocumentBlock[] {
  const blocks: DocumentBlock[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  let index = 0;
  while (index < lines.length) {
    const line = lines[index]!;
    const cells = cellsOf(line);
    if (cells && cells.length >= 3) {
      const rows: string[][] = [];
      while (index < lines.length) {
        const next = lines[index]!;
        if (PIPE_RULE.test(next) && next.includes('-')) {
          index += 1;
          continue;
        }
        const nextCells = cellsOf(next);
        if (!nextCells || nextCells.length !== cells.length) break;
        rows.push(nextCells);
        index += 1;
      }
      if (rows.length >= 2) {
        blocks.push({ kind: 'table', rows });
        continue;
      }
      index -= rows.length;
    }
    const text = line.replace(/\t+/g, '\t').trim();
    const previous = blocks[blocks.length - 1];
    // Text copied from a PDF viewer breaks inside sentences: a line that goes on in lower case continues the one before.
    const continues = previous?.kind === 'paragraph' && !/[.:;!?…]$/.test(previous.text) && !isUpperCase(previous.text) && /^\p{Ll}/u.test(text) && !splitMarker(text).marker;
    if (text && continues && !text.includes('\t')) previous.text = `${previous.text} ${text}`;
    else if (text) blocks.push({ kind: 'paragraph', text });
    index += 1;
  }
  return blocks;
}
