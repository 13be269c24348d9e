/**
 * The in-house vs outsourced comparison of a program (issue 6): per month, unit and channel the total
 * cost, cost per contact and per handled minute, volume and quality, and the gaps explained where AHT or
 * channel mix differ. Costs: in-house units their cost model; vendor units their charges (see
 * vendor-charges.server.ts) + the client's oversight; both plus transition costs amortised. A unit's month
 * cost is split over its channels by handled minutes. Client members with read:costs only.
 */
import { and, gte, inArray, lte, sql } from 'drizzle-orm';
import { queryRows } from '#db/client';
import { inHouseCosts, transitionCosts, vendorOversightCosts } from '#db/schema/index';
import { amortisedInMonth } from '#app/domain/costs/amortisation';
import { channelMix, costPerContact, costPerHandledMinute, explainGap, splitByWorkload, type ExactMoney, type GapSide } from '#app/domain/costs/comparison';
import { comparisonRangeSchema, type ComparisonRange } from '#app/domain/costs/comparison-range';
import { COMPARISON_KPIS, type ComparisonCellDto, type ComparisonDto, type ComparisonUnitDto, type CostBreakdownDto, type GapExplanationDto, type RatioMoneyDto, type UnitMonthDto } from '#app/domain/costs/comparison-types';
import { inHouseBreakdown } from '#app/domain/costs/in-house';
import { addMonths, monthsBetween } from '#app/domain/costs/months';
import { addComponents, emptyComponents, type Components } from '#app/domain/kpi/components';
import { computeAllKpis, type KpiOptions } from '#app/domain/kpi/formulas';
import { addDays } from '#app/domain/contracts/version';
import { currencyFractionDigits } from '#app/i18n/format';
import { AppError, forbidden, notFound } from '#app/lib/errors';
import { assertCan, inTenant, type ServiceCtx } from '../context';
import { loadScopeUnits } from '../kpis/series-scope.server';
import { handleSecondsOf, loadVolumes, type VolumeCell } from './volumes.server';
import { loadVendorCharges } from './vendor-charges.server';

export type { ComparisonDto };

export interface ComparisonInput extends ComparisonRange {
  programId: string;
}

function parseRange(input: ComparisonRange): ComparisonRange {
  const parsed = comparisonRangeSchema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message }));
    throw new AppError('UNPROCESSABLE', issues[0]?.message ?? 'Invalid range', { issues });
  }
  return parsed.data;
}

const ratioDto = (value: ExactMoney | null): RatioMoneyDto | null =>
  value ? { roundedMinor: value.roundedMinor.toString(), numerator: value.exact.numerator.toString(), denominator: value.exact.denominator.toString() } : null;

function cellOf(channel: string | null, components: Components, kpis: Record<string, number | null>, costMinor: bigint | null): ComparisonCellDto {
  const handleSeconds = handleSecondsOf(components);
  return {
    channel,
    handled: components.handled,
    offered: components.offered,
    handleSeconds,
    costMinor: costMinor === null ? null : costMinor.toString(),
    costPerContact: costMinor === null ? null : ratioDto(costPerContact(costMinor, components.handled)),
    costPerHandledMinute: costMinor === null ? null : ratioDto(costPerHandledMinute(costMinor, handleSeconds)),
    kpis: Object.fromEntries(COMPARISON_KPIS.map((k) => [k, kpis[k] ?? null])) as ComparisonCellDto['kpis'],
  };
}

const kpiValuesOf = (components: Components, options: KpiOptions) => Object.fromEntries(Object.entries(computeAllKpis(components, options)).map(([k, r]) => [k, r.value]));

export async function loadComparison(ctx: ServiceCtx, input: ComparisonInput): Promise<ComparisonDto> {
  assertCan(ctx, 'read:costs');
  if (ctx.orgKind !== 'client') throw forbidden();
  return inTenant(ctx, async (tx) => {
    const [program] = await queryRows<{ id: string; name: string; currency: string; time_zone: string }>(
      tx,
      sql`select id::text as id, name, currency, time_zone from programs where id = ${input.programId}::uuid and client_org_id = ${ctx.orgId}::uuid`,
    );
    if (!program) throw notFound('Program not found');
    // Looked up before the range is validated: another org's program is a 404, never a range error.
    const range = parseRange({ from: input.from, to: input.to });
    const months = monthsBetween(range.from, range.to);
    const digits = currencyFractionDigits(program.currency);
    const units = await loadScopeUnits(tx, { programId: program.id });
    const unitIds = units.map((u) => u.id);
    const firstDay = `${range.from}-01`;
    const lastDay = addDays(`${addMonths(range.to, 1)}-01`, -1);

    const { cells, variants } = units.length ? await loadVolumes(tx, ctx.orgId, units, firstDay, lastDay) : { cells: [] as VolumeCell[], variants: new Map() };
    const cellKey = (unitId: string, month: string, channel: string | null) => `${unitId}|${month}|${channel ?? '*'}`;
    const volume = new Map(cells.map((c) => [cellKey(c.unitId, c.month, c.channel), c]));
    const channels = [...new Set(cells.filter((c) => c.channel !== null && c.components.handled + c.components.offered > 0).map((c) => c.channel!))].sort();
    const handledOf = (unitId: string, month: string) => volume.get(cellKey(unitId, month, null))?.components.handled ?? 0;

    const ids = unitIds.length ? unitIds : ['00000000-0000-0000-0000-000000000000'];
    const inHouseRows = await tx.select().from(inHouseCosts).where(and(inArray(inHouseCosts.unitId, ids), gte(inHouseCosts.month, range.from), lte(inHouseCosts.month, range.to)));
    const oversightRows = await tx.select().from(vendorOversightCosts).where(and(inArray(vendorOversightCosts.unitId, ids), gte(vendorOversightCosts.month, range.from), lte(vendorOversightCosts.month, range.to)));
    const transitions = await tx.select().from(transitionCosts).where(inArray(transitionCosts.unitId, ids));
    const vendorUnitIds = units.filter((u) => u.kind === 'vendor').map((u) => u.id);
    const charges = await loadVendorCharges(tx, { unitIds: vendorUnitIds, months, currency: program.currency, minorDigits: digits, handledOf });

    const dtoUnits: ComparisonUnitDto[] = units.map((unit) => {
      const options: KpiOptions = { serviceLevelVariant: variants.get(unit.id) };
      let rangeComponents = emptyComponents();
      let rangeTotal = 0n;
      let monthsWithCost = 0;
      const rangeHandledByChannel = new Map<string, number>();
      const monthDtos: UnitMonthDto[] = months.map((month) => {
        const transitionMinor = transitions.filter((t) => t.unitId === unit.id).reduce((sum, t) => sum + amortisedInMonth(t, month), 0n);
        const cost: CostBreakdownDto = {
          totalMinor: null,
          inHouseMinor: null,
          agentLabourMinor: null,
          vendorChargesMinor: null,
          vendorChargesSource: null,
          contractId: null,
          contractName: null,
          contractChargesMinor: null,
          oversightMinor: null,
          transitionMinor: transitionMinor.toString(),
          missing: [],
        };
        let total: bigint | null = null;
        if (unit.kind === 'in_house') {
          const row = inHouseRows.find((r) => r.unitId === unit.id && r.month === month);
          if (row) {
            const b = inHouseBreakdown({
              agentFte: row.agentFte,
              productiveHours: row.productiveHours,
              loadedCostPerFteMinor: row.loadedCostPerFteMinor,
              categories: { supervision: row.supervisionMinor, facilities: row.facilitiesMinor, technology: row.technologyMinor, telecom: row.telecomMinor, training: row.trainingMinor, overhead: row.overheadMinor },
            });
            cost.inHouseMinor = b.totalMinor.toString();
            cost.agentLabourMinor = b.agentLabourMinor.toString();
            total = b.totalMinor + transitionMinor;
          } else cost.missing.push('in_house_costs');
        } else {
          const oversight = oversightRows.find((r) => r.unitId === unit.id && r.month === month)?.amountMinor ?? 0n;
          cost.oversightMinor = oversight.toString();
          const unitCharges = charges.filter((c) => c.month === month && c.shares.some((s) => s.unitId === unit.id));
          if (unitCharges.length > 0) {
            const share = unitCharges.reduce((sum, c) => sum + c.shares.find((s) => s.unitId === unit.id)!.amountMinor, 0n);
            cost.vendorChargesMinor = share.toString();
            // One contract per unit and month in practice; with several the first names the source.
            cost.vendorChargesSource = unitCharges[0]!.source;
            cost.contractId = unitCharges[0]!.contractId;
            cost.contractName = unitCharges[0]!.contractName;
            cost.contractChargesMinor = unitCharges.reduce((sum, c) => sum + c.amountMinor, 0n).toString();
            total = share + oversight + transitionMinor;
          } else cost.missing.push('vendor_charges');
        }
        cost.totalMinor = total === null ? null : total.toString();

        const whole = volume.get(cellKey(unit.id, month, null));
        const components = whole?.components ?? emptyComponents();
        const channelCells = channels.map((ch) => volume.get(cellKey(unit.id, month, ch))).filter((c): c is VolumeCell => c !== undefined);
        const split = total === null ? null : splitByWorkload(total, new Map(channelCells.map((c) => [c.channel!, handleSecondsOf(c.components)])));
        const mix = channelMix(new Map(channelCells.map((c) => [c.channel!, c.components.handled])));
        if (total !== null) {
          monthsWithCost++;
          rangeTotal += total;
          rangeComponents = addComponents(rangeComponents, components);
          for (const c of channelCells) rangeHandledByChannel.set(c.channel!, (rangeHandledByChannel.get(c.channel!) ?? 0) + c.components.handled);
        }
        return {
          month,
          cost,
          all: cellOf(null, components, whole?.kpis ?? kpiValuesOf(components, options), total),
          channels: channelCells.map((c) => cellOf(c.channel, c.components, c.kpis, split?.get(c.channel!) ?? null)),
          mix: Object.fromEntries(mix),
        };
      });
      return {
        id: unit.id,
        name: unit.name,
        kind: unit.kind,
        vendorName: unit.vendor_name,
        serviceLevelVariant: variants.get(unit.id) ?? 'negative',
        months: monthDtos,
        range: {
          monthsWithCost,
          totalMinor: rangeTotal.toString(),
          cell: cellOf(null, rangeComponents, kpiValuesOf(rangeComponents, options), monthsWithCost > 0 ? rangeTotal : null),
          mix: Object.fromEntries(channelMix(rangeHandledByChannel)),
        },
      };
    });

    return {
      programId: program.id,
      programName: program.name,
      currency: program.currency,
      minorDigits: digits,
      timeZone: program.time_zone,
      from: range.from,
      to: range.to,
      months,
      channels,
      units: dtoUnits,
      explanations: explanationsOf(dtoUnits),
    };
  });
}

function sideOf(total: string | null, cell: ComparisonCellDto, mix: Record<string, number>): GapSide | null {
  if (total === null) return null;
  return { totalMinor: BigInt(total), handled: cell.handled, handleSeconds: cell.handleSeconds, mix: new Map(Object.entries(mix)) };
}

/** Each vendor unit against each in-house unit: over the whole range, then month by month. */
function explanationsOf(units: ComparisonUnitDto[]): GapExplanationDto[] {
  const out: GapExplanationDto[] = [];
  const push = (reference: ComparisonUnitDto, other: ComparisonUnitDto, month: string | null, a: GapSide | null, b: GapSide | null) => {
    const gap = a && b ? explainGap(a, b) : null;
    if (!gap) return;
    out.push({
      referenceUnitId: reference.id,
      otherUnitId: other.id,
      month,
      referenceAht: gap.referenceAht,
      otherAht: gap.otherAht,
      minutesPerContactChange: gap.minutesPerContactChange,
      isAhtDifferent: gap.isAhtDifferent,
      mixGap: gap.mixGap,
      costPerContactGapMinor: gap.costPerContactGapMinor.toString(),
      costPerMinuteGapMinor: gap.costPerMinuteGapMinor.toString(),
      otherAtReferenceAhtMinor: gap.otherAtReferenceAhtMinor.toString(),
    });
  };
  for (const reference of units.filter((u) => u.kind === 'in_house')) {
    for (const other of units.filter((u) => u.kind === 'vendor')) {
      push(reference, other, null, sideOf(reference.range.monthsWithCost ? reference.range.totalMinor : null, reference.range.cell, reference.range.mix), sideOf(other.range.monthsWithCost ? other.range.totalMinor : null, other.range.cell, other.range.mix));
      reference.months.forEach((m, i) => {
        const o = other.months[i]!;
        push(reference, other, m.month, sideOf(m.cost.totalMinor, m.all, m.mix), sideOf(o.cost.totalMinor, o.all, o.mix));
      });
    }
  }
  return out;
}
