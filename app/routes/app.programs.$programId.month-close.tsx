import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { pageTitle } from '#app/i18n/meta';
import { data } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { FormError } from '#app/components/field';
import { Breadcrumbs } from '#app/components/programs/form-bits';
import type { MessageKey } from '#app/i18n/index';
import { formatDateTime } from '#app/i18n/format';
import { useLocale, useT } from '#app/i18n/react';
import { requireMember } from '#app/lib/auth.server';
import { formFailureOf, idParam, throwHttpError } from '#app/lib/form-errors.server';
import { closeMonths, type MonthCloseOutcome } from '#app/services/sla/close-batch.server';
import { getProgramMonthCloses } from '#app/services/sla/close-overview.server';
import programsStyles from '#app/styles/programs.css?url';

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, 'titles.monthClose', { program: data?.program.name });
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: programsStyles }];

/**
 * A program's month close: for the chosen month, every contract of the program with its state (closed,
 * ended and open, not ended), and one button that closes the month of every open contract at once
 * (closeMonths). Client program managers and finance only ('close:months').
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx } = await requireMember(request, context, 'close:months');
  const programId = idParam(params.programId);
  const month = new URL(request.url).searchParams.get('month') ?? undefined;
  const overview = await getProgramMonthCloses(ctx, { programId, month }).catch(throwHttpError);
  return {
    program: overview.program,
    month: overview.month,
    contracts: overview.contracts.map((c) => ({ ...c, closedAt: c.closedAt?.toISOString() ?? null })),
  };
}

type ActionResult =
  | { ok: true; month: string; closedCount: number; outcomes: { contractId: string; outcome: MonthCloseOutcome; resultCount: number | null }[] }
  | { ok: false; month: string; fieldErrors: Record<string, string>; formError: string | null };

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { ctx } = await requireMember(request, context, 'close:months');
  const programId = idParam(params.programId);
  const form = await request.formData();
  const month = String(form.get('month') ?? '').trim();
  try {
    // The service looks the program up before it checks the month: another org's program is a 404.
    const result = await closeMonths(ctx, { programId, month });
    return data<ActionResult>({ ok: true, month, closedCount: result.closedCount, outcomes: result.outcomes.map(({ contractId, outcome, resultCount }) => ({ contractId, outcome, resultCount })) });
  } catch (error) {
    const failure = formFailureOf(error);
    return data<ActionResult>({ ok: false, month, fieldErrors: failure.fieldErrors, formError: failure.formError }, { status: failure.status });
  }
}

const STATE_BADGE: Record<string, string> = { closed: 'badge ok', open: 'badge', not_ended: 'badge warn' };

export default function ProgramMonthClosePage() {
  const t = useT();
  const locale = useLocale();
  const { program, month, contracts } = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>() as ActionResult | undefined;
  const busy = useNavigation().state === 'submitting';
  const open = contracts.filter((c) => c.state === 'open').length;
  const monthError = posted && !posted.ok && posted.fieldErrors.month ? t(posted.fieldErrors.month as MessageKey) : undefined;
  const nameOf = new Map(contracts.map((c) => [c.id, c.name]));

  return (
    <>
      <Breadcrumbs items={[{ to: '/app/programs', label: t('programsUi.list.title') }, { to: `/app/programs/${program.id}`, label: program.name }, { label: t('sla.monthClose.breadcrumb') }]} />
      <h1>{t('sla.monthClose.title', { name: program.name })}</h1>
      <p className="muted">{t('sla.monthClose.intro', { timeZone: program.timeZone })}</p>

      <Form method="get" className="toolbar">
        <label htmlFor="month-shown">{t('sla.monthClose.month')}</label> <input id="month-shown" type="month" name="month" defaultValue={month} required />{' '}
        <button type="submit" className="secondary">
          {t('sla.monthClose.show')}
        </button>
      </Form>

      {posted?.ok ? (
        <section aria-labelledby="outcomes-heading" className="card">
          <p className="notice" role="status">
            {t('sla.monthClose.done', { month: posted.month, closed: posted.closedCount, total: posted.outcomes.length })}
          </p>
          <h2 id="outcomes-heading">{t('sla.monthClose.outcomes')}</h2>
          <table className="data" data-testid="close-outcomes">
            <thead>
              <tr>
                <th scope="col">{t('sla.monthClose.contract')}</th>
                <th scope="col">{t('sla.monthClose.outcome')}</th>
                <th scope="col" className="num">
                  {t('sla.monthClose.results')}
                </th>
              </tr>
            </thead>
            <tbody>
              {posted.outcomes.map((o) => (
                <tr key={o.contractId} data-contract={o.contractId} data-outcome={o.outcome}>
                  <th scope="row">{nameOf.get(o.contractId) ?? o.contractId}</th>
                  <td>{t(`sla.monthClose.outcome.${o.outcome}` as MessageKey)}</td>
                  <td className="num">{o.resultCount ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
      {posted && !posted.ok && posted.formError ? <FormError message={posted.formError} /> : null}

      <section aria-labelledby="contracts-heading">
        <h2 id="contracts-heading">{t('sla.monthClose.contracts', { month })}</h2>
        {contracts.length ? (
          <table className="data" data-testid="month-states">
            <thead>
              <tr>
                <th scope="col">{t('sla.monthClose.contract')}</th>
                <th scope="col">{t('sla.monthClose.vendor')}</th>
                <th scope="col">{t('sla.monthClose.state')}</th>
                <th scope="col">{t('sla.monthClose.closedByAt')}</th>
              </tr>
            </thead>
            <tbody>
              {contracts.map((c) => (
                <tr key={c.id} data-contract={c.id} data-state={c.state}>
                  <th scope="row">{c.name}</th>
                  <td>{c.vendorName ?? '—'}</td>
                  <td>
                    <span className={STATE_BADGE[c.state] ?? 'badge'}>{t(`sla.monthClose.state.${c.state}` as MessageKey)}</span>
                  </td>
                  <td>{c.closedAt ? t('sla.monthClose.by', { who: c.closedByLabel ?? '', at: formatDateTime(locale, c.closedAt, program.timeZone) }) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="muted">{t('sla.monthClose.noContracts')}</p>
        )}
      </section>

      {contracts.length ? (
        <Form method="post" className="card" data-testid="close-form">
          <input type="hidden" name="month" value={month} aria-describedby={monthError ? 'close-month-error' : undefined} />
          {monthError ? (
            <p id="close-month-error" className="field-error" role="alert">
              {monthError}
            </p>
          ) : null}
          {open ? (
            <button type="submit" disabled={busy}>
              {open === 1 ? t('sla.monthClose.submitOne', { month }) : t('sla.monthClose.submit', { month, count: open })}
            </button>
          ) : (
            <p className="muted">{t('sla.monthClose.nothingToClose', { month })}</p>
          )}
        </Form>
      ) : null}
    </>
  );
}
