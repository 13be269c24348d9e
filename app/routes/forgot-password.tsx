import type { ActionFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useNavigation } from '@remix-run/react';
import { z } from 'zod';
import { Field } from '#app/components/field';
import { LanguageLinks } from '#app/components/language-links';
import { pageTitle } from '#app/i18n/meta';
import { useT } from '#app/i18n/react';
import { getDb } from '#app/lib/db.server';
import { isSameOrigin } from '#app/lib/request.server';
import { requestPasswordReset } from '#app/services/auth/password-reset.server';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'titles.forgotPassword');

const ForgotSchema = z.object({ email: z.string().trim().email() });

export async function action({ request }: ActionFunctionArgs) {
  if (!isSameOrigin(request)) throw new Response('Cross-site request refused', { status: 403 });
  const parsed = ForgotSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ sent: false, emailError: 'form.invalidEmail' as const }, { status: 400 });
  await requestPasswordReset(await getDb(), { email: parsed.data.email, origin: new URL(request.url).origin });
  return { sent: true, emailError: null };
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
