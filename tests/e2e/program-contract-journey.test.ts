import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCALE_LABELS, translate, type Locale, type MessageKey, type MessageParams } from '../../app/i18n/index';
import { DEMO_PASSWORD } from '../../app/services/demo-seed.server';
import { baseUrl, hasChromium, launchBrowser, screenshot, SKIP_REASON, waitForShell } from './support/browser';

/**
 * The journey of issue 3's "Done when", driven the way a new user would: through labels, roles and links,
 * never by typing an app URL (except the start page, the invitation link, and the vendor's deliberate
 * visits to pages that are not theirs). The steps share state and run in order; each says which earlier
 * step it needs.
 */

const t = (key: MessageKey, params?: MessageParams) => translate('en', key, params);
const zh = (key: MessageKey, params?: MessageParams) => translate('zh-TW', key, params);

/** Unique per run: the server's database lives for the whole e2e run, shared with the other suites. */
const RUN = `${Date.now().toString(36)}-${randomBytes(2).toString('hex')}`;
const PM_EMAIL = 'pm@demo-bank.test';
const CLIENT_NAME = 'Demo Bank';
const PROGRAM = `Card hotline ${RUN}`;
const IN_HOUSE_UNIT = `Taipei in-house ${RUN}`;
const VENDOR_UNIT = `Kaohsiung vendor site ${RUN}`;
const INVITEE_EMAIL = `ops-${RUN}@new-vendor.test`;
const VENDOR_ORG = `New Vendor ${RUN}`;
const VENDOR_ADMIN_NAME = 'Nora New';
const VENDOR_PASSWORD = `journey-${RUN}-pw`;
const CONTRACT = `Hotline contract ${RUN}`;

/** First day of a month, as the server counts it (contract versions are in force by UTC date). */
function monthStart(offset: number): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1)).toISOString().slice(0, 10);
}
const THIS_MONTH = monthStart(0);
const NEXT_MONTH = monthStart(1);

interface SlaSpec {
  kpi: MessageKey;
  comparator: MessageKey;
  target: string;
  allocationPct: string;
  serviceLevel?: { variant: MessageKey; thresholdS: string; shortAbandonS: string };
}

/** Five critical SLAs; their allocations (100 % of the at-risk amount) fill the pool of 100 % exactly. */
const SLAS: SlaSpec[] = [
  {
    kpi: 'contractsUi.kpi.service_level',
    comparator: 'contractsUi.comparator.gte',
    target: '80',
    allocationPct: '30',
    serviceLevel: { variant: 'contractsUi.slVariant.negative', thresholdS: '20', shortAbandonS: '5' },
  },
  { kpi: 'contractsUi.kpi.abandonment_rate', comparator: 'contractsUi.comparator.lte', target: '5', allocationPct: '20' },
  { kpi: 'contractsUi.kpi.asa', comparator: 'contractsUi.comparator.lte', target: '30', allocationPct: '20' },
  { kpi: 'contractsUi.kpi.fcr', comparator: 'contractsUi.comparator.gte', target: '70', allocationPct: '15' },
  { kpi: 'contractsUi.kpi.csat', comparator: 'contractsUi.comparator.gte', target: '85', allocationPct: '15' },
];

/** What the steps hand on to the later ones. */
const journey: { acceptUrl?: string; programUrl?: string; inHouseUnitUrl?: string; vendorUnitUrl?: string; vendorJoined?: boolean; contractVersions?: number } = {};

function needs<T>(value: T | undefined, what: string): T {
  if (value === undefined || value === false) throw new Error(`an earlier step did not finish: ${what} is missing`);
  return value;
}

const h1 = (page: Page, name: string) => page.getByRole('heading', { level: 1, name, exact: true });
const mainNav = (page: Page, locale: Locale = 'en') => page.getByRole('navigation', { name: translate(locale, 'nav.main') });

/** Signs in through the login form by its labels and waits for the signed-in shell. */
async function logInByLabel(page: Page, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl()}/login`);
  await page.getByLabel(t('login.email'), { exact: true }).fill(email);
  await page.getByLabel(t('login.password'), { exact: true }).fill(password);
  await page.getByRole('button', { name: t('login.submit') }).click();
  await waitForShell(page);
}

/**
 * Clicks a submit button and waits for the page that follows; if the form comes back refused instead,
 * fails with the errors the page shows rather than a bare timeout.
 */
async function submit(page: Page, button: Locator, arrived: Locator): Promise<void> {
  await button.click();
  const refused = page.locator('.form-error, .field-error');
  await arrived.or(refused).first().waitFor();
  if (await refused.count()) {
    const shown = (await refused.allInnerTexts()).map((text) => text.trim()).join(' | ');
    throw new Error(`the form was refused: ${shown}`);
  }
}

/** Remix forms work before hydration too, but the contract editor's vendor filter and row buttons need it. */
async function waitForHydratedEditor(page: Page): Promise<void> {
  await page.getByRole('button', { name: t('contractsUi.slas.add') }).waitFor();
}

const bodyText = (page: Page) => page.locator('main').innerText();

describe.skipIf(!hasChromium)(`program → vendor invitation → contract journey in Chromium${hasChromium ? '' : ` (${SKIP_REASON})`}`, () => {
  let browser: Browser;
  /** The program manager's browser, signed in across steps 1, 3 and 5. */
  let pmContext: BrowserContext;
  let pm: Page;
  const contexts: BrowserContext[] = [];

  async function freshContext(): Promise<BrowserContext> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(15_000);
    contexts.push(context);
    return context;
  }

  beforeAll(async () => {
    browser = await launchBrowser();
    pmContext = await freshContext();
    pm = await pmContext.newPage();
  });
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
  });

  it('1. the program manager creates a program, an in-house unit and a vendor unit, inviting a new vendor by e-mail', async () => {
    await logInByLabel(pm, PM_EMAIL, DEMO_PASSWORD);
    await mainNav(pm).getByRole('link', { name: t('nav.programs'), exact: true }).click();
    await h1(pm, t('programsUi.list.title')).waitFor();
    await pm.getByRole('link', { name: t('programsUi.list.new'), exact: true }).click();
    await h1(pm, t('programsUi.new.title')).waitFor();

    await pm.getByLabel(t('programsUi.program.name'), { exact: true }).fill(PROGRAM);
    await pm.getByLabel(t('programsUi.program.lineOfBusiness'), { exact: true }).fill('Credit cards');
    await pm.getByLabel(t('programsUi.program.description'), { exact: true }).fill('Inbound hotline for card holders: activation, limits, lost cards.');
    const channels = pm.getByRole('group', { name: t('programsUi.program.channels'), exact: true });
    await channels.getByRole('checkbox', { name: t('programsUi.channel.voice'), exact: true }).check();
    await channels.getByRole('checkbox', { name: t('programsUi.channel.ivr'), exact: true }).check();
    await pm.getByLabel(t('programsUi.program.timeZone'), { exact: true }).selectOption('Asia/Taipei');
    await pm.getByLabel(t('programsUi.program.currency'), { exact: true }).fill('TWD');
    await screenshot(pm, 'journey-1a-new-program-form');
    await submit(pm, pm.getByRole('button', { name: t('programsUi.new.submit') }), h1(pm, PROGRAM));
    journey.programUrl = pm.url();

    const facts = pm.getByRole('region', { name: t('programsUi.overview.facts') });
    const factsText = await facts.innerText();
    expect(factsText).toContain(`${t('programsUi.channel.voice')}, ${t('programsUi.channel.ivr')}`);
    expect(factsText).toContain('Asia/Taipei');
    expect(factsText).toContain('TWD');

    // The in-house unit.
    await pm.getByRole('link', { name: t('programsUi.overview.addUnit'), exact: true }).click();
    await h1(pm, t('programsUi.unitNew.heading', { program: PROGRAM })).waitFor();
    await pm.getByRole('radio', { name: t('programsUi.unitKind.in_house'), exact: true }).check();
    await pm.getByLabel(t('programsUi.unit.name'), { exact: true }).fill(IN_HOUSE_UNIT);
    await pm.getByLabel(t('programsUi.unit.site'), { exact: true }).fill('Taipei, Neihu HQ');
    await pm.getByLabel(t('programsUi.unit.volumeSharePct'), { exact: true }).fill('60');
    await submit(pm, pm.getByRole('button', { name: t('programsUi.unitNew.submit'), exact: true }), h1(pm, IN_HOUSE_UNIT));
    journey.inHouseUnitUrl = pm.url();
    await screenshot(pm, 'journey-1b-in-house-unit');

    // The vendor unit, inviting a vendor that is not on Outpost yet.
    await pm.getByRole('navigation', { name: t('programsUi.breadcrumbs') }).getByRole('link', { name: PROGRAM, exact: true }).click();
    await h1(pm, PROGRAM).waitFor();
    await pm.getByRole('link', { name: t('programsUi.overview.addUnit'), exact: true }).click();
    await h1(pm, t('programsUi.unitNew.heading', { program: PROGRAM })).waitFor();
    await pm.getByRole('radio', { name: t('programsUi.unitKind.vendor'), exact: true }).check();
    await pm.getByLabel(t('programsUi.unit.name'), { exact: true }).fill(VENDOR_UNIT);
    await pm.getByLabel(t('programsUi.unit.site'), { exact: true }).fill('Kaohsiung');
    await pm.getByLabel(t('programsUi.unit.volumeSharePct'), { exact: true }).fill('40');
    await pm.getByRole('combobox', { name: t('programsUi.unitNew.linkedVendor'), exact: true }).selectOption({ label: t('programsUi.unitNew.inviteNew') });
    await pm.getByLabel(t('programsUi.invite.email'), { exact: true }).fill(INVITEE_EMAIL);
    await screenshot(pm, 'journey-1c-vendor-unit-form');
    await submit(pm, pm.getByRole('button', { name: t('programsUi.unitNew.submit'), exact: true }), h1(pm, t('programsUi.unitNew.invitedTitle')));
    await expect(pm.getByRole('status').innerText()).resolves.toBe(t('programsUi.unitNew.invited', { email: INVITEE_EMAIL, unit: VENDOR_UNIT }));

    // The acceptance link shown on the page. Its origin comes from APP_URL (unset here, so it falls
    // back to http://localhost:3000); its path is what the invitee opens on this server.
    const shownLink = (await pm.getByTestId('accept-url').innerText()).trim();
    const { pathname } = new URL(shownLink);
    expect(pathname).toMatch(/^\/vendor-invitations\/[\w-]{20,}$/);
    journey.acceptUrl = `${baseUrl()}${pathname}`;
    await screenshot(pm, 'journey-1d-vendor-invited');

    // The unit page lists the pending invitation; the program lists both units.
    await pm.getByRole('link', { name: t('programsUi.unitNew.goToUnit'), exact: true }).click();
    await h1(pm, VENDOR_UNIT).waitFor();
    journey.vendorUnitUrl = pm.url();
    const pending = pm.getByRole('region', { name: t('programsUi.invite.pendingTitle') });
    await expect(pending.getByTestId('vendor-invitation-row').innerText()).resolves.toContain(INVITEE_EMAIL);
    await pm.getByRole('navigation', { name: t('programsUi.breadcrumbs') }).getByRole('link', { name: PROGRAM, exact: true }).click();
    await h1(pm, PROGRAM).waitFor();
    const unitRows = pm.getByTestId('unit-row');
    expect(await unitRows.count()).toBe(2);
    await expect(unitRows.filter({ hasText: VENDOR_UNIT }).innerText()).resolves.toContain(t('programsUi.unit.awaitingVendor'));
    await expect(unitRows.filter({ hasText: IN_HOUSE_UNIT }).innerText()).resolves.toContain(t('programsUi.unitKind.in_house'));
    await screenshot(pm, 'journey-1e-program-with-units');
  });

  it('2. the invitee opens the link in a fresh browser, creates the vendor org and lands in the portal as its admin', async () => {
    const acceptUrl = needs(journey.acceptUrl, 'the acceptance link (step 1)');
    const context = await freshContext();
    const page = await context.newPage();
    await page.goto(acceptUrl);
    await h1(page, t('programsUi.accept.title', { program: PROGRAM, client: CLIENT_NAME })).waitFor();
    await expect(page.getByText(t('programsUi.accept.summary', { client: CLIENT_NAME, email: INVITEE_EMAIL, unit: VENDOR_UNIT, program: PROGRAM })).count()).resolves.toBe(1);
    await expect(page.getByLabel(t('login.email'), { exact: true }).inputValue()).resolves.toBe(INVITEE_EMAIL);
    await page.getByLabel(t('programsUi.accept.vendorName'), { exact: true }).fill(VENDOR_ORG);
    await page.getByLabel(t('programsUi.accept.adminName'), { exact: true }).fill(VENDOR_ADMIN_NAME);
    await page.getByLabel(t('programsUi.accept.password'), { exact: true }).fill(VENDOR_PASSWORD);
    await screenshot(page, 'journey-2a-accept-invitation');
    await page.getByRole('button', { name: t('programsUi.accept.createSubmit') }).click();
    await waitForShell(page);
    const activeOrg = await page.getByTestId('active-org').innerText();
    expect(activeOrg).toContain(VENDOR_ORG);
    expect(activeOrg).toContain(t('role.vendor_admin'));
    await screenshot(page, 'journey-2b-vendor-admin-home');
    journey.vendorJoined = true;
    await context.close();
  });

  it('3. the program manager writes a contract with a rate card and five SLAs, then a new version a month later', { timeout: 120_000 }, async () => {
    needs(journey.vendorJoined, 'the vendor org (step 2)');
    await mainNav(pm).getByRole('link', { name: t('nav.contracts'), exact: true }).click();
    await h1(pm, t('contractsUi.list.title')).waitFor();
    await pm.getByRole('link', { name: t('contractsUi.list.new'), exact: true }).click();
    await h1(pm, t('contractsUi.new.title')).waitFor();
    await waitForHydratedEditor(pm);

    // Parties: the new vendor, covering its unit; the in-house unit is never offered.
    await pm.getByLabel(t('contractsUi.field.name'), { exact: true }).fill(CONTRACT);
    await pm.getByRole('combobox', { name: t('contractsUi.field.vendor'), exact: true }).selectOption({ label: VENDOR_ORG });
    const units = pm.getByRole('group', { name: t('contractsUi.field.units'), exact: true });
    await units.getByRole('checkbox', { name: `${VENDOR_UNIT} (${PROGRAM})`, exact: true }).check();
    expect(await pm.getByRole('checkbox', { name: IN_HOUSE_UNIT }).count()).toBe(0);

    // Version terms and credits.
    await pm.getByLabel(t('contractsUi.field.effectiveFrom'), { exact: true }).fill(THIS_MONTH);
    await pm.getByLabel(t('contractsUi.field.reason'), { exact: true }).fill('Initial terms after onboarding');
    await pm.getByLabel(t('contractsUi.field.currency'), { exact: true }).fill('TWD');
    await pm.getByLabel(t('contractsUi.field.atRiskPct'), { exact: true }).fill('10');
    await pm.getByLabel(t('contractsUi.field.poolPct'), { exact: true }).fill('100');
    await pm.getByLabel(t('contractsUi.field.earnBackMonths'), { exact: true }).fill('3');

    // The rate card: one line, per handled contact, flat rate.
    const line = pm.getByRole('group', { name: t('contractsUi.rateCard.lineLegend', { n: 1 }), exact: true });
    await line.getByLabel(t('contractsUi.field.pricingModel'), { exact: true }).selectOption({ label: t('contractsUi.pricingModel.per_handled_contact') });
    await line.getByLabel(t('contractsUi.field.description'), { exact: true }).fill('Handled call');
    await line.getByLabel(t('contractsUi.field.channel'), { exact: true }).selectOption({ label: t('contractsUi.channel.voice') });
    // Two fields of the line are labelled "Rate": the line's own, then (in group "Tier 1", left blank) the tier's.
    const rates = line.getByLabel(t('contractsUi.field.rate'), { exact: true });
    expect(await rates.count()).toBe(2);
    expect(await line.getByRole('group', { name: t('contractsUi.tiers.rowLabel', { n: 1 }), exact: true }).getByLabel(t('contractsUi.field.tierRate'), { exact: true }).count()).toBe(1);
    await rates.first().fill('45');

    // Five SLAs, one per row the editor offers.
    for (const [index, sla] of SLAS.entries()) {
      const row = pm.getByRole('group', { name: t('contractsUi.slas.rowLegend', { n: index + 1 }), exact: true });
      await row.getByLabel(t('contractsUi.field.kpi'), { exact: true }).selectOption({ label: t(sla.kpi) });
      await row.getByLabel(t('contractsUi.field.comparator'), { exact: true }).selectOption({ label: t(sla.comparator) });
      await row.getByLabel(t('contractsUi.field.target'), { exact: true }).fill(sla.target);
      await row.getByLabel(t('contractsUi.field.period'), { exact: true }).selectOption({ label: t('contractsUi.period.month') });
      if (sla.serviceLevel) {
        await row.getByLabel(t('contractsUi.field.slVariant'), { exact: true }).selectOption({ label: t(sla.serviceLevel.variant) });
        await row.getByLabel(t('contractsUi.field.thresholdS'), { exact: true }).fill(sla.serviceLevel.thresholdS);
        await row.getByLabel(t('contractsUi.field.shortAbandonS'), { exact: true }).fill(sla.serviceLevel.shortAbandonS);
      }
      await row.getByRole('checkbox', { name: t('contractsUi.field.isCritical'), exact: true }).check();
      await row.getByLabel(t('contractsUi.field.allocationPct'), { exact: true }).fill(sla.allocationPct);
    }
    await screenshot(pm, 'journey-3a-new-contract-form');
    await submit(pm, pm.getByRole('button', { name: t('contractsUi.new.submit'), exact: true }), h1(pm, CONTRACT));

    const rateCard = await pm.getByTestId('rate-card').innerText();
    expect(rateCard).toContain(t('contractsUi.pricingModel.per_handled_contact'));
    expect(rateCard).toContain('Handled call');
    const slaRows = pm.getByTestId('sla-table').locator('tbody tr');
    expect(await slaRows.count()).toBe(5);
    for (const sla of SLAS) {
      const row = slaRows.filter({ has: pm.getByRole('rowheader', { name: t(sla.kpi), exact: true }) });
      const text = await row.innerText();
      expect(text).toContain(t('contractsUi.slas.critical'));
      expect(text).toContain(`${sla.allocationPct}%`);
    }
    expect(await slaRows.filter({ hasText: t('contractsUi.slas.serviceLevelDetail', { variant: t('contractsUi.slVariant.negative'), t: 20, shortAbandon: 5 }) }).count()).toBe(1);
    expect(await pm.getByTestId('version-row').count()).toBe(1);
    await screenshot(pm, 'journey-3b-contract-version-1');

    // A month later the service-level target rises to 85 %: a new version, with its reason.
    await pm.getByRole('link', { name: t('contractsUi.detail.newVersion'), exact: true }).click();
    await h1(pm, t('contractsUi.version.title', { name: CONTRACT })).waitFor();
    await waitForHydratedEditor(pm);
    await pm.getByLabel(t('contractsUi.field.effectiveFrom'), { exact: true }).fill(NEXT_MONTH);
    await pm.getByLabel(t('contractsUi.field.reason'), { exact: true }).fill('Service level raised to 85 % after the first month');
    const slaGroups = pm.getByTestId('sla-row');
    let serviceLevelRow: Locator | undefined;
    for (let i = 0; i < (await slaGroups.count()); i++) {
      const row = slaGroups.nth(i);
      if ((await row.getByLabel(t('contractsUi.field.kpi'), { exact: true }).inputValue()) === 'service_level') serviceLevelRow = row;
    }
    const target = needs(serviceLevelRow, 'the service-level SLA in the prefilled editor').getByLabel(t('contractsUi.field.target'), { exact: true });
    await expect(target.inputValue()).resolves.toBe('80');
    await target.fill('85');
    await screenshot(pm, 'journey-3c-new-version-form');
    await submit(pm, pm.getByRole('button', { name: t('contractsUi.version.submit'), exact: true }), h1(pm, CONTRACT));

    const versionRows = pm.getByTestId('version-row');
    expect(await versionRows.count()).toBe(2);
    const v1 = versionRows.filter({ has: pm.getByRole('link', { name: t('contractsUi.detail.viewVersion', { n: 1 }) }) });
    const v2 = versionRows.filter({ has: pm.getByRole('link', { name: t('contractsUi.detail.viewVersion', { n: 2 }) }) });
    await expect(v1.innerText()).resolves.toContain('Initial terms after onboarding');
    await expect(v1.innerText()).resolves.toContain(t('contractsUi.detail.inForce'));
    await expect(v2.innerText()).resolves.toContain('Service level raised to 85 % after the first month');
    const step = pm.getByTestId('history-step').filter({ hasText: t('contractsUi.history.step', { from: 1, to: 2 }) });
    const changes = await step.locator('li').allInnerTexts();
    expect(changes.some((change) => /SLA Service level, Target: 80\s?% → 85\s?%/.test(change))).toBe(true);
    expect(changes.some((change) => change.includes(`${t('contractsUi.field.effectiveFrom')}: ${THIS_MONTH} → ${NEXT_MONTH}`))).toBe(true);
    journey.contractVersions = 2;
    await screenshot(pm, 'journey-3d-contract-two-versions-and-diff');
  });

  it("4. the new vendor's admin sees exactly their part; a demo vendor analyst sees none of it", { timeout: 90_000 }, async () => {
    needs(journey.contractVersions, 'the contract with two versions (step 3)');
    const inHouseUnitUrl = needs(journey.inHouseUnitUrl, 'the in-house unit (step 1)');

    const vendorPage = await (await freshContext()).newPage();
    await logInByLabel(vendorPage, INVITEE_EMAIL, VENDOR_PASSWORD);
    await expect(vendorPage.getByTestId('active-org').innerText()).resolves.toContain(VENDOR_ORG);
    await mainNav(vendorPage).getByRole('link', { name: t('nav.programs'), exact: true }).click();
    await h1(vendorPage, t('programsUi.list.title')).waitFor();
    const programRows = vendorPage.getByTestId('program-row');
    expect(await programRows.allInnerTexts()).toEqual([expect.stringContaining(PROGRAM)]);
    await expect(programRows.innerText()).resolves.toContain(CLIENT_NAME);
    await screenshot(vendorPage, 'journey-4a-vendor-programs');

    await vendorPage.getByRole('link', { name: PROGRAM, exact: true }).click();
    await h1(vendorPage, PROGRAM).waitFor();
    await vendorPage.getByRole('heading', { level: 2, name: t('programsUi.overview.yourUnits'), exact: true }).waitFor();
    expect(await vendorPage.getByTestId('unit-row').allInnerTexts()).toEqual([expect.stringContaining(VENDOR_UNIT)]);
    const overview = await bodyText(vendorPage);
    expect(overview).not.toContain(IN_HOUSE_UNIT);
    expect(overview).not.toContain(t('programsUi.sourcing.title'));
    expect(await vendorPage.getByRole('link', { name: t('programsUi.overview.addUnit') }).count()).toBe(0);
    await expect(vendorPage.getByTestId('contract-card').innerText()).resolves.toContain(CONTRACT);
    await screenshot(vendorPage, 'journey-4b-vendor-program');

    await vendorPage.getByTestId('contract-card').getByRole('link', { name: CONTRACT, exact: true }).click();
    await h1(vendorPage, CONTRACT).waitFor();
    expect(await vendorPage.getByTestId('version-row').count()).toBe(2);
    expect(await vendorPage.getByTestId('sla-table').locator('tbody tr').count()).toBe(5);
    await expect(vendorPage.getByTestId('history-step').innerText()).resolves.toMatch(/SLA Service level, Target: 80\s?% → 85\s?%/);
    expect(await vendorPage.getByRole('link', { name: t('contractsUi.detail.newVersion') }).count()).toBe(0);
    await screenshot(vendorPage, 'journey-4c-vendor-contract');

    await mainNav(vendorPage).getByRole('link', { name: t('nav.contracts'), exact: true }).click();
    await h1(vendorPage, t('contractsUi.list.title')).waitFor();
    expect(await vendorPage.getByTestId('contract-row').allInnerTexts()).toEqual([expect.stringContaining(CONTRACT)]);

    // Typed into the address bar on purpose: the in-house unit is not theirs to see.
    const response = await vendorPage.goto(inHouseUnitUrl);
    expect(response?.status()).toBe(404);
    await h1(vendorPage, t('error.notFound.title')).waitFor();
    expect(await bodyText(vendorPage)).not.toContain(IN_HOUSE_UNIT);
    await screenshot(vendorPage, 'journey-4d-vendor-in-house-unit-404');

    // Another vendor's analyst: the new program, its units and its contract do not exist for them.
    const analyst = await (await freshContext()).newPage();
    await logInByLabel(analyst, 'analyst@vendor-b.test', DEMO_PASSWORD);
    await mainNav(analyst).getByRole('link', { name: t('nav.programs'), exact: true }).click();
    await h1(analyst, t('programsUi.list.title')).waitFor();
    expect(await analyst.getByTestId('program-row').count()).toBeGreaterThan(0);
    expect(await bodyText(analyst)).not.toContain(PROGRAM);
    await screenshot(analyst, 'journey-4e-vendor-b-analyst-programs');
    await mainNav(analyst).getByRole('link', { name: t('nav.contracts'), exact: true }).click();
    await h1(analyst, t('contractsUi.list.title')).waitFor();
    expect(await bodyText(analyst)).not.toContain(CONTRACT);
    for (const url of [needs(journey.programUrl, 'the program (step 1)'), needs(journey.vendorUnitUrl, 'the vendor unit (step 1)'), inHouseUnitUrl]) {
      const visit = await analyst.goto(url);
      expect(visit?.status(), url).toBe(404);
      await h1(analyst, t('error.notFound.title')).waitFor();
    }
  });

  it('5. in zh-TW the program page shows its headings in Traditional Chinese: the vendor admin via Settings, the PM via the login page', async () => {
    needs(journey.vendorJoined, 'the vendor org (step 2)');
    needs(journey.contractVersions, 'the contract (step 3)');
    const expectChineseHeadings = async (page: Page, keys: MessageKey[]) => {
      const headings = (await page.getByRole('heading', { level: 2 }).allInnerTexts()).map((text) => text.trim());
      for (const key of keys) {
        expect(headings).toContain(zh(key));
        expect(headings).not.toContain(t(key));
      }
      const facts = await page.getByRole('region', { name: zh('programsUi.overview.facts') }).innerText();
      expect(facts).toContain(zh('programsUi.program.timeZone'));
      expect(facts).toContain(`${zh('programsUi.channel.voice')}, ${zh('programsUi.channel.ivr')}`);
    };
    const openProgram = async (page: Page) => {
      await mainNav(page, 'zh-TW').getByRole('link', { name: zh('nav.programs'), exact: true }).click();
      await h1(page, zh('programsUi.list.title')).waitFor();
      await page.getByRole('link', { name: PROGRAM, exact: true }).click();
      await h1(page, PROGRAM).waitFor();
    };

    // The new vendor admin (a user of this run only) saves 繁體中文 as their language in Settings.
    const vendorPage = await (await freshContext()).newPage();
    await logInByLabel(vendorPage, INVITEE_EMAIL, VENDOR_PASSWORD);
    await mainNav(vendorPage).getByRole('link', { name: t('nav.settings'), exact: true }).click();
    await h1(vendorPage, t('settings.title')).waitFor();
    await vendorPage.getByLabel(t('settings.language'), { exact: true }).selectOption({ label: LOCALE_LABELS['zh-TW'] });
    await vendorPage.getByRole('button', { name: t('settings.saveLanguage'), exact: true }).click();
    await h1(vendorPage, zh('settings.title')).waitFor();
    expect(await vendorPage.locator('html').getAttribute('lang')).toBe('zh-TW');
    await openProgram(vendorPage);
    await expectChineseHeadings(vendorPage, ['programsUi.overview.facts', 'programsUi.overview.yourUnits', 'programsUi.overview.contracts']);
    await screenshot(vendorPage, 'journey-5a-vendor-program-zh-TW');

    // The program manager picks 繁體中文 on the login page (a cookie: the shared demo user's own setting is untouched).
    const page = await (await freshContext()).newPage();
    await page.goto(`${baseUrl()}/login`);
    await page.getByRole('link', { name: LOCALE_LABELS['zh-TW'], exact: true }).click();
    await page.locator('html[lang="zh-TW"]').waitFor({ state: 'attached' });
    await page.getByLabel(zh('login.email'), { exact: true }).fill(PM_EMAIL);
    await page.getByLabel(zh('login.password'), { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: zh('login.submit'), exact: true }).click();
    await waitForShell(page);
    await openProgram(page);
    await expectChineseHeadings(page, ['programsUi.overview.facts', 'programsUi.overview.units', 'programsUi.overview.contracts', 'programsUi.sourcing.title']);
    await screenshot(page, 'journey-5b-program-zh-TW');
  });
});
