import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react';
import { z } from 'zod';
import { Field, FormError } from '#app/components/field';
import { LanguageLinks } from '#app/components/language-links';
import { pageTitle } from '#app/i18n/meta';
import { useT } from '#app/i18n/react';
import { getSession, sessionCookie, sessionTokenOf } from '#app/lib/auth.server';
import { getDb } from '#app/lib/db.server';
import { AppError } from '#app/lib/errors';
import { clientIpOf, isSameOrigin, safeRedirectPath } from '#app/lib/request.server';
import { verifyLogin } from '#app/services/auth/login.server';
import { createSession, destroySession } from '#app/services/auth/sessions.server';

/** Passes the action's Retry-After (throttling) through to the document response. */
export const headers: HeadersFunction = ({ actionHeaders }) => actionHeaders;

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'titles.login');

const LoginSchema = z.object({
  email: z.string().trim().email(),
  password: z.string().min(1),
  redirectTo: z.string().optional(),
});

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getSession(request)) return redirect('/app');
  return { reason: new URL(request.url).searchParams.get('reason') };
}

export async function action({ request, context }: ActionFunctionArgs) {
  if (!isSameOrigin(request)) throw new Response('Cross-site request refused', { status: 403 });
  const form = Object.fromEntries(await request.formData());
  const parsed = LoginSchema.safeParse(form);
  if (!parsed.success) {
    const fields = parsed.error.flatten().fieldErrors;
    return data(
      { error: null, fields: { email: fields.email ? ('form.invalidEmail' as const) : null, password: fields.password ? ('form.required' as const) : null }, retryMinutes: null },
      { status: 400 },
    );
  }
  const db = await getDb();
  try {
    const { userId } = await verifyLogin(db, { email: parsed.data.email, password: parsed.data.password, ip: clientIpOf(context) });
    const previous = await sessionTokenOf(request);
    if (previous) await destroySession(db, previous); // rotate: never keep a pre-login session id
    const token = await createSession(db, { userId, ip: clientIpOf(context), userAgent: request.headers.get('user-agent') ?? undefined });
    return redirect(safeRedirectPath(parsed.data.redirectTo), { headers: { 'Set-Cookie': await sessionCookie.serialize(token) } });
  } catch (error) {
    if (error instanceof AppError && error.code === 'TOO_MANY_REQUESTS') {
      const minutes = (error.details as { retryAfterMinutes: number }).retryAfterMinutes;
      return data({ error: 'login.throttled' as const, fields: null, retryMinutes: minutes }, { status: 429, headers: { 'Retry-After': String(minutes * 60) } });
    }
    if (error instanceof AppError && error.code === 'UNAUTHENTICATED') {
      return data({ error: 'login.invalid' as const, fields: null, retryMinutes: null }, { status: 401 });
    }
    throw error;
  }
}

export default function LoginPage() {
  const t = useT();
  const { reason } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state === 'submitting';
  const formError = result?.error ? t(result.error, { minutes: result.retryMinutes ?? 15 }) : reason === 'expired' ? t('login.expired') : undefined;
  const notice = !result && reason === 'password-reset' ? t('reset.done') : undefined;
  return (
    <main id="main" className="auth-page">
      <div className="auth-card">
        <h1>{t('login.title')}</h1>
        <p className="muted" style={{ textAlign: 'center' }}>
          {t('app.tagline')}
        </p>
        <Form method="post" className="stack" noValidate>
          <FormError message={formError} />
          {notice ? (
            <p className="notice" role="status">
              {notice}
            </p>
          ) : null}
          <input type="hidden" name="redirectTo" value={params.get('redirectTo') ?? '/app'} />
          <Field label={t('login.email')} name="email" type="email" autoComplete="username" required autoFocus error={result?.fields?.email ? t(result.fields.email) : undefined} />
          <Field label={t('login.password')} name="password" type="password" autoComplete="current-password" required error={result?.fields?.password ? t(result.fields.password) : undefined} />
          <button type="submit" disabled={busy}>
            {t('login.submit')}
          </button>
          <Link to="/forgot-password">{t('login.forgot')}</Link>
        </Form>
        <LanguageLinks />
      </div>
    </main>
  );
}
