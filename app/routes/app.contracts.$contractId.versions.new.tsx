import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { ErrorSummary } from '#app/components/contracts/error-summary';
import { scopeOptionsOf } from '#app/components/contracts/scope';
import { VersionEditor } from '#app/components/contracts/version-editor';
import { blankVersionValues, versionInputOf, versionValuesFrom, versionValuesOf, withBlankRows } from '#app/components/contracts/version-form';
import { contractFormErrors } from '#app/components/contracts/version-form.server';
import { pageTitle } from '#app/i18n/meta';
import { useT } from '#app/i18n/react';
import { requireMember } from '#app/lib/auth.server';
import { parseNestedForm } from '#app/lib/form-data';
import { idParam, throwHttpError } from '#app/lib/form-errors.server';
import contractsStyles from '#app/styles/contracts.css?url';
import { addContractVersion, getContract } from '#app/services/contracts.server';
import { listUnits } from '#app/services/units.server';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'titles.contractVersionNew');
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: contractsStyles }];

/** The editor of a new version, prefilled with the terms in force: a change is always a whole new version. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx } = await requireMember(request, context, 'write:contracts');
  const contractId = idParam(params.contractId);
  const contract = await getContract(ctx, contractId).catch(throwHttpError);
  const units = (await listUnits(ctx)).filter((u) => contract.unitIds.includes(u.id));
  const base = contract.currentVersion ?? contract.versions.at(-1);
  return {
    contract: { id: contract.id, name: contract.name, vendorName: contract.vendorName, basedOn: base?.versionNo ?? null },
    scope: scopeOptionsOf(units),
    values: withBlankRows(base ? versionValuesOf(base) : blankVersionValues('TWD')),
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { ctx } = await requireMember(request, context, 'write:contracts');
  const contractId = idParam(params.contractId);
  // Another tenant's contract is a 404 whatever the form holds, never a list of validation errors.
  await getContract(ctx, contractId).catch(throwHttpError);
  const values = versionValuesFrom(parseNestedForm(await request.formData()));
  const { input, positions } = versionInputOf(values);
  try {
    await addContractVersion(ctx, contractId, input);
  } catch (error) {
    const failure = contractFormErrors(error, positions);
    return data({ values, errors: failure.errors }, { status: failure.status });
  }
  return redirect(`/app/contracts/${contractId}`);
}

export default function NewVersionPage() {
  const t = useT();
  const loaded = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  const { contract, scope } = loaded;
  const values = posted?.values ?? loaded.values;
  const errors = posted?.errors ?? {};
  return (
    <>
      <p>
        <Link to={`/app/contracts/${contract.id}`}>{t('contractsUi.detail.back', { name: contract.name })}</Link>
      </p>
      <h1>{t('contractsUi.version.title', { name: contract.name })}</h1>
      <p className="muted">{contract.basedOn === null ? t('contractsUi.version.fromScratch') : t('contractsUi.version.basedOn', { n: contract.basedOn })}</p>
      <ErrorSummary errors={errors} />
      {/* Remounted after each refused post, so rows added or removed in the browser match what came back. */}
      <Form method="post" noValidate key={posted ? JSON.stringify(posted.errors) : 'loaded'} className="contract-editor">
        <VersionEditor values={values} errors={errors} scope={scope} />
        <button type="submit" disabled={busy}>
          {t('contractsUi.version.submit')}
        </button>
      </Form>
    </>
  );
}
