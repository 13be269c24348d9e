import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { Breadcrumbs } from '#app/components/programs/form-bits';
import { ProgramForm } from '#app/components/programs/program-form';
import { blankProgramValues, programFormValuesFrom, timeZoneOptions, toProgramInput } from '#app/components/programs/program-form-values';
import { pageTitle } from '#app/i18n/meta';
import { useT } from '#app/i18n/react';
import { requireMember } from '#app/lib/auth.server';
import { formFailureOf } from '#app/lib/form-errors.server';
import { createProgram } from '#app/services/programs.server';
import programsStyles from '#app/styles/programs.css?url';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'titles.programNew');
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: programsStyles }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { ctx } = await requireMember(request, context, 'write:programs');
  if (ctx.orgKind !== 'client') throw new Response('Forbidden', { status: 403 });
  const values = blankProgramValues();
  return { values, timeZones: timeZoneOptions(values.timeZone) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { ctx } = await requireMember(request, context, 'write:programs');
  const values = programFormValuesFrom(await request.formData());
  try {
    const program = await createProgram(ctx, toProgramInput(values));
    return redirect(`/app/programs/${program.id}`);
  } catch (error) {
    const failure = formFailureOf(error);
    return data({ values, ...failure }, { status: failure.status });
  }
}

export default function NewProgramPage() {
  const t = useT();
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  return (
    <>
      <Breadcrumbs items={[{ to: '/app/programs', label: t('programsUi.list.title') }, { label: t('programsUi.new.title') }]} />
      <h1>{t('programsUi.new.title')}</h1>
      <ProgramForm
        values={result?.values ?? loaded.values}
        errors={result?.fieldErrors}
        formError={result?.formError}
        timeZones={loaded.timeZones}
        submitLabel={t('programsUi.new.submit')}
        busy={busy}
      />
    </>
  );
}
