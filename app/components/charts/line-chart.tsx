import { CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip, type ChartData as ChartJsData, type ChartOptions } from 'chart.js';
import { Line } from 'react-chartjs-2';
import { useLocale } from '#app/i18n/react';
import type { ChartData } from './chart-data';
import { ChartFrame, type ChartFrameProps } from './chart-frame';
import { baseOptions, seriesStyle } from './chart-options';

Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale, Tooltip, Legend);

export type LineChartProps = Omit<ChartFrameProps, 'renderChart'>;

/** A line chart (series over the x labels, targets dashed) with its data table; see ChartFrame. */
export function LineChart(props: LineChartProps) {
  const locale = useLocale();
  return <ChartFrame {...props} renderChart={({ ariaLabel }) => <Line role="img" aria-label={ariaLabel} data={toLineData(props.data)} options={baseOptions(props.data, locale) as ChartOptions<'line'>} />} />;
}

function toLineData(data: ChartData): ChartJsData<'line', (number | null)[], string | number> {
  return {
    labels: data.labels,
    datasets: data.series.map((series, index) => ({
      label: series.label,
      data: series.values,
      yAxisID: series.axis ?? 'left',
      spanGaps: false,
      ...seriesStyle(series, index),
    })),
  };
}
