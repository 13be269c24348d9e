import type { LoaderFunctionArgs } from '@remix-run/node';
import { Form, NavLink, Outlet, isRouteErrorResponse, useLoaderData, useRouteError } from '@remix-run/react';
import { navItemsFor } from '#app/components/nav-items';
import { ErrorPage } from '#app/components/error-page';
import { useT } from '#app/i18n/react';
import { requireMember, requireSession } from '#app/lib/auth.server';
import { listNotifications } from '#app/services/feeds/late-feeds.server';

/** The signed-in shell: navigation by role, the org switcher, and the page. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await requireSession(request, context);
  const unreadNotifications = session.active ? (await listNotifications((await requireMember(request, context)).ctx, { unreadOnly: true, limit: 200 })).length : 0;
  return {
    unreadNotifications,
    user: session.user,
    active: session.active ?? null,
    memberships: session.memberships,
  };
}

export default function AppShell() {
  const t = useT();
  const { user, active, memberships, unreadNotifications } = useLoaderData<typeof loader>();
  const items = active ? navItemsFor(active.role, active.orgKind) : [];
  return (
    <>
      <a href="#main" className="skip-link">
        {t('nav.skipToContent')}
      </a>
      <div className="shell">
        <aside className="sidebar">
          <a href="/app" className="brand">
            {t('app.name')}
          </a>
          <nav aria-label={t('nav.main')}>
            <ul>
              {items.map((item) => (
                <li key={item.to}>
                  <NavLink to={item.to} end={item.to === '/app'}>
                    {t(item.label)}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
          <div className="org-box">
            {active ? (
              <div data-testid="active-org">
                <strong>{active.orgName}</strong>
                <div>
                  {t(`orgKind.${active.orgKind}`)} · {t(`role.${active.role}`)}
                </div>
              </div>
            ) : null}
            {memberships.length > 1 ? (
              <Form method="post" action="/app/switch-org">
                <label htmlFor="switch-org">{t('nav.switchOrg')}</label>
                <select id="switch-org" name="orgId" defaultValue={active?.orgId}>
                  {memberships.map((m) => (
                    <option key={m.orgId} value={m.orgId}>
                      {m.orgName}
                    </option>
                  ))}
                </select>
                <button type="submit" className="secondary">
                  {t('nav.switchOrg')}
                </button>
              </Form>
            ) : null}
          </div>
        </aside>
        <div>
          <header className="topbar">
            <span>{user.name}</span>
            {active ? <NavLink to="/app/notifications">{t('feedsUi.notifications.topbar', { count: unreadNotifications })}</NavLink> : null}
            <Form method="post" action="/logout">
              <button type="submit" className="secondary">
                {t('nav.logout')}
              </button>
            </Form>
          </header>
          <main id="main" className="content">
            <Outlet />
          </main>
        </div>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  return <ErrorPage status={isRouteErrorResponse(error) ? error.status : 500} />;
}
