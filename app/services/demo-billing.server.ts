/**
 * The demo's billing story (issue 7), seeded right after its SLA story (demo-sla.server.ts), through the
 * services so the audit log tells it like real use:
 *
 *  - the bank's finance user sets each demo contract's billing settings (ERP coding, a per-line
 *    reconciliation tolerance of DEMO_TOLERANCE);
 *  - for every demo contract, finance runs and approves the invoices of the DEMO_APPROVED_MONTHS closed
 *    months before the latest closed one, and runs the latest closed month's invoice, left as a DRAFT;
 *  - for that latest closed month, Vendor A's admin submits its invoice for the credit-card hotline with
 *    the draft's lines except one: it bills DEMO_EXTRA_CONTACTS more Platinum-line calls than were
 *    measured, so reconciliation flags exactly that line. It stays undecided, for finance to decide.
 *
 * Which months are closed is read from the month closes in force (demo-sla.server.ts decides them), and
 * every step is dated a few days after its month's close (never after `now`): the same `now` gives the
 * same invoices.
 */
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Database } from '#db/client';
import { contracts, monthCloses } from '#db/schema/index';
import { unsafeWithoutTenant } from '#db/tenant';
import { basisPointsOf, divideRound, parseScaled } from '#app/domain/billing/rounding';
import { translate } from '#app/i18n/index';
import { invoiceLineText } from '#app/i18n/invoice-line-text';
import { approveInvoice, runBilling, type InvoiceDto, type InvoiceLineDto } from './billing/invoices.server';
import { updateBillingSettings, type BillingSettingsInput } from './billing/settings.server';
import { submitVendorInvoice } from './billing/vendor-invoices.server';
import { inTenant, type ServiceCtx } from './context';
import { demoActor, loadDemoDirectory } from './demo-actors.server';
import { getContract } from './contracts.server';

/** Closed months approved before the latest closed month (which stays a draft). */
export const DEMO_APPROVED_MONTHS = 3;
/** Per-line reconciliation tolerance of the demo contracts, in TWD. */
export const DEMO_TOLERANCE = '10.00';
/** Platinum-line calls Vendor A bills on top of the measured ones, in the latest closed month. */
export const DEMO_EXTRA_CONTACTS = 37;
export const DEMO_HOTLINE_CONTRACT = 'Credit-card hotline – Vendor A';

const FINANCE = 'finance@demo-bank.test';
const VENDOR_A_ADMIN = 'admin@vendor-a.test';
const DAY_MS = 86_400_000;

/** ERP coding per demo contract (fictional tax ids); every contract gets the same tolerance. */
const CODING: Record<string, Omit<BillingSettingsInput, 'tolerance' | 'roundingMode'>> = {
  [DEMO_HOTLINE_CONTRACT]: { vendorTaxId: '24681357', glAccount: '6120-100', costCenter: 'CC-CARDS-SVC' },
  'VIP securities line – Vendor B': { vendorTaxId: '13572468', glAccount: '6120-200', costCenter: 'CC-BROKERAGE' },
  'E-mail and chat desk – Vendor A': { vendorTaxId: '24681357', glAccount: '6120-300', costCenter: 'CC-RETAIL-SVC' },
};

export interface SeedDemoBillingOptions {
  /** "Now" (tests): no step is dated after it. */
  now?: Date;
}

export interface SeedDemoBillingResult {
  /** Per contract name: the approved months and the draft month. */
  contracts: { name: string; approved: string[]; draft: string | null }[];
  vendorInvoiceId: string | null;
  /** The line key of the one line Vendor A bills differently. */
  differingLineKey: string | null;
  ms: number;
}

interface Parties {
  finance: ServiceCtx;
  vendorA: ServiceCtx;
  vendorAId: string;
}

/** The demo bank's finance user and Vendor A's admin. Platform work: reads across the demo tenants. */
async function loadParties(db: Database): Promise<Parties | null> {
  const { orgIds, userIds } = await unsafeWithoutTenant(db, (tx) => loadDemoDirectory(tx, ['demo-bank', 'vendor-a'], [FINANCE, VENDOR_A_ADMIN]));
  const bankId = orgIds.get('demo-bank');
  const vendorAId = orgIds.get('vendor-a');
  if (!bankId || !vendorAId) return null;
  return {
    finance: demoActor(db, bankId, 'client', 'finance', FINANCE, userIds),
    vendorA: demoActor(db, vendorAId, 'vendor', 'vendor_admin', VENDOR_A_ADMIN, userIds),
    vendorAId,
  };
}

/** The bank's contracts with their closed months (in force), oldest first, as finance sees them. */
async function closedMonths(finance: ServiceCtx) {
  return inTenant(finance, async (tx) => {
    const rows = await tx
      .select({ contractId: contracts.id, name: contracts.name, vendorOrgId: contracts.vendorOrgId, month: monthCloses.month, closedAt: monthCloses.closedAt })
      .from(contracts)
      .leftJoin(monthCloses, and(eq(monthCloses.clientOrgId, contracts.clientOrgId), eq(monthCloses.contractId, contracts.id), isNull(monthCloses.reopenedAt)))
      .where(eq(contracts.clientOrgId, finance.orgId))
      .orderBy(asc(contracts.name), asc(monthCloses.month));
    const byContract = new Map<string, { id: string; name: string; vendorOrgId: string; closes: { month: string; closedAt: Date }[] }>();
    for (const r of rows) {
      const entry = byContract.get(r.contractId) ?? { id: r.contractId, name: r.name, vendorOrgId: r.vendorOrgId, closes: [] };
      if (r.month && r.closedAt) entry.closes.push({ month: r.month, closedAt: r.closedAt });
      byContract.set(r.contractId, entry);
    }
    return [...byContract.values()];
  });
}

/** `days` after the close, but never after now. */
const after = (closedAt: Date, days: number, now: Date) => new Date(Math.min(closedAt.getTime() + days * DAY_MS, now.getTime()));

/** The Platinum line (one rate, no tiers), else the first usage line with a quantity and a rate. */
function lineToInflate(invoice: InvoiceDto): InvoiceLineDto | undefined {
  const usage = invoice.lines.filter((l) => l.kind === 'usage' && l.rate !== null && l.quantityUnit === 'contacts');
  return usage.find((l) => l.description.includes('Platinum')) ?? usage[0];
}

/** Vendor A, a Taipei BPO, words its invoice lines in Traditional Chinese (text typed on the rate card stays as typed). */
const vendorWording = (line: InvoiceLineDto) => invoiceLineText((key, params) => translate('zh-TW', key, params), line);

/**
 * Vendor A's invoice for the draft's month: the draft's lines, one of them billing `extra` more contacts
 * at its rate (amount and tax recomputed half-up, the demo contracts' rounding), totals from its lines.
 */
function vendorInvoiceOf(draft: InvoiceDto, taxRateBp: number, extra: number) {
  const changed = lineToInflate(draft);
  let taxMinor = BigInt(draft.taxMinor);
  const lines = draft.lines.map((line) => {
    const base = { lineKey: line.lineKey, description: vendorWording(line), quantity: line.quantity, rate: line.rate, amountMinor: BigInt(line.amountMinor) };
    if (line !== changed) return base;
    const quantity = parseScaled(line.quantity, 4) + BigInt(extra) * 10_000n;
    // quantity (4 decimals) × rate (6 decimals) in minor units.
    const amountMinor = divideRound(quantity * parseScaled(line.rate!, 6) * 10n ** BigInt(draft.minorDigits), 10n ** 10n, 'half_up');
    if (line.isTaxable) taxMinor += basisPointsOf(amountMinor, taxRateBp, 'half_up') - BigInt(line.taxMinor);
    return { ...base, quantity: `${quantity / 10_000n}.${String(quantity % 10_000n).padStart(4, '0')}`, amountMinor };
  });
  const subtotalMinor = lines.reduce((sum, l) => sum + l.amountMinor, 0n);
  return { lines, subtotalMinor, taxMinor, totalMinor: subtotalMinor + taxMinor, changedKey: changed?.lineKey ?? null };
}

/** Seeds the demo invoices; call once, after seedDemoSla with the same `now`. Null without a demo bank. */
export async function seedDemoBilling(db: Database, options: SeedDemoBillingOptions = {}): Promise<SeedDemoBillingResult | null> {
  const started = performance.now();
  const parties = await loadParties(db);
  if (!parties) return null;
  const now = options.now ?? new Date();
  const { finance, vendorA } = parties;
  const result: SeedDemoBillingResult = { contracts: [], vendorInvoiceId: null, differingLineKey: null, ms: 0 };

  for (const contract of await closedMonths(finance)) {
    await updateBillingSettings(finance, contract.id, { roundingMode: 'half_up', tolerance: DEMO_TOLERANCE, ...(CODING[contract.name] ?? {}) }, now);
    const latest = contract.closes.at(-1);
    const summary = { name: contract.name, approved: [] as string[], draft: null as string | null };
    result.contracts.push(summary);
    if (!latest) continue;
    // Finance runs each month two days after its close and approves it the day after.
    for (const close of contract.closes.slice(-1 - DEMO_APPROVED_MONTHS, -1)) {
      const draft = await runBilling(finance, { contractId: contract.id, month: close.month, now: after(close.closedAt, 2, now) });
      await approveInvoice(finance, { invoiceId: draft.id, now: after(close.closedAt, 3, now) });
      summary.approved.push(close.month);
    }
    const draft = await runBilling(finance, { contractId: contract.id, month: latest.month, now: after(latest.closedAt, 2, now) });
    summary.draft = latest.month;

    if (contract.name !== DEMO_HOTLINE_CONTRACT || contract.vendorOrgId !== parties.vendorAId) continue;
    const version = (await getContract(finance, contract.id, now)).versions.find((v) => v.id === draft.contractVersionId);
    const invoice = vendorInvoiceOf(draft, version?.taxRateBp ?? 0, DEMO_EXTRA_CONTACTS);
    const submitted = await submitVendorInvoice(vendorA, {
      contractId: contract.id,
      month: latest.month,
      invoiceNumber: `VA-HL-${latest.month.replace('-', '')}`,
      currency: draft.currency,
      subtotalMinor: invoice.subtotalMinor,
      taxMinor: invoice.taxMinor,
      totalMinor: invoice.totalMinor,
      lines: invoice.lines,
      now: after(latest.closedAt, 3, now),
    });
    result.vendorInvoiceId = submitted.id;
    result.differingLineKey = invoice.changedKey;
  }
  result.ms = Math.round(performance.now() - started);
  return result;
}
