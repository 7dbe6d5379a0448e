/**
 * What the browser tests share: Debian's Chromium driven by playwright-core (test tools cannot
 * download their own browser here), signing in through the login page, and where screenshots go.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { projectPath } from '../../platform/project-root';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Without the background-networking flags Chromium keeps dialling out, and this network refuses it. */
export const launchChromium = (): Promise<Browser> =>
  chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });

export interface SignInOptions {
  viewport?: { width: number; height: number };
  /** Collects the page's script errors, each prefixed with `label` when given. */
  pageErrors: string[];
  label?: string;
  /** The address to open, such as a notice's link to one page (`/#/assignments/…`): the login form shows first. */
  path?: string;
}

/** A new page signed in through the login form, once the signed-in header shows. */
export async function signInPage(browser: Browser, baseUrl: string, username: string, password: string, options: SignInOptions): Promise<Page> {
  const page = await browser.newPage({ viewport: options.viewport ?? { width: 1366, height: 900 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  page.on('pageerror', (error) => options.pageErrors.push(options.label ? `${options.label}: ${error.message}` : error.message));
  await page.goto(`${baseUrl}${options.path ?? ''}`);
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('button', { name: 'Đăng xuất' }).waitFor();
  return page;
}

/**
 * Where the browser tests save their screenshots: test/artifacts/screenshots (ignored by git),
 * so a test run leaves the work tree as it found it. `npm run screenshots` sets
 * SCREENSHOTS_DIR=docs/screenshots to renew the pictures the README shows.
 */
function screenshotsDir(): string {
  const dir = process.env.SCREENSHOTS_DIR ? path.resolve(projectPath(), process.env.SCREENSHOTS_DIR) : projectPath('test', 'artifacts', 'screenshots');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** The whole page as `<name>.png` in the screenshots folder. */
export const screenshot = (page: Page, name: string) => page.screenshot({ path: path.join(screenshotsDir(), `${name}.png`), fullPage: true });

/**
 * What every browser suite ends with: after each test, no page threw; after the last, what the
 * suite started is stopped, one after another, in the order given.
 */
export function endBrowserSuite(pageErrors: readonly string[], ...stops: (() => Promise<unknown> | undefined)[]): void {
  afterEach(() => {
    expect(pageErrors).toEqual([]);
  });
  afterAll(async () => {
    for (const stop of stops) await stop();
  });
}
