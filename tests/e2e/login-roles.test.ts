import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { navItemsFor } from '../../app/components/nav-items';
import { translate, type Locale } from '../../app/i18n/index';
import type { OrgKind, Role } from '../../app/domain/permissions';
import { DEMO_ORGS, DEMO_PASSWORD } from '../../app/services/demo-seed.server';
import { baseUrl, hasChromium, launchBrowser, logIn, navLabels, screenshot, SKIP_REASON, waitForShell } from './support/browser';

const DEMO_LOGINS = DEMO_ORGS.flatMap((org) => org.people.map((person) => ({ ...person, orgName: org.name, kind: org.kind })));

const expectedNav = (role: Role, kind: OrgKind, locale: Locale) => navItemsFor(role, kind).map((item) => translate(locale, item.label));

describe.skipIf(!hasChromium)(`signing in as each demo role in Chromium${hasChromium ? '' : ` (${SKIP_REASON})`}`, () => {
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());
  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  });
  afterEach(() => context?.close());

  it.each(DEMO_LOGINS)('$email ($role) sees the navigation of that role and the acting org', async ({ email, role, kind, orgName }) => {
    const page = await context.newPage();
    await logIn(page, email, DEMO_PASSWORD);
    expect(await navLabels(page)).toEqual(expectedNav(role, kind, 'en'));
    await expect(page.getByTestId('active-org').innerText()).resolves.toContain(orgName);
    await screenshot(page, `nav-${role}-${email}`);
  });

  it('in zh-TW, chosen before signing in, the navigation is in Traditional Chinese', async () => {
    const page = await context.newPage();
    await page.goto(`${baseUrl()}/set-language?lang=zh-TW&back=/login`);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('zh-TW');
    await logIn(page, 'pm@demo-bank.test', DEMO_PASSWORD);
    const labels = await navLabels(page);
    expect(labels).toEqual(expectedNav('program_manager', 'client', 'zh-TW'));
    expect(labels).not.toEqual(expectedNav('program_manager', 'client', 'en'));
    await screenshot(page, 'nav-program_manager-zh-TW');
  });

  it('the login form can be completed with the keyboard alone (Tab, typing, Enter)', async () => {
    const page = await context.newPage();
    await page.goto(`${baseUrl()}/login`);
    const focusedName = () => page.evaluate(() => document.activeElement?.getAttribute('name') ?? document.activeElement?.tagName ?? null);
    for (let presses = 0; (await focusedName()) !== 'email'; presses += 1) {
      if (presses >= 10) throw new Error(`Tab never reached the e-mail field (focus on ${await focusedName()})`);
      await page.keyboard.press('Tab');
    }
    await page.keyboard.type('finance@demo-bank.test');
    await page.keyboard.press('Tab');
    expect(await focusedName()).toBe('password');
    await page.keyboard.type(DEMO_PASSWORD);
    await page.keyboard.press('Enter');
    await waitForShell(page);
    expect(await navLabels(page)).toEqual(expectedNav('finance', 'client', 'en'));
    await screenshot(page, 'keyboard-login-finance');
  });
});
