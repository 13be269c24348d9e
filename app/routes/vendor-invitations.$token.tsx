import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { z } from 'zod';
import { Field, FormError, SelectField } from '#app/components/field';
import { LanguageLinks } from '#app/components/language-links';
import { useMessage } from '#app/components/programs/form-bits';
import { requiredText } from '#app/domain/programs/schemas';
import { pageTitle } from '#app/i18n/meta';
import { useT } from '#app/i18n/react';
import { getSession, sessionCookie, sessionTokenOf } from '#app/lib/auth.server';
import { getDb } from '#app/lib/db.server';
import { AppError } from '#app/lib/errors';
import { fieldErrorsFromIssues, type FieldErrors } from '#app/lib/form-data';
import { clientIpOf, isSameOrigin } from '#app/lib/request.server';
import { MIN_PASSWORD_LENGTH } from '#app/services/auth/password-reset.server';
import { createSession, destroySession, setActiveOrg } from '#app/services/auth/sessions.server';
import { acceptVendorInvitation, previewVendorInvitation } from '#app/services/vendor-invitations.server';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'titles.vendorInvitation');

const NewVendorSchema = z.object({
  vendorName: requiredText(120),
  adminName: requiredText(200),
  password: z.string().min(MIN_PASSWORD_LENGTH, { message: 'programsUi.accept.passwordTooShort' }).max(200, { message: 'programs.error.tooLong' }),
});

type Unusable = { status: 404 | 410; message: string };

/** Why a token cannot be used: unknown (404) or known but spent, withdrawn or expired (410). */
function unusableOf(error: unknown): Unusable {
  if (!(error instanceof AppError)) throw error;
  if (error.code === 'NOT_FOUND') return { status: 404, message: 'programs.error.invitationInvalid' };
  const reason = (error.details as { reason?: string } | undefined)?.reason;
  if (reason === 'revoked') return { status: 410, message: 'programsUi.accept.revoked' };
  if (error.code === 'CONFLICT' || error.code === 'UNPROCESSABLE') return { status: 410, message: error.message };
  throw error;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const token = params.token ?? '';
  const session = await getSession(request);
  const adminOf = (session?.memberships ?? []).filter((m) => m.orgKind === 'vendor' && m.role === 'vendor_admin').map((m) => ({ id: m.orgId, name: m.orgName }));
  try {
    const preview = await previewVendorInvitation(await getDb(), token);
    return data({ invitation: preview, unusable: null, signedInAs: session?.user.email ?? null, adminOf, minLength: MIN_PASSWORD_LENGTH, token });
  } catch (error) {
    const unusable = unusableOf(error);
    return data({ invitation: null, unusable, signedInAs: null, adminOf: [], minLength: MIN_PASSWORD_LENGTH, token }, { status: unusable.status });
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  if (!isSameOrigin(request)) throw new Response('Cross-site request refused', { status: 403 });
  const token = params.token ?? '';
  const db = await getDb();
  const form = Object.fromEntries(await request.formData());
  const fail = (status: number, formError: string | null, fieldErrors: FieldErrors = {}, values: Record<string, string> = {}) => data({ formError, fieldErrors, values }, { status });
  try {
    if (form.intent === 'link') {
      const session = await getSession(request);
      if (!session) return redirect(`/login?redirectTo=${encodeURIComponent(`/vendor-invitations/${token}`)}`);
      const vendorOrgId = z.uuid().safeParse(form.vendorOrgId);
      if (!vendorOrgId.success) return fail(422, null, { vendorOrgId: 'programs.error.invalidVendor' });
      await acceptVendorInvitation(db, { mode: 'link', token, userId: session.user.id, vendorOrgId: vendorOrgId.data });
      await setActiveOrg(db, session.sessionId, vendorOrgId.data);
      return redirect('/app');
    }
    if (form.intent !== 'create-org') throw new Response('Unknown action', { status: 400 });
    const values = { vendorName: String(form.vendorName ?? ''), adminName: String(form.adminName ?? '') };
    const parsed = NewVendorSchema.safeParse(form);
    if (!parsed.success) return fail(422, null, fieldErrorsFromIssues(parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message }))), values);
    // Someone who already has an account proves it by signing in, then links or is added by an admin.
    if ((await previewVendorInvitation(db, token)).hasAccount) return fail(409, 'programsUi.accept.signInFirst', {}, values);
    const { userId } = await acceptVendorInvitation(db, { mode: 'new', token, vendorName: parsed.data.vendorName, adminName: parsed.data.adminName, password: parsed.data.password });
    const previous = await sessionTokenOf(request);
    if (previous) await destroySession(db, previous);
    const sessionToken = await createSession(db, { userId, ip: clientIpOf(context), userAgent: request.headers.get('user-agent') ?? undefined });
    return redirect('/app', { headers: { 'Set-Cookie': await sessionCookie.serialize(sessionToken) } });
  } catch (error) {
    if (error instanceof AppError && error.code === 'FORBIDDEN') return fail(403, error.message);
    if (error instanceof AppError && error.code === 'UNPROCESSABLE' && (error.details as { issues?: unknown } | undefined)?.issues) {
      return fail(422, null, fieldErrorsFromIssues((error.details as { issues: { path: string[]; message: string }[] }).issues));
    }
    const unusable = unusableOf(error);
    return fail(unusable.status, unusable.message);
  }
}

export default function VendorInvitationPage() {
  const t = useT();
  const message = useMessage();
  const { invitation, unusable, signedInAs, adminOf, minLength, token } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  const fieldError = (name: string) => message(result?.fieldErrors?.[name]);
  if (!invitation) {
    return (
      <Card title={t(unusable?.status === 404 ? 'programsUi.accept.unknownTitle' : 'programsUi.accept.unusableTitle')}>
        <FormError message={message(unusable?.message)} />
        <Link to="/login">{t('invitation.goToLogin')}</Link>
      </Card>
    );
  }
  const params = { client: invitation.clientName, program: invitation.programName, unit: invitation.unitName, email: invitation.email };
  return (
    <Card title={t('programsUi.accept.title', params)}>
      <p>{t('programsUi.accept.summary', params)}</p>
      <FormError message={message(result?.formError)} />
      {!invitation.hasAccount ? (
        <Form method="post" className="stack" noValidate>
          <input type="hidden" name="intent" value="create-org" />
          <p className="muted">{t('programsUi.accept.newIntro')}</p>
          <Field label={t('login.email')} name="email" type="email" value={invitation.email} readOnly autoComplete="username" />
          <Field
            label={t('programsUi.accept.vendorName')}
            name="vendorName"
            required
            maxLength={120}
            defaultValue={result?.values?.vendorName ?? invitation.vendorName ?? ''}
            autoComplete="organization"
            error={fieldError('vendorName')}
          />
          <Field label={t('programsUi.accept.adminName')} name="adminName" required autoComplete="name" defaultValue={result?.values?.adminName} error={fieldError('adminName')} />
          <Field
            label={t('programsUi.accept.password')}
            name="password"
            type="password"
            required
            minLength={minLength}
            autoComplete="new-password"
            hint={t('password.hint', { min: minLength })}
            error={result?.fieldErrors?.password ? t('password.hint', { min: minLength }) : undefined}
          />
          <button type="submit" disabled={busy}>
            {t('programsUi.accept.createSubmit')}
          </button>
        </Form>
      ) : null}
      {signedInAs && adminOf.length ? (
        <Form method="post" className="stack" noValidate>
          <input type="hidden" name="intent" value="link" />
          <p>{t('programsUi.accept.linkIntro', { current: signedInAs })}</p>
          <SelectField label={t('programsUi.accept.linkOrg')} name="vendorOrgId" options={adminOf.map((o) => ({ value: o.id, label: o.name }))} error={fieldError('vendorOrgId')} />
          <button type="submit" disabled={busy}>
            {t('programsUi.accept.linkSubmit')}
          </button>
        </Form>
      ) : invitation.hasAccount && signedInAs ? (
        <>
          <p className="form-error">{t('programsUi.accept.notVendorAdmin', { current: signedInAs })}</p>
          <Form method="post" action="/logout">
            <button type="submit" className="secondary">
              {t('invitation.signOut')}
            </button>
          </Form>
        </>
      ) : invitation.hasAccount ? (
        <>
          <p>{t('programsUi.accept.signInFirst')}</p>
          <Link className="button" to={`/login?redirectTo=${encodeURIComponent(`/vendor-invitations/${token}`)}`}>
            {t('programsUi.accept.signIn')}
          </Link>
        </>
      ) : null}
    </Card>
  );
}

function Card({ title, children }: { title: string; children: React.ReactNode }) {
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
