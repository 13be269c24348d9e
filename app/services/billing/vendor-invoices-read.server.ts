/**
 * Vendor invoices as pages and the API read them: JSON-safe (money as strings of integer minor units,
 * dates as ISO strings). A month may hold several submissions; the latest is the one reconciled and
 * decided, the earlier ones are "superseded".
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Tx } from '#db/client';
import { contracts, contractVersions, vendorInvoiceLines, vendorInvoices, VENDOR_INVOICE_STATUSES } from '#db/schema/index';
import { lastDayOfMonth } from '#app/domain/billing/reconcile-month';

export type VendorInvoiceStatus = (typeof VENDOR_INVOICE_STATUSES)[number];
export type VendorInvoiceRow = typeof vendorInvoices.$inferSelect;

export interface VendorInvoiceLineDto {
  position: number;
  lineKey: string | null;
  description: string;
  quantity: string | null;
  rate: string | null;
  amountMinor: string;
}

export interface VendorInvoiceDto {
  id: string;
  clientOrgId: string;
  vendorOrgId: string;
  contractId: string;
  contractName: string;
  month: string;
  invoiceNumber: string;
  currency: string;
  subtotalMinor: string | null;
  taxMinor: string | null;
  totalMinor: string;
  pdf: { fileName: string; sha256: string } | null;
  submittedByLabel: string;
  submittedAt: string;
  status: VendorInvoiceStatus;
  /** A later submission for the same contract month replaced this one. */
  isSuperseded: boolean;
  decisionMessage: string | null;
  adjustmentMinor: string | null;
  decidedByLabel: string | null;
  decidedAt: string | null;
}

const str = (v: bigint | null) => (v === null ? null : v.toString());

export function toVendorInvoiceDto(row: VendorInvoiceRow, contractName: string, isSuperseded: boolean): VendorInvoiceDto {
  return {
    id: row.id,
    clientOrgId: row.clientOrgId,
    vendorOrgId: row.vendorOrgId,
    contractId: row.contractId,
    contractName,
    month: row.month,
    invoiceNumber: row.invoiceNumber,
    currency: row.currency,
    subtotalMinor: str(row.subtotalMinor),
    taxMinor: str(row.taxMinor),
    totalMinor: row.totalMinor.toString(),
    pdf: row.pdfStorageKey && row.pdfFileName && row.pdfSha256 ? { fileName: row.pdfFileName, sha256: row.pdfSha256 } : null,
    submittedByLabel: row.submittedByLabel,
    submittedAt: row.submittedAt.toISOString(),
    status: row.status,
    isSuperseded,
    decisionMessage: row.decisionMessage,
    adjustmentMinor: str(row.adjustmentMinor),
    decidedByLabel: row.decidedByLabel,
    decidedAt: row.decidedAt?.toISOString() ?? null,
  };
}

/** Latest first: by submission time, then id (submissions of one transaction share a timestamp). */
export function byLatest(a: VendorInvoiceRow, b: VendorInvoiceRow): number {
  const t = b.submittedAt.getTime() - a.submittedAt.getTime();
  return t !== 0 ? t : b.id.localeCompare(a.id);
}

/** The ids of the latest submission of each contract month among `rows`. */
export function latestIds(rows: readonly VendorInvoiceRow[]): Set<string> {
  const latest = new Map<string, VendorInvoiceRow>();
  for (const row of rows) {
    const key = `${row.contractId}|${row.month}`;
    const current = latest.get(key);
    if (!current || byLatest(row, current) < 0) latest.set(key, row);
  }
  return new Set([...latest.values()].map((r) => r.id));
}

/** Every submission of a contract month, latest first (RLS: only the client's or the vendor's own). */
export async function submissionsOfMonth(tx: Tx, clientOrgId: string, contractId: string, month: string): Promise<VendorInvoiceRow[]> {
  const rows = await tx
    .select()
    .from(vendorInvoices)
    .where(and(eq(vendorInvoices.clientOrgId, clientOrgId), eq(vendorInvoices.contractId, contractId), eq(vendorInvoices.month, month)));
  return rows.sort(byLatest);
}

export async function linesOf(tx: Tx, row: VendorInvoiceRow): Promise<VendorInvoiceLineDto[]> {
  const lines = await tx
    .select()
    .from(vendorInvoiceLines)
    .where(and(eq(vendorInvoiceLines.clientOrgId, row.clientOrgId), eq(vendorInvoiceLines.vendorInvoiceId, row.id)))
    .orderBy(asc(vendorInvoiceLines.position));
  return lines.map((l) => ({ position: l.position, lineKey: l.lineKey, description: l.description, quantity: l.quantity, rate: l.rate, amountMinor: l.amountMinor.toString() }));
}

export async function contractNames(tx: Tx, contractIds: string[]): Promise<Map<string, string>> {
  if (!contractIds.length) return new Map();
  const rows = await tx.select({ id: contracts.id, name: contracts.name }).from(contracts).where(inArray(contracts.id, [...new Set(contractIds)]));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** The currency of the contract version in force at the end of `month`; null when none had started. */
export async function contractCurrencyFor(tx: Tx, clientOrgId: string, contractId: string, month: string): Promise<string | null> {
  const versions = await tx
    .select({ currency: contractVersions.currency, effectiveFrom: contractVersions.effectiveFrom })
    .from(contractVersions)
    .where(and(eq(contractVersions.clientOrgId, clientOrgId), eq(contractVersions.contractId, contractId)));
  const last = lastDayOfMonth(month);
  const inForce = versions.filter((v) => v.effectiveFrom <= last).sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom))[0];
  return inForce?.currency ?? null;
}
