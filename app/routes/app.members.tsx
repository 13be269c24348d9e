import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { z } from 'zod';
import { Field, FormError, SelectField } from '#app/components/field';
import { ROLES, rolesForKind } from '#app/domain/permissions';
import type { MessageKey } from '#app/i18n/index';
import { formatDate, formatDateTime } from '#app/i18n/format';
import { pageTitle } from '#app/i18n/meta';
import { useLocale, useT } from '#app/i18n/react';
import { requireMember } from '#app/lib/auth.server';
import { AppError } from '#app/lib/errors';
import { createInvitation, listPendingInvitations, revokeInvitation } from '#app/services/invitations.server';
import { changeMemberRole, listMembers, removeMember } from '#app/services/members.server';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'titles.members');

const ActionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('invite'), email: z.string().trim().email(), role: z.enum(ROLES) }),
  z.object({ intent: z.literal('change-role'), userId: z.string().uuid(), role: z.enum(ROLES) }),
  z.object({ intent: z.literal('remove'), userId: z.string().uuid() }),
  z.object({ intent: z.literal('revoke'), invitationId: z.string().uuid() }),
]);

interface ActionResult {
  notice: MessageKey | null;
  noticeParams?: Record<string, string>;
  error: MessageKey | null;
  fields: { email: MessageKey | null; role: MessageKey | null } | null;
}

const notFound = () => new Response('Not found', { status: 404 });

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { ctx, session } = await requireMember(request, context, 'manage:members');
  const [members, invitations] = await Promise.all([listMembers(ctx), listPendingInvitations(ctx)]);
  return { members, invitations, roles: rolesForKind(ctx.orgKind), currentUserId: session.user.id };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { ctx } = await requireMember(request, context, 'manage:members');
  const form = Object.fromEntries(await request.formData());
  const parsed = ActionSchema.safeParse(form);
  if (!parsed.success) {
    // A malformed or foreign id is "not found", never a server error.
    if (form.intent !== 'invite') throw notFound();
    const fields = z.flattenError(parsed.error).fieldErrors as Record<string, string[] | undefined>;
    return data<ActionResult>(
      { notice: null, error: null, fields: { email: fields.email ? 'form.invalidEmail' : null, role: fields.role ? 'invite.roleInvalid' : null } },
      { status: 400 },
    );
  }
  const input = parsed.data;
  try {
    switch (input.intent) {
      case 'invite': {
        const created = await createInvitation(ctx, { email: input.email, role: input.role, origin: new URL(request.url).origin });
        return data<ActionResult>({ notice: 'invite.sent', noticeParams: { email: created.email, date: created.expiresAt.toISOString() }, error: null, fields: null });
      }
      case 'change-role':
        await changeMemberRole(ctx, { userId: input.userId, role: input.role });
        return data<ActionResult>({ notice: 'members.roleChanged', error: null, fields: null });
      case 'remove':
        await removeMember(ctx, input.userId);
        return data<ActionResult>({ notice: 'members.removed', error: null, fields: null });
      case 'revoke':
        await revokeInvitation(ctx, input.invitationId);
        return data<ActionResult>({ notice: 'invitations.revoked', error: null, fields: null });
    }
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const details = (error.details ?? {}) as { field?: string; reason?: string };
    if (error.code === 'NOT_FOUND') throw notFound();
    if (error.code === 'UNPROCESSABLE' && details.field === 'role') {
      const fields = input.intent === 'invite' ? { email: null, role: 'invite.roleInvalid' as const } : null;
      return data<ActionResult>({ notice: null, error: fields ? null : 'invite.roleInvalid', fields }, { status: 422 });
    }
    if (error.code === 'CONFLICT') {
      const message: MessageKey =
        details.reason === 'last_admin' ? 'members.lastAdmin' : details.reason === 'already_member' ? 'invite.alreadyMember' : 'invitations.alreadyAccepted';
      return data<ActionResult>({ notice: null, error: message, fields: null }, { status: 409 });
    }
    throw error;
  }
}

export default function MembersPage() {
  const t = useT();
  const locale = useLocale();
  const { members, invitations, roles, currentUserId } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  const roleOptions = roles.map((r) => ({ value: r, label: t(`role.${r}`) }));
  const noticeParams = result?.noticeParams?.date ? { ...result.noticeParams, date: formatDateTime(locale, result.noticeParams.date) } : result?.noticeParams;
  return (
    <>
      <h1>{t('members.title')}</h1>
      {result?.notice ? (
        <p className="notice" role="status">
          {t(result.notice, noticeParams)}
        </p>
      ) : null}
      <FormError message={result?.error ? t(result.error) : undefined} />
      <table className="data">
        <thead>
          <tr>
            <th scope="col">{t('members.name')}</th>
            <th scope="col">{t('members.email')}</th>
            <th scope="col">{t('members.role')}</th>
            <th scope="col">{t('members.joined')}</th>
            <th scope="col">{t('members.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <tr key={m.userId} data-testid="member-row">
              <td>{m.name}</td>
              <td>{m.email}</td>
              <td>{t(`role.${m.role}`)}</td>
              <td>{formatDate(locale, m.joinedAt)}</td>
              <td>
                <div className="toolbar">
                  <Form method="post">
                    <input type="hidden" name="intent" value="change-role" />
                    <input type="hidden" name="userId" value={m.userId} />
                    <select name="role" defaultValue={m.role} aria-label={t('members.roleOf', { name: m.name })}>
                      {roleOptions.map((o) => (
                        <option key={o.value} value={o.value}>
                          {o.label}
                        </option>
                      ))}
                    </select>{' '}
                    <button type="submit" className="secondary" disabled={busy}>
                      {t('members.changeRole')}
                    </button>
                  </Form>
                  {m.userId === currentUserId ? null : (
                    <Form method="post">
                      <input type="hidden" name="intent" value="remove" />
                      <input type="hidden" name="userId" value={m.userId} />
                      <button type="submit" className="danger" disabled={busy} aria-label={t('members.removeLabel', { name: m.name })}>
                        {t('members.remove')}
                      </button>
                    </Form>
                  )}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>{t('invite.title')}</h2>
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="intent" value="invite" />
        <Field label={t('invite.email')} name="email" type="email" autoComplete="off" required error={result?.fields?.email ? t(result.fields.email) : undefined} />
        <SelectField label={t('invite.role')} name="role" options={roleOptions} error={result?.fields?.role ? t(result.fields.role) : undefined} />
        <button type="submit" disabled={busy}>
          {t('invite.submit')}
        </button>
      </Form>

      <h2>{t('invitations.pendingTitle')}</h2>
      {invitations.length === 0 ? (
        <p className="muted">{t('invitations.none')}</p>
      ) : (
        <table className="data">
          <thead>
            <tr>
              <th scope="col">{t('invite.email')}</th>
              <th scope="col">{t('invite.role')}</th>
              <th scope="col">{t('invitations.expires')}</th>
              <th scope="col">{t('members.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {invitations.map((inv) => (
              <tr key={inv.id} data-testid="invitation-row">
                <td>{inv.email}</td>
                <td>{t(`role.${inv.role}`)}</td>
                <td>
                  {formatDateTime(locale, inv.expiresAt)} {inv.isExpired ? <span className="badge warn">{t('invitations.expired')}</span> : null}
                </td>
                <td>
                  <Form method="post">
                    <input type="hidden" name="intent" value="revoke" />
                    <input type="hidden" name="invitationId" value={inv.id} />
                    <button type="submit" className="secondary" disabled={busy} aria-label={t('invitations.revokeLabel', { email: inv.email })}>
                      {t('invitations.revoke')}
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
