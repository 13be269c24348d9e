/** The feed status of one or more units: last upload, the period it covered, and the latest period due. */
import { Link } from '@remix-run/react';
import { formatDateTime } from '#app/i18n/format';
import { useLocale, useT } from '#app/i18n/react';
import { PeriodText, StatusBadge } from './feed-bits';

export interface FeedStatusView {
  unitId: string;
  unitName: string;
  lastUpload: { id: string; uploadedAt: Date | string; status: 'received' | 'accepted' | 'rejected' | 'failed'; periodStart: Date | string | null; periodEnd: Date | string | null } | null;
  due: { firstDay: string; lastDay: string; deadline: Date | string; isMissing: boolean } | null;
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
                  ) : s.due.isMissing ? (
                    <span className="badge danger">
                      {t('feedsUi.index.missing', { first: s.due.firstDay, last: s.due.lastDay, deadline: formatDateTime(locale, s.due.deadline, timeZone) })}
                    </span>
                  ) : (
                    <span className="badge ok">{t('feedsUi.index.received', { first: s.due.firstDay, last: s.due.lastDay })}</span>
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
