/**
 * Manual items of a contract month, each with its reason: an adjustment, a pass-through item at cost,
 * or a credit/debit note correcting an approved EARLIER month (an approved month is never edited: its
 * correction goes into a later open month and shows as its own line there). Adding or removing an item
 * recomputes the month's draft, so the invoice on screen always includes it. A locked month answers
 * CONFLICT (409) before any write; the database refuses it too.
 */
import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '#db/client';
import { ADJUSTMENT_KINDS, billingAdjustments, invoices, vendorInvoices } from '#db/schema/index';
import { parseScaled } from '#app/domain/billing/rounding';
import { AppError, notFound } from '#app/lib/errors';
import { recordAudit } from '../audit.server';
import { inTenant, type ServiceCtx } from '../context';
import { minorDigitsOf } from '../sla/basis.server';
import { loadContractContext } from '../sla/inputs.server';
import { assertCanReadBilling, assertCanRunBilling } from './access.server';
import { computeContractMonth, MONTH, versionForMonth } from './compute.server';
import { storeDraft } from './invoices.server';

const E = (key: string) => ({ message: `billing.error.${key}` });

export const adjustmentInputSchema = z
  .object({
    month: z.string().regex(MONTH, E('month')),
    kind: z.enum(ADJUSTMENT_KINDS, E('kind')),
    description: z.string().trim().min(1, E('required')).max(200, E('tooLong')),
    reason: z.string().trim().min(1, E('required')).max(2000, E('tooLong')),
    /** Signed decimal in major units of the contract currency ("-150.00"). */
    amount: z.string().trim().regex(/^-?\d{1,14}(\.\d{1,4})?$/, E('amount')),
    isTaxable: z.boolean().default(true),
    correctsMonth: z.preprocess((v) => (v === '' || v === null ? undefined : v), z.string().regex(MONTH, E('month')).optional()),
  })
  .superRefine((v, ctx) => {
    if (/^-?0*(\.0*)?$/.test(v.amount)) ctx.addIssue({ code: 'custom', path: ['amount'], ...E('amountZero') });
    const negative = v.amount.startsWith('-');
    if (v.kind === 'credit_note' && !negative) ctx.addIssue({ code: 'custom', path: ['amount'], ...E('creditNoteNegative') });
    if (v.kind === 'debit_note' && negative) ctx.addIssue({ code: 'custom', path: ['amount'], ...E('debitNotePositive') });
    const isNote = v.kind === 'credit_note' || v.kind === 'debit_note';
    if (isNote && !v.correctsMonth) ctx.addIssue({ code: 'custom', path: ['correctsMonth'], ...E('correctsMonthRequired') });
    if (!isNote && v.correctsMonth) ctx.addIssue({ code: 'custom', path: ['correctsMonth'], ...E('correctsMonthOnlyNotes') });
    if (v.correctsMonth && v.correctsMonth >= v.month) ctx.addIssue({ code: 'custom', path: ['correctsMonth'], ...E('correctsMonthEarlier') });
  });
export type AdjustmentInput = z.input<typeof adjustmentInputSchema>;

export interface AdjustmentDto {
  id: string;
  contractId: string;
  month: string;
  kind: (typeof ADJUSTMENT_KINDS)[number];
  correctsMonth: string | null;
  description: string;
  reason: string;
  amountMinor: string;
  isTaxable: boolean;
  createdByLabel: string;
  createdAt: string;
  /** The vendor invoice whose acceptance with an adjustment wrote this item (its description is then the portal's text). */
  vendorInvoiceNumber: string | null;
}

function dto(r: typeof billingAdjustments.$inferSelect, vendorInvoiceNumber: string | null = null): AdjustmentDto {
  return { vendorInvoiceNumber, id: r.id, contractId: r.contractId, month: r.month, kind: r.kind, correctsMonth: r.correctsMonth, description: r.description, reason: r.reason, amountMinor: r.amountMinor.toString(), isTaxable: r.isTaxable, createdByLabel: r.createdByLabel, createdAt: r.createdAt.toISOString() };
}

async function monthStatus(tx: Tx, contractId: string, month: string): Promise<'approved' | 'draft' | null> {
  const [row] = await tx.select({ status: invoices.status }).from(invoices).where(and(eq(invoices.contractId, contractId), eq(invoices.month, month)));
  return row?.status ?? null;
}

const lockedConflict = (month: string) => new AppError('CONFLICT', `${month} is approved and locked: add a credit or debit note to a later open month instead.`, { code: 'invoice_approved' });

export async function listAdjustments(ctx: ServiceCtx, input: { contractId: string; month: string }): Promise<AdjustmentDto[]> {
  assertCanReadBilling(ctx);
  return inTenant(ctx, async (tx) => {
    await loadContractContext(tx, input.contractId);
    const rows = await tx
      .select({ item: billingAdjustments, vendorInvoiceNumber: vendorInvoices.invoiceNumber })
      .from(billingAdjustments)
      .leftJoin(vendorInvoices, and(eq(vendorInvoices.clientOrgId, billingAdjustments.clientOrgId), eq(vendorInvoices.id, billingAdjustments.vendorInvoiceId)))
      .where(and(eq(billingAdjustments.contractId, input.contractId), eq(billingAdjustments.month, input.month)))
      .orderBy(asc(billingAdjustments.createdAt));
    return rows.map((r) => dto(r.item, r.vendorInvoiceNumber));
  });
}

/** Adds an item to a contract month and recomputes its draft; returns the item and the invoice id. */
export async function addAdjustment(ctx: ServiceCtx, input: { contractId: string } & AdjustmentInput, now = new Date()): Promise<{ adjustment: AdjustmentDto; invoiceId: string }> {
  assertCanRunBilling(ctx);
  return inTenant(ctx, async (tx) => {
    const contract = await loadContractContext(tx, input.contractId);
    const parsed = adjustmentInputSchema.safeParse(input);
    if (!parsed.success) throw new AppError('UNPROCESSABLE', 'Invalid adjustment', { issues: parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })) });
    const v = parsed.data;
    if ((await monthStatus(tx, input.contractId, v.month)) === 'approved') throw lockedConflict(v.month);
    if (v.correctsMonth && (await monthStatus(tx, input.contractId, v.correctsMonth)) !== 'approved') {
      throw new AppError('UNPROCESSABLE', 'A credit or debit note corrects an approved month; change the draft of an open month instead.', { issues: [{ path: ['correctsMonth'], message: 'billing.error.correctsMonthNotApproved' }] });
    }
    const version = versionForMonth(contract, v.month);
    if (!version) throw new AppError('UNPROCESSABLE', 'No contract version is in force in this month', { issues: [{ path: ['month'], message: 'billing.error.noVersion' }] });
    const digits = minorDigitsOf(version.currency);
    const scaled = parseScaled(v.amount, 4);
    if (digits < 4 && scaled % 10n ** BigInt(4 - digits) !== 0n) throw new AppError('UNPROCESSABLE', `The amount has more than ${digits} decimals`, { issues: [{ path: ['amount'], message: 'billing.error.amountDecimals' }] });
    const amountMinor = digits <= 4 ? scaled / 10n ** BigInt(4 - digits) : scaled * 10n ** BigInt(digits - 4);
    const [row] = await tx
      .insert(billingAdjustments)
      .values({ clientOrgId: contract.clientOrgId, contractId: contract.contractId, vendorOrgId: contract.vendorOrgId, month: v.month, kind: v.kind, correctsMonth: v.correctsMonth ?? null, description: v.description, reason: v.reason, amountMinor, isTaxable: v.isTaxable, createdBy: ctx.actor.userId ?? null, createdByLabel: ctx.actor.label })
      .returning();
    const stored = await storeDraft(tx, ctx, await computeContractMonth(tx, contract.contractId, v.month, now), v.month, now);
    await recordAudit(tx, ctx, { action: 'billing_adjustment.create', objectType: 'invoice', objectId: stored.id, details: { contractId: contract.contractId, month: v.month, adjustmentId: row!.id, kind: v.kind, amountMinor: amountMinor.toString(), reason: v.reason, correctsMonth: v.correctsMonth ?? null, totalsBefore: stored.before } });
    return { adjustment: dto(row!), invoiceId: stored.id };
  });
}

/** Removes an item of an open month and recomputes its draft. */
export async function removeAdjustment(ctx: ServiceCtx, input: { adjustmentId: string }, now = new Date()): Promise<{ invoiceId: string }> {
  assertCanRunBilling(ctx);
  return inTenant(ctx, async (tx) => {
    if (!z.uuid().safeParse(input.adjustmentId).success) throw notFound('Adjustment not found');
    const [row] = await tx.select().from(billingAdjustments).where(eq(billingAdjustments.id, input.adjustmentId));
    if (!row) throw notFound('Adjustment not found');
    if ((await monthStatus(tx, row.contractId, row.month)) === 'approved') throw lockedConflict(row.month);
    await tx.delete(billingAdjustments).where(and(eq(billingAdjustments.clientOrgId, row.clientOrgId), eq(billingAdjustments.id, row.id)));
    const stored = await storeDraft(tx, ctx, await computeContractMonth(tx, row.contractId, row.month, now), row.month, now);
    await recordAudit(tx, ctx, { action: 'billing_adjustment.delete', objectType: 'invoice', objectId: stored.id, details: { contractId: row.contractId, month: row.month, adjustmentId: row.id, kind: row.kind, amountMinor: row.amountMinor.toString(), totalsBefore: stored.before } });
    return { invoiceId: stored.id };
  });
}
