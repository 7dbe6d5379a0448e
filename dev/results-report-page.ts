/**
 * Renders the first page of the draft results report of 925/KH-UBND, as LibreOffice lays it
 * out, into docs/screenshots/results-report-925.png: the example province on the real stack,
 * the DOCX the API serves, `soffice` to PDF, `pdftoppm` to PNG (Debian's libreoffice-writer-nogui
 * and poppler-utils).
 *
 *   npm run results-report-page
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadExamples } from '../examples/load';
import { createLogger } from '../platform/logger';
import { projectPath } from '../platform/project-root';
import { resultsReport } from '../services/results-report';
import { resultsReportDocx } from '../services/results-report-docx';
import { startStack } from './stack';

async function main(): Promise<void> {
  const stack = await startStack();
  const scratch = mkdtempSync(join(tmpdir(), 'results-report-'));
  try {
    await loadExamples(stack.deps, createLogger('examples', 'warn'));
    const plan = await stack.db.plan.findFirstOrThrow({ where: { code: '925/KH-UBND' }, select: { id: true } });
    const { draft } = await resultsReport(stack.deps, plan.id);
    const source = join(scratch, 'results-report-925.docx');
    writeFileSync(source, await resultsReportDocx(draft));
    execFileSync('soffice', ['--headless', '--convert-to', 'pdf', '--outdir', scratch, source], { stdio: 'ignore', timeout: 180_000 });
    execFileSync('pdftoppm', ['-png', '-r', '100', '-f', '1', '-l', '1', '-singlefile', join(scratch, 'results-report-925.pdf'), join(scratch, 'page')], { timeout: 60_000 });
    const target = projectPath('docs', 'screenshots', 'results-report-925.png');
    copyFileSync(join(scratch, 'page.png'), target);
    process.stdout.write(`${target}\n`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    await stack.stop();
  }
}

void main();
