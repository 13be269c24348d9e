import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { pageTitle } from '#app/i18n/meta';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { FormError } from '#app/components/field';
import { DecisionForm } from '#app/components/reconciliation/decision-form';
import { ReconciliationTable } from '#app/components/reconciliation/reconciliation-table';
import { VendorInvoiceStatus } from '#app/components/reconciliation/status-badge';
import { currencyDigits, majorToMinor } from '#app/domain/billing/reconcile-amount';
import { can } from '#app/domain/permissions';
import { en } from '#app/i18n/en';
import type { MessageKey } from '#app/i18n/index';
import { formatDateTime, formatMoney } from '#app/i18n/format';
import { useLocale, useT } from '#app/i18n/react';
import { requireMember } from '#app/lib/auth.server';
import { formFailureOf, idParam, throwHttpError } from '#app/lib/form-errors.server';
import { decideVendorInvoice, DECISIONS, type Decision } from '#app/services/billing/reconciliation-decide.server';
import { getVendorInvoice } from '#app/services/billing/reconciliation.server';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'titles.vendorInvoice');

/** One vendor invoice reconciled against the computed invoice, for its client and its vendor. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx } = await requireMember(request, context, 'read:contracts');
  const invoice = await getVendorInvoice(ctx, idParam(params.vendorInvoiceId)).catch(throwHttpError);
  const search = new URL(request.url).searchParams;
  return {
    invoice,
    isVendor: ctx.orgKind === 'vendor',
    canDecide: ctx.orgKind === 'client' && can(ctx.role, 'run:billing') && invoice.isDecidable,
    canResubmit: ctx.orgKind === 'vendor' && can(ctx.role, 'submit:invoices') && !invoice.isSuperseded && (invoice.status === 'submitted' || invoice.status === 'disputed'),
    justSubmitted: search.get('submitted') === '1',
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { ctx } = await requireMember(request, context, 'run:billing');
  const vendorInvoiceId = idParam(params.vendorInvoiceId);
  // Look the invoice up first: another org's id is a 404 whatever the form says.
  const invoice = await getVendorInvoice(ctx, vendorInvoiceId).catch(throwHttpError);
  const form = await request.formData();
  const values = { decision: String(form.get('decision') ?? ''), message: String(form.get('message') ?? ''), adjustment: String(form.get('adjustment') ?? ''), reason: String(form.get('reason') ?? '') };
  const fieldErrors: Record<string, string> = {};
  if (!(DECISIONS as readonly string[]).includes(values.decision)) fieldErrors.decision = 'reconciliation.error.decision';
  let adjustmentMinor: bigint | null = null;
  if (values.decision === 'accept_with_adjustment') {
    const parsed = values.adjustment.trim() ? majorToMinor(values.adjustment, currencyDigits(invoice.currency)) : 'reconciliation.error.required';
    if (typeof parsed === 'string') fieldErrors.adjustment = parsed;
    else adjustmentMinor = parsed;
  }
  if (Object.keys(fieldErrors).length) return data({ ok: false, values, fieldErrors, formError: null as string | null }, { status: 422 });
  try {
    const decision = values.decision as Decision;
    await decideVendorInvoice(ctx, decision === 'accept_with_adjustment' ? { vendorInvoiceId, decision, adjustmentMinor: adjustmentMinor!, reason: values.reason } : { vendorInvoiceId, decision, message: values.message });
  } catch (error) {
    const failure = formFailureOf(error);
    const mapped = Object.fromEntries(Object.entries(failure.fieldErrors).map(([k, v]) => [k === 'adjustmentMinor' ? 'adjustment' : k, v]));
    return data({ ok: false, values, fieldErrors: mapped, formError: failure.formError }, { status: failure.status });
  }
  return data({ ok: true, values, fieldErrors: {} as Record<string, string>, formError: null as string | null });
}

const isKey = (value: string): value is MessageKey => value in en;

export default function VendorInvoicePage() {
  const t = useT();
  const locale = useLocale();
  const { invoice, isVendor, canDecide, canResubmit, justSubmitted } = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  const money = (minor: string | null) => (minor === null ? '—' : formatMoney(locale, BigInt(minor), invoice.currency));
  const r = invoice.reconciliation;
  return (
    <>
      <p>
        <Link to="/app/vendor-invoices">{t('reconciliation.back')}</Link>
      </p>
      <h1>{t('reconciliation.detail.title', { number: invoice.invoiceNumber })}</h1>
      {justSubmitted ? (
        <p className="notice" role="status">
          {t('reconciliation.detail.submitted')}
        </p>
      ) : null}
      {posted?.ok ? (
        <p className="notice" role="status">
          {t('reconciliation.detail.decided')}
        </p>
      ) : null}
      <section className="card" aria-labelledby="facts-heading">
        <h2 id="facts-heading" className="visually-hidden">
          {t('reconciliation.detail.facts')}
        </h2>
        <dl className="facts" data-testid="vendor-invoice-facts">
          <dt>{t('reconciliation.field.status')}</dt>
          <dd data-testid="vendor-invoice-status">
            <VendorInvoiceStatus status={invoice.status} isSuperseded={invoice.isSuperseded} />
          </dd>
          <dt>{t('reconciliation.field.contract')}</dt>
          <dd>{invoice.contractName}</dd>
          <dt>{t('reconciliation.field.month')}</dt>
          <dd>{invoice.month}</dd>
          <dt>{t('reconciliation.field.total')}</dt>
          <dd>
            {money(invoice.totalMinor)} <span className="muted">({invoice.currency})</span>
          </dd>
          <dt>{t('reconciliation.field.submitted')}</dt>
          <dd>
            {invoice.submittedByLabel} · {formatDateTime(locale, invoice.submittedAt)}
          </dd>
          <dt>{t('reconciliation.field.pdf')}</dt>
          <dd>
            {invoice.pdf ? (
              <a href={`/app/vendor-invoices/${invoice.id}/pdf`} download={invoice.pdf.fileName} data-testid="pdf-link">
                {t('reconciliation.detail.downloadPdf', { name: invoice.pdf.fileName })}
              </a>
            ) : (
              <span className="muted">{t('reconciliation.detail.noPdf')}</span>
            )}
          </dd>
        </dl>
      </section>

      {invoice.decidedAt ? (
        <section className="card" aria-labelledby="decision-heading" data-testid="decision">
          <h2 id="decision-heading">{t(isVendor ? 'reconciliation.detail.clientDecision' : 'reconciliation.detail.decision')}</h2>
          <p>
            <VendorInvoiceStatus status={invoice.status} /> · {invoice.decidedByLabel} · {formatDateTime(locale, invoice.decidedAt)}
          </p>
          {invoice.adjustmentMinor ? <p>{t('reconciliation.detail.adjustment', { amount: money(invoice.adjustmentMinor) })}</p> : null}
          {invoice.decisionMessage ? (
            <blockquote data-testid="decision-message" style={{ whiteSpace: 'pre-wrap' }}>
              {invoice.decisionMessage}
            </blockquote>
          ) : null}
        </section>
      ) : null}
      {canResubmit ? (
        <p>
          <Link to={`/app/vendor-invoices/new?contractId=${invoice.contractId}&month=${invoice.month}`}>{t('reconciliation.detail.resubmit')}</Link>
        </p>
      ) : null}

      <section aria-labelledby="reconciliation-heading">
        <h2 id="reconciliation-heading">{t('reconciliation.detail.reconciliation')}</h2>
        <p data-testid="reconciliation-summary" data-mode={r.mode} role="status">
          {t(`reconciliation.mode.${r.mode}` as MessageKey)}{' '}
          {r.mode === 'awaiting_billing_run' ? null : r.isClean ? t('reconciliation.summary.clean') : t('reconciliation.summary.flagged', { count: r.flaggedLineCount })}
        </p>
        {invoice.computed ? (
          <p className="muted">{t(invoice.computed.status === 'approved' ? 'reconciliation.detail.computedApproved' : 'reconciliation.detail.computedDraft')}</p>
        ) : null}
        <ReconciliationTable reconciliation={r} currency={invoice.currency} />
        {r.vendorLinesSumMinor !== null ? <p className="muted">{t('reconciliation.detail.linesSum', { amount: money(r.vendorLinesSumMinor) })}</p> : null}
      </section>

      {canDecide ? (
        <section aria-labelledby="decide-heading" className="card">
          <h2 id="decide-heading">{t('reconciliation.decide.title')}</h2>
          <FormError message={posted?.formError ? (isKey(posted.formError) ? t(posted.formError) : posted.formError) : undefined} />
          <Form method="post" noValidate>
            <DecisionForm values={posted && !posted.ok ? posted.values : undefined} errors={posted?.fieldErrors ?? {}} busy={busy} currency={invoice.currency} />
          </Form>
        </section>
      ) : null}

      {invoice.history.length > 1 ? (
        <section aria-labelledby="history-heading">
          <h2 id="history-heading">{t('reconciliation.detail.history')}</h2>
          <table className="data" data-testid="submission-history">
            <thead>
              <tr>
                <th scope="col">{t('reconciliation.field.invoiceNumber')}</th>
                <th scope="col">{t('reconciliation.field.submitted')}</th>
                <th scope="col">{t('reconciliation.field.total')}</th>
                <th scope="col">{t('reconciliation.field.status')}</th>
              </tr>
            </thead>
            <tbody>
              {invoice.history.map((h) => (
                <tr key={h.id} aria-current={h.id === invoice.id ? 'page' : undefined}>
                  <th scope="row">{h.id === invoice.id ? h.invoiceNumber : <Link to={`/app/vendor-invoices/${h.id}`}>{h.invoiceNumber}</Link>}</th>
                  <td>
                    {h.submittedByLabel} · {formatDateTime(locale, h.submittedAt)}
                  </td>
                  <td className="num">{money(h.totalMinor)}</td>
                  <td>
                    <VendorInvoiceStatus status={h.status} isSuperseded={h.isSuperseded} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </>
  );
}
