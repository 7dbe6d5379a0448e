/**
 * The plan editor in headless Chromium against the real stack with the example province: a
 * department head, in the page alone, creates a draft with its document header, two targets
 * and two tasks (one for every commune of a district picked by typing without diacritics, one
 * led by a unit with partners, due in working days across Tết), saves it, reopens it, previews
 * it and issues it; the plan, its tasks and assignments are then checked in PostgreSQL. A plan's
 * signed document, uploaded, becomes a draft that shows where each field came from.
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
    await target(page, 0).getByLabel('Mã', { exact: true }).fill('CT1');
    await target(page, 0).getByLabel('Cách tính').selectOption('percent');
    await target(page, 0).getByLabel('Giá trị').fill('80');
    await target(page, 0).getByLabel('Mẫu số (tính trên)').selectOption('households');
    await target(page, 0).getByLabel('Số liệu dùng để đo').selectOption({ label: 'Số hộ được tuyên truyền' });
    await target(page, 0).getByLabel('Nội dung chỉ tiêu').fill('80% hộ gia đình được tuyên truyền về phòng, chống bạo lực gia đình');
    await target(page, 1).getByLabel('Mã', { exact: true }).fill('CT2');
    await target(page, 1).getByLabel('Cách tính').selectOption({ label: 'Số lượng' });
    await target(page, 1).getByLabel('Giá trị').fill('11');
    await target(page, 1).getByLabel('Nội dung chỉ tiêu').fill('Mỗi xã, thị trấn huyện Đắk Hà có 01 câu lạc bộ gia đình phát triển bền vững');

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
    await expect(second.locator('.unit-chip').evaluateAll((chips) => chips.map((chip) => chip.getAttribute('data-unit')))).resolves.toEqual(['H-DAKHA', 'SO-VHTTDL', 'X-HAMON']);
    await second.getByLabel('Cách tính thời hạn').selectOption('workingDays');
    await second.getByLabel('Số ngày', { exact: true }).fill(String(WORKING_DAYS));
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
    await expect(total.textContent()).resolves.toBe(`Kế hoạch sẽ tạo ${communes + 3} lượt giao việc.`);
    await expect(page.locator('[data-testid="task-assignments"]').allTextContents()).resolves.toEqual([`${communes} lượt giao`, '3 lượt giao']);
    await expect(page.locator('[data-testid="task-deadlines"]').allTextContents()).resolves.toEqual(['30/06/2027', formatDate(dueAfterTet)]);
    // Ten working days from 1 February 2027 reach past the Tết holiday, not just two weeks.
    expect(dueAfterTet > '2027-02-15').toBe(true);
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
    expect(plan.targets.map((row) => row.code).sort()).toEqual(['CT1', 'CT2']);
    expect(plan.tasks.map((row) => [row.code, row.kind])).toEqual([
      ['NV1', 'campaign'],
      ['NV2', 'report'],
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
    await page.close();
  }, 180_000);

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
