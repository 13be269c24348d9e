import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { CHROMIUM_PATH } from './chromium';

export { hasChromium, SKIP_REASON } from './chromium';

export const SCREENSHOT_DIR = path.resolve('test-output/e2e');

/** Flags that keep Chromium quiet on a machine without network access, and runnable as root. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

/** The production server started by tests/e2e/support/global-server.ts. */
export function baseUrl(): string {
  const url = inject('e2eBaseUrl');
  if (!url) throw new Error('the e2e server was not started (is Chromium installed?)');
  return url;
}

/** Signs in through the login form and waits for the app shell. */
export async function logIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl()}/login`);
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('form button[type="submit"]').click();
  await waitForShell(page);
}

/**
 * Waits for the signed-in shell to be drawn: after a client-side navigation the URL can change before
 * React commits the new page, so the URL alone is not enough.
 */
export async function waitForShell(page: Page): Promise<void> {
  await page.waitForURL(/\/app$/);
  await page.getByTestId('active-org').waitFor();
}

/** The labels of the main navigation as shown. */
export async function navLabels(page: Page): Promise<string[]> {
  const links = page.locator('aside.sidebar nav a');
  return (await links.allInnerTexts()).map((text) => text.trim());
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name.replace(/[^\w.-]+/g, '-')}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
