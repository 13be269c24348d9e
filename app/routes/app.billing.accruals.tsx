import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { pageTitle } from '#app/i18n/meta';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { Money } from '#app/components/billing/money';
import { lastCompleteMonth, MONTH_PATTERN } from '#app/domain/billing/months';
import { useT } from '#app/i18n/react';
import { requireMember } from '#app/lib/auth.server';
import { throwHttpError } from '#app/lib/form-errors.server';
import { accrualReport } from '#app/services/billing/accruals.server';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'titles.accruals');

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { ctx } = await requireMember(request, context, 'run:billing');
  const asked = new URL(request.url).searchParams.get('month') ?? '';
  const month = MONTH_PATTERN.test(asked) ? asked : lastCompleteMonth(new Date());
  return accrualReport(ctx, { month }).catch(throwHttpError);
}

export default function AccrualsPage() {
  const t = useT();
  const report = useLoaderData<typeof loader>();
  return (
    <>
      <p>
        <Link to={`/app/billing?month=${report.month}`}>{t('billing.invoice.back')}</Link>
      </p>
      <h1>{t('billing.accruals.title', { month: report.month })}</h1>
      <p className="muted">{t('billing.accruals.intro', { from: report.fromMonth, month: report.month })}</p>
      <Form method="get" className="card inline-form">
        <label htmlFor="accrual-month">{t('billing.month')}</label> <input id="accrual-month" name="month" type="month" defaultValue={report.month} required />{' '}
        <button type="submit">{t('billing.show')}</button>
      </Form>
      {report.rows.length === 0 ? (
        <p>{t('billing.accruals.none')}</p>
      ) : (
        <table className="data">
          <caption className="visually-hidden">{t('billing.accruals.title', { month: report.month })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('billing.contract')}</th>
              <th scope="col">{t('billing.month')}</th>
              <th scope="col">{t('billing.status')}</th>
              <th scope="col">{t('billing.accruals.volumes')}</th>
              <th scope="col" className="num">
                {t('billing.accruals.estimate')}
              </th>
            </tr>
          </thead>
          <tbody>
            {report.rows.map((r) => (
              <tr key={`${r.contractId}-${r.month}`}>
                <td>{r.contractName}</td>
                <td>{r.month}</td>
                <td>{t(`billing.status.${r.invoiceStatus}`)}</td>
                <td>{t(r.volumesFinal ? 'billing.accruals.final' : 'billing.accruals.provisional')}</td>
                <td className="num">
                  <Money minor={r.estimatedTotalMinor} currency={r.currency} />
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            {Object.entries(report.totals).map(([currency, total]) => (
              <tr key={currency}>
                <th scope="row" colSpan={4}>
                  {t('billing.accruals.totals')} ({currency})
                </th>
                <td className="num">
                  <Money minor={total} currency={currency} />
                </td>
              </tr>
            ))}
          </tfoot>
        </table>
      )}
    </>
  );
}
