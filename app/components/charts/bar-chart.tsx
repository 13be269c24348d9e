import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartData as ChartJsData,
  type ChartOptions,
} from 'chart.js';
import { Bar } from 'react-chartjs-2';
import { useLocale } from '#app/i18n/react';
import type { ChartData } from './chart-data';
import { ChartFrame, type ChartFrameProps } from './chart-frame';
import { baseOptions, seriesStyle } from './chart-options';

// Target series are drawn as line datasets over the bars, hence the line pieces.
Chart.register(BarController, BarElement, LineController, LineElement, PointElement, LinearScale, CategoryScale, Tooltip, Legend);

export type BarChartProps = Omit<ChartFrameProps, 'renderChart'> & { stacked?: boolean };

/** A bar chart (one bar per series and label, targets as dashed lines) with its data table; see ChartFrame. */
export function BarChart({ stacked = false, ...props }: BarChartProps) {
  const locale = useLocale();
  const options = baseOptions(props.data, locale);
  if (stacked) {
    options.scales.x = { ...options.scales.x, stacked: true } as typeof options.scales.x;
    options.scales.left = { ...options.scales.left, stacked: true } as typeof options.scales.left;
  }
  return <ChartFrame {...props} renderChart={({ ariaLabel }) => <Bar role="img" aria-label={ariaLabel} data={toBarData(props.data)} options={options as ChartOptions<'bar'>} />} />;
}

function toBarData(data: ChartData): ChartJsData<'bar', (number | null)[], string | number> {
  const datasets = data.series.map((series, index) => {
    const common = { label: series.label, data: series.values, yAxisID: series.axis ?? 'left', ...seriesStyle(series, index) };
    return series.isTarget ? { ...common, type: 'line' as const, order: 0 } : { ...common, order: 1 };
  });
  // chart.js types a mixed bar/line chart only through its generic `Chart`; the datasets are valid for both.
  return { labels: data.labels, datasets } as ChartJsData<'bar', (number | null)[], string | number>;
}
