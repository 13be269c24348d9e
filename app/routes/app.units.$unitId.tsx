import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { z } from 'zod';
import { Breadcrumbs } from '#app/components/programs/form-bits';
import { InternalTargetsForm } from '#app/components/programs/internal-targets-form';
import { internalTargetsValuesFrom, toInternalTargetsInput, type InternalTargetsFormValues } from '#app/components/programs/internal-targets-values';
import { FeedStatus } from '#app/components/feeds/feed-status';
import { SlaTable } from '#app/components/programs/sla-table';
import { AddQueueForm, InviteVendorForm, PendingInvitations, QueuesTable } from '#app/components/programs/unit-sections';
import { can } from '#app/domain/permissions';
import { formatDate, formatNumber } from '#app/i18n/format';
import { pageTitle } from '#app/i18n/meta';
import { useLocale, useT } from '#app/i18n/react';
import { requireMember } from '#app/lib/auth.server';
import { textOf, type FieldErrors } from '#app/lib/form-data';
import { formFailureOf, idParam, throwHttpError } from '#app/lib/form-errors.server';
import { getFeedStatuses } from '#app/services/feeds/feed-status.server';
import { addQueue, getUnit, setInternalTargets } from '#app/services/units.server';
import { inviteVendorToUnit, listVendorInvitations, revokeVendorInvitation } from '#app/services/vendor-invitations.server';
import programsStyles from '#app/styles/programs.css?url';

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, 'titles.record', { name: data?.unit.name });
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: programsStyles }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx } = await requireMember(request, context, 'read:programs');
  const unitId = idParam(params.unitId);
  const unit = await getUnit(ctx, unitId).catch(throwHttpError);
  const canWrite = ctx.orgKind === 'client' && can(ctx.role, 'write:programs');
  const now = Date.now();
  const invitations =
    canWrite && unit.kind === 'vendor'
      ? (await listVendorInvitations(ctx, { unitId }))
          .filter((i) => !i.acceptedAt && !i.revokedAt)
          .map((i) => ({ id: i.id, email: i.email, vendorName: i.vendorName, expiresAt: i.expiresAt, isExpired: i.expiresAt.getTime() <= now }))
      : [];
  const feedStatus = can(ctx.role, 'read:kpis') ? ((await getFeedStatuses(ctx, { unitIds: [unitId] }))[0] ?? null) : null;
  // The unit's costs (in-house cost model, or oversight and transition): the bank's finance and PMs only.
  const canReadCosts = ctx.orgKind === 'client' && can(ctx.role, 'read:costs');
  return { unit, invitations, canWrite, canReadCosts, feedStatus };
}

type Intent = 'add-queue' | 'invite-vendor' | 'revoke-invitation' | 'set-targets';
interface ActionResult {
  intent: Intent;
  values: Record<string, string>;
  targets: InternalTargetsFormValues | null;
  fieldErrors: FieldErrors;
  formError: string | null;
  notice: 'queueAdded' | 'invited' | 'revoked' | 'targetsSaved' | null;
  acceptUrl: string | null;
}

const IntentSchema = z.enum(['add-queue', 'invite-vendor', 'revoke-invitation', 'set-targets']);

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { ctx } = await requireMember(request, context, 'write:programs');
  const unitId = idParam(params.unitId);
  const formData = await request.formData();
  const intent = IntentSchema.safeParse(formData.get('intent'));
  if (!intent.success) throw new Response('Unknown action', { status: 400 });
  const values = Object.fromEntries([...formData].filter(([k, v]) => typeof v === 'string' && !k.startsWith('targets[')).map(([k, v]) => [k, v as string]));
  const targets = intent.data === 'set-targets' ? internalTargetsValuesFrom(formData) : null;
  const result = (over: Partial<ActionResult>): ActionResult => ({ intent: intent.data, values, targets, fieldErrors: {}, formError: null, notice: null, acceptUrl: null, ...over });
  try {
    switch (intent.data) {
      case 'add-queue':
        await addQueue(ctx, unitId, { name: textOf(values.name), channel: textOf(values.channel) as 'voice' });
        return data(result({ values: {}, notice: 'queueAdded' }));
      case 'invite-vendor': {
        const sent = await inviteVendorToUnit(ctx, unitId, { email: textOf(values.email), vendorName: textOf(values.vendorName) }, { origin: new URL(request.url).origin });
        return data(result({ values: {}, notice: 'invited', acceptUrl: sent.acceptUrl }));
      }
      case 'revoke-invitation': {
        const invitationId = z.uuid().safeParse(values.invitationId);
        if (!invitationId.success) throw new Response('Not found', { status: 404 });
        await revokeVendorInvitation(ctx, invitationId.data);
        return data(result({ notice: 'revoked' }));
      }
      case 'set-targets':
        await setInternalTargets(ctx, unitId, toInternalTargetsInput(targets!));
        return data(result({ targets: null, notice: 'targetsSaved' }));
    }
  } catch (error) {
    const failure = formFailureOf(error);
    return data(result({ fieldErrors: failure.fieldErrors, formError: failure.formError }), { status: failure.status });
  }
}

export default function UnitPage() {
  const t = useT();
  const locale = useLocale();
  const { unit, invitations, canWrite, canReadCosts, feedStatus } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  const failed = (intent: Intent) => (result?.intent === intent && !result.notice ? result : undefined);
  const scopeNames = Object.fromEntries([[unit.id, unit.name] as const, ...unit.queues.map((q) => [q.id, q.name] as const)]);
  return (
    <>
      <Breadcrumbs
        items={[
          { to: '/app/programs', label: t('programsUi.list.title') },
          { to: `/app/programs/${unit.programId}`, label: unit.programName ?? t('programsUi.unit.program') },
          { label: unit.name },
        ]}
      />
      <h1>{unit.name}</h1>
      <p className="toolbar">
        <Link to={`/app/units/${unit.id}/day`}>{t('dashboards.dayLink')}</Link>
        {canReadCosts ? <Link to={`/app/units/${unit.id}/costs`}>{t('costs.unitLink')}</Link> : null}
        {canWrite ? <Link to={`/app/units/${unit.id}/feed-settings`}>{t('feedsUi.settings.link')}</Link> : null}
        {canWrite ? <Link to={`/app/units/${unit.id}/feed-mapping`}>{t('feedsUi.mapping.link')}</Link> : null}
      </p>
      {result?.notice ? (
        <p className="notice" role="status">
          {t(`programsUi.unit.notice.${result.notice}`)}
        </p>
      ) : null}
      {result?.acceptUrl ? (
        <>
          <p>{t('programsUi.invite.linkIntro')}</p>
          <p className="secret" data-testid="accept-url">
            {result.acceptUrl}
          </p>
        </>
      ) : null}
      <section className="card" aria-labelledby="unit-facts">
        <h2 id="unit-facts">{t('programsUi.overview.facts')}</h2>
        <dl className="facts">
          <dt>{t('programsUi.unit.program')}</dt>
          <dd>
            <Link to={`/app/programs/${unit.programId}`}>{unit.programName}</Link>
          </dd>
          <dt>{t('programsUi.unit.kind')}</dt>
          <dd>{t(`programsUi.unitKind.${unit.kind}`)}</dd>
          {unit.kind === 'vendor' ? (
            <>
              <dt>{t('programsUi.unit.vendor')}</dt>
              <dd>{unit.vendorName ?? <span className="badge warn">{t('programsUi.unit.awaitingVendor')}</span>}</dd>
            </>
          ) : null}
          <dt>{t('programsUi.unit.site')}</dt>
          <dd>{unit.site ?? '—'}</dd>
          <dt>{t('programsUi.unit.volumeShare')}</dt>
          <dd>{t('programsUi.target.percent', { value: formatNumber(locale, unit.volumeShareBp / 100, 2) })}</dd>
        </dl>
      </section>

      {feedStatus ? <FeedStatus statuses={[feedStatus]} showUnit={false} /> : null}

      <section aria-labelledby="queues-heading">
        <h2 id="queues-heading">{t('programsUi.unit.queues')}</h2>
        <QueuesTable queues={unit.queues} />
        {canWrite ? <AddQueueForm values={failed('add-queue')?.values} errors={failed('add-queue')?.fieldErrors} formError={failed('add-queue')?.formError} busy={busy} /> : null}
      </section>

      {canWrite && unit.kind === 'vendor' ? (
        <section aria-labelledby="invitations-heading">
          <h2 id="invitations-heading">{t('programsUi.invite.pendingTitle')}</h2>
          <PendingInvitations invitations={invitations} canRevoke={canWrite} busy={busy} />
          {failed('revoke-invitation')?.formError ? <p className="form-error">{t('programsUi.error.invalid')}</p> : null}
          {!unit.vendorName ? (
            <InviteVendorForm values={failed('invite-vendor')?.values} errors={failed('invite-vendor')?.fieldErrors} formError={failed('invite-vendor')?.formError} busy={busy} />
          ) : null}
        </section>
      ) : null}

      {unit.kind === 'in_house' ? (
        <section aria-labelledby="targets-heading">
          <h2 id="targets-heading">{t('programsUi.targets.title')}</h2>
          <p className="muted">{t('programsUi.targets.intro')}</p>
          {unit.internalTargets.length ? (
            unit.internalTargets.map((set, i) => (
              <SlaTable
                key={set.effectiveFrom}
                slas={set.targets}
                caption={t(i === 0 ? 'programsUi.targets.currentSet' : 'programsUi.targets.olderSet', { date: formatDate(locale, `${set.effectiveFrom}T00:00:00Z`, 'UTC') })}
                scopeNames={scopeNames}
                showCredits={false}
              />
            ))
          ) : (
            <p className="muted">{t('programsUi.targets.none')}</p>
          )}
          {canWrite ? (
            <>
              <h3>{t('programsUi.targets.newSet')}</h3>
              <InternalTargetsForm values={failed('set-targets')?.targets ?? undefined} errors={failed('set-targets')?.fieldErrors} formError={failed('set-targets')?.formError} busy={busy} />
            </>
          ) : null}
        </section>
      ) : null}
    </>
  );
}
