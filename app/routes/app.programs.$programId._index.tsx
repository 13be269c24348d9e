import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { pageTitle } from '#app/i18n/meta';
import { Link, useLoaderData } from '@remix-run/react';
import { Breadcrumbs } from '#app/components/programs/form-bits';
import { FeedStatus } from '#app/components/feeds/feed-status';
import { ContractsInForce, ProgramFacts, UnitsTable } from '#app/components/programs/program-overview';
import { can } from '#app/domain/permissions';
import { useT } from '#app/i18n/react';
import { requireMember } from '#app/lib/auth.server';
import { idParam, throwHttpError } from '#app/lib/form-errors.server';
import { getFeedStatuses } from '#app/services/feeds/feed-status.server';
import { getProgram, getSourcingAssessment } from '#app/services/programs.server';
import programsStyles from '#app/styles/programs.css?url';

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, 'titles.record', { name: data?.program.name });
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: programsStyles }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx } = await requireMember(request, context, 'read:programs');
  const programId = idParam(params.programId);
  const program = await getProgram(ctx, programId).catch(throwHttpError);
  const isClient = ctx.orgKind === 'client';
  // The sourcing assessment is the client's internal reasoning: never loaded for a vendor.
  const sourcing = isClient ? await getSourcingAssessment(ctx, programId).catch(throwHttpError) : null;
  const { units, contracts, ...facts } = program;
  const feedStatuses = can(ctx.role, 'read:kpis') ? await getFeedStatuses(ctx, { programId }) : null;
  return {
    feedStatuses,
    program: {
      id: facts.id,
      name: facts.name,
      clientName: facts.clientName,
      lineOfBusiness: facts.lineOfBusiness,
      description: facts.description,
      channels: facts.channels,
      timeZone: facts.timeZone,
      currency: facts.currency,
      status: facts.status,
      hoursOfOperation: facts.hoursOfOperation,
      holidays: facts.holidays,
    },
    units: units.map((u) => ({ id: u.id, kind: u.kind, name: u.name, vendorName: u.vendorName, site: u.site, volumeShareBp: u.volumeShareBp, queues: u.queues })),
    // Only what the page shows: the SLA table in force, not the rate card.
    contracts: contracts.map((c) => ({
      id: c.id,
      name: c.name,
      vendorName: c.vendorName,
      unitIds: c.unitIds,
      versionCount: c.versionCount,
      current: c.currentVersion ? { versionNo: c.currentVersion.versionNo, effectiveFrom: c.currentVersion.effectiveFrom, effectiveUntil: c.currentVersion.effectiveUntil, slas: c.currentVersion.slas } : null,
    })),
    sourcing: sourcing ? { ...sourcing.assessment.position, quadrant: sourcing.assessment.quadrant, recommendation: sourcing.assessment.recommendation, mode: sourcing.assessment.mode, isBorderline: sourcing.assessment.isBorderline } : null,
    isClient,
    canWrite: isClient && can(ctx.role, 'write:programs'),
    canReadCosts: isClient && can(ctx.role, 'read:costs'),
    canCloseMonths: isClient && can(ctx.role, 'close:months'),
  };
}

export default function ProgramOverviewPage() {
  const t = useT();
  const { program, units, contracts, sourcing, isClient, canWrite, canReadCosts, canCloseMonths, feedStatuses } = useLoaderData<typeof loader>();
  const scopeNames = Object.fromEntries(units.flatMap((u) => [[u.id, u.name] as const, ...u.queues.map((q) => [q.id, `${u.name} / ${q.name}`] as const)]));
  return (
    <>
      <Breadcrumbs items={[{ to: '/app/programs', label: t('programsUi.list.title') }, { label: program.name }]} />
      <div className="page-header">
        <h1>{program.name}</h1>
        <Link className="button secondary" to={`/app/programs/${program.id}/dashboard`}>
          {t('dashboards.link')}
        </Link>
        {canReadCosts ? (
          <Link className="button secondary" to={`/app/programs/${program.id}/comparison`}>
            {t('costs.comparison.link')}
          </Link>
        ) : null}
        {canCloseMonths ? (
          <Link className="button secondary" to={`/app/programs/${program.id}/month-close`}>
            {t('sla.monthClose.link')}
          </Link>
        ) : null}
        {canWrite ? (
          <div className="toolbar">
            <Link className="button secondary" to={`/app/programs/${program.id}/edit`}>
              {t('programsUi.overview.edit')}
            </Link>
            <Link className="button" to={`/app/programs/${program.id}/units/new`}>
              {t('programsUi.overview.addUnit')}
            </Link>
          </div>
        ) : null}
      </div>
      <ProgramFacts program={program} showClient={!isClient} />

      <section aria-labelledby="units-heading">
        <h2 id="units-heading">{t(isClient ? 'programsUi.overview.units' : 'programsUi.overview.yourUnits')}</h2>
        {units.length ? <UnitsTable units={units} /> : <p className="muted">{t('programsUi.overview.noUnits')}</p>}
      </section>

      {feedStatuses ? <FeedStatus statuses={feedStatuses} timeZone={program.timeZone} showUnit /> : null}

      <section aria-labelledby="contracts-heading">
        <h2 id="contracts-heading">{t('programsUi.overview.contracts')}</h2>
        {contracts.length ? <ContractsInForce contracts={contracts} scopeNames={scopeNames} /> : <p className="muted">{t('programsUi.overview.noContracts')}</p>}
      </section>

      {isClient ? (
        <section aria-labelledby="sourcing-heading" className="card">
          <h2 id="sourcing-heading">{t('programsUi.sourcing.title')}</h2>
          {sourcing ? (
            <>
              <p data-testid="sourcing-summary">
                {t('programsUi.sourcing.summary', {
                  quadrant: t(`programs.sourcing.quadrant.${sourcing.quadrant}`),
                  dependence: sourcing.dependence,
                  innovation: sourcing.innovation,
                  mode: t(`programs.sourcing.mode.${sourcing.mode}`),
                })}
                {sourcing.isBorderline ? ` ${t('programsUi.sourcing.borderline')}` : ''}
              </p>
              <p>
                <strong>{t(`programs.sourcing.recommendation.${sourcing.recommendation}`)}</strong>
              </p>
            </>
          ) : (
            <p className="muted">{t('programsUi.sourcing.notAssessed')}</p>
          )}
          <Link to={`/app/programs/${program.id}/sourcing`}>{t(canWrite ? 'programsUi.sourcing.editLink' : 'programsUi.sourcing.viewLink')}</Link>
        </section>
      ) : null}
    </>
  );
}
