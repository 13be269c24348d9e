import type { ExportTable } from '#app/domain/export/csv';

/**
 * The data behind a chart, shared by the canvas, its accessible table and its CSV/XLSX export, so the three
 * can never disagree. Plain values only: a loader can build it for an export as well as the page.
 */
export type ValueFormat = 'integer' | 'number' | 'percent' | 'seconds';

export interface ChartSeries {
  id: string;
  label: string;
  /** One value per x label; null where there is none (drawn as a gap, shown as "—"). Percent as a ratio. */
  values: (number | null)[];
  format?: ValueFormat;
  /** Which y axis it is drawn against (default left). */
  axis?: 'left' | 'right';
  /** A target or threshold: drawn dashed without points, listed in the table like any series. */
  isTarget?: boolean;
  /**
   * Per x label, whether the value misses its target (a breach). A breach is drawn as a larger triangle
   * outlined in the target colour and spelled out with `breachLabel` in the table and the export, so it
   * never rests on colour alone.
   */
  breaches?: boolean[];
  /** The words for a breach, e.g. "misses target" (required to show breaches in the table and export). */
  breachLabel?: string;
}

export interface ChartAxis {
  title: string;
  format?: ValueFormat;
  min?: number;
  max?: number;
}

export interface ChartData {
  /** The x values (agents, dates, intervals), also the table's row headers. */
  labels: (string | number)[];
  xTitle: string;
  series: ChartSeries[];
  left: ChartAxis;
  right?: ChartAxis;
}

/** A flat line at `value` across every label: the target line of a KPI chart. */
export function targetSeries(id: string, label: string, value: number, count: number, options: Pick<ChartSeries, 'axis' | 'format'> = {}): ChartSeries {
  return { id, label, values: Array.from({ length: count }, () => value), isTarget: true, ...options };
}

const UNIT_SUFFIX: Partial<Record<ValueFormat, string>> = { percent: ' (%)', seconds: ' (s)' };

/** Export values: percent as 0–100 and seconds rounded to 0.01, with the unit in the header. */
export function toExportTable(data: ChartData): ExportTable {
  // A series with breaches gets a column right after it naming the breached rows.
  const flagged = (s: ChartSeries) => Boolean(s.breachLabel && s.breaches?.some(Boolean));
  return {
    columns: [data.xTitle, ...data.series.flatMap((s) => [`${s.label}${UNIT_SUFFIX[s.format ?? 'number'] ?? ''}`, ...(flagged(s) ? [`${s.label}: ${s.breachLabel}`] : [])])],
    rows: data.labels.map((label, row) => [
      label,
      ...data.series.flatMap((s) => [exportValue(s.values[row] ?? null, s.format ?? 'number'), ...(flagged(s) ? [s.breaches?.[row] ? s.breachLabel! : null] : [])]),
    ]),
  };
}

/** Whether point `row` of a series is a breach to show. */
export const isBreach = (series: ChartSeries, row: number): boolean => Boolean(series.breachLabel && series.breaches?.[row]);

function exportValue(value: number | null, format: ValueFormat): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  if (format === 'percent') return round(value * 100, 4);
  if (format === 'seconds') return round(value, 2);
  if (format === 'integer') return Math.round(value);
  return round(value, 6);
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
