import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { Field, FormError, SelectField } from '#app/components/field';
import { can } from '#app/domain/permissions';
import { CHANNELS } from '#app/domain/programs/schemas';
import { resolveWallTime } from '#app/domain/time/zoned';
import type { MessageKey } from '#app/i18n/index';
import { formatDateTime } from '#app/i18n/format';
import { pageTitle } from '#app/i18n/meta';
import { useLocale, useT } from '#app/i18n/react';
import { requireMember } from '#app/lib/auth.server';
import { formFailureOf } from '#app/lib/form-errors.server';
import { listPrograms } from '#app/services/programs.server';
import { listDisputes, raiseDispute } from '#app/services/sla/disputes.server';
import { listUnits } from '#app/services/units.server';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'titles.disputes');

type Ctx = Awaited<ReturnType<typeof requireMember>>['ctx'];

/** The units the acting org may see with their program's time zone. */
async function unitsWithZones(ctx: Ctx) {
  const [units, programs] = await Promise.all([listUnits(ctx), listPrograms(ctx)]);
  const zoneOf = new Map(programs.map((p) => [p.id, p.timeZone]));
  return units.map((u) => ({ id: u.id, name: u.name, vendorOrgId: u.vendorOrgId, programName: u.programName, timeZone: zoneOf.get(u.programId) ?? 'UTC', queues: u.queues.map((q) => ({ id: q.id, name: q.name })) }));
}

/** Disputes visible to both sides (RLS: the client's, or the vendor's own); vendors raise new ones here. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { ctx } = await requireMember(request, context, 'read:kpis');
  const [disputes, units] = await Promise.all([listDisputes(ctx), unitsWithZones(ctx)]);
  const canRaise = ctx.orgKind === 'vendor' && can(ctx.role, 'raise:disputes');
  const unitById = new Map(units.map((u) => [u.id, u]));
  return {
    disputes: disputes.map((d) => ({
      id: d.id,
      unitName: unitById.get(d.unitId)?.name ?? '—',
      timeZone: unitById.get(d.unitId)?.timeZone ?? 'UTC',
      spanStart: d.spanStart.toISOString(),
      spanEnd: d.spanEnd.toISOString(),
      status: d.status,
      raisedByLabel: d.raisedByLabel,
      raisedAt: d.raisedAt.toISOString(),
      reason: d.reason,
    })),
    ownUnits: canRaise ? units.filter((u) => u.vendorOrgId === ctx.orgId) : [],
    canRaise,
  };
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/** A datetime-local value read in `timeZone`; a DST gap is an error, an overlap takes the earlier instant. */
function instantOf(value: string, timeZone: string): Date | 'invalid' | 'gap' {
  const m = LOCAL.exec(value);
  if (!m) return 'invalid';
  const [year, month, day, hour, minute] = m.slice(1).map(Number) as [number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return 'invalid';
  const resolved = resolveWallTime({ year, month, day, hour, minute, second: 0, millisecond: 0 }, timeZone);
  if (resolved.kind === 'gap') return 'gap';
  return new Date(resolved.kind === 'unique' ? resolved.instant.epochMs : resolved.earlier.epochMs);
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { ctx } = await requireMember(request, context, 'raise:disputes');
  if (ctx.orgKind !== 'vendor') throw new Response('Forbidden', { status: 403 });
  const form = await request.formData();
  const values = Object.fromEntries([...form].filter(([, v]) => typeof v === 'string')) as Record<string, string>;
  const fieldErrors: Record<string, string> = {};
  const units = (await unitsWithZones(ctx)).filter((u) => u.vendorOrgId === ctx.orgId);
  const unit = units.find((u) => u.id === values.unitId);
  if (!unit) fieldErrors.unitId = 'sla.error.required';
  const zone = unit?.timeZone ?? 'UTC';
  const start = values.spanStart ? instantOf(values.spanStart, zone) : 'invalid';
  const end = values.spanEnd ? instantOf(values.spanEnd, zone) : 'invalid';
  if (!(start instanceof Date)) fieldErrors.spanStart = start === 'gap' ? 'sla.error.gap' : 'sla.error.dateTime';
  if (!(end instanceof Date)) fieldErrors.spanEnd = end === 'gap' ? 'sla.error.gap' : 'sla.error.dateTime';
  if (start instanceof Date && end instanceof Date && (end <= start || end.getTime() - start.getTime() > 31 * 86_400_000)) fieldErrors.spanEnd = 'sla.error.spanOrder';
  const queueId = values.queueId || undefined;
  if (queueId && unit && !unit.queues.some((q) => q.id === queueId)) fieldErrors.queueId = 'sla.error.invalid';
  const channel = values.channel || undefined;
  if (channel && !(CHANNELS as readonly string[]).includes(channel)) fieldErrors.channel = 'sla.error.invalid';
  const reason = (values.reason ?? '').trim();
  if (!reason) fieldErrors.reason = 'sla.error.required';
  if (Object.keys(fieldErrors).length) return data({ values, fieldErrors, formError: null as string | null }, { status: 422 });
  try {
    const dispute = await raiseDispute(ctx, { unitId: unit!.id, spanStart: start as Date, spanEnd: end as Date, queueId, channel: channel as (typeof CHANNELS)[number] | undefined, reason });
    return redirect(`/app/disputes/${dispute.id}?raised=1`);
  } catch (error) {
    const failure = formFailureOf(error);
    const mapped = Object.fromEntries(Object.keys(failure.fieldErrors).map((k) => [k, 'sla.error.invalid']));
    return data({ values, fieldErrors: mapped, formError: failure.formError }, { status: failure.status });
  }
}

const STATUS_BADGE: Record<string, string> = { open: 'badge warn', approved: 'badge ok', rejected: 'badge danger' };

export default function DisputesPage() {
  const t = useT();
  const locale = useLocale();
  const { disputes, ownUnits, canRaise } = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  const v: Record<string, string> = posted?.values ?? {};
  const err = (name: string) => (posted?.fieldErrors[name] ? t(posted.fieldErrors[name] as MessageKey) : undefined);
  const zones = [...new Set(ownUnits.map((u) => u.timeZone))].join(', ');
  return (
    <>
      <h1>{t('sla.disputes.title')}</h1>
      <p className="muted">{t('sla.disputes.intro')}</p>
      {disputes.length ? (
        <table className="data" data-testid="disputes">
          <thead>
            <tr>
              <th scope="col">{t('sla.disputes.unit')}</th>
              <th scope="col">{t('sla.disputes.span')}</th>
              <th scope="col">{t('sla.disputes.status')}</th>
              <th scope="col">{t('sla.disputes.raisedBy')}</th>
              <th scope="col">{t('sla.disputes.raisedAt')}</th>
              <th scope="col">{t('sla.disputes.reason')}</th>
            </tr>
          </thead>
          <tbody>
            {disputes.map((d) => (
              <tr key={d.id} data-dispute={d.id}>
                <th scope="row">
                  <Link to={`/app/disputes/${d.id}`} aria-label={`${t('sla.disputes.view')}: ${d.unitName}`}>
                    {d.unitName}
                  </Link>
                </th>
                <td>
                  {formatDateTime(locale, d.spanStart, d.timeZone)} – {formatDateTime(locale, d.spanEnd, d.timeZone)} <span className="muted">({d.timeZone})</span>
                </td>
                <td>
                  <span className={STATUS_BADGE[d.status] ?? 'badge'} data-status={d.status}>
                    {t(`sla.disputes.status.${d.status}` as MessageKey)}
                  </span>
                </td>
                <td>{d.raisedByLabel}</td>
                <td>{formatDateTime(locale, d.raisedAt)}</td>
                <td>{d.reason.length > 120 ? `${d.reason.slice(0, 117)}…` : d.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">{t('sla.disputes.none')}</p>
      )}

      {canRaise ? (
        <section aria-labelledby="raise-heading" className="card">
          <h2 id="raise-heading">{t('sla.disputes.raise')}</h2>
          <p className="muted">{t('sla.disputes.raiseIntro', { zones: zones || '—' })}</p>
          <FormError message={posted?.formError ?? undefined} />
          <Form method="post" noValidate>
            <SelectField
              label={t('sla.disputes.unit')}
              name="unitId"
              defaultValue={v.unitId ?? ownUnits[0]?.id}
              error={err('unitId')}
              options={ownUnits.map((u) => ({ value: u.id, label: `${u.name}${u.programName ? ` (${u.programName}, ${u.timeZone})` : ` (${u.timeZone})`}` }))}
            />
            <Field label={t('sla.disputes.spanStart')} name="spanStart" type="datetime-local" required defaultValue={v.spanStart} error={err('spanStart')} />
            <Field label={t('sla.disputes.spanEnd')} name="spanEnd" type="datetime-local" required defaultValue={v.spanEnd} error={err('spanEnd')} />
            <SelectField
              label={t('sla.disputes.queue')}
              name="queueId"
              defaultValue={v.queueId ?? ''}
              error={err('queueId')}
              options={[{ value: '', label: t('sla.disputes.any') }, ...ownUnits.flatMap((u) => u.queues.map((q) => ({ value: q.id, label: `${u.name} · ${q.name}` })))]}
            />
            <SelectField
              label={t('sla.disputes.channel')}
              name="channel"
              defaultValue={v.channel ?? ''}
              error={err('channel')}
              options={[{ value: '', label: t('sla.disputes.any') }, ...CHANNELS.map((c) => ({ value: c, label: t(`programsUi.channel.${c}` as MessageKey) }))]}
            />
            <div className={`field${err('reason') ? ' field-invalid' : ''}`}>
              <label htmlFor="dispute-reason">{t('sla.disputes.reason')}</label>
              <textarea id="dispute-reason" name="reason" rows={3} required defaultValue={v.reason} aria-invalid={err('reason') ? true : undefined} aria-describedby={err('reason') ? 'dispute-reason-error' : undefined} />
              {err('reason') ? (
                <p id="dispute-reason-error" className="field-error" role="alert">
                  {err('reason')}
                </p>
              ) : null}
            </div>
            <button type="submit" disabled={busy}>
              {t('sla.disputes.submit')}
            </button>
          </Form>
        </section>
      ) : null}
    </>
  );
}
