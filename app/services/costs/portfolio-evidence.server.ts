/**
 * The evidence beside the sourcing assessment (issue 6): per program and delivery unit, the measured cost
 * per contact and quality (service level, CSAT) over the last three complete months of the program's time
 * zone. Cost sources, per unit: in-house units their in_house_costs rows; vendor units the computed
 * invoice's total (approved, else draft), else the SLA evaluation's invoice basis (rate card × volumes,
 * before credits); a contract covering several units is split over them by handled contacts. A month
 * without a cost figure is left out of the cost and of the handled contacts it is divided by.
 * Quality is read by anyone who reads KPIs; costs only with read:costs (a viewer sees quality alone).
 */
import { inArray } from 'drizzle-orm';
import { deliveryUnits, programs } from '#db/schema/index';
import { lastDayOfMonth } from '#app/domain/billing/reconcile-month';
import { sumInHouseMonth, totalCostMinor } from '#app/domain/costs/counterfactual';
import type { VendorCostSource } from '#app/domain/costs/counterfactual-types';
import { aggregateKpi } from '#app/domain/kpi/aggregate';
import type { Components } from '#app/domain/kpi/components';
import { can } from '#app/domain/permissions';
import { allocateProportionally, divideRounded } from '#app/domain/sla/money';
import { forbidden } from '#app/lib/errors';
import { assertCan, inTenant, type ServiceCtx } from '../context';
import { loadContractSummaries } from '../contracts.server';
import { loadRollups } from '../sla/inputs.server';
import { referencePeriod } from './channel-mix.server';
import { loadContractCharges, loadInHouseCostRows } from './counterfactual-inputs.server';

export type CostSource = 'in_house_costs' | VendorCostSource;

export interface UnitEvidenceDto {
  unitId: string;
  unitName: string;
  kind: 'in_house' | 'vendor';
  handled: number;
  serviceLevel: number | null;
  csat: number | null;
  /** Absent (null) without read:costs or without any cost figure in the period. */
  costPerContactMinor: string | null;
  costSources: CostSource[];
  /** Months with handled contacts but no cost figure. */
  monthsWithoutCost: string[];
}

export interface ProgramEvidenceDto {
  programId: string;
  currency: string;
  from: string;
  to: string;
  handled: number;
  serviceLevel: number | null;
  csat: number | null;
  costPerContactMinor: string | null;
  units: UnitEvidenceDto[];
}

export interface PortfolioEvidenceDto {
  canReadCosts: boolean;
  programs: ProgramEvidenceDto[];
}

export async function loadPortfolioEvidence(ctx: ServiceCtx, input: { now?: Date } = {}): Promise<PortfolioEvidenceDto> {
  assertCan(ctx, 'read:kpis');
  // The portfolio is a client's view of its own programs (and its costs).
  if (ctx.orgKind !== 'client') throw forbidden();
  const canReadCosts = can(ctx.role, 'read:costs');
  const now = input.now ?? new Date();
  return inTenant(ctx, async (tx) => {
    const programRows = await tx.select({ id: programs.id, clientOrgId: programs.clientOrgId, timeZone: programs.timeZone, currency: programs.currency }).from(programs);
    if (!programRows.length) return { canReadCosts, programs: [] };
    const units = await tx
      .select({ id: deliveryUnits.id, name: deliveryUnits.name, kind: deliveryUnits.kind, programId: deliveryUnits.programId })
      .from(deliveryUnits)
      .where(inArray(deliveryUnits.programId, programRows.map((p) => p.id)))
      .orderBy(deliveryUnits.name);
    const out: ProgramEvidenceDto[] = [];
    for (const program of programRows) {
      const { from, to, months } = referencePeriod(program.timeZone, now);
      const mine = units.filter((u) => u.programId === program.id);
      const ids = mine.map((u) => u.id);
      const lastDay = lastDayOfMonth(to);
      const rollups = ids.length ? await loadRollups(tx, program.clientOrgId, ids, `${from}-01`, lastDay) : [];
      const components = new Map<string, Components[]>();
      const handled = new Map<string, number>();
      for (const r of rollups) {
        components.set(r.unitId, [...(components.get(r.unitId) ?? []), r.components]);
        const key = `${r.unitId}|${r.day.slice(0, 7)}`;
        handled.set(key, (handled.get(key) ?? 0) + r.components.handled);
      }
      const costs = canReadCosts ? await unitCosts(tx, mine, months, handled) : new Map<string, UnitCost>();
      const unitDtos = mine.map((u): UnitEvidenceDto => {
        const rows = components.get(u.id) ?? [];
        const cost = costs.get(u.id);
        return {
          unitId: u.id,
          unitName: u.name,
          kind: u.kind,
          handled: months.reduce((acc, m) => acc + (handled.get(`${u.id}|${m}`) ?? 0), 0),
          serviceLevel: aggregateKpi('service_level', rows).value,
          csat: aggregateKpi('csat', rows).value,
          costPerContactMinor: cost && cost.handled > 0 ? divideRounded(cost.minor, BigInt(Math.round(cost.handled)), 'half_up').toString() : null,
          costSources: cost ? [...cost.sources] : [],
          monthsWithoutCost: cost ? cost.missing : [],
        };
      });
      const all = [...components.values()].flat();
      const costed = [...costs.values()].reduce((acc, c) => ({ minor: acc.minor + c.minor, handled: acc.handled + c.handled }), { minor: 0n, handled: 0 });
      out.push({
        programId: program.id,
        currency: program.currency,
        from,
        to,
        handled: unitDtos.reduce((acc, u) => acc + u.handled, 0),
        serviceLevel: aggregateKpi('service_level', all).value,
        csat: aggregateKpi('csat', all).value,
        costPerContactMinor: costed.handled > 0 ? divideRounded(costed.minor, BigInt(Math.round(costed.handled)), 'half_up').toString() : null,
        units: unitDtos,
      });
    }
    return { canReadCosts, programs: out };
  });
}

interface UnitCost {
  minor: bigint;
  handled: number;
  sources: Set<CostSource>;
  missing: string[];
}

async function unitCosts(tx: Parameters<typeof loadRollups>[0], units: { id: string; kind: 'in_house' | 'vendor' }[], months: string[], handled: Map<string, number>): Promise<Map<string, UnitCost>> {
  const out = new Map<string, UnitCost>(units.map((u) => [u.id, { minor: 0n, handled: 0, sources: new Set<CostSource>(), missing: [] }]));
  const handledOf = (unitId: string, month: string) => handled.get(`${unitId}|${month}`) ?? 0;
  const inHouse = units.filter((u) => u.kind === 'in_house');
  for (const u of inHouse) {
    const rows = await loadInHouseCostRows(tx, [u.id], months);
    const cost = out.get(u.id)!;
    for (const month of months) {
      const monthRows = rows.get(month);
      if (monthRows?.length) {
        cost.minor += totalCostMinor(sumInHouseMonth(monthRows));
        cost.handled += handledOf(u.id, month);
        cost.sources.add('in_house_costs');
      } else if (handledOf(u.id, month) > 0) cost.missing.push(month);
    }
  }
  const vendorIds = units.filter((u) => u.kind === 'vendor').map((u) => u.id);
  if (!vendorIds.length) return out;
  const contracts = (await loadContractSummaries(tx, { unitIds: vendorIds }, `${months.at(-1)}-01`)).filter((c) => c.unitIds.some((id) => vendorIds.includes(id)));
  const charges = await loadContractCharges(tx, contracts.map((c) => c.id), months);
  for (const contract of contracts) {
    const covered = contract.unitIds.filter((id) => out.has(id));
    for (const month of months) {
      const charge = charges.get(`${contract.id}|${month}`);
      if (!charge) {
        for (const id of covered) if (handledOf(id, month) > 0) out.get(id)!.missing.push(month);
        continue;
      }
      const weights = contract.unitIds.map((id) => BigInt(Math.round(handledOf(id, month))));
      const parts = contract.unitIds.length === 1 || charge.amountMinor < 0n ? [charge.amountMinor] : allocateProportionally(charge.amountMinor, weights);
      contract.unitIds.forEach((id, i) => {
        const cost = out.get(id);
        if (!cost) return;
        cost.minor += parts[i] ?? 0n;
        cost.handled += handledOf(id, month);
        cost.sources.add(charge.source);
      });
    }
  }
  return out;
}
