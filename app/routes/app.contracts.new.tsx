import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { ContractPartiesFields } from '#app/components/contracts/contract-parties';
import { ErrorSummary } from '#app/components/contracts/error-summary';
import { scopeOptionsOf } from '#app/components/contracts/scope';
import { VersionEditor } from '#app/components/contracts/version-editor';
import { blankVersionValues, versionFieldErrors, versionInputOf, versionValuesFrom, withBlankRows } from '#app/components/contracts/version-form';
import { contractFormErrors } from '#app/components/contracts/version-form.server';
import { contractInputSchema, contractVersionInputSchema } from '#app/domain/contracts/version';
import { pageTitle } from '#app/i18n/meta';
import { useT } from '#app/i18n/react';
import { requireMember } from '#app/lib/auth.server';
import { parseNestedForm, textOf, type FieldIssue } from '#app/lib/form-data';
import contractsStyles from '#app/styles/contracts.css?url';
import { createContract, listLinkedVendors } from '#app/services/contracts.server';
import { listPrograms } from '#app/services/programs.server';
import { listUnits } from '#app/services/units.server';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'titles.contractNew');
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: contractsStyles }];

const BLANK_SLA_ROWS_OF_NEW_CONTRACT = 5;

/** A new contract with a vendor already delivering some of the client's units, and its first version. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { ctx } = await requireMember(request, context, 'write:contracts');
  const [vendors, units, programs] = await Promise.all([listLinkedVendors(ctx), listUnits(ctx), listPrograms(ctx)]);
  const vendorUnits = units.filter((u) => u.kind === 'vendor' && u.vendorOrgId);
  const currency = programs.find((p) => p.id === vendorUnits[0]?.programId)?.currency ?? 'TWD';
  const values = withBlankRows(blankVersionValues(currency));
  values.slas.push(...Array.from({ length: BLANK_SLA_ROWS_OF_NEW_CONTRACT - values.slas.length }, () => ({ ...values.slas[0]! })));
  return {
    vendors,
    units: vendorUnits.map((u) => ({ id: u.id, name: u.name, programName: u.programName, vendorOrgId: u.vendorOrgId! })),
    scope: scopeOptionsOf(vendorUnits),
    parties: { name: '', vendorOrgId: vendors[0]?.id ?? '', unitIds: [] as string[] },
    values,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { ctx } = await requireMember(request, context, 'write:contracts');
  const raw = parseNestedForm(await request.formData(), ['unitIds']);
  const parties = { name: textOf(raw.name), vendorOrgId: textOf(raw.vendorOrgId), unitIds: (raw.unitIds as string[]).filter((v) => typeof v === 'string') };
  const values = versionValuesFrom(raw);
  const { input, positions } = versionInputOf(values);
  // Both parts are checked before anything is written, so every mistake shows at once.
  const issues: FieldIssue[] = [contractInputSchema.safeParse(parties), contractVersionInputSchema.safeParse(input)].flatMap((result) =>
    result.success ? [] : result.error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), message: i.message })),
  );
  if (issues.length) return data({ parties, values, errors: versionFieldErrors(issues, positions) }, { status: 422 });
  let contractId: string;
  try {
    contractId = (await createContract(ctx, { ...parties, firstVersion: input })).id;
  } catch (error) {
    const failure = contractFormErrors(error, positions);
    return data({ parties, values, errors: failure.errors }, { status: failure.status });
  }
  return redirect(`/app/contracts/${contractId}`);
}

export default function NewContractPage() {
  const t = useT();
  const loaded = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  const errors = posted?.errors ?? {};
  return (
    <>
      <p>
        <Link to="/app/contracts">{t('contractsUi.list.back')}</Link>
      </p>
      <h1>{t('contractsUi.new.title')}</h1>
      {loaded.vendors.length === 0 ? (
        <p className="notice">{t('contractsUi.new.noVendors')}</p>
      ) : (
        <>
          <ErrorSummary errors={errors} />
          <Form method="post" noValidate key={posted ? JSON.stringify(posted.errors) : 'loaded'} className="contract-editor">
            <ContractPartiesFields vendors={loaded.vendors} units={loaded.units} values={posted?.parties ?? loaded.parties} errors={errors} />
            <VersionEditor values={posted?.values ?? loaded.values} errors={errors} scope={loaded.scope} />
            <button type="submit" disabled={busy}>
              {t('contractsUi.new.submit')}
            </button>
          </Form>
        </>
      )}
    </>
  );
}
