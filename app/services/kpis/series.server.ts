/**
 * KPI series for dashboards and the API: per unit and period (interval, local day, ISO week, month of the
 * program's time zone) the summed components and every KPI, computed by the database as
 * Σnumerator / Σdenominator from the formula terms (sql.server.ts), never as an average of ratios.
 *
 * Days, weeks and months read interval_daily_rollups (one row per unit, queue, channel and local day, already
 * on the unit's authoritative source); weeks and months group those local days. Intervals read the current
 * interval_facts of the same source the day's rollup chose, so interval sums add up to the day's figures.
 * Everything runs in the caller's tenant: row-level security shows a vendor its own units only.
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Tx } from '#db/client';
import type { ServiceLevelVariant } from '#app/domain/kpi/catalog';
import { emptyComponents } from '#app/domain/kpi/components';
import { assertCan, inTenant, type ServiceCtx } from '../context';
import { todayIn } from '../programs-common.server';
import { addDays, periodOf, periodsBetween, type PeriodGrain, type PeriodSlot } from './range';
import {
  currentFactsFrom,
  emptyKpis,
  filterSql,
  loadScopeUnits,
  parseSeriesInput,
  toComponents,
  toKpis,
  unitIdList,
  type AggregateRow,
  type Filters,
  type UnitRow,
} from './series-scope.server';
import { cachedSeries } from './series-cache.server';
import { serviceLevelVariants, targetLines } from './series-targets.server';
import type { KpiPeriod, KpiSeries, KpiSeriesInput } from './series-types';
import { componentSumsSelect, kpiSelect } from './sql.server';

export {
  kpiSeriesInputSchema,
  type KpiPeriod,
  type KpiSeries,
  type KpiSeriesInput,
  type KpiTargetLine,
  type KpiValues,
  type UnitKpiSeries,
} from './series-types';
export { getServiceLevelHeatmap, type HeatmapCell, type ServiceLevelHeatmap } from './series-heatmap.server';

const PERIOD_SQL: Record<PeriodGrain, SQL> = {
  day: sql`to_char(d.day, 'YYYY-MM-DD')`,
  week: sql`to_char(d.day, 'IYYY-"W"IW')`,
  month: sql`to_char(d.day, 'YYYY-MM')`,
};

/**
 * Σ per unit and local period over the daily rollups: the dashboards' query. One row per (unit, period) with
 * data; the SL formula is the variant's. Unfiltered, it reads interval_unit_daily_rollups (kept equal to the
 * queue rollups' sums per unit and day by triggers, migration 0012).
 */
export async function aggregateRollups(
  tx: Tx,
  scope: { clientOrgId: string; units: readonly UnitRow[] },
  range: { from: string; to: string; grain: PeriodGrain },
  filters: Filters,
  variant: ServiceLevelVariant,
): Promise<AggregateRow[]> {
  const period = PERIOD_SQL[range.grain];
  // Without a queue or channel filter, the unit-level rollup (all queues of a day in one row) has the same sums.
  const table = filters.queueId || filters.channel ? sql`interval_daily_rollups` : sql`interval_unit_daily_rollups`;
  return queryRows<AggregateRow>(
    tx,
    sql`select d.unit_id::text as unit_id, ${period} as period, ${componentSumsSelect('d')}, ${kpiSelect({ serviceLevelVariant: variant }, 'd')}
        from ${table} d
        where d.client_org_id = ${scope.clientOrgId}::uuid and d.unit_id in (${unitIdList(scope.units)})
          and d.day >= ${range.from}::date and d.day <= ${range.to}::date${filterSql('d', filters)}
        group by d.unit_id, ${period}`,
  );
}

async function aggregateIntervals(
  tx: Tx,
  scope: { clientOrgId: string; units: readonly UnitRow[] },
  range: { from: string; to: string },
  timeZone: string,
  filters: Filters,
  variant: ServiceLevelVariant,
): Promise<(AggregateRow & { local_start: string; local_end: string })[]> {
  return queryRows(
    tx,
    sql`select f.unit_id::text as unit_id, to_char(f.interval_start at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as period,
          to_char(f.interval_start at time zone ${timeZone}, 'YYYY-MM-DD"T"HH24:MI') as local_start,
          to_char((f.interval_start + max(f.interval_minutes) * interval '1 minute') at time zone ${timeZone}, 'YYYY-MM-DD"T"HH24:MI') as local_end,
          ${componentSumsSelect('f')}, ${kpiSelect({ serviceLevelVariant: variant }, 'f')}
        ${currentFactsFrom(scope, range, timeZone, filters)}
        group by f.unit_id, f.interval_start
        order by f.interval_start`,
  );
}

/** Groups units by their SL variant so each query carries one formula. */
function byVariant(units: readonly UnitRow[], variants: Map<string, ServiceLevelVariant>): [ServiceLevelVariant, UnitRow[]][] {
  const groups = new Map<ServiceLevelVariant, UnitRow[]>();
  for (const unit of units) {
    const variant = variants.get(unit.id)!;
    groups.set(variant, [...(groups.get(variant) ?? []), unit]);
  }
  return [...groups];
}

/**
 * Per period (and per unit) the summed components and every KPI value, for `unitIds` (all of one program)
 * or every unit of `programId` the caller may see. Day, week and month series list every period of the
 * range (no data: zero components, null KPIs); an interval series lists the intervals that were reported.
 */
export async function getKpiSeries(ctx: ServiceCtx, input: KpiSeriesInput): Promise<KpiSeries> {
  assertCan(ctx, 'read:kpis');
  const query = parseSeriesInput(input);
  return inTenant(ctx, (tx) => seriesOf(ctx, tx, query));
}

/** getKpiSeries inside a tenant transaction the caller already holds (a page that reads more in it). */
export async function getKpiSeriesIn(ctx: ServiceCtx, tx: Tx, input: KpiSeriesInput): Promise<KpiSeries> {
  assertCan(ctx, 'read:kpis');
  return seriesOf(ctx, tx, parseSeriesInput(input));
}

function seriesOf(ctx: ServiceCtx, tx: Tx, query: ReturnType<typeof parseSeriesInput>): Promise<KpiSeries> {
  const grain = query.grain;
  if (grain === 'interval') return computeSeries(tx, query, [], query.from, query.to);
  const slots = periodsBetween(query.from, query.to, grain);
  const from = slots[0]!.start;
  const to = slots[slots.length - 1]!.end;
  // Days, weeks and months come from the rollups: cached per process until their data changes (series-cache.server.ts).
  return cachedSeries(
    ctx,
    tx,
    { programId: query.programId, unitIds: query.unitIds, from, to, grain, filters: { queueId: query.queue, channel: query.channel }, serviceLevelVariant: query.serviceLevelVariant },
    () => computeSeries(tx, query, slots, from, to),
  );
}

async function computeSeries(tx: Tx, query: ReturnType<typeof parseSeriesInput>, slots: PeriodSlot[], from: string, to: string): Promise<KpiSeries> {
  const units = await loadScopeUnits(tx, query);
  const timeZone = units[0]?.time_zone ?? 'UTC';
  const programId = units[0]?.program_id ?? query.programId!;
  const filters: Filters = { queueId: query.queue, channel: query.channel };
  const grain = query.grain;
  const variants = await serviceLevelVariants(tx, units, to, query.serviceLevelVariant);
  const result: KpiSeries = { programId, timeZone, grain, from, to, queueId: query.queue ?? null, channel: query.channel ?? null, units: [] };
  if (units.length === 0) return result;
  const clientOrgId = units[0]!.client_org_id;

  const periodsByUnit = new Map<string, KpiPeriod[]>();
  for (const [variant, group] of byVariant(units, variants)) {
    const scope = { clientOrgId, units: group };
    if (grain === 'interval') {
      for (const row of await aggregateIntervals(tx, scope, { from, to }, timeZone, filters, variant)) {
        const list = periodsByUnit.get(row.unit_id) ?? [];
        list.push({ period: row.period, start: row.local_start, end: row.local_end, components: toComponents(row), kpis: toKpis(row) });
        periodsByUnit.set(row.unit_id, list);
      }
    } else {
      const rows = await aggregateRollups(tx, scope, { from, to, grain }, filters, variant);
      const found = new Map(rows.map((r) => [`${r.unit_id}|${r.period}`, r]));
      for (const unit of group) {
        periodsByUnit.set(
          unit.id,
          slots.map((slot) => {
            const row = found.get(`${unit.id}|${slot.period}`);
            return { ...slot, components: row ? toComponents(row) : emptyComponents(), kpis: row ? toKpis(row) : emptyKpis() };
          }),
        );
      }
    }
  }
  const targets = await targetLines(tx, units, grain === 'interval' ? [{ start: from }] : slots, filters);
  result.units = units.map((unit) => ({
    unitId: unit.id,
    unitName: unit.name,
    kind: unit.kind,
    vendorName: unit.vendor_name,
    serviceLevelVariant: variants.get(unit.id)!,
    periods: periodsByUnit.get(unit.id) ?? [],
    targets: targets.get(unit.id) ?? [],
  }));
  return result;
}

/** The program's (or unit's) time zone and today's local date there, for default ranges. */
export async function localTodayOfProgram(ctx: ServiceCtx, programId: string, now = new Date()): Promise<{ timeZone: string; today: string } | null> {
  return inTenant(ctx, async (tx) => {
    const [row] = await queryRows<{ time_zone: string }>(tx, sql`select time_zone from programs where id = ${programId}::uuid`);
    return row ? { timeZone: row.time_zone, today: todayIn(row.time_zone, now) } : null;
  });
}

export { addDays, periodOf };
