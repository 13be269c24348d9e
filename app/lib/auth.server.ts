import { createCookie, redirect, type AppLoadContext } from '@remix-run/node';
import { can, type Permission } from '#app/domain/permissions';
import { readSession, SESSION_TTL_MS, type SessionView } from '#app/services/auth/sessions.server';
import { authenticateApiKey } from '#app/services/api-keys.server';
import type { ServiceCtx } from '#app/services/context';
import { getDb } from './db.server';
import { getEnv, sessionSecret } from './env.server';
import { clientIpOf, isSameOrigin, requestIdOf } from './request.server';

export const sessionCookie = createCookie('__outpost_session', {
  httpOnly: true,
  sameSite: 'lax',
  path: '/',
  secure: getEnv().NODE_ENV === 'production' && process.env.OUTPOST_INSECURE_COOKIES !== '1',
  secrets: [sessionSecret()],
  maxAge: SESSION_TTL_MS / 1000,
});

export async function sessionTokenOf(request: Request): Promise<string | undefined> {
  const value = await sessionCookie.parse(request.headers.get('cookie'));
  return typeof value === 'string' && value ? value : undefined;
}

/**
 * The session is read once per HTTP request. Remix hands each loader of a document request its own Request
 * but the same load context (one per HTTP request, server/app.ts), so reads share the context's lookup. A
 * form post keys by its Request: its action may change the session before the loaders run again.
 */
const sessionsByRequest = new WeakMap<object, Promise<SessionView | undefined>>();

export function getSession(request: Request, context?: AppLoadContext): Promise<SessionView | undefined> {
  const isRead = request.method === 'GET' || request.method === 'HEAD';
  const key: object = context && isRead ? context : request;
  let pending = sessionsByRequest.get(key);
  if (!pending) {
    pending = (async () => {
      const token = await sessionTokenOf(request);
      return token ? readSession(await getDb(), token) : undefined;
    })();
    sessionsByRequest.set(key, pending);
  }
  return pending;
}

function loginRedirect(request: Request, reason?: string): Response {
  const url = new URL(request.url);
  const params = new URLSearchParams({ redirectTo: `${url.pathname}${url.search}` });
  if (reason) params.set('reason', reason);
  return redirect(`/login?${params}`);
}

/** The signed-in user's session, or a redirect to the login page (a thrown Response). */
export async function requireSession(request: Request, context?: AppLoadContext): Promise<SessionView> {
  const token = await sessionTokenOf(request);
  if (!token) throw loginRedirect(request);
  const session = await getSession(request, context);
  if (!session) {
    throw redirect(`/login?reason=expired&redirectTo=${encodeURIComponent(new URL(request.url).pathname)}`, {
      headers: { 'Set-Cookie': await sessionCookie.serialize('', { maxAge: 0 }) },
    });
  }
  return session;
}

export interface MemberContext {
  session: SessionView;
  ctx: ServiceCtx;
}

/**
 * The guard every page loader and action calls: a signed-in member of an org, holding `permission`
 * when given; a cross-site form post is refused. Throws 403 (permission) as a Response.
 */
export async function requireMember(
  request: Request,
  context: AppLoadContext | undefined,
  permission?: Permission,
): Promise<MemberContext> {
  if (!isSameOrigin(request)) throw new Response('Cross-site request refused', { status: 403 });
  const session = await requireSession(request, context);
  const active = session.active;
  if (!active) throw new Response('You are not a member of any organisation yet', { status: 403 });
  if (permission && !can(active.role, permission)) throw new Response('Forbidden', { status: 403 });
  const ctx: ServiceCtx = {
    db: await getDb(),
    orgId: active.orgId,
    orgKind: active.orgKind,
    role: active.role,
    actor: { userId: session.user.id, label: session.user.email },
    ip: clientIpOf(context),
    requestId: requestIdOf(context, request),
  };
  return { session, ctx };
}

/** The guard of /api/v1: an `Authorization: Bearer <key>` API key with `permission`. JSON errors. */
export async function requireApiKey(
  request: Request,
  context: AppLoadContext | undefined,
  permission?: Permission,
): Promise<ServiceCtx> {
  const header = request.headers.get('authorization') ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) throw apiError(401, 'UNAUTHENTICATED', 'Send an API key as "Authorization: Bearer <key>"');
  const db = await getDb();
  const key = await authenticateApiKey(db, match[1]);
  if (!key) throw apiError(401, 'UNAUTHENTICATED', 'Unknown or revoked API key');
  if (permission && !can(key.role, permission)) throw apiError(403, 'FORBIDDEN', `This key's role (${key.role}) lacks ${permission}`);
  return {
    db,
    orgId: key.orgId,
    orgKind: key.orgKind,
    role: key.role,
    actor: { apiKeyId: key.id, label: `api-key:${key.prefix} (${key.name})` },
    ip: clientIpOf(context),
    requestId: requestIdOf(context, request),
  };
}

export function apiError(status: number, code: string, message: string, details?: unknown): Response {
  return Response.json({ error: { code, message, ...(details === undefined ? {} : { details }) } }, { status });
}
