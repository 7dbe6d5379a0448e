/**
 * Figure names are data a plan declares: `constructor` and `toString` among them, and
 * `__proto__` sent straight to the API. In headless Chromium against the real stack, a unit
 * officer fills them in their labelled fields (the titles of the targets measured by them),
 * records an activity and submits; `__proto__` is refused by the API, naming the figure; then
 * every page of every role opens without a script error or a problem box, with those figures
 * shown. Needs `npm run build` first (npm test does it).
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
      targets: [
        { code: 'CT1', title: 'Mô hình được thành lập', measure: 'count', value: 10, source: { figure: 'constructor', from: 'submissions' } },
        { code: 'CT2', title: 'Câu lạc bộ sinh hoạt định kỳ', measure: 'count', value: 20, source: { figure: 'toString', from: 'submissions' } },
      ],
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
    const officer = httpClient(stack.baseUrl, (await stack.signIn('unit_officer', 'X-HAMON')).token);
    const proto = await officer.postRaw(`/assignments/${assignmentId}/submit`, '{"summary": "Báo cáo", "figures": {"constructor": 2, "__proto__": 1}}');
    expect(proto.status).toBe(400);
    expect(proto.body.errors[0].path).toBe('figures.__proto__');

    const page = await signedIn('canbo.hamon');
    await open(page, `#/assignments/${assignmentId}`);
    const activity = page.locator('form[data-form="activity"]');
    await activity.getByLabel('Ngày', { exact: true }).fill('2024-05-10');
    await activity.getByLabel('Nội dung báo cáo').fill('Thành lập 02 mô hình tại thôn 1 và thôn 3.');
    await activity.getByLabel('Mô hình được thành lập').fill('2');
    await activity.getByLabel('Câu lạc bộ sinh hoạt định kỳ').fill('5');
    await activity.getByRole('button', { name: 'Gửi' }).click();
    // Saved, the page shows it again with the activity in its list (in the order PostgreSQL keeps the names).
    await page.locator('td', { hasText: 'constructor: 2' }).waitFor();

    await page.waitForSelector('form[data-form="submit"]');
    const submit = page.locator('form[data-form="submit"]');
    await submit.getByLabel('Nội dung báo cáo').fill('Đã thành lập 02 mô hình, 05 câu lạc bộ sinh hoạt định kỳ.');
    await submit.getByLabel('Mô hình được thành lập').fill('2');
    await submit.getByLabel('Câu lạc bộ sinh hoạt định kỳ').fill('5');
    await submit.getByRole('button', { name: 'Nộp báo cáo hoàn thành' }).click();
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
    // The submitted report's figures under their targets' titles, then the activity's under their names.
    expect(assignment).toMatch(/Mô hình được thành lập\s*2/);
    expect(assignment).toMatch(/Câu lạc bộ sinh hoạt định kỳ\s*5/);
    expect(assignment).toContain('constructor: 2');
    expect(assignment).toContain('toString: 5');
    if (username === 'giamdoc.vhttdl') {
      await open(page, '#/review');
      const review = await page.locator('.review-detail').innerText();
      expect(review).toMatch(/Mô hình được thành lập\s*2/);
      expect(review).toMatch(/Câu lạc bộ sinh hoạt định kỳ\s*5/);
    }
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
