import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translate, type MessageKey, type MessageParams } from '../../app/i18n/index';
import { IMPORT_HEADER } from '../../app/services/costs/import.server';
import { DEMO_PASSWORD } from '../../app/services/demo-seed.server';
import { DEMO_UNITS } from '../../app/services/demo-story';
import { hasChromium, launchBrowser, logIn, screenshot, SKIP_REASON } from './support/browser';

/**
 * Issue 6's "Done when", in the browser, on the demo as seeded at start: the demo bank's finance user, as a
 * new user would, finds the Taipei in-house centre's costs from its unit page, downloads the CSV import
 * template, fills its six months with figures of its own, uploads it, checks the preview and imports it;
 * then opens the hotline's in-house vs outsourced comparison for those six months and finds every month for
 * the in-house and the vendor unit, the in-house cost per contact equal to the file's total over the
 * handled contacts the page shows (computed here in integer minor units), the quality columns and charts,
 * and the Erlang C counterfactual beside them, priced at the imported months' loaded hourly cost. Vendor
 * A's analyst is then refused every one of those pages.
 *
 * Order: the template's months end with the latest closed month, which tests/e2e/finance-journey.test.ts
 * also edits (its training line, relative to what the form shows). Either order holds: that journey reads
 * whatever is stored and checks only its own figures, and this one replaces all six months with its file
 * and checks only those. Steps share state and run in order.
 */

const t = (key: MessageKey, params?: MessageParams) => translate('en', key, params);
const FINANCE = 'finance@demo-bank.test';
const VENDOR_ANALYST = 'analyst@vendor-a.test';
const PROGRAM = 'Credit-card inbound hotline';
const TAIPEI = DEMO_UNITS.taipei;
const VENDOR_UNIT = DEMO_UNITS.vendorAHotline;
/** The comparison computes the Erlang C counterfactual of every vendor interval (see finance-journey). */
const COMPARISON_MS = 60_000;
/** Paid hours of one FTE-month in the counterfactual (app/domain/costs/counterfactual.ts HOURS_PER_FTE_MONTH). */
const HOURS_PER_FTE_MONTH = 168n;

const h1 = (page: Page, name: string) => page.getByRole('heading', { level: 1, name, exact: true });
const nav = (page: Page, label: MessageKey) => page.getByRole('navigation', { name: t('nav.main') }).getByRole('link', { name: t(label), exact: true });
const mainLink = (page: Page, name: string) => page.locator('main').getByRole('link', { name, exact: true });

/** Money as the page shows it ("NT$1,234.50") in minor units, exactly (TWD: 2 digits). */
function minorOf(text: string): bigint {
  const value = text.trim();
  const digits = value.replace(/[^\d.]/g, '');
  const [whole = '', fraction = ''] = digits.split('.');
  expect(fraction.length, value).toBeLessThanOrEqual(2);
  const minor = BigInt(`${whole}${fraction.padEnd(2, '0')}`);
  return /[-−]/.test(value) ? -minor : minor;
}
/** The amount a cell shows before its note ("NT$1,234.00 (not priced: Per FTE-month)"): the note may hold a hyphen. */
const moneyBeforeNote = (text: string) => minorOf(text.split('(')[0]!);
/** The first count a cell shows ("12,345", "2,976 (3 rows left out)"). */
const countOf = (text: string) => BigInt((text.match(/\d[\d,]*/)?.[0] ?? '').replace(/,/g, '') || 'x');
/** a / b rounded half up, for positive integers. */
const halfUp = (a: bigint, b: bigint) => (2n * a + b) / (2n * b);
/** A decimal string with at most two places ("95.5", "61234.57") in hundredths. */
const hundredths = (decimal: string) => {
  const [whole, fraction = ''] = decimal.split('.');
  return BigInt(`${whole}${fraction.padEnd(2, '0')}`);
};

/** One month of the file, as typed into the CSV (major units), and its figures by hand. */
interface MonthFigures {
  month: string;
  agentFte: string;
  productiveHours: string;
  loadedCostPerFte: string;
  other: Record<'supervision' | 'facilities' | 'technology' | 'telecom' | 'training' | 'overhead', string>;
}
/** The month's total: FTE × loaded cost rounded half up once, plus the other categories (DOMAIN.md "In-house vs outsourced"). */
function totalMinor(m: MonthFigures): bigint {
  const labour = halfUp(hundredths(m.agentFte) * hundredths(m.loadedCostPerFte), 100n);
  return Object.values(m.other).reduce((sum, amount) => sum + hundredths(amount), labour);
}
/** The counterfactual's cost of one paid in-house hour: (FTE × loaded cost + other) / (FTE × 168), half up. */
function hourlyMinor(m: MonthFigures): bigint {
  const fte = hundredths(m.agentFte);
  const other = Object.values(m.other).reduce((sum, amount) => sum + hundredths(amount), 0n);
  return halfUp(fte * hundredths(m.loadedCostPerFte) + 100n * other, fte * HOURS_PER_FTE_MONTH);
}
/** Six months of a Taipei centre that differ from the demo's own (so the import visibly changes them); shrinkage 30 %. */
function figuresFor(month: string, index: number): MonthFigures {
  const fte = (92 + index * 1.5).toFixed(1); // 92.0, 93.5, … 99.5: half-FTEs exercise the one rounding
  return {
    month,
    agentFte: fte,
    productiveHours: ((Number(fte) * 168 * 7) / 10).toFixed(2),
    loadedCostPerFte: '61234.57',
    other: {
      supervision: String(1_010_000 + index * 10_000),
      facilities: '733333.33',
      technology: '512345.67',
      telecom: String(455_000 + index * 1_000),
      training: '230000.5',
      overhead: '468000',
    },
  };
}

const journey: { unitCostsUrl?: string; importUrl?: string; comparisonUrl?: string; months?: MonthFigures[] } = {};
function needs<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`an earlier step did not finish: ${what} is missing`);
  return value;
}

describe.skipIf(!hasChromium)(`finance imports six months of in-house costs and compares them with the vendor in Chromium${hasChromium ? '' : ` (${SKIP_REASON})`}`, () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'outpost-inhouse-'));

  beforeAll(async () => {
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    context.setDefaultTimeout(30_000);
    page = await context.newPage();
    await logIn(page, FINANCE, DEMO_PASSWORD);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("1. finds the Taipei centre's costs from its unit page and downloads the CSV template: six months to fill", async () => {
    await nav(page, 'nav.programs').click();
    await mainLink(page, PROGRAM).click();
    await h1(page, PROGRAM).waitFor();
    await page.getByTestId('unit-row').getByRole('link', { name: TAIPEI, exact: true }).click();
    await h1(page, TAIPEI).waitFor();
    await mainLink(page, t('costs.unitLink')).click();
    await h1(page, t('costs.page.title', { unit: TAIPEI })).waitFor();
    journey.unitCostsUrl = page.url();
    await mainLink(page, t('costs.import.link')).click();
    await h1(page, t('costs.import.title', { unit: TAIPEI })).waitFor();
    journey.importUrl = page.url();

    const downloading = page.waitForEvent('download');
    await mainLink(page, t('costs.import.templateCsv')).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('in-house-costs-template.csv');
    const text = fs.readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '');
    const [header, ...rows] = text.split(/\r?\n/).filter((line) => line.length > 0);
    expect(header!.split(',')).toEqual(IMPORT_HEADER);
    const cells = rows.map((row) => row.split(','));
    expect(cells.map((c) => c[0])).toEqual(Array(6).fill(TAIPEI));
    const months = cells.map((c) => c[1]!);
    expect(months).toEqual([...months].sort());
    expect(new Set(months).size).toBe(6);
    // Consecutive calendar months.
    for (const [i, month] of months.entries()) {
      if (i === 0) continue;
      const [y, m] = months[i - 1]!.split('-').map(Number) as [number, number];
      expect(month).toBe(m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`);
    }
    // Every figure column is blank, for finance to fill.
    expect(cells.every((c) => c.slice(2).every((v) => v === ''))).toBe(true);
    journey.months = months.map(figuresFor);
    await screenshot(page, 'inhouse-1-import-page');
  });

  it('2. uploads the filled template through the labelled file field, checks the preview and imports it', async () => {
    const months = needs(journey.months, 'the template (step 1)');
    const lines = [
      IMPORT_HEADER.join(','),
      ...months.map((m) => [TAIPEI, m.month, m.agentFte, m.productiveHours, m.loadedCostPerFte, m.other.supervision, m.other.facilities, m.other.technology, m.other.telecom, m.other.training, m.other.overhead].join(',')),
    ];
    // The column order the template gave, checked against the row just written.
    expect(IMPORT_HEADER).toEqual(['unit', 'month', 'agent_fte', 'productive_hours', 'loaded_cost_per_fte', 'supervision', 'facilities', 'technology', 'telecom', 'training', 'overhead']);
    const file = path.join(tmp, 'taipei-costs.csv');
    fs.writeFileSync(file, `${lines.join('\r\n')}\r\n`);

    // The file field has a label (found by it), and the form is reachable from it with the keyboard.
    const input = page.getByLabel(t('costs.import.file'), { exact: true });
    expect(await input.getAttribute('type')).toBe('file');
    await input.setInputFiles(file);
    await input.focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe(t('costs.import.preview'));
    await page.keyboard.press('Enter');

    const preview = page.getByTestId('import-preview');
    await preview.waitFor();
    expect(await page.getByTestId('import-issues').count()).toBe(0);
    await page.getByRole('heading', { level: 2, name: t('costs.import.previewTitle', { count: 6 }), exact: true }).waitFor();
    const previewRows = await preview.locator('tbody tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')));
    expect(previewRows.map((r) => [r[1], r[2]])).toEqual(months.map((m) => [TAIPEI, m.month]));
    expect(previewRows.map((r) => minorOf(r[3]!))).toEqual(months.map(totalMinor));
    // The demo already holds every month: the preview says the file replaces them.
    expect(previewRows.every((r) => r[4] === t('costs.import.replaces'))).toBe(true);
    expect(await page.locator('main').innerText()).toContain(t('costs.import.readyToCommit', { rows: 6, file: 'taipei-costs.csv' }));
    await screenshot(page, 'inhouse-2a-preview');

    await page.getByRole('button', { name: t('costs.import.commitChecked'), exact: true }).click();
    await h1(page, t('costs.page.title', { unit: TAIPEI })).waitFor();
    await page.getByRole('status').filter({ hasText: t('costs.import.done', { count: 6 }) }).waitFor();
    const table = page.getByTestId('in-house-costs');
    for (const m of months) {
      const row = table.locator(`tbody tr[data-month="${m.month}"]`);
      expect(minorOf(await row.getByTestId('month-total').innerText()), m.month).toBe(totalMinor(m));
      expect(await row.innerText()).toContain(t('costs.source.file', { file: 'taipei-costs.csv' }));
    }
    await screenshot(page, 'inhouse-2b-imported');
  });

  it("3. the program's comparison for those six months: both units every month, cost per contact by hand, quality, charts, and the Erlang C counterfactual", async () => {
    const months = needs(journey.months, 'the imported months (step 2)');
    const first = months[0]!.month;
    const last = months.at(-1)!.month;
    await mainLink(page, t('costs.comparison.link')).click();
    await h1(page, t('costs.comparison.title', { program: PROGRAM })).waitFor({ timeout: COMPARISON_MS });
    await page.getByLabel(t('costs.comparison.from'), { exact: true }).fill(first);
    await page.getByLabel(t('costs.comparison.to'), { exact: true }).fill(last);
    await page.getByRole('button', { name: t('costs.comparison.show'), exact: true }).click();
    const table = page.getByTestId('comparison-table');
    // The URL changes before the new table is drawn: wait for exactly the months asked for.
    await expect
      .poll(async () => [...new Set(await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-month'))))].join(','), { timeout: COMPARISON_MS })
      .toBe(months.map((m) => m.month).join(','));
    journey.comparisonUrl = page.url();
    expect(new URL(page.url()).searchParams.get('from')).toBe(first);

    // Quality beside cost: the columns of the KPIs.
    const headers = (await table.locator('thead th').allInnerTexts()).map((h) => h.trim());
    for (const key of ['costs.comparison.totalCost', 'costs.comparison.handled', 'costs.comparison.costPerContact', 'costs.comparison.costPerMinute', 'costs.kpiShort.service_level', 'costs.kpiShort.asa', 'costs.kpiShort.aht', 'costs.kpiShort.abandonment_rate', 'costs.kpiShort.fcr', 'costs.kpiShort.csat', 'costs.kpiShort.qa_score'] as const) {
      expect(headers, key).toContain(t(key));
    }

    const unitRow = (month: string, unit: string): Locator => table.locator(`tbody tr[data-month="${month}"]`, { has: page.locator('th[scope="row"]', { hasText: unit }) });
    const cell = async (row: Locator, col: string) => (await row.locator(`[data-col="${col}"]`).innerText()).trim();
    const handCalc: { month: string; total: bigint; handled: bigint; perContact: bigint }[] = [];
    for (const m of months) {
      const inHouse = unitRow(m.month, TAIPEI);
      const vendor = unitRow(m.month, VENDOR_UNIT);
      expect(await inHouse.count(), `${TAIPEI} ${m.month}`).toBe(1);
      expect(await vendor.count(), `${VENDOR_UNIT} ${m.month}`).toBe(1);
      expect(await inHouse.locator('th[scope="row"]').innerText()).toContain(t('costs.kind.in_house'));
      expect(await vendor.locator('th[scope="row"]').innerText()).toContain(t('costs.kind.vendor'));

      // Taipei has no transition cost: its month costs exactly the file's total.
      const total = minorOf(await cell(inHouse, 'total'));
      expect(total, m.month).toBe(totalMinor(m));
      const handled = countOf(await cell(inHouse, 'handled'));
      expect(handled, m.month).toBeGreaterThan(0n);
      const perContact = minorOf(await cell(inHouse, 'cpc'));
      expect(perContact, `${m.month}: ${total} / ${handled}`).toBe(halfUp(total, handled));
      handCalc.push({ month: m.month, total, handled, perContact });
      expect(minorOf(await cell(inHouse, 'cpm'))).toBeGreaterThan(0n);

      expect(minorOf(await cell(vendor, 'total'))).toBeGreaterThan(0n);
      const vendorHandled = countOf(await cell(vendor, 'handled'));
      expect(vendorHandled).toBeGreaterThan(0n);
      expect(minorOf(await cell(vendor, 'cpc'))).toBe(halfUp(minorOf(await cell(vendor, 'total')), vendorHandled));
      // Measured quality for both units every month.
      for (const row of [inHouse, vendor]) {
        for (const kpi of ['service_level', 'asa', 'aht', 'abandonment_rate']) {
          expect(await cell(row, kpi), `${kpi} ${m.month}`).toMatch(/\d/);
        }
      }
    }
    // The hand calculation brackets the page's figure: |cost per contact × handled − total| ≤ handled / 2.
    for (const { month, total, handled, perContact } of handCalc) {
      const off = perContact * handled - total;
      expect(2n * (off < 0n ? -off : off) <= handled, month).toBe(true);
    }

    // The charts over time: cost per contact and per minute, and one per KPI, each a drawn canvas.
    const charts = page.locator('section', { has: page.getByRole('heading', { level: 2, name: t('costs.comparison.chartsTitle'), exact: true }) });
    await expect.poll(() => charts.locator('canvas').count()).toBeGreaterThanOrEqual(9);
    await expect.poll(() => charts.locator('canvas').first().evaluate((c) => (c as HTMLCanvasElement).width)).toBeGreaterThan(0);

    // The Erlang C counterfactual beside them: one titled panel, a chart, and the vendor unit's months
    // priced at the imported months' cost of a paid in-house hour.
    const panel = page.getByTestId('counterfactual-panel');
    await panel.waitFor();
    expect(await page.locator('#counterfactual-title').count()).toBe(1);
    await panel.getByRole('heading', { level: 2, name: t('whatIf.cf.title'), exact: true }).waitFor();
    await expect.poll(() => panel.locator('canvas').count()).toBeGreaterThanOrEqual(1);
    const forward = panel.getByTestId('counterfactual-forward').filter({ has: page.locator('caption', { hasText: VENDOR_UNIT }) });
    expect(await forward.count()).toBe(1);
    const forwardHeaders = (await forward.locator('thead th').allInnerTexts()).map((h) => h.trim());
    const fcol = (key: MessageKey) => {
      const index = forwardHeaders.indexOf(t(key));
      expect(index, key).toBeGreaterThan(0);
      return index;
    };
    for (const m of months) {
      const cells = await forward.locator('tbody tr', { has: page.locator('th', { hasText: m.month }) }).locator('th, td').allInnerTexts();
      expect(cells.length, m.month).toBe(forwardHeaders.length);
      expect(moneyBeforeNote(cells[fcol('whatIf.cf.hourlyCost')]!), m.month).toBe(hourlyMinor(m));
      expect(cells[fcol('whatIf.cf.shrinkage')]).toMatch(/^30\.0\s?%/);
      expect(countOf(cells[fcol('whatIf.cf.intervals')]!)).toBeGreaterThan(0n);
      expect(moneyBeforeNote(cells[fcol('whatIf.cf.inHouseCost')]!)).toBeGreaterThan(0n);
      expect(moneyBeforeNote(cells[fcol('whatIf.cf.vendorCost')]!)).toBeGreaterThan(0n);
    }
    // The reverse view: the in-house volume at the vendor's rate card, beside the in-house cost as imported.
    const reverse = panel.getByTestId('counterfactual-reverse').first();
    for (const m of months) {
      const cells = await reverse.locator('tbody tr', { has: page.locator('th', { hasText: m.month }) }).locator('th, td').allInnerTexts();
      expect(moneyBeforeNote(cells[2]!), m.month).toBe(totalMinor(m));
      expect(moneyBeforeNote(cells[3]!), m.month).toBeGreaterThan(0n);
    }
    await screenshot(page, 'inhouse-3-comparison');
  }, 3 * COMPARISON_MS);

  it("4. Vendor A's analyst is refused the costs, import, template and comparison pages", async () => {
    const urls = [needs(journey.unitCostsUrl, 'the costs page (step 1)'), needs(journey.importUrl, 'the import page (step 1)'), needs(journey.comparisonUrl, 'the comparison (step 3)')];
    const vendorContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    vendorContext.setDefaultTimeout(30_000);
    try {
      const vendorPage = await vendorContext.newPage();
      await logIn(vendorPage, VENDOR_ANALYST, DEMO_PASSWORD);
      // Their own program page offers no way in.
      await nav(vendorPage, 'nav.programs').click();
      await mainLink(vendorPage, PROGRAM).click();
      await h1(vendorPage, PROGRAM).waitFor();
      expect(await mainLink(vendorPage, t('costs.comparison.link')).count()).toBe(0);
      for (const [i, url] of urls.entries()) {
        // Typed into the address bar on purpose.
        const response = await vendorPage.goto(url);
        expect([403, 404], url).toContain(response?.status());
        const title = response?.status() === 403 ? t('error.forbidden.title') : t('error.notFound.title');
        await h1(vendorPage, title).waitFor();
        const body = await vendorPage.locator('main').innerText();
        expect(body).not.toContain(t('costs.comparison.costPerContact'));
        expect(body).not.toContain('61,234.57');
        await screenshot(vendorPage, `inhouse-4-vendor-refused-${i + 1}`);
      }
      // The template is a file download: refused too, with no CSV.
      const template = await vendorContext.request.get(`${needs(journey.unitCostsUrl, 'the costs page')}/template?format=csv`);
      expect([403, 404]).toContain(template.status());
      expect(await template.text()).not.toContain('loaded_cost_per_fte');
    } finally {
      await vendorContext.close();
    }
  });

  it('the import URL the vendor was refused still works for finance (the refusal is by role, not a broken page)', async () => {
    const response = await page.goto(needs(journey.importUrl, 'the import page (step 1)'));
    expect(response?.status()).toBe(200);
    await h1(page, t('costs.import.title', { unit: TAIPEI })).waitFor();
  });
});
