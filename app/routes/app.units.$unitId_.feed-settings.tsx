import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { z } from 'zod';
import { Field, FormError, SelectField } from '#app/components/field';
import type { MessageKey } from '#app/i18n/index';
import { pageTitle } from '#app/i18n/meta';
import { useT } from '#app/i18n/react';
import { requireMember } from '#app/lib/auth.server';
import { formFailureOf, idParam, throwHttpError } from '#app/lib/form-errors.server';
import { getUnitFeedSettings, setUnitFeedSettings } from '#app/services/feeds/settings.server';
import { getUnit } from '#app/services/units.server';

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, 'titles.feedSettings', { unit: data?.unitName });

const NUMBER = 'feedsUi.settings.error.number';
const FormSchema = z.object({
  cadence: z.enum(['daily', 'weekly', 'monthly'], NUMBER),
  deadlineTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'feedsUi.settings.error.time'),
  deadlineDays: z.coerce.number(NUMBER).int(NUMBER).min(0, NUMBER).max(31, NUMBER),
  authoritativeSource: z.enum(['intervals', 'contacts'], NUMBER),
  toleranceCount: z.coerce.number(NUMBER).int(NUMBER).min(0, NUMBER).max(1_000_000, NUMBER),
  toleranceSeconds: z.coerce.number(NUMBER).min(0, NUMBER).max(1_000_000, NUMBER),
  toleranceRelativePct: z.coerce.number(NUMBER).min(0, NUMBER).max(100, NUMBER),
});

async function loadUnitOfClient(request: Request, context: LoaderFunctionArgs['context'], unitIdParam: string | undefined) {
  const { ctx } = await requireMember(request, context, 'write:programs');
  const unitId = idParam(unitIdParam);
  const unit = await getUnit(ctx, unitId).catch(throwHttpError);
  return { ctx, unit };
}

/** The client's program managers set how a unit reports: cadence, deadline, authoritative source, tolerances. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx, unit } = await loadUnitOfClient(request, context, params.unitId);
  const settings = await getUnitFeedSettings(ctx, unit.id).catch(throwHttpError);
  return { unitId: unit.id, unitName: unit.name, settings };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { ctx, unit } = await loadUnitOfClient(request, context, params.unitId);
  const values = Object.fromEntries([...(await request.formData())].filter(([, v]) => typeof v === 'string')) as Record<string, string>;
  const parsed = FormSchema.safeParse(values);
  if (!parsed.success) {
    const fieldErrors = Object.fromEntries(parsed.error.issues.map((issue) => [String(issue.path[0]), issue.message]));
    return data({ values, fieldErrors, formError: null as string | null, saved: false }, { status: 422 });
  }
  try {
    const current = await getUnitFeedSettings(ctx, unit.id);
    // The custom column mapping is edited elsewhere; saving the schedule keeps it.
    await setUnitFeedSettings(ctx, unit.id, { ...parsed.data, customMapping: current.customMapping });
  } catch (error) {
    const failure = formFailureOf(error);
    return data({ values, fieldErrors: failure.fieldErrors, formError: failure.formError, saved: false }, { status: failure.status });
  }
  return data({ values, fieldErrors: {} as Record<string, string>, formError: null as string | null, saved: true });
}

export default function FeedSettingsPage() {
  const t = useT();
  const { unitId, unitName, settings } = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  const shown: Record<string, string> = posted && !posted.saved ? posted.values : Object.fromEntries(Object.entries(settings).map(([k, v]) => [k, String(v)]));
  const errors: Record<string, string> = posted?.fieldErrors ?? {};
  const err = (name: string) => (errors[name] ? t(errors[name] as MessageKey) : undefined);
  return (
    <>
      <p>
        <Link to="/app/feeds">{t('feedsUi.settings.back')}</Link> · <Link to={`/app/units/${unitId}`}>{unitName}</Link>
      </p>
      <h1>{t('feedsUi.settings.title', { unit: unitName })}</h1>
      <p className="muted">{t('feedsUi.settings.intro')}</p>
      {posted?.saved ? (
        <p className="notice" role="status">
          {t('feedsUi.settings.saved')}
        </p>
      ) : !settings.isSaved ? (
        <p className="notice warn">{t('feedsUi.settings.notSaved')}</p>
      ) : null}
      <FormError message={posted?.formError ?? undefined} />
      <Form method="post" noValidate className="card" key={JSON.stringify(shown)}>
        <SelectField
          label={t('feedsUi.settings.cadence')}
          name="cadence"
          defaultValue={shown.cadence}
          error={err('cadence')}
          options={(['daily', 'weekly', 'monthly'] as const).map((c) => ({ value: c, label: t(`feedsUi.cadence.${c}`) }))}
        />
        <Field label={t('feedsUi.settings.deadlineTime')} name="deadlineTime" type="time" defaultValue={shown.deadlineTime} error={err('deadlineTime')} required />
        <Field
          label={t('feedsUi.settings.deadlineDays')}
          name="deadlineDays"
          type="number"
          min={0}
          max={31}
          defaultValue={shown.deadlineDays}
          error={err('deadlineDays')}
          hint={t('feedsUi.settings.deadlineDaysHint')}
        />
        <SelectField
          label={t('feedsUi.settings.authoritative')}
          name="authoritativeSource"
          defaultValue={shown.authoritativeSource}
          error={err('authoritativeSource')}
          options={(['intervals', 'contacts'] as const).map((k) => ({ value: k, label: t(`feedsUi.kind.${k}`) }))}
        />
        <Field label={t('feedsUi.settings.toleranceCount')} name="toleranceCount" type="number" min={0} defaultValue={shown.toleranceCount} error={err('toleranceCount')} />
        <Field label={t('feedsUi.settings.toleranceSeconds')} name="toleranceSeconds" type="number" min={0} step="any" defaultValue={shown.toleranceSeconds} error={err('toleranceSeconds')} />
        <Field
          label={t('feedsUi.settings.toleranceRelativePct')}
          name="toleranceRelativePct"
          type="number"
          min={0}
          max={100}
          step="any"
          defaultValue={shown.toleranceRelativePct}
          error={err('toleranceRelativePct')}
        />
        <button type="submit" disabled={busy}>
          {t('feedsUi.settings.save')}
        </button>
      </Form>
      <section className="card" aria-labelledby="custom-mapping-heading">
        <h2 id="custom-mapping-heading">{t('feedsUi.settings.mappingTitle')}</h2>
        <p>
          {settings.customMapping
            ? t('feedsUi.settings.mappingSaved', { label: typeof settings.customMapping.label === 'string' ? settings.customMapping.label : t('feedsUi.mapping.link') })
            : t('feedsUi.settings.mappingNone')}
        </p>
        <p>
          <Link to={`/app/units/${unitId}/feed-mapping`}>{t('feedsUi.mapping.edit')}</Link>
        </p>
      </section>
    </>
  );
}
