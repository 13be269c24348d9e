import { useLocation } from '@remix-run/react';
import { LOCALES, LOCALE_LABELS } from '#app/i18n/index';
import { useLocale } from '#app/i18n/react';

/** Language choice on pages used before signing in (remembered in a cookie by /set-language). */
export function LanguageLinks() {
  const current = useLocale();
  const location = useLocation();
  return (
    <p className="lang-switch">
      {LOCALES.map((locale, index) => (
        <span key={locale}>
          {index > 0 ? ' · ' : null}
          {locale === current ? (
            <strong lang={locale}>{LOCALE_LABELS[locale]}</strong>
          ) : (
            <a lang={locale} hrefLang={locale} href={`/set-language?lang=${locale}&back=${encodeURIComponent(location.pathname + location.search)}`}>
              {LOCALE_LABELS[locale]}
            </a>
          )}
        </span>
      ))}
    </p>
  );
}
