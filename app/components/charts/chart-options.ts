import type { Locale } from '#app/i18n/index';
import type { ChartAxis, ChartData, ChartSeries } from './chart-data';
import { formatValue } from './chart-frame';

/** Styling and scales shared by the line and bar wrappers (chart.js option objects, kept loosely typed). */
// No reds: red is kept for targets (and breaches), so a series is never mistaken for one.
const PALETTE = ['#1f5fa8', '#d9822b', '#2e8b57', '#8e44ad', '#0e7490', '#a16207', '#475569'];
const TARGET_COLOR = '#b42318';

export function seriesStyle(series: ChartSeries, index: number) {
  if (series.isTarget) {
    return { borderColor: TARGET_COLOR, backgroundColor: TARGET_COLOR, borderDash: [6, 4], borderWidth: 2, pointRadius: 0, pointHoverRadius: 0, fill: false };
  }
  const color = PALETTE[index % PALETTE.length]!;
  if (!series.breaches?.some(Boolean)) return { borderColor: color, backgroundColor: color, borderWidth: 2, pointRadius: 3 };
  // Breaches: a bigger triangle with a target-coloured outline, so shape as well as colour tells them apart.
  const at = (row: number) => Boolean(series.breaches?.[row]);
  return {
    borderColor: color,
    backgroundColor: color,
    borderWidth: 2,
    pointRadius: series.values.map((_, row) => (at(row) ? 7 : 3)),
    pointStyle: series.values.map((_, row) => (at(row) ? ('triangle' as const) : ('circle' as const))),
    pointBorderColor: series.values.map((_, row) => (at(row) ? TARGET_COLOR : color)),
    pointBorderWidth: series.values.map((_, row) => (at(row) ? 3 : 1)),
  };
}

function scale(axis: ChartAxis, locale: Locale, position: 'left' | 'right') {
  return {
    type: 'linear' as const,
    position,
    min: axis.min,
    max: axis.max,
    title: { display: true, text: axis.title },
    ticks: { callback: (value: number | string) => formatValue(locale, Number(value), axis.format) },
    grid: { drawOnChartArea: position === 'left' },
  };
}

export function baseOptions(data: ChartData, locale: Locale) {
  const formatOf = (axisId: string, datasetIndex: number) =>
    data.series[datasetIndex]?.format ?? (axisId === 'right' ? data.right?.format : data.left.format);
  return {
    responsive: true,
    maintainAspectRatio: false,
    animation: false as const,
    interaction: { mode: 'index' as const, intersect: false },
    plugins: {
      legend: { position: 'bottom' as const },
      tooltip: {
        callbacks: {
          label: (item: { dataset: { label?: string; yAxisID?: string }; datasetIndex: number; raw: unknown }) =>
            `${item.dataset.label ?? ''}: ${formatValue(locale, item.raw as number | null, formatOf(item.dataset.yAxisID ?? 'left', item.datasetIndex))}`,
        },
      },
    },
    scales: {
      x: { type: 'category' as const, title: { display: true, text: data.xTitle } },
      left: scale(data.left, locale, 'left'),
      ...(data.right ? { right: scale(data.right, locale, 'right') } : {}),
    },
  };
}
