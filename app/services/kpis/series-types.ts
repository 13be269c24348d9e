/** The KPI series' result types and input schema (see series.server.ts). Pure: no database. */
import { z } from 'zod';
import type { ServiceLevelVariant } from '#app/domain/kpi/catalog';
import { SERVICE_LEVEL_VARIANTS } from '#app/domain/kpi/catalog';
import type { Components } from '#app/domain/kpi/components';
import type { ComponentKpiId } from '#app/domain/kpi/formulas';
import type { Channel } from '#app/domain/programs/schemas';
import { checkRange, kpiFilterShape, kpiRangeShape, type KpiGrain } from './range';

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
