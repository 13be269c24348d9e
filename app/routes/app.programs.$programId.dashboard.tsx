import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { BarChart } from '#app/components/charts/bar-chart';
import type { ChartData, ChartSeries, ValueFormat } from '#app/components/charts/chart-data';
import { ChartExport } from '#app/components/charts/chart-export';
import { LineChart } from '#app/components/charts/line-chart';
import { Field, FormError, SelectField } from '#app/components/field';
import { Breadcrumbs } from '#app/components/programs/form-bits';
import type { Translate } from '#app/i18n/index';
import { pageTitle } from '#app/i18n/meta';
import { useT } from '#app/i18n/react';
import { requireMember } from '#app/lib/auth.server';
import { idParam, throwHttpError } from '#app/lib/form-errors.server';
import { loadProgramDashboard, type OverviewKpi, type ProgramOverview } from '#app/services/kpis/overview.server';
import { DASHBOARD_GRAINS } from '#app/services/kpis/range';
import programsStyles from '#app/styles/programs.css?url';

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, 'titles.dashboard', { program: data?.programName });
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: programsStyles }];

/** The overview's KPIs in display order (the loader sends these, see OVERVIEW_KPIS). */
const CHART_KPIS: readonly OverviewKpi[] = ['service_level', 'asa', 'aht', 'abandonment_rate', 'fcr', 'csat', 'qa_score'];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx } = await requireMember(request, context, 'read:kpis');
  const programId = idParam(params.programId);
  const search = new URL(request.url).searchParams;
  // Without a range: the last 30 local days by day (DASHBOARD_DEFAULT_DAYS).
  const dashboard = await loadProgramDashboard(ctx, programId, { from: search.get('from'), to: search.get('to'), grain: search.get('grain') }).catch(throwHttpError);
  return data(dashboard, { status: dashboard.error ? 422 : 200 });
}

const KPI_FORMAT: Record<OverviewKpi, ValueFormat> = {
  service_level: 'percent',
  asa: 'seconds',
  aht: 'seconds',
  abandonment_rate: 'percent',
  fcr: 'percent',
  csat: 'percent',
  qa_score: 'number',
};

/**
 * One KPI over time: a series per unit, and each unit's SLA target (dashed) where a contract sets one; a
 * period whose value misses the target is a breach marker (triangle, and "misses target" in the table).
 */
function kpiChartData(overview: ProgramOverview, kpi: OverviewKpi, t: Translate): ChartData {
  const format = KPI_FORMAT[kpi];
  const series: ChartSeries[] = [];
  for (const unit of overview.units) {
    const breaches = unit.breaches[kpi];
    series.push({ id: `${unit.unitId}-${kpi}`, label: unit.name, values: unit.kpis[kpi], format, ...(breaches ? { breaches, breachLabel: t('dashboards.breach') } : {}) });
    const target = unit.targets[kpi];
    if (target?.some((v) => v !== null)) series.push({ id: `${unit.unitId}-${kpi}-target`, label: t('dashboards.series.target', { unit: unit.name }), values: target, format, isTarget: true });
  }
  const isRatio = format === 'percent';
  return {
    labels: overview.labels,
    xTitle: t('dashboards.axis.period'),
    left: { title: t(`dashboards.kpi.${kpi}`), format, min: 0, ...(isRatio ? { max: 1 } : {}) },
    series,
  };
}

function volumeChartData(overview: ProgramOverview, t: Translate): ChartData {
  return {
    labels: overview.labels,
    xTitle: t('dashboards.axis.period'),
    left: { title: t('dashboards.axis.contacts'), format: 'integer', min: 0 },
    series: overview.units.flatMap((unit): ChartSeries[] => [
      { id: `${unit.unitId}-offered`, label: t('dashboards.series.offered', { unit: unit.name }), values: unit.offered, format: 'integer' },
      { id: `${unit.unitId}-handled`, label: t('dashboards.series.handled', { unit: unit.name }), values: unit.handled, format: 'integer' },
    ]),
  };
}

export default function ProgramDashboardPage() {
  const t = useT();
  const { programId, programName, timeZone, values, error, overview } = useLoaderData<typeof loader>();
  const fileBase = `kpis-${values.from}-${values.to}-${values.grain}`;
  return (
    <>
      <Breadcrumbs items={[{ to: '/app/programs', label: t('nav.programs') }, { to: `/app/programs/${programId}`, label: programName }, { label: t('dashboards.overview.title', { program: programName }) }]} />
      <h1>{t('dashboards.overview.title', { program: programName })}</h1>
      <p>{t('dashboards.overview.intro', { timeZone })}</p>
      <Form method="get" className="card" aria-labelledby="dashboard-range">
        <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
          <legend id="dashboard-range">{t('dashboards.range.legend')}</legend>
          <FormError message={error ? t('dashboards.range.invalid', { message: error }) : undefined} />
          <div className="toolbar" style={{ alignItems: 'flex-end', flexWrap: 'wrap', gap: '1rem' }}>
            <Field label={t('dashboards.range.from')} name="from" type="date" required defaultValue={values.from} />
            <Field label={t('dashboards.range.to')} name="to" type="date" required defaultValue={values.to} />
            <SelectField label={t('dashboards.range.grain')} name="grain" defaultValue={values.grain} options={DASHBOARD_GRAINS.map((g) => ({ value: g, label: t(`dashboards.grain.${g}`) }))} />
            <button type="submit">{t('dashboards.range.submit')}</button>
          </div>
        </fieldset>
      </Form>
      {overview ? <Overview overview={overview} fileBase={fileBase} /> : null}
    </>
  );
}

function Overview({ overview, fileBase }: { overview: ProgramOverview; fileBase: string }) {
  const t = useT();
  if (overview.units.length === 0) return <p>{t('dashboards.noUnits')}</p>;
  const volume = volumeChartData(overview, t);
  return (
    <>
      <p className="muted">{t('dashboards.range.covered', { from: overview.from, to: overview.to })}</p>
      <section aria-labelledby="dashboard-units">
        <h2 id="dashboard-units">{t('dashboards.units.title')}</h2>
        <ul>
          {overview.units.map((unit) => (
            <li key={unit.unitId}>
              <Link to={`/app/units/${unit.unitId}/day?date=${overview.to}`}>{t('dashboards.units.drill', { unit: unit.name, date: overview.to })}</Link>{' '}
              <span className="muted">{t('dashboards.variant', { variant: t(`dashboards.variant.${unit.serviceLevelVariant}`) })}</span>
            </li>
          ))}
        </ul>
      </section>
      {CHART_KPIS.map((kpi) => {
        const chart = kpiChartData(overview, kpi, t);
        const title = t(`dashboards.kpi.${kpi}`);
        return <LineChart key={kpi} data={chart} title={title} actions={<ChartExport data={chart} title={title} fileName={`${fileBase}-${kpi}`} />} />;
      })}
      <BarChart data={volume} title={t('dashboards.volume.title')} actions={<ChartExport data={volume} title={t('dashboards.volume.title')} fileName={`${fileBase}-volume`} />} />
    </>
  );
}
