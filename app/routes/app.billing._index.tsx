import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { pageTitle } from '#app/i18n/meta';
import { data } from '@remix-run/node';
import { Form, Link, useFetcher, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { Money } from '#app/components/billing/money';
import { FormError } from '#app/components/field';
import { canRunBilling } from '#app/domain/billing/access';
import { lastCompleteMonth, MONTH_PATTERN } from '#app/domain/billing/months';
import { useT } from '#app/i18n/react';
import { requireMember } from '#app/lib/auth.server';
import { formFailureOf, throwHttpError } from '#app/lib/form-errors.server';
import { listInvoices, runBilling, type BillingRowDto } from '#app/services/billing/invoices.server';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'titles.billing');

/** Every contract of the org for a month with its invoice status; finance runs or re-runs each one. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { ctx } = await requireMember(request, context, 'read:contracts');
  const asked = new URL(request.url).searchParams.get('month') ?? '';
  const month = MONTH_PATTERN.test(asked) ? asked : lastCompleteMonth(new Date());
  const rows = await listInvoices(ctx, { month }).catch(throwHttpError);
  return { month, rows, canRun: canRunBilling(ctx.role, ctx.orgKind) };
}

const RunSchema = z.object({ contractId: z.uuid(), month: z.string().regex(MONTH_PATTERN) });

export async function action({ request, context }: ActionFunctionArgs) {
  const { ctx } = await requireMember(request, context, 'run:billing');
  const parsed = RunSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ ok: false as const, formError: 'billing.error.month', contract: null as string | null }, { status: 422 });
  try {
    const invoice = await runBilling(ctx, parsed.data);
    return data({ ok: true as const, formError: null as string | null, contract: invoice.contractName });
  } catch (error) {
    const failure = formFailureOf(error);
    return data({ ok: false as const, formError: failure.formError ?? 'billing.error.month', contract: null as string | null }, { status: failure.status });
  }
}

function RunButton({ row }: { row: BillingRowDto }) {
  const t = useT();
  const fetcher = useFetcher<typeof action>();
  const busy = fetcher.state !== 'idle';
  if (row.invoice?.status === 'approved') return null;
  return (
    <fetcher.Form method="post" className="inline">
      <input type="hidden" name="contractId" value={row.contractId} />
      <input type="hidden" name="month" value={row.month} />
      <button type="submit" disabled={busy} aria-busy={busy}>
        {busy ? t('billing.running') : row.invoice ? t('billing.rerun') : t('billing.run')}
      </button>
      {busy ? <progress aria-label={t('billing.running')} /> : null}
      {fetcher.data && !fetcher.data.ok ? (
        <span role="alert" className="field-error">
          {fetcher.data.formError?.startsWith('billing.') ? t(fetcher.data.formError as 'billing.error.month') : fetcher.data.formError}
        </span>
      ) : null}
    </fetcher.Form>
  );
}

export default function BillingPage() {
  const t = useT();
  const { month, rows, canRun } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t('billing.title')}</h1>
      <p className="muted">{t('billing.intro')}</p>
      {!canRun ? <p className="notice">{t('billing.readOnly')}</p> : null}
      <Form method="get" className="card inline-form">
        <label htmlFor="billing-month">{t('billing.month')}</label>{' '}
        <input id="billing-month" name="month" type="month" defaultValue={month} required />{' '}
        <button type="submit">{t('billing.show')}</button>
      </Form>
      <FormError />
      {canRun ? (
        <p>
          <Link to={`/app/billing/accruals?month=${month}`}>{t('billing.accruals')}</Link> · <a href={`/app/billing/exports/${month}.csv`}>{t('billing.exportCsv')}</a> ·{' '}
          <a href={`/app/billing/exports/${month}.xlsx`}>{t('billing.exportXlsx')}</a>
        </p>
      ) : null}
      {rows.length === 0 ? (
        <p>{t('billing.noContracts')}</p>
      ) : (
        <table className="data">
          <caption className="visually-hidden">{t('billing.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('billing.contract')}</th>
              <th scope="col">{t('billing.vendor')}</th>
              <th scope="col">{t('billing.status')}</th>
              <th scope="col" className="num">
                {t('billing.total')}
              </th>
              <th scope="col">{t('billing.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.contractId}>
                <td>{row.contractName}</td>
                <td>{row.vendorName}</td>
                <td>
                  {t(row.invoice ? `billing.status.${row.invoice.status}` : 'billing.status.none')} · {t(row.monthClosed ? 'billing.monthClosed' : 'billing.monthOpen')}
                </td>
                <td className="num">{row.invoice ? <Money minor={row.invoice.totalMinor} currency={row.invoice.currency} /> : '—'}</td>
                <td>
                  {row.invoice ? <Link to={`/app/billing/invoices/${row.invoice.id}`}>{t('billing.open')}</Link> : null} {canRun ? <RunButton row={row} /> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
