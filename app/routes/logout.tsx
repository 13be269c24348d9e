import { redirect, type ActionFunctionArgs } from '@remix-run/node';
import { sessionCookie, sessionTokenOf } from '#app/lib/auth.server';
import { getDb } from '#app/lib/db.server';
import { isSameOrigin } from '#app/lib/request.server';
import { destroySession } from '#app/services/auth/sessions.server';

export async function loader() {
  return redirect('/login');
}

export async function action({ request }: ActionFunctionArgs) {
  if (!isSameOrigin(request)) throw new Response('Cross-site request refused', { status: 403 });
  const token = await sessionTokenOf(request);
  if (token) await destroySession(await getDb(), token);
  return redirect('/login', { headers: { 'Set-Cookie': await sessionCookie.serialize('', { maxAge: 0 }) } });
}
