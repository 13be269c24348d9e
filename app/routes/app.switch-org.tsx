import { redirect, type ActionFunctionArgs } from '@remix-run/node';
import { z } from 'zod';
import { requireSession } from '#app/lib/auth.server';
import { getDb } from '#app/lib/db.server';
import { isSameOrigin } from '#app/lib/request.server';
import { setActiveOrg } from '#app/services/auth/sessions.server';

export async function loader() {
  return redirect('/app');
}

/** Switches the session's acting org to another org the user is a member of. */
export async function action({ request }: ActionFunctionArgs) {
  if (!isSameOrigin(request)) throw new Response('Cross-site request refused', { status: 403 });
  const session = await requireSession(request);
  const parsed = z.object({ orgId: z.string().uuid() }).safeParse(Object.fromEntries(await request.formData()));
  const membership = parsed.success ? session.memberships.find((m) => m.orgId === parsed.data.orgId) : undefined;
  if (!membership) throw new Response('Not found', { status: 404 });
  await setActiveOrg(await getDb(), session.sessionId, membership.orgId);
  return redirect('/app');
}
