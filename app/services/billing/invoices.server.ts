/**
 * Computed invoices (issue 7): the billing run of one contract month, reading it back, approving it.
 *
 *  - A run computes the draft from the month's inputs (app/services/billing/compute.server.ts) and
 *    stores it; re-running a draft recomputes it in place (invoice updated, lines deleted and inserted in
 *    one transaction). An approved invoice is never recomputed: CONFLICT (409) before anything is touched,
 *    and the database refuses it anyway (restrictive row-level policies).
 *  - Approval needs the month closed and the draft computed from that close (frozen volumes), so what is
 *    approved can be recomputed to the same figures; it locks the month.
 *  - Every run and approval is audited with the totals before and after.
 * Vendors read the invoices of their own contracts (row-level security), never run or approve them.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '#db/client';
import { contracts, invoiceLines, invoices, orgs } from '#db/schema/index';
import { AppError, notFound } from '#app/lib/errors';
import { recordAudit } from '../audit.server';
import { inTenant, type ServiceCtx } from '../context';
import { assertCanReadBilling, assertCanRunBilling } from './access.server';
import { assertMonth, computeContractMonth, type MonthComputation } from './compute.server';
import type { BillingRowDto, InvoiceDto, InvoiceLineDto } from './dto';
import { activeMonthClose } from './volumes.server';

export type { BillingRowDto, InvoiceDto, InvoiceLineDto } from './dto';

type InvoiceRow = typeof invoices.$inferSelect;
type LineRow = typeof invoiceLines.$inferSelect;

const approvedConflict = (month: string) => new AppError('CONFLICT', `The invoice of ${month} is approved: the month is locked. Correct it with a credit or debit note in a later month.`, { code: 'invoice_approved' });

function totalsOf(row: Pick<InvoiceRow, 'subtotalMinor' | 'creditsMinor' | 'adjustmentsMinor' | 'taxMinor' | 'totalMinor'>) {
  return { subtotalMinor: row.subtotalMinor.toString(), creditsMinor: row.creditsMinor.toString(), adjustmentsMinor: row.adjustmentsMinor.toString(), taxMinor: row.taxMinor.toString(), totalMinor: row.totalMinor.toString() };
}

function lineDto(l: LineRow): InvoiceLineDto {
  return {
    position: l.position,
    kind: l.kind,
    lineKey: l.lineKey,
    description: l.description,
    descriptionKey: l.descriptionKey,
    descriptionParams: l.descriptionParams,
    pricingModel: l.pricingModel,
    channel: l.channel,
    queueId: l.queueId,
    rateCardLineId: l.rateCardLineId,
    quantity: l.quantity,
    quantityUnit: l.quantityUnit,
    rate: l.rate,
    amountMinor: l.amountMinor.toString(),
    taxMinor: l.taxMinor.toString(),
    isTaxable: l.isTaxable,
    source: l.source,
  };
}

function headerDto(row: InvoiceRow, names: { contractName: string; vendorName: string | null }, currentCloseId: string | null): Omit<InvoiceDto, 'lines'> {
  return {
    id: row.id,
    clientOrgId: row.clientOrgId,
    contractId: row.contractId,
    contractName: names.contractName,
    vendorOrgId: row.vendorOrgId,
    vendorName: names.vendorName ?? '',
    month: row.month,
    contractVersionId: row.contractVersionId,
    status: row.status,
    currency: row.currency,
    minorDigits: row.minorDigits,
    roundingMode: row.roundingMode,
    ...totalsOf(row),
    inputs: row.inputs,
    volumesFinal: row.inputs.monthCloseId !== null && row.inputs.monthCloseId === currentCloseId,
    computedAt: row.computedAt.toISOString(),
    computedByLabel: row.computedByLabel,
    approvedAt: row.approvedAt ? row.approvedAt.toISOString() : null,
    approvedByLabel: row.approvedByLabel,
  };
}

async function namesOf(tx: Tx, contractIds: string[]): Promise<Map<string, { contractName: string; vendorName: string | null }>> {
  if (!contractIds.length) return new Map();
  const rows = await tx.select({ id: contracts.id, name: contracts.name, vendorName: orgs.name }).from(contracts).leftJoin(orgs, eq(orgs.id, contracts.vendorOrgId)).where(inArray(contracts.id, contractIds));
  return new Map(rows.map((r) => [r.id, { contractName: r.name, vendorName: r.vendorName }]));
}

/** The invoice and its lines as the acting org sees them (row-level security); NOT_FOUND otherwise. */
export async function loadInvoiceTx(tx: Tx, invoiceId: string): Promise<InvoiceDto> {
  if (!z.uuid().safeParse(invoiceId).success) throw notFound('Invoice not found');
  const [row] = await tx.select().from(invoices).where(eq(invoices.id, invoiceId));
  if (!row) throw notFound('Invoice not found');
  const lines = await tx.select().from(invoiceLines).where(and(eq(invoiceLines.clientOrgId, row.clientOrgId), eq(invoiceLines.invoiceId, row.id))).orderBy(asc(invoiceLines.position));
  const names = (await namesOf(tx, [row.contractId])).get(row.contractId) ?? { contractName: '', vendorName: null };
  const close = await activeMonthClose(tx, row.contractId, row.month);
  return { ...headerDto(row, names, close?.id ?? null), lines: lines.map(lineDto) };
}

/** The invoice with its lines; NOT_FOUND for an invoice the org may not see (another org, another vendor). */
export async function getInvoice(ctx: ServiceCtx, invoiceId: string): Promise<InvoiceDto> {
  assertCanReadBilling(ctx);
  return inTenant(ctx, (tx) => loadInvoiceTx(tx, invoiceId));
}

/** Every contract of the org (a vendor: its own contracts) for the month, with its invoice if run. */
export async function listInvoices(ctx: ServiceCtx, input: { month: string }): Promise<BillingRowDto[]> {
  assertCanReadBilling(ctx);
  assertMonth(input.month);
  return inTenant(ctx, async (tx) => {
    const rows = await tx.select({ id: contracts.id, name: contracts.name, vendorOrgId: contracts.vendorOrgId, vendorName: orgs.name }).from(contracts).leftJoin(orgs, eq(orgs.id, contracts.vendorOrgId)).orderBy(asc(contracts.name), asc(contracts.id));
    const monthInvoices = await tx.select().from(invoices).where(eq(invoices.month, input.month));
    const out: BillingRowDto[] = [];
    for (const c of rows) {
      const close = await activeMonthClose(tx, c.id, input.month);
      const invoice = monthInvoices.find((i) => i.contractId === c.id);
      const names = { contractName: c.name, vendorName: c.vendorName };
      let header: BillingRowDto['invoice'] = null;
      if (invoice) {
        const { inputs: _inputs, ...rest } = headerDto(invoice, names, close?.id ?? null);
        header = rest;
      }
      out.push({ contractId: c.id, contractName: c.name, vendorOrgId: c.vendorOrgId, vendorName: c.vendorName ?? '', month: input.month, monthClosed: close !== null, invoice: header });
    }
    return out;
  });
}

/**
 * Stores a computation as the month's draft: inserts the invoice, or updates the draft in place and
 * replaces its lines. The caller holds the transaction; an approved invoice is refused before any write.
 */
export async function storeDraft(tx: Tx, ctx: ServiceCtx, comp: MonthComputation, month: string, now: Date): Promise<{ id: string; before: ReturnType<typeof totalsOf> | null }> {
  const { contract, version, result } = comp;
  const [existing] = await tx.select().from(invoices).where(and(eq(invoices.contractId, contract.contractId), eq(invoices.month, month))).for('update');
  if (existing?.status === 'approved') throw approvedConflict(month);
  const values = {
    contractVersionId: version.id,
    currency: version.currency,
    minorDigits: comp.minorDigits,
    roundingMode: comp.rounding,
    subtotalMinor: result.subtotalMinor,
    creditsMinor: result.creditsMinor,
    adjustmentsMinor: result.adjustmentsMinor,
    taxMinor: result.taxMinor,
    totalMinor: result.totalMinor,
    inputs: comp.inputs,
    computedAt: now,
    computedBy: ctx.actor.userId ?? null,
    computedByLabel: ctx.actor.label,
  };
  let id: string;
  if (existing) {
    await tx.update(invoices).set(values).where(and(eq(invoices.clientOrgId, existing.clientOrgId), eq(invoices.id, existing.id)));
    await tx.delete(invoiceLines).where(and(eq(invoiceLines.clientOrgId, existing.clientOrgId), eq(invoiceLines.invoiceId, existing.id)));
    id = existing.id;
  } else {
    const [created] = await tx
      .insert(invoices)
      .values({ clientOrgId: contract.clientOrgId, contractId: contract.contractId, vendorOrgId: contract.vendorOrgId, month, status: 'draft', ...values })
      .returning({ id: invoices.id });
    id = created!.id;
  }
  if (result.lines.length) {
    await tx.insert(invoiceLines).values(
      result.lines.map((l) => ({
        clientOrgId: contract.clientOrgId,
        invoiceId: id,
        position: l.position,
        vendorOrgId: contract.vendorOrgId,
        kind: l.kind,
        lineKey: l.lineKey,
        description: l.description.slice(0, 500),
        descriptionKey: l.descriptionKey,
        descriptionParams: l.descriptionParams,
        pricingModel: l.pricingModel,
        channel: l.channel as LineRow['channel'],
        queueId: l.queueId,
        rateCardLineId: l.rateCardLineId,
        quantity: l.quantity,
        quantityUnit: l.quantityUnit,
        rate: l.rate,
        amountMinor: l.amountMinor,
        taxMinor: l.taxMinor,
        isTaxable: l.isTaxable,
        source: l.source,
      })),
    );
  }
  return { id, before: existing ? totalsOf(existing) : null };
}

/** Computes (or recomputes, in place) the draft invoice of a contract month; CONFLICT once approved. */
export async function runBilling(ctx: ServiceCtx, input: { contractId: string; month: string; now?: Date }): Promise<InvoiceDto> {
  assertCanRunBilling(ctx);
  const now = input.now ?? new Date();
  return inTenant(ctx, async (tx) => {
    // The lock is checked before computing, so a locked month answers 409 without reading its inputs.
    const [locked] = await tx.select({ status: invoices.status }).from(invoices).where(and(eq(invoices.contractId, input.contractId), eq(invoices.month, input.month), eq(invoices.status, 'approved')));
    if (locked) throw approvedConflict(input.month);
    const comp = await computeContractMonth(tx, input.contractId, input.month, now);
    const stored = await storeDraft(tx, ctx, comp, input.month, now);
    const after = totalsOf({ ...comp.result });
    await recordAudit(tx, ctx, {
      action: stored.before ? 'invoice.rerun' : 'invoice.run',
      objectType: 'invoice',
      objectId: stored.id,
      details: { contractId: input.contractId, month: input.month, monthCloseId: comp.inputs.monthCloseId, lines: comp.result.lines.length, before: stored.before, after },
    });
    return loadInvoiceTx(tx, stored.id);
  });
}

/** Approves (locks) a draft invoice; CONFLICT when already approved or not computed from the closed month. */
export async function approveInvoice(ctx: ServiceCtx, input: { invoiceId: string; now?: Date }): Promise<InvoiceDto> {
  assertCanRunBilling(ctx);
  const now = input.now ?? new Date();
  return inTenant(ctx, async (tx) => {
    const current = await loadInvoiceTx(tx, input.invoiceId);
    if (current.status === 'approved') throw approvedConflict(current.month);
    const close = await activeMonthClose(tx, current.contractId, current.month);
    if (!close) throw new AppError('CONFLICT', 'Close the month before approving its invoice: its volumes may still change.', { code: 'month_not_closed' });
    if (current.inputs.monthCloseId !== close.id) throw new AppError('CONFLICT', 'The month was closed after this draft was computed: run it again before approving.', { code: 'rerun_needed' });
    await tx
      .update(invoices)
      .set({ status: 'approved', approvedAt: now, approvedBy: ctx.actor.userId ?? null, approvedByLabel: ctx.actor.label })
      .where(and(eq(invoices.clientOrgId, current.clientOrgId), eq(invoices.id, current.id), eq(invoices.status, 'draft')));
    const { subtotalMinor, creditsMinor, adjustmentsMinor, taxMinor, totalMinor } = current;
    await recordAudit(tx, ctx, {
      action: 'invoice.approve',
      objectType: 'invoice',
      objectId: current.id,
      details: { contractId: current.contractId, month: current.month, status: { before: 'draft', after: 'approved' }, totals: { subtotalMinor, creditsMinor, adjustmentsMinor, taxMinor, totalMinor } },
    });
    return loadInvoiceTx(tx, current.id);
  });
}
