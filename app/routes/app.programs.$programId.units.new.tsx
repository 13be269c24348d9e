import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { z } from 'zod';
import { Field, FormError, SelectField } from '#app/components/field';
import { Breadcrumbs, FieldGroup, useFieldError, useMessage } from '#app/components/programs/form-bits';
import { UNIT_KINDS, vendorInvitationInputSchema, type UnitKind } from '#app/domain/programs/schemas';
import { pageTitle } from '#app/i18n/meta';
import { useT } from '#app/i18n/react';
import { requireMember } from '#app/lib/auth.server';
import { textOf, type FieldErrors } from '#app/lib/form-data';
import { formFailureOf, idParam, throwHttpError } from '#app/lib/form-errors.server';
import { listLinkedVendors } from '#app/services/contracts.server';
import { getProgram } from '#app/services/programs.server';
import { addUnit } from '#app/services/units.server';
import { unitRefusalOf, type UnitRefusal } from '#app/services/subscriptions/limits.server';
import { inviteVendorToUnit } from '#app/services/vendor-invitations.server';
import programsStyles from '#app/styles/programs.css?url';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'titles.unitNew');
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: programsStyles }];

async function loadProgram(request: Request, context: LoaderFunctionArgs['context'], rawId: string | undefined) {
  const { ctx } = await requireMember(request, context, 'write:programs');
  const programId = idParam(rawId);
  const program = await getProgram(ctx, programId).catch(throwHttpError);
  if (program.clientOrgId !== ctx.orgId) throw new Response('Not found', { status: 404 });
  return { ctx, program };
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx, program } = await loadProgram(request, context, params.programId);
  return { programId: program.id, programName: program.name, vendors: await listLinkedVendors(ctx) };
}

interface UnitFormValues {
  kind: string;
  name: string;
  site: string;
  volumeSharePct: string;
  vendorOrgId: string;
  inviteEmail: string;
  inviteVendorName: string;
}

const withPrefix = (prefix: string, errors: FieldErrors): FieldErrors => Object.fromEntries(Object.entries(errors).map(([k, v]) => [`${prefix}.${k}`, v]));

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { ctx, program } = await loadProgram(request, context, params.programId);
  const form = Object.fromEntries(await request.formData());
  const values: UnitFormValues = {
    kind: textOf(form.kind),
    name: textOf(form.name),
    site: textOf(form.site),
    volumeSharePct: textOf(form.volumeSharePct),
    vendorOrgId: textOf(form.vendorOrgId),
    inviteEmail: textOf(form['invite.email']),
    inviteVendorName: textOf(form['invite.vendorName']),
  };
  const fail = (status: number, fieldErrors: FieldErrors, formError: string | null = null, planRefusal: UnitRefusal | null = null) =>
    data({ values, fieldErrors, formError, invited: null, planRefusal }, { status });
  const isVendor = values.kind === 'vendor';
  const linkedVendorOrgId = isVendor && values.vendorOrgId ? values.vendorOrgId : undefined;
  if (linkedVendorOrgId && !z.uuid().safeParse(linkedVendorOrgId).success) return fail(422, { vendorOrgId: 'programs.error.invalidVendor' });
  // The invitation is checked before the unit is created, so a bad address leaves nothing half-made.
  const invitation = isVendor && !linkedVendorOrgId ? vendorInvitationInputSchema.safeParse({ email: values.inviteEmail, vendorName: values.inviteVendorName }) : null;
  if (invitation && !invitation.success) {
    return fail(422, withPrefix('invite', Object.fromEntries(invitation.error.issues.map((i) => [i.path.join('.'), i.message]))));
  }
  try {
    const unit = await addUnit(ctx, program.id, { kind: values.kind as UnitKind, name: values.name, site: values.site, volumeSharePct: values.volumeSharePct || '0' }, { linkedVendorOrgId });
    if (!invitation) return redirect(`/app/units/${unit.id}`);
    const sent = await inviteVendorToUnit(ctx, unit.id, invitation.data, { origin: new URL(request.url).origin });
    return data({ values, fieldErrors: {} as FieldErrors, formError: null, invited: { unitId: unit.id, unitName: unit.name, email: sent.email, acceptUrl: sent.acceptUrl }, planRefusal: null });
  } catch (error) {
    // The platform plan is full or past due (app/services/subscriptions/limits.server.ts): say so, with a way out.
    const planRefusal = unitRefusalOf(error, ctx);
    if (planRefusal) return fail(402, {}, null, planRefusal);
    const failure = formFailureOf(error);
    return fail(failure.status, failure.fieldErrors, failure.formError);
  }
}

export default function NewUnitPage() {
  const t = useT();
  const message = useMessage();
  const { programId, programName, vendors } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errorOf = useFieldError(result?.fieldErrors);
  const busy = useNavigation().state === 'submitting';
  const values = result?.values;
  const crumbs = [
    { to: '/app/programs', label: t('programsUi.list.title') },
    { to: `/app/programs/${programId}`, label: programName },
    { label: t('programsUi.unitNew.title') },
  ];
  if (result?.invited) {
    return (
      <>
        <Breadcrumbs items={crumbs} />
        <h1>{t('programsUi.unitNew.invitedTitle')}</h1>
        <p className="notice" role="status">
          {t('programsUi.unitNew.invited', { email: result.invited.email, unit: result.invited.unitName })}
        </p>
        <p>{t('programsUi.invite.linkIntro')}</p>
        <p className="secret" data-testid="accept-url">
          {result.invited.acceptUrl}
        </p>
        <p>
          <Link to={`/app/units/${result.invited.unitId}`}>{t('programsUi.unitNew.goToUnit')}</Link>
        </p>
      </>
    );
  }
  return (
    <>
      <Breadcrumbs items={crumbs} />
      <h1>{t('programsUi.unitNew.heading', { program: programName })}</h1>
      <Form method="post" className="stack" noValidate>
        {result?.planRefusal ? (
          <div className="form-error" role="alert" data-testid="plan-refusal">
            <p>{t(result.planRefusal.key, { limit: result.planRefusal.limit ?? '' })}</p>
            {result.planRefusal.canUpgrade ? <Link to="/app/subscription">{t('subscriptions.upgradeLink')}</Link> : <p>{t('subscriptions.askOwner')}</p>}
          </div>
        ) : (
          <FormError message={message(result?.formError) ?? (result ? t('programsUi.form.fixErrors') : undefined)} />
        )}
        <FieldGroup legend={t('programsUi.unit.kind')} error={errorOf('kind')}>
          {UNIT_KINDS.map((kind) => (
            <label key={kind} className="checkbox">
              <input type="radio" name="kind" value={kind} defaultChecked={(values?.kind ?? 'in_house') === kind} /> {t(`programsUi.unitKind.${kind}`)}
            </label>
          ))}
        </FieldGroup>
        <Field label={t('programsUi.unit.name')} name="name" defaultValue={values?.name} required maxLength={120} error={errorOf('name')} />
        <Field label={t('programsUi.unit.site')} name="site" defaultValue={values?.site} maxLength={200} error={errorOf('site')} />
        <Field
          label={t('programsUi.unit.volumeSharePct')}
          name="volumeSharePct"
          type="number"
          min={0}
          max={100}
          step="0.01"
          inputMode="decimal"
          defaultValue={values?.volumeSharePct ?? '0'}
          error={errorOf('volumeSharePct')}
        />
        <FieldGroup legend={t('programsUi.unitNew.vendorLegend')} hint={t('programsUi.unitNew.vendorHint')}>
          <SelectField
            label={t('programsUi.unitNew.linkedVendor')}
            name="vendorOrgId"
            defaultValue={values?.vendorOrgId ?? ''}
            options={[{ value: '', label: t('programsUi.unitNew.inviteNew') }, ...vendors.map((v) => ({ value: v.id, label: v.name }))]}
            error={errorOf('vendorOrgId')}
          />
          <Field label={t('programsUi.invite.email')} name="invite.email" type="email" autoComplete="off" defaultValue={values?.inviteEmail} error={errorOf('invite.email')} />
          <Field label={t('programsUi.invite.vendorName')} name="invite.vendorName" defaultValue={values?.inviteVendorName} maxLength={120} error={errorOf('invite.vendorName')} />
        </FieldGroup>
        <div>
          <button type="submit" disabled={busy}>
            {t('programsUi.unitNew.submit')}
          </button>
        </div>
      </Form>
    </>
  );
}
