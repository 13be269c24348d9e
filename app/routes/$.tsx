import { ErrorPage } from '#app/components/error-page';

/** Any unknown path: a real 404 status, with the app's error page. */
export async function loader() {
  throw new Response('Not found', { status: 404 });
}

export default function NotFound() {
  return <ErrorPage status={404} />;
}

export function ErrorBoundary() {
  return <ErrorPage status={404} />;
}
