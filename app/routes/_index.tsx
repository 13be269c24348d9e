import { redirect, type LoaderFunctionArgs } from '@remix-run/node';
import { getSession } from '#app/lib/auth.server';

export async function loader({ request }: LoaderFunctionArgs) {
  const session = await getSession(request);
  return redirect(session ? '/app' : '/login');
}
