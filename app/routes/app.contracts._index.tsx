import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { can } from '#app/domain/permissions';
import { formatDate } from '#app/i18n/format';
import { pageTitle } from '#app/i18n/meta';
import { useLocale, useT } from '#app/i18n/react';
import { requireMember } from '#app/lib/auth.server';
import contractsStyles from '#app/styles/contracts.css?url';
import { listContracts } from '#app/services/contracts.server';
import { listUnits } from '#app/services/units.server';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'titles.contracts');
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: contractsStyles }];

/** The contracts the org may see: a client's all, a vendor's only its own (row-level security). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { ctx } = await requireMember(request, context, 'read:contracts');
  const [contracts, units] = await Promise.all([listContracts(ctx), listUnits(ctx)]);
  const unitLabels = Object.fromEntries(units.map((u) => [u.id, u.programName ? `${u.name} (${u.programName})` : u.name]));
  return {
    contracts: contracts.map((c) => ({
      id: c.id,
      name: c.name,
      vendorName: c.vendorName,
      units: c.unitIds.map((id) => unitLabels[id]).filter((label): label is string => Boolean(label)),
      versionCount: c.versionCount,
      current: c.currentVersion ? { versionNo: c.currentVersion.versionNo, effectiveFrom: c.currentVersion.effectiveFrom, effectiveUntil: c.currentVersion.effectiveUntil } : null,
    })),
    canWrite: can(ctx.role, 'write:contracts'),
  };
}

export default function ContractsPage() {
  const t = useT();
  const locale = useLocale();
  const { contracts, canWrite } = useLoaderData<typeof loader>();
  const day = (d: string) => formatDate(locale, `${d}T00:00:00Z`, 'UTC');
  return (
    <>
      <div className="toolbar">
        <h1>{t('contractsUi.list.title')}</h1>
        {canWrite ? (
          <Link to="/app/contracts/new" className="button">
            {t('contractsUi.list.new')}
          </Link>
        ) : null}
      </div>
      {contracts.length === 0 ? (
        <p className="muted">{t('contractsUi.list.none')}</p>
      ) : (
        <table className="data">
          <thead>
            <tr>
              <th scope="col">{t('contractsUi.field.name')}</th>
              <th scope="col">{t('contractsUi.field.vendor')}</th>
              <th scope="col">{t('contractsUi.field.units')}</th>
              <th scope="col">{t('contractsUi.list.versionInForce')}</th>
              <th scope="col">{t('contractsUi.list.effective')}</th>
            </tr>
          </thead>
          <tbody>
            {contracts.map((c) => (
              <tr key={c.id} data-testid="contract-row">
                <th scope="row">
                  <Link to={`/app/contracts/${c.id}`}>{c.name}</Link>
                </th>
                <td>{c.vendorName ?? '—'}</td>
                <td>{c.units.join(', ') || '—'}</td>
                <td>{c.current ? t('contractsUi.versionOf', { n: c.current.versionNo, total: c.versionCount }) : t('contractsUi.list.noVersion')}</td>
                <td>{c.current ? t('contractsUi.dateRange', { from: day(c.current.effectiveFrom), to: c.current.effectiveUntil ? day(c.current.effectiveUntil) : t('contractsUi.openEnded') }) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
