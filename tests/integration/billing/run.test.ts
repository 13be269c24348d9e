import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvents } from '../../../db/schema/index';
import { unsafeWithoutTenant } from '../../../db/tenant';
import { addAdjustment } from '../../../app/services/billing/adjustments.server';
import { accrualReport } from '../../../app/services/billing/accruals.server';
import { approveInvoice, getInvoice, listInvoices, runBilling } from '../../../app/services/billing/invoices.server';
import { updateBillingSettings } from '../../../app/services/billing/settings.server';
import { closeMonth } from '../../../app/services/sla/close.server';
import { evaluateContractMonth } from '../../../app/services/sla/evaluate.server';
import { createSlaWorld, engine, makeContractUnit, monthOf, putFacts, SL, type ContractUnit, type SlaWorld } from '../sla/support';
import { billingCsv, uploadMonth } from './support';

let world: SlaWorld;
let mix: ContractUnit;
let minimum: ContractUnit;
let halves: ContractUnit;
const finance = () => world.seeded.ctx('bank1', 'finance');
const AFTER_MAY = new Date('2026-06-10T00:00:00Z');

// April 2026, 30 days × 4 quarter-hours = 120 intervals of: offered 10, handled 9, answered in T 8,
// abandoned 1, talk 1,800 s, hold 120 s, wrap 180 s, staffed 4,800 s.
const APRIL = { offered: 10, handled: 9, answered_within_threshold: 8, abandoned: 1, wait_s: 90, talk_s: 1800, hold_s: 120, wrap_s: 180, staffed_s: 4800 };

beforeAll(async () => {
  world = await createSlaWorld();
  mix = await makeContractUnit(world, {
    terms: {
      earnBackMonths: 1,
      rateLines: [
        { pricingModel: 'per_handled_contact', tiers: [{ fromQty: 0, toQty: 1000, rate: '40' }, { fromQty: 1000, rate: '30' }] },
        { pricingModel: 'per_handled_minute', rate: '0.5' },
        { pricingModel: 'per_productive_hour', rate: '10' },
        { pricingModel: 'per_fte_month', rate: '50000' },
        { pricingModel: 'fixed_monthly_fee', rate: '3000' },
        { pricingModel: 'pass_through', description: 'Telecom at cost' },
      ],
      slas: [
        { ...SL, isCritical: true, allocationPct: 40 },
        { kpi: 'abandonment_rate', comparator: 'lte', target: 5, isCritical: true, allocationPct: 30 },
      ],
    },
  });
  await uploadMonth(world, mix, 'vendor1', billingCsv('2026-04', APRIL));
  minimum = await makeContractUnit(world, { vendor: 'vendor2', terms: { minimumMonthlyCommitment: '100000', rateLines: [{ pricingModel: 'per_handled_contact', rate: '45' }] } });
  await putFacts(world.db, minimum, monthOf('2026-04', { offered: 10, handled: 9 }));
  halves = await makeContractUnit(world, { terms: { taxRatePct: 0, rateLines: [{ pricingModel: 'per_handled_contact', rate: '0.005' }] } });
  await putFacts(world.db, halves, [{ start: new Date('2026-04-01T09:00:00+08:00'), c: { offered: 3, handled: 3 } }]);
}, 120_000);
afterAll(() => world?.close());

describe(`billing run (${engine})`, () => {
  it('prices each model of a mixed rate card, tiers, credits and tax, hand-computed', async () => {
    const invoice = await runBilling(finance(), { contractId: mix.contractId, month: '2026-04' });
    // Month: handled 120 × 9 = 1,080; handled time 120 × 2,100 s = 252,000 s = 4,200 min;
    // staffed 120 × 4,800 s = 576,000 s = 160 h = 1 FTE-month (160 h per FTE-month).
    expect(invoice.lines.map((l) => [l.kind, l.quantity, l.rate, l.amountMinor, l.taxMinor])).toEqual([
      ['usage', '1000.0000', '40.000000', '4000000', '200000'], // band 1: 1,000 × 40.00 = 40,000.00, tax 5 % 2,000.00
      ['usage', '80.0000', '30.000000', '240000', '12000'], //     band 2: 80 × 30.00 = 2,400.00, tax 120.00
      ['usage', '4200.0000', '0.500000', '210000', '10500'], // 4,200 min × 0.50 = 2,100.00
      ['usage', '160.0000', '10.000000', '160000', '8000'], //  160 h × 10.00 = 1,600.00
      ['usage', '1.0000', '50000.000000', '5000000', '250000'], // 1 FTE-month × 50,000.00
      ['fixed', '1.0000', '3000.000000', '300000', '15000'], //   3,000.00
      // Service lines 99,100.00 = the SLA basis; abandonment 10 % > 5 % missed: 99,100 × 12 % × 30 % = 3,567.60.
      ['sla_credit', '1.0000', null, '-356760', '-17838'],
    ]);
    // subtotal 9,910,000; credits -356,760; tax 200,000 + 12,000 + 10,500 + 8,000 + 250,000 + 15,000 - 17,838 = 477,662
    // total 9,910,000 - 356,760 + 477,662 = 10,030,902
    expect(invoice).toMatchObject({ status: 'draft', currency: 'TWD', minorDigits: 2, subtotalMinor: '9910000', creditsMinor: '-356760', adjustmentsMinor: '0', taxMinor: '477662', totalMinor: '10030902', volumesFinal: false });
    expect(invoice.inputs).toMatchObject({ monthCloseId: null, serviceCreditMonth: '2026-04' });
    expect(invoice.inputs.uploadIds).toHaveLength(1);
    expect(invoice.lines[0]!.source).toMatchObject({ kind: 'kpi', measure: 'handled', unitIds: [mix.unitId], href: `/app/programs/${mix.programId}/dashboard?from=2026-04-01&to=2026-04-30&grain=day` });
    expect(invoice.lines[6]!.source.href).toBe(`/app/contracts/${mix.contractId}/scorecard?from=2026-04&to=2026-04`);
  });

  it('re-running a draft recomputes it in place, with the pass-through item and audit before/after', async () => {
    const first = await getInvoice(finance(), (await listInvoices(finance(), { month: '2026-04' })).find((r) => r.contractId === mix.contractId)!.invoice!.id);
    await addAdjustment(finance(), { contractId: mix.contractId, month: '2026-04', kind: 'pass_through', description: 'Telecom March', reason: 'carrier invoice T-77', amount: '1234.50', isTaxable: false });
    const again = await runBilling(finance(), { contractId: mix.contractId, month: '2026-04' });
    expect(again.id).toBe(first.id);
    const pass = again.lines.find((l) => l.kind === 'pass_through')!;
    expect(pass).toMatchObject({ amountMinor: '123450', taxMinor: '0', description: 'Telecom March' });
    // 10,030,902 + 123,450 (not taxable)
    expect(again.totalMinor).toBe('10154352');
    const audits = await unsafeWithoutTenant(world.db, (tx) => tx.select().from(auditEvents).where(and(eq(auditEvents.objectId, first.id), eq(auditEvents.action, 'invoice.rerun'))));
    expect(audits.at(-1)!.details).toMatchObject({ before: { totalMinor: '10154352' }, after: { totalMinor: '10154352' } });
  });

  it('a closed month uses the frozen volumes: a revision after the close changes nothing', async () => {
    await closeMonth(finance(), { contractId: mix.contractId, month: '2026-04', now: new Date('2026-05-05T00:00:00Z') });
    // A revision doubling every handled count arrives after the close.
    await uploadMonth(world, mix, 'vendor1', billingCsv('2026-04', { ...APRIL, offered: 20, handled: 18, answered_within_threshold: 16, abandoned: 2 }));
    const invoice = await runBilling(finance(), { contractId: mix.contractId, month: '2026-04' });
    expect(invoice.volumesFinal).toBe(true);
    expect(invoice.inputs.monthCloseId).not.toBeNull();
    expect(invoice.lines.slice(0, 2).map((l) => l.quantity)).toEqual(['1000.0000', '80.0000']);
    expect(invoice.totalMinor).toBe('10154352');
  });

  it('adds a minimum commitment true-up', async () => {
    const invoice = await runBilling(finance(), { contractId: minimum.contractId, month: '2026-04' });
    // 1,080 × 45.00 = 48,600.00; minimum 100,000.00 → true-up 51,400.00; tax 5 % each: 2,430.00 + 2,570.00
    expect(invoice.lines.map((l) => [l.kind, l.amountMinor, l.taxMinor])).toEqual([
      ['usage', '4860000', '243000'],
      ['minimum_true_up', '5140000', '257000'],
    ]);
    expect(invoice.totalMinor).toBe('10500000');
  });

  it('rounds by the contract’s rounding mode, once per line', async () => {
    // 3 contacts × 0.005 = 0.015 TWD = 1.5 minor units
    const totals: Record<string, string> = {};
    for (const mode of ['half_up', 'half_even', 'down'] as const) {
      await updateBillingSettings(finance(), halves.contractId, { roundingMode: mode, tolerance: '0' });
      totals[mode] = (await runBilling(finance(), { contractId: halves.contractId, month: '2026-04' })).totalMinor;
    }
    expect(totals).toEqual({ half_up: '2', half_even: '2', down: '1' });
  });

  it('returns an earn-back in the later month the SLA is met again', async () => {
    // May: abandonment 0 % (met), so April's 3,567.60 credit is earned back (earn-back after 1 month).
    await uploadMonth(world, mix, 'vendor1', billingCsv('2026-05', { ...APRIL, abandoned: 0, offered: 9 }));
    await evaluateContractMonth(finance(), { contractId: mix.contractId, month: '2026-05', now: AFTER_MAY });
    const may = await runBilling(finance(), { contractId: mix.contractId, month: '2026-05', now: AFTER_MAY });
    const earnBack = may.lines.find((l) => l.kind === 'earn_back')!;
    expect(earnBack.amountMinor).toBe('356760');
    expect(earnBack.lineKey).toMatch(/^earn_back:.+:2026-04$/);
    expect(earnBack.source).toMatchObject({ kind: 'earn_back', month: '2026-04' });
    expect(may.lines.some((l) => l.kind === 'sla_credit')).toBe(false);
    expect(may.creditsMinor).toBe('356760');
  });

  it('approves a closed month; a vendor reads its own invoice, another vendor gets 404', async () => {
    const april = (await listInvoices(finance(), { month: '2026-04' })).find((r) => r.contractId === mix.contractId)!.invoice!;
    const approved = await approveInvoice(finance(), { invoiceId: april.id });
    expect(approved).toMatchObject({ status: 'approved', approvedByLabel: expect.any(String), totalMinor: '10154352' });
    const mine = await getInvoice(world.seeded.ctx('vendor1', 'vendor_admin'), april.id);
    expect(mine.totalMinor).toBe('10154352');
    await expect(getInvoice(world.seeded.ctx('vendor2', 'vendor_admin'), april.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(getInvoice(world.seeded.ctx('bank2', 'finance'), april.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(runBilling(world.seeded.ctx('vendor1', 'vendor_admin'), { contractId: mix.contractId, month: '2026-05' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(approveInvoice(world.seeded.ctx('bank1', 'program_manager'), { invoiceId: april.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // The vendor's list holds only its contracts.
    const vendorRows = await listInvoices(world.seeded.ctx('vendor2', 'vendor_admin'), { month: '2026-04' });
    expect(vendorRows.map((r) => r.contractId)).toEqual([minimum.contractId]);
  });

  it('refuses to approve a month that is not closed', async () => {
    const draft = (await listInvoices(finance(), { month: '2026-04' })).find((r) => r.contractId === minimum.contractId)!.invoice!;
    await expect(approveInvoice(finance(), { invoiceId: draft.id })).rejects.toMatchObject({ code: 'CONFLICT', details: { code: 'month_not_closed' } });
  });

  it('accrues the months not approved, from the current computation', async () => {
    const report = await accrualReport(finance(), { month: '2026-05', now: AFTER_MAY });
    const mixRows = report.rows.filter((r) => r.contractId === mix.contractId).map((r) => r.month);
    // Six months up to May; April is approved: not accrued; May is a draft: accrued at its estimate.
    expect(mixRows).toEqual(['2025-12', '2026-01', '2026-02', '2026-03', '2026-05']);
    // A month without volume still accrues the fixed fee: 3,000.00 + 5 % tax = 3,150.00.
    expect(report.rows.find((r) => r.contractId === mix.contractId && r.month === '2026-03')!.estimatedTotalMinor).toBe('315000');
    const may = (await listInvoices(finance(), { month: '2026-05' })).find((r) => r.contractId === mix.contractId)!.invoice!;
    expect(report.rows.find((r) => r.contractId === mix.contractId && r.month === '2026-05')!.estimatedTotalMinor).toBe(may.totalMinor);
    const minimumApril = report.rows.find((r) => r.contractId === minimum.contractId && r.month === '2026-04')!;
    expect(minimumApril).toMatchObject({ invoiceStatus: 'draft', estimatedTotalMinor: '10500000', volumesFinal: false });
  });
});
