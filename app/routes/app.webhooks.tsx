import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { WEBHOOK_EVENTS, type WebhookEvent } from '#db/schema/index';
import { Field, FormError } from '#app/components/field';
import { SecretOnce } from '#app/components/secret-once';
import { formatDateTime } from '#app/i18n/format';
import { pageTitle } from '#app/i18n/meta';
import { useLocale, useT } from '#app/i18n/react';
import { requireMember } from '#app/lib/auth.server';
import { AppError } from '#app/lib/errors';
import { createWebhookEndpoint, listWebhookDeliveries, listWebhookEndpoints, setWebhookEndpointActive } from '#app/services/sla/webhooks.server';
import { webhookUrlProblem } from '#app/services/sla/webhook-target.server';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'titles.webhooks');

/** The page can carry a freshly created signing secret: never let a cache keep it. */
export const headers: HeadersFunction = () => ({ 'Cache-Control': 'no-store' });

const notFound = () => new Response('Not found', { status: 404 });

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { ctx } = await requireMember(request, context, 'manage:api-keys');
  const [endpoints, deliveries] = await Promise.all([listWebhookEndpoints(ctx), listWebhookDeliveries(ctx, { limit: 50 })]);
  const url = new URL(request.url);
  const toggledId = url.searchParams.get('paused') ?? url.searchParams.get('resumed');
  const toggled = toggledId ? endpoints.find((e) => e.id === toggledId) : undefined;
  const notice = toggled ? { kind: url.searchParams.has('paused') ? ('paused' as const) : ('resumed' as const), url: toggled.url } : null;
  return { endpoints, deliveries, notice };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { ctx } = await requireMember(request, context, 'manage:api-keys');
  const form = await request.formData();
  const intent = form.get('intent');
  if (intent === 'pause' || intent === 'resume') {
    const id = String(form.get('id') ?? '');
    try {
      await setWebhookEndpointActive(ctx, id, intent === 'resume');
    } catch (error) {
      if (error instanceof AppError && error.code === 'NOT_FOUND') throw notFound();
      throw error;
    }
    return redirect(`/app/webhooks?${intent === 'pause' ? 'paused' : 'resumed'}=${encodeURIComponent(id)}`);
  }
  if (intent !== 'create') throw new Response('Unknown action', { status: 400 });
  const url = String(form.get('url') ?? '').trim();
  const events = form.getAll('events').map(String);
  const problem = webhookUrlProblem(url);
  if (problem || events.some((e) => !(WEBHOOK_EVENTS as readonly string[]).includes(e))) {
    const message = problem === 'private_host' ? ('webhooks.error.privateHost' as const) : ('webhooks.error.url' as const);
    return data({ created: null, error: message, url }, { status: 400 });
  }
  try {
    const created = await createWebhookEndpoint(ctx, { url, events: events as WebhookEvent[] });
    return data({ created, error: null, url });
  } catch (error) {
    if (error instanceof AppError && error.code === 'UNPROCESSABLE') return data({ created: null, error: 'webhooks.error.url' as const, url }, { status: 422 });
    throw error;
  }
}

export default function WebhooksPage() {
  const t = useT();
  const locale = useLocale();
  const { endpoints, deliveries, notice } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  const endpointUrl = new Map(endpoints.map((e) => [e.id, e.url]));

  if (result?.created?.secret) {
    return (
      <SecretOnce
        title={t('webhooks.createdTitle', { url: result.created.url })}
        warning={t('webhooks.createdOnce')}
        label={t('webhooks.secretLabel')}
        secret={result.created.secret}
        hint={t('webhooks.copyHint')}
        testId="webhook-secret"
        back={{ to: '/app/webhooks', label: t('webhooks.backToList') }}
      />
    );
  }

  return (
    <>
      <h1>{t('webhooks.title')}</h1>
      <p>{t('webhooks.intro')}</p>
      {notice ? (
        <p className="notice" role="status">
          {t(notice.kind === 'paused' ? 'webhooks.pausedNotice' : 'webhooks.resumedNotice', { url: notice.url })}
        </p>
      ) : null}
      {endpoints.length === 0 ? (
        <p className="muted">{t('webhooks.empty')}</p>
      ) : (
        <table className="data">
          <caption className="muted">{t('webhooks.listCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('webhooks.col.url')}</th>
              <th scope="col">{t('webhooks.col.events')}</th>
              <th scope="col">{t('webhooks.col.status')}</th>
              <th scope="col">{t('webhooks.col.created')}</th>
              <th scope="col">{t('webhooks.col.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {endpoints.map((endpoint) => (
              <tr key={endpoint.id}>
                <th scope="row">
                  <code>{endpoint.url}</code>
                </th>
                <td>{endpoint.events.length ? endpoint.events.map((e) => t(`webhooks.event.${e as WebhookEvent}`)).join(', ') : t('webhooks.allEvents')}</td>
                <td>
                  <span className={`badge ${endpoint.isActive ? 'ok' : 'warn'}`}>{t(endpoint.isActive ? 'webhooks.active' : 'webhooks.paused')}</span>
                </td>
                <td>{formatDateTime(locale, endpoint.createdAt)}</td>
                <td>
                  <Form method="post">
                    <input type="hidden" name="intent" value={endpoint.isActive ? 'pause' : 'resume'} />
                    <input type="hidden" name="id" value={endpoint.id} />
                    <button type="submit" className="secondary" disabled={busy} aria-label={t(endpoint.isActive ? 'webhooks.pauseLabel' : 'webhooks.resumeLabel', { url: endpoint.url })}>
                      {t(endpoint.isActive ? 'webhooks.pause' : 'webhooks.resume')}
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>{t('webhooks.createTitle')}</h2>
      <Form method="post" className="stack" noValidate>
        <FormError message={result?.error ? t('form.errorSummary') : undefined} />
        <input type="hidden" name="intent" value="create" />
        <Field label={t('webhooks.url')} name="url" type="url" required autoComplete="off" defaultValue={result?.url ?? ''} hint={t('webhooks.urlHint')} error={result?.error ? t(result.error) : undefined} />
        <fieldset>
          <legend>{t('webhooks.events')}</legend>
          <p className="field-hint">{t('webhooks.eventsHint')}</p>
          <div className="checkbox-list">
            {WEBHOOK_EVENTS.map((event) => (
              <label key={event} className="checkbox">
                <input type="checkbox" name="events" value={event} /> {t(`webhooks.event.${event}`)}
              </label>
            ))}
          </div>
        </fieldset>
        <button type="submit" disabled={busy}>
          {t('webhooks.create')}
        </button>
      </Form>

      <h2>{t('webhooks.deliveriesTitle')}</h2>
      {deliveries.length === 0 ? (
        <p className="muted">{t('webhooks.deliveriesEmpty')}</p>
      ) : (
        <table className="data">
          <caption className="muted">{t('webhooks.deliveriesCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('webhooks.col.created')}</th>
              <th scope="col">{t('webhooks.col.url')}</th>
              <th scope="col">{t('webhooks.col.event')}</th>
              <th scope="col">{t('webhooks.col.status')}</th>
              <th scope="col">{t('webhooks.col.attempts')}</th>
              <th scope="col">{t('webhooks.col.response')}</th>
              <th scope="col">{t('webhooks.col.lastError')}</th>
              <th scope="col">{t('webhooks.col.next')}</th>
            </tr>
          </thead>
          <tbody>
            {deliveries.map((delivery) => (
              <tr key={delivery.id}>
                <td>{formatDateTime(locale, delivery.createdAt)}</td>
                <td>
                  <code>{endpointUrl.get(delivery.endpointId) ?? '—'}</code>
                </td>
                <td>{t(`webhooks.event.${delivery.event as WebhookEvent}`)}</td>
                <td>{t(`webhooks.status.${delivery.status as 'pending' | 'delivered' | 'failed' | 'gave_up'}`)}</td>
                <td className="num">{delivery.attempts}</td>
                <td className="num">{delivery.responseCode ?? '—'}</td>
                <td>{delivery.lastError ?? '—'}</td>
                <td>{delivery.status === 'pending' || delivery.status === 'failed' ? formatDateTime(locale, delivery.nextAttemptAt) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
