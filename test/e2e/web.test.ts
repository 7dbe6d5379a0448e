/**
 * The web pages in headless Chromium (Debian's package, driven by playwright-core) against
 * the real stack loaded with the example province and plans: a unit officer submits work
 * from the inbox, a department head approves one report and returns another, and a leader
 * sees on the dashboard the escalation of a task recorded a month after its deadline.
 * Screenshots of every page are saved (test/support/browser.ts; the README shows them).
 */
import type { Browser, Page } from 'playwright-core';
import { systemActor } from '../../domain/access';
import { localDate } from '../../domain/calendar';
import { loadExamples } from '../../examples/load';
import { createExampleAccounts, exampleAccounts } from '../../examples/accounts';
import { startStack, type Stack } from '../../dev/stack';
import { createLogger } from '../../platform/logger';
import { endBrowserSuite, launchChromium, screenshot, signInPage } from '../support/browser';
import { eventually, httpClient } from '../support/http';
import { startMailReceiver, type MailReceiver } from '../../dev/receivers';

const PASSWORD = 'kon-tum-2024-mat-khau-thu';
const LATE_TASK = 'Báo cáo nhanh kết quả rà soát hộ gia đình có nguy cơ bạo lực';

let stack: Stack;
let mail: MailReceiver;
let browser: Browser;
let admin: ReturnType<typeof httpClient>;
let latePlanId: string;
/** Script errors in any page: none is expected. */
const pageErrors: string[] = [];

beforeAll(async () => {
  mail = await startMailReceiver();
  stack = await startStack({ env: { SMTP_URL: mail.url } });
  await loadExamples(stack.deps, createLogger('examples', 'warn'));
  await createExampleAccounts(stack.db, exampleAccounts, PASSWORD, systemActor);
  admin = httpClient(stack.baseUrl, (await stack.signIn('admin')).token);

  // A task of the Sở to a commune whose deadline passed a month ago: its first level, due once
  // the deadline has passed (0 working days after it), is owed at once.
  const monthAgo = localDate(new Date(Date.now() - 30 * 86_400_000));
  const plan = await admin.post('/plans', {
    code: '1502/KH-SVHTTDL',
    title: 'Kế hoạch rà soát hộ gia đình có nguy cơ xảy ra bạo lực gia đình',
    issuingBody: 'Sở Văn hóa, Thể thao và Du lịch tỉnh Kon Tum',
    issuingUnit: 'SO-VHTTDL',
    assigningUnit: 'SO-VHTTDL',
    issuedOn: monthAgo,
    period: { from: `${monthAgo.slice(0, 4)}-01-01`, to: `${localDate(new Date()).slice(0, 4)}-12-31` },
    escalation: { default: { reminders: [], levels: [{ after: { workingDays: 0 }, notify: 'unit-head' }] } },
    tasks: [{ code: 'NV1', title: LATE_TASK, kind: 'report', leadUnit: 'X-HAMON', deadline: monthAgo }],
  });
  expect(plan.status).toBe(201);
  latePlanId = plan.body.id;

  browser = await launchChromium();
}, 300_000);

endBrowserSuite(pageErrors, () => browser?.close(), () => stack?.stop(), () => mail?.stop());

const signedIn = (username: string, viewport?: { width: number; height: number }): Promise<Page> =>
  signInPage(browser, stack.baseUrl, username, PASSWORD, { pageErrors, ...(viewport && { viewport }) });


describe('the web pages', () => {
  it('refuses a wrong password on the login page, in Vietnamese', async () => {
    const page = await browser.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(stack.baseUrl);
    await screenshot(page, 'login');
    await page.getByLabel('Tên đăng nhập').fill('canbo.dakha');
    await page.getByLabel('Mật khẩu').fill('not-the-password');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('Tên đăng nhập hoặc mật khẩu không đúng.');
    await page.close();
  });

  it('lets a unit officer submit an assignment from the inbox, with evidence', async () => {
    const page = await signedIn('canbo.dakha');
    await page.waitForSelector('.inbox-list');
    await expect(page.locator('h1').textContent()).resolves.toBe('Việc của Ủy ban nhân dân huyện Đắk Hà');
    // The inbox leads with overdue work, and every item shows its deadline as dd/MM/yyyy.
    const tones = await page.locator('.inbox-item').evaluateAll((items) => items.map((item) => item.className.replace('inbox-item tone-', '')));
    expect(tones.length).toBeGreaterThan(0);
    expect(tones.indexOf('overdue')).toBeLessThanOrEqual(0);
    await expect(page.locator('.inbox-item .deadline').first().textContent()).resolves.toMatch(/^\d{2}\/\d{2}\/\d{4}/);
    await screenshot(page, 'inbox');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'inbox-phone');
    await page.setViewportSize({ width: 1366, height: 900 });

    // Work of plan 925, which the Sở assigned: its head reviews it next.
    const first = page.locator('.inbox-item.tone-overdue, .inbox-item.tone-not-started', { hasText: '925/KH-UBND' }).first();
    const assignmentId = (await first.getAttribute('data-assignment'))!;
    await first.locator('a').click();
    const submit = page.locator('form[data-form="submit"]');
    await submit.getByLabel('Nội dung báo cáo').fill('Đã triển khai đến 100% xã, thị trấn; tổ chức 02 hội nghị quán triệt cho 85 đại biểu.');
    // Each figure the plan measures has its own field, labelled from the catalogue with its unit; typed as offices write it.
    await submit.getByLabel('Số hộ được tuyên truyền (hộ)').fill('1.200');
    await submit.getByLabel('Minh chứng (mỗi dòng một đường dẫn)').fill('https://dakha.kontum.gov.vn/van-ban/bao-cao-925.pdf');
    await screenshot(page, 'assignment-submit');
    await submit.getByRole('button', { name: 'Nộp báo cáo hoàn thành' }).click();
    await page.locator('[data-testid="status"]', { hasText: /^Chờ duyệt$/ }).waitFor();

    const row = await stack.db.assignment.findUniqueOrThrow({ where: { id: assignmentId } });
    expect(row.status).toBe('submitted');
    expect(row.figures).toEqual({ householdsReached: 1200 });
    expect(row.evidence).toEqual(['https://dakha.kontum.gov.vn/van-ban/bao-cao-925.pdf']);
    await page.close();
  });

  it('lets a department head approve one report and return another with a reason', async () => {
    // A second report, from another unit, submitted through the API.
    const open = await stack.db.assignment.findFirstOrThrow({
      where: { status: { in: ['assigned', 'in_progress'] }, unit: { code: 'HLHPN' }, task: { plan: { assigningUnit: { code: 'SO-VHTTDL' } } } },
    });
    const hlhpn = httpClient(stack.baseUrl, (await stack.signIn('unit_officer', 'HLHPN')).token);
    expect((await hlhpn.post(`/assignments/${open.id}/submit`, { summary: 'Đã phối hợp tổ chức 03 buổi truyền thông tại thôn.' })).status).toBe(200);

    const page = await signedIn('giamdoc.vhttdl');
    await page.waitForSelector('.review-item');
    // The two reports just submitted, and those the example plans leave waiting for the Sở's review.
    const submitted = await stack.db.assignment.findMany({
      where: { status: 'submitted', task: { plan: { assigningUnit: { code: 'SO-VHTTDL' } } } },
      select: { id: true, unit: { select: { code: true } }, evidence: true },
    });
    expect(submitted.length).toBeGreaterThan(2);
    expect(submitted.map((line) => line.id)).toEqual(expect.arrayContaining([open.id]));
    await expect(page.locator('.review-item[data-assignment]').count()).resolves.toBe(submitted.length);
    await page.locator('.review-detail').waitFor();
    await screenshot(page, 'review');

    // The report the unit officer submitted in the test above, with its evidence.
    const dakha = submitted.find((line) => line.unit.code === 'H-DAKHA' && JSON.stringify(line.evidence).includes('bao-cao-925.pdf'))!;
    // Chosen in the queue, the report shows beside it: figures read by their names in the catalogue, with Vietnamese separators.
    await page.locator(`.review-item[data-assignment="${dakha.id}"]`).click();
    const figures = page.locator(`.review-detail[data-assignment="${dakha.id}"] dl.figures`);
    await expect(figures.locator('dt').first().textContent()).resolves.toBe('Số hộ được tuyên truyền');
    await expect(figures.locator('dd').first().textContent()).resolves.toBe('1.200 hộ');
    await page.locator(`.review-detail[data-assignment="${dakha.id}"] form[data-form="approve"] button`).click();
    await page.locator(`.review-item[data-assignment="${dakha.id}"]`).waitFor({ state: 'detached' });

    await page.locator(`.review-item[data-assignment="${open.id}"]`).click();
    const returned = page.locator(`.review-detail[data-assignment="${open.id}"] form[data-form="return"]`);
    await returned.getByLabel('Lý do trả lại').fill('Đề nghị bổ sung danh sách và hình ảnh các buổi truyền thông.');
    await returned.getByRole('button', { name: 'Trả lại' }).click();
    await page.locator(`.review-item[data-assignment="${open.id}"]`).waitFor({ state: 'detached' });

    await expect(stack.db.assignment.findUniqueOrThrow({ where: { id: dakha.id } })).resolves.toMatchObject({ status: 'done' });
    await expect(stack.db.assignment.findUniqueOrThrow({ where: { id: open.id } })).resolves.toMatchObject({
      status: 'in_progress',
      returnReason: 'Đề nghị bổ sung danh sách và hình ảnh các buổi truyền thông.',
    });
    await page.close();
  });

  it('shows a leader the escalation of a deadline that passed, and its count on the dashboard', async () => {
    const escalation = await eventually(
      () => stack.db.escalation.findFirst({ where: { assignment: { task: { planId: latePlanId } } } }).then((found) => found ?? undefined),
      'the escalation of the passed deadline',
    );
    expect(escalation.level).toBe(1);
    const openEscalations = await stack.db.escalation.count({ where: { resolvedAt: null } });

    const page = await signedIn('lanhdao.ubnd');
    await page.waitForSelector('[data-testid="open-escalations"]');
    await expect(page.locator('[data-testid="open-escalations"]').textContent()).resolves.toBe(openEscalations.toLocaleString('vi-VN'));
    await expect(page.locator('.plan').count()).resolves.toBe(3);
    await screenshot(page, 'dashboard');

    // Drill down: the late plan only, then its assignment and history.
    await page.getByRole('combobox', { name: 'Kế hoạch' }).selectOption(latePlanId);
    await page.getByRole('button', { name: 'Lọc' }).click();
    await page.locator('[data-testid="open-escalations"]', { hasText: /^1$/ }).waitFor();
    const row = page.locator('.escalations tbody tr');
    await expect(row.count()).resolves.toBe(1);
    await expect(row.textContent()).resolves.toContain(LATE_TASK);
    await expect(row.textContent()).resolves.toContain('Ủy ban nhân dân xã Hà Mòn');
    await row.getByRole('link', { name: new RegExp(LATE_TASK) }).click();
    await page.waitForSelector('.timeline');
    await expect(page.locator('.timeline').textContent()).resolves.toContain('Cảnh báo quá hạn');
    await screenshot(page, 'assignment-history');
    await page.close();
  });

  it("opens the assignment's page from the link in its notice, once the reader has signed in", async () => {
    const escalation = await eventually(
      () => stack.db.escalation.findFirst({ where: { assignment: { task: { planId: latePlanId } } } }).then((found) => found ?? undefined),
      'the escalation of the passed deadline',
    );
    const message = await eventually(
      () => Promise.resolve(mail.messages.find((sent) => sent.text?.includes(`assignments/${escalation.assignmentId}`))),
      'the escalation mail with its link',
    );
    const link = new URL(/Xem chi tiết: (\S+)/.exec(message.text ?? '')![1]!);
    expect(link.pathname + link.hash).toBe(`/#/assignments/${escalation.assignmentId}`);
    const page = await signInPage(browser, stack.baseUrl, 'lanhdao.ubnd', PASSWORD, { pageErrors, path: `/${link.hash}` });
    await page.waitForSelector('.timeline');
    expect(new URL(page.url()).hash).toBe(link.hash);
    await expect(page.locator('main').innerText()).resolves.toContain(LATE_TASK);
    await page.close();
  });

  it('shows the dashboard in English from the same catalogue, and the API documentation', async () => {
    const page = await signedIn('lanhdao.ubnd');
    await page.waitForSelector('[data-testid="open-escalations"]');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
    await page.getByRole('button', { name: 'Tiếng Việt' }).click();
    await page.getByRole('heading', { name: 'Bảng điều hành' }).waitFor();

    await page.goto(`${stack.baseUrl}/docs.html`);
    await page.waitForSelector('.operation');
    const operations = await page.locator('.operation').count();
    const document = (await (await fetch(`${stack.baseUrl}/openapi.json`)).json()) as { paths: Record<string, object> };
    expect(operations).toBe(Object.values(document.paths).reduce((sum, methods) => sum + Object.keys(methods).length, 0));
    await page.locator('.operation', { hasText: '/assignments/{id}/submit' }).locator('summary').first().click();
    // Each answer names its schema, which opens to show it.
    const [answer, ...problems] = await page.locator('.operation', { hasText: '/assignments/{id}/submit' }).locator('.responses summary code').allTextContents();
    expect(answer).toBe('AssignmentDetail');
    expect(new Set(problems)).toEqual(new Set(['Problem']));
    await screenshot(page, 'api-docs');
    await page.close();
  });
});
