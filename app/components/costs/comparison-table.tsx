/** The comparison table: per month, every unit side by side (cost, volume, quality), with each cost's source. */
import { formatValue } from '#app/components/charts/chart-frame';
import { COMPARISON_KPIS, type ComparisonDto } from '#app/domain/costs/comparison-types';
import { formatNumber } from '#app/i18n/format';
import { useLocale, useT } from '#app/i18n/react';
import { cellFor, KPI_FORMAT } from './comparison-charts';
import { Money } from './money';

export function ComparisonTable({ dto, channel }: { dto: ComparisonDto; channel: string | null }) {
  const t = useT();
  const locale = useLocale();
  return (
    <section aria-labelledby="comparison-table">
      <h2 id="comparison-table">{t('costs.comparison.tableTitle')}</h2>
      <div style={{ overflowX: 'auto' }}>
        <table className="data" data-testid="comparison-table">
          <caption className="visually-hidden">{t('costs.comparison.tableCaption', { currency: dto.currency })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('costs.comparison.month')}</th>
              <th scope="col">{t('costs.comparison.unit')}</th>
              <th scope="col" className="num">{t('costs.comparison.totalCost')}</th>
              <th scope="col" className="num">{t('costs.comparison.handled')}</th>
              <th scope="col" className="num">{t('costs.comparison.costPerContact')}</th>
              <th scope="col" className="num">{t('costs.comparison.costPerMinute')}</th>
              {COMPARISON_KPIS.map((k) => (
                <th scope="col" className="num" key={k}>
                  {t(`costs.kpiShort.${k}`)}
                </th>
              ))}
              <th scope="col">{t('costs.comparison.costSource')}</th>
            </tr>
          </thead>
          <tbody>
            {dto.months.flatMap((month, mi) =>
              dto.units.map((unit, ui) => {
                const m = unit.months[mi]!;
                const cell = cellFor(m, channel);
                return (
                  <tr key={`${month}-${unit.id}`} data-month={month} data-unit={unit.id}>
                    {ui === 0 ? (
                      <th scope="rowgroup" rowSpan={dto.units.length}>
                        {month}
                      </th>
                    ) : null}
                    <th scope="row">
                      {unit.name} <span className="muted">({t(unit.kind === 'in_house' ? 'costs.kind.in_house' : 'costs.kind.vendor')})</span>
                    </th>
                    <td className="num" data-col="total">
                      <Money minor={cell?.costMinor} currency={dto.currency} />
                    </td>
                    <td className="num" data-col="handled">{cell ? formatNumber(locale, cell.handled, 0) : '—'}</td>
                    <td className="num" data-col="cpc">
                      <Money minor={cell?.costPerContact?.roundedMinor} currency={dto.currency} />
                    </td>
                    <td className="num" data-col="cpm">
                      <Money minor={cell?.costPerHandledMinute?.roundedMinor} currency={dto.currency} />
                    </td>
                    {COMPARISON_KPIS.map((k) => (
                      <td className="num" key={k} data-col={k}>
                        {formatValue(locale, cell?.kpis[k] ?? null, KPI_FORMAT[k])}
                      </td>
                    ))}
                    <td>
                      <CostSource dto={dto} month={m} />
                    </td>
                  </tr>
                );
              }),
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function CostSource({ dto, month }: { dto: ComparisonDto; month: ComparisonDto['units'][number]['months'][number] }) {
  const t = useT();
  const c = month.cost;
  if (c.missing.includes('in_house_costs')) return <span className="muted">{t('costs.comparison.missingInHouse')}</span>;
  if (c.missing.includes('vendor_charges')) return <span className="muted">{t('costs.comparison.missingCharges')}</span>;
  if (c.inHouseMinor !== null) {
    return (
      <>
        {t('costs.comparison.sourceInHouse')} <Money minor={c.inHouseMinor} currency={dto.currency} />
        {c.transitionMinor !== '0' ? (
          <>
            {' + '}
            {t('costs.comparison.transition')} <Money minor={c.transitionMinor} currency={dto.currency} />
          </>
        ) : null}
      </>
    );
  }
  return (
    <>
      {t(`costs.chargeSource.${c.vendorChargesSource!}`)} <Money minor={c.vendorChargesMinor} currency={dto.currency} />
      {c.contractChargesMinor !== c.vendorChargesMinor ? (
        <>
          {' '}
          {t('costs.comparison.shareOf')} <Money minor={c.contractChargesMinor} currency={dto.currency} />
        </>
      ) : null}
      {' + '}
      {t('costs.comparison.oversight')} <Money minor={c.oversightMinor} currency={dto.currency} />
      {c.transitionMinor !== '0' ? (
        <>
          {' + '}
          {t('costs.comparison.transition')} <Money minor={c.transitionMinor} currency={dto.currency} />
        </>
      ) : null}
    </>
  );
}
