/**
 * Finance's decision on a vendor invoice ('run:billing'): accept it, dispute it (with a message the
 * vendor reads on its invoice page), or accept it with an adjustment (an amount and a reason, written as
 * a billing adjustment of the month, so the computed invoice carries it). Only the latest submission of
 * a month, and only once: a disputed invoice is settled by the vendor resubmitting, which is decided anew.
 */
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { billingAdjustments, invoices, vendorInvoices } from '#db/schema/index';
import { AppError, forbidden } from '#app/lib/errors';
import { recordAudit } from '../audit.server';
import { assertCan, inTenant, type ServiceCtx } from '../context';
import { parseInput } from '../programs-common.server';
import { computeContractMonth } from './compute.server';
import { storeDraft } from './invoices.server';
import { findVendorInvoice } from './reconciliation.server';
import { notifyVendorInvoice } from './vendor-invoices-notify.server';
import { contractNames, submissionsOfMonth, toVendorInvoiceDto, type VendorInvoiceDto } from './vendor-invoices-read.server';

export const DECISIONS = ['accept', 'dispute', 'accept_with_adjustment'] as const;
export type Decision = (typeof DECISIONS)[number];

const text = (max: number) => z.string({ message: 'reconciliation.error.required' }).trim().min(1, { message: 'reconciliation.error.required' }).max(max, { message: 'reconciliation.error.tooLong' });

const decideSchema = z.discriminatedUnion(
  'decision',
  [
    z.object({ decision: z.literal('accept'), message: z.string().trim().max(4000, { message: 'reconciliation.error.tooLong' }).optional() }),
    z.object({ decision: z.literal('dispute'), message: text(4000) }),
    z.object({
      decision: z.literal('accept_with_adjustment'),
      adjustmentMinor: z
        .union([z.bigint(), z.number().int(), z.string().trim().regex(/^-?\d{1,18}$/)], { message: 'reconciliation.error.amount' })
        .transform((v) => BigInt(v))
        .refine((v) => v !== 0n, { message: 'reconciliation.error.zeroAdjustment' }),
      reason: text(2000),
    }),
  ],
  { message: 'reconciliation.error.decision' },
);

export type DecideInput = z.input<typeof decideSchema> & { vendorInvoiceId: string; now?: Date };

const STATUS_OF: Record<Decision, VendorInvoiceDto['status']> = { accept: 'accepted', dispute: 'disputed', accept_with_adjustment: 'accepted_with_adjustment' };
const conflict = (path: string, key: string, message: string) => new AppError('CONFLICT', message, { issues: [{ path: [path], message: key }] });

export async function decideVendorInvoice(ctx: ServiceCtx, rawInput: DecideInput): Promise<VendorInvoiceDto> {
  assertCan(ctx, 'run:billing');
  if (ctx.orgKind !== 'client') throw forbidden('Vendor invoices are decided by the client');
  const now = rawInput.now ?? new Date();
  const dto = await inTenant(ctx, async (tx) => {
    // Look the invoice up first: another org's id is a 404 whatever the form says.
    const current = await findVendorInvoice(tx, z.uuid().safeParse(rawInput.vendorInvoiceId).success ? rawInput.vendorInvoiceId : '00000000-0000-0000-0000-000000000000');
    const input = parseInput(decideSchema, rawInput);
    const [latest] = await submissionsOfMonth(tx, current.clientOrgId, current.contractId, current.month);
    if (latest && latest.id !== current.id) throw conflict('decision', 'reconciliation.error.superseded', 'A later submission replaced this invoice; decide that one');
    if (current.status !== 'submitted') throw conflict('decision', 'reconciliation.error.alreadyDecided', 'This invoice has already been decided');
    let adjustmentId: string | null = null;
    if (input.decision === 'accept_with_adjustment') {
      const [approved] = await tx
        .select({ id: invoices.id })
        .from(invoices)
        .where(and(eq(invoices.clientOrgId, current.clientOrgId), eq(invoices.contractId, current.contractId), eq(invoices.month, current.month), eq(invoices.status, 'approved')));
      if (approved) throw conflict('adjustmentMinor', 'reconciliation.error.monthApproved', `${current.month} is approved and locked; record the adjustment as a credit or debit note in a later month`);
      const [adjustment] = await tx
        .insert(billingAdjustments)
        .values({
          clientOrgId: current.clientOrgId,
          contractId: current.contractId,
          vendorOrgId: current.vendorOrgId,
          month: current.month,
          kind: 'adjustment',
          description: `Vendor invoice ${current.invoiceNumber}: reconciliation adjustment`,
          reason: input.reason,
          amountMinor: input.adjustmentMinor,
          // The link the reconciliation follows to match this adjustment against the vendor's figures.
          vendorInvoiceId: current.id,
          createdBy: ctx.actor.userId ?? null,
          createdByLabel: ctx.actor.label,
        })
        .returning({ id: billingAdjustments.id });
      adjustmentId = adjustment!.id;
      // As any added item does (adjustments.server.ts): the month's draft is recomputed, so it includes it.
      const [draft] = await tx.select({ id: invoices.id }).from(invoices).where(and(eq(invoices.clientOrgId, current.clientOrgId), eq(invoices.contractId, current.contractId), eq(invoices.month, current.month)));
      if (draft) await storeDraft(tx, ctx, await computeContractMonth(tx, current.contractId, current.month, now), current.month, now);
    }
    const message = input.decision === 'accept_with_adjustment' ? input.reason : (input.message ?? null) || null;
    const [row] = await tx
      .update(vendorInvoices)
      .set({
        status: STATUS_OF[input.decision],
        decisionMessage: message,
        adjustmentMinor: input.decision === 'accept_with_adjustment' ? input.adjustmentMinor : null,
        decidedBy: ctx.actor.userId ?? null,
        decidedByLabel: ctx.actor.label,
        decidedAt: now,
      })
      .where(and(eq(vendorInvoices.clientOrgId, ctx.orgId), eq(vendorInvoices.id, current.id), eq(vendorInvoices.status, 'submitted')))
      .returning();
    if (!row) throw conflict('decision', 'reconciliation.error.alreadyDecided', 'This invoice has already been decided');
    await recordAudit(tx, ctx, {
      action: `vendor_invoice.${input.decision}`,
      objectType: 'vendor_invoice',
      objectId: row.id,
      details: {
        contractId: row.contractId,
        month: row.month,
        invoiceNumber: row.invoiceNumber,
        message,
        ...(input.decision === 'accept_with_adjustment' ? { adjustmentMinor: input.adjustmentMinor.toString(), adjustmentId } : {}),
      },
    });
    const names = await contractNames(tx, [row.contractId]);
    return toVendorInvoiceDto(row, names.get(row.contractId) ?? '—', false);
  });
  await notifyVendorInvoice(ctx.db, dto, 'decided');
  return dto;
}
