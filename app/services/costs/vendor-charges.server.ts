/**
 * What a vendor charged for a contract's month, from the best source there is (issue 6), then split over
 * the contract's units by handled volume:
 *  1. the portal's billing invoice of the month (the approved one, else the draft): its total;
 *  2. else the SLA engine's invoice basis of the month (service_credits.invoice_basis_minor: the rate card
 *     on the month's measured volumes, before credits);
 *  3. else the rate card in force applied to the month's measured volumes now (computeInvoiceBasis).
 * Every figure says which source it came from.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Tx } from '#db/client';
import { contracts, contractUnits, invoices, serviceCredits } from '#db/schema/index';
import { lastDayOfMonth } from '#app/domain/billing/reconcile-month';
import { rescaleMinor } from '#app/domain/costs/amounts';
import { splitByVolume } from '#app/domain/costs/comparison';
import { versionInForce } from '#app/domain/contracts/version';
import { computeInvoiceBasis, minorDigitsOf } from '../sla/basis.server';
import { loadContractContext, loadRollups } from '../sla/inputs.server';

export const CHARGE_SOURCES = ['invoice_approved', 'invoice_draft', 'sla_basis', 'rate_card'] as const;
export type ChargeSource = (typeof CHARGE_SOURCES)[number];

export interface ContractCharge {
  contractId: string;
  contractName: string;
  month: string;
  source: ChargeSource;
  /** In the program's minor units. */
  amountMinor: bigint;
  /** The contract's units and each one's share (by handled volume of the month). */
  shares: { unitId: string; handled: number; amountMinor: bigint }[];
}


/** The month's charge of one contract, or null when no source has one (no version in force, other currency). */
async function chargeOf(tx: Tx, contract: { id: string; name: string }, month: string, currency: string, digits: number): Promise<Omit<ContractCharge, 'shares'> | null> {
  const invoiceRows = await tx
    .select({ status: invoices.status, currency: invoices.currency, minorDigits: invoices.minorDigits, totalMinor: invoices.totalMinor })
    .from(invoices)
    .where(and(eq(invoices.contractId, contract.id), eq(invoices.month, month)));
  const invoice = invoiceRows.find((i) => i.status === 'approved' && i.currency === currency) ?? invoiceRows.find((i) => i.status === 'draft' && i.currency === currency);
  const base = { contractId: contract.id, contractName: contract.name, month };
  if (invoice) return { ...base, source: invoice.status === 'approved' ? 'invoice_approved' : 'invoice_draft', amountMinor: rescaleMinor(invoice.totalMinor, invoice.minorDigits, digits) };

  const [credit] = await tx
    .select({ currency: serviceCredits.currency, minorDigits: serviceCredits.minorDigits, basis: serviceCredits.invoiceBasisMinor })
    .from(serviceCredits)
    .where(and(eq(serviceCredits.contractId, contract.id), eq(serviceCredits.month, month)));
  if (credit && credit.currency === currency) return { ...base, source: 'sla_basis', amountMinor: rescaleMinor(credit.basis, credit.minorDigits, digits) };

  const context = await loadContractContext(tx, contract.id);
  const firstDay = `${month}-01`;
  const lastDay = lastDayOfMonth(month);
  // As the SLA engine decides: the version in force on the month's first day, else the first one that month.
  const version = versionInForce(context.versions, firstDay) ?? context.versions.find((v) => v.effectiveFrom <= lastDay && (v.effectiveUntil === null || v.effectiveUntil >= firstDay));
  if (!version || version.currency !== currency) return null;
  const rollups = await loadRollups(tx, context.clientOrgId, context.unitIds, firstDay, lastDay);
  const basis = computeInvoiceBasis(version, rollups.map((r) => ({ queueId: r.queueId, channel: r.channel, components: r.components })), minorDigitsOf(version.currency));
  return { ...base, source: 'rate_card', amountMinor: rescaleMinor(basis.amountMinor, minorDigitsOf(version.currency), digits) };
}

/**
 * Charges of every contract covering one of `unitIds`, per month, each split over the contract's units
 * in proportion to handled contacts (`handledOf`), exactly (largest remainder).
 */
export async function loadVendorCharges(
  tx: Tx,
  input: { unitIds: string[]; months: string[]; currency: string; minorDigits: number; handledOf: (unitId: string, month: string) => number },
): Promise<ContractCharge[]> {
  if (input.unitIds.length === 0) return [];
  const covering = await tx
    .selectDistinct({ id: contracts.id, name: contracts.name })
    .from(contractUnits)
    .innerJoin(contracts, and(eq(contracts.clientOrgId, contractUnits.clientOrgId), eq(contracts.id, contractUnits.contractId)))
    .where(inArray(contractUnits.unitId, input.unitIds));
  const charges: ContractCharge[] = [];
  for (const contract of covering.sort((a, b) => a.name.localeCompare(b.name))) {
    const units = (await tx.select({ unitId: contractUnits.unitId }).from(contractUnits).where(eq(contractUnits.contractId, contract.id))).map((u) => u.unitId).sort();
    for (const month of input.months) {
      const charge = await chargeOf(tx, contract, month, input.currency, input.minorDigits);
      if (!charge) continue;
      const handled = units.map((unitId) => input.handledOf(unitId, month));
      const parts = splitByVolume(charge.amountMinor, handled);
      charges.push({ ...charge, shares: units.map((unitId, i) => ({ unitId, handled: handled[i]!, amountMinor: parts[i]! })) });
    }
  }
  return charges;
}
