import { Link } from '@remix-run/react';
import type { MessageKey } from '#app/i18n/index';
import { invoiceLineText } from '#app/i18n/invoice-line-text';
import { useT } from '#app/i18n/react';
import type { InvoiceDto } from '#app/services/billing/dto';
import { Money } from './money';
import { quantityUnitLabel } from './quantity-unit';

/** The lines and totals of a computed invoice; `links` adds the source column (not on paper). */
export function InvoiceLines({ invoice, links = true }: { invoice: InvoiceDto; links?: boolean }) {
  const t = useT();
  const c = invoice.currency;
  const totals: [MessageKey, string][] = [
    ['billing.invoice.subtotal', invoice.subtotalMinor],
    ['billing.invoice.credits', invoice.creditsMinor],
    ['billing.invoice.adjustments', invoice.adjustmentsMinor],
    ['billing.invoice.taxTotal', invoice.taxMinor],
  ];
  const span = links ? 6 : 5;
  return (
    <table className="data invoice-lines">
      <caption>{t('billing.invoice.lines')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('billing.invoice.position')}</th>
          <th scope="col">{t('billing.invoice.description')}</th>
          <th scope="col" className="num">
            {t('billing.invoice.quantity')}
          </th>
          <th scope="col" className="num">
            {t('billing.invoice.rate')}
          </th>
          <th scope="col" className="num">
            {t('billing.invoice.amount')}
          </th>
          <th scope="col" className="num">
            {t('billing.invoice.tax')}
          </th>
          {links ? <th scope="col">{t('billing.invoice.source')}</th> : null}
        </tr>
      </thead>
      <tbody>
        {invoice.lines.map((line) => (
          <tr key={line.position}>
            <td>{line.position}</td>
            <td>
              <span className="muted">{t(`billing.kind.${line.kind}`)}</span> · {invoiceLineText(t, line)}
              {line.source.note && line.source.kind === 'adjustment' ? <div className="muted">{line.source.note}</div> : null}
            </td>
            <td className="num">
              {line.quantity} {quantityUnitLabel(t, line.quantityUnit)}
            </td>
            <td className="num">{line.rate ?? '—'}</td>
            <td className="num">
              <Money minor={line.amountMinor} currency={c} />
            </td>
            <td className="num">
              <Money minor={line.taxMinor} currency={c} />
            </td>
            {links ? <td>{line.source.href ? <Link to={line.source.href}>{t('billing.invoice.sourceLink')}</Link> : (line.source.note ?? '')}</td> : null}
          </tr>
        ))}
      </tbody>
      <tfoot>
        {totals.map(([label, minor]) => (
          <tr key={label}>
            <th scope="row" colSpan={span - 1}>
              {t(label)}
            </th>
            <td className="num">
              <Money minor={minor} currency={c} />
            </td>
            {links ? <td /> : null}
          </tr>
        ))}
        <tr>
          <th scope="row" colSpan={span - 1}>
            {t('billing.invoice.grandTotal')}
          </th>
          <td className="num">
            <strong data-testid="invoice-total">
              <Money minor={invoice.totalMinor} currency={c} />
            </strong>
          </td>
          {links ? <td /> : null}
        </tr>
      </tfoot>
    </table>
  );
}
