/**
 * ERP exports of computed invoices: one row per invoice line with the vendor, its tax id, the contract,
 * the period and the contract's GL account and cost center (billing settings). A month's export holds
 * its APPROVED invoices only (what finance books); one invoice's export holds that invoice (draft or not,
 * its status in a column). Money as numbers in major units (exact to the currency's minor digits), so a
 * spreadsheet sums them; CSV and XLSX are built by the shared exporters (BOM, CRLF, formula neutralising).
 */
import { and, eq, inArray } from 'drizzle-orm';
import { contractBillingSettings, invoices } from '#db/schema/index';
import { buildCsv, type ExportTable } from '#app/domain/export/csv';
import { formatMinor } from '#app/domain/billing/rounding';
import { buildXlsx } from '#app/lib/table-export';
import { inTenant, type ServiceCtx } from '../context';
import { assertCanReadBilling, assertCanRunBilling } from './access.server';
import { assertMonth } from './compute.server';
import type { InvoiceDto } from './dto';
import { loadInvoiceTx } from './invoices.server';

export const ERP_COLUMNS = ['Vendor', 'Vendor tax ID', 'Contract', 'Period', 'GL account', 'Cost center', 'Invoice status', 'Line', 'Line kind', 'Description', 'Quantity', 'Unit', 'Rate', 'Amount', 'Tax', 'Currency'] as const;
const QUANTITY_COLUMN = ERP_COLUMNS.indexOf('Quantity');
const RATE_COLUMN = ERP_COLUMNS.indexOf('Rate');
const AMOUNT_COLUMN = ERP_COLUMNS.indexOf('Amount');
const TAX_COLUMN = ERP_COLUMNS.indexOf('Tax');

interface Coding {
  vendorTaxId: string | null;
  glAccount: string | null;
  costCenter: string | null;
}

/** Minor units as a number of major units; exact for any amount below 2^53 minor units. */
const major = (minor: string, digits: number) => Number(formatMinor(BigInt(minor), digits));

export function erpRows(invoice: InvoiceDto, coding: Coding): ExportTable['rows'] {
  return invoice.lines.map((line) => [
    invoice.vendorName,
    coding.vendorTaxId ?? '',
    invoice.contractName,
    invoice.month,
    coding.glAccount ?? '',
    coding.costCenter ?? '',
    invoice.status,
    line.position,
    line.kind,
    line.description,
    Number(line.quantity),
    line.quantityUnit,
    line.rate === null ? null : Number(line.rate),
    major(line.amountMinor, invoice.minorDigits),
    major(line.taxMinor, invoice.minorDigits),
    invoice.currency,
  ]);
}

export interface InvoiceExport {
  table: ExportTable;
  invoiceCount: number;
  /** Per currency: Σ amount and Σ tax of the rows, minor units (what the file's columns add up to). */
  totals: Record<string, { amountMinor: string; taxMinor: string }>;
}

function exportOf(list: { invoice: InvoiceDto; coding: Coding }[]): InvoiceExport {
  const totals: InvoiceExport['totals'] = {};
  for (const { invoice } of list) {
    const t = totals[invoice.currency] ?? { amountMinor: '0', taxMinor: '0' };
    const amount = invoice.lines.reduce((s, l) => s + BigInt(l.amountMinor), 0n);
    const tax = invoice.lines.reduce((s, l) => s + BigInt(l.taxMinor), 0n);
    totals[invoice.currency] = { amountMinor: (BigInt(t.amountMinor) + amount).toString(), taxMinor: (BigInt(t.taxMinor) + tax).toString() };
  }
  return { table: { columns: [...ERP_COLUMNS], rows: list.flatMap(({ invoice, coding }) => erpRows(invoice, coding)) }, invoiceCount: list.length, totals };
}

async function codingOf(ctx: ServiceCtx, contractIds: string[]): Promise<Map<string, Coding>> {
  if (!contractIds.length) return new Map();
  const rows = await inTenant(ctx, (tx) => tx.select().from(contractBillingSettings).where(inArray(contractBillingSettings.contractId, contractIds)));
  return new Map(rows.map((r) => [r.contractId, { vendorTaxId: r.vendorTaxId, glAccount: r.glAccount, costCenter: r.costCenter }]));
}

const NO_CODING: Coding = { vendorTaxId: null, glAccount: null, costCenter: null };

/** The approved invoices of a month, ordered by vendor and contract. */
export async function exportMonth(ctx: ServiceCtx, month: string): Promise<InvoiceExport> {
  assertCanRunBilling(ctx);
  assertMonth(month);
  const list = await inTenant(ctx, async (tx) => {
    const rows = await tx.select({ id: invoices.id }).from(invoices).where(and(eq(invoices.month, month), eq(invoices.status, 'approved')));
    const loaded: InvoiceDto[] = [];
    for (const r of rows) loaded.push(await loadInvoiceTx(tx, r.id));
    return loaded.sort((a, b) => a.vendorName.localeCompare(b.vendorName) || a.contractName.localeCompare(b.contractName) || a.id.localeCompare(b.id));
  });
  const coding = await codingOf(ctx, list.map((i) => i.contractId));
  return exportOf(list.map((invoice) => ({ invoice, coding: coding.get(invoice.contractId) ?? NO_CODING })));
}

export async function exportInvoice(ctx: ServiceCtx, invoiceId: string): Promise<InvoiceExport> {
  assertCanReadBilling(ctx);
  const invoice = await inTenant(ctx, (tx) => loadInvoiceTx(tx, invoiceId));
  const coding = await codingOf(ctx, [invoice.contractId]);
  return exportOf([{ invoice, coding: coding.get(invoice.contractId) ?? NO_CODING }]);
}

export const CSV_MIME = 'text/csv; charset=utf-8';

export function exportCsv(data: InvoiceExport): string {
  return buildCsv(data.table);
}

export function exportXlsx(data: InvoiceExport, sheetName: string): Promise<Uint8Array<ArrayBuffer>> {
  return buildXlsx(data.table, sheetName, { numFmts: { [QUANTITY_COLUMN]: '#,##0.0000', [RATE_COLUMN]: '#,##0.00####', [AMOUNT_COLUMN]: '#,##0.00', [TAX_COLUMN]: '#,##0.00' } });
}

/** Content-Disposition for a download named `name` (ASCII-safe). */
export function attachment(name: string): string {
  return `attachment; filename="${name.replace(/[^\w.-]/g, '_')}"`;
}
