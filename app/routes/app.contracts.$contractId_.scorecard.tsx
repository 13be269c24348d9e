import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import type { ChartData } from '#app/components/charts/chart-data';
import { ChartExport } from '#app/components/charts/chart-export';
import { LineChart } from '#app/components/charts/line-chart';
import { formatSlaTarget } from '#app/components/contracts/format';
import { FormError } from '#app/components/field';
import { can } from '#app/domain/permissions';
import { periodBounds, periodKey } from '#app/domain/kpi/aggregate';
import type { MessageKey } from '#app/i18n/index';
import { formatDateTime, formatMoney, formatPercent } from '#app/i18n/format';
import { pageTitle } from '#app/i18n/meta';
import { useLocale, useT } from '#app/i18n/react';
import { requireMember } from '#app/lib/auth.server';
import { formFailureOf, idParam, throwHttpError } from '#app/lib/form-errors.server';
import { getContract } from '#app/services/contracts.server';
import { listPrograms } from '#app/services/programs.server';
import { closeMonth, listMonthCloses, reopenMonth } from '#app/services/sla/close.server';
import { evaluateContractMonth } from '#app/services/sla/evaluate.server';
import { getContractScorecard } from '#app/services/sla/results.server';
import { listUnits } from '#app/services/units.server';

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, 'titles.scorecard', { contract: data?.contract.name });

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const MAX_MONTHS = 24;

function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + n, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to && out.length < MAX_MONTHS; m = addMonths(m, 1)) out.push(m);
  return out;
}

/** The contract and its program's time zone (the first covered unit's program); NOT_FOUND → 404. */
async function loadContract(ctx: Awaited<ReturnType<typeof requireMember>>['ctx'], contractIdParam: string | undefined) {
  const contractId = idParam(contractIdParam);
  const contract = await getContract(ctx, contractId).catch(throwHttpError);
  const units = (await listUnits(ctx)).filter((u) => contract.unitIds.includes(u.id));
  const programs = await listPrograms(ctx);
  const timeZone = programs.find((p) => p.id === units[0]?.programId)?.timeZone ?? 'UTC';
  return { contract, units, timeZone };
}

/**
 * A contract's vendor scorecard: every SLA's month result (value, status, credit) per month of the range,
 * credits and earn-backs, the weighted overall score and its trend. Client users with 'close:months' close
 * and reopen ended months; client users evaluate open months. A vendor sees its own contracts only (RLS).
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx } = await requireMember(request, context, 'read:kpis');
  const { contract, units, timeZone } = await loadContract(ctx, params.contractId);
  const now = new Date();
  const current = periodKey(now, 'month', timeZone);
  const search = new URL(request.url).searchParams;
  let to = search.get('to') ?? '';
  let from = search.get('from') ?? '';
  if (!MONTH.test(to)) to = current;
  if (!MONTH.test(from)) from = addMonths(to, -5);
  if (from > to) [from, to] = [to, from];
  if (monthsBetween(from, to).length >= MAX_MONTHS) from = addMonths(to, -(MAX_MONTHS - 1));
  const months = monthsBetween(from, to);
  const card = await getContractScorecard(ctx, { contractId: contract.id, fromMonth: from, toMonth: to }).catch(throwHttpError);
  const closes = await listMonthCloses(ctx, contract.id).catch(throwHttpError);

  // One row per SLA key (the same SLA across contract versions), in order of first appearance.
  const slaRows = new Map<string, { slaKey: string; kpi: string; comparator: string; target: number }>();
  for (const m of card.months) for (const r of m.results) if (!slaRows.has(r.slaKey)) slaRows.set(r.slaKey, { slaKey: r.slaKey, kpi: r.kpi, comparator: r.comparator, target: r.target });

  const isClient = ctx.orgKind === 'client';
  return {
    contract: { id: contract.id, name: contract.name, vendorName: contract.vendorName, currency: contract.currentVersion?.currency ?? 'TWD' },
    unitNames: units.map((u) => u.name),
    timeZone,
    from,
    to,
    slas: [...slaRows.values()],
    months: months.map((month) => {
      const m = card.months.find((x) => x.month === month);
      const close = closes.find((c) => c.month === month && c.reopenedAt === null) ?? null;
      const lastReopen = closes.find((c) => c.month === month && c.reopenedAt !== null) ?? null;
      return {
        month,
        hasEnded: periodBounds(month, 'month', timeZone).end.getTime() <= now.getTime(),
        score: m?.scorecard.score ?? null,
        cells: Object.fromEntries(
          (m?.results ?? []).map((r) => [
            r.slaKey,
            { status: r.status, value: r.value, target: r.target, credit: r.credit ? { amountMinor: r.credit.amountMinor.toString(), currency: r.credit.currency } : null, isFrozen: r.isFrozen },
          ]),
        ),
        credits: m?.credits ? { totalMinor: m.credits.totalMinor.toString(), currency: m.credits.currency, isCapped: m.credits.isCapped } : null,
        earnedBackMinor: m ? m.earnedBackMinor.toString() : '0',
        close: close ? { by: close.closedByLabel, at: close.closedAt.toISOString() } : null,
        lastReopen: lastReopen && !close ? { by: lastReopen.reopenedByLabel ?? '', at: lastReopen.reopenedAt!.toISOString(), reason: lastReopen.reopenReason ?? '' } : null,
      };
    }),
    ledger: card.ledger.map((e) => ({ ...e, amountMinor: e.amountMinor.toString(), returnedMinor: e.returnedMinor.toString() })),
    canClose: isClient && can(ctx.role, 'close:months'),
    canEvaluate: isClient,
  };
}

type ActionResult = { ok: true; intent: 'close' | 'reopen' | 'evaluate'; month: string; count?: number } | { ok: false; month: string; intent: string; fieldErrors: Record<string, string>; formError: string | null };

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { ctx } = await requireMember(request, context, 'read:kpis');
  const form = await request.formData();
  const intent = String(form.get('intent') ?? '');
  const month = String(form.get('month') ?? '');
  const reason = String(form.get('reason') ?? '').trim();
  // Permission before any lookup: a caller who may not act learns nothing about the contract.
  if (intent === 'close' || intent === 'reopen') {
    if (!can(ctx.role, 'close:months') || ctx.orgKind !== 'client') throw new Response('Forbidden', { status: 403 });
  } else if (intent === 'evaluate') {
    if (ctx.orgKind !== 'client') throw new Response('Forbidden', { status: 403 });
  } else {
    return data<ActionResult>({ ok: false, intent, month, fieldErrors: {}, formError: 'sla.error.invalid' }, { status: 400 });
  }
  const { contract } = await loadContract(ctx, params.contractId);
  const fieldErrors: Record<string, string> = {};
  if (!MONTH.test(month)) fieldErrors.month = 'sla.error.month';
  if (intent === 'reopen' && !reason) fieldErrors.reason = 'sla.error.required';
  if (Object.keys(fieldErrors).length) return data<ActionResult>({ ok: false, intent, month, fieldErrors, formError: null }, { status: 422 });
  try {
    if (intent === 'close') await closeMonth(ctx, { contractId: contract.id, month });
    else if (intent === 'reopen') await reopenMonth(ctx, { contractId: contract.id, month, reason });
    else {
      const evaluation = await evaluateContractMonth(ctx, { contractId: contract.id, month });
      return data<ActionResult>({ ok: true, intent, month, count: evaluation.resultCount });
    }
  } catch (error) {
    const failure = formFailureOf(error);
    return data<ActionResult>({ ok: false, intent, month, fieldErrors: failure.fieldErrors, formError: failure.formError }, { status: failure.status });
  }
  return data<ActionResult>({ ok: true, intent, month });
}

const STATUS_BADGE: Record<string, string> = { met: 'badge ok', missed: 'badge danger', not_measured: 'badge', missing_data: 'badge warn' };

export default function ScorecardPage() {
  const t = useT();
  const locale = useLocale();
  const { contract, unitNames, timeZone, from, to, slas, months, ledger, canClose, canEvaluate } = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>() as ActionResult | undefined;
  const busy = useNavigation().state === 'submitting';
  const money = (minor: string, currency: string) => formatMoney(locale, BigInt(minor), currency);
  const errorOf = (month: string, name: string) => (posted && !posted.ok && posted.month === month && posted.fieldErrors[name] ? t(posted.fieldErrors[name] as MessageKey) : undefined);

  const trend: ChartData = {
    labels: months.map((m) => m.month),
    xTitle: t('sla.scorecard.monthState'),
    series: [{ id: 'score', label: t('sla.scorecard.trendSeries'), values: months.map((m) => m.score), format: 'percent' }],
    left: { title: t('sla.scorecard.score'), format: 'percent', min: 0, max: 1 },
  };
  const trendTitle = t('sla.scorecard.trend');

  return (
    <>
      <p>
        <Link to={`/app/contracts/${contract.id}`}>{t('sla.scorecard.back')}</Link>
      </p>
      <h1>{t('sla.scorecard.title', { name: contract.name })}</h1>
      <p className="muted">
        {contract.vendorName ?? ''} {unitNames.length ? `· ${unitNames.join(', ')}` : ''}
      </p>
      <p className="muted">{t('sla.scorecard.intro', { timeZone })}</p>
      <Form method="get" className="toolbar">
        <label>
          {t('sla.scorecard.from')} <input type="month" name="from" defaultValue={from} />
        </label>{' '}
        <label>
          {t('sla.scorecard.to')} <input type="month" name="to" defaultValue={to} />
        </label>{' '}
        <button type="submit" className="secondary">
          {t('sla.scorecard.show')}
        </button>
      </Form>

      {posted?.ok ? (
        <p className="notice" role="status">
          {posted.intent === 'close'
            ? t('sla.scorecard.closedDone', { month: posted.month })
            : posted.intent === 'reopen'
              ? t('sla.scorecard.reopenedDone', { month: posted.month })
              : t('sla.scorecard.evaluatedDone', { month: posted.month, count: posted.count ?? 0 })}
        </p>
      ) : null}
      {posted && !posted.ok && posted.formError ? <FormError message={posted.formError.startsWith('sla.') ? t(posted.formError as MessageKey) : posted.formError} /> : null}

      <section aria-labelledby="grid-heading">
        <h2 id="grid-heading">{t('sla.scorecard.grid')}</h2>
        {!slas.length ? <p className="muted">{t('sla.scorecard.noResults')}</p> : null}
        <div style={{ overflowX: 'auto' }}>
          <table className="data" data-testid="scorecard-grid">
            <thead>
              <tr>
                <th scope="col">{t('sla.scorecard.sla')}</th>
                {months.map((m) => (
                  <th scope="col" key={m.month} data-month={m.month}>
                    {m.month}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {slas.map((sla) => (
                <tr key={sla.slaKey} data-sla={sla.slaKey}>
                  <th scope="row">
                    {t(`contractsUi.kpi.${sla.kpi}` as MessageKey)}
                    <br />
                    <span className="muted">{t('sla.scorecard.target', { target: `${sla.comparator === 'gte' ? '≥' : '≤'} ${formatSlaTarget(locale, sla.kpi, sla.target, contract.currency)}` })}</span>
                  </th>
                  {months.map((m) => {
                    const cell = m.cells[sla.slaKey];
                    return (
                      <td key={m.month} data-status={cell?.status ?? 'none'}>
                        {cell ? (
                          <>
                            <span className={STATUS_BADGE[cell.status] ?? 'badge'}>{t(`sla.status.${cell.status}` as MessageKey)}</span>
                            <br />
                            {cell.value === null ? '—' : formatSlaTarget(locale, sla.kpi, cell.value, contract.currency)}
                            {cell.credit && cell.credit.amountMinor !== '0' ? (
                              <>
                                <br />
                                <span className="muted">{t('sla.scorecard.credit', { amount: money(cell.credit.amountMinor, cell.credit.currency) })}</span>
                              </>
                            ) : null}
                          </>
                        ) : (
                          <span className="muted">{t('sla.status.none')}</span>
                        )}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{t('sla.scorecard.creditsTotal')}</th>
                {months.map((m) => (
                  <td key={m.month} data-testid="credits-total">
                    {m.credits ? money(m.credits.totalMinor, m.credits.currency) : '—'}
                    {m.credits?.isCapped ? <span className="muted"> ({t('sla.scorecard.capped')})</span> : null}
                  </td>
                ))}
              </tr>
              <tr>
                <th scope="row">{t('sla.scorecard.earnedBack')}</th>
                {months.map((m) => (
                  <td key={m.month}>{m.earnedBackMinor !== '0' ? money(m.earnedBackMinor, m.credits?.currency ?? contract.currency) : '—'}</td>
                ))}
              </tr>
              <tr>
                <th scope="row">{t('sla.scorecard.score')}</th>
                {months.map((m) => (
                  <td key={m.month} data-testid="score" data-month={m.month}>
                    <strong>{m.score === null ? '—' : formatPercent(locale, m.score)}</strong>
                  </td>
                ))}
              </tr>
              <tr>
                <th scope="row">{t('sla.scorecard.monthState')}</th>
                {months.map((m) => (
                  <td key={m.month} data-testid="month-state" data-month={m.month} data-closed={m.close ? 'true' : 'false'}>
                    {m.close ? (
                      <span className="badge ok">{t('sla.scorecard.closed')}</span>
                    ) : m.hasEnded ? (
                      <span className="badge">{t('sla.scorecard.open')}</span>
                    ) : (
                      <span className="badge warn">{t('sla.scorecard.inProgress')}</span>
                    )}
                  </td>
                ))}
              </tr>
            </tfoot>
          </table>
        </div>
      </section>

      <LineChart data={trend} title={trendTitle} actions={<ChartExport data={trend} title={trendTitle} fileName={`scorecard-${contract.id}-${from}-${to}`} />} />

      {canClose || canEvaluate ? (
        <section aria-labelledby="close-heading">
          <h2 id="close-heading">{t('sla.scorecard.actions')}</h2>
          <ul className="plain" data-testid="month-actions">
            {months.map((m) => (
              <li key={m.month} className="card" style={{ marginBottom: '0.75rem' }}>
                <strong>{m.month}</strong>{' '}
                {m.close ? <span className="muted">{t('sla.scorecard.closedBy', { who: m.close.by, at: formatDateTime(locale, m.close.at) })}</span> : null}
                {m.lastReopen ? <span className="muted">{t('sla.scorecard.reopenedBy', { who: m.lastReopen.by, at: formatDateTime(locale, m.lastReopen.at), reason: m.lastReopen.reason })}</span> : null}
                {canEvaluate && !m.close ? (
                  <Form method="post" style={{ display: 'inline-block', marginLeft: '0.5rem' }}>
                    <input type="hidden" name="intent" value="evaluate" />
                    <input type="hidden" name="month" value={m.month} />
                    <button type="submit" className="secondary" disabled={busy}>
                      {t('sla.scorecard.evaluate', { month: m.month })}
                    </button>
                  </Form>
                ) : null}
                {canClose && m.hasEnded && !m.close ? (
                  <Form method="post" style={{ display: 'inline-block', marginLeft: '0.5rem' }}>
                    <input type="hidden" name="intent" value="close" />
                    <input type="hidden" name="month" value={m.month} />
                    <button type="submit" disabled={busy}>
                      {t('sla.scorecard.closeMonth', { month: m.month })}
                    </button>
                  </Form>
                ) : null}
                {canClose && m.close ? (
                  <Form method="post" className="field" style={{ marginTop: '0.5rem' }}>
                    <input type="hidden" name="intent" value="reopen" />
                    <input type="hidden" name="month" value={m.month} />
                    <label htmlFor={`reason-${m.month}`}>{t('sla.scorecard.reopenReason', { month: m.month })}</label>
                    <textarea
                      id={`reason-${m.month}`}
                      name="reason"
                      required
                      rows={2}
                      aria-invalid={errorOf(m.month, 'reason') ? true : undefined}
                      aria-describedby={errorOf(m.month, 'reason') ? `reason-${m.month}-error` : undefined}
                    />
                    {errorOf(m.month, 'reason') ? (
                      <p id={`reason-${m.month}-error`} className="field-error" role="alert">
                        {errorOf(m.month, 'reason')}
                      </p>
                    ) : null}
                    <button type="submit" className="secondary" disabled={busy}>
                      {t('sla.scorecard.reopenMonth', { month: m.month })}
                    </button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="ledger-heading">
        <h2 id="ledger-heading">{t('sla.scorecard.ledger')}</h2>
        {ledger.length ? (
          <table className="data" data-testid="ledger">
            <thead>
              <tr>
                <th scope="col">{t('sla.scorecard.sla')}</th>
                <th scope="col">{t('sla.scorecard.creditMonth')}</th>
                <th scope="col" className="num">
                  {t('sla.scorecard.amount')}
                </th>
                <th scope="col">{t('sla.scorecard.window')}</th>
                <th scope="col">{t('sla.scorecard.fate')}</th>
                <th scope="col" className="num">
                  {t('sla.scorecard.returned')}
                </th>
              </tr>
            </thead>
            <tbody>
              {ledger.map((e) => (
                <tr key={`${e.slaKey}@${e.creditMonth}`}>
                  <th scope="row">{t(`contractsUi.kpi.${e.kpi}` as MessageKey)}</th>
                  <td>{e.creditMonth}</td>
                  <td className="num">{money(e.amountMinor, contract.currency)}</td>
                  <td>
                    {e.metMonths} / {e.earnBackMonths}
                  </td>
                  <td>
                    {t(`sla.scorecard.fate.${e.fate}` as MessageKey)}
                    {e.decidedMonth ? ` (${e.decidedMonth})` : ''}
                  </td>
                  <td className="num">{money(e.returnedMinor, contract.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="muted">{t('sla.scorecard.noLedger')}</p>
        )}
      </section>
    </>
  );
}
