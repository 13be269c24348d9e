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
  return {
    columns: [data.xTitle, ...data.series.map((s) => `${s.label}${UNIT_SUFFIX[s.format ?? 'number'] ?? ''}`)],
    rows: data.labels.map((label, row) => [label, ...data.series.map((s) => exportValue(s.values[row] ?? null, s.format ?? 'number'))]),
  };
}

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
