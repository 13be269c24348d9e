import { createCookie } from '@remix-run/node';
import { DEFAULT_LOCALE, isLocale, localeFromAcceptLanguage, type Locale } from '#app/i18n/index';

/** Remembers a language chosen before signing in; a signed-in user's own setting wins. */
export const localeCookie = createCookie('outpost_lang', { path: '/', sameSite: 'lax', maxAge: 365 * 24 * 3600 });

export async function resolveLocale(request: Request, userLocale?: string | null): Promise<Locale> {
  if (isLocale(userLocale)) return userLocale;
  const fromCookie = await localeCookie.parse(request.headers.get('cookie'));
  if (isLocale(fromCookie)) return fromCookie;
  return localeFromAcceptLanguage(request.headers.get('accept-language')) ?? DEFAULT_LOCALE;
}
