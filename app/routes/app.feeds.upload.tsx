import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { UploadForm } from '#app/components/feeds/upload-form';
import { FEED_TEMPLATES } from '#app/domain/feeds/templates';
import { pageTitle } from '#app/i18n/meta';
import { useT } from '#app/i18n/react';
import { requireMember } from '#app/lib/auth.server';
import { handleFeedForm, intentOf } from '#app/lib/feed-upload-form.server';
import { isUploadableUnit, unitLabel } from '#app/lib/feed-units.server';
import { throwHttpError } from '#app/lib/form-errors.server';
import { MAX_FEED_BYTES } from '#app/services/feeds/ingest.server';
import { listUnits } from '#app/services/units.server';
import feedsStyles from '#app/styles/feeds.css?url';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'titles.feedUpload');
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: feedsStyles }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { ctx } = await requireMember(request, context, 'upload:feeds');
  const units = (await listUnits(ctx)).filter((unit) => isUploadableUnit(ctx, unit));
  const wanted = new URL(request.url).searchParams.get('unit');
  return {
    units: units.map((unit) => ({ id: unit.id, label: unitLabel(unit) })),
    templates: FEED_TEMPLATES.map((tpl) => ({ id: tpl.id, label: tpl.label, kind: tpl.kind })),
    maxBytes: MAX_FEED_BYTES,
    defaults: { unitId: units.find((u) => u.id === wanted)?.id ?? units[0]?.id ?? '', kind: '', templateId: '' },
  };
}

/** The form posted without JavaScript: a preview is rendered here; a commit ends on the upload's page. */
export async function action({ request, context }: ActionFunctionArgs) {
  const { ctx } = await requireMember(request, context, 'upload:feeds');
  const outcome = await handleFeedForm(request, ctx, intentOf(request)).catch(throwHttpError);
  if (outcome.type === 'committed') return redirect(`/app/feeds/uploads/${outcome.uploadId}${outcome.isDuplicate ? '?duplicate=1' : ''}`);
  if (outcome.type === 'invalid') return data({ values: outcome.values, fieldErrors: outcome.fieldErrors, formError: outcome.formError, preview: null }, { status: 422 });
  return data({ values: outcome.values, fieldErrors: {}, formError: null, preview: outcome.preview });
}

export default function UploadFeedPage() {
  const t = useT();
  const { units, templates, maxBytes, defaults } = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  return (
    <>
      <p>
        <Link to="/app/feeds">{t('feedsUi.upload.back')}</Link>
      </p>
      <h1>{t('feedsUi.upload.title')}</h1>
      <p className="muted">{t('feedsUi.upload.intro')}</p>
      <UploadForm units={units} templates={templates} maxBytes={maxBytes} defaults={defaults} posted={posted ?? null} />
    </>
  );
}
