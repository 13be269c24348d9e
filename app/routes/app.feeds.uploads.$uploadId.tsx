import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { IssuesTable, PeriodText, StatusBadge } from '#app/components/feeds/feed-bits';
import { templateName } from '#app/components/feeds/feed-names';
import { RevisionHistory } from '#app/components/feeds/revision-history';
import { formatBytes } from '#app/components/feeds/upload-types';
import { formatDateTime, formatNumber } from '#app/i18n/format';
import { pageTitle } from '#app/i18n/meta';
import { useLocale, useT } from '#app/i18n/react';
import { requireMember } from '#app/lib/auth.server';
import { idParam, throwHttpError } from '#app/lib/form-errors.server';
import { getUpload } from '#app/services/feeds/uploads.server';
import { getUnit } from '#app/services/units.server';

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, 'titles.record', { name: data?.upload.fileName });

const ISSUES_PER_PAGE = 50;
const QuerySchema = z.object({ page: z.coerce.number().int().min(1).max(100_000).catch(1), duplicate: z.string().optional() });

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx } = await requireMember(request, context, 'read:kpis');
  const uploadId = idParam(params.uploadId);
  const query = QuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const detail = await getUpload(ctx, uploadId, { page: query.page, pageSize: ISSUES_PER_PAGE }).catch(throwHttpError);
  const unit = await getUnit(ctx, detail.upload.unitId).catch(() => null);
  return {
    ...detail,
    unitName: unit?.name ?? null,
    isDuplicate: query.duplicate === '1',
    canUploadAgain: ctx.orgKind === 'vendor' ? detail.upload.vendorOrgId === ctx.orgId : detail.upload.vendorOrgId === null,
  };
}

export default function UploadPage() {
  const t = useT();
  const locale = useLocale();
  const { upload, issues, issuePage, history, unitName, isDuplicate, canUploadAgain } = useLoaderData<typeof loader>();
  const pages = Math.max(1, Math.ceil(issuePage.total / issuePage.pageSize));
  return (
    <>
      <p>
        <Link to="/app/feeds">{t('feedsUi.upload.back')}</Link>
      </p>
      <h1>{t('feedsUi.detail.title', { file: upload.fileName })}</h1>
      {isDuplicate ? (
        <p className="notice" role="status">
          {t('feedsUi.detail.duplicate')}
        </p>
      ) : null}
      {upload.status === 'rejected' ? (
        <p className="notice danger" role="status">
          {t('feedsUi.detail.rejected', { count: upload.errorCount })}
        </p>
      ) : null}
      {upload.status === 'failed' ? <p className="notice danger">{t('feedsUi.detail.failed', { message: upload.failureMessage ?? '' })}</p> : null}
      {upload.isThresholdMismatch ? <p className="notice warn">{t('feedsUi.detail.thresholdMismatch', { file: upload.thresholdS ?? '—', sla: upload.expectedThresholdS ?? '—' })}</p> : null}
      {upload.supersededByUploadId ? <p className="notice">{t('feedsUi.detail.superseded')}</p> : null}
      <section className="card" aria-labelledby="upload-facts">
        <h2 id="upload-facts">{t('feedsUi.detail.facts')}</h2>
        <dl className="facts" data-testid="upload-facts">
          <dt>{t('feedsUi.detail.status')}</dt>
          <dd>
            <StatusBadge status={upload.status} />
          </dd>
          <dt>{t('feedsUi.detail.unit')}</dt>
          <dd>{unitName ?? '—'}</dd>
          <dt>{t('feedsUi.detail.kind')}</dt>
          <dd>{t(`feedsUi.kind.${upload.kind}`)}</dd>
          <dt>{t('feedsUi.detail.rowsAccepted')}</dt>
          <dd data-testid="rows-accepted">{formatNumber(locale, upload.rowsAccepted, 0)}</dd>
          <dt>{t('feedsUi.detail.rowsTotal')}</dt>
          <dd>{formatNumber(locale, upload.rowsTotal, 0)}</dd>
          <dt>{t('feedsUi.detail.period')}</dt>
          <dd>
            <PeriodText start={upload.period.start} end={upload.period.end} />
          </dd>
          <dt>{t('feedsUi.detail.revision')}</dt>
          <dd data-testid="revision">{upload.revision ?? '—'}</dd>
          <dt>{t('feedsUi.detail.template')}</dt>
          <dd>
            {upload.templateId ? (
              <>
                {templateName(t, { id: upload.templateId })} <code>{upload.templateId}</code>
              </>
            ) : (
              '—'
            )}
          </dd>
          <dt>{t('feedsUi.detail.checksum')}</dt>
          <dd>
            <code>{upload.sha256 ?? '—'}</code>
          </dd>
          <dt>{t('feedsUi.detail.size')}</dt>
          <dd>{formatBytes(upload.byteSize)}</dd>
          <dt>{t('feedsUi.detail.uploadedBy')}</dt>
          <dd>{upload.uploadedBy}</dd>
          <dt>{t('feedsUi.detail.uploadedAt')}</dt>
          <dd>{formatDateTime(locale, upload.uploadedAt)}</dd>
        </dl>
        {canUploadAgain && upload.status !== 'accepted' ? (
          <p>
            <Link to={`/app/feeds/upload?unit=${upload.unitId}`}>{t('feedsUi.detail.uploadAgain')}</Link>
          </p>
        ) : null}
      </section>

      <section aria-labelledby="issues-heading">
        <h2 id="issues-heading">{t('feedsUi.detail.issues', { count: issuePage.total })}</h2>
        {issuePage.total ? (
          <>
            <p>
              <a href={`/app/feeds/uploads/${upload.id}/issues.csv`} download>
                {t('feedsUi.detail.downloadCsv')}
              </a>
            </p>
            <IssuesTable issues={issues} caption={t('feedsUi.detail.issuesCaption', { page: issuePage.page, pages })} />
            {pages > 1 ? (
              <nav aria-label={t('feedsUi.detail.issues', { count: issuePage.total })} className="pager">
                {issuePage.page > 1 ? <Link to={`?page=${issuePage.page - 1}`}>{t('feedsUi.detail.previous')}</Link> : null}{' '}
                {issuePage.page < pages ? <Link to={`?page=${issuePage.page + 1}`}>{t('feedsUi.detail.next')}</Link> : null}
              </nav>
            ) : null}
          </>
        ) : (
          <p className="muted">{t('feedsUi.detail.noIssues')}</p>
        )}
      </section>

      {upload.status === 'accepted' ? (
        <section aria-labelledby="history-heading">
          <h2 id="history-heading">{t('feedsUi.detail.history')}</h2>
          <RevisionHistory history={history} currentId={upload.id} />
        </section>
      ) : null}
    </>
  );
}
