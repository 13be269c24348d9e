import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { baselineOf, ChannelMixForm } from '#app/components/costs/channel-mix-form';
import { Breadcrumbs } from '#app/components/programs/form-bits';
import { evaluateMixForm, mixValuesFrom } from '#app/domain/costs/channel-mix-params';
import { pageTitle } from '#app/i18n/meta';
import { useT } from '#app/i18n/react';
import { requireMember } from '#app/lib/auth.server';
import { idParam, throwHttpError } from '#app/lib/form-errors.server';
import { loadChannelMixBaseline } from '#app/services/costs/channel-mix.server';
import programsStyles from '#app/styles/programs.css?url';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'titles.channelMix');
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: programsStyles }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  // read:costs is a client permission: vendors never see the client's costs.
  const { ctx } = await requireMember(request, context, 'read:costs');
  const programId = idParam(params.programId);
  const baseline = await loadChannelMixBaseline(ctx, { programId }).catch(throwHttpError);
  const values = mixValuesFrom(new URL(request.url).searchParams);
  // The page computes the result itself (the same function runs in the browser); the status says whether the query was valid.
  const outcome = evaluateMixForm(baselineOf(baseline), values, baseline.minorDigits);
  const invalid = !outcome.ok && (outcome.error.kind === 'fields' || outcome.error.kind === 'share_sum');
  return data({ baseline, values }, { status: invalid ? 400 : 200 });
}

export default function ChannelMixPage() {
  const t = useT();
  const { baseline, values } = useLoaderData<typeof loader>();
  return (
    <>
      <Breadcrumbs items={[{ to: '/app/programs', label: t('whatIf.mix.programs') }, { to: `/app/programs/${baseline.programId}`, label: baseline.programName }, { label: t('whatIf.mix.title') }]} />
      <h1>{t('whatIf.mix.title')}</h1>
      <p>{t('whatIf.mix.intro')}</p>
      <details className="card">
        <summary>{t('whatIf.mix.methodTitle')}</summary>
        <ul>
          <li>{t('whatIf.mix.method.period', { from: baseline.from, to: baseline.to })}</li>
          <li>{t('whatIf.mix.method.channels')}</li>
          <li>{t('whatIf.mix.method.selfService')}</li>
          <li>{t('whatIf.mix.method.agent')}</li>
          <li>{t('whatIf.mix.method.scenario')}</li>
        </ul>
      </details>
      {baseline.incomplete.length ? (
        <div className="notice" role="note">
          <p>{t('whatIf.mix.incomplete')}</p>
          <ul>
            {baseline.incomplete.map((gap) => (
              <li key={`${gap.kind}-${gap.name}-${gap.month}`}>{t(`whatIf.mix.incomplete.${gap.kind}`, { name: gap.name, month: gap.month })}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {/* Keyed by the query, so a submitted form (or a shared link) starts from what it says. */}
      <ChannelMixForm key={JSON.stringify(values)} baseline={baseline} values={values} />
    </>
  );
}
