import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { z } from 'zod';
import { FormError } from '#app/components/field';
import { MISMATCH, NewPasswordFields, newPasswordErrors, newPasswordShape, passwordsMatch } from '#app/components/new-password-fields';
import { LanguageLinks } from '#app/components/language-links';
import { pageTitle } from '#app/i18n/meta';
import { useT } from '#app/i18n/react';
import { sessionCookie } from '#app/lib/auth.server';
import { getDb } from '#app/lib/db.server';
import { AppError } from '#app/lib/errors';
import { isSameOrigin } from '#app/lib/request.server';
import { checkResetToken, MIN_PASSWORD_LENGTH, resetPassword, type ResetTokenState } from '#app/services/auth/password-reset.server';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'titles.resetPassword');

const ResetSchema = z.object(newPasswordShape(MIN_PASSWORD_LENGTH)).refine(passwordsMatch, MISMATCH);

export async function loader({ params }: LoaderFunctionArgs) {
  const state = await checkResetToken(await getDb(), params.token ?? '');
  return data({ state, minLength: MIN_PASSWORD_LENGTH }, { status: state === 'valid' ? 200 : 410 });
}

export async function action({ request, params }: ActionFunctionArgs) {
  if (!isSameOrigin(request)) throw new Response('Cross-site request refused', { status: 403 });
  const parsed = ResetSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) {
    return data({ state: null, fields: newPasswordErrors(z.flattenError(parsed.error).fieldErrors) }, { status: 400 });
  }
  try {
    await resetPassword(await getDb(), { token: params.token ?? '', password: parsed.data.password });
  } catch (error) {
    if (error instanceof AppError && error.code === 'BAD_REQUEST') {
      const { reason } = error.details as { reason: ResetTokenState };
      return data({ state: reason, fields: null }, { status: 410 });
    }
    throw error;
  }
  // Every session ended with the old password, including the one in this browser, if any.
  return redirect('/login?reason=password-reset', { headers: { 'Set-Cookie': await sessionCookie.serialize('', { maxAge: 0 }) } });
}

export default function ResetPasswordPage() {
  const t = useT();
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  const state = result?.state ?? loaded.state;
  const min = loaded.minLength;
  return (
    <main id="main" className="auth-page">
      <div className="auth-card">
        <h1>{t('reset.title')}</h1>
        {state === 'valid' ? (
          <Form method="post" className="stack" noValidate>
            <NewPasswordFields label={t('reset.password')} confirmLabel={t('reset.confirm')} minLength={min} errors={result?.fields} autoFocus />
            <button type="submit" disabled={busy}>
              {t('reset.submit')}
            </button>
          </Form>
        ) : (
          <>
            <FormError message={t(state === 'expired' ? 'reset.expired' : 'reset.invalid')} />
            <p>
              <Link to="/forgot-password">{t('reset.requestNew')}</Link>
            </p>
          </>
        )}
        <LanguageLinks />
      </div>
    </main>
  );
}
