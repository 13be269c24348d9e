import type { AppLoadContext } from '@remix-run/node';

declare module '@remix-run/node' {
  interface AppLoadContext {
    requestId?: string;
    clientIp?: string;
  }
}

export function requestIdOf(context: AppLoadContext | undefined, request: Request): string | undefined {
  return context?.requestId ?? request.headers.get('x-request-id') ?? undefined;
}

export function clientIpOf(context: AppLoadContext | undefined): string {
  return context?.clientIp ?? '0.0.0.0';
}

/**
 * CSRF defence in depth beside SameSite=Lax cookies: a state-changing request from a browser carries
 * Origin (or at least Referer); it must name this site.
 */
export function isSameOrigin(request: Request): boolean {
  if (request.method === 'GET' || request.method === 'HEAD') return true;
  const source = request.headers.get('origin') ?? request.headers.get('referer');
  if (!source || source === 'null') return source === null;
  try {
    const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host') ?? new URL(request.url).host;
    return new URL(source).host === host;
  } catch {
    return false;
  }
}

/** Only same-site relative paths may be redirect targets (no open redirects). */
export function safeRedirectPath(value: unknown, fallback = '/app'): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback;
  return value;
}
