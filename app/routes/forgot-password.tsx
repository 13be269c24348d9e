import type { ActionFunctionArgs, HeadersFunction, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useNavigation } from '@remix-run/react';
import { z } from 'zod';
import { Field, FormError } from '#app/components/field';
import { LanguageLinks } from '#app/components/language-links';
import { pageTitle } from '#app/i18n/meta';
import { useT } from '#app/i18n/react';
import { getDb } from '#app/lib/db.server';
import { AppError } from '#app/lib/errors';
import { clientIpOf, isSameOrigin } from '#app/lib/request.server';
import { requestPasswordReset, RESET_ANSWER_FLOOR_MS } from '#app/services/auth/password-reset.server';
import { untilElapsed } from '#app/lib/timing.server';

/** Passes the action's Retry-After (throttling) through to the document response. */
export const headers: HeadersFunction = ({ actionHeaders }) => actionHeaders;

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'titles.forgotPassword');

const ForgotSchema = z.object({ email: z.string().trim().email() });

/**
 * The same answer whether or not the address has an account, and no sooner than RESET_ANSWER_FLOOR_MS, so
 * its timing does not tell either. Past the limits per address and per client IP the answer is 429 with
 * Retry-After, for unknown addresses exactly as for known ones.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  if (!isSameOrigin(request)) throw new Response('Cross-site request refused', { status: 403 });
  const started = performance.now();
  const parsed = ForgotSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ sent: false, emailError: 'form.invalidEmail' as const, error: null, retryMinutes: null }, { status: 400 });
  try {
    await requestPasswordReset(await getDb(), { email: parsed.data.email, ip: clientIpOf(context), origin: new URL(request.url).origin });
  } catch (error) {
    if (error instanceof AppError && error.code === 'TOO_MANY_REQUESTS') {
      const seconds = (error.details as { retryAfterSeconds: number }).retryAfterSeconds;
      return data(
        { sent: false, emailError: null, error: 'forgot.throttled' as const, retryMinutes: Math.ceil(seconds / 60) },
        { status: 429, headers: { 'Retry-After': String(seconds) } },
      );
    }
    throw error;
  } finally {
    await untilElapsed(started, RESET_ANSWER_FLOOR_MS);
  }
  return { sent: true, emailError: null, error: null, retryMinutes: null };
}

export default function ForgotPasswordPage() {
  const t = useT();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  return (
    <main id="main" className="auth-page">
      <div className="auth-card">
        <h1>{t('forgot.title')}</h1>
        {result?.sent ? (
          <p className="notice" role="status">
            {t('forgot.sent')}
          </p>
        ) : (
          <Form method="post" className="stack" noValidate>
            <FormError message={result?.error ? t(result.error, { minutes: result.retryMinutes ?? 60 }) : undefined} />
            <p className="muted">{t('forgot.intro')}</p>
            <Field
              label={t('forgot.email')}
              name="email"
              type="email"
              autoComplete="username"
              required
              autoFocus
              error={result?.emailError ? t(result.emailError) : undefined}
            />
            <button type="submit" disabled={busy}>
              {t('forgot.submit')}
            </button>
          </Form>
        )}
        <p>
          <Link to="/login">{t('forgot.backToLogin')}</Link>
        </p>
        <LanguageLinks />
      </div>
    </main>
  );
}
