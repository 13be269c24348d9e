/** The feed status of one or more units: last upload, the period it covered, and the latest period due. */
import { Link } from '@remix-run/react';
import { formatDateTime } from '#app/i18n/format';
import { useLocale, useT } from '#app/i18n/react';
import { PeriodText, StatusBadge } from './feed-bits';

export interface FeedStatusView {
  unitId: string;
  unitName: string;
  lastUpload: { id: string; uploadedAt: Date | string; status: 'received' | 'accepted' | 'rejected' | 'failed'; periodStart: Date | string | null; periodEnd: Date | string | null } | null;
  due: { firstDay: string; lastDay: string; deadline: Date | string; state: 'on_time' | 'late' | 'missing'; receivedAt: Date | string | null } | null;
}

export function FeedStatus({ statuses, timeZone, showUnit }: { statuses: FeedStatusView[]; timeZone?: string; showUnit: boolean }) {
  const t = useT();
  const locale = useLocale();
  return (
    <section className="card" aria-labelledby="feed-status-heading" data-testid="feed-status">
      <h2 id="feed-status-heading">{t('feedsUi.feedStatus.title')}</h2>
      {statuses.length === 0 ? (
        <p className="muted">{t('feedsUi.feedStatus.none')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              {showUnit ? <th scope="col">{t('feedsUi.index.colUnit')}</th> : null}
              <th scope="col">{t('feedsUi.feedStatus.colLastUpload')}</th>
              <th scope="col">{t('feedsUi.feedStatus.colPeriod')}</th>
              <th scope="col">{t('feedsUi.feedStatus.colDue')}</th>
            </tr>
          </thead>
          <tbody>
            {statuses.map((s) => (
              <tr key={s.unitId} data-testid="feed-status-row">
                {showUnit ? <td>{s.unitName}</td> : null}
                <td>
                  {s.lastUpload ? (
                    <>
                      <Link to={`/app/feeds/uploads/${s.lastUpload.id}`}>{formatDateTime(locale, s.lastUpload.uploadedAt, timeZone)}</Link>{' '}
                      <StatusBadge status={s.lastUpload.status} />
                    </>
                  ) : (
                    t('feedsUi.feedStatus.never')
                  )}
                </td>
                <td>{s.lastUpload ? <PeriodText start={s.lastUpload.periodStart} end={s.lastUpload.periodEnd} timeZone={timeZone} /> : '—'}</td>
                <td>
                  {!s.due ? (
                    <span className="muted">{t('feedsUi.index.noSchedule')}</span>
                  ) : (
                    <DueState due={s.due} timeZone={timeZone} />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

const DUE_BADGE = { on_time: 'ok', late: 'warn', missing: 'danger' } as const;

/** The latest period due: received on time, received after the deadline (and when), or missing. */
function DueState({ due, timeZone }: { due: NonNullable<FeedStatusView['due']>; timeZone?: string }) {
  const t = useT();
  const locale = useLocale();
  const params = { first: due.firstDay, last: due.lastDay, deadline: formatDateTime(locale, due.deadline, timeZone) };
  const text =
    due.state === 'missing'
      ? t('feedsUi.index.missing', params)
      : due.state === 'late'
        ? t('feedsUi.feedStatus.late', { ...params, received: due.receivedAt ? formatDateTime(locale, due.receivedAt, timeZone) : '—' })
        : t('feedsUi.feedStatus.onTime', params);
  return (
    <span className={`badge ${DUE_BADGE[due.state]}`} data-state={due.state}>
      {text}
    </span>
  );
}
