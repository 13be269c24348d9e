import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, billingAdjustments, vendorInvoiceLines, vendorInvoices } from '../../../db/schema/index';
import { unsafeWithoutTenant, withTenant } from '../../../db/tenant';
import { AppError } from '../../../app/lib/errors';
import { decideVendorInvoice } from '../../../app/services/billing/reconciliation-decide.server';
import { getVendorInvoice } from '../../../app/services/billing/reconciliation.server';
import { listVendorInvoices, submitVendorInvoice } from '../../../app/services/billing/vendor-invoices.server';
import { expectDbError } from '../../support/errors';
import { asVendorLines, createReconWorld, engine, PDF, putComputedInvoice, setTolerance, sum, usageLines, type ReconWorld } from './reconciliation-support';

let w: ReconWorld;
beforeAll(async () => {
  w = await createReconWorld();
}, 180_000);
afterAll(() => w?.close());

const vendorAdmin = (vendor: 'vendor1' | 'vendor2' = 'vendor1') => w.seeded.ctx(vendor, 'vendor_admin');
const finance = (bank: 'bank1' | 'bank2' = 'bank1') => w.seeded.ctx(bank, 'finance');
const contractOf = (vendor: 'vendor1' | 'vendor2') => w.world.contractIds[vendor]!;

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

async function countVendorInvoices() {
  return (await unsafeWithoutTenant(w.handle.db, (tx) => tx.select({ id: vendorInvoices.id }).from(vendorInvoices))).length;
}

describe(`reconciliation of a vendor invoice (${engine})`, () => {
  it('flags exactly the one wrong line among many, and the total', async () => {
    const computed = usageLines(25);
    await putComputedInvoice(w, 'vendor1', '2026-01', computed, { taxMinor: 0n });
    const lines = asVendorLines(computed);
    lines[17] = { ...lines[17]!, quantity: '1018.0000', amountMinor: lines[17]!.amountMinor + 4500n };
    const submitted = await submitVendorInvoice(vendorAdmin(), { contractId: contractOf('vendor1'), month: '2026-01', invoiceNumber: 'V1-2026-01', currency: 'TWD', totalMinor: sum(lines), lines, pdf: { fileName: 'jan.pdf', bytes: PDF } });
    for (const ctx of [finance(), vendorAdmin()]) {
      const detail = await getVendorInvoice(ctx, submitted.id);
      const r = detail.reconciliation;
      expect(r.mode).toBe('lines');
      const flagged = r.rows.filter((row) => row.isFlagged);
      expect(flagged.map((row) => row.computed?.lineKey)).toEqual(['usage:per_handled_contact:voice:q18']);
      expect(flagged[0]).toMatchObject({ status: 'differs', matchedBy: 'line_key', amountDiffMinor: '4500', quantityDiff: '1' });
      expect(r.rows.filter((row) => row.status === 'agrees')).toHaveLength(24);
      expect(r.totals.total).toMatchObject({ diffMinor: '4500', isFlagged: true });
      expect(r.flaggedLineCount).toBe(1);
    }
  });

  it("applies the contract's tolerance: within it nothing is flagged, beyond it the line is", async () => {
    await setTolerance(w, 'vendor2', 100n);
    const computed = usageLines(3);
    await putComputedInvoice(w, 'vendor2', '2026-01', computed);
    const lines = asVendorLines(computed);
    lines[0] = { ...lines[0]!, amountMinor: lines[0]!.amountMinor + 100n };
    lines[1] = { ...lines[1]!, amountMinor: lines[1]!.amountMinor - 101n };
    const submitted = await submitVendorInvoice(vendorAdmin('vendor2'), { contractId: contractOf('vendor2'), month: '2026-01', invoiceNumber: 'V2-01', currency: 'TWD', totalMinor: sum(computed) - 1n, lines });
    const r = (await getVendorInvoice(finance(), submitted.id)).reconciliation;
    expect(r.toleranceMinor).toBe('100');
    expect(r.rows.map((row) => [row.amountDiffMinor, row.isFlagged])).toEqual([
      ['100', false],
      ['-101', true],
      ['0', false],
    ]);
    expect(r.totals.total).toMatchObject({ diffMinor: '-1', isFlagged: false });
    await setTolerance(w, 'vendor2', 0n);
  });

  it('flags lines missing on either side, matching the rest by description', async () => {
    const computed = usageLines(3);
    await putComputedInvoice(w, 'vendor1', '2026-02', computed);
    const lines = [
      { lineKey: null, description: 'HANDLED CONTACTS — queue 1', quantity: null, rate: null, amountMinor: computed[0]!.amountMinor },
      { lineKey: null, description: 'Handled contacts, queue 3', quantity: null, rate: null, amountMinor: computed[2]!.amountMinor },
      { lineKey: null, description: 'Weekend training', quantity: '8', rate: '1500', amountMinor: 1_200_000n },
    ];
    const submitted = await submitVendorInvoice(vendorAdmin(), { contractId: contractOf('vendor1'), month: '2026-02', invoiceNumber: 'V1-02', currency: 'TWD', totalMinor: sum(lines), lines });
    const r = (await getVendorInvoice(finance(), submitted.id)).reconciliation;
    expect(r.rows.map((row) => [row.computed?.position ?? null, row.vendor?.position ?? null, row.matchedBy, row.status, row.isFlagged])).toEqual([
      [1, 1, 'description', 'agrees', false],
      [2, null, null, 'missing_on_vendor', true],
      [3, 2, 'description', 'agrees', false],
      [null, 3, null, 'missing_on_computed', true],
    ]);
    expect(r.flaggedLineCount).toBe(2);
  });

  it('compares totals only when the vendor gives no lines, and says so', async () => {
    const computed = usageLines(2);
    await putComputedInvoice(w, 'vendor2', '2026-02', computed, { taxMinor: 500n });
    const submitted = await submitVendorInvoice(vendorAdmin('vendor2'), { contractId: contractOf('vendor2'), month: '2026-02', invoiceNumber: 'V2-02', currency: 'TWD', totalMinor: sum(computed) + 500n, taxMinor: 500n });
    const r = (await getVendorInvoice(finance(), submitted.id)).reconciliation;
    expect(r.mode).toBe('totals_only');
    expect(r.rows.every((row) => row.status === 'not_compared' && !row.isFlagged)).toBe(true);
    expect(r.totals.total).toMatchObject({ diffMinor: '0', isFlagged: false });
    expect(r.totals.tax).toMatchObject({ diffMinor: '0', isFlagged: false });
    expect(r.isClean).toBe(true);
  });

  it('waits for the billing run when there is no computed invoice', async () => {
    const submitted = await submitVendorInvoice(vendorAdmin(), { contractId: contractOf('vendor1'), month: '2026-06', invoiceNumber: 'V1-06', currency: 'TWD', totalMinor: 1000n });
    const r = (await getVendorInvoice(finance(), submitted.id)).reconciliation;
    expect(r.mode).toBe('awaiting_billing_run');
    expect(r.isClean).toBe(false);
  });
});

describe(`submission rules (${engine})`, () => {
  it("rejects a currency other than the contract's with a clear error, storing nothing", async () => {
    const before = await countVendorInvoices();
    const error = await rejection(submitVendorInvoice(vendorAdmin(), { contractId: contractOf('vendor1'), month: '2026-05', invoiceNumber: 'USD-1', currency: 'USD', totalMinor: 100n, pdf: { fileName: 'x.pdf', bytes: PDF } }));
    expect(error.code).toBe('UNPROCESSABLE');
    expect(error.message).toBe("The invoice currency USD is not the contract's currency TWD");
    expect(error.details).toEqual({ issues: [{ path: ['currency'], message: 'reconciliation.error.currencyMismatch' }] });
    expect(await countVendorInvoices()).toBe(before);
  });

  it('rejects a file that is not a PDF (by its bytes, whatever its name), storing nothing', async () => {
    const before = await countVendorInvoices();
    const error = await rejection(
      submitVendorInvoice(vendorAdmin(), { contractId: contractOf('vendor1'), month: '2026-05', invoiceNumber: 'FAKE-1', currency: 'TWD', totalMinor: 100n, pdf: { fileName: 'invoice.pdf', bytes: new TextEncoder().encode('<html>not a pdf</html>') } }),
    );
    expect(error.code).toBe('UNPROCESSABLE');
    expect(error.details).toEqual({ issues: [{ path: ['pdf'], message: 'reconciliation.error.notPdf' }] });
    expect(await countVendorInvoices()).toBe(before);
  });

  it("another vendor's contract is not found; a client cannot submit", async () => {
    expect((await rejection(submitVendorInvoice(vendorAdmin('vendor2'), { contractId: contractOf('vendor1'), month: '2026-05', invoiceNumber: 'X', currency: 'TWD', totalMinor: 1n }))).code).toBe('NOT_FOUND');
    expect((await rejection(submitVendorInvoice(w.seeded.ctx('bank1', 'owner'), { contractId: contractOf('vendor1'), month: '2026-05', invoiceNumber: 'X', currency: 'TWD', totalMinor: 1n }))).code).toBe('FORBIDDEN');
    expect((await rejection(submitVendorInvoice(w.seeded.ctx('vendor1', 'vendor_reporter'), { contractId: contractOf('vendor1'), month: '2026-05', invoiceNumber: 'X', currency: 'TWD', totalMinor: 1n }))).code).toBe('FORBIDDEN');
  });

  it('a month not started yet is refused', async () => {
    const error = await rejection(submitVendorInvoice(vendorAdmin(), { contractId: contractOf('vendor1'), month: '2026-05', invoiceNumber: 'F', currency: 'TWD', totalMinor: 1n, now: new Date('2026-04-30T12:00:00Z') }));
    expect(error.details).toEqual({ issues: [{ path: ['month'], message: 'reconciliation.error.futureMonth' }] });
  });
});

describe(`who sees and decides (${engine})`, () => {
  let invoiceId: string;
  beforeAll(async () => {
    invoiceId = (await submitVendorInvoice(vendorAdmin(), { contractId: contractOf('vendor1'), month: '2026-07', invoiceNumber: 'V1-07', currency: 'TWD', totalMinor: 5000n, lines: [{ description: 'Fee', amountMinor: 5000n }] })).id;
  });

  it('the vendor cannot decide (forbidden); another vendor and another client do not find it', async () => {
    expect((await rejection(decideVendorInvoice(vendorAdmin(), { vendorInvoiceId: invoiceId, decision: 'accept' }))).code).toBe('FORBIDDEN');
    expect((await rejection(getVendorInvoice(vendorAdmin('vendor2'), invoiceId))).code).toBe('NOT_FOUND');
    expect((await rejection(getVendorInvoice(finance('bank2'), invoiceId))).code).toBe('NOT_FOUND');
    expect((await rejection(decideVendorInvoice(finance('bank2'), { vendorInvoiceId: invoiceId, decision: 'accept' }))).code).toBe('NOT_FOUND');
    expect((await listVendorInvoices(vendorAdmin('vendor2'))).map((i) => i.id)).not.toContain(invoiceId);
    expect((await listVendorInvoices(finance('bank2'))).map((i) => i.id)).not.toContain(invoiceId);
  });

  it('the database refuses the vendor any change to its submitted invoice and its lines', async () => {
    const vendorOrgId = w.seeded.orgs.vendor1.id;
    const updated = await withTenant(w.handle.db, { orgId: vendorOrgId }, (tx) =>
      tx.update(vendorInvoices).set({ status: 'accepted', totalMinor: 1n }).where(eq(vendorInvoices.id, invoiceId)).returning({ id: vendorInvoices.id }),
    );
    // Row-level security: the vendor has no UPDATE policy, so its UPDATE reaches no row.
    expect(updated).toEqual([]);
    await expectDbError(withTenant(w.handle.db, { orgId: vendorOrgId }, (tx) => tx.update(vendorInvoiceLines).set({ amountMinor: 1n }).where(eq(vendorInvoiceLines.vendorInvoiceId, invoiceId))), /permission denied/i);
    await expectDbError(withTenant(w.handle.db, { orgId: vendorOrgId }, (tx) => tx.delete(vendorInvoices).where(eq(vendorInvoices.id, invoiceId))), /permission denied/i);
    const [row] = await unsafeWithoutTenant(w.handle.db, (tx) => tx.select().from(vendorInvoices).where(eq(vendorInvoices.id, invoiceId)));
    expect(row).toMatchObject({ status: 'submitted', totalMinor: 5000n });
    // Nor may a vendor insert an invoice already decided.
    await expectDbError(
      withTenant(w.handle.db, { orgId: vendorOrgId }, (tx) =>
        tx.insert(vendorInvoices).values({ clientOrgId: row!.clientOrgId, contractId: row!.contractId, vendorOrgId, month: '2026-07', invoiceNumber: 'SELF', currency: 'TWD', totalMinor: 1n, submittedByLabel: 'x', status: 'accepted' }),
      ),
      /row-level security/i,
    );
  });

  it('a dispute needs a message; it is recorded and audited; the vendor resubmits and the old one is superseded', async () => {
    const missing = await rejection(decideVendorInvoice(finance(), { vendorInvoiceId: invoiceId, decision: 'dispute', message: '  ' } as never));
    expect(missing.details).toEqual({ issues: [{ path: ['message'], message: 'reconciliation.error.required' }] });
    const disputed = await decideVendorInvoice(finance(), { vendorInvoiceId: invoiceId, decision: 'dispute', message: 'The fee is not in the contract.' });
    expect(disputed).toMatchObject({ status: 'disputed', decisionMessage: 'The fee is not in the contract.', decidedByLabel: 'finance@bank1.test' });
    expect((await getVendorInvoice(vendorAdmin(), invoiceId)).decisionMessage).toBe('The fee is not in the contract.');
    const again = await rejection(decideVendorInvoice(finance(), { vendorInvoiceId: invoiceId, decision: 'accept' }));
    expect(again.code).toBe('CONFLICT');

    const resubmitted = await submitVendorInvoice(vendorAdmin(), { contractId: contractOf('vendor1'), month: '2026-07', invoiceNumber: 'V1-07-B', currency: 'TWD', totalMinor: 0n });
    const old = await getVendorInvoice(finance(), invoiceId);
    expect(old).toMatchObject({ isSuperseded: true, isDecidable: false });
    expect(old.history.map((h) => [h.invoiceNumber, h.isSuperseded])).toEqual([
      ['V1-07-B', false],
      ['V1-07', true],
    ]);
    expect((await getVendorInvoice(finance(), resubmitted.id)).isDecidable).toBe(true);
    const accepted = await decideVendorInvoice(finance(), { vendorInvoiceId: resubmitted.id, decision: 'accept' });
    expect(accepted.status).toBe('accepted');
    // Accepted: no more decisions, no more submissions for the month.
    expect((await rejection(decideVendorInvoice(finance(), { vendorInvoiceId: resubmitted.id, decision: 'dispute', message: 'late' }))).code).toBe('CONFLICT');
    expect((await rejection(submitVendorInvoice(vendorAdmin(), { contractId: contractOf('vendor1'), month: '2026-07', invoiceNumber: 'V1-07-C', currency: 'TWD', totalMinor: 1n }))).code).toBe('CONFLICT');

    const audit = await unsafeWithoutTenant(w.handle.db, (tx) => tx.select({ action: auditEvents.action, orgId: auditEvents.orgId }).from(auditEvents).where(eq(auditEvents.objectType, 'vendor_invoice')));
    const actions = audit.map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['vendor_invoice.submit', 'vendor_invoice.resubmit', 'vendor_invoice.dispute', 'vendor_invoice.accept']));
    expect(audit.find((a) => a.action === 'vendor_invoice.dispute')?.orgId).toBe(w.seeded.orgs.bank1.id);
    expect(audit.find((a) => a.action === 'vendor_invoice.resubmit')?.orgId).toBe(w.seeded.orgs.vendor1.id);
  });

  it('accept with an adjustment writes a billing adjustment of the month and records it on the invoice', async () => {
    const submitted = await submitVendorInvoice(vendorAdmin('vendor2'), { contractId: contractOf('vendor2'), month: '2026-08', invoiceNumber: 'V2-08', currency: 'TWD', totalMinor: 100_000n });
    const error = await rejection(decideVendorInvoice(finance(), { vendorInvoiceId: submitted.id, decision: 'accept_with_adjustment', adjustmentMinor: 0n, reason: 'x' }));
    expect(error.details).toEqual({ issues: [{ path: ['adjustmentMinor'], message: 'reconciliation.error.zeroAdjustment' }] });
    const decided = await decideVendorInvoice(finance(), { vendorInvoiceId: submitted.id, decision: 'accept_with_adjustment', adjustmentMinor: -2_500n, reason: 'Telecom billed twice' });
    expect(decided).toMatchObject({ status: 'accepted_with_adjustment', adjustmentMinor: '-2500', decisionMessage: 'Telecom billed twice' });
    const adjustments = await withTenant(w.handle.db, { orgId: w.seeded.orgs.bank1.id }, (tx) =>
      tx.select().from(billingAdjustments).where(and(eq(billingAdjustments.contractId, contractOf('vendor2')), eq(billingAdjustments.month, '2026-08'))),
    );
    expect(adjustments).toHaveLength(1);
    expect(adjustments[0]).toMatchObject({ kind: 'adjustment', amountMinor: -2_500n, reason: 'Telecom billed twice', vendorOrgId: w.seeded.orgs.vendor2.id, createdByLabel: 'finance@bank1.test' });
    expect((await getVendorInvoice(vendorAdmin('vendor2'), submitted.id)).adjustmentMinor).toBe('-2500');
  });

  it('an adjustment in an approved (locked) month is refused, and nothing changes', async () => {
    await putComputedInvoice(w, 'vendor2', '2026-09', usageLines(1), { status: 'approved' });
    const submitted = await submitVendorInvoice(vendorAdmin('vendor2'), { contractId: contractOf('vendor2'), month: '2026-09', invoiceNumber: 'V2-09', currency: 'TWD', totalMinor: 1n });
    const error = await rejection(decideVendorInvoice(finance(), { vendorInvoiceId: submitted.id, decision: 'accept_with_adjustment', adjustmentMinor: 100n, reason: 'r' }));
    expect(error.code).toBe('CONFLICT');
    expect((await getVendorInvoice(finance(), submitted.id)).status).toBe('submitted');
  });
});
