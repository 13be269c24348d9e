/**
 * The demo's billing story as seeded (app/services/demo-billing.server.ts): for every demo contract the
 * three closed months before the latest closed one are approved by finance, the latest closed month is a
 * draft computed from its close, and Vendor A's invoice for that month differs from the draft on exactly
 * one line (Platinum-line calls), which reconciliation flags; it stays undecided. Last, finance accepts it
 * with an adjustment, which recomputes the draft (reconciliation-decide.server.ts), and approves the month.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, contractBillingSettings, contracts, invoices, memberships, monthCloses, orgs, users, vendorInvoices } from '../../../db/schema/index';
import { unsafeWithoutTenant } from '../../../db/tenant';
import type { Role } from '../../../app/domain/permissions';
import { FileBlobStore, setBlobStore } from '../../../app/lib/blob-store.server';
import { approveInvoice, getInvoice, listInvoices, runBilling } from '../../../app/services/billing/invoices.server';
import { decideVendorInvoice } from '../../../app/services/billing/reconciliation-decide.server';
import { getVendorInvoice } from '../../../app/services/billing/reconciliation.server';
import { listVendorInvoices } from '../../../app/services/billing/vendor-invoices.server';
import type { ServiceCtx } from '../../../app/services/context';
import { DEMO_EXTRA_CONTACTS, DEMO_HOTLINE_CONTRACT } from '../../../app/services/demo-billing.server';
import { seedDemo } from '../../../app/services/demo-seed.server';
import { createTestDatabase, type TestDatabase } from '../../support/db';

const engine = process.env.DATABASE_URL ? 'postgres' : 'pglite';
const NOW = new Date('2026-11-26T04:00:00Z');
// April-October 2026: April to August closed (September holds the outage, October is the last complete month).
const OPTIONS = { months: 7, endMonth: '2026-10', now: NOW };
const APPROVED = ['2026-05', '2026-06', '2026-07'];
const DRAFT = '2026-08';

let handle: TestDatabase;
let blobDir = '';
let bankId = '';
const contractIds = new Map<string, string>();

const platform = <T>(fn: Parameters<typeof unsafeWithoutTenant<T>>[1]) => unsafeWithoutTenant(handle.db, fn);

/** A ServiceCtx for a demo person, looked up the way a login would. */
async function demoCtx(email: string): Promise<ServiceCtx> {
  const [row] = await platform((tx) =>
    tx
      .select({ userId: users.id, orgId: orgs.id, kind: orgs.kind, role: memberships.role })
      .from(users)
      .innerJoin(memberships, eq(memberships.userId, users.id))
      .innerJoin(orgs, eq(orgs.id, memberships.orgId))
      .where(eq(users.email, email)),
  );
  return { db: handle.db, orgId: row!.orgId, orgKind: row!.kind, role: row!.role as Role, actor: { userId: row!.userId, label: email } };
}

beforeAll(async () => {
  handle = await createTestDatabase();
  blobDir = fs.mkdtempSync(path.join(os.tmpdir(), 'outpost-demo-billing-'));
  setBlobStore(new FileBlobStore(blobDir));
  const started = performance.now();
  expect(await seedDemo(handle.db, { intervals: OPTIONS })).toBe(true);
  console.info(`[demo-billing] ${engine}: demo seed with 7 months, SLAs and invoices in ${Math.round(performance.now() - started)} ms`);
  const [bank] = await platform((tx) => tx.select({ id: orgs.id }).from(orgs).where(eq(orgs.slug, 'demo-bank')));
  bankId = bank!.id;
  for (const c of await platform((tx) => tx.select({ id: contracts.id, name: contracts.name }).from(contracts).where(eq(contracts.clientOrgId, bankId)))) contractIds.set(c.name, c.id);
}, 180_000);
afterAll(async () => {
  setBlobStore(undefined);
  if (blobDir) fs.rmSync(blobDir, { recursive: true, force: true });
  await handle?.close();
});

describe(`demo billing story (${engine})`, () => {
  it('approves the three closed months before the latest for every contract, and leaves the latest a draft', async () => {
    expect(contractIds.size).toBe(3);
    const rows = await platform((tx) => tx.select().from(invoices).where(eq(invoices.clientOrgId, bankId)));
    const closes = await platform((tx) => tx.select().from(monthCloses).where(eq(monthCloses.clientOrgId, bankId)));
    for (const [name, id] of contractIds) {
      const mine = rows.filter((r) => r.contractId === id).sort((a, b) => a.month.localeCompare(b.month));
      expect(mine.map((r) => [r.month, r.status]), name).toEqual([...APPROVED.map((m) => [m, 'approved']), [DRAFT, 'draft']]);
      for (const invoice of mine) {
        // Every invoice priced the frozen volumes of its month's close, run (and approved) by finance.
        const close = closes.find((c) => c.contractId === id && c.month === invoice.month && c.reopenedAt === null);
        expect(invoice.inputs.monthCloseId).toBe(close!.id);
        expect(invoice.computedByLabel).toBe('finance@demo-bank.test');
        expect(invoice.computedAt.getTime()).toBeGreaterThan(close!.closedAt.getTime());
        expect(invoice.totalMinor).toBeGreaterThan(0n);
        if (invoice.status === 'approved') {
          expect(invoice.approvedByLabel).toBe('finance@demo-bank.test');
          expect(invoice.approvedAt!.getTime()).toBeGreaterThan(invoice.computedAt.getTime());
        } else expect(invoice.approvedAt).toBeNull();
      }
    }
    const finance = await demoCtx('finance@demo-bank.test');
    const listed = await listInvoices(finance, { month: DRAFT });
    expect(listed.map((r) => [r.monthClosed, r.invoice?.status, r.invoice?.volumesFinal])).toEqual([
      [true, 'draft', true],
      [true, 'draft', true],
      [true, 'draft', true],
    ]);
    expect((await listInvoices(finance, { month: '2026-04' })).every((r) => r.monthClosed && r.invoice === null)).toBe(true);
    const audit = await platform((tx) => tx.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.orgId, bankId)));
    expect(audit.filter((a) => a.action === 'invoice.approve')).toHaveLength(9);
    expect(audit.filter((a) => a.action === 'invoice.run')).toHaveLength(12);
    const settings = await platform((tx) => tx.select().from(contractBillingSettings).where(eq(contractBillingSettings.clientOrgId, bankId)));
    expect(settings).toHaveLength(3);
    expect(settings.every((s) => s.toleranceMinor === 1000n && s.glAccount && s.costCenter && s.vendorTaxId)).toBe(true);
  });

  it("seeds Vendor A's hotline invoice for the draft month, undecided, with exactly one line flagged", async () => {
    const hotlineId = contractIds.get(DEMO_HOTLINE_CONTRACT)!;
    const submitted = await platform((tx) => tx.select().from(vendorInvoices).where(eq(vendorInvoices.clientOrgId, bankId)));
    expect(submitted).toHaveLength(1);
    expect(submitted[0]).toMatchObject({ contractId: hotlineId, month: DRAFT, status: 'submitted', submittedByLabel: 'admin@vendor-a.test', invoiceNumber: 'VA-HL-202608', decidedAt: null });

    const finance = await demoCtx('finance@demo-bank.test');
    const detail = await getVendorInvoice(finance, submitted[0]!.id);
    expect(detail.isDecidable).toBe(true);
    expect(detail.computed?.status).toBe('draft');
    const r = detail.reconciliation;
    expect(r.mode).toBe('lines');
    expect(r.toleranceMinor).toBe('1000');
    expect(r.flaggedLineCount).toBe(1);
    expect(r.rows.length).toBe(detail.computed!.lines.length);
    const flagged = r.rows.filter((row) => row.isFlagged);
    expect(flagged).toHaveLength(1);
    const [row] = flagged;
    expect(row!.matchedBy).toBe('line_key');
    expect(row!.computed!.description).toBe('Handled call, Platinum line');
    expect(row!.quantityDiff).toBe(String(DEMO_EXTRA_CONTACTS));
    // 37 more calls at 56.00 TWD: 2,072.00 TWD.
    expect(row!.amountDiffMinor).toBe(String(DEMO_EXTRA_CONTACTS * 5_600));
    expect(r.rows.filter((x) => x !== row).every((x) => x.status === 'agrees' && x.amountDiffMinor === '0')).toBe(true);
    // The vendor's totals are its lines' sum plus tax: before tax, they differ by the one line.
    expect(r.vendorLinesSumMinor).toBe(detail.subtotalMinor);
    expect(r.totals.beforeTax.diffMinor).toBe(row!.amountDiffMinor);
    expect(BigInt(detail.totalMinor)).toBe(BigInt(detail.subtotalMinor!) + BigInt(detail.taxMinor!));

    // Both sides see it; the other vendor does not.
    const vendorA = await demoCtx('admin@vendor-a.test');
    expect((await getVendorInvoice(vendorA, submitted[0]!.id)).reconciliation.flaggedLineCount).toBe(1);
    expect(await listVendorInvoices(await demoCtx('admin@vendor-b.test'))).toEqual([]);
  });

  it('re-running the draft gives the same lines: the seeded state is the frozen month, and the flag stays', async () => {
    const finance = await demoCtx('finance@demo-bank.test');
    const [draft] = await platform((tx) => tx.select().from(invoices).where(eq(invoices.month, DRAFT)).then((rows) => rows.filter((i) => i.contractId === contractIds.get(DEMO_HOTLINE_CONTRACT))));
    const before = await getInvoice(finance, draft!.id);
    const rerun = await runBilling(finance, { contractId: before.contractId, month: DRAFT, now: NOW });
    expect(rerun.lines.map((l) => [l.lineKey, l.quantity, l.amountMinor])).toEqual(before.lines.map((l) => [l.lineKey, l.quantity, l.amountMinor]));
    expect(rerun.totalMinor).toBe(before.totalMinor);
    const [submitted] = await platform((tx) => tx.select({ id: vendorInvoices.id }).from(vendorInvoices));
    expect((await getVendorInvoice(finance, submitted!.id)).reconciliation.flaggedLineCount).toBe(1);
  });

  it('accepting it with the difference as an adjustment recomputes the draft at once; finance then approves it', async () => {
    const finance = await demoCtx('finance@demo-bank.test');
    const [submitted] = await platform((tx) => tx.select().from(vendorInvoices));
    const detail = await getVendorInvoice(finance, submitted!.id);
    const before = await getInvoice(finance, detail.computed!.id);
    const difference = BigInt(detail.reconciliation.rows.find((r) => r.isFlagged)!.amountDiffMinor);
    await decideVendorInvoice(finance, { vendorInvoiceId: submitted!.id, decision: 'accept_with_adjustment', adjustmentMinor: difference, reason: "Vendor A's switch counted 37 Platinum calls our feed missed", now: NOW });
    const after = await getInvoice(finance, before.id);
    const adjustment = after.lines.filter((l) => l.kind === 'adjustment');
    expect(adjustment.map((l) => [l.amountMinor, l.description])).toEqual([[difference.toString(), 'Vendor invoice VA-HL-202608: reconciliation adjustment']]);
    expect(BigInt(after.adjustmentsMinor) - BigInt(before.adjustmentsMinor)).toBe(difference);
    expect(BigInt(after.totalMinor)).toBe(BigInt(before.totalMinor) + difference + BigInt(adjustment[0]!.taxMinor));
    // The adjustment is linked to the vendor invoice and answers its one differing line: nothing is flagged.
    const reconciled = (await getVendorInvoice(finance, submitted!.id)).reconciliation;
    expect(reconciled.rows.filter((r) => r.isFlagged)).toEqual([]);
    expect(reconciled.rows.find((r) => r.matchedBy === 'accepted_adjustment')).toMatchObject({ status: 'agrees', vendorFigureMinor: difference.toString() });
    expect(reconciled.totals.total).toMatchObject({ diffMinor: '0', isFlagged: false });
    expect(reconciled.isClean).toBe(true);
    const approved = await approveInvoice(finance, { invoiceId: after.id, now: NOW });
    expect(approved).toMatchObject({ status: 'approved', totalMinor: after.totalMinor });
  });
});
