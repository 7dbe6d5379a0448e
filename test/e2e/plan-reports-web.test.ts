/**
 * The plan reports page in headless Chromium against the real stack with the example province:
 * a department head goes from the dashboard's plan card to the reports of 925/KH-UBND, downloads
 * the draft results report (.docx) and the units table (.csv) next to it, and follows the
 * quarterly reports of a plan that asks for them: who reported, who is late, the figures.
 * Screenshot `plan-reports` goes with the other pages' (test/support/browser.ts).
 */
import { readFileSync } from 'node:fs';
import mammoth from 'mammoth';
import type { Browser } from 'playwright-core';
import { systemActor } from '../../domain/access';
import { createExampleAccounts, exampleAccounts } from '../../examples/accounts';
import { loadExamples } from '../../examples/load';
import { startStack, type Stack } from '../../dev/stack';
import { createLogger } from '../../platform/logger';
import { plan925 } from '../support/fixtures';
import { assignmentWorkflowStarted, httpClient } from '../support/http';
import { endBrowserSuite, launchChromium, screenshot, signInPage } from '../support/browser';

const PASSWORD = 'kon-tum-2027-mat-khau-thu';

let stack: Stack;
let browser: Browser;
let periodicPlan: string;
const pageErrors: string[] = [];

beforeAll(async () => {
  stack = await startStack();
  await loadExamples(stack.deps, createLogger('examples', 'warn'));
  await createExampleAccounts(stack.db, exampleAccounts, PASSWORD, systemActor);
  const admin = httpClient(stack.baseUrl, (await stack.signIn('admin')).token);
  const created = await admin.post('/plans', {
    ...plan925({ code: '12/KH-SVHTTDL', issuingUnit: 'UBND-KT', assigningUnit: 'SO-VHTTDL' }),
    period: { from: '2024-01-01', to: '2025-12-31' },
    tasks: [
      { code: 'NV1', title: 'Tập huấn cán bộ phụ trách công tác gia đình', kind: 'training', leadUnit: 'X-HAMON', deadline: '2025-12-31' },
      { code: 'NV8', title: 'Báo cáo kết quả công tác gia đình', kind: 'report', leadUnit: 'X-HAMON', coordinatingUnits: ['X-DAKMAR'], repeat: { reportEvery: 'quarter' } },
    ],
  });
  expect(created.status).toBe(201);
  periodicPlan = created.body.id;
  // Hà Mòn holds a course within the last quarter's window and sends that quarter's report, late.
  const tasks = (await admin.get(`/plans/${periodicPlan}`)).body.tasks as { code: string; assignments: { id: string; unit: { code: string } }[] }[];
  const report = tasks.find((task) => task.code === 'NV8.2025-Q4')!.assignments.find((line) => line.unit.code === 'X-HAMON')!.id;
  const hamon = httpClient(stack.baseUrl, (await stack.signIn('unit_officer', 'X-HAMON')).token);
  await assignmentWorkflowStarted(admin, report);
  const training = { kind: 'training', date: '2025-12-01', place: 'Hội trường xã', organiser: 'UBND xã Hà Mòn', audience: 'family_officials', plannedParticipants: 20, actualParticipants: 18 };
  expect((await hamon.post(`/assignments/${tasks.find((task) => task.code === 'NV1')!.assignments[0]!.id}/activities`, training)).status).toBe(201);
  expect((await hamon.post(`/assignments/${report}/submit`, { summary: 'Báo cáo quý IV/2025', figures: { violenceCases: 3 } })).status).toBe(200);
  browser = await launchChromium();
}, 300_000);

endBrowserSuite(pageErrors, () => browser?.close(), () => stack?.stop());

describe('the plan reports page', () => {
  it('offers the draft results report next to the CSV and XLSX downloads', async () => {
    const page = await signInPage(browser, stack.baseUrl, 'giamdoc.vhttdl', PASSWORD, { pageErrors, viewport: { width: 1366, height: 768 } });
    await page.getByRole('navigation').getByRole('link', { name: 'Bảng điều hành' }).click();
    const card = page.locator('article.plan').filter({ hasText: '925/KH-UBND' });
    await card.getByRole('link', { name: 'Báo cáo kế hoạch →' }).click();
    await page.getByRole('heading', { name: 'Báo cáo kế hoạch' }).waitFor();
    await expect(page.locator('.plan-ref').textContent()).resolves.toContain('925/KH-UBND');
    await expect(page.getByRole('button', { name: /^Tải/ }).allTextContents()).resolves.toEqual(['Tải bảng đơn vị (.csv)', 'Tải bảng tổng hợp (.xlsx)', 'Tải dự thảo báo cáo (.docx)']);

    const [docx] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Tải dự thảo báo cáo (.docx)' }).click()]);
    expect(docx.suggestedFilename()).toMatch(/^du-thao-bao-cao-925-KH-UBND-\d{4}-\d\d-\d\d_\d{4}-\d\d-\d\d\.docx$/);
    const { value: text } = await mammoth.extractRawText({ buffer: readFileSync((await docx.path())!) });
    expect(text).toContain('BÁO CÁO');
    expect(text).toContain('Kết quả thực hiện Kế hoạch số 925/KH-UBND');

    await page.getByLabel('Kỳ báo cáo').selectOption({ index: 4 });
    const period = await page.getByLabel('Kỳ báo cáo').inputValue();
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Tải bảng đơn vị (.csv)' }).click()]);
    expect(csv.suggestedFilename()).toBe(`bao-cao-925-KH-UBND-${period}.csv`);
    await expect(page.locator('.periodic').textContent()).resolves.toContain('Kế hoạch không yêu cầu báo cáo định kỳ.');
  });

  it('shows per quarter who reported and who is late', async () => {
    const page = await signInPage(browser, stack.baseUrl, 'giamdoc.vhttdl', PASSWORD, { pageErrors, path: `/#/plans/${periodicPlan}/reports`, viewport: { width: 1366, height: 768 } });
    await page.getByRole('heading', { name: 'Báo cáo định kỳ của các đơn vị' }).waitFor();
    // Q2 2024 to Q4 2025: seven quarters, all past; the latest is open.
    await expect(page.locator('details.period').count()).resolves.toBe(7);
    const open = page.locator('details.period[open]');
    await expect(open.count()).resolves.toBe(1);
    await expect(open.locator('summary').textContent()).resolves.toContain('NV8.2025-Q4');
    await expect(open.locator('summary').textContent()).resolves.toContain('Kỳ số liệu từ 15/09/2025 đến 14/12/2025');
    await expect(open.locator('tbody tr').count()).resolves.toBe(2);
    await expect(open.locator('summary').textContent()).resolves.toContain('đã báo cáo 1/2 đơn vị');
    await expect(open.locator('tbody .badge').allTextContents()).resolves.toEqual(['Quá hạn', 'Trễ hạn']);
    // The course of 01/12/2025 (18 officials) and the cases Hà Mòn reported, in the quarter's totals.
    await expect(open.locator('.compiled').textContent()).resolves.toMatch(/18[\s\S]*3/);
    await screenshot(page, 'plan-reports');
  });
});
