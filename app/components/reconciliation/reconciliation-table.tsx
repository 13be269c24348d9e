import { invoiceLineText } from '#app/i18n/invoice-line-text';
import { quantityUnitLabel } from '#app/components/billing/quantity-unit';
import { formatDecimal } from '#app/domain/contracts/decimal';
import type { MessageKey } from '#app/i18n/index';
import { formatMoney } from '#app/i18n/format';
import { useLocale, useT } from '#app/i18n/react';
import type { ReconciliationDto } from '#app/services/billing/reconciliation.server';

const FLAGGED_STYLE = { background: 'var(--danger-soft)' };

/**
 * Computed vs vendor, line by line. A flagged row says so in words in its own column (and is tinted),
 * so the flag never depends on colour; totals sit in the table foot with the same treatment.
 */
export function ReconciliationTable({ reconciliation, currency }: { reconciliation: ReconciliationDto; currency: string }) {
  const t = useT();
  const locale = useLocale();
  const money = (minor: string | null) => (minor === null ? '—' : formatMoney(locale, BigInt(minor), currency));
  const diff = (minor: string | null) => (minor === null ? '—' : BigInt(minor) > 0n ? `+${money(minor)}` : money(minor));
  const qty = (value: string | null | undefined, scale = 2) => (value === null || value === undefined ? '—' : formatDecimal(value, scale));
  const { rows, totals } = reconciliation;
  const result = (row: ReconciliationDto['rows'][number]) => (
    <>
      {row.isFlagged ? <strong>{t('reconciliation.table.flagged')}: </strong> : null}
      {t(`reconciliation.row.${row.status}` as MessageKey)}
      {row.settledByAdjustment ? <span className="muted"> ({t('reconciliation.table.settled')})</span> : null}
    </>
  );
  const totalRow = (label: MessageKey, total: ReconciliationDto['totals']['total'], testId: string) => (
    <tr data-testid={testId} data-flagged={total.isFlagged ? 'true' : 'false'} style={total.isFlagged ? FLAGGED_STYLE : undefined}>
      <th scope="row" colSpan={6}>
        {t(label)}
      </th>
      <td className="num">{money(total.computedMinor)}</td>
      <td className="num">{money(total.vendorMinor)}</td>
      <td className="num">{diff(total.diffMinor)}</td>
      <td>{total.diffMinor === null ? t('reconciliation.table.notStated') : total.isFlagged ? <strong>{t('reconciliation.table.flagged')}</strong> : t('reconciliation.row.agrees')}</td>
    </tr>
  );
  return (
    <table className="data" data-testid="reconciliation">
      <caption>{t('reconciliation.table.caption', { tolerance: money(reconciliation.toleranceMinor) })}</caption>
      <thead>
        <tr>
          <th scope="col">{t('reconciliation.table.computedLine')}</th>
          <th scope="col">{t('reconciliation.table.vendorLine')}</th>
          <th scope="col">{t('reconciliation.table.computedQuantity')}</th>
          <th scope="col">{t('reconciliation.table.vendorQuantity')}</th>
          <th scope="col">{t('reconciliation.table.computedRate')}</th>
          <th scope="col">{t('reconciliation.table.vendorRate')}</th>
          <th scope="col">{t('reconciliation.table.computedAmount')}</th>
          <th scope="col">{t('reconciliation.table.vendorAmount')}</th>
          <th scope="col">{t('reconciliation.table.difference')}</th>
          <th scope="col">{t('reconciliation.table.result')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row, i) => (
          <tr key={i} data-flagged={row.isFlagged ? 'true' : 'false'} data-status={row.status} data-line-key={row.computed?.lineKey ?? row.vendor?.lineKey ?? ''} style={row.isFlagged ? FLAGGED_STYLE : undefined}>
            <td>
              {row.computed ? (
                <>
                  {invoiceLineText(t, row.computed)}
                  <br />
                  <code className="muted">{row.computed.lineKey}</code>
                </>
              ) : (
                '—'
              )}
            </td>
            <td>
              {row.vendor ? row.vendor.description : row.vendorFigureMinor !== null ? t('reconciliation.table.vendorFigure') : '—'}
              {row.matchedBy ? <span className="muted"> ({t(`reconciliation.match.${row.matchedBy}` as MessageKey)})</span> : null}
            </td>
            <td className="num">
              {qty(row.computed?.quantity)} {quantityUnitLabel(t, row.computed?.quantityUnit)}
            </td>
            <td className="num">
              {qty(row.vendor?.quantity)}
              {row.quantityDiff && row.quantityDiff !== '0' ? <span> ({t('reconciliation.table.differsBy', { value: row.quantityDiff })})</span> : null}
            </td>
            <td className="num">{qty(row.computed?.rate, 2)}</td>
            <td className="num">
              {qty(row.vendor?.rate, 2)}
              {row.rateDiff && row.rateDiff !== '0' ? <span> ({t('reconciliation.table.differsBy', { value: row.rateDiff })})</span> : null}
            </td>
            <td className="num">{row.computed ? money(row.computed.amountMinor) : '—'}</td>
            <td className="num">{row.vendor ? money(row.vendor.amountMinor) : row.vendorFigureMinor !== null ? diff(row.vendorFigureMinor) : '—'}</td>
            <td className="num">{row.status === 'not_compared' ? '—' : diff(row.amountDiffMinor)}</td>
            <td>{result(row)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        {totalRow('reconciliation.table.beforeTax', totals.beforeTax, 'total-before-tax')}
        {totalRow('reconciliation.table.tax', totals.tax, 'total-tax')}
        {totalRow('reconciliation.table.total', totals.total, 'total')}
      </tfoot>
    </table>
  );
}
