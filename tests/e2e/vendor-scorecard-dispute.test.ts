import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translate, type MessageKey, type MessageParams } from '../../app/i18n/index';
import { DEMO_PASSWORD } from '../../app/services/demo-seed.server';
import { hasChromium, launchBrowser, logIn, screenshot, SKIP_REASON } from './support/browser';

/**
 * The vendor analyst's side of issue 5, as Vendor B's analyst: a feed file from the bad-file corpus
 * (tests/fixtures/feeds-bad: a row handling more contacts than were offered) is rejected, the error report
 * names the row and column, the fixed file is accepted; then the analyst reads the VIP contract's
 * scorecard (their own contract only) and raises a dispute, which the bank sees as open. The fuller
 * upload journey (templates, error-report download, revisions) is tests/e2e/feeds-journey.test.ts.
 * Steps share state and run in order.
 */

const t = (key: MessageKey, params?: MessageParams) => translate('en', key, params);
const ANALYST = 'analyst@vendor-b.test';
const UNIT = 'Vendor B Taichung VIP desk';
const CONTRACT = 'VIP securities line – Vendor B';
const BAD_FILE = 'answered-gt-offered.csv';
const REASON = 'Typhoon Krathon: the Taichung site was closed by government order that evening.';

const h1 = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name });
const nav = (page: Page, label: MessageKey) => page.getByRole('navigation', { name: t('nav.main') }).getByRole('link', { name: t(label), exact: true });

describe.skipIf(!hasChromium)(`vendor analyst fixes a rejected feed, reads the scorecard and raises a dispute in Chromium${hasChromium ? '' : ` (${SKIP_REASON})`}`, () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const bad = fs.readFileSync(path.resolve('tests/fixtures/feeds-bad', BAD_FILE), 'utf8');

  beforeAll(async () => {
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(30_000);
    page = await context.newPage();
    await logIn(page, ANALYST, DEMO_PASSWORD);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  async function upload(fileName: string, content: string) {
    await nav(page, 'nav.feeds').click();
    await h1(page, t('feedsUi.index.title')).waitFor();
    await page.getByRole('link', { name: t('feedsUi.index.uploadFor', { unit: UNIT }) }).click();
    await h1(page, t('feedsUi.upload.title')).waitFor();
    await page.getByLabel(t('feedsUi.upload.file'), { exact: true }).setInputFiles({ name: fileName, mimeType: 'text/csv', buffer: Buffer.from(content) });
    await page.getByRole('button', { name: t('feedsUi.upload.preview') }).click();
    await page.getByRole('button', { name: t('feedsUi.upload.commit') }).click();
    await page.waitForURL(/\/app\/feeds\/uploads\/[0-9a-f-]{36}/);
    await h1(page, t('feedsUi.detail.title', { file: fileName })).waitFor();
  }

  it('uploads a file whose second row handled more than offered: rejected, the report names row 3, column handled', async () => {
    await upload(BAD_FILE, bad);
    expect(await page.getByTestId('upload-facts').innerText()).toContain(t('feedsUi.status.rejected'));
    const cells = await page.getByTestId('issue-row').first().locator('td').allInnerTexts();
    expect(cells[0]).toBe('3');
    expect(cells[1]).toBe('handled');
    expect(cells[2]).toBe('31');
    await screenshot(page, 'vendor-feed-rejected');
  });

  it('fixes the row and uploads again: accepted', async () => {
    const fixed = bad.replace('15,VIP line,voice,20,30,31,', '15,VIP line,voice,20,30,28,');
    expect(fixed).not.toBe(bad);
    await upload(BAD_FILE.replace('.csv', '-fixed.csv'), fixed);
    expect(await page.getByTestId('upload-facts').innerText()).toContain(t('feedsUi.status.accepted'));
    await screenshot(page, 'vendor-feed-fixed');
  });

  it('reads the scorecard of its own contract only', async () => {
    await nav(page, 'nav.contracts').click();
    await expect(page.getByRole('link', { name: 'Credit-card hotline – Vendor A', exact: true }).count()).resolves.toBe(0);
    await page.getByRole('link', { name: CONTRACT, exact: true }).click();
    await page.getByRole('link', { name: t('sla.scorecard.link'), exact: true }).click();
    await h1(page, t('sla.scorecard.title', { name: CONTRACT })).waitFor();
    await page.getByLabel(t('sla.scorecard.from')).fill('2026-01');
    await page.getByLabel(t('sla.scorecard.to')).fill('2026-06');
    await page.getByRole('button', { name: t('sla.scorecard.show') }).click();
    const grid = page.getByTestId('scorecard-grid');
    await expect.poll(async () => (await grid.locator('thead th[data-month]').allInnerTexts()).join(',')).toBe('2026-01,2026-02,2026-03,2026-04,2026-05,2026-06');
    // Every month of the range has results, evaluated at seed time; January's bad week misses service level.
    const statuses = await grid.locator('tbody td').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-status')));
    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses).not.toContain('none');
    const serviceLevel = grid.locator('tbody tr', { has: page.locator('th', { hasText: t('contractsUi.kpi.service_level') }) });
    expect(await serviceLevel.locator('td').first().getAttribute('data-status')).toBe('missed');
    expect(await page.getByTestId('month-actions').count()).toBe(0);
    await screenshot(page, 'vendor-scorecard');
  });

  it('raises a dispute for a span of its unit, open for the bank to decide', async () => {
    await nav(page, 'nav.disputes').click();
    await h1(page, t('sla.disputes.title')).waitFor();
    await page.getByLabel(t('sla.disputes.unit'), { exact: true }).selectOption({ label: `${UNIT} (VIP securities line, Asia/Taipei)` });
    await page.getByLabel(t('sla.disputes.spanStart'), { exact: true }).fill('2026-10-03T18:00');
    await page.getByLabel(t('sla.disputes.spanEnd'), { exact: true }).fill('2026-10-03T21:00');
    await page.getByLabel(t('sla.disputes.reason'), { exact: true }).fill(REASON);
    await page.getByRole('button', { name: t('sla.disputes.submit') }).click();
    await page.waitForURL(/\/app\/disputes\/[0-9a-f-]{36}\?raised=1/);
    await page.locator('[data-testid="dispute-status"][data-status="open"]').waitFor();
    expect(await page.getByTestId('dispute-facts').innerText()).toContain(REASON);
    await screenshot(page, 'vendor-dispute-raised');
  });
});
