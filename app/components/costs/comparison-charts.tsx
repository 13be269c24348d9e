/** Line charts of the comparison over time: cost per contact and per minute, and each quality KPI, one series per unit. */
import type { ChartData, ValueFormat } from '#app/components/charts/chart-data';
import { ChartExport } from '#app/components/charts/chart-export';
import { LineChart } from '#app/components/charts/line-chart';
import { COMPARISON_KPIS, type ComparisonCellDto, type ComparisonDto, type ComparisonKpi, type UnitMonthDto } from '#app/domain/costs/comparison-types';
import type { Translate } from '#app/i18n/index';
import { useT } from '#app/i18n/react';

export const KPI_FORMAT: Record<ComparisonKpi, ValueFormat> = {
  service_level: 'percent',
  asa: 'seconds',
  aht: 'seconds',
  abandonment_rate: 'percent',
  fcr: 'percent',
  csat: 'percent',
  qa_score: 'number',
};

/** The cell a view shows: the unit's whole month, or one channel of it. */
export function cellFor(month: UnitMonthDto, channel: string | null): ComparisonCellDto | null {
  return channel === null ? month.all : (month.channels.find((c) => c.channel === channel) ?? null);
}

/** Minor units → major units as a chart number (display only; tables show the exact amount). */
const major = (minor: string | undefined, digits: number) => (minor === undefined ? null : Number(minor) / 10 ** digits);

function moneyChart(dto: ComparisonDto, channel: string | null, pick: (c: ComparisonCellDto) => string | undefined, title: string, t: Translate): ChartData {
  return {
    labels: dto.months,
    xTitle: t('costs.comparison.month'),
    left: { title: `${title} (${dto.currency})`, format: 'number', min: 0 },
    series: dto.units.map((unit) => ({
      id: `${unit.id}-${title}`,
      label: unit.name,
      format: 'number',
      values: unit.months.map((m) => {
        const cell = cellFor(m, channel);
        return cell ? major(pick(cell), dto.minorDigits) : null;
      }),
    })),
  };
}

function kpiChart(dto: ComparisonDto, channel: string | null, kpi: ComparisonKpi, t: Translate): ChartData {
  const format = KPI_FORMAT[kpi];
  return {
    labels: dto.months,
    xTitle: t('costs.comparison.month'),
    left: { title: t(`dashboards.kpi.${kpi}`), format, min: 0, ...(format === 'percent' ? { max: 1 } : {}) },
    series: dto.units.map((unit) => ({ id: `${unit.id}-${kpi}`, label: unit.name, format, values: unit.months.map((m) => cellFor(m, channel)?.kpis[kpi] ?? null) })),
  };
}

export function ComparisonCharts({ dto, channel }: { dto: ComparisonDto; channel: string | null }) {
  const t = useT();
  const base = `comparison-${dto.from}-${dto.to}${channel ? `-${channel}` : ''}`;
  const cpcTitle = t('costs.comparison.costPerContact');
  const cpmTitle = t('costs.comparison.costPerMinute');
  const cpc = moneyChart(dto, channel, (c) => c.costPerContact?.roundedMinor, cpcTitle, t);
  const cpm = moneyChart(dto, channel, (c) => c.costPerHandledMinute?.roundedMinor, cpmTitle, t);
  return (
    <section aria-labelledby="comparison-charts">
      <h2 id="comparison-charts">{t('costs.comparison.chartsTitle')}</h2>
      <LineChart data={cpc} title={cpcTitle} description={t('costs.comparison.chartMoneyNote')} actions={<ChartExport data={cpc} title={cpcTitle} fileName={`${base}-cost-per-contact`} />} />
      <LineChart data={cpm} title={cpmTitle} actions={<ChartExport data={cpm} title={cpmTitle} fileName={`${base}-cost-per-minute`} />} />
      {COMPARISON_KPIS.map((kpi) => {
        const chart = kpiChart(dto, channel, kpi, t);
        const title = t(`dashboards.kpi.${kpi}`);
        return <LineChart key={kpi} data={chart} title={title} actions={<ChartExport data={chart} title={title} fileName={`${base}-${kpi}`} />} />;
      })}
    </section>
  );
}
