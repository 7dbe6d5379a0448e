/**
 * Evidence in the web pages, in headless Chromium against the real stack: on a phone, a commune
 * officer fills the report's figures in their labelled fields, attaches a signed PDF and a photo
 * from the camera input, sees an upload's progress and cancels one, and submits; the department
 * head opens the review desk, sees the photo's thumbnail, the PDF in the page, the labelled
 * figures and the warning on more households than the commune has, moves through the queue with
 * the keyboard, and approves. Needs `npm run build` first (npm test does it).
 */
import type { Browser, Page } from 'playwright-core';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { systemActor } from '../../domain/access';
import { createExampleAccounts } from '../../examples/accounts';
import { startStack, type Stack } from '../../dev/stack';
import { plan925 } from '../support/fixtures';
import { endBrowserSuite, launchChromium, screenshot, signInPage } from '../support/browser';
import { assignmentWorkflowStarted, eventually, httpClient } from '../support/http';

const PASSWORD = 'minh-chung-kon-tum-2024';
/** What the test reads of an image element in the page (the tests compile without the DOM's types). */
type Picture = { complete: boolean; naturalWidth: number; naturalHeight: number };

let stack: Stack;
let browser: Browser;
let assignmentId: string;
let otherId: string;
const pageErrors: string[] = [];

beforeAll(async () => {
  stack = await startStack();
  const admin = httpClient(stack.baseUrl, (await stack.signIn('admin')).token);
  for (const unit of [
    { code: 'SO-VHTTDL', name: 'Sở Văn hóa, Thể thao và Du lịch', kind: 'department' },
    { code: 'X-HAMON', name: 'Ủy ban nhân dân xã Hà Mòn', kind: 'commune', households: 1_000 },
    { code: 'X-DAKMAR', name: 'Ủy ban nhân dân xã Đắk Mar', kind: 'commune', households: 2_400 },
  ]) {
    expect((await admin.post('/units', unit)).status).toBe(201);
  }
  await createExampleAccounts(
    stack.db,
    [
      { username: 'canbo.hamon', displayName: 'Công chức văn hóa - xã hội xã Hà Mòn', role: 'unit_officer', unit: 'X-HAMON' },
      { username: 'giamdoc.vhttdl', displayName: 'Giám đốc Sở VHTTDL', role: 'department_head', unit: 'SO-VHTTDL' },
    ],
    PASSWORD,
    systemActor,
  );
  const plan = await admin.post(
    '/plans',
    plan925({
      assigningUnit: 'SO-VHTTDL',
      targets: [{ code: 'CT2', title: '90% hộ được cung cấp thông tin', measure: 'percent', value: 90, base: 'households', source: { figure: 'householdsInformed', from: 'submissions' } }],
      tasks: [{ code: 'NV2', title: 'Tuyên truyền phòng, chống bạo lực gia đình', kind: 'campaign', leadUnit: 'X-HAMON', coordinatingUnits: ['X-DAKMAR'], deadline: '2030-06-30' }],
    }),
  );
  expect(plan.status).toBe(201);
  const lines = (await admin.get(`/plans/${plan.body.id}`)).body.tasks[0].assignments as { id: string; unit: { code: string } }[];
  assignmentId = lines.find((line) => line.unit.code === 'X-HAMON')!.id;
  otherId = lines.find((line) => line.unit.code === 'X-DAKMAR')!.id;
  await Promise.all([assignmentWorkflowStarted(admin, assignmentId), assignmentWorkflowStarted(admin, otherId)]);
  // Another commune's report, so the review desk has a queue to move through.
  const dakmar = httpClient(stack.baseUrl, (await stack.signIn('unit_officer', 'X-DAKMAR')).token);
  expect((await dakmar.post(`/assignments/${otherId}/submit`, { summary: 'Đã phát 20 tin trên loa truyền thanh.', figures: { pieces: 20 } })).status).toBe(200);
  browser = await launchChromium();
}, 300_000);

endBrowserSuite(pageErrors, () => browser?.close(), () => stack?.stop());

const signedIn = (username: string, viewport?: { width: number; height: number }): Promise<Page> =>
  signInPage(browser, stack.baseUrl, username, PASSWORD, { pageErrors, label: username, ...(viewport && { viewport }) });

async function signedPdf(): Promise<Buffer> {
  const document = await PDFDocument.create();
  document.addPage([595, 842]).drawText('BIEN BAN HOI NGHI TUYEN TRUYEN - UBND XA HA MON', { x: 60, y: 780, size: 14 });
  return Buffer.from(await document.save());
}

describe('evidence in the pages', () => {
  it('lets an officer on a phone fill labelled figures, attach a PDF and a camera photo, cancel an upload, and submit', async () => {
    const page = await signedIn('canbo.hamon', { width: 390, height: 844 });
    await page.goto(`${stack.baseUrl}/#/assignments/${assignmentId}`);
    const submit = page.locator('form[data-form="submit"]');
    await submit.waitFor();
    await submit.getByLabel('Nội dung báo cáo').fill('Đã tổ chức 03 đợt tuyên truyền tại 8 thôn; biên bản và hình ảnh kèm theo.');
    // One field per figure: the plan's, then the campaign's own, each with its label and unit; no name=value box.
    await expect(submit.locator('textarea[name="figures"]').count()).resolves.toBe(0);
    await submit.getByLabel('Số hộ được cung cấp thông tin (hộ)').fill('1200');
    await submit.getByLabel('Số đợt tuyên truyền (đợt)').fill('3');
    await submit.getByLabel('Số hộ được cung cấp thông tin (hộ)').blur();
    await expect(submit.getByLabel('Số hộ được cung cấp thông tin (hộ)').inputValue()).resolves.toBe('1.200');

    const camera = submit.getByLabel('Chụp ảnh');
    await expect(camera.getAttribute('capture')).resolves.toBe('environment');
    await expect(camera.getAttribute('accept')).resolves.toBe('image/*');
    await submit.getByLabel('Chọn tệp đính kèm').setInputFiles({ name: 'Biên bản hội nghị.pdf', mimeType: 'application/pdf', buffer: await signedPdf() });
    await submit.locator('.attachments li', { hasText: 'Biên bản hội nghị.pdf' }).waitFor();
    const photo = await sharp({ create: { width: 1600, height: 1200, channels: 3, background: { r: 30, g: 110, b: 60 } } }).jpeg().toBuffer();
    await camera.setInputFiles({ name: 'IMG_2041.jpg', mimeType: 'image/jpeg', buffer: photo });
    await submit.locator('.attachments li', { hasText: 'IMG_2041.jpg' }).waitFor();

    // A slow line: the progress bar moves, and the officer cancels; nothing of that file is kept.
    const network = await page.context().newCDPSession(page);
    await network.send('Network.enable');
    await network.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 256 * 1024 });
    await submit.getByLabel('Chọn tệp đính kèm').setInputFiles({ name: 'Ảnh gốc rất lớn.jpg', mimeType: 'image/jpeg', buffer: Buffer.concat([photo, Buffer.alloc(8 * 1024 * 1024, 3)]) });
    const progress = submit.locator('.upload-progress progress');
    await eventually(async () => (Number(await progress.getAttribute('value')) > 0 ? true : undefined), 'upload progress');
    await screenshot(page, 'assignment-evidence-phone');
    await submit.getByRole('button', { name: 'Hủy tải lên' }).click();
    await expect(submit.locator('.upload-status').textContent()).resolves.toContain('Đã hủy tải lên');
    await network.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await expect(submit.locator('.attachments li').count()).resolves.toBe(2);

    await submit.getByRole('button', { name: 'Nộp báo cáo hoàn thành' }).click();
    await page.locator('[data-testid="status"]', { hasText: /^Chờ duyệt$/ }).waitFor();
    const row = await stack.db.assignment.findUniqueOrThrow({ where: { id: assignmentId }, include: { files: true } });
    expect(row.figures).toEqual({ householdsInformed: 1_200, campaigns: 3 });
    expect(row.files.map((file) => [file.filename, file.mediaType, file.attachedAt !== null]).sort()).toEqual([
      ['Biên bản hội nghị.pdf', 'application/pdf', true],
      ['IMG_2041.jpg', 'image/jpeg', true],
    ]);
    await page.close();
  });

  it('shows the department head the thumbnail, the PDF in the page and the labelled figures on the review desk, moved through by keyboard, and approves', async () => {
    const page = await signedIn('giamdoc.vhttdl');
    await page.goto(`${stack.baseUrl}/#/review`);
    const queue = page.locator('.review-queue .review-item');
    await eventually(async () => ((await queue.count()) === 2 ? true : undefined), 'the queue of two reports');
    // The keyboard moves through the queue, and the report beside it follows.
    const first = queue.first();
    await first.focus();
    const firstId = (await first.getAttribute('data-assignment'))!;
    await page.keyboard.press('ArrowDown');
    const secondId = firstId === assignmentId ? otherId : assignmentId;
    await page.locator(`.review-detail[data-assignment="${secondId}"]`).waitFor();
    await expect(page.evaluate<string | null>('document.activeElement?.getAttribute("data-assignment")')).resolves.toBe(secondId);
    if (secondId !== assignmentId) await page.keyboard.press('ArrowUp');

    const detail = page.locator(`.review-detail[data-assignment="${assignmentId}"]`);
    await detail.waitFor();
    const figures = detail.locator('dl.figures').first();
    await expect(figures.locator('dt').allTextContents()).resolves.toEqual(['Số hộ được cung cấp thông tin', 'Số đợt tuyên truyền']);
    await expect(figures.locator('dd').allTextContents()).resolves.toEqual(['1.200 hộ', '3 đợt']);
    await expect(detail.locator('.figure-warning').textContent()).resolves.toBe('Số hộ được cung cấp thông tin: 1.200, nhiều hơn 1.000 hộ đơn vị đang quản lý — cần kiểm tra');

    const thumbnail = detail.locator('img.thumbnail');
    await eventually(async () => ((await thumbnail.evaluate((image) => (image as unknown as Picture).complete && (image as unknown as Picture).naturalWidth)) ? true : undefined), 'the thumbnail');
    await expect(thumbnail.evaluate((image) => [(image as unknown as Picture).naturalWidth, (image as unknown as Picture).naturalHeight])).resolves.toEqual([320, 240]);
    await expect(thumbnail.getAttribute('alt')).resolves.toBe('Tệp IMG_2041.jpg');
    const pdf = detail.locator('iframe.pdf-view');
    await eventually(async () => ((await pdf.getAttribute('src'))?.startsWith('blob:') ? true : undefined), 'the PDF in the page');
    await expect(pdf.getAttribute('title')).resolves.toBe('Tệp Biên bản hội nghị.pdf');
    // The frame holds the PDF itself, which the browser's viewer shows.
    const frame = (await (await pdf.elementHandle())!.contentFrame())!;
    await eventually(async () => ((await frame.evaluate<string>('document.contentType')) === 'application/pdf' ? true : undefined), 'the PDF document in the frame');
    await screenshot(page, 'review-evidence');

    await detail.locator('form[data-form="approve"]').getByRole('button', { name: 'Duyệt' }).click();
    await page.locator(`.review-item[data-assignment="${assignmentId}"]`).waitFor({ state: 'detached' });
    await expect(stack.db.assignment.findUniqueOrThrow({ where: { id: assignmentId } })).resolves.toMatchObject({ status: 'done' });
    await page.close();
  });
});
