import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useId } from 'react';
import { ImportReport } from '#app/components/costs/import-report';
import { FormError } from '#app/components/field';
import { Breadcrumbs } from '#app/components/programs/form-bits';
import { pageTitle } from '#app/i18n/meta';
import { useT } from '#app/i18n/react';
import { requireMember } from '#app/lib/auth.server';
import { idParam, throwHttpError } from '#app/lib/form-errors.server';
import { commitCostImport, IMPORT_HEADER, MAX_IMPORT_BYTES, previewCostImport, type ImportResult } from '#app/services/costs/import.server';
import { getUnitCosts } from '#app/services/costs/unit-costs.server';
import programsStyles from '#app/styles/programs.css?url';

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, 'titles.costsImport', { unit: data?.unit.name });
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: programsStyles }];

/** A previewed file travels back in the page (base64) so "Import these rows" commits exactly what was checked. */
const MAX_CARRIED_BYTES = 256 * 1024;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx } = await requireMember(request, context, 'write:costs');
  const unitId = idParam(params.unitId);
  const { unit } = await getUnitCosts(ctx, unitId).catch(throwHttpError);
  return { unit, columns: IMPORT_HEADER, maxBytes: MAX_IMPORT_BYTES };
}

type Outcome = { result: ImportResult | null; formError: string | null; carried: { fileName: string; base64: string } | null };

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { ctx } = await requireMember(request, context, 'write:costs');
  const unitId = idParam(params.unitId);
  // Looked up before the form is read: another org's unit is a 404, never a form error.
  await getUnitCosts(ctx, unitId).catch(throwHttpError);
  const invalid = (formError: string) => data<Outcome>({ result: null, formError, carried: null }, { status: 422 });
  if (!/^multipart\/form-data\b/i.test(request.headers.get('content-type') ?? '')) return invalid('costs.import.error.noFile');
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: MAX_IMPORT_BYTES }));
  } catch {
    return invalid('costs.import.error.tooLarge');
  }
  const intent = form.get('intent') === 'commit' ? 'commit' : 'preview';
  const file = form.get('file');
  const carriedText = form.get('carried');
  let input: { fileName: string; bytes: Uint8Array } | null = null;
  if (file instanceof File && file.size > 0) input = { fileName: file.name || 'import', bytes: new Uint8Array(await file.arrayBuffer()) };
  else if (typeof carriedText === 'string' && carriedText) {
    const fileName = String(form.get('carriedName') ?? 'import');
    input = { fileName, bytes: new Uint8Array(Buffer.from(carriedText, 'base64')) };
  }
  if (!input) return invalid('costs.import.error.noFile');
  const result = intent === 'commit' ? await commitCostImport(ctx, unitId, input).catch(throwHttpError) : await previewCostImport(ctx, unitId, input).catch(throwHttpError);
  if (result.committed) return redirect(`/app/units/${unitId}/costs?imported=${result.rows.length}`);
  const carried = result.issues.length === 0 && input.bytes.byteLength <= MAX_CARRIED_BYTES ? { fileName: input.fileName, base64: Buffer.from(input.bytes).toString('base64') } : null;
  return data<Outcome>({ result, formError: null, carried }, { status: result.issues.length ? 422 : 200 });
}

export default function CostImportPage() {
  const t = useT();
  const { unit, columns, maxBytes } = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  const fileId = useId();
  return (
    <>
      <Breadcrumbs
        items={[
          { to: '/app/programs', label: t('nav.programs') },
          { to: `/app/programs/${unit.programId}`, label: unit.programName },
          { to: `/app/units/${unit.id}/costs`, label: t('costs.page.title', { unit: unit.name }) },
          { label: t('costs.import.crumb') },
        ]}
      />
      <h1>{t('costs.import.title', { unit: unit.name })}</h1>
      <p>{t('costs.import.intro', { currency: unit.currency, maxKb: Math.round(maxBytes / 1024) })}</p>
      <p>
        {t('costs.import.columns')} <code>{columns.join(', ')}</code>
      </p>
      <p className="toolbar">
        <a className="button secondary" href={`/app/units/${unit.id}/costs/template?format=csv`} download>
          {t('costs.import.templateCsv')}
        </a>
        <a className="button secondary" href={`/app/units/${unit.id}/costs/template?format=xlsx`} download>
          {t('costs.import.templateXlsx')}
        </a>
      </p>
      <FormError message={posted?.formError ? t(posted.formError as never) : undefined} />
      <Form method="post" encType="multipart/form-data" className="card" aria-labelledby="import-form-title">
        <h2 id="import-form-title">{t('costs.import.formTitle')}</h2>
        <div className="field">
          <label htmlFor={fileId}>{t('costs.import.file')}</label>
          <input id={fileId} type="file" name="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" />
        </div>
        <div className="toolbar">
          <button type="submit" name="intent" value="preview" className="secondary" disabled={busy}>
            {t('costs.import.preview')}
          </button>
          <button type="submit" name="intent" value="commit" disabled={busy}>
            {t('costs.import.commit')}
          </button>
        </div>
      </Form>
      {posted?.result ? <ImportReport result={posted.result} /> : null}
      {posted?.carried ? (
        <Form method="post" encType="multipart/form-data" className="card">
          <input type="hidden" name="intent" value="commit" />
          <input type="hidden" name="carried" value={posted.carried.base64} />
          <input type="hidden" name="carriedName" value={posted.carried.fileName} />
          <p>{t('costs.import.readyToCommit', { rows: posted.result?.rows.length ?? 0, file: posted.carried.fileName })}</p>
          <button type="submit" disabled={busy}>
            {t('costs.import.commitChecked')}
          </button>
        </Form>
      ) : null}
      <p>
        <Link to={`/app/units/${unit.id}/costs`}>{t('costs.import.back')}</Link>
      </p>
    </>
  );
}
