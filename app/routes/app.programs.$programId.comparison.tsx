import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { ComparisonCharts } from '#app/components/costs/comparison-charts';
import { ComparisonExplanations } from '#app/components/costs/comparison-explanations';
import { ComparisonTable } from '#app/components/costs/comparison-table';
import { CounterfactualPanel } from '#app/components/costs/counterfactual-panel';
import { Field, FormError, SelectField } from '#app/components/field';
import { Breadcrumbs } from '#app/components/programs/form-bits';
import { defaultComparisonRange } from '#app/domain/costs/comparison-range';
import type { MessageKey } from '#app/i18n/index';
import { pageTitle } from '#app/i18n/meta';
import { useT } from '#app/i18n/react';
import { requireMember } from '#app/lib/auth.server';
import { AppError } from '#app/lib/errors';
import { idParam, throwHttpError } from '#app/lib/form-errors.server';
import { logger } from '#app/lib/logger.server';
import { loadComparison, type ComparisonDto } from '#app/services/costs/comparison.server';
import { loadCounterfactual } from '#app/services/costs/counterfactual.server';
import { localTodayOfProgram } from '#app/services/kpis/series.server';
import programsStyles from '#app/styles/programs.css?url';

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, 'titles.comparison', { program: data?.comparison?.programName });
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: programsStyles }];

/** Client members with read:costs: the program's in-house and vendor units side by side, with the Erlang C counterfactual. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx } = await requireMember(request, context, 'read:costs');
  const programId = idParam(params.programId);
  if (ctx.orgKind !== 'client') throw new Response('Not found', { status: 404 });
  const local = await localTodayOfProgram(ctx, programId);
  if (!local) throw new Response('Not found', { status: 404 });
  const search = new URL(request.url).searchParams;
  const fallback = defaultComparisonRange(local.today);
  const values = { from: search.get('from') || fallback.from, to: search.get('to') || fallback.to, channel: search.get('channel') ?? '' };
  let comparison: ComparisonDto;
  try {
    comparison = await loadComparison(ctx, { programId, from: values.from, to: values.to });
  } catch (error) {
    if (error instanceof AppError && error.code === 'UNPROCESSABLE') return data({ programId, values, error: error.message, comparison: null, counterfactual: null, counterfactualFailed: false }, { status: 422 });
    throwHttpError(error);
  }
  // The counterfactual is a companion view: if it fails, the comparison still stands, and the failure is logged.
  const counterfactual = await loadCounterfactual(ctx, { programId, from: comparison.from, to: comparison.to }).catch((error: unknown) => {
    logger.error({ err: error, programId }, 'counterfactual failed');
    return null;
  });
  return data({ programId, values, error: null as string | null, comparison, counterfactual, counterfactualFailed: counterfactual === null });
}

export default function ComparisonPage() {
  const t = useT();
  const { programId, values, error, comparison, counterfactual, counterfactualFailed } = useLoaderData<typeof loader>();
  const channel = comparison && comparison.channels.includes(values.channel) ? values.channel : null;
  return (
    <>
      <Breadcrumbs items={[{ to: '/app/programs', label: t('nav.programs') }, { to: `/app/programs/${programId}`, label: comparison?.programName ?? t('costs.comparison.program') }, { label: t('costs.comparison.crumb') }]} />
      <h1>{t('costs.comparison.title', { program: comparison?.programName ?? '' })}</h1>
      <p>{t('costs.comparison.intro')}</p>
      <Form method="get" className="card" aria-labelledby="comparison-range">
        <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
          <legend id="comparison-range">{t('costs.comparison.range')}</legend>
          <FormError message={error ? t(error as MessageKey) : undefined} />
          <div className="toolbar" style={{ alignItems: 'flex-end', flexWrap: 'wrap', gap: '1rem' }}>
            <Field label={t('costs.comparison.from')} name="from" type="month" required defaultValue={values.from} />
            <Field label={t('costs.comparison.to')} name="to" type="month" required defaultValue={values.to} />
            <SelectField
              label={t('costs.comparison.channel')}
              name="channel"
              defaultValue={channel ?? ''}
              options={[{ value: '', label: t('costs.comparison.allChannels') }, ...(comparison?.channels ?? []).map((c) => ({ value: c, label: t(`costs.channel.${c}` as MessageKey) }))]}
            />
            <button type="submit">{t('costs.comparison.show')}</button>
          </div>
        </fieldset>
      </Form>
      {comparison ? (
        <>
          <p className="muted">{t('costs.comparison.method', { currency: comparison.currency, timeZone: comparison.timeZone })}</p>
          <UnitLinks dto={comparison} />
          <ComparisonExplanations dto={comparison} />
          <ComparisonTable dto={comparison} channel={channel} />
          <ComparisonCharts dto={comparison} channel={channel} />
        </>
      ) : null}
      {/* The panel is its own titled section; only without it does the page title the place it would be. */}
      {counterfactual ? (
        <CounterfactualPanel {...counterfactual} />
      ) : counterfactualFailed ? (
        <section aria-labelledby="counterfactual-title">
          <h2 id="counterfactual-title">{t('costs.comparison.counterfactualTitle')}</h2>
          <p className="muted">{t('costs.comparison.counterfactualUnavailable')}</p>
        </section>
      ) : null}
    </>
  );
}

function UnitLinks({ dto }: { dto: ComparisonDto }) {
  const t = useT();
  return (
    <p className="toolbar">
      {dto.units.map((unit) => (
        <Link key={unit.id} to={`/app/units/${unit.id}/costs`} className="button secondary">
          {t('costs.comparison.unitCosts', { unit: unit.name })}
        </Link>
      ))}
    </p>
  );
}
