import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { Field, FormError, SelectField } from '#app/components/field';
import { ROUNDING_MODES } from '#db/schema/billing';
import type { MessageKey } from '#app/i18n/index';
import { pageTitle } from '#app/i18n/meta';
import { useT } from '#app/i18n/react';
import { requireMember } from '#app/lib/auth.server';
import { formFailureOf, idParam, throwHttpError } from '#app/lib/form-errors.server';
import { getContract } from '#app/services/contracts.server';
import { getBillingSettings, updateBillingSettings } from '#app/services/billing/settings.server';

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, 'titles.billingSettings', { contract: data?.contractName });

/** Finance and owners: rounding, the vendor's tax id, GL account, cost center, reconciliation tolerance. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx } = await requireMember(request, context, 'run:billing');
  const contractId = idParam(params.contractId);
  const contract = await getContract(ctx, contractId).catch(throwHttpError);
  const settings = await getBillingSettings(ctx, contractId).catch(throwHttpError);
  return { contractId, contractName: contract.name, settings };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { ctx } = await requireMember(request, context, 'run:billing');
  const contractId = idParam(params.contractId);
  const values = Object.fromEntries([...(await request.formData())].filter(([, v]) => typeof v === 'string')) as Record<string, string>;
  try {
    await updateBillingSettings(ctx, contractId, { roundingMode: values.roundingMode as 'half_up', vendorTaxId: values.vendorTaxId, glAccount: values.glAccount, costCenter: values.costCenter, tolerance: values.tolerance ?? '' });
    return data({ saved: true, values, fieldErrors: {} as Record<string, string>, formError: null as string | null });
  } catch (error) {
    const failure = formFailureOf(error);
    return data({ saved: false, values, fieldErrors: failure.fieldErrors, formError: failure.formError }, { status: failure.status });
  }
}

export default function BillingSettingsPage() {
  const t = useT();
  const { contractId, contractName, settings } = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  const shown: Record<string, string> =
    posted && !posted.saved ? posted.values : { roundingMode: settings.roundingMode, vendorTaxId: settings.vendorTaxId ?? '', glAccount: settings.glAccount ?? '', costCenter: settings.costCenter ?? '', tolerance: settings.tolerance };
  const err = (name: string) => (posted?.fieldErrors?.[name] ? t(posted.fieldErrors[name] as MessageKey) : undefined);
  return (
    <>
      <p>
        <Link to={`/app/contracts/${contractId}`}>{t('billing.settings.back')}</Link>
      </p>
      <h1>{t('billing.settings.title', { contract: contractName })}</h1>
      <p className="muted">{t('billing.settings.intro')}</p>
      {posted?.saved ? (
        <p className="notice" role="status">
          {t('billing.settings.saved')}
        </p>
      ) : null}
      <FormError message={posted?.formError ?? undefined} />
      <Form method="post" noValidate className="card" key={JSON.stringify(shown)}>
        <SelectField label={t('billing.settings.roundingMode')} name="roundingMode" defaultValue={shown.roundingMode} error={err('roundingMode')} options={ROUNDING_MODES.map((m) => ({ value: m, label: t(`billing.rounding.${m}`) }))} />
        <Field label={t('billing.settings.vendorTaxId')} name="vendorTaxId" defaultValue={shown.vendorTaxId} error={err('vendorTaxId')} maxLength={40} />
        <Field label={t('billing.settings.glAccount')} name="glAccount" defaultValue={shown.glAccount} error={err('glAccount')} maxLength={40} />
        <Field label={t('billing.settings.costCenter')} name="costCenter" defaultValue={shown.costCenter} error={err('costCenter')} maxLength={40} />
        <Field label={t('billing.settings.tolerance', { currency: settings.currency })} name="tolerance" inputMode="decimal" defaultValue={shown.tolerance} error={err('tolerance')} />
        <button type="submit" disabled={busy}>
          {t('billing.settings.save')}
        </button>
      </Form>
    </>
  );
}
