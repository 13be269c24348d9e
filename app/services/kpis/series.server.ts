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
import { z } from 'zod';
import { queryRows, type Tx } from '#db/client';
import type { ServiceLevelVariant } from '#app/domain/kpi/catalog';
import { SERVICE_LEVEL_VARIANTS } from '#app/domain/kpi/catalog';
import { COMPONENT_NAMES, emptyComponents, type Components } from '#app/domain/kpi/components';
import { COMPONENT_KPI_IDS, DEFAULT_SERVICE_LEVEL_VARIANT, type ComponentKpiId } from '#app/domain/kpi/formulas';
import type { Channel } from '#app/domain/programs/schemas';
import { AppError, notFound } from '#app/lib/errors';
import { assertCan, inTenant, type ServiceCtx } from '../context';
import { todayIn } from '../programs-common.server';
import { addDays, checkRange, kpiFilterShape, kpiRangeShape, periodOf, periodsBetween, type KpiGrain, type PeriodGrain, type PeriodSlot } from './range';
import { componentSumsSelect, kpiColumn, kpiSelect, kpiSql } from './sql.server';

export type KpiValues = Record<ComponentKpiId, number | null>;

export interface KpiPeriod {
  /** day "2026-03-02", week "2026-W10", month "2026-03"; for grain interval the UTC instant (ISO 8601). */
  period: string;
  /** First local date of the period; for an interval its local start "2026-03-02T08:15". */
  start: string;
  /** Last local date of the period; for an interval its local end. */
  end: string;
  components: Components;
  /** null is "no data" (a zero denominator). */
  kpis: KpiValues;
}

export interface KpiTargetLine {
  kpi: ComponentKpiId;
  comparator: string;
  /** One value per period (the version in force on the period's first day), null where none applies. */
  values: (number | null)[];
}

export interface UnitKpiSeries {
  unitId: string;
  unitName: string;
  kind: 'in_house' | 'vendor';
  vendorName: string | null;
  serviceLevelVariant: ServiceLevelVariant;
  periods: KpiPeriod[];
  targets: KpiTargetLine[];
}

export interface KpiSeries {
  programId: string;
  timeZone: string;
  grain: KpiGrain;
  /** The range actually covered: widened to whole weeks or months for those grains. */
  from: string;
  to: string;
  queueId: string | null;
  channel: Channel | null;
  units: UnitKpiSeries[];
}

export const kpiSeriesInputSchema = z
  .object({
    unitIds: z.array(z.uuid()).min(1).max(200).optional(),
    programId: z.uuid().optional(),
    ...kpiRangeShape,
    ...kpiFilterShape,
    serviceLevelVariant: z.enum(SERVICE_LEVEL_VARIANTS).optional(),
  })
  .superRefine((value, ctx) => {
    if ((value.unitIds === undefined) === (value.programId === undefined)) ctx.addIssue({ code: 'custom', path: ['unitIds'], message: 'Give unitIds or programId' });
    checkRange(value, ctx);
  });
export type KpiSeriesInput = z.input<typeof kpiSeriesInputSchema>;

interface UnitRow extends Record<string, unknown> {
  id: string;
  client_org_id: string;
  program_id: string;
  name: string;
  kind: 'in_house' | 'vendor';
  vendor_name: string | null;
  time_zone: string;
}

function parseSeriesInput(input: KpiSeriesInput) {
  const parsed = kpiSeriesInputSchema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
    throw new AppError('UNPROCESSABLE', issues[0]?.message ?? 'Invalid KPI range', { issues });
  }
  return parsed.data;
}

/** The units asked for, as the tenant may see them (a vendor: its own), ordered as the program lists them. */
async function loadScopeUnits(tx: Tx, input: { unitIds?: string[]; programId?: string }): Promise<UnitRow[]> {
  const where = input.unitIds
    ? sql`u.id in (${sql.join(input.unitIds.map((id) => sql`${id}::uuid`), sql`, `)})`
    : sql`u.program_id = ${input.programId!}::uuid`;
  const rows = await queryRows<UnitRow>(
    tx,
    sql`select u.id, u.client_org_id, u.program_id, u.name, u.kind, o.name as vendor_name, p.time_zone
        from delivery_units u
        join programs p on p.client_org_id = u.client_org_id and p.id = u.program_id
        left join orgs o on o.id = u.vendor_org_id
        where ${where}
        order by u.created_at, u.name`,
  );
  if (input.unitIds && rows.length !== new Set(input.unitIds).size) throw notFound('Unit not found');
  if (input.programId && rows.length === 0) {
    const [program] = await queryRows<{ id: string }>(tx, sql`select id from programs where id = ${input.programId}::uuid`);
    if (!program) throw notFound('Program not found');
  }
  if (new Set(rows.map((r) => r.program_id)).size > 1) throw new AppError('UNPROCESSABLE', 'The units must belong to one program');
  return rows;
}

const unitIdList = (units: readonly UnitRow[]) => sql.join(units.map((u) => sql`${u.id}::uuid`), sql`, `);

interface AggregateRow extends Record<string, unknown> {
  unit_id: string;
  period: string;
}

function toComponents(row: Record<string, unknown>): Components {
  const components = emptyComponents();
  for (const name of COMPONENT_NAMES) components[name] = Number(row[name] ?? 0);
  return components;
}

function toKpis(row: Record<string, unknown>): KpiValues {
  return Object.fromEntries(
    COMPONENT_KPI_IDS.map((id) => {
      const value = row[kpiColumn(id)];
      return [id, value === null || value === undefined ? null : Number(value)];
    }),
  ) as KpiValues;
}

const emptyKpis = (): KpiValues => Object.fromEntries(COMPONENT_KPI_IDS.map((id) => [id, null])) as KpiValues;

interface Filters {
  queueId?: string;
  channel?: Channel;
}

function filterSql(alias: string, filters: Filters): SQL {
  const parts: SQL[] = [];
  if (filters.queueId) parts.push(sql` and ${sql.raw(alias)}.queue_id = ${filters.queueId}::uuid`);
  if (filters.channel) parts.push(sql` and ${sql.raw(alias)}.channel = ${filters.channel}`);
  return sql.join(parts, sql``);
}

const PERIOD_SQL: Record<PeriodGrain, SQL> = {
  day: sql`to_char(d.day, 'YYYY-MM-DD')`,
  week: sql`to_char(d.day, 'IYYY-"W"IW')`,
  month: sql`to_char(d.day, 'YYYY-MM')`,
};

/**
 * Σ per unit and local period over the daily rollups: the dashboards' query. One row per (unit, period) with
 * data; the SL formula is the variant's.
 */
export async function aggregateRollups(
  tx: Tx,
  scope: { clientOrgId: string; units: readonly UnitRow[] },
  range: { from: string; to: string; grain: PeriodGrain },
  filters: Filters,
  variant: ServiceLevelVariant,
): Promise<AggregateRow[]> {
  const period = PERIOD_SQL[range.grain];
  return queryRows<AggregateRow>(
    tx,
    sql`select d.unit_id::text as unit_id, ${period} as period, ${componentSumsSelect('d')}, ${kpiSelect({ serviceLevelVariant: variant }, 'd')}
        from interval_daily_rollups d
        where d.client_org_id = ${scope.clientOrgId}::uuid and d.unit_id in (${unitIdList(scope.units)})
          and d.day >= ${range.from}::date and d.day <= ${range.to}::date${filterSql('d', filters)}
        group by d.unit_id, ${period}`,
  );
}

/** Current interval facts of the days' authoritative source (the one the day's rollup summed). */
function currentFactsFrom(scope: { clientOrgId: string; units: readonly UnitRow[] }, range: { from: string; to: string }, timeZone: string, filters: Filters): SQL {
  return sql`from interval_facts f
        join interval_daily_rollups d on d.client_org_id = f.client_org_id and d.unit_id = f.unit_id and d.queue_id = f.queue_id
          and d.channel = f.channel and d.source = f.source and d.day = (f.interval_start at time zone ${timeZone})::date
          and d.day >= ${range.from}::date and d.day <= ${range.to}::date
        where f.client_org_id = ${scope.clientOrgId}::uuid and f.unit_id in (${unitIdList(scope.units)}) and f.superseded_by_upload_id is null
          and f.interval_start >= (${range.from}::date::timestamp at time zone ${timeZone})
          and f.interval_start < ((${range.to}::date + 1)::timestamp at time zone ${timeZone})${filterSql('f', filters)}`;
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

/**
 * The service-level variant of each unit: the option when given, else the service-level SLA of the contract
 * version (or in-house target set) in force on `onDate`, else "negative" (DOMAIN.md's default).
 */
async function serviceLevelVariants(tx: Tx, units: readonly UnitRow[], onDate: string, option?: ServiceLevelVariant): Promise<Map<string, ServiceLevelVariant>> {
  const variants = new Map<string, ServiceLevelVariant>(units.map((u) => [u.id, option ?? DEFAULT_SERVICE_LEVEL_VARIANT]));
  if (option || units.length === 0) return variants;
  const rows = await queryRows<{ unit_id: string; sl_variant: ServiceLevelVariant }>(
    tx,
    sql`select distinct on (x.unit_id) x.unit_id::text as unit_id, x.sl_variant from (
          select cu.unit_id, s.sl_variant, v.effective_from, s.position
          from contract_units cu
          join contract_versions v on v.client_org_id = cu.client_org_id and v.contract_id = cu.contract_id
          join contract_slas s on s.client_org_id = v.client_org_id and s.contract_version_id = v.id
          where cu.unit_id in (${unitIdList(units)}) and s.kpi = 'service_level' and s.sl_variant is not null
            and (s.scope_unit_id is null or s.scope_unit_id = cu.unit_id) and s.scope_queue_id is null
            and v.effective_from <= ${onDate}::date and (v.effective_to is null or v.effective_to >= ${onDate}::date)
          union all
          select t.unit_id, t.sl_variant, t.effective_from, t.position
          from unit_targets t
          where t.unit_id in (${unitIdList(units)}) and t.kpi = 'service_level' and t.sl_variant is not null and t.scope_queue_id is null
            and t.effective_from <= ${onDate}::date) x
        order by x.unit_id, x.effective_from desc, x.position`,
  );
  for (const row of rows) variants.set(row.unit_id, row.sl_variant);
  return variants;
}

interface TargetRow extends Record<string, unknown> {
  unit_id: string;
  set_key: string;
  effective_from: string;
  effective_to: string | null;
  kpi: string;
  comparator: string;
  target: string | number;
  scope_channel: string | null;
}

/**
 * Target lines: each unit-level SLA of a contract covering the unit (and in-house internal targets), per
 * period the target of the version in force on the period's first day. SLAs scoped to a queue or another
 * channel than the filter are left out.
 */
async function targetLines(tx: Tx, units: readonly UnitRow[], slots: readonly { start: string }[], filters: Filters): Promise<Map<string, KpiTargetLine[]>> {
  const lines = new Map<string, KpiTargetLine[]>();
  if (units.length === 0 || slots.length === 0) return lines;
  const first = slots[0]!.start;
  const last = slots[slots.length - 1]!.start;
  const rows = await queryRows<TargetRow>(
    tx,
    sql`select cu.unit_id::text as unit_id, v.contract_id::text as set_key, to_char(v.effective_from, 'YYYY-MM-DD') as effective_from,
          to_char(v.effective_to, 'YYYY-MM-DD') as effective_to, s.kpi, s.comparator, s.target::text as target, s.scope_channel
        from contract_units cu
        join contract_versions v on v.client_org_id = cu.client_org_id and v.contract_id = cu.contract_id
        join contract_slas s on s.client_org_id = v.client_org_id and s.contract_version_id = v.id
        where cu.unit_id in (${unitIdList(units)}) and (s.scope_unit_id is null or s.scope_unit_id = cu.unit_id) and s.scope_queue_id is null
          and v.effective_from <= ${last}::date and (v.effective_to is null or v.effective_to >= ${first}::date)
        union all
        select t.unit_id::text, 'internal', to_char(t.effective_from, 'YYYY-MM-DD'), null, t.kpi, t.comparator, t.target::text, t.scope_channel
        from unit_targets t
        where t.unit_id in (${unitIdList(units)}) and t.scope_queue_id is null and t.effective_from <= ${last}::date`,
  );
  const relevant = rows.filter((r) => r.scope_channel === null || r.scope_channel === filters.channel);
  for (const unit of units) {
    const mine = relevant.filter((r) => r.unit_id === unit.id);
    // The version (or target set) in force on a date: the latest start on or before it, unless it has ended.
    const inForce = (date: string) => {
      const bySet = new Map<string, TargetRow[]>();
      for (const row of mine) {
        if (row.effective_from > date || (row.effective_to !== null && row.effective_to < date)) continue;
        const list = bySet.get(row.set_key) ?? [];
        list.push(row);
        bySet.set(row.set_key, list);
      }
      return [...bySet.values()].flatMap((list) => {
        const latest = list.reduce((a, b) => (b.effective_from > a ? b.effective_from : a), '');
        return list.filter((r) => r.effective_from === latest);
      });
    };
    const perSlot = slots.map((slot) => inForce(slot.start));
    const kpis = [...new Set(mine.map((r) => r.kpi))].filter((k): k is ComponentKpiId => (COMPONENT_KPI_IDS as readonly string[]).includes(k));
    lines.set(
      unit.id,
      kpis.map((kpi) => ({
        kpi,
        comparator: mine.find((r) => r.kpi === kpi)!.comparator,
        values: perSlot.map((rowsInForce) => {
          const row = rowsInForce.find((r) => r.kpi === kpi);
          return row ? Number(row.target) : null;
        }),
      })),
    );
  }
  return lines;
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
  return inTenant(ctx, async (tx) => {
    const units = await loadScopeUnits(tx, query);
    const timeZone = units[0]?.time_zone ?? 'UTC';
    const programId = units[0]?.program_id ?? query.programId!;
    const filters: Filters = { queueId: query.queue, channel: query.channel };
    const grain = query.grain;
    const slots: PeriodSlot[] = grain === 'interval' ? [] : periodsBetween(query.from, query.to, grain);
    const from = grain === 'interval' ? query.from : slots[0]!.start;
    const to = grain === 'interval' ? query.to : slots[slots.length - 1]!.end;
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
  });
}

export interface HeatmapCell {
  /** Local date and local time of day ("08:15") of the slot. */
  date: string;
  time: string;
  offered: number;
  handled: number;
  /** Σ answered within T / Σ (offered − short abandons) of the slot, by the unit's variant; null for no data. */
  serviceLevel: number | null;
}

export interface ServiceLevelHeatmap {
  timeZone: string;
  from: string;
  to: string;
  serviceLevelVariant: ServiceLevelVariant;
  cells: HeatmapCell[];
}

/**
 * Service level over local days × local time of day for one unit: the drill-down's heat map. On a 25-hour day
 * the repeated hour's two intervals share their time-of-day cell and are summed (Σ/Σ), never averaged.
 */
export async function getServiceLevelHeatmap(ctx: ServiceCtx, input: { unitId: string; from: string; to: string; queue?: string; channel?: Channel }): Promise<ServiceLevelHeatmap> {
  assertCan(ctx, 'read:kpis');
  const query = parseSeriesInput({ unitIds: [input.unitId], from: input.from, to: input.to, grain: 'interval', queue: input.queue, channel: input.channel });
  return inTenant(ctx, async (tx) => {
    const units = await loadScopeUnits(tx, { unitIds: [input.unitId] });
    const unit = units[0]!;
    const variant = (await serviceLevelVariants(tx, units, query.to)).get(unit.id)!;
    const filters: Filters = { queueId: query.queue, channel: query.channel };
    const tz = unit.time_zone;
    const rows = await queryRows<{ date: string; time: string; offered: string; handled: string; sl: number | string | null }>(
      tx,
      sql`select to_char(f.interval_start at time zone ${tz}, 'YYYY-MM-DD') as date, to_char(f.interval_start at time zone ${tz}, 'HH24:MI') as time,
            coalesce(sum(f.offered), 0)::text as offered, coalesce(sum(f.handled), 0)::text as handled,
            ${kpiSql('service_level', { serviceLevelVariant: variant }, 'f')} as sl
          ${currentFactsFrom({ clientOrgId: unit.client_org_id, units }, { from: query.from, to: query.to }, tz, filters)}
          group by 1, 2
          order by 1, 2`,
    );
    return {
      timeZone: tz,
      from: query.from,
      to: query.to,
      serviceLevelVariant: variant,
      cells: rows.map((r) => ({ date: r.date, time: r.time, offered: Number(r.offered), handled: Number(r.handled), serviceLevel: r.sl === null ? null : Number(r.sl) })),
    };
  });
}

/** The program's (or unit's) time zone and today's local date there, for default ranges. */
export async function localTodayOfProgram(ctx: ServiceCtx, programId: string, now = new Date()): Promise<{ timeZone: string; today: string } | null> {
  return inTenant(ctx, async (tx) => {
    const [row] = await queryRows<{ time_zone: string }>(tx, sql`select time_zone from programs where id = ${programId}::uuid`);
    return row ? { timeZone: row.time_zone, today: todayIn(row.time_zone, now) } : null;
  });
}

export { addDays, periodOf };
