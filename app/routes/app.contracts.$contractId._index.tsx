import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { CreditTerms, RateCardTable, SlaTable, VersionHistory } from '#app/components/contracts/contract-terms';
import { can } from '#app/domain/permissions';
import { formatDate, formatDateTime } from '#app/i18n/format';
import { pageTitle } from '#app/i18n/meta';
import { useLocale, useT } from '#app/i18n/react';
import { requireMember } from '#app/lib/auth.server';
import { idParam, throwHttpError } from '#app/lib/form-errors.server';
import contractsStyles from '#app/styles/contracts.css?url';
import { getContract } from '#app/services/contracts.server';
import { listUnits } from '#app/services/units.server';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'titles.contract');
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: contractsStyles }];

const notFound = () => new Response('Not found', { status: 404 });

/**
 * One contract: its versions, the version in force (or ?version=N) in full, and the history of changes.
 * A vendor sees its own contracts' terms; anything else, including another tenant's id, is a 404.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx } = await requireMember(request, context, 'read:contracts');
  const contractId = idParam(params.contractId);
  const contract = await getContract(ctx, contractId).catch(throwHttpError);
  const requested = new URL(request.url).searchParams.get('version');
  const shown = requested === null ? (contract.currentVersion ?? null) : (contract.versions.find((v) => String(v.versionNo) === requested) ?? null);
  if (requested !== null && !shown) throw notFound();
  const units = (await listUnits(ctx)).filter((u) => contract.unitIds.includes(u.id));
  return {
    contract: { id: contract.id, name: contract.name, vendorName: contract.vendorName, currentVersionNo: contract.currentVersion?.versionNo ?? null },
    versions: contract.versions.map(({ rateLines: _r, slas: _s, ...v }) => v),
    shown,
    history: contract.history,
    units: units.map((u) => ({ id: u.id, name: u.name, programName: u.programName })),
    unitNames: Object.fromEntries(units.map((u) => [u.id, u.name])),
    queueNames: Object.fromEntries(units.flatMap((u) => u.queues.map((q) => [q.id, `${u.name} · ${q.name}`]))),
    canWrite: can(ctx.role, 'write:contracts'),
  };
}

export default function ContractPage() {
  const t = useT();
  const locale = useLocale();
  const { contract, versions, shown, history, units, unitNames, queueNames, canWrite } = useLoaderData<typeof loader>();
  const day = (d: string | null) => (d ? formatDate(locale, `${d}T00:00:00Z`, 'UTC') : t('contractsUi.openEnded'));
  return (
    <>
      <p>
        <Link to="/app/contracts">{t('contractsUi.list.back')}</Link>
      </p>
      <div className="toolbar">
        <h1>{contract.name}</h1>
        <Link to={`/app/contracts/${contract.id}/scorecard`} className="button secondary">
          {t('sla.scorecard.link')}
        </Link>
        {canWrite ? (
          <Link to={`/app/contracts/${contract.id}/versions/new`} className="button">
            {t('contractsUi.detail.newVersion')}
          </Link>
        ) : null}
      </div>
      <dl className="contract-facts card">
        <div>
          <dt>{t('contractsUi.field.vendor')}</dt>
          <dd>{contract.vendorName ?? '—'}</dd>
        </div>
        <div>
          <dt>{t('contractsUi.field.units')}</dt>
          <dd>{units.map((u) => (u.programName ? `${u.name} (${u.programName})` : u.name)).join(', ') || '—'}</dd>
        </div>
        <div>
          <dt>{t('contractsUi.list.versionInForce')}</dt>
          <dd>{contract.currentVersionNo === null ? t('contractsUi.list.noVersion') : t('contractsUi.versionOf', { n: contract.currentVersionNo, total: versions.length })}</dd>
        </div>
      </dl>

      <h2>{t('contractsUi.detail.versions')}</h2>
      <table className="data" data-testid="versions">
        <thead>
          <tr>
            <th scope="col">{t('contractsUi.detail.versionNo')}</th>
            <th scope="col">{t('contractsUi.field.effectiveFrom')}</th>
            <th scope="col">{t('contractsUi.detail.effectiveUntil')}</th>
            <th scope="col">{t('contractsUi.detail.createdBy')}</th>
            <th scope="col">{t('contractsUi.detail.createdAt')}</th>
            <th scope="col">{t('contractsUi.field.reason')}</th>
          </tr>
        </thead>
        <tbody>
          {[...versions].reverse().map((v) => (
            <tr key={v.id} data-testid="version-row" aria-current={shown?.id === v.id ? 'true' : undefined}>
              <th scope="row">
                <Link to={`?version=${v.versionNo}`} aria-label={t('contractsUi.detail.viewVersion', { n: v.versionNo })}>
                  {v.versionNo}
                </Link>{' '}
                {v.versionNo === contract.currentVersionNo ? <span className="badge ok">{t('contractsUi.detail.inForce')}</span> : null}
              </th>
              <td>{day(v.effectiveFrom)}</td>
              <td>{day(v.effectiveUntil)}</td>
              <td>{v.createdByLabel}</td>
              <td>{formatDateTime(locale, v.createdAt)}</td>
              <td>{v.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>

      {shown ? (
        <section aria-labelledby="shown-version">
          <h2 id="shown-version">
            {t('contractsUi.detail.termsOf', { n: shown.versionNo })} <span className="muted">({t('contractsUi.dateRange', { from: day(shown.effectiveFrom), to: day(shown.effectiveUntil) })})</span>
          </h2>
          <CreditTerms version={shown} />
          <h3>{t('contractsUi.rateCard.title')}</h3>
          <RateCardTable version={shown} queueNames={queueNames} />
          <h3>{t('contractsUi.slas.title')}</h3>
          <SlaTable version={shown} unitNames={unitNames} queueNames={queueNames} />
        </section>
      ) : (
        <p className="muted">{t('contractsUi.list.noVersion')}</p>
      )}

      <h2>{t('contractsUi.history.title')}</h2>
      <VersionHistory history={history} />
    </>
  );
}
