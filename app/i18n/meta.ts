import type { MetaDescriptor } from '@remix-run/node';
import { DEFAULT_LOCALE, isLocale, translate, type Locale, type MessageKey } from './index';

/** What a route's `meta` receives as `matches`: the root's entry carries the locale its loader resolved. */
type MetaMatchLike = { id: string; data?: unknown };

/** The request's locale, from the root loader's data (the default when the root has no data). */
export function localeOfMatches(matches: readonly MetaMatchLike[]): Locale {
  const data = matches.find((match) => match.id === 'root')?.data;
  const locale = data && typeof data === 'object' && 'locale' in data ? data.locale : undefined;
  return isLocale(locale) ? locale : DEFAULT_LOCALE;
}

/**
 * A page's document title in the user's language, "<title> · Outpost", e.g.
 * `export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, 'titles.costs', { unit: data?.unit.name })`.
 * Record names go in as parameters. A parameter left undefined means the record did not load (the route
 * shows its error page): the title is then the app's name alone. `withAppName: false` leaves the suffix
 * off (a print page, whose title becomes the PDF's file name).
 */
export function pageTitle(
  matches: readonly MetaMatchLike[],
  key: MessageKey,
  params: Record<string, string | number | undefined> = {},
  { withAppName = true }: { withAppName?: boolean } = {},
): MetaDescriptor[] {
  const locale = localeOfMatches(matches);
  const appName = translate(locale, 'app.name');
  const values = Object.entries(params);
  if (values.some(([, value]) => value === undefined)) return [{ title: appName }];
  const title = translate(locale, key, Object.fromEntries(values) as Record<string, string | number>);
  return [{ title: withAppName ? `${title} · ${appName}` : title }];
}
