/**
 * The notification centre in headless Chromium against the real stack: a director with three
 * escalations waiting for the daily digest sees the bell count them, opens the centre, follows a
 * notice to its assignment (which reads it), marks all read, changes the digest settings, and
 * makes and revokes the link of a calendar feed.
 */
import type { Browser } from 'playwright-core';
import { startStack, type Stack } from '../../dev/stack';
import { endBrowserSuite, launchChromium, screenshot, signInPage } from '../support/browser';
import { eventually, httpClient } from '../support/http';
import { createUnits, departmentAndCommune, officeDayClock, planEscalatingToDepartment, taskDueAt } from '../support/fixtures';

const PASSWORD = 'kon-tum-2026-mat-khau-thu';
const DIRECTOR = 'giamdoc@vhttdl.example.vn';

let stack: Stack;
let browser: Browser;
let directorId: string;
const pageErrors: string[] = [];

beforeAll(async () => {
  // The escalations fall on a working day.
  stack = await startStack({ env: officeDayClock() });
  const admin = httpClient(stack.baseUrl, (await stack.signIn('admin')).token);
  await createUnits(admin, departmentAndCommune({ headEmail: DIRECTOR }));
  const director = await admin.post('/accounts', { username: 'giamdoc.vhttdl', displayName: 'Giám đốc Sở VHTTDL', role: 'department_head', unit: 'SO-VHTTDL', email: DIRECTOR, password: PASSWORD });
  expect(director.status).toBe(201);
  directorId = director.body.id;
  const deadline = Date.now() + 2_000;
  const plan = await admin.post('/plans', planEscalatingToDepartment(['NV1', 'NV2', 'NV3'].map((code) => taskDueAt(code, 'X-HAMON', deadline))));
  expect(plan.status).toBe(201);
  await eventually(async () => ((await stack.db.notification.count({ where: { accountId: directorId } })) === 3 ? true : undefined), "the director's three notices");
  browser = await launchChromium();
}, 300_000);

endBrowserSuite(pageErrors, () => browser?.close(), () => stack?.stop());

describe('the notification centre', () => {
  it('counts the unread, follows a notice to its work, marks all read, changes the digest settings and makes a calendar link', async () => {
    const page = await signInPage(browser, stack.baseUrl, 'giamdoc.vhttdl', PASSWORD, { pageErrors });
    const bell = page.locator('[data-bell]');
    await bell.getByText('3', { exact: true }).waitFor();
    await bell.click();
    await page.getByRole('heading', { name: 'Thông báo' }).waitFor();
    await page.getByText('3 thông báo chưa đọc.').waitFor();
    await expect(page.locator('li.notice.unread').count()).resolves.toBe(3);
    await expect(page.locator('li.notice').first().textContent()).resolves.toContain('Quá hạn – cấp 1');
    await screenshot(page, 'notices');

    const first = page.locator('li.notice').first();
    const followed = Number(await first.getAttribute('data-notice'));
    await first.getByRole('link').click();
    await page.waitForURL(/#\/assignments\//);
    await expect(stack.db.notification.findUniqueOrThrow({ where: { id: BigInt(followed) } }).then((row) => row.readAt !== null)).resolves.toBe(true);

    await bell.click();
    await page.getByText('2 thông báo chưa đọc.').waitFor();
    await page.getByRole('button', { name: 'Đánh dấu tất cả đã đọc' }).click();
    await page.getByText('0 thông báo chưa đọc.').waitFor();
    await expect(bell.locator('.bell-count').isHidden()).resolves.toBe(true);
    expect(await stack.db.notification.count({ where: { accountId: directorId, readAt: null } })).toBe(0);

    await page.getByRole('link', { name: 'Cài đặt nhận thông báo' }).click();
    await page.getByRole('heading', { name: 'Cài đặt nhận thông báo' }).waitFor();
    await page.getByLabel('Quá hạn cấp 1').selectOption('immediate');
    await page.getByLabel('Giờ gửi bản tổng hợp').fill('08:15');
    await page.getByLabel('Gửi bản sao cho tôi khi có người được ủy quyền thay').check();
    await page.getByRole('button', { name: 'Lưu cài đặt' }).click();
    await page.getByText('Đã ghi nhận.').waitFor();
    await screenshot(page, 'notice-settings');
    await expect(stack.db.noticeSettings.findUniqueOrThrow({ where: { accountId: directorId } })).resolves.toMatchObject({
      modes: { reminder: 'digest', 'escalation-1': 'immediate', 'escalation-2': 'digest', 'escalation-3': 'immediate', amendment: 'immediate' },
      digestTime: '08:15',
      copyWhenDelegated: true,
    });

    await page.getByRole('button', { name: 'Tạo đường dẫn lịch' }).click();
    const address = await page.getByLabel('Đường dẫn lịch').inputValue();
    expect(address).toMatch(/\/calendar\/pecal_[\w-]+\.ics$/);
    const feed = await fetch(address.replace('http://127.0.0.1:3000', stack.baseUrl));
    expect(feed.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(await feed.text()).toContain('SUMMARY:Hạn: NV1');
    await page.locator('[data-section="calendar-feeds"]').getByRole('button', { name: 'Thu hồi' }).click();
    await page.getByText('Chưa có đường dẫn lịch nào.').waitFor();
    expect((await fetch(address.replace('http://127.0.0.1:3000', stack.baseUrl))).status).toBe(404);
  });

  it('names a deputy for the days the director is away, and ends the delegation early', async () => {
    const admin = httpClient(stack.baseUrl, (await stack.signIn('admin')).token);
    const deputy = await admin.post('/accounts', { username: 'phogiamdoc.vhttdl', displayName: 'Phó Giám đốc Sở VHTTDL', role: 'unit_officer', unit: 'SO-VHTTDL', password: PASSWORD });
    expect(deputy.status).toBe(201);
    const page = await signInPage(browser, stack.baseUrl, 'giamdoc.vhttdl', PASSWORD, { pageErrors, path: '/#/notice-settings' });
    const section = page.locator('[data-section="delegations"]');
    await section.getByRole('heading', { name: 'Ủy quyền khi vắng mặt' }).waitFor();
    await section.getByLabel('Người được ủy quyền').selectOption({ label: 'Phó Giám đốc Sở VHTTDL' });
    await section.getByLabel('Hình thức').selectOption({ label: 'Ký thay (KT.)' });
    const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
    const inThreeDays = new Date(Date.now() + 7 * 3_600_000 + 2 * 86_400_000).toISOString().slice(0, 10);
    await section.getByLabel('Từ ngày').fill(today);
    await section.getByLabel('Đến hết ngày').fill(inThreeDays);
    await section.getByLabel('Lý do').fill('Đi công tác Hà Nội');
    await section.getByRole('button', { name: 'Ủy quyền', exact: true }).click();
    const line = page.locator('[data-section="delegations"] li[data-delegation]');
    await expect(line.textContent()).resolves.toContain('KT. ');
    await expect(line.textContent()).resolves.toContain('Phó Giám đốc Sở VHTTDL');
    const row = await stack.db.delegation.findFirstOrThrow({ where: { deputyId: deputy.body.id } });
    expect({ kind: row.kind, reason: row.reason, endsAt: row.endsAt.toISOString() }).toEqual({ kind: 'deputy', reason: 'Đi công tác Hà Nội', endsAt: new Date(`${inThreeDays}T23:59:59+07:00`).toISOString() });
    await line.getByRole('button', { name: 'Kết thúc ủy quyền' }).click();
    await page.locator('[data-section="delegations"]').getByText('Chưa có ủy quyền nào đang hiệu lực.').waitFor();
    expect((await stack.db.delegation.findUniqueOrThrow({ where: { id: row.id } })).endedAt).not.toBeNull();
    await page.close();
  });

  it('fits a phone: the bell and the list stay within the screen', async () => {
    const page = await signInPage(browser, stack.baseUrl, 'giamdoc.vhttdl', PASSWORD, { pageErrors, viewport: { width: 390, height: 844 }, path: '/#/notices' });
    await page.getByRole('heading', { name: 'Thông báo' }).waitFor();
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
