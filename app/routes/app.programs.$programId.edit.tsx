import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { Breadcrumbs } from '#app/components/programs/form-bits';
import { ProgramForm } from '#app/components/programs/program-form';
import { programFormValuesFrom, programValuesOf, timeZoneOptions, toProgramInput } from '#app/components/programs/program-form-values';
import { pageTitle } from '#app/i18n/meta';
import { useT } from '#app/i18n/react';
import { requireMember } from '#app/lib/auth.server';
import { formFailureOf, idParam, throwHttpError } from '#app/lib/form-errors.server';
import { getProgram, updateProgram } from '#app/services/programs.server';
import programsStyles from '#app/styles/programs.css?url';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'titles.programEdit');
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: programsStyles }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx } = await requireMember(request, context, 'write:programs');
  const programId = idParam(params.programId);
  const program = await getProgram(ctx, programId).catch(throwHttpError);
  // A vendor never edits a client's program; for it the program "does not exist" here.
  if (program.clientOrgId !== ctx.orgId) throw new Response('Not found', { status: 404 });
  const values = programValuesOf(program);
  return { programId, programName: program.name, values, timeZones: timeZoneOptions(values.timeZone) };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { ctx } = await requireMember(request, context, 'write:programs');
  const programId = idParam(params.programId);
  const values = programFormValuesFrom(await request.formData());
  try {
    await updateProgram(ctx, programId, toProgramInput(values));
    return redirect(`/app/programs/${programId}`);
  } catch (error) {
    const failure = formFailureOf(error);
    return data({ values, ...failure }, { status: failure.status });
  }
}

export default function EditProgramPage() {
  const t = useT();
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  return (
    <>
      <Breadcrumbs
        items={[
          { to: '/app/programs', label: t('programsUi.list.title') },
          { to: `/app/programs/${loaded.programId}`, label: loaded.programName },
          { label: t('programsUi.edit.title') },
        ]}
      />
      <h1>{t('programsUi.edit.heading', { name: loaded.programName })}</h1>
      <ProgramForm
        values={result?.values ?? loaded.values}
        errors={result?.fieldErrors}
        formError={result?.formError}
        timeZones={loaded.timeZones}
        submitLabel={t('programsUi.edit.submit')}
        busy={busy}
      />
    </>
  );
}
