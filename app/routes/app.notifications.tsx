import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import type { MessageKey } from '#app/i18n/index';
import { en } from '#app/i18n/en';
import { formatDateTime } from '#app/i18n/format';
import { pageTitle } from '#app/i18n/meta';
import { useLocale, useT } from '#app/i18n/react';
import { requireMember } from '#app/lib/auth.server';
import { notificationParams } from '#app/components/notifications/params';
import { listNotifications, markNotificationRead } from '#app/services/feeds/late-feeds.server';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'titles.notifications');

const LISTED = 100;


export async function loader({ request, context }: LoaderFunctionArgs) {
  const { ctx } = await requireMember(request, context);
  const notifications = await listNotifications(ctx, { limit: LISTED });
  return { notifications: notifications.map((n) => ({
      ...n,
      params: Object.fromEntries(Object.entries(n.params).map(([k, v]) => [k, v ?? ''])),
      link: n.link,
      isKnownMessage: n.messageKey in en,
    })) };
}

const ActionSchema = z.discriminatedUnion('intent', [z.object({ intent: z.literal('mark-read'), id: z.uuid() }), z.object({ intent: z.literal('mark-all') })]);

export async function action({ request, context }: ActionFunctionArgs) {
  const { ctx } = await requireMember(request, context);
  const parsed = ActionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) throw new Response('Not found', { status: 404 });
  const ids = parsed.data.intent === 'mark-read' ? [parsed.data.id] : (await listNotifications(ctx, { unreadOnly: true, limit: 200 })).map((n) => n.id);
  for (const id of ids) await markNotificationRead(ctx, id);
  return redirect('/app/notifications');
}

export default function NotificationsPage() {
  const t = useT();
  const locale = useLocale();
  const { notifications } = useLoaderData<typeof loader>();
  const hasUnread = notifications.some((n) => !n.readAt);
  return (
    <>
      <h1>{t('feedsUi.notifications.title')}</h1>
      {hasUnread ? (
        <Form method="post">
          <input type="hidden" name="intent" value="mark-all" />
          <button type="submit" className="secondary">
            {t('feedsUi.notifications.markAll')}
          </button>
        </Form>
      ) : null}
      {notifications.length ? (
        <table data-testid="notifications">
          <thead>
            <tr>
              <th scope="col">{t('feedsUi.notifications.colWhen')}</th>
              <th scope="col">{t('feedsUi.notifications.colMessage')}</th>
              <th scope="col">{t('feedsUi.notifications.colActions')}</th>
            </tr>
          </thead>
          <tbody>
            {notifications.map((n) => (
              <tr key={n.id} className={n.readAt ? undefined : 'unread'}>
                <td>{formatDateTime(locale, n.createdAt)}</td>
                <td>
                  {n.readAt ? null : <span className="badge warn">{t('feedsUi.notifications.unread')}</span>}{' '}
                  {n.isKnownMessage ? t(n.messageKey as MessageKey, notificationParams(locale, n.messageKey, n.params)) : n.messageKey}{' '}
                  {n.link ? <Link to={n.link}>{t('feedsUi.notifications.open')}</Link> : null}
                </td>
                <td>
                  {n.readAt ? null : (
                    <Form method="post">
                      <input type="hidden" name="intent" value="mark-read" />
                      <input type="hidden" name="id" value={n.id} />
                      <button type="submit" className="secondary">
                        {t('feedsUi.notifications.markRead')}
                      </button>
                    </Form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">{t('feedsUi.notifications.none')}</p>
      )}
    </>
  );
}
