/**
 * Vendor invoices (issue 7): the vendor ('submit:invoices') submits its invoice for a contract month
 * (number, currency, amounts, optional lines, the PDF); both sides list them. A resubmission is a new
 * row, never an edit (the database lets the vendor INSERT and SELECT only); the latest submission of a
 * month is the one reconciled. A month whose latest submission was accepted takes no more.
 */
import { and, desc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { contracts, vendorInvoiceLines, vendorInvoices } from '#db/schema/index';
import { MONTH_PATTERN, monthOf } from '#app/domain/billing/reconcile-month';
import { AppError, forbidden, notFound } from '#app/lib/errors';
import { recordAudit } from '../audit.server';
import { assertCan, inTenant, type ServiceCtx } from '../context';
import { parseInput } from '../programs-common.server';
import { notifyVendorInvoice } from './vendor-invoices-notify.server';
import { storePdf, type PdfInput } from './vendor-invoices-pdf.server';
import { contractCurrencyFor, contractNames, latestIds, submissionsOfMonth, toVendorInvoiceDto, type VendorInvoiceDto } from './vendor-invoices-read.server';

export const MAX_VENDOR_LINES = 1000;

const blankToNull = (v: unknown) => (v === '' || v === undefined ? null : v);
const minor = z.union([z.bigint(), z.number().int(), z.string().trim().regex(/^-?\d{1,18}$/)], { message: 'reconciliation.error.amount' }).transform((v) => BigInt(v));
const decimal = (whole: number, fraction: number) =>
  z.preprocess(blankToNull, z.union([z.null(), z.string().trim().regex(new RegExp(`^-?\\d{1,${whole}}(\\.\\d{1,${fraction}})?$`), { message: 'reconciliation.error.decimal' })]));

export const vendorLineSchema = z.object({
  lineKey: z.preprocess(blankToNull, z.string().trim().max(200, { message: 'reconciliation.error.tooLong' }).nullable()).default(null),
  description: z.string({ message: 'reconciliation.error.required' }).trim().min(1, { message: 'reconciliation.error.required' }).max(500, { message: 'reconciliation.error.tooLong' }),
  quantity: decimal(14, 4).default(null),
  rate: decimal(12, 6).default(null),
  amountMinor: minor,
});

const targetSchema = z.object({
  contractId: z.uuid({ message: 'reconciliation.error.contract' }),
  month: z.string({ message: 'reconciliation.error.month' }).regex(MONTH_PATTERN, { message: 'reconciliation.error.month' }),
});

export const submitSchema = targetSchema.extend({
  invoiceNumber: z.string({ message: 'reconciliation.error.required' }).trim().min(1, { message: 'reconciliation.error.required' }).max(100, { message: 'reconciliation.error.tooLong' }),
  currency: z.string({ message: 'reconciliation.error.currency' }).trim().toUpperCase().regex(/^[A-Z]{3}$/, { message: 'reconciliation.error.currency' }),
  totalMinor: minor,
  subtotalMinor: z.preprocess(blankToNull, minor.nullable()).default(null),
  taxMinor: z.preprocess(blankToNull, minor.nullable()).default(null),
  lines: z.array(vendorLineSchema).max(MAX_VENDOR_LINES, { message: 'reconciliation.error.tooManyLines' }).default([]),
});

export type SubmitVendorInvoiceInput = z.input<typeof submitSchema> & { pdf?: PdfInput | null; now?: Date };

const issue = (path: (string | number)[], key: string, message: string, code: 'UNPROCESSABLE' | 'CONFLICT' = 'UNPROCESSABLE') => new AppError(code, message, { issues: [{ path, message: key }] });

export async function submitVendorInvoice(ctx: ServiceCtx, rawInput: SubmitVendorInvoiceInput): Promise<VendorInvoiceDto> {
  assertCan(ctx, 'submit:invoices');
  if (ctx.orgKind !== 'vendor') throw forbidden('Vendor invoices are submitted by the vendor');
  const target = parseInput(targetSchema, { contractId: rawInput.contractId, month: rawInput.month });
  const now = rawInput.now ?? new Date();
  // Look the contract up first: another vendor's (or client's) contract does not exist for this caller.
  const contract = await inTenant(ctx, async (tx) => {
    const [row] = await tx.select().from(contracts).where(and(eq(contracts.id, target.contractId), eq(contracts.vendorOrgId, ctx.orgId)));
    if (!row) throw notFound('Contract not found');
    return { ...row, currency: await contractCurrencyFor(tx, row.clientOrgId, row.id, target.month) };
  });
  const input = parseInput(submitSchema, rawInput);
  if (input.month > monthOf(now)) throw issue(['month'], 'reconciliation.error.futureMonth', `${input.month} has not started yet`);
  if (!contract.currency) throw issue(['month'], 'reconciliation.error.notInForce', `The contract has no terms in force in ${input.month}`);
  if (input.currency !== contract.currency) {
    throw issue(['currency'], 'reconciliation.error.currencyMismatch', `The invoice currency ${input.currency} is not the contract's currency ${contract.currency}`);
  }
  // The form always sends the PDF (null when missing); the JSON API submits without one (undefined).
  if (rawInput.pdf === null) throw issue(['pdf'], 'reconciliation.error.pdfRequired', 'Attach the invoice PDF');
  const assertOpen = (latest: { status: string } | undefined) => {
    if (latest && latest.status !== 'submitted' && latest.status !== 'disputed') {
      throw issue(['month'], 'reconciliation.error.alreadyAccepted', `The ${input.month} invoice was already accepted; it cannot be resubmitted`, 'CONFLICT');
    }
  };
  assertOpen((await inTenant(ctx, (tx) => submissionsOfMonth(tx, contract.clientOrgId, contract.id, input.month)))[0]);
  const stored = rawInput.pdf ? await storePdf(contract.clientOrgId, rawInput.pdf) : null;

  const row = await inTenant(ctx, async (tx) => {
    const previous = await submissionsOfMonth(tx, contract.clientOrgId, contract.id, input.month);
    assertOpen(previous[0]);
    const [inserted] = await tx
      .insert(vendorInvoices)
      .values({
        clientOrgId: contract.clientOrgId,
        contractId: contract.id,
        vendorOrgId: ctx.orgId,
        month: input.month,
        invoiceNumber: input.invoiceNumber,
        currency: input.currency,
        subtotalMinor: input.subtotalMinor,
        taxMinor: input.taxMinor,
        totalMinor: input.totalMinor,
        pdfFileName: stored ? rawInput.pdf!.fileName.slice(0, 255) : null,
        pdfStorageKey: stored?.key ?? null,
        pdfSha256: stored?.sha256 ?? null,
        submittedBy: ctx.actor.userId ?? null,
        submittedByLabel: ctx.actor.label,
        submittedAt: now,
      })
      .returning();
    if (input.lines.length) {
      await tx.insert(vendorInvoiceLines).values(
        input.lines.map((line, i) => ({
          clientOrgId: contract.clientOrgId,
          vendorInvoiceId: inserted!.id,
          position: i + 1,
          vendorOrgId: ctx.orgId,
          lineKey: line.lineKey,
          description: line.description,
          quantity: line.quantity,
          rate: line.rate,
          amountMinor: line.amountMinor,
        })),
      );
    }
    await recordAudit(tx, ctx, {
      action: previous.length ? 'vendor_invoice.resubmit' : 'vendor_invoice.submit',
      objectType: 'vendor_invoice',
      objectId: inserted!.id,
      details: { contractId: contract.id, month: input.month, invoiceNumber: input.invoiceNumber, totalMinor: input.totalMinor.toString(), lines: input.lines.length, pdfSha256: stored?.sha256 ?? null, supersedes: previous[0]?.id ?? null },
    });
    return inserted!;
  });
  const dto = toVendorInvoiceDto(row, contract.name, false);
  await notifyVendorInvoice(ctx.db, dto, 'submitted');
  return dto;
}

/** Submissions visible to the org (the client's, or the vendor's own), latest first, optionally one month's. */
export async function listVendorInvoices(ctx: ServiceCtx, filter: { month?: string; contractIds?: string[] } = {}): Promise<VendorInvoiceDto[]> {
  assertCan(ctx, 'read:contracts');
  if (filter.month !== undefined && !MONTH_PATTERN.test(filter.month)) throw issue(['month'], 'reconciliation.error.month', 'month must be YYYY-MM');
  return inTenant(ctx, async (tx) => {
    const where = [];
    if (filter.month) where.push(eq(vendorInvoices.month, filter.month));
    if (filter.contractIds) where.push(inArray(vendorInvoices.contractId, filter.contractIds.length ? filter.contractIds : ['00000000-0000-0000-0000-000000000000']));
    const rows = await tx
      .select()
      .from(vendorInvoices)
      .where(where.length ? and(...where) : undefined)
      .orderBy(desc(vendorInvoices.month), desc(vendorInvoices.submittedAt))
      .limit(2000);
    // Superseded is decided among all submissions of a month, so a month filter keeps them all.
    const latest = latestIds(rows);
    const names = await contractNames(tx, rows.map((r) => r.contractId));
    return rows.map((r) => toVendorInvoiceDto(r, names.get(r.contractId) ?? '—', !latest.has(r.id)));
  });
}

export interface SubmissionTarget {
  contractId: string;
  contractName: string;
  month: string;
  /** The currency of the terms in force that month; null when none had started. */
  currency: string | null;
  /** The latest submission of the month, if any. */
  latest: VendorInvoiceDto | null;
  /** False when the latest submission was accepted: the month takes no more. */
  isOpen: boolean;
}

/** What the submission form needs to know about a contract month; NOT_FOUND for a contract not the vendor's. */
export async function submissionTarget(ctx: ServiceCtx, rawInput: { contractId: string; month: string }): Promise<SubmissionTarget> {
  assertCan(ctx, 'submit:invoices');
  if (ctx.orgKind !== 'vendor') throw forbidden('Vendor invoices are submitted by the vendor');
  if (!z.uuid().safeParse(rawInput.contractId).success) throw notFound('Contract not found');
  const { month } = parseInput(targetSchema.pick({ month: true }), { month: rawInput.month });
  return inTenant(ctx, async (tx) => {
    const [row] = await tx.select().from(contracts).where(and(eq(contracts.id, rawInput.contractId), eq(contracts.vendorOrgId, ctx.orgId)));
    if (!row) throw notFound('Contract not found');
    const [latest] = await submissionsOfMonth(tx, row.clientOrgId, row.id, month);
    return {
      contractId: row.id,
      contractName: row.name,
      month,
      currency: await contractCurrencyFor(tx, row.clientOrgId, row.id, month),
      latest: latest ? toVendorInvoiceDto(latest, row.name, false) : null,
      isOpen: !latest || latest.status === 'submitted' || latest.status === 'disputed',
    };
  });
}
