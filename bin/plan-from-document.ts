/**
 * Drafts a plan from its document (DOCX, PDF with a text layer, or UTF-8 text) against a
 * province's units, for a person to check in the plan editor:
 *
 *   npm run --silent plan-from-document -- FILE --units UNITS.json
 *
 * prints one JSON object on stdout — `plan` (the draft in the shape POST /plans takes, with
 * what could not be determined left out), `provenance` and `unplaced` — and exits 0; or
 * prints why not on stderr and exits 1 (2 for a wrong command line). UNITS.json is in the
 * format POST /units/import takes.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseUnitFile } from '../domain/unit-files';
import { DocumentTextError } from '../services/document-text';
import { draftPlanFromDocument } from '../services/plan-drafts';

const USAGE = 'Cách dùng: npm run --silent plan-from-document -- TỆP --units DANH-SÁCH-ĐƠN-VỊ.json';

function fail(message: string, code = 1): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

async function main(): Promise<void> {
  let parsed: ReturnType<typeof parseArgs<{ options: { units: { type: 'string' } }; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ options: { units: { type: 'string' } }, allowPositionals: true });
  } catch (error) {
    fail(`${(error as Error).message}\n${USAGE}`, 2);
  }
  const [file, ...extra] = parsed.positionals;
  if (!file || extra.length > 0 || !parsed.values.units) fail(USAGE, 2);

  let unitsText: string;
  let bytes: Buffer;
  try {
    unitsText = readFileSync(parsed.values.units, 'utf8');
    bytes = readFileSync(file);
  } catch (error) {
    fail(`Không đọc được tệp: ${(error as Error).message}`);
  }
  const { units, issues } = parseUnitFile(parsed.values.units, unitsText);
  if (issues.length > 0) fail(`Danh sách đơn vị không hợp lệ:\n${issues.slice(0, 20).map((issue) => `  ${issue.path}: ${issue.message}`).join('\n')}`);

  try {
    const reading = await draftPlanFromDocument(bytes, units);
    process.stdout.write(`${JSON.stringify(reading, null, 2)}\n`);
  } catch (error) {
    if (error instanceof DocumentTextError) fail(error.message);
    throw error;
  }
}

void main();
