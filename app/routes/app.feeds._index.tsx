import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { PeriodText, StatusBadge } from '#app/components/feeds/feed-bits';
import { FeedUnitsTable, type FeedUnitRow } from '#app/components/feeds/units-table';
import { dueFeedStatus, latestDuePeriod } from '#app/domain/feeds/deadlines';
import { can } from '#app/domain/permissions';
import { formatDateTime, formatNumber } from '#app/i18n/format';
import { pageTitle } from '#app/i18n/meta';
import { useLocale, useT } from '#app/i18n/react';
import { requireMember } from '#app/lib/auth.server';
import { isUploadableUnit } from '#app/lib/feed-units.server';
import type { ServiceCtx } from '#app/services/context';
import { getUnitFeedSettings } from '#app/services/feeds/settings.server';
import { listUploads } from '#app/services/feeds/uploads.server';
import { listPrograms } from '#app/services/programs.server';
import { listUnits, type UnitDto } from '#app/services/units.server';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'titles.feeds');

const RECENT_UPLOADS = 50;
/** Enough of a unit's latest uploads to find the one covering the latest period due. */
const UPLOADS_SCANNED_PER_UNIT = 100;

async function unitRow(ctx: ServiceCtx, unit: UnitDto, timeZone: string | undefined, now: Date): Promise<FeedUnitRow> {
  const settings = await getUnitFeedSettings(ctx, unit.id);
  const row: FeedUnitRow = {
    id: unit.id,
    name: unit.name,
    programName: unit.programName,
    timeZone,
    schedule: null,
    due: null,
    canUpload: isUploadableUnit(ctx, unit),
    canConfigure: ctx.orgKind === 'client' && can(ctx.role, 'write:programs'),
  };
  // Unsaved settings are defaults: like the late-feed job, no period is due until the client saves them.
  if (!settings.isSaved || !timeZone) return row;
  row.schedule = { cadence: settings.cadence, deadlineTime: settings.deadlineTime, deadlineDays: settings.deadlineDays };
  const period = latestDuePeriod(now, settings, timeZone);
  const uploads = await listUploads(ctx, { unitId: unit.id, limit: UPLOADS_SCANNED_PER_UNIT });
  const arrivals = uploads.filter((u) => u.status === 'accepted').map((u) => ({ periodStart: u.period.start, periodEnd: u.period.end, uploadedAt: u.uploadedAt }));
  const status = dueFeedStatus(period, arrivals);
  row.due = { firstDay: period.firstDay, lastDay: period.lastDay, deadline: period.deadline, isMissing: status.state === 'missing' };
  return row;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { ctx } = await requireMember(request, context, 'read:kpis');
  const [units, programs, uploads] = await Promise.all([listUnits(ctx), listPrograms(ctx), listUploads(ctx, { limit: RECENT_UPLOADS })]);
  const timeZones = new Map(programs.map((p) => [p.id, p.timeZone]));
  const now = new Date();
  const rows = await Promise.all(units.map((unit) => unitRow(ctx, unit, timeZones.get(unit.programId), now)));
  const isOwn = (unit: UnitDto) => (ctx.orgKind === 'vendor' ? unit.vendorOrgId === ctx.orgId : unit.kind === 'in_house');
  const unitNames = new Map(units.map((u) => [u.id, u.name]));
  return {
    ownUnits: rows.filter((_, i) => isOwn(units[i]!)),
    vendorUnits: rows.filter((_, i) => !isOwn(units[i]!)),
    uploads: uploads.map((u) => ({ ...u, unitName: unitNames.get(u.unitId) ?? '—' })),
    canUpload: can(ctx.role, 'upload:feeds') && rows.some((r) => r.canUpload),
  };
}

export default function FeedsPage() {
  const t = useT();
  const locale = useLocale();
  const { ownUnits, vendorUnits, uploads, canUpload } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t('feedsUi.index.title')}</h1>
      <p className="muted">{t('feedsUi.index.intro')}</p>
      {canUpload ? (
        <p>
          <Link to="/app/feeds/upload" className="button">
            {t('feedsUi.index.upload')}
          </Link>
        </p>
      ) : null}
      <section aria-labelledby="own-units">
        <h2 id="own-units">{t('feedsUi.index.ownUnits')}</h2>
        {ownUnits.length ? <FeedUnitsTable units={ownUnits} caption={t('feedsUi.index.ownUnits')} /> : <p className="muted">{t('feedsUi.index.noUnits')}</p>}
      </section>
      {vendorUnits.length ? (
        <section aria-labelledby="vendor-units">
          <h2 id="vendor-units">{t('feedsUi.index.vendorUnits')}</h2>
          <FeedUnitsTable units={vendorUnits} caption={t('feedsUi.index.vendorUnits')} />
        </section>
      ) : null}
      <section aria-labelledby="recent-uploads">
        <h2 id="recent-uploads">{t('feedsUi.index.recent')}</h2>
        {uploads.length ? (
          <div className="table-scroll">
            <table data-testid="recent-uploads">
              <thead>
                <tr>
                  <th scope="col">{t('feedsUi.col.file')}</th>
                  <th scope="col">{t('feedsUi.col.unit')}</th>
                  <th scope="col">{t('feedsUi.col.status')}</th>
                  <th scope="col">{t('feedsUi.col.rows')}</th>
                  <th scope="col">{t('feedsUi.col.period')}</th>
                  <th scope="col">{t('feedsUi.col.revision')}</th>
                  <th scope="col">{t('feedsUi.col.uploadedBy')}</th>
                  <th scope="col">{t('feedsUi.col.uploadedAt')}</th>
                </tr>
              </thead>
              <tbody>
                {uploads.map((upload) => (
                  <tr key={upload.id}>
                    <td>
                      <Link to={`/app/feeds/uploads/${upload.id}`}>{upload.fileName}</Link>
                    </td>
                    <td>{upload.unitName}</td>
                    <td>
                      <StatusBadge status={upload.status} />
                    </td>
                    <td>{formatNumber(locale, upload.rowsAccepted, 0)}</td>
                    <td>
                      <PeriodText start={upload.period.start} end={upload.period.end} />
                    </td>
                    <td>{upload.revision ?? '—'}</td>
                    <td>{upload.uploadedBy}</td>
                    <td>{formatDateTime(locale, upload.uploadedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">{t('feedsUi.index.noUploads')}</p>
        )}
      </section>
    </>
  );
}
