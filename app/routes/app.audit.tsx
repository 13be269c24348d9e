import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { Field } from '#app/components/field';
import { formatDateTime } from '#app/i18n/format';
import { pageTitle } from '#app/i18n/meta';
import { useLocale, useT } from '#app/i18n/react';
import { requireMember } from '#app/lib/auth.server';
import { pageAuditEvents } from '#app/services/audit.server';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'titles.audit');

const PAGE_SIZE = 50;
const DAY_MS = 24 * 60 * 60 * 1000;

/** A bad filter value is ignored rather than an error: the query string is hand-editable. */
const text = z.string().trim().max(200).optional().catch(undefined).transform((v) => v || undefined);
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)))
  .optional()
  .catch(undefined);
const AuditQuerySchema = z.object({
  action: text,
  objectType: text,
  actor: text,
  from: day,
  to: day,
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { ctx } = await requireMember(request, context, 'read:audit');
  const query = AuditQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const { events, hasNext } = await pageAuditEvents(
    ctx,
    {
      action: query.action,
      objectType: query.objectType,
      actor: query.actor,
      // Dates are whole UTC days; "to" includes its day, so the bound is the next midnight.
      from: query.from ? new Date(`${query.from}T00:00:00Z`) : undefined,
      to: query.to ? new Date(Date.parse(`${query.to}T00:00:00Z`) + DAY_MS) : undefined,
    },
    query.page,
    PAGE_SIZE,
  );
  return { events, hasNext, query };
}

function pageHref(query: z.output<typeof AuditQuerySchema>, page: number): string {
  const params = new URLSearchParams();
  for (const key of ['action', 'objectType', 'actor', 'from', 'to'] as const) {
    const value = query[key];
    if (value) params.set(key, value);
  }
  if (page > 1) params.set('page', String(page));
  const search = params.toString();
  return search ? `?${search}` : '.';
}

export default function AuditPage() {
  const t = useT();
  const locale = useLocale();
  const { events, hasNext, query } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t('audit.title')}</h1>
      <p>{t('audit.intro')}</p>
      <Form method="get" className="toolbar" role="search" aria-label={t('audit.filters')}>
        <Field label={t('audit.filter.action')} name="action" defaultValue={query.action ?? ''} />
        <Field label={t('audit.filter.objectType')} name="objectType" defaultValue={query.objectType ?? ''} />
        <Field label={t('audit.filter.actor')} name="actor" defaultValue={query.actor ?? ''} />
        <Field label={t('audit.filter.from')} name="from" type="date" defaultValue={query.from ?? ''} />
        <Field label={t('audit.filter.to')} name="to" type="date" defaultValue={query.to ?? ''} />
        <button type="submit">{t('audit.filter.apply')}</button>
        <Link to="/app/audit" className="button secondary">
          {t('audit.filter.clear')}
        </Link>
      </Form>
      {events.length === 0 ? (
        <p className="muted" role="status">
          {t('audit.empty')}
        </p>
      ) : (
        <table className="data">
          <caption className="muted">{t('audit.caption', { page: query.page })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('audit.col.when')}</th>
              <th scope="col">{t('audit.col.who')}</th>
              <th scope="col">{t('audit.col.action')}</th>
              <th scope="col">{t('audit.col.object')}</th>
              <th scope="col">{t('audit.col.ip')}</th>
              <th scope="col">{t('audit.col.details')}</th>
            </tr>
          </thead>
          <tbody>
            {events.map((event) => (
              <tr key={event.id} data-testid="audit-event">
                <td>
                  <time dateTime={new Date(event.at).toISOString()}>{formatDateTime(locale, event.at)}</time>
                </td>
                <td>{event.actorLabel}</td>
                <td>
                  <code>{event.action}</code>
                </td>
                <td>
                  {event.objectType}
                  {event.objectId ? (
                    <>
                      {' '}
                      <code>{event.objectId}</code>
                    </>
                  ) : null}
                </td>
                <td>{event.ip ?? '—'}</td>
                <td>{event.details ? <code>{JSON.stringify(event.details)}</code> : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {query.page > 1 || hasNext ? (
        <nav aria-label={t('audit.paging')} className="toolbar">
          {query.page > 1 ? (
            <Link to={pageHref(query, query.page - 1)} rel="prev">
              {t('audit.previous')}
            </Link>
          ) : null}
          <span aria-current="page">{t('audit.page', { page: query.page })}</span>
          {hasNext ? (
            <Link to={pageHref(query, query.page + 1)} rel="next">
              {t('audit.next')}
            </Link>
          ) : null}
        </nav>
      ) : null}
    </>
  );
}
