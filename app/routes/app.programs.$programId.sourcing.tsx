import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { FormError, SelectField } from '#app/components/field';
import { Breadcrumbs, FieldGroup, TextAreaField, useFieldError } from '#app/components/programs/form-bits';
import { SourcingResult } from '#app/components/programs/sourcing-result';
import { can } from '#app/domain/permissions';
import { LEVELS, SOURCING_CONCERNS, type SourcingInput } from '#app/domain/programs/sourcing';
import { pageTitle } from '#app/i18n/meta';
import { useT } from '#app/i18n/react';
import { requireMember } from '#app/lib/auth.server';
import { parseNestedForm, textOf } from '#app/lib/form-data';
import { formFailureOf, idParam, throwHttpError } from '#app/lib/form-errors.server';
import { getProgram, getSourcingAssessment, saveSourcingAssessment } from '#app/services/programs.server';
import programsStyles from '#app/styles/programs.css?url';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'titles.sourcing');
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: programsStyles }];

const notFound = () => new Response('Not found', { status: 404 });

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx } = await requireMember(request, context, 'read:programs');
  // The assessment is the client's internal view of its own program; vendors never see it.
  if (ctx.orgKind !== 'client') throw notFound();
  const programId = idParam(params.programId);
  const program = await getProgram(ctx, programId).catch(throwHttpError);
  const sourcing = await getSourcingAssessment(ctx, programId).catch(throwHttpError);
  return {
    programId,
    programName: program.name,
    canWrite: can(ctx.role, 'write:programs'),
    input: sourcing?.input ?? null,
    assessment: sourcing?.assessment ?? null,
    saved: new URL(request.url).searchParams.has('saved'),
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { ctx } = await requireMember(request, context, 'write:programs');
  const programId = idParam(params.programId);
  const raw = parseNestedForm(await request.formData());
  const concerns = (raw.concerns ?? {}) as Record<string, unknown>;
  const values = {
    dependence: textOf(raw.dependence),
    innovation: textOf(raw.innovation),
    variability: textOf(raw.variability),
    complexity: textOf(raw.complexity),
    concerns: Object.fromEntries(SOURCING_CONCERNS.map((c) => [c, textOf(concerns[c])])) as Record<string, string>,
    notes: textOf(raw.notes),
  };
  try {
    await saveSourcingAssessment(ctx, programId, values as unknown as SourcingInput);
    return redirect(`/app/programs/${programId}/sourcing?saved=1`);
  } catch (error) {
    const failure = formFailureOf(error);
    return data({ values, ...failure }, { status: failure.status });
  }
}

export default function SourcingPage() {
  const t = useT();
  const { programId, programName, canWrite, input, assessment, saved } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errorOf = useFieldError(result?.fieldErrors);
  const busy = useNavigation().state === 'submitting';
  const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));
  const values = result?.values ?? {
    dependence: str(input?.dependence ?? 3),
    innovation: str(input?.innovation ?? 3),
    variability: input?.variability ?? 'low',
    complexity: input?.complexity ?? 'low',
    concerns: Object.fromEntries(SOURCING_CONCERNS.map((c) => [c, str(input?.concerns[c] ?? 3)])),
    notes: input?.notes ?? '',
  };
  const scoreOptions = [1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: t('programsUi.sourcing.score', { n }) }));
  const levelOptions = LEVELS.map((l) => ({ value: l, label: t(`programsUi.level.${l}`) }));
  return (
    <>
      <Breadcrumbs
        items={[
          { to: '/app/programs', label: t('programsUi.list.title') },
          { to: `/app/programs/${programId}`, label: programName },
          { label: t('programsUi.sourcing.title') },
        ]}
      />
      <h1>{t('programsUi.sourcing.heading', { name: programName })}</h1>
      {saved && !result ? (
        <p className="notice" role="status">
          {t('programsUi.sourcing.saved')}
        </p>
      ) : null}
      {assessment ? <SourcingResult programId={programId} programName={programName} result={assessment} /> : <p className="muted">{t('programsUi.sourcing.notAssessed')}</p>}
      {canWrite ? (
        <>
          <h2>{t('programsUi.sourcing.formTitle')}</h2>
          <Form method="post" className="stack" noValidate>
            <FormError message={result ? t('programsUi.form.fixErrors') : undefined} />
            <FieldGroup legend={t('programsUi.sourcing.mcfarlan')} hint={t('programsUi.sourcing.mcfarlanHint')}>
              <SelectField label={t('programsUi.sourcing.dependence')} name="dependence" defaultValue={values.dependence} options={scoreOptions} error={errorOf('dependence')} />
              <SelectField label={t('programsUi.sourcing.innovation')} name="innovation" defaultValue={values.innovation} options={scoreOptions} error={errorOf('innovation')} />
            </FieldGroup>
            <FieldGroup legend={t('programsUi.sourcing.contacts')}>
              <SelectField label={t('programsUi.sourcing.variability')} name="variability" defaultValue={values.variability} options={levelOptions} error={errorOf('variability')} />
              <SelectField label={t('programsUi.sourcing.complexity')} name="complexity" defaultValue={values.complexity} options={levelOptions} error={errorOf('complexity')} />
            </FieldGroup>
            <FieldGroup legend={t('programsUi.sourcing.concerns')} hint={t('programsUi.sourcing.concernsHint')}>
              {SOURCING_CONCERNS.map((c) => (
                <SelectField key={c} label={t(`programs.sourcing.concern.${c}`)} name={`concerns.${c}`} defaultValue={values.concerns[c]} options={scoreOptions} error={errorOf(`concerns.${c}`)} />
              ))}
            </FieldGroup>
            <TextAreaField label={t('programsUi.sourcing.notes')} name="notes" defaultValue={values.notes} maxLength={2000} error={errorOf('notes')} />
            <div>
              <button type="submit" disabled={busy}>
                {t('programsUi.sourcing.submit')}
              </button>
            </div>
          </Form>
        </>
      ) : null}
    </>
  );
}
