/**
 * A PDF's text layer as paragraphs and tables. pdf.js gives runs of text with positions;
 * runs on one baseline make a line, lines make a paragraph until a list marker, a gap, a
 * first-line indent or a short last line ends it. A line whose runs stand apart in three or
 * more columns opens a table; the following lines are split at the same columns, and a line
 * with nothing in the first column continues the row above (text wrapped in its cells).
 */
import type { DocumentBlock } from '../domain/plan-reading';

export interface PdfTextItem {
  text: string;
  x: number;
  y: number;
  width: number;
  size: number;
}

interface Line {
  items: PdfTextItem[];
  y: number;
  size: number;
  left: number;
  right: number;
}

/** A run further from the one before than this many font sizes starts another cell. */
const CELL_GAP = 0.7;

function linesOf(items: PdfTextItem[]): Line[] {
  const sorted = [...items].sort((a, b) => b.y - a.y || a.x - b.x);
  const lines: Line[] = [];
  for (const item of sorted) {
    const line = lines.find((candidate) => Math.abs(candidate.y - item.y) < Math.max(2, Math.min(candidate.size, item.size) * 0.5));
    if (line) line.items.push(item);
    else lines.push({ items: [item], y: item.y, size: item.size, left: 0, right: 0 });
  }
  for (const line of lines) {
    line.items.sort((a, b) => a.x - b.x);
    line.left = line.items[0]!.x;
    line.right = Math.max(...line.items.map((item) => item.x + item.width));
    line.size = Math.max(...line.items.map((item) => item.size));
  }
  return lines.sort((a, b) => b.y - a.y);
}

/** The runs of a line grouped into chunks that stand apart. */
function chunksOf(line: Line): { x: number; end: number; text: string }[] {
  const chunks: { x: number; end: number; text: string }[] = [];
  for (const item of line.items) {
    const last = chunks[chunks.length - 1];
    const gap = last ? item.x - last.end : Infinity;
    if (last && gap < CELL_GAP * line.size) {
      last.text += gap > line.size * 0.15 && !/\s$/.test(last.text) && !/^\s/.test(item.text) ? ` ${item.text}` : item.text;
      last.end = Math.max(last.end, item.x + item.width);
    } else chunks.push({ x: item.x, end: item.x + item.width, text: item.text });
  }
  return chunks.map((chunk) => ({ ...chunk, text: chunk.text.replace(/\s+/g, ' ').trim() })).filter((chunk) => chunk.text);
}

const MARKER = /^(?:[IVX]{1,5}[.)]|\d{1,2}(?:\.\d{1,2})*[.)]?\s|[a-zđ]\)|[-–—+•*])/u;

export function pdfBlocks(pages: PdfTextItem[][]): DocumentBlock[] {
  const blocks: DocumentBlock[] = [];
  let paragraph: { text: string; line: Line } | undefined;
  let table: { anchors: number[]; rows: string[][] } | undefined;
  const flushParagraph = () => {
    if (paragraph) blocks.push({ kind: 'paragraph', text: paragraph.text });
    paragraph = undefined;
  };
  const flushTable = () => {
    if (table) blocks.push({ kind: 'table', rows: table.rows.map((row) => row.map((cell) => cell.trim())) });
    table = undefined;
  };
  for (const items of pages) {
    // Page numbers above or below the text are not part of it.
    const lines = linesOf(items).filter((line, index, all) => !((index === 0 || index === all.length - 1) && /^\s*-?\s*\d{1,3}\s*-?\s*$/.test(line.items.map((item) => item.text).join(''))));
    if (lines.length === 0) continue;
    const margin = Math.min(...lines.map((line) => line.left));
    const textRight = Math.max(...lines.map((line) => line.right));
    lines.forEach((line, index) => {
      const chunks = chunksOf(line);
      if (chunks.length === 0) return;
      const previous = lines[index - 1];
      if (table) {
        const columnOf = (x: number) => {
          let column = 0;
          table!.anchors.forEach((anchor, at) => {
            if (x >= anchor - line.size * 0.8) column = at;
          });
          return column;
        };
        const cells = table.anchors.map(() => '');
        for (const chunk of chunks) {
          const column = columnOf(chunk.x);
          cells[column] = cells[column] ? `${cells[column]} ${chunk.text}` : chunk.text;
        }
        const gap = previous ? previous.y - line.y : 0;
        const spansColumns = chunks.length === 1 && columnOf(chunks[0]!.x) === 0 && chunks[0]!.end > (table.anchors[1] ?? Infinity) + line.size;
        // Text wrapped in a cell sits a line below the text above it; after a wider gap, or at the top of a page, only a new row continues the table.
        const lineHeight = Math.min(line.size, previous?.size ?? line.size);
        const continues = cells[0]
          ? gap < lineHeight * 4 || (!previous && chunks.length >= 2)
          : previous !== undefined && gap < lineHeight * 1.35 && !/^[IVX]{1,5}\.\s/.test(chunks[0]!.text);
        if (!spansColumns && continues) {
          const last = table.rows[table.rows.length - 1];
          // The header's own words wrap too ("ST|T", "Đơn vị phối|hợp").
          const headerWraps = table.rows.length === 1 && gap < lineHeight * 1.35 && !/^(?:\d+|[IVX]+)\.?$/.test(cells[0]!);
          if ((!cells[0] || headerWraps) && last) cells.forEach((cell, column) => (last[column] = cell ? `${last[column] ?? ''}${headerWraps && column === 0 ? '' : ' '}${cell}`.trim() : last[column]!));
          else table.rows.push(cells);
          return;
        }
        flushTable();
      }
      if (chunks.length >= 3) {
        flushParagraph();
        table = { anchors: chunks.map((chunk) => chunk.x), rows: [chunks.map((chunk) => chunk.text)] };
        return;
      }
      if (chunks.length === 2) {
        // Two columns side by side (the header's issuer and national motto, the signature block): each its own line.
        flushParagraph();
        for (const chunk of chunks) blocks.push({ kind: 'paragraph', text: chunk.text });
        return;
      }
      const text = chunks[0]!.text;
      const gap = previous ? previous.y - line.y : 0;
      const startsAnew =
        !paragraph ||
        MARKER.test(text) ||
        gap > Math.max(line.size, paragraph.line.size) * 1.9 ||
        line.left > margin + line.size * 1.2 ||
        (paragraph.line.right < textRight - line.size * 4 && /[.:;!?]$/.test(paragraph.text)) ||
        /^[^\p{Ll}]*$/u.test(paragraph.text) !== /^[^\p{Ll}]*$/u.test(text);
      if (startsAnew) {
        flushParagraph();
        paragraph = { text, line };
      } else {
        paragraph!.text += ` ${text}`;
        paragraph!.line = line;
      }
    });
    // A paragraph or table may run on to the next page; the page's foot and head are not kept apart.
  }
  flushParagraph();
  flushTable();
  return blocks;
}
