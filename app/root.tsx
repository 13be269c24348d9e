import { createContext, useContext } from 'react';
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Links, Meta, Outlet, Scripts, ScrollRestoration, isRouteErrorResponse, useRouteError, useRouteLoaderData } from '@remix-run/react';
import { ErrorPage } from '#app/components/error-page';
import { I18nProvider } from '#app/i18n/react';
import { DEFAULT_LOCALE } from '#app/i18n/index';
import stylesHref from '#app/styles/app.css?url';
import { getSession } from '#app/lib/auth.server';
import { resolveLocale } from '#app/lib/locale.server';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: stylesHref }];
export const meta: MetaFunction = () => [{ title: 'Outpost' }];

/**
 * This response's CSP nonce, provided by entry.server. In the browser it is undefined: the scripts already
 * ran, and browsers hide nonce attributes from the DOM anyway.
 */
export const NonceContext = createContext<string | undefined>(undefined);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await getSession(request, context).catch(() => undefined);
  return { locale: await resolveLocale(request, session?.user.locale) };
}

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRouteLoaderData<typeof loader>('root');
  const locale = data?.locale ?? DEFAULT_LOCALE;
  const nonce = useContext(NonceContext);
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <I18nProvider locale={locale}>{children}</I18nProvider>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  return <ErrorPage status={status} />;
}
