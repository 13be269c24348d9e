import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { FormError } from '#app/components/field';
import { can } from '#app/domain/permissions';
import type { MessageKey } from '#app/i18n/index';
import { formatDateTime } from '#app/i18n/format';
import { pageTitle } from '#app/i18n/meta';
import { useLocale, useT } from '#app/i18n/react';
import { requireMember } from '#app/lib/auth.server';
import { formFailureOf, idParam, throwHttpError } from '#app/lib/form-errors.server';
import { listPrograms } from '#app/services/programs.server';
import { decideDispute, getDispute } from '#app/services/sla/disputes.server';
import { listUnits } from '#app/services/units.server';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'titles.dispute');

/** One dispute with its trail, for its client and its vendor; the client's 'decide:disputes' users decide it. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx } = await requireMember(request, context, 'read:kpis');
  const disputeId = idParam(params.disputeId);
  const dispute = await getDispute(ctx, disputeId).catch(throwHttpError);
  const [units, programs] = await Promise.all([listUnits(ctx), listPrograms(ctx)]);
  const unit = units.find((u) => u.id === dispute.unitId);
  const timeZone = programs.find((p) => p.id === unit?.programId)?.timeZone ?? 'UTC';
  return {
    dispute: {
      id: dispute.id,
      contractId: dispute.contractId,
      unitName: unit?.name ?? '—',
      queueName: unit?.queues.find((q) => q.id === dispute.queueId)?.name ?? null,
      channel: dispute.channel,
      spanStart: dispute.spanStart.toISOString(),
      spanEnd: dispute.spanEnd.toISOString(),
      reason: dispute.reason,
      status: dispute.status,
      raisedByLabel: dispute.raisedByLabel,
      raisedAt: dispute.raisedAt.toISOString(),
      decidedByLabel: dispute.decidedByLabel,
      decidedAt: dispute.decidedAt?.toISOString() ?? null,
      decisionComment: dispute.decisionComment,
      attachments: dispute.attachments.map((a) => ({ fileName: a.fileName, byteSize: a.byteSize })),
      events: (dispute.events ?? []).map((e) => ({ id: e.id, kind: e.kind, actorLabel: e.actorLabel, comment: e.comment, at: e.at.toISOString() })),
    },
    timeZone,
    justRaised: new URL(request.url).searchParams.get('raised') === '1',
    canDecide: ctx.orgKind === 'client' && can(ctx.role, 'decide:disputes') && dispute.status === 'open',
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { ctx } = await requireMember(request, context, 'decide:disputes');
  if (ctx.orgKind !== 'client') throw new Response('Forbidden', { status: 403 });
  const disputeId = idParam(params.disputeId);
  // Look the dispute up first: another org's id is a 404 whatever the form says.
  await getDispute(ctx, disputeId).catch(throwHttpError);
  const form = await request.formData();
  const decision = String(form.get('decision') ?? '');
  const comment = String(form.get('comment') ?? '').trim();
  const fieldErrors: Record<string, string> = {};
  if (decision !== 'approved' && decision !== 'rejected') fieldErrors.decision = 'sla.error.required';
  if (!comment) fieldErrors.comment = 'sla.error.required';
  if (Object.keys(fieldErrors).length) return data({ ok: false, comment, fieldErrors, formError: null as string | null }, { status: 422 });
  try {
    await decideDispute(ctx, { disputeId, decision: decision as 'approved' | 'rejected', comment });
  } catch (error) {
    const failure = formFailureOf(error);
    return data({ ok: false, comment, fieldErrors: failure.fieldErrors, formError: failure.formError }, { status: failure.status });
  }
  return data({ ok: true, comment: '', fieldErrors: {} as Record<string, string>, formError: null as string | null });
}

const STATUS_BADGE: Record<string, string> = { open: 'badge warn', approved: 'badge ok', rejected: 'badge danger' };

export default function DisputePage() {
  const t = useT();
  const locale = useLocale();
  const { dispute, timeZone, justRaised, canDecide } = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  const err = (name: string) => (posted?.fieldErrors[name] ? t(posted.fieldErrors[name] as MessageKey) : undefined);
  const status = t(`sla.disputes.status.${dispute.status}` as MessageKey);
  return (
    <>
      <p>
        <Link to="/app/disputes">{t('sla.disputes.back')}</Link>
      </p>
      <h1>{t('sla.disputes.detail', { unit: dispute.unitName })}</h1>
      {justRaised ? (
        <p className="notice" role="status">
          {t('sla.disputes.raised')}
        </p>
      ) : null}
      {posted?.ok ? (
        <p className="notice" role="status">
          {t('sla.disputes.decided', { status: status.toLowerCase() })}
        </p>
      ) : null}
      <section className="card" aria-labelledby="dispute-facts">
        <h2 id="dispute-facts" className="visually-hidden">
          {t('sla.disputes.detail', { unit: dispute.unitName })}
        </h2>
        <dl className="facts" data-testid="dispute-facts">
          <dt>{t('sla.disputes.status')}</dt>
          <dd>
            <span className={STATUS_BADGE[dispute.status] ?? 'badge'} data-testid="dispute-status" data-status={dispute.status}>
              {status}
            </span>
          </dd>
          <dt>{t('sla.disputes.unit')}</dt>
          <dd>{dispute.unitName}</dd>
          <dt>{t('sla.disputes.contract')}</dt>
          <dd>
            <Link to={`/app/contracts/${dispute.contractId}/scorecard`}>{t('sla.scorecard.link')}</Link>
          </dd>
          <dt>{t('sla.disputes.span')}</dt>
          <dd>
            {formatDateTime(locale, dispute.spanStart, timeZone)} – {formatDateTime(locale, dispute.spanEnd, timeZone)} <span className="muted">({timeZone})</span>
          </dd>
          <dt>{t('sla.disputes.queueChannel')}</dt>
          <dd>
            {dispute.queueName ?? t('sla.disputes.any')} / {dispute.channel ? t(`programsUi.channel.${dispute.channel}` as MessageKey) : t('sla.disputes.any')}
          </dd>
          <dt>{t('sla.disputes.reason')}</dt>
          <dd style={{ whiteSpace: 'pre-wrap' }}>{dispute.reason}</dd>
          <dt>{t('sla.disputes.raisedBy')}</dt>
          <dd>
            {dispute.raisedByLabel} · {formatDateTime(locale, dispute.raisedAt)}
          </dd>
          {dispute.decidedAt ? (
            <>
              <dt>{t('sla.disputes.decidedBy')}</dt>
              <dd>
                {dispute.decidedByLabel} · {formatDateTime(locale, dispute.decidedAt)}
              </dd>
              <dt>{t('sla.disputes.decisionComment')}</dt>
              <dd style={{ whiteSpace: 'pre-wrap' }}>{dispute.decisionComment}</dd>
            </>
          ) : null}
        </dl>
        {dispute.attachments.length ? (
          <ul>
            {dispute.attachments.map((a) => (
              <li key={a.fileName}>{a.fileName}</li>
            ))}
          </ul>
        ) : null}
      </section>

      <section aria-labelledby="trail-heading">
        <h2 id="trail-heading">{t('sla.disputes.trail')}</h2>
        <table className="data" data-testid="dispute-trail">
          <thead>
            <tr>
              <th scope="col">{t('sla.disputes.when')}</th>
              <th scope="col">{t('sla.disputes.what')}</th>
              <th scope="col">{t('sla.disputes.who')}</th>
              <th scope="col">{t('sla.disputes.comment')}</th>
            </tr>
          </thead>
          <tbody>
            {dispute.events.map((e) => (
              <tr key={e.id} data-event={e.kind}>
                <td>{formatDateTime(locale, e.at)}</td>
                <td>{t(`sla.disputes.event.${e.kind}` as MessageKey)}</td>
                <td>{e.actorLabel}</td>
                <td style={{ whiteSpace: 'pre-wrap' }}>{e.comment ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      {canDecide ? (
        <section aria-labelledby="decide-heading" className="card">
          <h2 id="decide-heading">{t('sla.disputes.decide')}</h2>
          <FormError message={posted?.formError ?? undefined} />
          <Form method="post" noValidate>
            <div className={`field${err('comment') ? ' field-invalid' : ''}`}>
              <label htmlFor="decision-comment">{t('sla.disputes.comment')}</label>
              <textarea
                id="decision-comment"
                name="comment"
                rows={3}
                required
                defaultValue={posted && !posted.ok ? posted.comment : ''}
                aria-invalid={err('comment') ? true : undefined}
                aria-describedby={err('comment') ? 'decision-comment-error' : undefined}
              />
              {err('comment') ? (
                <p id="decision-comment-error" className="field-error" role="alert">
                  {err('comment')}
                </p>
              ) : null}
            </div>
            {err('decision') ? (
              <p className="field-error" role="alert">
                {err('decision')}
              </p>
            ) : null}
            <button type="submit" name="decision" value="approved" disabled={busy}>
              {t('sla.disputes.approve')}
            </button>{' '}
            <button type="submit" name="decision" value="rejected" className="secondary" disabled={busy}>
              {t('sla.disputes.reject')}
            </button>
          </Form>
        </section>
      ) : null}
    </>
  );
}
