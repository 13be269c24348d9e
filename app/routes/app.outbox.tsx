import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { formatDateTime } from '#app/i18n/format';
import { pageTitle } from '#app/i18n/meta';
import { useLocale, useT } from '#app/i18n/react';
import { requireMember } from '#app/lib/auth.server';
import { listOutbox, type OutboxStatus } from '#app/services/mail.server';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'titles.outbox');

const BADGE: Record<OutboxStatus, string> = { sent: 'badge ok', pending: 'badge warn', error: 'badge danger' };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { ctx } = await requireMember(request, context, 'read:outbox');
  return { emails: await listOutbox(ctx) };
}

export default function OutboxPage() {
  const t = useT();
  const locale = useLocale();
  const { emails } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t('outbox.title')}</h1>
      <p className="muted">{t('outbox.intro')}</p>
      {emails.length === 0 ? (
        <p>{t('outbox.empty')}</p>
      ) : (
        <table className="data">
          <thead>
            <tr>
              <th scope="col">{t('outbox.created')}</th>
              <th scope="col">{t('outbox.to')}</th>
              <th scope="col">{t('outbox.subject')}</th>
              <th scope="col">{t('outbox.status')}</th>
            </tr>
          </thead>
          <tbody>
            {emails.map((email) => (
              <tr key={email.id} data-testid="outbox-row">
                <td>{formatDateTime(locale, email.createdAt)}</td>
                <td>{email.to}</td>
                <td>
                  <details>
                    <summary>
                      {email.subject} <span className="muted">({t('outbox.showBody')})</span>
                    </summary>
                    <pre style={{ whiteSpace: 'pre-wrap' }}>
                      {email.body}
                    </pre>
                  </details>
                </td>
                <td>
                  <span className={BADGE[email.status]}>{t(`outbox.status.${email.status}`)}</span>
                  {email.status === 'error' && email.lastError ? <div className="muted">{t('outbox.lastError', { error: email.lastError })}</div> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
