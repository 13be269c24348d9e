import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { z } from 'zod';
import { Field, FormError } from '#app/components/field';
import { MISMATCH, NewPasswordFields, newPasswordErrors, newPasswordShape, passwordsMatch, type NewPasswordErrors } from '#app/components/new-password-fields';
import { LanguageLinks } from '#app/components/language-links';
import type { MessageKey } from '#app/i18n/index';
import { pageTitle } from '#app/i18n/meta';
import { useT } from '#app/i18n/react';
import { getSession, sessionCookie, sessionTokenOf } from '#app/lib/auth.server';
import { getDb } from '#app/lib/db.server';
import { AppError } from '#app/lib/errors';
import { clientIpOf, isSameOrigin } from '#app/lib/request.server';
import { MIN_PASSWORD_LENGTH } from '#app/services/auth/password-reset.server';
import { createSession, destroySession, setActiveOrg } from '#app/services/auth/sessions.server';
import { acceptInvitationAsNewUser, acceptInvitationAsUser, readInvitationByToken, type InvitationState } from '#app/services/invitations.server';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'titles.invitation');

const NewAccountSchema = z.object({ name: z.string().trim().min(1).max(200), ...newPasswordShape(MIN_PASSWORD_LENGTH) }).refine(passwordsMatch, MISMATCH);

const STATE_MESSAGES: Record<Exclude<InvitationState, 'pending'>, MessageKey> = {
  expired: 'invitation.expired',
  revoked: 'invitation.revoked',
  accepted: 'invitation.accepted',
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const token = params.token ?? '';
  const invitation = await readInvitationByToken(await getDb(), token);
  if (!invitation) return data({ invitation: null, signedInAs: null, redirectTo: '', minLength: MIN_PASSWORD_LENGTH }, { status: 404 });
  const session = await getSession(request);
  const view = { orgName: invitation.orgName, email: invitation.email, role: invitation.role, state: invitation.state, hasAccount: invitation.hasAccount };
  return data(
    { invitation: view, signedInAs: session?.user.email ?? null, redirectTo: `/invitations/${encodeURIComponent(token)}`, minLength: MIN_PASSWORD_LENGTH },
    { status: invitation.state === 'pending' ? 200 : 410 },
  );
}

type Fields = { name: MessageKey | null } & NewPasswordErrors;

export async function action({ request, params, context }: ActionFunctionArgs) {
  if (!isSameOrigin(request)) throw new Response('Cross-site request refused', { status: 403 });
  const token = params.token ?? '';
  const db = await getDb();
  const form = Object.fromEntries(await request.formData());
  const ip = clientIpOf(context);
  try {
    if (form.intent === 'accept') {
      const session = await getSession(request);
      if (!session) return redirect(`/login?redirectTo=${encodeURIComponent(`/invitations/${token}`)}`);
      const { orgId } = await acceptInvitationAsUser(db, { token, userId: session.user.id, ip });
      await setActiveOrg(db, session.sessionId, orgId);
      return redirect('/app');
    }
    if (form.intent !== 'create-account') throw new Response('Unknown action', { status: 400 });
    const parsed = NewAccountSchema.safeParse(form);
    if (!parsed.success) {
      const fields = z.flattenError(parsed.error).fieldErrors;
      const invalid: Fields = {
        name: fields.name ? 'form.required' : null,
        ...newPasswordErrors(fields),
      };
      return data({ error: null, fields: invalid }, { status: 400 });
    }
    const { userId } = await acceptInvitationAsNewUser(db, { token, name: parsed.data.name, password: parsed.data.password, ip });
    const previous = await sessionTokenOf(request);
    if (previous) await destroySession(db, previous);
    const sessionToken = await createSession(db, { userId, ip, userAgent: request.headers.get('user-agent') ?? undefined });
    return redirect('/app', { headers: { 'Set-Cookie': await sessionCookie.serialize(sessionToken) } });
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    if (error.code === 'NOT_FOUND') throw new Response('Not found', { status: 404 });
    const reason = (error.details as { reason?: string } | undefined)?.reason;
    if (error.code === 'CONFLICT' && (reason === 'expired' || reason === 'revoked' || reason === 'accepted')) {
      return data({ error: STATE_MESSAGES[reason], fields: null }, { status: 410 });
    }
    if (error.code === 'CONFLICT' && reason === 'has_account') return data({ error: 'invitation.signInToAccept' as MessageKey, fields: null }, { status: 409 });
    if (error.code === 'FORBIDDEN') return data({ error: 'invitation.otherAccount' as MessageKey, fields: null }, { status: 403 });
    throw error;
  }
}

export default function InvitationPage() {
  const t = useT();
  const { invitation, signedInAs, redirectTo, minLength: min } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  if (!invitation) {
    return (
      <InvitationCard title={t('invitation.unknown')}>
        <Link to="/login">{t('invitation.goToLogin')}</Link>
      </InvitationCard>
    );
  }
  const role = t(`role.${invitation.role}`);
  const params = { org: invitation.orgName, email: invitation.email, role, current: signedInAs ?? '' };
  const title = t('invitation.title', params);
  if (invitation.state !== 'pending') {
    return (
      <InvitationCard title={title}>
        <FormError message={t(STATE_MESSAGES[invitation.state])} />
        <Link to="/login">{t('invitation.goToLogin')}</Link>
      </InvitationCard>
    );
  }
  const isInvitee = signedInAs !== null && signedInAs.toLowerCase() === invitation.email.toLowerCase();
  return (
    <InvitationCard title={title}>
      <p>{t('invitation.summary', params)}</p>
      <FormError message={result?.error ? t(result.error, params) : undefined} />
      {!invitation.hasAccount ? (
        <Form method="post" className="stack" noValidate>
          <input type="hidden" name="intent" value="create-account" />
          <p className="muted">{t('invitation.createAccountIntro')}</p>
          <Field label={t('login.email')} name="email" type="email" value={invitation.email} readOnly autoComplete="username" />
          <Field label={t('invitation.name')} name="name" autoComplete="name" required autoFocus error={result?.fields?.name ? t(result.fields.name) : undefined} />
          <NewPasswordFields label={t('invitation.password')} confirmLabel={t('invitation.confirm')} minLength={min} errors={result?.fields} />
          <button type="submit" disabled={busy}>
            {t('invitation.createAccount')}
          </button>
        </Form>
      ) : isInvitee ? (
        <Form method="post">
          <input type="hidden" name="intent" value="accept" />
          <button type="submit" disabled={busy}>
            {t('invitation.accept', params)}
          </button>
        </Form>
      ) : signedInAs ? (
        <>
          <p className="form-error">{t('invitation.otherAccount', params)}</p>
          <Form method="post" action="/logout">
            <button type="submit" className="secondary">
              {t('invitation.signOut')}
            </button>
          </Form>
        </>
      ) : (
        <>
          <p>{t('invitation.signInToAccept')}</p>
          <Link className="button" to={`/login?redirectTo=${encodeURIComponent(redirectTo)}`}>
            {t('invitation.signIn')}
          </Link>
        </>
      )}
    </InvitationCard>
  );
}

function InvitationCard({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <main id="main" className="auth-page">
      <div className="auth-card stack">
        <h1>{title}</h1>
        {children}
        <LanguageLinks />
      </div>
    </main>
  );
}
