import { z } from 'zod';
import { SERVICE_LEVEL_VARIANTS } from '#app/domain/kpi/catalog';
import { COMPONENT_NAMES } from '#app/domain/kpi/components';
import { COMPONENT_KPI_IDS } from '#app/domain/kpi/formulas';
import type { ApiOperation } from '#app/lib/openapi-types';
import { checkRange, KPI_GRAINS, kpiFilterShape, kpiRangeShape, MAX_SPAN_DAYS } from '#app/services/kpis/range';
import type { KpiSeries } from '#app/services/kpis/series.server';

/** KPI series over the API: the same service (and numbers) as the program dashboard. */
export const UnitKpisParamsSchema = z.object({ unitId: z.uuid() });

export const UnitKpisQuerySchema = z
  .object({ ...kpiRangeShape, ...kpiFilterShape })
  .superRefine(checkRange)
  .describe(`Spans at most ${KPI_GRAINS.map((g) => `${MAX_SPAN_DAYS[g]} days by ${g}`).join(', ')}`);

const ComponentsSchema = z
  .object(Object.fromEntries(COMPONENT_NAMES.map((name) => [name, z.number()])) as Record<(typeof COMPONENT_NAMES)[number], z.ZodNumber>)
  .describe('Components summed over the period (counts; seconds; qa_points)')
  .meta({ id: 'KpiComponents' });

const KpiValuesSchema = z
  .object(Object.fromEntries(COMPONENT_KPI_IDS.map((id) => [id, z.number().nullable()])) as Record<(typeof COMPONENT_KPI_IDS)[number], z.ZodNullable<z.ZodNumber>>)
  .describe('Σnumerator / Σdenominator over the period: ratios as 0..1, times in seconds, QA 0..100, NPS −100..100; null for no data')
  .meta({ id: 'KpiValues' });

const KpiPeriodSchema = z
  .object({
    period: z.string().describe('Day "2026-03-02", ISO week "2026-W10", month "2026-03", or for grain interval the interval start as a UTC instant'),
    start: z.string().describe('First local date of the period (for an interval its local start, "2026-03-02T08:15")'),
    end: z.string().describe('Last local date of the period (for an interval its local end)'),
    components: ComponentsSchema,
    kpis: KpiValuesSchema,
  })
  .meta({ id: 'KpiPeriod' });

export const UnitKpisResponseSchema = z
  .object({
    unitId: z.uuid(),
    programId: z.uuid(),
    timeZone: z.string().describe("The program's time zone: days, weeks and months are local to it (23- and 25-hour days included)"),
    grain: z.enum(KPI_GRAINS),
    from: z.string().describe('First local date covered (a week or month range is widened to whole periods)'),
    to: z.string().describe('Last local date covered'),
    queue: z.uuid().nullable(),
    channel: z.string().nullable(),
    serviceLevelVariant: z.enum(SERVICE_LEVEL_VARIANTS).describe("The service-level variant used: the unit's SLA's, else negative"),
    periods: z.array(KpiPeriodSchema).describe('Every period of the range for day, week and month (no data: zeros and nulls); the reported intervals for interval'),
  })
  .meta({ id: 'UnitKpis' });

export type UnitKpisResponse = z.infer<typeof UnitKpisResponseSchema>;

export function unitKpisToApi(unitId: string, series: KpiSeries): UnitKpisResponse {
  const unit = series.units.find((u) => u.unitId === unitId)!;
  return {
    unitId,
    programId: series.programId,
    timeZone: series.timeZone,
    grain: series.grain,
    from: series.from,
    to: series.to,
    queue: series.queueId,
    channel: series.channel,
    serviceLevelVariant: unit.serviceLevelVariant,
    periods: unit.periods.map((p) => ({ period: p.period, start: p.start, end: p.end, components: p.components, kpis: p.kpis })),
  };
}

export const kpiOperations: ApiOperation[] = [
  {
    method: 'get',
    path: '/api/v1/units/{unitId}/kpis',
    operationId: 'getUnitKpis',
    summary: "A unit's summed components and every KPI per interval, local day, ISO week or month of the program's time zone",
    tag: 'KPIs',
    permission: 'read:kpis',
    pathParams: UnitKpisParamsSchema,
    query: UnitKpisQuerySchema,
    responses: {
      200: { description: 'The series', schema: UnitKpisResponseSchema },
      404: { description: 'No such unit, or not one the key may see' },
      422: { description: 'Bad dates, to before from, or a span longer than the grain allows' },
    },
  },
];
