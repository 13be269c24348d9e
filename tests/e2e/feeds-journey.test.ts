import fs from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translate, type MessageKey, type MessageParams } from '../../app/i18n/index';
import { DEMO_PASSWORD } from '../../app/services/demo-seed.server';
import { baseUrl, hasChromium, launchBrowser, screenshot, SKIP_REASON, waitForShell } from './support/browser';

/**
 * Issue 4's "Done when", as a vendor analyst new to the portal would do it: an Amazon Connect export and a
 * NICE IEX export (another day) for the hotline site, one NICE file rejected, the error report
 * read, the file fixed and accepted, then a corrected Connect day re-uploaded and seen as a new revision.
 * Steps share state and run in order.
 */

const t = (key: MessageKey, params?: MessageParams) => translate('en', key, params);
const ANALYST = 'analyst@vendor-a.test';
const HOTLINE_UNIT = 'Vendor A Kaohsiung site';

/** Days in the last month, so the files look like this month's reporting (UTC dates). */
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
const CONNECT_DAY = daysAgo(12);
const NICE_DAY = daysAgo(11);

const CONNECT_HEADER =
  'Queue,StartInterval,EndInterval,Contacts queued,Contacts handled,Contacts abandoned,Contacts answered in 20 seconds,Contacts abandoned in 20 seconds,Average queue answer time,Average handle time,Average customer hold time,After contact work time';

/** Amazon Connect historical metrics, half-hour intervals, both hotline queues (08:00-09:00 Taipei). */
function connectExport(day: string, standardOffered: number): string {
  const rows = [CONNECT_HEADER];
  for (const [start, end] of [
    ['00:00', '00:30'],
    ['00:30', '01:00'],
  ]) {
    rows.push(`Standard line,${day}T${start}:00.000Z,${day}T${end}:00.000Z,${standardOffered},${standardOffered - 6},6,${standardOffered - 20},2,14,0:05:12,0:00:20,0:00:45`);
    rows.push(`Platinum line,${day}T${start}:00.000Z,${day}T${end}:00.000Z,30,29,1,27,0,8,0:06:01,0:00:15,0:00:50`);
  }
  return rows.join('\r\n') + '\r\n';
}

/**
 * NICE IEX ctQueue (pipe-delimited; date mmddyyyy, period hhmm, local to TZ) for the hotline's two voice
 * queues: the template has no channel column and reads every row as voice, so a chat or e-mail queue
 * (the digital desk's) would be refused.
 */
function niceExport(day: string, options: { brokenHandled?: boolean } = {}): string {
  const [y, m, d] = day.split('-');
  const date = `${m}${d}${y}`;
  const rows = ['date|period|TZ|queue|offered|handled|abandoned|talk_seconds|ACW_Seconds|ACW_Time'];
  for (const period of ['0900', '0915', '0930', '0945']) {
    rows.push(`${date}|${period}|Asia/Taipei|Standard line|20|19|1|3800|950|15:50`);
    rows.push(`${date}|${period}|Asia/Taipei|Platinum line|12|12|0|2400|600|10:00`);
  }
  if (options.brokenHandled) rows[3] = `${date}|0915|Asia/Taipei|Standard line|20|1O|1|3800|950|15:50`;
  return rows.join('\n') + '\n';
}

const journey: { firstConnectRevision?: number; firstConnectUrl?: string; rejectedUrl?: string } = {};
function needs<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`an earlier step did not finish: ${what} is missing`);
  return value;
}

const h1 = (page: Page, name: string) => page.getByRole('heading', { level: 1, name, exact: true });

describe.skipIf(!hasChromium)(`vendor analyst uploads, fixes and revises KPI feeds in Chromium${hasChromium ? '' : ` (${SKIP_REASON})`}`, () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    context.setDefaultTimeout(20_000);
    page = await context.newPage();
    await page.goto(`${baseUrl()}/login`);
    await page.getByLabel(t('login.email'), { exact: true }).fill(ANALYST);
    await page.getByLabel(t('login.password'), { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: t('login.submit') }).click();
    await waitForShell(page);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  /** From the KPI feeds page: pick the unit's upload link, the file, preview, then commit; ends on the upload page. */
  async function uploadThroughForm(unit: string, fileName: string, content: string, expectTemplate: string) {
    await page.getByRole('navigation', { name: t('nav.main') }).getByRole('link', { name: t('nav.feeds') }).click();
    await h1(page, t('feedsUi.index.title')).waitFor();
    await page.getByRole('link', { name: t('feedsUi.index.uploadFor', { unit }) }).click();
    await h1(page, t('feedsUi.upload.title')).waitFor();
    expect(await page.getByLabel(t('feedsUi.upload.unit')).locator('option:checked').innerText()).toContain(unit);
    await page.getByLabel(t('feedsUi.upload.file'), { exact: true }).setInputFiles({ name: fileName, mimeType: 'text/csv', buffer: Buffer.from(content) });
    await page.getByRole('button', { name: t('feedsUi.upload.preview') }).click();
    await page.getByText(t('feedsUi.upload.detected', { label: expectTemplate })).waitFor();
    await screenshot(page, `feeds-preview-${fileName}`);
    await page.getByRole('button', { name: t('feedsUi.upload.commit') }).click();
    await page.waitForURL(/\/app\/feeds\/uploads\/[0-9a-f-]{36}/);
    await h1(page, t('feedsUi.detail.title', { file: fileName })).waitFor();
  }

  const facts = async () => page.getByTestId('upload-facts').innerText();

  it('uploads an Amazon Connect export for the hotline site: accepted with 4 rows', async () => {
    await uploadThroughForm(HOTLINE_UNIT, `connect-${CONNECT_DAY}.csv`, connectExport(CONNECT_DAY, 120), 'Amazon Connect historical metrics');
    expect(await facts()).toContain(t('feedsUi.status.accepted'));
    expect(await page.getByTestId('rows-accepted').innerText()).toBe('4');
    journey.firstConnectRevision = Number(await page.getByTestId('revision').innerText());
    journey.firstConnectUrl = page.url();
    await screenshot(page, 'feeds-connect-accepted');
  });

  it('uploads a NICE export with a typo: rejected, every issue listed, the error report downloads', async () => {
    await uploadThroughForm(HOTLINE_UNIT, `ctQueue_${NICE_DAY}.txt`, niceExport(NICE_DAY, { brokenHandled: true }), 'NICE IEX queue export (ctQueue)');
    await screenshot(page, 'feeds-nice-rejected');
    expect(await facts()).toContain(t('feedsUi.status.rejected'));
    const issue = page.getByTestId('issue-row').filter({ hasText: '1O' });
    const cells = await issue.locator('td').allInnerTexts();
    expect(cells[0]).toBe('4');
    expect(cells[1]).toBe('handled');
    expect(cells[2]).toBe('1O');
    const downloading = page.waitForEvent('download');
    await page.getByRole('link', { name: t('feedsUi.detail.downloadCsv') }).click();
    const download = await downloading;
    const report = fs.readFileSync(await download.path());
    expect([...report.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(report.toString('utf8')).toContain('4,handled,1O,');
    journey.rejectedUrl = page.url();
  });

  it('fixes the file from the report and uploads it again: accepted', async () => {
    needs(journey.rejectedUrl, 'the rejected upload');
    await page.getByRole('link', { name: t('feedsUi.detail.uploadAgain') }).click();
    await h1(page, t('feedsUi.upload.title')).waitFor();
    await uploadThroughForm(HOTLINE_UNIT, `ctQueue_${NICE_DAY}-fixed.txt`, niceExport(NICE_DAY), 'NICE IEX queue export (ctQueue)');
    expect(await facts()).toContain(t('feedsUi.status.accepted'));
    expect(await page.getByTestId('rows-accepted').innerText()).toBe('8');
    await screenshot(page, 'feeds-nice-fixed');
  });

  it('re-uploads a corrected Connect day: a new revision, with the replaced totals in the history', async () => {
    const first = needs(journey.firstConnectRevision, 'the first Connect upload');
    await uploadThroughForm(HOTLINE_UNIT, `connect-${CONNECT_DAY}-corrected.csv`, connectExport(CONNECT_DAY, 126), 'Amazon Connect historical metrics');
    expect(await facts()).toContain(t('feedsUi.status.accepted'));
    expect(Number(await page.getByTestId('revision').innerText())).toBe(first + 1);
    const history = await page.getByTestId('revision-history').innerText();
    expect(history).toContain(`connect-${CONNECT_DAY}.csv`);
    expect(history).toContain(`connect-${CONNECT_DAY}-corrected.csv`);
    const totals = await page.getByTestId('revision-totals').last().innerText();
    // offered: 2 × (120 + 30) before, 2 × (126 + 30) after.
    expect(totals).toMatch(/offered\s+300\s+312\s+12/);
    await screenshot(page, 'feeds-connect-revision');
    await page.getByRole('navigation', { name: t('nav.main') }).getByRole('link', { name: t('nav.feeds') }).click();
    await h1(page, t('feedsUi.index.title')).waitFor();
    await screenshot(page, 'feeds-index');
  });
});
