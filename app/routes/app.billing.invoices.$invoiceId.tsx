import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { pageTitle } from '#app/i18n/meta';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { InvoiceLines } from '#app/components/billing/invoice-lines';
import { Money } from '#app/components/billing/money';
import { Field, FormError, SelectField } from '#app/components/field';
import { canRunBilling } from '#app/domain/billing/access';
import type { MessageKey } from '#app/i18n/index';
import { formatDateTime } from '#app/i18n/format';
import { useLocale, useT } from '#app/i18n/react';
import { requireMember } from '#app/lib/auth.server';
import { formFailureOf, idParam, throwHttpError } from '#app/lib/form-errors.server';
import { addAdjustment, listAdjustments, removeAdjustment } from '#app/services/billing/adjustments.server';
import { approveInvoice, getInvoice, runBilling } from '#app/services/billing/invoices.server';

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, 'titles.invoice', { month: data?.invoice.month });

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx } = await requireMember(request, context, 'read:contracts');
  const invoice = await getInvoice(ctx, idParam(params.invoiceId)).catch(throwHttpError);
  const items = await listAdjustments(ctx, { contractId: invoice.contractId, month: invoice.month }).catch(throwHttpError);
  return { invoice, items, canRun: canRunBilling(ctx.role, ctx.orgKind) };
}

/** Approve, re-run, add or remove an item. A locked month answers 409 from the service. */
interface ActionResult {
  done: string | null;
  fieldErrors: Record<string, string>;
  formError: string | null;
  values: Record<string, string>;
}
const ok = (done: string) => data<ActionResult>({ done, fieldErrors: {}, formError: null, values: {} });

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { ctx } = await requireMember(request, context, 'run:billing');
  // The invoice first: another org's is a 404 before the form is read.
  const invoice = await getInvoice(ctx, idParam(params.invoiceId)).catch(throwHttpError);
  const form = Object.fromEntries([...(await request.formData())].filter(([, v]) => typeof v === 'string')) as Record<string, string>;
  try {
    switch (form.intent) {
      case 'approve':
        await approveInvoice(ctx, { invoiceId: invoice.id });
        return ok('approved');
      case 'rerun':
        await runBilling(ctx, { contractId: invoice.contractId, month: invoice.month });
        return ok('rerun');
      case 'adjust':
        await addAdjustment(ctx, { contractId: invoice.contractId, month: invoice.month, kind: form.kind as 'adjustment', description: form.description ?? '', reason: form.reason ?? '', amount: form.amount ?? '', isTaxable: form.isTaxable === 'on', correctsMonth: form.correctsMonth ?? '' });
        return ok('adjusted');
      case 'remove':
        await removeAdjustment(ctx, { adjustmentId: form.adjustmentId ?? '' });
        return ok('removed');
      default:
        return data<ActionResult>({ done: null, fieldErrors: {}, formError: 'billing.error.kind', values: form }, { status: 422 });
    }
  } catch (error) {
    const failure = formFailureOf(error);
    return data<ActionResult>({ done: null, fieldErrors: failure.fieldErrors, formError: failure.formError, values: form }, { status: failure.status });
  }
}

const KINDS = ['adjustment', 'pass_through', 'credit_note', 'debit_note'] as const;

export default function InvoicePage() {
  const t = useT();
  const locale = useLocale();
  const { invoice, items, canRun } = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  const locked = invoice.status === 'approved';
  const err = (name: string) => (posted?.fieldErrors?.[name] ? t(posted.fieldErrors[name] as MessageKey) : undefined);
  const formError = posted?.formError ? (posted.formError.startsWith('billing.') ? t(posted.formError as MessageKey) : posted.formError) : undefined;
  return (
    <>
      <p>
        <Link to={`/app/billing?month=${invoice.month}`}>{t('billing.invoice.back')}</Link>
      </p>
      <h1>{t('billing.invoice.title', { month: invoice.month, contract: invoice.contractName })}</h1>
      <p>
        {invoice.vendorName} · {t(`billing.status.${invoice.status}`)}
      </p>
      {locked ? (
        <p className="notice" role="status" data-testid="locked-banner">
          🔒 {t('billing.invoice.lockedBanner', { who: invoice.approvedByLabel ?? '', when: invoice.approvedAt ? formatDateTime(locale, invoice.approvedAt) : '' })}
        </p>
      ) : (
        <p className={invoice.volumesFinal ? 'notice' : 'notice warn'}>{t(invoice.volumesFinal ? 'billing.invoice.finalBanner' : 'billing.invoice.draftBanner')}</p>
      )}
      {posted?.done === 'approved' ? (
        <p className="notice" role="status">
          {t('billing.invoice.approved')}
        </p>
      ) : null}
      <FormError message={formError} />
      <InvoiceLines invoice={invoice} />
      <p className="muted">{t('billing.invoice.computed', { who: invoice.computedByLabel, when: formatDateTime(locale, invoice.computedAt), mode: t(`billing.rounding.${invoice.roundingMode}`) })}</p>
      <p>
        <Link to={`/app/billing/invoices/${invoice.id}/print`}>{t('billing.invoice.print')}</Link>
        {canRun ? (
          <>
            {' · '}
            <a href={`/app/billing/exports/invoice-${invoice.id}.csv`}>{t('billing.invoice.exportCsv')}</a> · <a href={`/app/billing/exports/invoice-${invoice.id}.xlsx`}>{t('billing.invoice.exportXlsx')}</a>
          </>
        ) : null}
      </p>
      {canRun && !locked ? (
        <div className="card">
          <Form method="post" className="inline">
            <input type="hidden" name="intent" value="rerun" />
            <button type="submit" disabled={busy} aria-busy={busy}>
              {busy ? t('billing.running') : t('billing.rerun')}
            </button>
          </Form>{' '}
          <Form method="post" className="inline">
            <input type="hidden" name="intent" value="approve" />
            <button type="submit" disabled={busy || !invoice.volumesFinal} className="primary">
              {t('billing.invoice.approve')}
            </button>
          </Form>
        </div>
      ) : null}
      <h2>{t('billing.adjust.items')}</h2>
      <ul>
        {items.map((item) => (
          <li key={item.id}>
            {t(`billing.kind.${item.kind}`)} · {item.vendorInvoiceNumber ? t('billing.line.vendorInvoiceAdjustment', { invoiceNumber: item.vendorInvoiceNumber }) : item.description} · <Money minor={item.amountMinor} currency={invoice.currency} /> · {item.reason}
            {item.correctsMonth ? ` (${item.correctsMonth})` : ''}
            {canRun && !locked ? (
              <Form method="post" className="inline">
                <input type="hidden" name="intent" value="remove" />
                <input type="hidden" name="adjustmentId" value={item.id} />{' '}
                <button type="submit" disabled={busy}>
                  {t('billing.invoice.removeItem')}
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
      {canRun && !locked ? (
        <Form method="post" noValidate className="card">
          <h2>{t('billing.adjust.title')}</h2>
          <p className="muted">{t('billing.adjust.intro')}</p>
          <input type="hidden" name="intent" value="adjust" />
          <SelectField label={t('billing.adjust.kind')} name="kind" defaultValue={posted?.values?.kind ?? 'adjustment'} error={err('kind')} options={KINDS.map((k) => ({ value: k, label: t(`billing.kind.${k}`) }))} />
          <Field label={t('billing.adjust.description')} name="description" defaultValue={posted?.values?.description} error={err('description')} required maxLength={200} />
          <Field label={t('billing.adjust.reason')} name="reason" defaultValue={posted?.values?.reason} error={err('reason')} required maxLength={2000} />
          <Field label={t('billing.adjust.amount', { currency: invoice.currency })} name="amount" inputMode="decimal" defaultValue={posted?.values?.amount} error={err('amount')} required />
          <Field label={t('billing.adjust.correctsMonth')} name="correctsMonth" type="month" defaultValue={posted?.values?.correctsMonth} error={err('correctsMonth')} />
          <div className="field">
            <label>
              <input type="checkbox" name="isTaxable" defaultChecked /> {t('billing.adjust.taxable')}
            </label>
          </div>
          <button type="submit" disabled={busy}>
            {t('billing.adjust.submit')}
          </button>
        </Form>
      ) : null}
    </>
  );
}
