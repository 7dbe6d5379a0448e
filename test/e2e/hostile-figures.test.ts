/**
 * Figure names are data a unit types: `constructor`, `toString` and `__proto__` among them.
 * In headless Chromium against the real stack, a unit officer submits them through the page
 * (`__proto__` is refused, naming the figure; the others are kept), records an activity with
 * them, and then every page of every role opens without a script error or a problem box, with
 * those figures shown under their own names. Needs `npm run build` first (npm test does it).
 */
import type { Browser, Page } from 'playwright-core';
import { systemActor } from '../../domain/access';
import { createExampleAccounts } from '../../examples/accounts';
import { startStack, type Stack } from '../../dev/stack';
import { plan925 } from '../support/fixtures';
import { endBrowserSuite, launchChromium, signInPage } from '../support/browser';
import { assignmentWorkflowStarted, eventually, httpClient } from '../support/http';

const PASSWORD = 'hostile-figures-mat-khau';

let stack: Stack;
let browser: Browser;
let assignmentId: string;
const pageErrors: string[] = [];

beforeAll(async () => {
  stack = await startStack();
  const admin = httpClient(stack.baseUrl, (await stack.signIn('admin')).token);
  for (const unit of [
    { code: 'SO-VHTTDL', name: 'Sở Văn hóa, Thể thao và Du lịch', kind: 'department' },
    { code: 'X-HAMON', name: 'Ủy ban nhân dân xã Hà Mòn', kind: 'commune' },
  ]) {
    expect((await admin.post('/units', unit)).status).toBe(201);
  }
  await createExampleAccounts(
    stack.db,
    [
      { username: 'canbo.hamon', displayName: 'Công chức văn hóa - xã hội xã Hà Mòn', role: 'unit_officer', unit: 'X-HAMON' },
      { username: 'giamdoc.vhttdl', displayName: 'Giám đốc Sở VHTTDL', role: 'department_head', unit: 'SO-VHTTDL' },
      { username: 'lanhdao.vhttdl', displayName: 'Lãnh đạo Sở VHTTDL', role: 'leader', unit: 'SO-VHTTDL' },
    ],
    PASSWORD,
    systemActor,
  );
  const plan = await admin.post(
    '/plans',
    plan925({
      assigningUnit: 'SO-VHTTDL',
      targets: [{ code: 'CT1', title: 'Mô hình được thành lập', measure: 'count', value: 10, source: { figure: 'constructor', from: 'submissions' } }],
      tasks: [{ code: 'NV1', title: 'Xây dựng mô hình phòng, chống bạo lực gia đình', kind: 'generic', leadUnit: 'X-HAMON', deadline: '2030-06-30' }],
    }),
  );
  expect(plan.status).toBe(201);
  assignmentId = (await admin.get(`/plans/${plan.body.id}`)).body.tasks[0].assignments[0].id;
  await assignmentWorkflowStarted(admin, assignmentId);

  browser = await launchChromium();
}, 300_000);

endBrowserSuite(pageErrors, () => browser?.close(), () => stack?.stop());

const signedIn = (username: string): Promise<Page> => signInPage(browser, stack.baseUrl, username, PASSWORD, { pageErrors, label: username });

/** Opens a page by its hash and answers what it shows once loaded. */
async function open(page: Page, hash: string): Promise<string> {
  await page.goto(`${stack.baseUrl}/${hash}`);
  await page.waitForSelector('main:not([aria-busy])');
  const problems = await page.locator('main .problem').allTextContents();
  expect({ hash, problems }).toEqual({ hash, problems: [] });
  return page.locator('main').innerText();
}

describe('figures named like Object properties', () => {
  it('are refused as __proto__ and kept as constructor and toString when a unit submits them', async () => {
    const page = await signedIn('canbo.hamon');
    await open(page, `#/assignments/${assignmentId}`);
    const activity = page.locator('form[data-form="activity"]');
    await activity.getByLabel('Ngày', { exact: true }).fill('2024-05-10');
    await activity.getByLabel('Nội dung báo cáo').fill('Thành lập 02 mô hình tại thôn 1 và thôn 3.');
    await activity.getByLabel('Số liệu').fill('constructor=2\ntoString=5');
    await activity.getByRole('button').click();
    // Saved, the page shows it again with the activity in its list (in the order PostgreSQL keeps the names).
    await page.locator('td', { hasText: 'constructor: 2' }).waitFor();

    await page.waitForSelector('form[data-form="submit"]');
    const submit = page.locator('form[data-form="submit"]');
    await submit.getByLabel('Nội dung báo cáo').fill('Đã thành lập 02 mô hình, 05 câu lạc bộ sinh hoạt định kỳ.');
    await submit.getByLabel('Số liệu').fill('constructor=2\ntoString=5\n__proto__=1');
    await submit.getByRole('button').click();
    const refusal = submit.getByRole('alert');
    // In Vietnamese, by the field's label: the key the API names is not shown to an official.
    await expect(refusal.locator('strong').textContent()).resolves.toBe('Thông tin chưa hợp lệ');
    await expect(refusal.locator('li').allTextContents()).resolves.toEqual(['Số liệu: Có ký tự hoặc tên trường không được chấp nhận']);

    await submit.getByLabel('Số liệu').fill('constructor=2\ntoString=5');
    await submit.getByRole('button').click();
    await eventually(async () => ((await stack.db.assignment.findUniqueOrThrow({ where: { id: assignmentId } })).status === 'submitted' ? true : undefined), 'the submission');
    await page.close();
  });

  it.each([
    ['canbo.hamon', ['#/inbox', '#/dashboard', '#/work']],
    ['giamdoc.vhttdl', ['#/review', '#/dashboard', '#/work']],
    ['lanhdao.vhttdl', ['#/dashboard', '#/work']],
  ])('leave every page of %s whole, with the figures under their own names', async (username, hashes) => {
    const page = await signedIn(username);
    for (const hash of hashes) await open(page, hash);
    const assignment = await open(page, `#/assignments/${assignmentId}`);
    // The submitted report's figures, then the activity's.
    expect(assignment).toMatch(/constructor\s*2/);
    expect(assignment).toMatch(/toString\s*5/);
    expect(assignment).toContain('constructor: 2');
    expect(assignment).toContain('toString: 5');
    if (username === 'giamdoc.vhttdl') {
      const review = await open(page, '#/review');
      expect(review).toMatch(/constructor\s*2/);
      expect(review).toMatch(/toString\s*5/);
    }
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
