import { redirect, type LoaderFunctionArgs } from '@remix-run/node';
import { isLocale } from '#app/i18n/index';
import { localeCookie } from '#app/lib/locale.server';
import { safeRedirectPath } from '#app/lib/request.server';

/** `/set-language?lang=zh-TW&back=/login`: remembers the language in a cookie and goes back. */
export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const lang = url.searchParams.get('lang');
  const back = safeRedirectPath(url.searchParams.get('back'), '/login');
  if (!isLocale(lang)) return redirect(back);
  return redirect(back, { headers: { 'Set-Cookie': await localeCookie.serialize(lang) } });
}
