import { formatDateTime, formatNumber } from '#app/i18n/format';
import { useLocale, useT } from '#app/i18n/react';
import { issueReason, templateName } from './feed-names';
import type { FeedIssueView, FeedPreviewView } from './upload-types';

const STATUS_CLASS = { accepted: 'ok', rejected: 'danger', failed: 'danger', received: 'warn' } as const;

export function StatusBadge({ status }: { status: keyof typeof STATUS_CLASS }) {
  const t = useT();
  return <span className={`badge ${STATUS_CLASS[status]}`}>{t(`feedsUi.status.${status}`)}</span>;
}

export function PeriodText({ start, end, timeZone }: { start: Date | string | null; end: Date | string | null; timeZone?: string }) {
  const t = useT();
  const locale = useLocale();
  if (!start || !end) return <>—</>;
  return <>{t('feedsUi.period', { start: formatDateTime(locale, start, timeZone), end: formatDateTime(locale, end, timeZone) })}</>;
}

export function IssuesTable({ issues, caption }: { issues: FeedIssueView[]; caption: string }) {
  const t = useT();
  const locale = useLocale();
  return (
    <table className="issues">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('feedsUi.detail.colLine')}</th>
          <th scope="col">{t('feedsUi.detail.colColumn')}</th>
          <th scope="col">{t('feedsUi.detail.colValue')}</th>
          <th scope="col">{t('feedsUi.detail.colReason')}</th>
          <th scope="col">{t('feedsUi.detail.colSeverity')}</th>
        </tr>
      </thead>
      <tbody>
        {issues.map((issue, i) => (
          <tr key={`${issue.line}-${issue.column}-${i}`} data-testid="issue-row">
            <td>{issue.line ?? '—'}</td>
            <td>{issue.column ?? '—'}</td>
            <td>
              <code>{issue.value ?? ''}</code>
            </td>
            <td>{issueReason(t, locale, issue)}</td>
            <td>{t(`feedsUi.detail.severity.${issue.severity}`)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The detected template, the first rows mapped to components, the period they cover and the early issues. */
export function FeedPreview({ preview }: { preview: FeedPreviewView }) {
  const t = useT();
  const locale = useLocale();
  const components = [...new Set(preview.rows.flatMap((row) => Object.keys(row.values)))];
  const show = (value: number | string | boolean | null | undefined) =>
    value === null || value === undefined ? '—' : typeof value === 'number' ? formatNumber(locale, value, 3) : String(value);
  return (
    <section className="card" aria-labelledby="preview-heading" data-testid="feed-preview">
      <h2 id="preview-heading">{t('feedsUi.upload.previewTitle')}</h2>
      <p>
        <strong>{preview.template ? t('feedsUi.upload.detected', { label: templateName(t, preview.template) }) : t('feedsUi.upload.noTemplate')}</strong>
      </p>
      {preview.period.start ? (
        <p>{t('feedsUi.upload.periodCovered', { start: formatDateTime(locale, preview.period.start), end: formatDateTime(locale, preview.period.end ?? preview.period.start) })}</p>
      ) : null}
      {preview.unknownQueues.length ? <p className="notice warn">{t('feedsUi.upload.unknownQueues', { queues: preview.unknownQueues.join(', ') })}</p> : null}
      {preview.isThresholdMismatch ? <p className="notice warn">{t('feedsUi.upload.thresholdMismatch')}</p> : null}
      {preview.rows.length ? (
        <div className="table-scroll">
          <table>
            <caption>{t('feedsUi.upload.rowsCaption', { count: preview.rows.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('feedsUi.upload.colLine')}</th>
                <th scope="col">{t('feedsUi.upload.colQueue')}</th>
                <th scope="col">{t('feedsUi.upload.colChannel')}</th>
                <th scope="col">{t('feedsUi.upload.colAt')}</th>
                <th scope="col">{t('feedsUi.upload.colMinutes')}</th>
                <th scope="col">{t('feedsUi.upload.colThreshold')}</th>
                {components.map((name) => (
                  <th scope="col" key={name}>
                    <code>{name}</code>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {preview.rows.map((row) => (
                <tr key={row.line}>
                  <td>{row.line}</td>
                  <td>{row.queue}</td>
                  <td>{row.channel}</td>
                  <td>{formatDateTime(locale, row.at)}</td>
                  <td>{show(row.intervalMinutes)}</td>
                  <td>{show(row.thresholdS)}</td>
                  {components.map((name) => (
                    <td key={name}>{show(row.values[name])}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">{t('feedsUi.upload.noRows')}</p>
      )}
      <h3>{t('feedsUi.upload.earlyIssues')}</h3>
      {preview.issues.length ? <IssuesTable issues={preview.issues} caption={t('feedsUi.upload.earlyIssues')} /> : <p className="muted">{t('feedsUi.upload.noIssues')}</p>}
    </section>
  );
}
