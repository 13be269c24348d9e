import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { pageTitle } from '#app/i18n/meta';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { VendorInvoiceStatus } from '#app/components/reconciliation/status-badge';
import { MONTH_PATTERN, recentMonths } from '#app/domain/billing/reconcile-month';
import { can } from '#app/domain/permissions';
import { formatDateTime, formatMoney } from '#app/i18n/format';
import { useLocale, useT } from '#app/i18n/react';
import { requireMember } from '#app/lib/auth.server';
import { listVendorInvoices } from '#app/services/billing/vendor-invoices.server';
import { listContracts } from '#app/services/contracts.server';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'titles.vendorInvoices');

const GRID_MONTHS = 6;

/**
 * Vendor invoices, for both sides: the vendor sees its contracts × recent months with the status of each
 * month's latest submission (and submits from there); the client sees the submissions by month.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { ctx } = await requireMember(request, context, 'read:contracts');
  const wanted = new URL(request.url).searchParams.get('month') ?? '';
  const month = MONTH_PATTERN.test(wanted) ? wanted : null;
  const isVendor = ctx.orgKind === 'vendor';
  const [all, contracts] = await Promise.all([listVendorInvoices(ctx), isVendor ? listContracts(ctx) : Promise.resolve([])]);
  // The grid shows recent months whatever the filter; the list below shows the chosen month.
  const invoices = month ? all.filter((i) => i.month === month) : all;
  const months = recentMonths(new Date(), GRID_MONTHS);
  const latest = new Map(all.filter((i) => !i.isSuperseded).map((i) => [`${i.contractId}|${i.month}`, i]));
  return {
    isVendor,
    canSubmit: isVendor && can(ctx.role, 'submit:invoices'),
    month,
    months,
    grid: contracts.map((c) => ({
      contractId: c.id,
      contractName: c.name,
      cells: months.map((m) => {
        const inv = latest.get(`${c.id}|${m}`);
        return { month: m, invoice: inv ? { id: inv.id, status: inv.status, invoiceNumber: inv.invoiceNumber } : null };
      }),
    })),
    invoices,
  };
}

export default function VendorInvoicesPage() {
  const t = useT();
  const locale = useLocale();
  const { isVendor, canSubmit, month, months, grid, invoices } = useLoaderData<typeof loader>();
  const byMonth = new Map<string, typeof invoices>();
  for (const inv of invoices) byMonth.set(inv.month, [...(byMonth.get(inv.month) ?? []), inv]);
  return (
    <>
      <h1>{t('reconciliation.list.title')}</h1>
      <p className="muted">{t(isVendor ? 'reconciliation.list.introVendor' : 'reconciliation.list.introClient')}</p>

      {isVendor ? (
        <section aria-labelledby="grid-heading">
          <h2 id="grid-heading">{t('reconciliation.list.byContract')}</h2>
          {grid.length ? (
            <table className="data" data-testid="vendor-invoice-grid">
              <thead>
                <tr>
                  <th scope="col">{t('reconciliation.field.contract')}</th>
                  {months.map((m) => (
                    <th scope="col" key={m}>
                      {m}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {grid.map((row) => (
                  <tr key={row.contractId}>
                    <th scope="row">{row.contractName}</th>
                    {row.cells.map((cell) => (
                      <td key={cell.month} data-month={cell.month}>
                        {cell.invoice ? (
                          <>
                            <Link to={`/app/vendor-invoices/${cell.invoice.id}`} aria-label={t('reconciliation.list.viewInvoice', { number: cell.invoice.invoiceNumber, month: cell.month })}>
                              {cell.invoice.invoiceNumber}
                            </Link>{' '}
                            <VendorInvoiceStatus status={cell.invoice.status} />
                          </>
                        ) : (
                          <span className="muted">{t('reconciliation.status.none')}</span>
                        )}
                        {canSubmit && (!cell.invoice || cell.invoice.status === 'submitted' || cell.invoice.status === 'disputed') ? (
                          <>
                            {' '}
                            <Link to={`/app/vendor-invoices/new?contractId=${row.contractId}&month=${cell.month}`} aria-label={t(cell.invoice ? 'reconciliation.list.resubmitFor' : 'reconciliation.list.submitFor', { contract: row.contractName, month: cell.month })}>
                              {t(cell.invoice ? 'reconciliation.list.resubmit' : 'reconciliation.list.submit')}
                            </Link>
                          </>
                        ) : null}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="muted">{t('reconciliation.list.noContracts')}</p>
          )}
        </section>
      ) : null}

      <section aria-labelledby="history-heading">
        <h2 id="history-heading">{t(isVendor ? 'reconciliation.list.history' : 'reconciliation.list.submitted')}</h2>
        <Form method="get" className="inline-form">
          <label htmlFor="month-filter">{t('reconciliation.field.month')}</label>{' '}
          <input id="month-filter" name="month" type="month" defaultValue={month ?? ''} />{' '}
          <button type="submit" className="secondary">
            {t('reconciliation.list.filter')}
          </button>{' '}
          {month ? <Link to="/app/vendor-invoices">{t('reconciliation.list.allMonths')}</Link> : null}
        </Form>
        {byMonth.size ? (
          [...byMonth.entries()].map(([m, rows]) => (
            <table className="data" key={m} data-testid="vendor-invoices" data-month={m}>
              <caption>{t('reconciliation.list.monthCaption', { month: m })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('reconciliation.field.invoiceNumber')}</th>
                  <th scope="col">{t('reconciliation.field.contract')}</th>
                  <th scope="col">{t('reconciliation.field.total')}</th>
                  <th scope="col">{t('reconciliation.field.status')}</th>
                  <th scope="col">{t('reconciliation.field.submitted')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((inv) => (
                  <tr key={inv.id} data-vendor-invoice={inv.id}>
                    <th scope="row">
                      <Link to={`/app/vendor-invoices/${inv.id}`}>{inv.invoiceNumber}</Link>
                    </th>
                    <td>{inv.contractName}</td>
                    <td className="num">{formatMoney(locale, BigInt(inv.totalMinor), inv.currency)}</td>
                    <td>
                      <VendorInvoiceStatus status={inv.status} isSuperseded={inv.isSuperseded} />
                    </td>
                    <td>
                      {inv.submittedByLabel} · {formatDateTime(locale, inv.submittedAt)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ))
        ) : (
          <p className="muted">{t('reconciliation.list.none')}</p>
        )}
      </section>
    </>
  );
}
