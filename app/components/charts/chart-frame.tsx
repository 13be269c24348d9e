import { useId, useSyncExternalStore, type ReactNode } from 'react';
import { formatNumber, formatPercent, numberFormat } from '#app/i18n/format';
import type { Locale } from '#app/i18n/index';
import { useLocale, useT } from '#app/i18n/react';
import { isBreach, type ChartData, type ValueFormat } from './chart-data';

const subscribeNever = () => () => undefined;

/** False during SSR and hydration, true afterwards: chart.js needs a real canvas, so it mounts only then. */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribeNever,
    () => true,
    () => false,
  );
}

export function formatValue(locale: Locale, value: number | null | undefined, format: ValueFormat = 'number'): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  switch (format) {
    case 'percent':
      return formatPercent(locale, value, 1);
    case 'seconds':
      return numberFormat(locale, { style: 'unit', unit: 'second', unitDisplay: 'short', maximumFractionDigits: 1 }).format(value);
    case 'integer':
      return formatNumber(locale, value, 0);
    default:
      return formatNumber(locale, value, 2);
  }
}

export interface ChartFrameProps {
  data: ChartData;
  /** The figure's caption and the table's caption. */
  title: string;
  description?: ReactNode;
  height?: number;
  /** Open the data table by default (it is always in the page, for screen readers and before hydration). */
  tableOpen?: boolean;
  /** Download buttons (ChartExport), shown under the table. */
  actions?: ReactNode;
  /** The chart itself, rendered only after hydration, in a box of exactly `height` pixels. */
  renderChart: (props: { ariaLabel: string }) => ReactNode;
}

/** A <figure> with the canvas (or an equal-sized placeholder before hydration) and the chart's data table. */
export function ChartFrame({ data, title, description, height = 320, tableOpen = false, actions, renderChart }: ChartFrameProps) {
  const t = useT();
  const hydrated = useHydrated();
  const captionId = useId();
  return (
    <section className="chart-block" style={{ marginBottom: '1.5rem' }} aria-labelledby={captionId}>
      <figure style={{ margin: 0 }}>
        <div style={{ position: 'relative', height, width: '100%' }}>
          {hydrated ? (
            renderChart({ ariaLabel: t('charts.canvasLabel', { title }) })
          ) : (
            <div className="muted" style={{ height, display: 'grid', placeItems: 'center', border: '1px dashed var(--border)' }} data-chart-placeholder>
              {t('charts.loading')}
            </div>
          )}
        </div>
        <figcaption id={captionId}>
          <strong>{title}</strong>
          {description ? <span className="muted"> {description}</span> : null}
        </figcaption>
      </figure>
      <details open={tableOpen} style={{ marginTop: '0.5rem' }}>
        <summary>{t('charts.showTable', { title })}</summary>
        <ChartDataTable data={data} caption={title} />
      </details>
      {actions}
    </section>
  );
}

export function ChartDataTable({ data, caption }: { data: ChartData; caption: string }) {
  const locale = useLocale();
  return (
    <div style={{ overflowX: 'auto' }}>
      <table className="data">
        <caption className="muted">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{data.xTitle}</th>
            {data.series.map((s) => (
              <th scope="col" key={s.id} className="num">
                {s.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data.labels.map((label, row) => (
            <tr key={row}>
              <th scope="row">{typeof label === 'number' ? formatNumber(locale, label) : label}</th>
              {data.series.map((s) => (
                <td key={s.id} className="num" data-breach={isBreach(s, row) ? 'true' : undefined}>
                  {formatValue(locale, s.values[row], s.format)}
                  {isBreach(s, row) ? (
                    <>
                      {' '}
                      <span className="badge danger">▲ {s.breachLabel}</span>
                    </>
                  ) : null}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
