import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { navItemsFor } from '#app/components/nav-items';
import { useT } from '#app/i18n/react';
import { requireMember } from '#app/lib/auth.server';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { session } = await requireMember(request, context);
  const active = session.active!;
  return { name: session.user.name, orgName: active.orgName, role: active.role, orgKind: active.orgKind };
}

export default function Home() {
  const t = useT();
  const { name, orgName, role, orgKind } = useLoaderData<typeof loader>();
  const items = navItemsFor(role, orgKind).filter((i) => i.to !== '/app');
  return (
    <>
      <h1>{t('home.title', { name })}</h1>
      <p>{t('home.youAre', { org: orgName, role: t(`role.${role}`) })}</p>
      <h2>{t('home.whatYouCanDo')}</h2>
      <ul>
        {items.map((item) => (
          <li key={item.to}>
            <Link to={item.to}>{t(item.label)}</Link>
          </li>
        ))}
      </ul>
    </>
  );
}
