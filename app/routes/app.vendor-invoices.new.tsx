import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { pageTitle } from '#app/i18n/meta';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { Field, FormError, SelectField } from '#app/components/field';
import { LinesEditor } from '#app/components/reconciliation/lines-editor';
import { MONTH_PATTERN, monthOf } from '#app/domain/billing/reconcile-month';
import { en } from '#app/i18n/en';
import type { MessageKey } from '#app/i18n/index';
import { useT } from '#app/i18n/react';
import { requireMember } from '#app/lib/auth.server';
import { throwHttpError } from '#app/lib/form-errors.server';
import { handleSubmitForm, type SubmitFormValues } from '#app/services/billing/vendor-invoices-form.server';
import { MAX_PDF_BYTES } from '#app/services/billing/vendor-invoices-pdf.server';
import { submissionTarget } from '#app/services/billing/vendor-invoices.server';
import { listContracts } from '#app/services/contracts.server';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'titles.vendorInvoiceNew');

/** The vendor's invoice for one contract month: amounts, optional lines (typed or CSV), the PDF. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { ctx } = await requireMember(request, context, 'submit:invoices');
  const params = new URL(request.url).searchParams;
  const contractId = params.get('contractId') ?? '';
  const month = params.get('month') ?? '';
  const contracts = await listContracts(ctx);
  const target = contractId && MONTH_PATTERN.test(month) ? await submissionTarget(ctx, { contractId, month }).catch(throwHttpError) : null;
  return {
    contracts: contracts.map((c) => ({ id: c.id, name: c.name, currency: c.currentVersion?.currency ?? null })),
    contractId: target?.contractId ?? contractId,
    month: target?.month ?? (MONTH_PATTERN.test(month) ? month : monthOf(new Date())),
    currency: target?.currency ?? contracts.find((c) => c.id === contractId)?.currentVersion?.currency ?? '',
    latest: target?.latest ? { id: target.latest.id, invoiceNumber: target.latest.invoiceNumber, status: target.latest.status, decisionMessage: target.latest.decisionMessage } : null,
    isOpen: target?.isOpen ?? true,
    maxPdfMb: MAX_PDF_BYTES / 1024 / 1024,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { ctx } = await requireMember(request, context, 'submit:invoices');
  const outcome = await handleSubmitForm(request, ctx);
  if (outcome.type === 'submitted') return redirect(`/app/vendor-invoices/${outcome.vendorInvoiceId}?submitted=1`);
  return data(outcome, { status: 422 });
}

const isKey = (value: string): value is MessageKey => value in en;

export default function NewVendorInvoicePage() {
  const t = useT();
  const loaded = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  const errors: Record<string, string> = posted?.fieldErrors ?? {};
  const err = (name: string) => (errors[name] ? t(errors[name] as MessageKey) : undefined);
  const v: SubmitFormValues = posted?.values ?? { contractId: loaded.contractId, month: loaded.month, invoiceNumber: '', currency: loaded.currency, total: '', subtotal: '', tax: '', lines: [] };
  const formError = posted?.formError ? (isKey(posted.formError) ? t(posted.formError) : posted.formError) : undefined;
  return (
    <>
      <p>
        <Link to="/app/vendor-invoices">{t('reconciliation.back')}</Link>
      </p>
      <h1>{t('reconciliation.new.title')}</h1>
      {loaded.latest ? (
        <p className={loaded.isOpen ? 'notice' : 'notice danger'} role="status">
          {t(loaded.isOpen ? 'reconciliation.new.resubmitting' : 'reconciliation.new.closed', { number: loaded.latest.invoiceNumber, status: t(`reconciliation.status.${loaded.latest.status}` as MessageKey) })}{' '}
          <Link to={`/app/vendor-invoices/${loaded.latest.id}`}>{t('reconciliation.new.viewLatest')}</Link>
        </p>
      ) : null}
      {loaded.latest?.status === 'disputed' && loaded.latest.decisionMessage ? (
        <blockquote data-testid="dispute-message" style={{ whiteSpace: 'pre-wrap' }}>
          {loaded.latest.decisionMessage}
        </blockquote>
      ) : null}
      <FormError message={formError} />
      {posted?.csvIssues.length ? (
        <div className="form-error" role="alert" data-testid="csv-issues">
          <p>{t('reconciliation.error.csvInvalid')}</p>
          <ul>
            {posted.csvIssues.slice(0, 50).map((issue, i) => (
              <li key={i}>
                {issue.row ? t('reconciliation.csv.where', { row: issue.row, column: issue.column ?? '' }) : null} {isKey(issue.message) ? t(issue.message) : issue.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <Form method="post" encType="multipart/form-data" noValidate>
        <SelectField
          label={t('reconciliation.field.contract')}
          name="contractId"
          defaultValue={v.contractId}
          error={err('contractId')}
          required
          options={[{ value: '', label: t('reconciliation.new.chooseContract') }, ...loaded.contracts.map((c) => ({ value: c.id, label: c.currency ? `${c.name} (${c.currency})` : c.name }))]}
        />
        <Field label={t('reconciliation.field.month')} name="month" type="month" defaultValue={v.month} error={err('month')} required />
        <Field label={t('reconciliation.field.invoiceNumber')} name="invoiceNumber" defaultValue={v.invoiceNumber} error={err('invoiceNumber')} required maxLength={100} />
        <Field label={t('reconciliation.field.currency')} name="currency" defaultValue={v.currency} error={err('currency')} required maxLength={3} hint={t('reconciliation.new.currencyHint')} />
        <Field label={t('reconciliation.field.subtotal')} name="subtotal" inputMode="decimal" defaultValue={v.subtotal} error={err('subtotal')} hint={t('reconciliation.new.optional')} />
        <Field label={t('reconciliation.field.tax')} name="tax" inputMode="decimal" defaultValue={v.tax} error={err('tax')} hint={t('reconciliation.new.optional')} />
        <Field label={t('reconciliation.field.total')} name="total" inputMode="decimal" defaultValue={v.total} error={err('total')} required />
        <LinesEditor initial={v.lines} errors={errors} />
        <Field label={t('reconciliation.new.linesCsv')} name="linesCsv" type="file" accept=".csv,text/csv" error={err('linesCsv')} hint={t('reconciliation.new.linesCsvHint')} />
        <Field label={t('reconciliation.new.pdf')} name="pdf" type="file" accept="application/pdf,.pdf" error={err('pdf')} required hint={t('reconciliation.new.pdfHint', { mb: loaded.maxPdfMb })} />
        <button type="submit" disabled={busy || !loaded.isOpen}>
          {t('reconciliation.new.submit')}
        </button>
      </Form>
    </>
  );
}
