import type { ChartData } from '#app/components/charts/chart-data';
import { ChartExport } from '#app/components/charts/chart-export';
import { LineChart } from '#app/components/charts/line-chart';
import type { CounterfactualDto, CounterfactualForwardDto, CounterfactualReverseDto } from '#app/domain/costs/counterfactual-types';
import { formatMoney, formatNumber, formatPercent } from '#app/i18n/format';
import type { MessageKey, Translate } from '#app/i18n/index';
import { useLocale, useT } from '#app/i18n/react';

/** Exactly what loadCounterfactual returns: `<CounterfactualPanel {...counterfactual} />`. */
export type CounterfactualPanelProps = CounterfactualDto;

/** Money on the chart axis in major units (display only; the tables show the exact amounts). */
const major = (minor: string | null, digits: number) => (minor === null ? null : Number(minor) / 10 ** digits);

function chartOf(props: CounterfactualDto, t: Translate): ChartData {
  return {
    labels: props.months,
    xTitle: t('whatIf.cf.month'),
    left: { title: t('whatIf.cf.axisCost', { currency: props.currency }), min: 0 },
    series: [
      ...props.forward.flatMap((unit) => [
        { id: `inhouse-${unit.unitId}`, label: t('whatIf.cf.seriesInHouse', { unit: unit.unitName }), values: unit.months.map((m) => major(m.inHouseCostMinor, props.minorDigits)) },
        { id: `vendor-${unit.unitId}`, label: t('whatIf.cf.seriesVendor', { unit: unit.unitName }), values: unit.months.map((m) => major(m.vendorCostMinor, props.minorDigits)) },
      ]),
      ...props.reverse.flatMap((contract) => [
        { id: `reverse-${contract.contractId}`, label: t('whatIf.cf.seriesReverse', { contract: contract.contractName }), values: contract.months.map((m) => major(m.atVendorRateMinor, props.minorDigits)) },
      ]),
      ...(props.reverse.length
        ? [{ id: 'inhouse-actual', label: t('whatIf.cf.seriesInHouseActual'), values: props.reverse[0]!.months.map((m) => major(m.inHouseActualCostMinor, props.minorDigits)) }]
        : []),
    ],
  };
}

/** The Erlang C counterfactual of a program: a chart, a table per vendor unit and per contract, and the method. */
export function CounterfactualPanel(props: CounterfactualPanelProps) {
  const t = useT();
  const title = t('whatIf.cf.chartTitle');
  const chart = chartOf(props, t);
  return (
    <section aria-labelledby="counterfactual-title" data-testid="counterfactual-panel">
      <h2 id="counterfactual-title">{t('whatIf.cf.title')}</h2>
      <Method {...props} />
      {props.forward.length === 0 ? (
        <p className="muted">{t('whatIf.cf.noVendorUnits')}</p>
      ) : (
        <LineChart data={chart} title={title} description={t('whatIf.cf.chartDescription')} actions={<ChartExport data={chart} title={title} fileName="counterfactual" />} />
      )}
      {props.forward.map((unit) => (
        <ForwardTable key={unit.unitId} unit={unit} currency={props.currency} />
      ))}
      {props.reverse.map((contract) => (
        <ReverseTable key={contract.contractId} contract={contract} currency={props.currency} inHouseNames={props.inHouseUnits.map((u) => u.name).join(', ')} />
      ))}
    </section>
  );
}

function Method(props: CounterfactualDto) {
  const t = useT();
  const locale = useLocale();
  return (
    <details className="card">
      <summary>{t('whatIf.cf.methodTitle')}</summary>
      <ol>
        <li>{t('whatIf.cf.method.erlang', { channels: props.method.erlangChannels.map((c) => t(`programsUi.channel.${c}` as MessageKey)).join(', ') })}</li>
        <li>
          {t('whatIf.cf.method.target', {
            target: formatPercent(locale, props.method.defaultTarget.serviceLevel, 0),
            seconds: props.method.defaultTarget.thresholdSeconds,
          })}
        </li>
        <li>{t('whatIf.cf.method.shrinkage', { hours: props.method.hoursPerFteMonth, shrinkage: formatPercent(locale, props.method.defaultShrinkage, 0) })}</li>
        <li>{t('whatIf.cf.method.cost')}</li>
        <li>{t('whatIf.cf.method.vendor')}</li>
        <li>{t('whatIf.cf.method.reverse')}</li>
      </ol>
    </details>
  );
}

function ForwardTable({ unit, currency }: { unit: CounterfactualForwardDto; currency: string }) {
  const t = useT();
  const locale = useLocale();
  const money = (minor: string | null) => (minor === null ? '—' : formatMoney(locale, BigInt(minor), currency));
  return (
    <div style={{ overflowX: 'auto' }}>
      <table className="data" data-testid="counterfactual-forward">
        <caption>{t('whatIf.cf.forwardCaption', { unit: unit.unitName, vendor: unit.vendorName ?? '—' })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('whatIf.cf.month')}</th>
            <th scope="col">{t('whatIf.cf.target')}</th>
            <th scope="col" className="num">{t('whatIf.cf.intervals')}</th>
            <th scope="col" className="num">{t('whatIf.cf.agentHours')}</th>
            <th scope="col" className="num">{t('whatIf.cf.shrinkage')}</th>
            <th scope="col" className="num">{t('whatIf.cf.paidHours')}</th>
            <th scope="col" className="num">{t('whatIf.cf.hourlyCost')}</th>
            <th scope="col" className="num">{t('whatIf.cf.inHouseCost')}</th>
            <th scope="col" className="num">{t('whatIf.cf.vendorCost')}</th>
          </tr>
        </thead>
        <tbody>
          {unit.months.map((m) => (
            <tr key={m.month}>
              <th scope="row">{m.month}</th>
              <td>
                {t('whatIf.cf.targetValue', { target: formatPercent(locale, m.target.serviceLevel, 0), seconds: m.target.thresholdSeconds })}
                {m.target.source === 'default' ? <span className="muted small"> {t('whatIf.cf.targetDefault')}</span> : null}
              </td>
              <td className="num">
                {formatNumber(locale, m.intervals, 0)}
                {m.skippedRows ? <span className="muted small"> {t('whatIf.cf.skipped', { count: m.skippedRows })}</span> : null}
              </td>
              <td className="num">{formatNumber(locale, m.agentHours, 1)}</td>
              <td className="num">
                {formatPercent(locale, m.shrinkage, 1)}
                {m.shrinkageSource === 'default' ? <span className="muted small"> {t('whatIf.cf.shrinkageDefault')}</span> : null}
              </td>
              <td className="num">{formatNumber(locale, m.paidHours, 1)}</td>
              <td className="num">{money(m.loadedHourlyCostMinor)}</td>
              <td className="num">{money(m.inHouseCostMinor)}</td>
              <td className="num">
                {money(m.vendorCostMinor)}
                {m.vendorCostSource ? <span className="muted small"> {t(`whatIf.source.${m.vendorCostSource}`)}</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ReverseTable({ contract, currency, inHouseNames }: { contract: CounterfactualReverseDto; currency: string; inHouseNames: string }) {
  const t = useT();
  const locale = useLocale();
  const money = (minor: string | null) => (minor === null ? '—' : formatMoney(locale, BigInt(minor), currency));
  return (
    <div style={{ overflowX: 'auto' }}>
      <table className="data" data-testid="counterfactual-reverse">
        <caption>{t('whatIf.cf.reverseCaption', { units: inHouseNames || '—', contract: contract.contractName })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('whatIf.cf.month')}</th>
            <th scope="col" className="num">{t('whatIf.cf.handled')}</th>
            <th scope="col" className="num">{t('whatIf.cf.inHouseActual')}</th>
            <th scope="col" className="num">{t('whatIf.cf.atVendorRate')}</th>
          </tr>
        </thead>
        <tbody>
          {contract.months.map((m) => (
            <tr key={m.month}>
              <th scope="row">{m.month}</th>
              <td className="num">{formatNumber(locale, m.handled, 0)}</td>
              <td className="num">{money(m.inHouseActualCostMinor)}</td>
              <td className="num">
                {money(m.atVendorRateMinor)}
                {m.unpricedModels.length ? <span className="muted small"> {t('whatIf.cf.unpriced', { models: m.unpricedModels.map((model) => t(`contractsUi.pricingModel.${model}` as MessageKey)).join(', ') })}</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
