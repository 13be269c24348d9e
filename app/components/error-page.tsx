import { Link } from '@remix-run/react';
import { useT } from '#app/i18n/react';

/** The 404 / 403 / 500 pages. Never shows internals; 404 also covers other tenants' objects. */
export function ErrorPage({ status, reference }: { status: number; reference?: string }) {
  const t = useT();
  const kind = status === 404 ? 'notFound' : status === 403 ? 'forbidden' : 'server';
  return (
    <main id="main" className="error-page">
      <p className="error-status" aria-hidden="true">
        {status}
      </p>
      <h1>{t(`error.${kind}.title`)}</h1>
      <p>{t(`error.${kind}.body`)}</p>
      {reference ? <p className="muted">{t('error.reference', { id: reference })}</p> : null}
      <p>
        <Link to="/app">{t('error.backHome')}</Link>
      </p>
    </main>
  );
}
