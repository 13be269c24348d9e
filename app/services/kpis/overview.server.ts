/**
 * The data of the program overview dashboard and the unit day drill-down, shaped for their charts: only the
 * KPIs and volumes the pages draw, per unit, from getKpiSeries (the same numbers the API returns).
 */
import type { ServiceLevelVariant } from '#app/domain/kpi/catalog';
import type { ComponentKpiId } from '#app/domain/kpi/formulas';
import { notFound } from '#app/lib/errors';
import { queryRows } from '#db/client';
import { sql } from 'drizzle-orm';
import { assertCan, inTenant, type ServiceCtx } from '../context';
import { todayIn } from '../programs-common.server';
import { addDays, DASHBOARD_GRAINS, kpiRangeSchema, type DashboardGrain, type KpiGrain } from './range';
import { getKpiSeries, getKpiSeriesIn, getServiceLevelHeatmap, type HeatmapCell, type KpiSeries } from './series.server';

/** The KPIs of the program overview (issue 5), in display order. */
export const OVERVIEW_KPIS = ['service_level', 'asa', 'aht', 'abandonment_rate', 'fcr', 'csat', 'qa_score'] as const satisfies readonly ComponentKpiId[];
export type OverviewKpi = (typeof OVERVIEW_KPIS)[number];

export interface OverviewUnit {
  unitId: string;
  name: string;
  vendorName: string | null;
  serviceLevelVariant: ServiceLevelVariant;
  kpis: Record<OverviewKpi, (number | null)[]>;
  targets: Partial<Record<OverviewKpi, (number | null)[]>>;
  /** Per KPI with a target, per period: the value misses the target in force (the chart's breach markers). */
  breaches: Partial<Record<OverviewKpi, boolean[]>>;
  offered: number[];
  handled: number[];
}

export interface ProgramOverview {
  programId: string;
  programName: string;
  timeZone: string;
  grain: KpiGrain;
  from: string;
  to: string;
  labels: string[];
  units: OverviewUnit[];
}

/** The overview page's range when none is asked: the last 30 local days by day. */
export const DASHBOARD_DEFAULT_DAYS = 30;

export interface ProgramDashboard {
  programId: string;
  programName: string;
  timeZone: string;
  /** The range shown (or refused), with the defaults filled in: what the page's form shows. */
  values: { from: string; to: string; grain: DashboardGrain };
  /** Why the asked range was refused (the page answers 422); null when the overview is there. */
  error: string | null;
  overview: ProgramOverview | null;
}

/**
 * The overview page's data in one tenant transaction (every round trip counts on the busiest page): the
 * program (404 when the caller may not see it), the asked range with the defaults of the program's today,
 * and the series of every unit.
 */
export async function loadProgramDashboard(
  ctx: ServiceCtx,
  programId: string,
  asked: { from?: string | null; to?: string | null; grain?: string | null },
  now = new Date(),
): Promise<ProgramDashboard> {
  assertCan(ctx, 'read:kpis');
  return inTenant(ctx, async (tx) => {
    const [program] = await queryRows<{ name: string; time_zone: string }>(tx, sql`select name, time_zone from programs where id = ${programId}::uuid`);
    if (!program) throw notFound('Program not found');
    const today = todayIn(program.time_zone, now);
    const values = {
      from: asked.from || addDays(today, -(DASHBOARD_DEFAULT_DAYS - 1)),
      to: asked.to || today,
      grain: (DASHBOARD_GRAINS as readonly string[]).includes(asked.grain ?? '') ? (asked.grain as DashboardGrain) : 'day',
    };
    const page = { programId, programName: program.name, timeZone: program.time_zone, values };
    const parsed = kpiRangeSchema.safeParse(values);
    if (!parsed.success) return { ...page, error: parsed.error.issues[0]?.message ?? 'Invalid range', overview: null };
    const series = await getKpiSeriesIn(ctx, tx, { programId, from: values.from, to: values.to, grain: values.grain });
    return { ...page, error: null, overview: overviewOf(series, programId, program.name, values.grain) };
  });
}

/** The overview of a range (the benchmark's subject; the page uses loadProgramDashboard). */
export async function loadProgramOverview(
  ctx: ServiceCtx,
  input: { programId: string; programName: string; from: string; to: string; grain: Exclude<KpiGrain, 'interval'> },
): Promise<ProgramOverview> {
  const series = await getKpiSeries(ctx, { programId: input.programId, from: input.from, to: input.to, grain: input.grain });
  return overviewOf(series, input.programId, input.programName, input.grain);
}

function overviewOf(series: KpiSeries, programId: string, programName: string, grain: Exclude<KpiGrain, 'interval'>): ProgramOverview {
  const labels = series.units[0]?.periods.map((p) => p.period) ?? [];
  return {
    programId,
    programName,
    timeZone: series.timeZone,
    grain,
    from: series.from,
    to: series.to,
    labels,
    units: series.units.map((unit) => ({
      unitId: unit.unitId,
      name: unit.unitName,
      vendorName: unit.vendorName,
      serviceLevelVariant: unit.serviceLevelVariant,
      kpis: Object.fromEntries(OVERVIEW_KPIS.map((kpi) => [kpi, unit.periods.map((p) => p.kpis[kpi])])) as Record<OverviewKpi, (number | null)[]>,
      targets: Object.fromEntries(unit.targets.filter((t) => (OVERVIEW_KPIS as readonly string[]).includes(t.kpi)).map((t) => [t.kpi, t.values])),
      breaches: Object.fromEntries(
        unit.targets
          .filter((t) => (OVERVIEW_KPIS as readonly string[]).includes(t.kpi))
          .map((t) => [t.kpi, unit.periods.map((p, i) => missesTarget(p.kpis[t.kpi], t.values[i] ?? null, t.comparator))]),
      ),
      offered: unit.periods.map((p) => p.components.offered),
      handled: unit.periods.map((p) => p.components.handled),
    })),
  };
}

/** A value on the wrong side of its target (no value or no target: no breach). */
export function missesTarget(value: number | null, target: number | null, comparator: string): boolean {
  if (value === null || target === null) return false;
  return comparator === 'lte' ? value > target : value < target;
}

export interface UnitDay {
  unitId: string;
  unitName: string;
  programId: string;
  timeZone: string;
  date: string;
  serviceLevelVariant: ServiceLevelVariant;
  intervals: { period: string; start: string; offered: number; handled: number; serviceLevel: number | null }[];
  heatmap: { from: string; to: string; cells: HeatmapCell[] };
}

/** The unit's local today (its program's time zone); 404 when the caller may not see the unit. */
export async function unitToday(ctx: ServiceCtx, unitId: string, now = new Date()): Promise<string> {
  assertCan(ctx, 'read:kpis');
  const [row] = await inTenant(ctx, (tx) =>
    queryRows<{ time_zone: string }>(
      tx,
      sql`select p.time_zone from delivery_units u join programs p on p.client_org_id = u.client_org_id and p.id = u.program_id where u.id = ${unitId}::uuid`,
    ),
  );
  if (!row) throw notFound('Unit not found');
  return todayIn(row.time_zone, now);
}

/** A day's intervals, and the heat map of the four weeks around it (two before, two after). */
export async function loadUnitDay(ctx: ServiceCtx, unitId: string, date: string): Promise<UnitDay> {
  const series = await getKpiSeries(ctx, { unitIds: [unitId], from: date, to: date, grain: 'interval' });
  const unit = series.units[0];
  if (!unit) throw notFound('Unit not found');
  const from = addDays(date, -14);
  const to = addDays(date, 13);
  const heatmap = await getServiceLevelHeatmap(ctx, { unitId, from, to });
  return {
    unitId,
    unitName: unit.unitName,
    programId: series.programId,
    timeZone: series.timeZone,
    date,
    serviceLevelVariant: unit.serviceLevelVariant,
    intervals: unit.periods.map((p) => ({ period: p.period, start: p.start, offered: p.components.offered, handled: p.components.handled, serviceLevel: p.kpis.service_level })),
    heatmap: { from, to, cells: heatmap.cells },
  };
}
