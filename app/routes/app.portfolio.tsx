import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { PortfolioEvidence } from '#app/components/costs/portfolio-evidence';
import { McFarlanGrid } from '#app/components/programs/mcfarlan-grid';
import { pageTitle } from '#app/i18n/meta';
import { useT } from '#app/i18n/react';
import { requireMember } from '#app/lib/auth.server';
import { loadPortfolioEvidence } from '#app/services/costs/portfolio-evidence.server';
import { listPrograms, listSourcingPortfolio } from '#app/services/programs.server';
import programsStyles from '#app/styles/programs.css?url';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'titles.portfolio');
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: programsStyles }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { ctx } = await requireMember(request, context, 'read:programs');
  // The portfolio is a client's view of its own programs; a vendor has none.
  if (ctx.orgKind !== 'client') throw new Response('Forbidden', { status: 403 });
  const [portfolio, programs, evidence] = await Promise.all([listSourcingPortfolio(ctx), listPrograms(ctx), loadPortfolioEvidence(ctx)]);
  const assessed = new Set(portfolio.map((p) => p.programId));
  return {
    entries: portfolio.map((p) => ({
      programId: p.programId,
      programName: p.programName,
      quadrant: p.assessment.quadrant,
      mode: p.assessment.mode,
      recommendation: p.assessment.recommendation,
      isBorderline: p.assessment.isBorderline,
      ...p.assessment.position,
    })),
    unassessed: programs.filter((p) => !assessed.has(p.id)).map((p) => ({ id: p.id, name: p.name })),
    evidence,
  };
}

export default function PortfolioPage() {
  const t = useT();
  const { entries, unassessed, evidence } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t('programsUi.portfolio.title')}</h1>
      <p className="muted">{t('programsUi.portfolio.intro')}</p>
      {entries.length ? (
        <div className="portfolio-layout">
          <McFarlanGrid
            label={t('programsUi.portfolio.gridLabel', { count: entries.length })}
            points={entries.map((e) => ({ id: e.programId, label: e.programName, dependence: e.dependence, innovation: e.innovation, href: `/app/programs/${e.programId}/sourcing` }))}
          />
          <table className="data">
            <thead>
              <tr>
                <th scope="col">{t('programsUi.program.name')}</th>
                <th scope="col">{t('programsUi.portfolio.quadrant')}</th>
                <th scope="col">{t('programsUi.portfolio.advice')}</th>
                <th scope="col">{t('programsUi.portfolio.mode')}</th>
                <th scope="col">{t('whatIf.evidence.header')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.programId} data-testid="portfolio-row">
                  <td>
                    <Link to={`/app/programs/${e.programId}`}>{e.programName}</Link>
                  </td>
                  <td>
                    {t(`programs.sourcing.quadrant.${e.quadrant}`)}
                    <div className="muted small">
                      {t('programsUi.portfolio.scores', { dependence: e.dependence, innovation: e.innovation })}
                      {e.isBorderline ? ` · ${t('programsUi.portfolio.borderline')}` : ''}
                    </div>
                  </td>
                  <td>{t(`programs.sourcing.recommendation.${e.recommendation}`)}</td>
                  <td>{t(`programs.sourcing.mode.${e.mode}`)}</td>
                  <td>
                    <PortfolioEvidence evidence={evidence.programs.find((p) => p.programId === e.programId)} canReadCosts={evidence.canReadCosts} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">{t('programsUi.portfolio.none')}</p>
      )}
      {unassessed.length ? (
        <section aria-labelledby="unassessed-heading">
          <h2 id="unassessed-heading">{t('programsUi.portfolio.unassessed')}</h2>
          <ul>
            {unassessed.map((p) => (
              <li key={p.id}>
                <Link to={`/app/programs/${p.id}/sourcing`}>{p.name}</Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
