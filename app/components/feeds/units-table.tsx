import { Link } from '@remix-run/react';
import { formatDateTime } from '#app/i18n/format';
import { useLocale, useT } from '#app/i18n/react';

export interface FeedUnitRow {
  id: string;
  name: string;
  programName: string | null;
  timeZone: string | undefined;
  schedule: { cadence: 'daily' | 'weekly' | 'monthly'; deadlineTime: string; deadlineDays: number } | null;
  due: { firstDay: string; lastDay: string; deadline: Date; isMissing: boolean } | null;
  canUpload: boolean;
  canConfigure: boolean;
}

/** Units with their reporting schedule and whether the latest period due has arrived. */
export function FeedUnitsTable({ units, caption }: { units: FeedUnitRow[]; caption: string }) {
  const t = useT();
  const locale = useLocale();
  return (
    <table data-testid="feed-units">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('feedsUi.index.colUnit')}</th>
          <th scope="col">{t('feedsUi.index.colProgram')}</th>
          <th scope="col">{t('feedsUi.index.colSchedule')}</th>
          <th scope="col">{t('feedsUi.index.colFeed')}</th>
          <th scope="col">{t('feedsUi.index.colActions')}</th>
        </tr>
      </thead>
      <tbody>
        {units.map((unit) => (
          <tr key={unit.id}>
            <th scope="row">{unit.name}</th>
            <td>{unit.programName ?? '—'}</td>
            <td>
              {unit.schedule
                ? t('feedsUi.index.schedule', { cadence: t(`feedsUi.cadence.${unit.schedule.cadence}`), time: unit.schedule.deadlineTime, days: unit.schedule.deadlineDays })
                : t('feedsUi.index.noSchedule')}
            </td>
            <td>
              {unit.due ? (
                unit.due.isMissing ? (
                  <span className="badge warn" role="note">
                    {t('feedsUi.index.missing', { first: unit.due.firstDay, last: unit.due.lastDay, deadline: formatDateTime(locale, unit.due.deadline, unit.timeZone) })}
                  </span>
                ) : (
                  <span className="badge ok">{t('feedsUi.index.received', { first: unit.due.firstDay, last: unit.due.lastDay })}</span>
                )
              ) : (
                '—'
              )}
            </td>
            <td>
              {unit.canUpload ? (
                <Link to={`/app/feeds/upload?unit=${unit.id}`} aria-label={t('feedsUi.index.uploadFor', { unit: unit.name })}>
                  {t('feedsUi.index.upload')}
                </Link>
              ) : null}{' '}
              {unit.canConfigure ? (
                <Link to={`/app/units/${unit.id}/feed-settings`} aria-label={t('feedsUi.index.settings', { unit: unit.name })}>
                  {t('feedsUi.index.settingsLink')}
                </Link>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
