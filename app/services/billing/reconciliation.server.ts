/**
 * One vendor invoice with its reconciliation against the computed invoice of the same contract month,
 * for both sides (the client, and the vendor that submitted it). The computed invoice is read from the
 * billing tables in the same transaction, so both sides of the comparison are one snapshot.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { Tx } from '#db/client';
import { billingAdjustments, contractBillingSettings, invoiceLines, invoices, vendorInvoices, type InvoiceLineParams } from '#db/schema/index';
import { reconcile, type ReconciledRow, type Reconciliation, type TotalComparison } from '#app/domain/billing/reconcile';
import { notFound } from '#app/lib/errors';
import { assertCan, inTenant, type ServiceCtx } from '../context';
import { contractNames, linesOf, submissionsOfMonth, toVendorInvoiceDto, type VendorInvoiceDto, type VendorInvoiceLineDto, type VendorInvoiceRow } from './vendor-invoices-read.server';

export interface ComputedLineView {
  position: number;
  kind: string;
  lineKey: string;
  /** English; descriptionKey and descriptionParams render it in the reader's language (null: show this). */
  description: string;
  descriptionKey: string | null;
  descriptionParams: InvoiceLineParams | null;
  quantity: string;
  quantityUnit: string;
  rate: string | null;
  amountMinor: string;
}

export interface ComputedInvoiceView {
  id: string;
  status: 'draft' | 'approved';
  currency: string;
  totalMinor: string;
  taxMinor: string;
  lines: ComputedLineView[];
}

const money = (v: bigint | null) => (v === null ? null : v.toString());
const totalView = (t: TotalComparison) => ({ computedMinor: money(t.computedMinor), vendorMinor: money(t.vendorMinor), diffMinor: money(t.diffMinor), isFlagged: t.isFlagged });

export interface ReconciliationRowDto {
  status: ReconciledRow['status'];
  matchedBy: ReconciledRow['matchedBy'];
  computed: ComputedLineView | null;
  vendor: VendorInvoiceLineDto | null;
  amountDiffMinor: string;
  quantityDiff: string | null;
  rateDiff: string | null;
  isFlagged: boolean;
  /** The accepted adjustment's row: the vendor's net difference on the other lines it answers. */
  vendorFigureMinor: string | null;
  /** A difference the adjustment accepted with this invoice settles: shown, not flagged. */
  settledByAdjustment: boolean;
}

export interface ReconciliationDto {
  mode: Reconciliation['mode'];
  toleranceMinor: string;
  rows: ReconciliationRowDto[];
  totals: { beforeTax: ReturnType<typeof totalView>; tax: ReturnType<typeof totalView>; total: ReturnType<typeof totalView> };
  vendorLinesSumMinor: string | null;
  flaggedLineCount: number;
  isClean: boolean;
}

export interface VendorInvoiceDetailDto extends VendorInvoiceDto {
  lines: VendorInvoiceLineDto[];
  computed: ComputedInvoiceView | null;
  reconciliation: ReconciliationDto;
  /** Every submission of the contract month, latest first (this one included). */
  history: VendorInvoiceDto[];
  /** Finance may still accept or dispute it: the latest submission, not decided yet. */
  isDecidable: boolean;
}

async function computedInvoiceOf(tx: Tx, row: VendorInvoiceRow): Promise<ComputedInvoiceView | null> {
  const [invoice] = await tx
    .select()
    .from(invoices)
    .where(and(eq(invoices.clientOrgId, row.clientOrgId), eq(invoices.contractId, row.contractId), eq(invoices.month, row.month)));
  if (!invoice) return null;
  const lines = await tx
    .select()
    .from(invoiceLines)
    .where(and(eq(invoiceLines.clientOrgId, invoice.clientOrgId), eq(invoiceLines.invoiceId, invoice.id)))
    .orderBy(asc(invoiceLines.position));
  return {
    id: invoice.id,
    status: invoice.status,
    currency: invoice.currency,
    totalMinor: invoice.totalMinor.toString(),
    taxMinor: invoice.taxMinor.toString(),
    lines: lines.map((l) => ({ position: l.position, kind: l.kind, lineKey: l.lineKey, description: l.description, descriptionKey: l.descriptionKey, descriptionParams: l.descriptionParams, quantity: l.quantity, quantityUnit: l.quantityUnit, rate: l.rate, amountMinor: l.amountMinor.toString() })),
  };
}

export async function toleranceOf(tx: Tx, clientOrgId: string, contractId: string): Promise<bigint> {
  const [settings] = await tx
    .select({ toleranceMinor: contractBillingSettings.toleranceMinor })
    .from(contractBillingSettings)
    .where(and(eq(contractBillingSettings.clientOrgId, clientOrgId), eq(contractBillingSettings.contractId, contractId)));
  return settings?.toleranceMinor ?? 0n;
}

/**
 * The line key of the adjustment written when finance accepted this vendor invoice with an adjustment
 * (billing_adjustments.vendor_invoice_id), or null. Both sides may read it (the vendor reads its
 * contracts' adjustments); removed with the adjustment, the link is simply gone.
 */
async function acceptedAdjustmentKeyOf(tx: Tx, row: VendorInvoiceRow): Promise<string | null> {
  const [adjustment] = await tx
    .select({ id: billingAdjustments.id, kind: billingAdjustments.kind })
    .from(billingAdjustments)
    .where(and(eq(billingAdjustments.clientOrgId, row.clientOrgId), eq(billingAdjustments.vendorInvoiceId, row.id)));
  return adjustment ? `${adjustment.kind}:${adjustment.id}` : null;
}

function reconcileViews(row: VendorInvoiceRow, lines: VendorInvoiceLineDto[], computed: ComputedInvoiceView | null, toleranceMinor: bigint, acceptedAdjustmentKey: string | null): ReconciliationDto {
  const computedByPosition = new Map(computed?.lines.map((l) => [l.position, l]) ?? []);
  const vendorByPosition = new Map(lines.map((l) => [l.position, l]));
  const result = reconcile({
    computed: computed
      ? {
          lines: computed.lines.map((l) => ({ position: l.position, kind: l.kind, lineKey: l.lineKey, description: l.description, quantity: l.quantity, rate: l.rate, amountMinor: BigInt(l.amountMinor) })),
          totals: { subtotalMinor: null, taxMinor: BigInt(computed.taxMinor), totalMinor: BigInt(computed.totalMinor) },
        }
      : null,
    vendor: {
      lines: lines.map((l) => ({ position: l.position, lineKey: l.lineKey, description: l.description, quantity: l.quantity, rate: l.rate, amountMinor: BigInt(l.amountMinor) })),
      totals: { subtotalMinor: row.subtotalMinor, taxMinor: row.taxMinor, totalMinor: row.totalMinor },
    },
    toleranceMinor,
    acceptedAdjustmentKey,
  });
  return {
    mode: result.mode,
    toleranceMinor: toleranceMinor.toString(),
    rows: result.rows.map((r) => ({
      status: r.status,
      matchedBy: r.matchedBy,
      computed: r.computed ? computedByPosition.get(r.computed.position)! : null,
      vendor: r.vendor ? vendorByPosition.get(r.vendor.position)! : null,
      amountDiffMinor: r.amountDiffMinor.toString(),
      quantityDiff: r.quantityDiff,
      rateDiff: r.rateDiff,
      isFlagged: r.isFlagged,
      vendorFigureMinor: money(r.vendorFigureMinor),
      settledByAdjustment: r.settledByAdjustment,
    })),
    totals: { beforeTax: totalView(result.totals.beforeTax), tax: totalView(result.totals.tax), total: totalView(result.totals.total) },
    vendorLinesSumMinor: money(result.vendorLinesSumMinor),
    flaggedLineCount: result.flaggedLineCount,
    isClean: result.isClean,
  };
}

/** The vendor invoice row; NOT_FOUND for anyone but its client and its vendor (row-level security). */
export async function findVendorInvoice(tx: Tx, vendorInvoiceId: string): Promise<VendorInvoiceRow> {
  const [row] = await tx.select().from(vendorInvoices).where(eq(vendorInvoices.id, vendorInvoiceId));
  if (!row) throw notFound('Vendor invoice not found');
  return row;
}

export async function getVendorInvoice(ctx: ServiceCtx, vendorInvoiceId: string): Promise<VendorInvoiceDetailDto> {
  assertCan(ctx, 'read:contracts');
  return inTenant(ctx, async (tx) => {
    const row = await findVendorInvoice(tx, vendorInvoiceId);
    // One after another: the queries share the transaction's connection.
    const lines = await linesOf(tx, row);
    const computed = await computedInvoiceOf(tx, row);
    const toleranceMinor = await toleranceOf(tx, row.clientOrgId, row.contractId);
    const acceptedAdjustmentKey = await acceptedAdjustmentKeyOf(tx, row);
    const siblings = await submissionsOfMonth(tx, row.clientOrgId, row.contractId, row.month);
    const names = await contractNames(tx, [row.contractId]);
    const name = names.get(row.contractId) ?? '—';
    const latestId = siblings[0]?.id;
    const dto = toVendorInvoiceDto(row, name, row.id !== latestId);
    return {
      ...dto,
      lines,
      computed,
      reconciliation: reconcileViews(row, lines, computed, toleranceMinor, acceptedAdjustmentKey),
      history: siblings.map((s) => toVendorInvoiceDto(s, name, s.id !== latestId)),
      isDecidable: row.status === 'submitted' && !dto.isSuperseded,
    };
  });
}

/** Where the PDF is kept and what to call it; NOT_FOUND when the invoice is not visible or has none. */
export async function vendorInvoicePdf(ctx: ServiceCtx, vendorInvoiceId: string): Promise<{ storageKey: string; fileName: string; sha256: string }> {
  assertCan(ctx, 'read:contracts');
  return inTenant(ctx, async (tx) => {
    const row = await findVendorInvoice(tx, vendorInvoiceId);
    if (!row.pdfStorageKey || !row.pdfSha256) throw notFound('This vendor invoice has no PDF');
    return { storageKey: row.pdfStorageKey, fileName: row.pdfFileName ?? 'invoice.pdf', sha256: row.pdfSha256 };
  });
}
