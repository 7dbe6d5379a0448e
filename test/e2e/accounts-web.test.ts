/**
 * The account pages in headless Chromium (Debian's package, driven by playwright-core) against
 * the real stack: an administrator resets a password, deactivates and reactivates an account
 * and changes its role and unit from "Quản lý tài khoản"; the person whose password was reset
 * is sent to "Đổi mật khẩu" at sign-in and reaches nothing else until they change it; every
 * user changes their own password there; signing out ends the token on the server.
 * Screenshots are saved like the other pages' (test/support/browser.ts).
 */
import type { Browser, Page } from 'playwright-core';
import { startStack, type Stack } from '../../dev/stack';
import { endBrowserSuite, launchChromium, screenshot, signInPage } from '../support/browser';
import { httpClient } from '../support/http';

const PASSWORD = 'kon-tum-2026-mat-khau-thu';
const TEMPORARY = 'tam-thoi-doi-ngay-2026';

let stack: Stack;
let browser: Browser;
const pageErrors: string[] = [];

beforeAll(async () => {
  stack = await startStack();
  const admin = httpClient(stack.baseUrl, (await stack.signIn('admin')).token);
  for (const unit of [
    { code: 'UBND-KT', name: 'Ủy ban nhân dân tỉnh Kon Tum', kind: 'province' },
    { code: 'X-HAMON', name: 'Ủy ban nhân dân xã Hà Mòn', kind: 'commune', parentCode: 'UBND-KT' },
    { code: 'X-DAKMAR', name: 'Ủy ban nhân dân xã Đắk Mar', kind: 'commune', parentCode: 'UBND-KT' },
  ]) {
    expect((await admin.post('/units', unit)).status).toBe(201);
  }
  for (const account of [
    { username: 'quantri.tinh', displayName: 'Quản trị hệ thống tỉnh', role: 'admin' },
    { username: 'canbo.hamon', displayName: 'Công chức văn hóa xã Hà Mòn', role: 'unit_officer', unit: 'X-HAMON' },
    { username: 'canbo.dakmar', displayName: 'Công chức văn hóa xã Đắk Mar', role: 'unit_officer', unit: 'X-DAKMAR' },
    { username: 'canbo.matkhau', displayName: 'Công chức tư pháp xã Đắk Mar', role: 'unit_officer', unit: 'X-DAKMAR' },
  ]) {
    expect((await admin.post('/accounts', { ...account, password: PASSWORD })).status).toBe(201);
  }
  browser = await launchChromium();
}, 300_000);

endBrowserSuite(pageErrors, () => browser?.close(), () => stack?.stop());

const signedIn = (username: string, password: string): Promise<Page> => signInPage(browser, stack.baseUrl, username, password, { pageErrors });

const accountRow = (page: Page, username: string) => page.locator(`tr[data-account="${username}"]`);
const stored = (username: string) => stack.db.account.findUniqueOrThrow({ where: { username }, include: { unit: true } });

describe('the account pages', () => {
  it('let an admin reset a password, deactivate and reactivate an account, and change its role and unit', async () => {
    const page = await signedIn('quantri.tinh', PASSWORD);
    await page.getByRole('link', { name: 'Tài khoản' }).click();
    await page.getByRole('heading', { name: 'Quản lý tài khoản' }).waitFor();
    await expect(accountRow(page, 'canbo.hamon').textContent()).resolves.toContain('Đang hoạt động');
    await screenshot(page, 'accounts');

    const hamon = accountRow(page, 'canbo.hamon');
    await hamon.locator('summary').click();
    await hamon.locator('form[data-form="reset-password"]').getByLabel('Mật khẩu tạm thời').fill(TEMPORARY);
    await hamon.locator('form[data-form="reset-password"]').getByRole('button', { name: 'Đặt lại mật khẩu' }).click();
    await accountRow(page, 'canbo.hamon').getByText('Chờ đổi mật khẩu').waitFor();
    expect((await stored('canbo.hamon')).mustChangePassword).toBe(true);

    await accountRow(page, 'canbo.dakmar').locator('summary').click();
    await accountRow(page, 'canbo.dakmar').locator('form[data-form="deactivate"]').getByLabel('Lý do').fill('Chuyển công tác');
    await accountRow(page, 'canbo.dakmar').getByRole('button', { name: 'Khóa tài khoản' }).click();
    await accountRow(page, 'canbo.dakmar').getByText('Đã khóa').waitFor();
    expect((await stored('canbo.dakmar')).active).toBe(false);
    await accountRow(page, 'canbo.dakmar').locator('summary').click();
    await accountRow(page, 'canbo.dakmar').getByRole('button', { name: 'Mở khóa tài khoản' }).click();
    await accountRow(page, 'canbo.dakmar').getByText('Đang hoạt động').waitFor();
    expect((await stored('canbo.dakmar')).active).toBe(true);

    await accountRow(page, 'canbo.dakmar').locator('summary').click();
    const change = accountRow(page, 'canbo.dakmar').locator('form[data-form="change-role"]');
    await change.getByLabel('Vai trò').selectOption('unit_head');
    await change.getByLabel('Mã đơn vị (để trống nếu là quản trị)').fill('X-HAMON');
    await change.getByRole('button', { name: 'Đổi vai trò, đơn vị' }).click();
    await accountRow(page, 'canbo.dakmar').locator('td:nth-child(3)', { hasText: 'Lãnh đạo đơn vị' }).waitFor();
    await expect(stored('canbo.dakmar')).resolves.toMatchObject({ role: 'unit_head', unit: { code: 'X-HAMON' } });
    await page.close();
  });

  it('sends a person whose password was reset to "Đổi mật khẩu" at sign-in, and nowhere else until it is changed', async () => {
    const page = await signedIn('canbo.hamon', TEMPORARY);
    await page.getByRole('heading', { name: 'Đổi mật khẩu' }).waitFor();
    await expect(page.getByRole('alert').first().textContent()).resolves.toContain('Quản trị viên đã đặt lại mật khẩu của bạn');
    expect(page.url()).toMatch(/#\/password$/);
    await screenshot(page, 'password-reset');
    // Another page is not reached: the router sends the account back.
    await page.goto(`${stack.baseUrl}/#/inbox`);
    await page.getByRole('heading', { name: 'Đổi mật khẩu' }).waitFor();
    expect(page.url()).toMatch(/#\/password$/);

    const form = page.locator('form[data-form="password"]');
    await form.getByLabel('Mật khẩu hiện tại').fill(TEMPORARY);
    await form.getByLabel('Mật khẩu mới', { exact: true }).fill('mua-xuan-tren-dinh-ngoc-linh');
    await form.getByLabel('Nhập lại mật khẩu mới').fill('mua-xuan-tren-dinh-ngoc-linh');
    await form.getByRole('button', { name: 'Lưu mật khẩu mới' }).click();
    await page.getByRole('heading', { name: 'Việc của Ủy ban nhân dân xã Hà Mòn' }).waitFor();
    expect((await stored('canbo.hamon')).mustChangePassword).toBe(false);
    await page.close();
  });

  it('lets every user change their own password, refusing a wrong current one in Vietnamese; signing out ends the token', async () => {
    const page = await signedIn('canbo.matkhau', PASSWORD);
    await page.getByRole('link', { name: 'Đổi mật khẩu' }).click();
    await page.getByRole('heading', { name: 'Đổi mật khẩu' }).waitFor();
    const form = page.locator('form[data-form="password"]');
    await form.getByLabel('Mật khẩu hiện tại').fill('khong-phai-mat-khau');
    await form.getByLabel('Mật khẩu mới', { exact: true }).fill('song-po-ko-chay-qua-dak-to');
    await form.getByLabel('Nhập lại mật khẩu mới').fill('song-po-ko-chay-qua-dak-to');
    await form.getByRole('button', { name: 'Lưu mật khẩu mới' }).click();
    await expect(form.getByRole('alert').textContent()).resolves.toContain('Mật khẩu hiện tại: không đúng với mật khẩu hiện tại');
    await form.getByLabel('Mật khẩu hiện tại').fill(PASSWORD);
    await form.getByLabel('Nhập lại mật khẩu mới').fill('song-po-ko-chay-qua-dak-lak');
    await form.getByRole('button', { name: 'Lưu mật khẩu mới' }).click();
    await expect(form.getByRole('alert').textContent()).resolves.toContain('Hai lần nhập mật khẩu mới không khớp.');
    await form.getByLabel('Nhập lại mật khẩu mới').fill('song-po-ko-chay-qua-dak-to');
    await form.getByRole('button', { name: 'Lưu mật khẩu mới' }).click();
    await page.getByRole('heading', { name: 'Việc của Ủy ban nhân dân xã Đắk Mar' }).waitFor();
    await expect(httpClient(stack.baseUrl).post('/auth/login', { username: 'canbo.matkhau', password: PASSWORD })).resolves.toMatchObject({ status: 401 });

    const token = (JSON.parse((await page.evaluate("sessionStorage.getItem('plan-engine.session')")) as string) as { token: string }).token;
    expect((await httpClient(stack.baseUrl, token).get('/me')).status).toBe(200);
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.getByRole('button', { name: 'Đăng nhập' }).waitFor();
    expect((await httpClient(stack.baseUrl, token).get('/me')).status).toBe(401);
    await page.close();
  });
});
