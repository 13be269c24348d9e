/**
 * One contract month's billing computation inside a tenant transaction of the client: loads the terms in
 * force, the month's volumes (frozen when the month is closed), the SLA credits and earn-backs the SLA
 * engine stored, the month's manual items and the billing settings, and runs the pure engine.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { Tx } from '#db/client';
import { billingAdjustments, contractBillingSettings, earnBackEntries, serviceCredits, vendorInvoices, type InvoiceInputs, type InvoiceLineSource, type RoundingMode } from '#db/schema/index';
import { computeInvoice, type ComputedInvoice } from '#app/domain/billing/engine';
import { versionInForce } from '#app/domain/contracts/version';
import { periodBounds, periodKey } from '#app/domain/kpi/aggregate';
import { AppError } from '#app/lib/errors';
import type { ContractVersionDto } from '../contracts.server';
import { minorDigitsOf } from '../sla/basis.server';
import { loadContractContext, type ContractContext } from '../sla/inputs.server';
import { loadMonthVolumes } from './volumes.server';

export const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export interface MonthComputation {
  contract: ContractContext;
  version: ContractVersionDto;
  rounding: RoundingMode;
  minorDigits: number;
  inputs: InvoiceInputs;
  result: ComputedInvoice;
}

export function assertMonth(month: string): void {
  if (!MONTH.test(month)) throw new AppError('UNPROCESSABLE', 'month must be YYYY-MM', { issues: [{ path: ['month'], message: 'month must be YYYY-MM' }] });
}

/** The version governing the month: the one in force on its first local day, else its first one in force that month (as the SLA engine decides). */
export function versionForMonth(contract: ContractContext, month: string): ContractVersionDto | undefined {
  const { end } = periodBounds(month, 'month', contract.timeZone);
  const firstDay = `${month}-01`;
  const lastDay = periodKey(new Date(end.getTime() - 1), 'day', contract.timeZone);
  return versionInForce(contract.versions, firstDay) ?? contract.versions.find((v) => v.effectiveFrom <= lastDay && (v.effectiveUntil === null || v.effectiveUntil >= firstDay));
}

export async function roundingOf(tx: Tx, contractId: string): Promise<RoundingMode> {
  const [settings] = await tx.select({ roundingMode: contractBillingSettings.roundingMode }).from(contractBillingSettings).where(eq(contractBillingSettings.contractId, contractId));
  return settings?.roundingMode ?? 'half_up';
}

/** Portal paths behind a line's quantity (the KPI figures, the scorecard, the contract). */
function withHref(source: InvoiceLineSource, contract: ContractContext, month: string): InvoiceLineSource {
  const { end } = periodBounds(month, 'month', contract.timeZone);
  const lastDay = periodKey(new Date(end.getTime() - 1), 'day', contract.timeZone);
  switch (source.kind) {
    case 'kpi':
      return { ...source, href: `/app/programs/${contract.programId}/dashboard?from=${month}-01&to=${lastDay}&grain=day` };
    case 'sla_credit':
    case 'earn_back':
      return { ...source, href: `/app/contracts/${contract.contractId}/scorecard?from=${source.month ?? month}&to=${month}` };
    case 'rate_card':
    case 'minimum':
      return { ...source, href: `/app/contracts/${contract.contractId}` };
    default:
      return source;
  }
}

export async function computeContractMonth(tx: Tx, contractId: string, month: string, now: Date): Promise<MonthComputation> {
  assertMonth(month);
  const contract = await loadContractContext(tx, contractId);
  if (periodBounds(month, 'month', contract.timeZone).start.getTime() > now.getTime()) {
    throw new AppError('UNPROCESSABLE', 'The month has not started yet', { code: 'month_not_started', issues: [{ path: ['month'], message: 'month_not_started' }] });
  }
  const version = versionForMonth(contract, month);
  if (!version) throw new AppError('UNPROCESSABLE', 'No contract version is in force in this month', { code: 'no_version', issues: [{ path: ['month'], message: 'no_version' }] });
  const rounding = await roundingOf(tx, contractId);
  const minorDigits = minorDigitsOf(version.currency);
  const volumes = await loadMonthVolumes(tx, contract, month);
  const [credit] = await tx.select().from(serviceCredits).where(and(eq(serviceCredits.contractId, contractId), eq(serviceCredits.month, month)));
  const earnBacks = await tx
    .select()
    .from(earnBackEntries)
    .where(and(eq(earnBackEntries.contractId, contractId), eq(earnBackEntries.fate, 'earned_back'), eq(earnBackEntries.decidedMonth, month)))
    .orderBy(asc(earnBackEntries.creditMonth), asc(earnBackEntries.slaKey));
  const items = await tx
    .select({ item: billingAdjustments, vendorInvoiceNumber: vendorInvoices.invoiceNumber })
    .from(billingAdjustments)
    .leftJoin(vendorInvoices, and(eq(vendorInvoices.clientOrgId, billingAdjustments.clientOrgId), eq(vendorInvoices.id, billingAdjustments.vendorInvoiceId)))
    .where(and(eq(billingAdjustments.contractId, contractId), eq(billingAdjustments.month, month)))
    .orderBy(asc(billingAdjustments.createdAt), asc(billingAdjustments.id));
  const result = computeInvoice({
    month,
    terms: { currency: version.currency, minorDigits, taxRateBp: version.taxRateBp, minimumMonthlyCommitment: version.minimumMonthlyCommitment, rateLines: version.rateLines },
    volumes: volumes.volumes,
    credits: (credit?.lines ?? []).map((l) => ({ slaId: l.slaId, slaKey: l.slaKey, kpi: l.kpi, amountMinor: BigInt(l.amountMinor) })),
    earnBacks: earnBacks.map((e) => ({ slaKey: e.slaKey, kpi: e.kpi, creditMonth: e.creditMonth, returnedMinor: e.returnedMinor })),
    items: items.map(({ item: i, vendorInvoiceNumber }) => ({ id: i.id, kind: i.kind, description: i.description, reason: i.reason, correctsMonth: i.correctsMonth, amountMinor: i.amountMinor, isTaxable: i.isTaxable, vendorInvoiceNumber })),
    rounding,
  });
  result.lines = result.lines.map((line) => ({ ...line, source: withHref(line.source, contract, month) }));
  const inputs: InvoiceInputs = { monthCloseId: volumes.monthCloseId, contractVersionId: version.id, uploadIds: volumes.uploadIds, serviceCreditMonth: credit ? month : null };
  return { contract, version, rounding, minorDigits, inputs, result };
}
