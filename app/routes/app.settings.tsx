import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react';
import { z } from 'zod';
import { SelectField } from '#app/components/field';
import { LOCALES, LOCALE_LABELS } from '#app/i18n/index';
import { pageTitle } from '#app/i18n/meta';
import { useLocale, useT } from '#app/i18n/react';
import { requireSession, sessionCookie } from '#app/lib/auth.server';
import { getDb } from '#app/lib/db.server';
import { isSameOrigin } from '#app/lib/request.server';
import { destroyAllSessions } from '#app/services/auth/sessions.server';
import { updateUserLocale } from '#app/services/auth/user-settings.server';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'titles.settings');

const ActionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('language'), locale: z.enum(LOCALES) }),
  z.object({ intent: z.literal('logout-everywhere') }),
]);

// A person's own settings: any signed-in user, even one who belongs to no org any more.
export async function loader({ request }: LoaderFunctionArgs) {
  const session = await requireSession(request);
  return { email: session.user.email };
}

export async function action({ request }: ActionFunctionArgs) {
  if (!isSameOrigin(request)) throw new Response('Cross-site request refused', { status: 403 });
  const session = await requireSession(request);
  const parsed = ActionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) throw new Response('Bad request', { status: 400 });
  const db = await getDb();
  if (parsed.data.intent === 'logout-everywhere') {
    await destroyAllSessions(db, session.user.id);
    return redirect('/login', { headers: { 'Set-Cookie': await sessionCookie.serialize('', { maxAge: 0 }) } });
  }
  await updateUserLocale(db, session.user.id, parsed.data.locale);
  // A redirect, so the whole page (and the shell) renders again in the new language.
  return redirect('/app/settings?saved=1');
}

export default function SettingsPage() {
  const t = useT();
  const locale = useLocale();
  const { email } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const busy = useNavigation().state === 'submitting';
  return (
    <>
      <h1>{t('settings.title')}</h1>
      <p>{t('settings.account', { email })}</p>
      {params.get('saved') ? (
        <p className="notice" role="status">
          {t('settings.saved')}
        </p>
      ) : null}
      <section className="card">
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="language" />
          <SelectField
            label={t('settings.language')}
            name="locale"
            defaultValue={locale}
            options={LOCALES.map((l) => ({ value: l, label: LOCALE_LABELS[l] }))}
          />
          <button type="submit" disabled={busy}>
            {t('settings.saveLanguage')}
          </button>
        </Form>
      </section>
      <section className="card">
        <h2>{t('settings.logoutEverywhere')}</h2>
        <p className="muted" id="logout-everywhere-help">
          {t('settings.logoutEverywhereHelp')}
        </p>
        <Form method="post">
          <input type="hidden" name="intent" value="logout-everywhere" />
          <button type="submit" className="danger" disabled={busy} aria-describedby="logout-everywhere-help">
            {t('settings.logoutEverywhere')}
          </button>
        </Form>
      </section>
    </>
  );
}
