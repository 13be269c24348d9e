import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { BarChart } from '#app/components/charts/bar-chart';
import type { ChartData } from '#app/components/charts/chart-data';
import { ChartExport } from '#app/components/charts/chart-export';
import { formatValue } from '#app/components/charts/chart-frame';
import { LineChart } from '#app/components/charts/line-chart';
import { Field } from '#app/components/field';
import { Breadcrumbs } from '#app/components/programs/form-bits';
import type { Locale, Translate } from '#app/i18n/index';
import { formatNumber } from '#app/i18n/format';
import { pageTitle } from '#app/i18n/meta';
import { useLocale, useT } from '#app/i18n/react';
import { requireMember } from '#app/lib/auth.server';
import { idParam, throwHttpError } from '#app/lib/form-errors.server';
import { loadUnitDay, unitToday, type UnitDay } from '#app/services/kpis/overview.server';
import { addDays, isLocalDate } from '#app/services/kpis/range';
import programsStyles from '#app/styles/programs.css?url';

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, 'titles.unitDay', { unit: data?.day.unitName, date: data?.day.date });
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: programsStyles }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx } = await requireMember(request, context, 'read:kpis');
  const unitId = idParam(params.unitId);
  const today = await unitToday(ctx, unitId).catch(throwHttpError);
  const asked = new URL(request.url).searchParams.get('date');
  const date = asked && isLocalDate(asked) ? asked : today;
  const day = await loadUnitDay(ctx, unitId, date).catch(throwHttpError);
  return data({ day, invalidDate: asked !== null && asked !== '' && asked !== date });
}

const timeOf = (localStart: string) => localStart.slice(11, 16);

function intervalChartData(day: UnitDay, t: Translate, kind: 'volume' | 'sl'): ChartData {
  const labels = day.intervals.map((i) => timeOf(i.start));
  if (kind === 'volume') {
    return {
      labels,
      xTitle: t('dashboards.axis.interval'),
      left: { title: t('dashboards.axis.contacts'), format: 'integer', min: 0 },
      series: [
        { id: 'offered', label: t('dashboards.series.offered', { unit: day.unitName }), values: day.intervals.map((i) => i.offered), format: 'integer' },
        { id: 'handled', label: t('dashboards.series.handled', { unit: day.unitName }), values: day.intervals.map((i) => i.handled), format: 'integer' },
      ],
    };
  }
  return {
    labels,
    xTitle: t('dashboards.axis.interval'),
    left: { title: t('dashboards.kpi.service_level'), format: 'percent', min: 0, max: 1 },
    series: [{ id: 'sl', label: day.unitName, values: day.intervals.map((i) => i.serviceLevel), format: 'percent' }],
  };
}

export default function UnitDayPage() {
  const t = useT();
  const { day } = useLoaderData<typeof loader>();
  const volume = intervalChartData(day, t, 'volume');
  const sl = intervalChartData(day, t, 'sl');
  const fileBase = `intervals-${day.date}`;
  return (
    <>
      <Breadcrumbs items={[{ to: `/app/programs/${day.programId}/dashboard`, label: t('dashboards.day.backToDashboard') }, { to: `/app/units/${day.unitId}`, label: day.unitName }, { label: day.date }]} />
      <h1>{t('dashboards.day.title', { unit: day.unitName, date: day.date })}</h1>
      <p>
        {t('dashboards.day.intro', { timeZone: day.timeZone })} <span className="muted">{t('dashboards.variant', { variant: t(`dashboards.variant.${day.serviceLevelVariant}`) })}</span>
      </p>
      <Form method="get" className="toolbar" style={{ alignItems: 'flex-end', gap: '1rem' }}>
        <Field label={t('dashboards.day.date')} name="date" type="date" required defaultValue={day.date} />
        <button type="submit">{t('dashboards.range.submit')}</button>
        <Link to={`?date=${addDays(day.date, -1)}`}>{t('dashboards.day.previous')}</Link>
        <Link to={`?date=${addDays(day.date, 1)}`}>{t('dashboards.day.next')}</Link>
      </Form>
      {day.intervals.length === 0 ? (
        <p>{t('dashboards.day.noIntervals')}</p>
      ) : (
        <>
          <BarChart data={volume} title={t('dashboards.day.volumeTitle')} actions={<ChartExport data={volume} title={t('dashboards.day.volumeTitle')} fileName={`${fileBase}-volume`} />} />
          <LineChart data={sl} title={t('dashboards.day.slTitle')} actions={<ChartExport data={sl} title={t('dashboards.day.slTitle')} fileName={`${fileBase}-service-level`} />} />
        </>
      )}
      <Heatmap day={day} />
    </>
  );
}

/** Red below 60 %, amber below 80 %, green from 80 %, lighter towards the band's lower edge; grey for no data. */
function cellColour(value: number | null): string {
  if (value === null) return 'transparent';
  if (value < 0.6) return `hsl(0 75% ${88 - value * 30}%)`;
  if (value < 0.8) return `hsl(40 90% ${80 - (value - 0.6) * 50}%)`;
  return `hsl(130 55% ${80 - (value - 0.8) * 60}%)`;
}

function cellText(locale: Locale, value: number | null): string {
  return value === null ? '' : formatValue(locale, value, 'percent');
}

/** An HTML table (rows: time of day, columns: days), each cell coloured and carrying its value and a title. */
function Heatmap({ day }: { day: UnitDay }) {
  const t = useT();
  const locale = useLocale();
  const { from, to, cells } = day.heatmap;
  const dates: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) dates.push(d);
  const times = [...new Set(cells.map((c) => c.time))].sort();
  const byKey = new Map(cells.map((c) => [`${c.date} ${c.time}`, c]));
  const title = t('dashboards.heatmap.title', { from, to });
  return (
    <section aria-labelledby="heatmap-title" style={{ marginTop: '1.5rem' }}>
      <h2 id="heatmap-title">{title}</h2>
      <p className="muted">{t('dashboards.heatmap.legend')}</p>
      {times.length === 0 ? (
        <p>{t('dashboards.heatmap.empty')}</p>
      ) : (
        <div style={{ overflowX: 'auto' }}>
          <table className="data heatmap" style={{ fontSize: '0.75rem', borderCollapse: 'collapse' }}>
            <caption className="muted">{t('dashboards.heatmap.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('dashboards.heatmap.time')}</th>
                {dates.map((d) => (
                  <th scope="col" key={d} style={d === day.date ? { outline: '2px solid currentColor' } : undefined}>
                    <Link to={`?date=${d}`}>{d.slice(5)}</Link>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {times.map((time) => (
                <tr key={time}>
                  <th scope="row">{time}</th>
                  {dates.map((d) => {
                    const cell = byKey.get(`${d} ${time}`);
                    const value = cell?.serviceLevel ?? null;
                    const label = cell
                      ? t('dashboards.heatmap.cellTitle', { date: d, time, value: value === null ? t('dashboards.heatmap.noData') : cellText(locale, value), offered: formatNumber(locale, cell.offered, 0), handled: formatNumber(locale, cell.handled, 0) })
                      : `${d} ${time}: ${t('dashboards.heatmap.noData')}`;
                    return (
                      <td key={d} title={label} className="num" data-sl={value ?? ''} style={{ background: cellColour(value), padding: '0.1rem 0.25rem', whiteSpace: 'nowrap' }}>
                        {cellText(locale, value)}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
