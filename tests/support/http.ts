import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequestHandler, type ServerBuild } from '@remix-run/node';
import type { Database } from '../../db/client';
import { useDatabase } from '../../app/lib/db.server';
import { sessionCookie } from '../../app/lib/auth.server';
import { createSession } from '../../app/services/auth/sessions.server';
import type { TestDatabase } from './db';

export const ORIGIN = 'http://outpost.test';

/**
 * Sends requests through the production Remix build in-process (no socket): the same loaders,
 * actions, guards and error boundaries as the real server, on the test's database.
 */
export async function createTestApp(handle: TestDatabase) {
  useDatabase(handle);
  const build = (await import(pathToFileURL(path.resolve('build/server/index.js')).href)) as ServerBuild;
  const handler = createRequestHandler(build, 'production');
  async function request(pathname: string, init: RequestInit & { cookie?: string; form?: Record<string, string> } = {}) {
    const headers = new Headers(init.headers);
    if (init.cookie) headers.set('cookie', init.cookie);
    let body = init.body;
    if (init.form) {
      body = new URLSearchParams(init.form);
      headers.set('content-type', 'application/x-www-form-urlencoded');
      headers.set('origin', headers.get('origin') ?? ORIGIN);
    }
    return handler(new Request(`${ORIGIN}${pathname}`, { ...init, headers, body, redirect: 'manual' }), { clientIp: '127.0.0.1', requestId: 'test' });
  }
  return { request };
}

/** A signed session cookie for the user, as the login page would set it. */
export async function sessionCookieFor(db: Database, userId: string): Promise<string> {
  const token = await createSession(db, { userId });
  const setCookie = await sessionCookie.serialize(token);
  return setCookie.split(';')[0]!;
}
