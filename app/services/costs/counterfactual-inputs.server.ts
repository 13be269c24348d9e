/**
 * What the counterfactual (and the portfolio evidence) read inside the client's tenant transaction: the
 * program and its units, in-house cost rows, measured intervals, and what each vendor contract charged.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { queryRows, type Tx } from '#db/client';
import { deliveryUnits, inHouseCosts, invoices, programs, serviceCredits } from '#db/schema/index';
import type { VendorCostSource } from '#app/domain/costs/counterfactual-types';
import type { InHouseCostRow } from '#app/domain/costs/counterfactual';
import { lastDayOfMonth } from '#app/domain/billing/reconcile-month';
import { periodBounds } from '#app/domain/kpi/aggregate';
import { notFound } from '#app/lib/errors';
import { currentFactsFrom } from '../kpis/series-scope.server';

export interface ProgramUnits {
  id: string;
  clientOrgId: string;
  name: string;
  timeZone: string;
  currency: string;
  inHouse: { id: string; name: string }[];
  vendor: { id: string; name: string; vendorOrgId: string | null }[];
}

/** The program as the acting org sees it; NOT_FOUND when row-level security hides it. */
export async function loadProgramUnits(tx: Tx, programId: string): Promise<ProgramUnits> {
  const [program] = await tx.select({ id: programs.id, clientOrgId: programs.clientOrgId, name: programs.name, timeZone: programs.timeZone, currency: programs.currency }).from(programs).where(eq(programs.id, programId));
  if (!program) throw notFound('Program not found');
  const units = await tx
    .select({ id: deliveryUnits.id, name: deliveryUnits.name, kind: deliveryUnits.kind, vendorOrgId: deliveryUnits.vendorOrgId })
    .from(deliveryUnits)
    .where(eq(deliveryUnits.programId, programId))
    .orderBy(deliveryUnits.name);
  return {
    ...program,
    inHouse: units.filter((u) => u.kind === 'in_house').map(({ id, name }) => ({ id, name })),
    vendor: units.filter((u) => u.kind === 'vendor').map(({ id, name, vendorOrgId }) => ({ id, name, vendorOrgId })),
  };
}

/** In-house cost rows per month ("YYYY-MM" → rows of the given units). */
export async function loadInHouseCostRows(tx: Tx, unitIds: string[], months: string[]): Promise<Map<string, InHouseCostRow[]>> {
  const byMonth = new Map<string, InHouseCostRow[]>();
  if (!unitIds.length || !months.length) return byMonth;
  const rows = await tx.select().from(inHouseCosts).where(and(inArray(inHouseCosts.unitId, unitIds), inArray(inHouseCosts.month, months)));
  for (const r of rows) {
    const other = r.supervisionMinor + r.facilitiesMinor + r.technologyMinor + r.telecomMinor + r.trainingMinor + r.overheadMinor;
    const list = byMonth.get(r.month) ?? [];
    list.push({ agentFte: r.agentFte, productiveHours: r.productiveHours, loadedCostPerFteMinor: r.loadedCostPerFteMinor, otherMinor: other, sharedMinor: r.technologyMinor + r.telecomMinor });
    byMonth.set(r.month, list);
  }
  return byMonth;
}

export interface IntervalFactRow {
  unitId: string;
  channel: string;
  month: string;
  intervalMinutes: number;
  offered: number;
  handled: number;
  handleSeconds: number;
}

/**
 * The units' current interval rows in the months, one per (unit, queue, channel, interval start): the
 * supersede marker leaves one revision, and the join to the daily rollup keeps the day's authoritative
 * source (interval or contact feed), as the KPI series do (the same `currentFactsFrom`).
 */
export async function loadIntervalFacts(tx: Tx, clientOrgId: string, unitIds: string[], months: string[], timeZone: string): Promise<IntervalFactRow[]> {
  if (!unitIds.length || !months.length) return [];
  const bounds = months.map((m) => ({ month: m, ...periodBounds(m, 'month', timeZone) }));
  const range = { from: `${months[0]}-01`, to: lastDayOfMonth(months.at(-1)!) };
  const rows = await queryRows<{ unit_id: string; channel: string; ms: number; interval_minutes: number; offered: number; handled: number; handle_s: number }>(
    tx,
    sql`select f.unit_id, f.channel, (extract(epoch from f.interval_start) * 1000)::float8 as ms, f.interval_minutes::int as interval_minutes,
          sum(coalesce(f.offered, 0))::float8 as offered, sum(coalesce(f.handled, 0))::float8 as handled,
          sum(coalesce(f.talk_s, 0) + coalesce(f.hold_s, 0) + coalesce(f.wrap_s, 0))::float8 as handle_s
        ${currentFactsFrom({ clientOrgId, units: unitIds.map((id) => ({ id })) }, range, timeZone, {})}
        group by f.unit_id, f.queue_id, f.channel, f.interval_start, f.interval_minutes`,
  );
  return rows.map((r) => {
    const ms = Number(r.ms);
    const month = bounds.find((b) => ms >= b.start.getTime() && ms < b.end.getTime())!.month;
    return { unitId: String(r.unit_id), channel: r.channel, month, intervalMinutes: Number(r.interval_minutes), offered: Number(r.offered), handled: Number(r.handled), handleSeconds: Number(r.handle_s) };
  });
}

export interface ContractCharge {
  amountMinor: bigint;
  source: VendorCostSource;
}

/**
 * What each contract charged per month: the computed invoice's total (approved, else draft) when the
 * billing run has one, else the SLA evaluation's invoice basis (rate card × volumes, before credits).
 * Key: `${contractId}|${month}`.
 */
export async function loadContractCharges(tx: Tx, contractIds: string[], months: string[]): Promise<Map<string, ContractCharge>> {
  const charges = new Map<string, ContractCharge>();
  if (!contractIds.length || !months.length) return charges;
  const basis = await tx
    .select({ contractId: serviceCredits.contractId, month: serviceCredits.month, amount: serviceCredits.invoiceBasisMinor })
    .from(serviceCredits)
    .where(and(inArray(serviceCredits.contractId, contractIds), inArray(serviceCredits.month, months)));
  for (const b of basis) charges.set(`${b.contractId}|${b.month}`, { amountMinor: b.amount, source: 'service_credits' });
  const invoiced = await tx
    .select({ contractId: invoices.contractId, month: invoices.month, status: invoices.status, total: invoices.totalMinor })
    .from(invoices)
    .where(and(inArray(invoices.contractId, contractIds), inArray(invoices.month, months)));
  // One invoice per contract and month (unique key); its status says how final the figure is.
  for (const i of invoiced) charges.set(`${i.contractId}|${i.month}`, { amountMinor: i.total, source: i.status === 'approved' ? 'invoice_approved' : 'invoice_draft' });
  return charges;
}
