/**
 * The plan editor in headless Chromium against the real stack with the example province: a
 * department head, in the page alone, creates a draft with its document header, three targets
 * (floors and a ceiling) and four tasks (one for every commune of a district picked by typing
 * without diacritics; one led by a unit with partners — a city's whole branch picked by the
 * keyboard, then let go — due in working days across Tết; one quarterly; one on a date), saves
 * it, reopens it, previews it (targets' goals, the ladder) and issues it; the plan, its tasks
 * and assignments are then checked in PostgreSQL. A plan's signed document, uploaded, becomes a
 * draft that shows where each field came from.
 * Screenshots `plan-editor` and `plan-preview` go with the other pages' (test/support/browser.ts).
 */
import { readFileSync } from 'node:fs';
import { Document, Packer, Paragraph, TextRun } from 'docx';
import type { Browser, Locator, Page } from 'playwright-core';
import { systemActor } from '../../domain/access';
import { createExampleAccounts, exampleAccounts } from '../../examples/accounts';
import { exampleUnits } from '../../examples/load';
import { startStack, type Stack } from '../../dev/stack';
import { formatDate } from '../../web/src/format';
import { projectPath } from '../../platform/project-root';
import { draftPlanFromDocument, unitRecords } from '../../services/plan-drafts';
import { importUnits } from '../../services/units';
import { endBrowserSuite, launchChromium, screenshot, signInPage } from '../support/browser';

const PASSWORD = 'kon-tum-2027-mat-khau-thu';
const CODE = '118/KH-SVHTTDL';
const ISSUED_ON = '2027-02-01';
const WORKING_DAYS = 10;
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

let stack: Stack;
let browser: Browser;
/** The plan the first test issues in the page, which the amendment test amends. */
let issuedPlanId: string;
const pageErrors: string[] = [];

beforeAll(async () => {
  stack = await startStack();
  await importUnits(stack.db, exampleUnits, systemActor);
  await createExampleAccounts(stack.db, exampleAccounts, PASSWORD, systemActor);
  browser = await launchChromium();
}, 300_000);

endBrowserSuite(pageErrors, () => browser?.close(), () => stack?.stop());

const target = (page: Page, index: number) => page.locator(`li[data-target="${index}"]`);
const task = (page: Page, index: number) => page.locator(`li[data-task="${index}"]`);

/** Types into a unit picker as an official would, without diacritics, and waits for the list. */
async function search(picker: Locator, text: string): Promise<void> {
  await picker.pressSequentially(text);
  await picker.page().locator(`#${(await picker.getAttribute('aria-controls'))!} [role="option"]`).first().waitFor();
}

describe('the plan editor', () => {
  it('lets a department head draft, save, reopen, preview and issue a plan in the page alone', async () => {
    const page = await signInPage(browser, stack.baseUrl, 'giamdoc.vhttdl', PASSWORD, { pageErrors, viewport: { width: 1366, height: 768 } });
    await page.getByRole('navigation').getByRole('link', { name: 'Kế hoạch' }).click();
    await page.getByRole('heading', { name: 'Kế hoạch của đơn vị' }).waitFor();
    await page.getByRole('button', { name: 'Tạo dự thảo mới' }).click();
    await page.getByRole('heading', { name: 'Soạn kế hoạch' }).waitFor();
    const draftId = /#\/plans\/drafts\/([\w-]+)$/.exec(page.url())![1]!;

    // A preview of a half-typed draft names each problem in Vietnamese beside its field.
    await page.getByLabel('Số, ký hiệu').fill(CODE);
    await page.getByRole('button', { name: 'Xem trước' }).click();
    await expect(page.locator('[data-path="title"] .field-problem').textContent()).resolves.toBe('Chưa nhập');
    await expect(page.locator('.preview [role="alert"]').textContent()).resolves.toContain('Trích yếu: Chưa nhập');

    await page.getByLabel('Cơ quan ban hành').fill('Sở Văn hóa, Thể thao và Du lịch tỉnh Kon Tum');
    await page.getByLabel('Địa danh').fill('Kon Tum');
    await page.getByLabel('Ngày ban hành').fill(ISSUED_ON);
    await page.getByLabel('Thời gian thực hiện từ ngày').fill('2027-01-01');
    await page.getByLabel('Đến ngày', { exact: true }).fill('2027-12-31');
    await page.getByLabel('Người ký', { exact: true }).fill('Nguyễn Văn An');
    await page.getByLabel('Chức vụ người ký').fill('KT. Giám đốc — Phó Giám đốc');
    await page.getByLabel('Trích yếu').fill('Kế hoạch tuyên truyền phòng, chống bạo lực gia đình năm 2027');

    await page.getByRole('button', { name: 'Thêm chỉ tiêu' }).click();
    await page.getByRole('button', { name: 'Thêm chỉ tiêu' }).click();
    await page.getByRole('button', { name: 'Thêm chỉ tiêu' }).click();
    await target(page, 0).getByLabel('Mã', { exact: true }).fill('CT1');
    await target(page, 0).getByLabel('Cách tính').selectOption('percent');
    // The requirement in the plan's words, never a raw key; a reduction is offered for a change only.
    await expect(target(page, 0).getByLabel('Yêu cầu').locator('option').allTextContents()).resolves.toEqual(['Đạt tối thiểu', 'Không vượt quá']);
    await target(page, 0).getByLabel('Giá trị').fill('80');
    await target(page, 0).getByLabel('Mẫu số (tính trên)').selectOption('households');
    await target(page, 0).getByLabel('Số liệu dùng để đo').selectOption({ label: 'Số hộ được tuyên truyền' });
    await target(page, 0).getByLabel('Nội dung chỉ tiêu').fill('80% hộ gia đình được tuyên truyền về phòng, chống bạo lực gia đình');
    await target(page, 1).getByLabel('Mã', { exact: true }).fill('CT2');
    await target(page, 1).getByLabel('Cách tính').selectOption({ label: 'Số lượng' });
    await target(page, 1).getByLabel('Yêu cầu').selectOption({ label: 'Không vượt quá' });
    await target(page, 1).getByLabel('Giá trị').fill('11');
    await target(page, 1).getByLabel('Nội dung chỉ tiêu').fill('Số vụ bạo lực gia đình trên địa bàn huyện Đắk Hà không vượt quá 11 vụ');
    await target(page, 2).getByLabel('Mã', { exact: true }).fill('CT3');
    await target(page, 2).getByLabel('Cách tính').selectOption({ label: 'Số lượng' });
    await target(page, 2).getByLabel('Giá trị').fill('4');
    await target(page, 2).getByLabel('Nội dung chỉ tiêu').fill('04 báo cáo quý về kết quả thực hiện');

    // Every commune of Đắk Hà district, the district found by typing "dak ha" and the keyboard.
    await page.getByRole('button', { name: 'Thêm nhiệm vụ' }).click();
    const first = task(page, 0);
    await first.getByLabel('Mã', { exact: true }).fill('NV1');
    await first.getByLabel('Loại nhiệm vụ').selectOption({ label: 'Tuyên truyền' });
    await first.getByLabel('Nội dung nhiệm vụ').fill('Tuyên truyền phòng, chống bạo lực gia đình trên loa truyền thanh cơ sở');
    await first.getByLabel('Giao cho').selectOption('fanOut');
    await first.getByLabel('Cấp đơn vị').selectOption('commune');
    const under = first.getByRole('combobox', { name: 'Trực thuộc (để trống: toàn tỉnh)' });
    await search(under, 'dak ha');
    const options = await first.locator('[role="option"]').allTextContents();
    expect(options[0]).toContain('Ủy ban nhân dân huyện Đắk Hà');
    expect(options.join('\n')).toContain('thuộc Ủy ban nhân dân tỉnh Kon Tum');
    await under.press('ArrowDown');
    await under.press('Enter');
    await first.locator('.unit-chip[data-unit="H-DAKHA"]').waitFor();
    await first.getByLabel('Thời hạn', { exact: true }).fill('2027-06-30');

    // A lead unit and two partners, picked by typing without diacritics and by initials.
    await page.getByRole('button', { name: 'Thêm nhiệm vụ' }).click();
    const second = task(page, 1);
    await second.getByLabel('Mã', { exact: true }).fill('NV2');
    await second.getByLabel('Loại nhiệm vụ').selectOption('report');
    await second.getByLabel('Nội dung nhiệm vụ').fill('Báo cáo nhanh kết quả triển khai sau Tết Nguyên đán');
    const lead = second.getByRole('combobox', { name: 'Đơn vị chủ trì' });
    await search(lead, 'dak ha');
    await second.locator('[role="option"][data-unit="H-DAKHA"]').click();
    const partners = second.getByRole('combobox', { name: 'Đơn vị phối hợp' });
    await search(partners, 'vhttdl');
    await partners.press('Enter');
    await search(partners, 'ha mon');
    await second.locator('[role="option"][data-unit="X-HAMON"]').click();
    const chipCodes = () => second.locator('.unit-chip').evaluateAll((chips) => chips.map((chip) => chip.getAttribute('data-unit')));
    await expect(chipCodes()).resolves.toEqual(['H-DAKHA', 'SO-VHTTDL', 'X-HAMON']);
    // A city with its three wards and communes, whole, by the keyboard: the branch follows the city in the list.
    await search(partners, 'tp-kontum');
    await partners.press('ArrowDown');
    await partners.press('ArrowDown');
    const branch = page.locator(`#${(await partners.getAttribute('aria-activedescendant'))!}`);
    await expect(branch.textContent()).resolves.toBe('Cả nhánh: Ủy ban nhân dân thành phố Kon Tum và 3 đơn vị trực thuộc (thêm 4 đơn vị)');
    await partners.press('Enter');
    await expect(chipCodes()).resolves.toEqual(['H-DAKHA', 'SO-VHTTDL', 'X-HAMON', 'TP-KONTUM', 'P-QUYETTHANG', 'P-THANGLOI', 'X-DAKCAM']);
    for (const name of ['Ủy ban nhân dân thành phố Kon Tum', 'Ủy ban nhân dân phường Quyết Thắng', 'Ủy ban nhân dân phường Thắng Lợi', 'Ủy ban nhân dân xã Đắk Cấm']) {
      await second.getByRole('button', { name: `Bỏ ${name}` }).click();
    }
    await expect(chipCodes()).resolves.toEqual(['H-DAKHA', 'SO-VHTTDL', 'X-HAMON']);
    await second.getByLabel('Cách tính thời hạn').selectOption('workingDays');
    await second.getByLabel('Số ngày', { exact: true }).fill(String(WORKING_DAYS));

    // A quarterly report, and an inspection on a date.
    await page.getByRole('button', { name: 'Thêm nhiệm vụ' }).click();
    const third = task(page, 2);
    await third.getByLabel('Mã', { exact: true }).fill('NV3');
    await third.getByLabel('Loại nhiệm vụ').selectOption('report');
    await third.getByLabel('Nội dung nhiệm vụ').fill('Báo cáo kết quả thực hiện kế hoạch');
    const quarterlyLead = third.getByRole('combobox', { name: 'Đơn vị chủ trì' });
    await search(quarterlyLead, 'dak ha');
    await third.locator('[role="option"][data-unit="H-DAKHA"]').click();
    await third.getByLabel('Cách tính thời hạn').selectOption('quarter');
    await page.getByRole('button', { name: 'Thêm nhiệm vụ' }).click();
    const fourth = task(page, 3);
    await fourth.getByLabel('Mã', { exact: true }).fill('NV4');
    await fourth.getByLabel('Loại nhiệm vụ').selectOption('inspection');
    await fourth.getByLabel('Nội dung nhiệm vụ').fill('Kiểm tra việc thực hiện công tác gia đình tại huyện Đắk Hà');
    const inspected = fourth.getByRole('combobox', { name: 'Đơn vị chủ trì' });
    await search(inspected, 'dak ha');
    await fourth.locator('[role="option"][data-unit="H-DAKHA"]').click();
    await fourth.getByLabel('Thời hạn', { exact: true }).fill('2027-10-15');
    await screenshot(page, 'plan-editor');

    await page.getByRole('button', { name: 'Lưu dự thảo' }).click();
    await page.locator('[data-testid="editor-status"]', { hasText: 'Đã lưu dự thảo' }).waitFor();

    // Reopened from the list after a reload, every field is as it was typed.
    await page.reload();
    await page.getByRole('navigation').getByRole('link', { name: 'Kế hoạch' }).click();
    await page.locator(`tr[data-draft="${draftId}"]`).getByRole('link').click();
    await page.getByRole('heading', { name: 'Soạn kế hoạch' }).waitFor();
    await expect(page.getByLabel('Số, ký hiệu').inputValue()).resolves.toBe(CODE);
    await expect(page.getByLabel('Ngày ban hành').inputValue()).resolves.toBe(ISSUED_ON);
    await expect(page.getByLabel('Chức vụ người ký').inputValue()).resolves.toBe('KT. Giám đốc — Phó Giám đốc');
    await expect(target(page, 0).getByLabel('Mẫu số (tính trên)').inputValue()).resolves.toBe('households');
    await expect(target(page, 0).getByLabel('Số liệu dùng để đo').inputValue()).resolves.toBe('householdsReached');
    await expect(target(page, 1).getByLabel('Giá trị').inputValue()).resolves.toBe('11');
    await expect(target(page, 1).getByLabel('Yêu cầu').inputValue()).resolves.toBe('atMost');
    await expect(task(page, 0).getByLabel('Giao cho').inputValue()).resolves.toBe('fanOut');
    await expect(task(page, 0).locator('.unit-chip').textContent()).resolves.toContain('Ủy ban nhân dân huyện Đắk Hà');
    await expect(task(page, 1).locator('.unit-chip').count()).resolves.toBe(3);
    await expect(task(page, 1).getByLabel('Số ngày', { exact: true }).inputValue()).resolves.toBe(String(WORKING_DAYS));

    // The preview: assignments per task and each deadline as dd/MM/yyyy, working days counted across Tết.
    const communes = await stack.db.unit.count({ where: { kind: 'commune', parent: { code: 'H-DAKHA' } } });
    const dueAfterTet = stack.deps.calendar.addWorkingDays(ISSUED_ON, WORKING_DAYS);
    await page.getByRole('button', { name: 'Xem trước' }).click();
    const total = page.locator('[data-testid="preview-total"]');
    await total.waitFor();
    await expect(total.textContent()).resolves.toBe(`Kế hoạch sẽ tạo ${communes + 3 + 4 + 1} lượt giao việc.`);
    await expect(page.locator('[data-testid="task-assignments"]').allTextContents()).resolves.toEqual([`${communes} lượt giao`, '3 lượt giao', '4 lượt giao', '1 lượt giao']);
    await expect(page.locator('[data-testid="task-deadlines"]').allTextContents()).resolves.toEqual([
      '30/06/2027',
      formatDate(dueAfterTet),
      'NV3.2027-Q1: 31/03/2027, NV3.2027-Q2: 30/06/2027, NV3.2027-Q3: 30/09/2027, NV3.2027-Q4: 31/12/2027',
      '15/10/2027',
    ]);
    // Ten working days from 1 February 2027 reach past the Tết holiday, not just two weeks.
    expect(dueAfterTet > '2027-02-15').toBe(true);
    await expect(page.locator('[data-testid="target-goal"]').allTextContents()).resolves.toEqual(['tối thiểu 80%', 'không vượt quá 11 (Chưa đo được)', 'tối thiểu 4 (Chưa đo được)']);
    // What the ladder will do, for the campaign, the reports and the inspection alike (the engine's default), naming the department.
    await expect(page.locator('[data-testid="preview-ladders"] li').allTextContents()).resolves.toEqual([
      'Nhắc đơn vị thực hiện 3 ngày làm việc trước hạn',
      'Nhắc đơn vị thực hiện vào ngày đến hạn',
      'Cấp 1 — quá hạn 1 ngày làm việc: báo lãnh đạo đơn vị thực hiện',
      'Cấp 2 — quá hạn 4 ngày làm việc: báo lãnh đạo Sở Văn hóa, Thể thao và Du lịch',
      'Cấp 3 — quá hạn 11 ngày làm việc: báo lãnh đạo cơ quan ban hành (kế hoạch chưa chọn đơn vị ban hành nên không gửi thư)',
    ]);
    await screenshot(page, 'plan-preview');

    // Usable on a tablet: nothing runs off the side.
    await page.setViewportSize({ width: 820, height: 1180 });
    await expect(page.evaluate('document.documentElement.scrollWidth')).resolves.toBeLessThanOrEqual(820);
    await page.setViewportSize({ width: 1366, height: 768 });

    await page.getByRole('button', { name: 'Ban hành kế hoạch' }).click();
    await page.waitForURL(/#\/dashboard\?plan=/);
    const planId = new URLSearchParams(new URL(page.url()).hash.split('?')[1]).get('plan')!;

    const plan = await stack.db.plan.findUniqueOrThrow({ where: { id: planId }, include: { tasks: { include: { assignments: { include: { unit: true } } }, orderBy: { code: 'asc' } }, targets: true } });
    expect(plan.code).toBe(CODE);
    expect(plan.targets.map((row) => row.code).sort()).toEqual(['CT1', 'CT2', 'CT3']);
    expect(plan.tasks.map((row) => [row.code, row.kind])).toEqual([
      ['NV1', 'campaign'],
      ['NV2', 'report'],
      ['NV3.2027-Q1', 'report'],
      ['NV3.2027-Q2', 'report'],
      ['NV3.2027-Q3', 'report'],
      ['NV3.2027-Q4', 'report'],
      ['NV4', 'inspection'],
    ]);
    const [fannedOut, led] = plan.tasks;
    expect(fannedOut!.assignments).toHaveLength(communes);
    expect(fannedOut!.assignments.every((row) => row.role === 'lead' && row.unit.kind === 'commune')).toBe(true);
    expect(led!.assignments.map((row) => [row.unit.code, row.role]).sort()).toEqual([
      ['H-DAKHA', 'lead'],
      ['SO-VHTTDL', 'coordinate'],
      ['X-HAMON', 'coordinate'],
    ]);
    expect(formatDate(led!.deadline)).toBe(formatDate(dueAfterTet));
    const draft = await stack.db.planDraft.findUniqueOrThrow({ where: { id: draftId } });
    expect(draft.planId).toBe(planId);
    issuedPlanId = planId;
    await page.close();
  }, 180_000);

  it('amends the issued plan in the page — moves a deadline, adds a task, cancels a task — each seen in the unit\'s inbox and in PostgreSQL; closes another plan; copies one to next year', async () => {
    const taskRows = (code: string) => stack.db.task.findMany({ where: { planId: issuedPlanId, code }, include: { assignments: { include: { unit: true } } } });
    const page = await signInPage(browser, stack.baseUrl, 'giamdoc.vhttdl', PASSWORD, { pageErrors, viewport: { width: 1366, height: 768 }, path: '/#/plans' });
    await page.locator('.issued-plans').getByRole('link', { name: CODE }).click();
    await page.getByRole('heading', { name: `${CODE} — Kế hoạch tuyên truyền phòng, chống bạo lực gia đình năm 2027` }).waitFor();
    const dialog = page.getByRole('dialog', { name: 'Điều chỉnh kế hoạch' });
    const amend = async (fill: () => Promise<void>, summary: string) => {
      await page.locator('button[data-action="amend"]').click();
      await fill();
      await dialog.getByLabel('Căn cứ văn bản').fill('Công văn số 1234/SVHTTDL-QLVHGĐ ngày 01/3/2027 của Sở Văn hóa, Thể thao và Du lịch');
      await dialog.getByLabel('Lý do').fill('Điều chỉnh cho phù hợp với tình hình thực tế.');
      if (summary.startsWith('Điều chỉnh thời hạn')) await screenshot(page, 'plan-amendment');
      await dialog.getByRole('button', { name: 'Điều chỉnh và thông báo' }).click();
      await page.locator('.amendments td', { hasText: summary }).waitFor();
    };

    // A deadline already past is refused in Vietnamese, beside the field's label, and nothing changes.
    await page.locator('button[data-action="amend"]').click();
    await dialog.getByLabel('Nhiệm vụ', { exact: true }).selectOption('NV4');
    await dialog.getByLabel('Thời hạn mới').fill('2020-01-01');
    await dialog.getByLabel('Căn cứ văn bản').fill('Công văn số 1234/SVHTTDL-QLVHGĐ');
    await dialog.getByLabel('Lý do').fill('Thử thời hạn đã qua.');
    await dialog.getByRole('button', { name: 'Điều chỉnh và thông báo' }).click();
    const refusal = dialog.locator('.problem[role="alert"]');
    await expect(refusal.locator('strong').textContent()).resolves.toBe('Thông tin chưa hợp lệ');
    await expect(refusal.locator('li').allTextContents()).resolves.toEqual(['Thời hạn mới: Thời hạn mới phải sau thời điểm hiện tại']);
    expect(await stack.db.planAmendment.count({ where: { planId: issuedPlanId } })).toBe(0);
    await dialog.getByRole('button', { name: 'Đóng' }).click();

    // A new deadline for the inspection: the district's inbox shows it, the row holds it.
    await amend(async () => {
      await dialog.getByLabel('Nội dung điều chỉnh').selectOption({ label: 'Điều chỉnh thời hạn nhiệm vụ' });
      await dialog.getByLabel('Nhiệm vụ', { exact: true }).selectOption('NV4');
      await dialog.getByLabel('Thời hạn mới').fill('2027-11-30');
    }, 'Điều chỉnh thời hạn nhiệm vụ NV4: từ 15/10/2027 thành 30/11/2027');
    const [inspection] = await taskRows('NV4');
    expect(inspection!.assignments.map((row) => formatDate(row.deadline))).toEqual(['30/11/2027']);

    // A task for every district, added by the same dialog.
    await amend(async () => {
      await dialog.getByLabel('Nội dung điều chỉnh').selectOption({ label: 'Bổ sung nhiệm vụ' });
      await dialog.getByLabel('Mã nhiệm vụ').fill('NV5');
      await dialog.getByLabel('Nội dung nhiệm vụ').fill('Tổ chức Hội thi gia đình hạnh phúc cấp huyện');
      await dialog.getByLabel('Loại nhiệm vụ').selectOption({ label: 'Sự kiện, ngày kỷ niệm' });
      await dialog.getByLabel('Giao cho').selectOption('district');
      await dialog.getByLabel('Thời hạn', { exact: true }).fill('2027-09-15');
    }, 'Bổ sung nhiệm vụ NV5: Tổ chức Hội thi gia đình hạnh phúc cấp huyện');
    const districts = await stack.db.unit.count({ where: { kind: 'district', mergedIntoId: null } });
    const [added] = await taskRows('NV5');
    expect(added!.assignments).toHaveLength(districts);

    // The report after Tết is cancelled for all three of its units.
    await amend(async () => {
      await dialog.getByLabel('Nội dung điều chỉnh').selectOption({ label: 'Hủy nhiệm vụ' });
      await dialog.getByLabel('Nhiệm vụ', { exact: true }).selectOption('NV2');
    }, 'Hủy nhiệm vụ NV2');
    const [cancelled] = await taskRows('NV2');
    expect(cancelled!.assignments.map((row) => row.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    expect(await stack.db.planAmendment.count({ where: { planId: issuedPlanId, status: 'applied' } })).toBe(3);

    // The district's officer sees all three in the inbox.
    const district = await signInPage(browser, stack.baseUrl, 'canbo.dakha', PASSWORD, { pageErrors, viewport: { width: 390, height: 844 }, path: '/#/inbox' });
    await district.locator('.inbox-item').first().waitFor();
    const itemOf = (code: string) => district.locator('.inbox-item', { hasText: `${code} —` });
    await expect(itemOf('NV4').locator('.deadline').textContent()).resolves.toContain('30/11/2027');
    await expect(itemOf('NV5').locator('.badge').textContent()).resolves.toBe('Chưa thực hiện');
    await expect(itemOf('NV2').locator('.badge').textContent()).resolves.toBe('Đã hủy');
    await district.close();

    // Copied to 2028: a draft with the plan as amended, opened in the editor.
    await page.locator('button[data-action="copy"]').click();
    await page.getByRole('heading', { name: 'Soạn kế hoạch' }).waitFor();
    const copyId = /#\/plans\/drafts\/([\w-]+)$/.exec(page.url())![1]!;
    const copy = (await stack.db.planDraft.findUniqueOrThrow({ where: { id: copyId } })).content as { title: string; period: unknown; tasks: { code: string }[] };
    expect(copy.title).toBe('Kế hoạch tuyên truyền phòng, chống bạo lực gia đình năm 2028');
    expect(copy.period).toEqual({ from: '2028-01-01', to: '2028-12-31' });
    expect(copy.tasks.map((item) => item.code)).toEqual(['NV1', 'NV3', 'NV4', 'NV5']);

    // Another plan, closed with its open work cancelled.
    const admin = await fetch(`${stack.baseUrl}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'giamdoc.vhttdl', password: PASSWORD }) });
    const { token } = (await admin.json()) as { token: string };
    const other = await fetch(`${stack.baseUrl}/plans`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        code: '119/KH-SVHTTDL',
        title: 'Kế hoạch tổ chức Ngày Gia đình Việt Nam năm 2027',
        issuingBody: 'Sở Văn hóa, Thể thao và Du lịch tỉnh Kon Tum',
        assigningUnit: 'SO-VHTTDL',
        issuedOn: ISSUED_ON,
        period: { from: '2027-01-01', to: '2027-12-31' },
        tasks: [{ code: 'NV1', title: 'Tổ chức Ngày Gia đình Việt Nam 28/6', kind: 'commemoration', leadUnit: 'H-DAKHA', deadline: '2027-06-28' }],
      }),
    });
    const otherId = ((await other.json()) as { id: string }).id;
    await page.goto(`${stack.baseUrl}/#/plans/${otherId}`);
    const closing = page.locator('form[data-form="close-plan"]');
    // The open work is listed before anything is decided about it.
    await closing.locator('.open-work summary').click();
    await expect(closing.locator('.open-work li').allTextContents()).resolves.toEqual([expect.stringContaining('NV1 — Ủy ban nhân dân huyện Đắk Hà')]);
    await closing.getByLabel('Việc chưa hoàn thành').selectOption('cancel');
    await closing.getByLabel('Lý do kết thúc').fill('Hết kỳ kế hoạch.');
    await closing.getByRole('button', { name: 'Kết thúc kế hoạch' }).click();
    await page.locator('.amendments td', { hasText: 'Kết thúc kế hoạch' }).waitFor();
    const closed = await stack.db.plan.findUniqueOrThrow({ where: { id: otherId }, include: { tasks: { include: { assignments: true } } } });
    expect(closed.tasks[0]!.assignments.map((row) => row.status)).toEqual(['cancelled']);
    await page.close();
  }, 240_000);

  it('makes a task a monthly periodic report in the editor, due working days after each data cut-off', async () => {
    const login = await fetch(`${stack.baseUrl}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'giamdoc.vhttdl', password: PASSWORD }) });
    const { token } = (await login.json()) as { token: string };
    const content = {
      code: '120/KH-SVHTTDL',
      title: 'Kế hoạch báo cáo công tác gia đình năm 2027',
      issuingBody: 'Sở Văn hóa, Thể thao và Du lịch tỉnh Kon Tum',
      issuedOn: '2027-01-04',
      period: { from: '2027-01-01', to: '2027-12-31' },
      targets: [],
      tasks: [{ code: 'NV1', title: 'Báo cáo tình hình công tác gia đình', kind: 'report', leadUnit: 'H-DAKHA', deadline: '2027-12-15' }],
    };
    const created = await fetch(`${stack.baseUrl}/plan-drafts`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ content }) });
    const { id } = (await created.json()) as { id: string };
    const page = await signInPage(browser, stack.baseUrl, 'giamdoc.vhttdl', PASSWORD, { pageErrors, viewport: { width: 1366, height: 768 }, path: `/#/plans/drafts/${id}` });
    await page.getByRole('heading', { name: 'Soạn kế hoạch' }).waitFor();
    await task(page, 0).getByLabel('Cách tính thời hạn').selectOption({ label: 'Báo cáo định kỳ theo kỳ số liệu' });
    await task(page, 0).getByLabel('Kỳ báo cáo').selectOption({ label: 'Hằng tháng' });
    await task(page, 0).getByLabel('Hạn nộp sau ngày chốt số liệu (ngày làm việc)').fill('3');
    await page.getByRole('button', { name: 'Xem trước' }).click();
    await page.locator('[data-testid="preview-total"]').waitFor();
    const deadlines = (await page.locator('[data-testid="task-deadlines"]').textContent())!.split(', ');
    // Twelve months, each due three working days (by the office calendar) after its data are cut off on the 14th.
    expect(deadlines).toHaveLength(12);
    expect(deadlines[0]).toBe(`NV1.2027-M01: ${formatDate(stack.deps.calendar.addWorkingDays('2027-01-14', 3))}`);
    expect(deadlines[1]).toBe(`NV1.2027-M02: ${formatDate(stack.deps.calendar.addWorkingDays('2027-02-14', 3))}`);
    const saved = (await stack.db.planDraft.findUniqueOrThrow({ where: { id } })).content as { tasks: { repeat: unknown }[] };
    expect(saved.tasks[0]!.repeat).toEqual({ reportEvery: 'month', cutOffDay: 14, submitWithinWorkingDays: 3 });
    await page.close();
  });

  it("drafts a plan from its signed document, with each field's source and what was not placed", async () => {
    const document = readFileSync(projectPath('test', 'fixtures', 'plan-documents', 'gia-dinh-kon-tum-2024.txt'));
    const expected = await draftPlanFromDocument(document, await unitRecords(stack.db));
    const codeSource = expected.provenance.find((source) => source.path === 'code');
    expect(codeSource).toBeDefined();

    const page = await signInPage(browser, stack.baseUrl, 'giamdoc.vhttdl', PASSWORD, { pageErrors, viewport: { width: 1366, height: 768 }, path: '/#/plans' });
    await page.getByLabel('Tệp kế hoạch đã ký (DOCX, PDF, TXT)').setInputFiles({ name: 'ke-hoach-925.txt', mimeType: 'text/plain', buffer: document });
    await page.getByRole('button', { name: 'Đọc văn bản và tạo dự thảo' }).click();
    await page.getByRole('heading', { name: 'Soạn kế hoạch' }).waitFor();
    await expect(page.getByLabel('Số, ký hiệu').inputValue()).resolves.toBe(expected.plan.code);
    await expect(page.locator('[data-path="code"] .provenance').textContent()).resolves.toBe(`Nguồn: ${codeSource!.text}`);
    await expect(page.locator('li[data-task]').count()).resolves.toBe(expected.plan.tasks.length);
    await expect(page.locator('.unplaced li').count()).resolves.toBe(expected.unplaced.length);
    const draftId = /#\/plans\/drafts\/([\w-]+)$/.exec(page.url())![1]!;
    const draft = await stack.db.planDraft.findUniqueOrThrow({ where: { id: draftId }, include: { ownerUnit: true } });
    expect(draft.ownerUnit.code).toBe('SO-VHTTDL');
    expect((draft.content as { tasks: unknown[] }).tasks).toHaveLength(expected.plan.tasks.length);
    await screenshot(page, 'plan-from-document');
    await page.close();
  }, 120_000);

  it('issues a plan read from an uploaded DOCX once the head has corrected what the reader could not place', async () => {
    // A plan in the decree's layout, as a department writes it; its last section's duty to report is no task of its own.
    const lines = [
      'UBND TỈNH KON TUM',
      'SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH',
      'Số: 215/KH-SVHTTDL',
      'Kon Tum, ngày 10 tháng 3 năm 2027',
      'KẾ HOẠCH',
      'Tổ chức các hoạt động hưởng ứng Ngày Gia đình Việt Nam năm 2027',
      'I. MỤC ĐÍCH, YÊU CẦU',
      'Nâng cao nhận thức của toàn xã hội về vị trí, vai trò của gia đình.',
      'II. CHỈ TIÊU',
      '100% cán bộ phụ trách công tác gia đình cấp huyện được tập huấn.',
      'III. NHIỆM VỤ',
      '1. Tổ chức tập huấn nghiệp vụ công tác gia đình cho cán bộ cấp huyện. Đơn vị chủ trì: Sở Văn hóa, Thể thao và Du lịch. Đơn vị phối hợp: Hội Liên hiệp Phụ nữ tỉnh. Thời gian hoàn thành: trước ngày 15/6/2027.',
      '2. Tuyên truyền hưởng ứng Ngày Gia đình Việt Nam 28/6 trên hệ thống loa truyền thanh. Đơn vị chủ trì: Ủy ban nhân dân huyện Đắk Hà. Thời gian hoàn thành: tháng 6/2027.',
      'IV. TỔ CHỨC THỰC HIỆN',
      'Các đơn vị triển khai thực hiện, báo cáo kết quả về Sở Văn hóa, Thể thao và Du lịch.',
      'GIÁM ĐỐC',
      'Nguyễn Văn An',
    ];
    const docx = await Packer.toBuffer(new Document({ sections: [{ children: lines.map((text) => new Paragraph({ children: [new TextRun(text)] })) }] }));
    const expected = await draftPlanFromDocument(docx, await unitRecords(stack.db));
    const unplacedTask = expected.plan.tasks.findIndex((line) => !line.leadUnit && !line.fanOut);
    expect(unplacedTask).toBeGreaterThanOrEqual(0);

    const page = await signInPage(browser, stack.baseUrl, 'giamdoc.vhttdl', PASSWORD, { pageErrors, viewport: { width: 1366, height: 768 }, path: '/#/plans' });
    await page.getByLabel('Tệp kế hoạch đã ký (DOCX, PDF, TXT)').setInputFiles({ name: 'Kế hoạch 215.docx', mimeType: DOCX, buffer: docx });
    await page.getByRole('button', { name: 'Đọc văn bản và tạo dự thảo' }).click();
    await page.getByRole('heading', { name: 'Soạn kế hoạch' }).waitFor();
    await expect(page.getByLabel('Số, ký hiệu').inputValue()).resolves.toBe('215/KH-SVHTTDL');
    await expect(page.locator('[data-path="code"] .provenance').textContent()).resolves.toBe('Nguồn: Số: 215/KH-SVHTTDL');

    // As read, the plan cannot be issued: the reader left the last task's unit and deadline empty.
    await page.getByRole('button', { name: 'Xem trước' }).click();
    await page.locator(`li[data-task="${unplacedTask}"] .field-problem`).first().waitFor();
    await expect(page.getByRole('button', { name: 'Ban hành kế hoạch' }).count()).resolves.toBe(0);

    // The head removes it (the duty to report belongs to every task), previews again and issues.
    await page.getByRole('button', { name: `Xóa nhiệm vụ ${unplacedTask + 1}` }).click();
    await page.getByRole('button', { name: 'Xem trước' }).click();
    await page.getByRole('button', { name: 'Ban hành kế hoạch' }).click();
    await page.waitForURL(/#\/dashboard\?plan=/);
    const planId = new URLSearchParams(new URL(page.url()).hash.split('?')[1]).get('plan')!;

    const plan = await stack.db.plan.findUniqueOrThrow({
      where: { id: planId },
      include: { assigningUnit: true, tasks: { include: { assignments: { include: { unit: true } } }, orderBy: { code: 'asc' } } },
    });
    expect([plan.code, plan.title, plan.assigningUnit?.code]).toEqual(['215/KH-SVHTTDL', expected.plan.title, 'SO-VHTTDL']);
    const placed = expected.plan.tasks.filter((_line, index) => index !== unplacedTask);
    expect(plan.tasks.map((row) => row.code)).toEqual(placed.map((line) => line.code));
    expect(plan.tasks.map((row) => row.assignments.find((line) => line.role === 'lead')!.unit.code)).toEqual(placed.map((line) => line.leadUnit));
    expect(plan.tasks.map((row) => formatDate(row.assignments[0]!.deadline))).toEqual(placed.map((line) => formatDate(line.deadline as string)));
    await page.close();
  }, 120_000);
});
