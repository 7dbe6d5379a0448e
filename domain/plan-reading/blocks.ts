/**
 * A document as the reader takes it: paragraphs and tables, in order. DOCX and PDF adapters
 * produce these; plain text (a file or text pasted into the page) becomes them here.
 */

export type DocumentBlock =
  | {
      kind: 'paragraph';
      text: string;
      /** A paragraph of a numbered or bulleted list whose numbers the word processor draws. */
      list?: { level: number; ordered: boolean };
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
    if (line.trim()) blocks.push({ kind: 'paragraph', text: line.replace(/\t+/g, '\t').trim() });
    index += 1;
  }
  return blocks;
}
