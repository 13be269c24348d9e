/**
 * loadCounterfactual (issue 6): per vendor unit and month, the agents an in-house site would need for the
 * vendor's measured voice intervals (Erlang C at the contract's service-level target), their cost at the
 * in-house cost of a paid hour, beside what the vendor charged; and the reverse, the in-house units'
 * measured volumes priced at each vendor contract's rate card in force.
 *
 * Decisions (DOMAIN.md and the issue are silent):
 *  - The target is the contract's service-level SLA in force on the month's first day scoped to the unit
 *    (or unscoped), on voice or all channels; without one, 80 % in 20 s (stated on the month).
 *  - A contract covering several units charges them together: its charge is split over its units by
 *    handled contacts (largest remainder, so the parts add up to the charge).
 *  - The reverse prices every in-house queue: a rate line limited to one of the vendor's queues is applied
 *    to the in-house volume of that line's channel, since the in-house unit has none of the vendor's queues.
 */
import { z } from 'zod';
import type { Tx } from '#db/client';
import { lastDayOfMonth } from '#app/domain/billing/reconcile-month';
import { versionInForce } from '#app/domain/contracts/version';
import { addComponents, emptyComponents, type Components } from '#app/domain/kpi/components';
import {
  DEFAULT_SHRINKAGE,
  DEFAULT_TARGET,
  ERLANG_CHANNELS,
  HOURS_PER_FTE_MONTH,
  monthsBetween,
  priceAgentMinutes,
  shrinkageOf,
  staffIntervals,
  sumInHouseMonth,
  totalCostMinor,
  type InHouseMonth,
} from '#app/domain/costs/counterfactual';
import type { CounterfactualDto, CounterfactualForwardDto, CounterfactualInput, CounterfactualMonthDto, CounterfactualReverseDto, CounterfactualTargetDto } from '#app/domain/costs/counterfactual-types';
import { allocateProportionally } from '#app/domain/sla/money';
import { assertCan, inTenant, type ServiceCtx } from '../context';
import { loadContractSummaries, type ContractVersionDto } from '../contracts.server';
import { parseInput } from '../programs-common.server';
import { computeInvoiceBasis, minorDigitsOf } from '../sla/basis.server';
import { loadRollups } from '../sla/inputs.server';
import { loadContractCharges, loadInHouseCostRows, loadIntervalFacts, loadProgramUnits, type IntervalFactRow, type ProgramUnits } from './counterfactual-inputs.server';

export type { CounterfactualDto, CounterfactualInput };

const MONTH = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'whatIf.error.month');
export const MAX_MONTHS = 24;
const inputSchema = z
  .object({ from: MONTH, to: MONTH, shrinkage: z.number().min(0, 'whatIf.error.shrinkage').lt(1, 'whatIf.error.shrinkage').optional() })
  .refine((v) => v.from <= v.to, { path: ['to'], message: 'whatIf.error.range' })
  .refine((v) => monthsBetween(v.from, v.to).length <= MAX_MONTHS, { path: ['to'], message: 'whatIf.error.tooLong' });

const ERLANG: ReadonlySet<string> = new Set(ERLANG_CHANNELS);
type Contract = Awaited<ReturnType<typeof loadContractSummaries>>[number];

/** The Erlang C counterfactual of a program over [from, to] (client members with read:costs). */
export async function loadCounterfactual(ctx: ServiceCtx, input: CounterfactualInput): Promise<CounterfactualDto> {
  assertCan(ctx, 'read:costs');
  return inTenant(ctx, async (tx) => {
    const program = await loadProgramUnits(tx, input.programId);
    const { from, to, shrinkage } = parseInput(inputSchema, { from: input.from, to: input.to, shrinkage: input.shrinkage });
    const months = monthsBetween(from, to);
    const vendorUnitIds = program.vendor.map((u) => u.id);
    const inHouseIds = program.inHouse.map((u) => u.id);
    const contracts = (await loadContractSummaries(tx, { unitIds: vendorUnitIds }, `${to}-01`)).filter((c) => c.unitIds.some((id) => vendorUnitIds.includes(id)));
    const [costRows, facts, charges] = [
      await loadInHouseCostRows(tx, inHouseIds, months),
      await loadIntervalFacts(tx, program.clientOrgId, vendorUnitIds, months, program.timeZone),
      await loadContractCharges(tx, contracts.map((c) => c.id), months),
    ];
    const inHouseMonths = new Map<string, InHouseMonth>([...costRows].map(([month, rows]) => [month, sumInHouseMonth(rows)]));
    const handledOf = handledByUnitMonth(facts);

    const forward: CounterfactualForwardDto[] = program.vendor.map((unit) => {
      const contract = contracts.find((c) => c.unitIds.includes(unit.id)) ?? null;
      return {
        unitId: unit.id,
        unitName: unit.name,
        vendorName: contract?.vendorName ?? null,
        contractId: contract?.id ?? null,
        contractName: contract?.name ?? null,
        months: months.map((month): CounterfactualMonthDto => {
          const target = targetFor(contract, unit.id, month);
          const staffing = staffIntervals(
            facts.filter((f) => f.unitId === unit.id && f.month === month && ERLANG.has(f.channel)),
            target,
          );
          const inHouse = inHouseMonths.get(month) ?? null;
          const shrink = shrinkageOf(inHouse, shrinkage);
          const cost = priceAgentMinutes(staffing.agentMinutes, inHouse, shrink);
          const charge = contract ? unitShareOfCharge(contract, unit.id, month, charges, handledOf) : null;
          return {
            month,
            target,
            intervals: staffing.intervals,
            skippedRows: staffing.skipped,
            offered: staffing.offered,
            handled: staffing.handled,
            agentHours: cost.agentHours,
            paidHours: cost.paidHours,
            shrinkage: shrink.value,
            shrinkageSource: shrink.source,
            loadedHourlyCostMinor: cost.loadedHourlyCostMinor?.toString() ?? null,
            inHouseCostMinor: cost.costMinor?.toString() ?? null,
            vendorCostMinor: charge?.amountMinor.toString() ?? null,
            vendorCostSource: charge?.source ?? null,
          };
        }),
      };
    });

    const reverse = await reverseCounterfactual(tx, program, contracts, months, inHouseMonths);
    return {
      programId: program.id,
      currency: program.currency,
      minorDigits: minorDigitsOf(program.currency),
      from,
      to,
      months,
      inHouseUnits: program.inHouse,
      method: { hoursPerFteMonth: HOURS_PER_FTE_MONTH, defaultShrinkage: shrinkage ?? DEFAULT_SHRINKAGE, defaultTarget: { ...DEFAULT_TARGET }, erlangChannels: [...ERLANG_CHANNELS] },
      forward,
      reverse,
    };
  });
}

function targetFor(contract: Contract | null, unitId: string, month: string): CounterfactualTargetDto {
  const version = contract ? versionInForce(contract.versions, `${month}-01`) : undefined;
  const candidates = (version?.slas ?? []).filter(
    (s) => s.kpi === 'service_level' && s.thresholdS !== null && s.scopeQueueId === null && (s.scopeUnitId === null || s.scopeUnitId === unitId) && (s.scopeChannel === null || s.scopeChannel === 'voice'),
  );
  // The most specific SLA wins: one naming the unit over one for the whole contract.
  const sla = candidates.find((s) => s.scopeUnitId === unitId) ?? candidates[0];
  if (!sla || !(sla.target > 0 && sla.target < 1)) return { ...DEFAULT_TARGET, source: 'default' };
  return { serviceLevel: sla.target, thresholdSeconds: sla.thresholdS!, source: 'contract' };
}

function handledByUnitMonth(facts: IntervalFactRow[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const f of facts) out.set(`${f.unitId}|${f.month}`, (out.get(`${f.unitId}|${f.month}`) ?? 0) + f.handled);
  return out;
}

function unitShareOfCharge(contract: Contract, unitId: string, month: string, charges: Awaited<ReturnType<typeof loadContractCharges>>, handled: Map<string, number>) {
  const charge = charges.get(`${contract.id}|${month}`);
  if (!charge) return null;
  if (contract.unitIds.length === 1 || charge.amountMinor < 0n) return charge;
  const weights = contract.unitIds.map((id) => BigInt(Math.round(handled.get(`${id}|${month}`) ?? 0)));
  const parts = allocateProportionally(charge.amountMinor, weights);
  return { ...charge, amountMinor: parts[contract.unitIds.indexOf(unitId)] ?? 0n };
}

async function reverseCounterfactual(
  tx: Tx,
  program: ProgramUnits,
  contracts: Contract[],
  months: string[],
  inHouseMonths: Map<string, InHouseMonth>,
): Promise<CounterfactualReverseDto[]> {
  const inHouseIds = program.inHouse.map((u) => u.id);
  const rollups = inHouseIds.length ? await loadRollups(tx, program.clientOrgId, inHouseIds, `${months[0]}-01`, lastDayOfMonth(months.at(-1)!)) : [];
  const volumes = new Map<string, { queueId: string; channel: string; components: Components }[]>();
  for (const r of rollups) {
    const month = r.day.slice(0, 7);
    volumes.set(month, [...(volumes.get(month) ?? []), { queueId: r.queueId, channel: r.channel, components: r.components }]);
  }
  return contracts.map((contract) => ({
    contractId: contract.id,
    contractName: contract.name,
    vendorName: contract.vendorName,
    months: months.map((month) => {
      const rows = volumes.get(month) ?? [];
      const handled = rows.reduce((acc, r) => addComponents(acc, r.components), emptyComponents()).handled;
      const version = versionInForce(contract.versions, `${month}-01`);
      const inHouse = inHouseMonths.get(month);
      const basis = version ? computeInvoiceBasis(withoutQueueLimits(version), rows, minorDigitsOf(version.currency)) : null;
      return {
        month,
        handled,
        inHouseActualCostMinor: inHouse ? totalCostMinor(inHouse).toString() : null,
        atVendorRateMinor: basis && rows.length ? basis.amountMinor.toString() : null,
        unpricedModels: basis ? [...new Set(basis.details.lines.filter((l) => l.note === 'needs_fte_count' || l.note === 'billed_as_incurred').map((l) => l.pricingModel))] : [],
      };
    }),
  }));
}

function withoutQueueLimits(version: ContractVersionDto): ContractVersionDto {
  return { ...version, rateLines: version.rateLines.map((line) => ({ ...line, queueId: null })) };
}
