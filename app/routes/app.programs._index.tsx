import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { StatusBadge } from '#app/components/programs/status-badge';
import { can } from '#app/domain/permissions';
import { pageTitle } from '#app/i18n/meta';
import { useT } from '#app/i18n/react';
import { requireMember } from '#app/lib/auth.server';
import { listPrograms } from '#app/services/programs.server';
import programsStyles from '#app/styles/programs.css?url';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'titles.programs');
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: programsStyles }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { ctx } = await requireMember(request, context, 'read:programs');
  const programs = await listPrograms(ctx);
  return {
    isVendor: ctx.orgKind === 'vendor',
    canWrite: ctx.orgKind === 'client' && can(ctx.role, 'write:programs'),
    programs: programs.map((p) => ({ id: p.id, name: p.name, clientName: p.clientName, lineOfBusiness: p.lineOfBusiness, channels: p.channels, status: p.status, unitCount: p.unitCount })),
  };
}

export default function ProgramsPage() {
  const t = useT();
  const { programs, canWrite, isVendor } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-header">
        <h1>{t('programsUi.list.title')}</h1>
        {canWrite ? (
          <Link className="button" to="/app/programs/new">
            {t('programsUi.list.new')}
          </Link>
        ) : null}
      </div>
      {isVendor ? <p className="muted">{t('programsUi.list.vendorIntro')}</p> : null}
      {programs.length === 0 ? (
        <p className="muted">{t(isVendor ? 'programsUi.list.noneVendor' : 'programsUi.list.none')}</p>
      ) : (
        <table className="data">
          <thead>
            <tr>
              <th scope="col">{t('programsUi.program.name')}</th>
              {isVendor ? <th scope="col">{t('programsUi.list.client')}</th> : null}
              <th scope="col">{t('programsUi.program.lineOfBusiness')}</th>
              <th scope="col">{t('programsUi.program.channels')}</th>
              <th scope="col">{t('programsUi.program.status')}</th>
              <th scope="col" className="num">
                {t('programsUi.list.units')}
              </th>
            </tr>
          </thead>
          <tbody>
            {programs.map((p) => (
              <tr key={p.id} data-testid="program-row">
                <td>
                  <Link to={`/app/programs/${p.id}`}>{p.name}</Link>
                </td>
                {isVendor ? <td>{p.clientName}</td> : null}
                <td>{p.lineOfBusiness}</td>
                <td>{p.channels.map((c) => t(`programsUi.channel.${c}`)).join(', ')}</td>
                <td>
                  <StatusBadge status={p.status} />
                </td>
                <td className="num">{p.unitCount}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
