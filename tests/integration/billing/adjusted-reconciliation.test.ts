/**
 * A vendor invoice accepted "with an adjustment" reconciles clean (the adjustment it caused is linked to it
 * and set against the vendor's figures), an unrelated adjustment still shows; and the invoice, print and
 * reconciliation pages show the computed lines in the reader's language.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billingAdjustments, invoiceLines } from '../../../db/schema/index';
import { unsafeWithoutTenant } from '../../../db/tenant';
import { en } from '../../../app/i18n/en';
import type { MessageKey } from '../../../app/i18n/index';
import { zhTW } from '../../../app/i18n/zh-TW';
import { updateUserLocale } from '../../../app/services/auth/user-settings.server';
import { addAdjustment, removeAdjustment } from '../../../app/services/billing/adjustments.server';
import { runBilling, type InvoiceDto } from '../../../app/services/billing/invoices.server';
import { decideVendorInvoice } from '../../../app/services/billing/reconciliation-decide.server';
import { getVendorInvoice } from '../../../app/services/billing/reconciliation.server';
import { submitVendorInvoice } from '../../../app/services/billing/vendor-invoices.server';
import { evaluateContractMonth } from '../../../app/services/sla/evaluate.server';
import { createTestApp, sessionCookieFor, type TestApp } from '../../support/http';
import { createSlaWorld, engine, makeContractUnit, monthOf, putFacts, SL, type ContractUnit, type SlaWorld } from '../sla/support';

const MONTH = '2026-04';
const NOW = new Date('2026-05-10T00:00:00Z');
let world: SlaWorld;
let app: TestApp;
const finance = () => world.seeded.ctx('bank1', 'finance');
const vendorAdmin = () => world.seeded.ctx('vendor1', 'vendor_admin');

/**
 * Tiers without descriptions, a fixed fee, a minimum commitment above the service lines and a missed
 * critical service level: band, fixed, true-up and SLA credit lines, each described by key. 120 intervals
 * of 9 handled, service level 5/10 (target 80 %).
 */
async function billedContract(): Promise<{ unit: ContractUnit; invoice: InvoiceDto }> {
  const unit = await makeContractUnit(world, {
    terms: {
      minimumMonthlyCommitment: '200000',
      rateLines: [
        { pricingModel: 'per_handled_contact', tiers: [{ fromQty: 0, toQty: 1000, rate: '40' }, { fromQty: 1000, rate: '30' }] },
        { pricingModel: 'fixed_monthly_fee', rate: '3000' },
      ],
      slas: [{ ...SL, isCritical: true, allocationPct: 100 }],
    },
  });
  await putFacts(world.db, unit, monthOf(MONTH, { offered: 10, handled: 9, answered_within_threshold: 5, abandoned: 1, talk_s: 1800 }));
  await evaluateContractMonth(finance(), { contractId: unit.contractId, month: MONTH, now: NOW });
  return { unit, invoice: await runBilling(finance(), { contractId: unit.contractId, month: MONTH, now: NOW }) };
}

beforeAll(async () => {
  world = await createSlaWorld();
  app = await createTestApp(world.handle);
}, 180_000);
afterAll(() => world?.close());

describe(`accepting a vendor invoice with an adjustment (${engine})`, () => {
  let unit: ContractUnit;
  let invoice: InvoiceDto;
  let vendorInvoiceId: string;
  const flagged = async (ctx = finance()) => (await getVendorInvoice(ctx, vendorInvoiceId)).reconciliation;

  beforeAll(async () => {
    ({ unit, invoice } = await billedContract());
    expect(invoice.lines.map((l) => l.kind)).toEqual(['usage', 'usage', 'fixed', 'minimum_true_up', 'sla_credit']);
    // The vendor bills band 2 for 20 contacts (600.00 TWD) more than measured, with its tax.
    const lines = invoice.lines.map((l) => ({ lineKey: l.lineKey, description: l.description, quantity: l.quantity, rate: l.rate, amountMinor: BigInt(l.amountMinor) }));
    lines[1] = { ...lines[1]!, quantity: '100.0000', amountMinor: lines[1]!.amountMinor + 60_000n };
    const subtotalMinor = lines.reduce((s, l) => s + l.amountMinor, 0n);
    const taxMinor = BigInt(invoice.taxMinor) + 3_000n;
    const submitted = await submitVendorInvoice(vendorAdmin(), { contractId: unit.contractId, month: MONTH, invoiceNumber: 'V1-2604', currency: 'TWD', subtotalMinor, taxMinor, totalMinor: subtotalMinor + taxMinor, lines, now: NOW });
    vendorInvoiceId = submitted.id;
  });

  it('before the decision, the one line and the totals are flagged', async () => {
    const r = await flagged();
    expect(r.rows.filter((row) => row.isFlagged).map((row) => [row.computed?.lineKey, row.amountDiffMinor])).toEqual([[invoice.lines[1]!.lineKey, '60000']]);
    expect(r.totals.total).toMatchObject({ diffMinor: '63000', isFlagged: true });
  });

  it('after it, the adjustment is linked to the vendor invoice and matched against its figure: nothing flagged, totals agree, for both sides', async () => {
    await decideVendorInvoice(finance(), { vendorInvoiceId, decision: 'accept_with_adjustment', adjustmentMinor: 60_000n, reason: 'The vendor counted 20 contacts our feed missed', now: NOW });
    const [link] = await unsafeWithoutTenant(world.db, (tx) => tx.select().from(billingAdjustments).where(eq(billingAdjustments.vendorInvoiceId, vendorInvoiceId)));
    expect(link).toMatchObject({ kind: 'adjustment', amountMinor: 60_000n, contractId: unit.contractId });
    for (const ctx of [finance(), vendorAdmin()]) {
      const r = await flagged(ctx);
      expect(r.rows.filter((row) => row.isFlagged)).toEqual([]);
      expect(r.flaggedLineCount).toBe(0);
      expect(r.totals.total).toMatchObject({ diffMinor: '0', isFlagged: false });
      expect(r.totals.tax).toMatchObject({ diffMinor: '0', isFlagged: false });
      expect(r.isClean).toBe(true);
      const adjustment = r.rows.find((row) => row.computed?.lineKey === `adjustment:${link!.id}`);
      expect(adjustment).toMatchObject({ status: 'agrees', matchedBy: 'accepted_adjustment', vendor: null, vendorFigureMinor: '60000', amountDiffMinor: '0', isFlagged: false });
      // The vendor's difference is still shown, as settled by that adjustment.
      expect(r.rows.find((row) => row.computed?.lineKey === invoice.lines[1]!.lineKey)).toMatchObject({ status: 'differs', amountDiffMinor: '60000', isFlagged: false, settledByAdjustment: true });
    }
  });

  it('an unrelated manual adjustment still shows as a difference; the accepted one still agrees', async () => {
    const { adjustment: manual } = await addAdjustment(finance(), { contractId: unit.contractId, month: MONTH, kind: 'adjustment', description: 'Training week', reason: 'agreed by mail', amount: '500.00' }, NOW);
    const r = await flagged();
    expect(r.rows.filter((row) => row.isFlagged).map((row) => [row.computed?.lineKey, row.status, row.amountDiffMinor])).toEqual([[`adjustment:${manual.id}`, 'missing_on_vendor', '-50000']]);
    expect(r.rows.find((row) => row.matchedBy === 'accepted_adjustment')).toMatchObject({ status: 'agrees', isFlagged: false });
    expect(r.totals.total).toMatchObject({ diffMinor: '-52500', isFlagged: true });
    expect(r.isClean).toBe(false);
  });

  it('removing the accepted adjustment removes the link: the vendor line is flagged again', async () => {
    const [link] = await unsafeWithoutTenant(world.db, (tx) => tx.select().from(billingAdjustments).where(eq(billingAdjustments.vendorInvoiceId, vendorInvoiceId)));
    await removeAdjustment(finance(), { adjustmentId: link!.id }, NOW);
    const r = await flagged();
    expect(r.rows.some((row) => row.matchedBy === 'accepted_adjustment')).toBe(false);
    expect(r.rows.filter((row) => row.isFlagged).map((row) => row.status)).toEqual(['differs', 'missing_on_vendor']);
  });
});

/** Visible text of <main> (the loader data Remix serialises into the page is outside it). */
function mainText(html: string): string {
  const main = html.slice(html.indexOf('<main'), html.indexOf('</main>'));
  return main
    .replace(/<(script|style)[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, ' ');
}

const PLACEHOLDER = /\{\w+\}/g;
/** English catalogue texts of invoice lines, kinds, KPIs and the reconciliation table that zh-TW translates. */
const ENGLISH = (Object.keys(en) as MessageKey[])
  .filter((key) => /^(billing\.(line|kind|invoice|quantityUnit)|contractsUi\.kpi|reconciliation\.(row|match|table))\./.test(key) && en[key] !== zhTW[key])
  .filter((key) => (en[key].replace(PLACEHOLDER, '').match(/[A-Za-z]/g)?.length ?? 0) >= 8)
  .map((key) => ({ key, pattern: new RegExp(en[key].split(PLACEHOLDER).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.+?')) }));
const englishIn = (text: string) => ENGLISH.filter(({ pattern }) => pattern.test(text)).map(({ key }) => key);

describe(`invoice lines in the reader's language (${engine})`, () => {
  let invoice: InvoiceDto;
  let vendorInvoiceId: string;
  let cookie: string;

  beforeAll(async () => {
    ({ invoice } = await billedContract());
    const submitted = await submitVendorInvoice(vendorAdmin(), {
      contractId: invoice.contractId,
      month: MONTH,
      invoiceNumber: 'V1-ZH',
      currency: 'TWD',
      totalMinor: BigInt(invoice.totalMinor) + 1_050n,
      // The vendor's own descriptions (its text, shown as typed), matched by line key.
      lines: invoice.lines.map((l, i) => ({ lineKey: l.lineKey, description: `服務項目 ${i + 1}`, amountMinor: BigInt(l.amountMinor) + (i === 2 ? 1_000n : 0n) })),
      now: NOW,
    });
    vendorInvoiceId = submitted.id;
    await decideVendorInvoice(finance(), { vendorInvoiceId, decision: 'accept_with_adjustment', adjustmentMinor: 1_000n, reason: '固定月費差額', now: NOW });
    const user = world.seeded.userOf('bank1', 'finance');
    await updateUserLocale(world.db, user.id, 'zh-TW');
    cookie = await sessionCookieFor(world.db, user.id);
  });
  afterAll(() => updateUserLocale(world.db, world.seeded.userOf('bank1', 'finance').id, 'en'));

  it('stores each line with its English description and, for the portal wording, a key and raw params', async () => {
    const rows = await unsafeWithoutTenant(world.db, (tx) =>
      tx.select({ description: invoiceLines.description, key: invoiceLines.descriptionKey, params: invoiceLines.descriptionParams }).from(invoiceLines).where(and(eq(invoiceLines.invoiceId, invoice.id))).orderBy(invoiceLines.position),
    );
    expect(rows).toEqual([
      { description: 'Handled contacts (band 1: 0–1000)', key: 'billing.line.band', params: { model: 'per_handled_contact', band: 1, range: '0–1000' } },
      { description: 'Handled contacts (band 2: 1000–∞)', key: 'billing.line.band', params: { model: 'per_handled_contact', band: 2, range: '1000–∞' } },
      { description: 'Fixed monthly fee', key: 'billing.line.model.fixed_monthly_fee', params: null },
      { description: 'Minimum monthly commitment true-up', key: 'billing.line.minimumTrueUp', params: null },
      { description: 'SLA credit: service_level', key: 'billing.line.slaCredit', params: { kpi: 'service_level' } },
      { description: 'Vendor invoice V1-ZH: reconciliation adjustment', key: 'billing.line.vendorInvoiceAdjustment', params: { invoiceNumber: 'V1-ZH' } },
    ]);
  });

  it('the invoice page, its print view and the reconciliation show the lines in zh-TW, with no English catalogue text', async () => {
    const expected = ['處理件數（第 1 級距：0–1000）', '處理件數（第 2 級距：1000–∞）', '固定月費', '每月最低承諾金額補足', 'SLA 服務抵減：服務水準', '供應商發票 V1-ZH：對帳調整'];
    for (const path of [`/app/billing/invoices/${invoice.id}`, `/app/billing/invoices/${invoice.id}/print`, `/app/vendor-invoices/${vendorInvoiceId}`]) {
      const response = await app.request(path, { cookie });
      expect(response.status, path).toBe(200);
      const text = mainText(await response.text());
      for (const line of expected) expect(text, `${path}: ${line}`).toContain(line);
      expect(englishIn(text), path).toEqual([]);
      // The KPI is named, not given by its id (line keys, shown as code, still carry ids).
      expect(text, path).not.toContain('：service_level');
    }
  });
});
