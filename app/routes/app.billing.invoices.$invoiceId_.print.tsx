import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { pageTitle } from '#app/i18n/meta';
import { useLoaderData } from '@remix-run/react';
import { InvoiceLines } from '#app/components/billing/invoice-lines';
import { useT } from '#app/i18n/react';
import { requireMember } from '#app/lib/auth.server';
import { idParam, throwHttpError } from '#app/lib/form-errors.server';
import { getInvoice } from '#app/services/billing/invoices.server';
import printStyles from '#app/components/billing/print.css?url';

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(matches, 'titles.invoicePrint', { month: data?.invoice.month, contract: data?.invoice.contractName }, { withAppName: false });
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: printStyles }];

/** A printable summary of one invoice: the print stylesheet hides the portal's navigation. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx } = await requireMember(request, context, 'read:contracts');
  return { invoice: await getInvoice(ctx, idParam(params.invoiceId)).catch(throwHttpError) };
}

export default function InvoicePrintPage() {
  const t = useT();
  const { invoice } = useLoaderData<typeof loader>();
  return (
    <article className="invoice-print">
      <h1>{t('billing.print.title')}</h1>
      {invoice.status !== 'approved' ? <p className="print-draft">{t('billing.print.draft')}</p> : null}
      <dl>
        <dt>{t('billing.vendor')}</dt>
        <dd>{invoice.vendorName}</dd>
        <dt>{t('billing.contract')}</dt>
        <dd>{invoice.contractName}</dd>
        <dt>{t('billing.print.period')}</dt>
        <dd>{invoice.month}</dd>
        <dt>{t('billing.status')}</dt>
        <dd>{t(`billing.status.${invoice.status}`)}</dd>
      </dl>
      <InvoiceLines invoice={invoice} links={false} />
      <p className="no-print">
        <button type="button" onClick={() => window.print()}>
          {t('billing.print.printNow')}
        </button>
      </p>
    </article>
  );
}
