/**
 * Unit files as provinces keep them: a JSON array, or a CSV with a header row
 * (code,name,kind,parentCode,email,headName,headEmail,households,familyOfficials). Every
 * problem names its line and column.
 */
import { parse } from 'csv-parse/sync';
import { createUnitSchema, type CreateUnit } from './units';

export interface UnitFileIssue {
  path: string;
  message: string;
}

const numericColumns = new Set(['households', 'familyOfficials']);

/** Rows of a CSV as objects: empty cells left out, figures as numbers. */
function csvRows(text: string): { line: number; row: Record<string, unknown> }[] {
  const records = parse(text, { columns: true, bom: true, skip_empty_lines: true, trim: true, info: true }) as {
    record: Record<string, string>;
    info: { lines: number };
  }[];
  return records.map(({ record, info }) => ({
    line: info.lines,
    row: Object.fromEntries(
      Object.entries(record)
        .filter(([, value]) => value !== '')
        .map(([column, value]) => [column, numericColumns.has(column) && /^\d+$/.test(value) ? Number(value) : value]),
    ),
  }));
}

export function parseUnitFile(name: string, text: string): { units: CreateUnit[]; issues: UnitFileIssue[] } {
  let rows: { line: number | string; row: unknown }[];
  try {
    if (name.toLowerCase().endsWith('.csv')) rows = csvRows(text);
    else {
      const json: unknown = JSON.parse(text);
      const list = Array.isArray(json) ? json : (json as { units?: unknown }).units;
      if (!Array.isArray(list)) return { units: [], issues: [{ path: '(root)', message: 'expected an array of units, or {"units": [...]}' }] };
      rows = list.map((row, index) => ({ line: `[${index}]`, row }));
    }
  } catch (error) {
    return { units: [], issues: [{ path: '(file)', message: (error as Error).message }] };
  }
  const units: CreateUnit[] = [];
  const issues: UnitFileIssue[] = [];
  for (const { line, row } of rows) {
    const parsed = createUnitSchema.safeParse(row);
    if (parsed.success) units.push(parsed.data);
    else for (const issue of parsed.error.issues) issues.push({ path: `${typeof line === 'number' ? `line ${line}` : line}.${issue.path.join('.') || '(row)'}`, message: issue.message });
  }
  const seen = new Set<string>();
  units.forEach((unit) => {
    if (seen.has(unit.code)) issues.push({ path: unit.code, message: 'appears twice in the file' });
    seen.add(unit.code);
  });
  return { units, issues };
}
