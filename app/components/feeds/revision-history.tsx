import { Link } from '@remix-run/react';
import { formatDateTime, formatNumber } from '#app/i18n/format';
import { useLocale, useT } from '#app/i18n/react';
import type { RevisionEntry } from '#app/services/feeds/uploads.server';
import { PeriodText } from './feed-bits';

/** An entry of the upload's revision history, as the service returns it. */
export type RevisionView = Omit<RevisionEntry, 'supersededByUploadId'>;

/** Who replaced what, and for each replacement the totals before, after and the difference. */
export function RevisionHistory({ history, currentId }: { history: RevisionView[]; currentId: string }) {
  const t = useT();
  const locale = useLocale();
  if (!history.length) return <p className="muted">{t('feedsUi.detail.noHistory')}</p>;
  const num = (value: number | undefined) => (value === undefined ? '—' : formatNumber(locale, value, 3));
  return (
    <>
      <table data-testid="revision-history">
        <thead>
          <tr>
            <th scope="col">{t('feedsUi.col.revision')}</th>
            <th scope="col">{t('feedsUi.col.file')}</th>
            <th scope="col">{t('feedsUi.col.uploadedBy')}</th>
            <th scope="col">{t('feedsUi.col.uploadedAt')}</th>
            <th scope="col">{t('feedsUi.col.period')}</th>
            <th scope="col">{t('feedsUi.col.rows')}</th>
            <th scope="col">{t('feedsUi.detail.colReplaced')}</th>
          </tr>
        </thead>
        <tbody>
          {history.map((entry) => (
            <tr key={entry.id} aria-current={entry.id === currentId ? 'true' : undefined}>
              <td>{entry.revision ?? '—'}</td>
              <td>
                {entry.id === currentId ? (
                  <>
                    {entry.fileName} {t('feedsUi.detail.thisUpload')}
                  </>
                ) : (
                  <Link to={`/app/feeds/uploads/${entry.id}`}>{entry.fileName}</Link>
                )}
              </td>
              <td>{entry.uploadedBy}</td>
              <td>{formatDateTime(locale, entry.uploadedAt)}</td>
              <td>
                <PeriodText start={entry.period.start} end={entry.period.end} />
              </td>
              <td>{formatNumber(locale, entry.rowsAccepted, 0)}</td>
              <td>
                {entry.supersededUploadIds.length
                  ? t('feedsUi.detail.replacedRows', { rows: entry.supersededRows, uploads: entry.supersededUploadIds.length })
                  : t('feedsUi.detail.nothingReplaced')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {history
        .filter((entry) => entry.totalsBefore && entry.totalsAfter)
        .map((entry) => {
          const names = [...new Set([...Object.keys(entry.totalsBefore!), ...Object.keys(entry.totalsAfter!)])];
          return (
            <table key={entry.id} className="totals" data-testid="revision-totals">
              <caption>{t('feedsUi.detail.totalsCaption', { revision: entry.revision ?? '—' })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('feedsUi.detail.colComponent')}</th>
                  <th scope="col">{t('feedsUi.detail.before')}</th>
                  <th scope="col">{t('feedsUi.detail.after')}</th>
                  <th scope="col">{t('feedsUi.detail.difference')}</th>
                </tr>
              </thead>
              <tbody>
                {names.map((name) => (
                  <tr key={name}>
                    <th scope="row">
                      <code>{name}</code>
                    </th>
                    <td>{num(entry.totalsBefore![name])}</td>
                    <td>{num(entry.totalsAfter![name])}</td>
                    <td>{num(entry.totalsDifference?.[name])}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          );
        })}
    </>
  );
}
