import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ServerBuild } from '@remix-run/node';
import { afterAll, inject } from 'vitest';
import type { Database } from '../../db/client';
import { installDatabase } from '../../app/lib/db.server';
import { sessionCookie } from '../../app/lib/auth.server';
import { createSession } from '../../app/services/auth/sessions.server';
import { createExpressApp } from '../../server/app';
import type { TestDatabase } from './db';

export interface TestRequestInit extends RequestInit {
  /** "name=value" of a session cookie. */
  cookie?: string;
  /** Sent as an urlencoded form post from this site (Origin set to the server's). */
  form?: Record<string, string>;
  /** Sent as a JSON body. */
  json?: unknown;
}

export interface TestApp {
  origin: string;
  request(pathname: string, init?: TestRequestInit): Promise<Response>;
}

/**
 * The production pipeline (express middleware + the Remix build of this run) on an ephemeral loopback
 * port, on the test's database: the same guards, headers and error pages as the real server.
 */
export async function createTestApp(handle: TestDatabase): Promise<TestApp> {
  installDatabase(handle);
  const buildDir = inject('buildDir');
  const build = (await import(pathToFileURL(path.join(buildDir, 'server/index.js')).href)) as ServerBuild;
  const app = createExpressApp({ build, mode: 'production', clientDir: path.join(buildDir, 'client') });
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  async function request(pathname: string, init: TestRequestInit = {}) {
    const headers = new Headers(init.headers);
    if (init.cookie) headers.set('cookie', init.cookie);
    let body = init.body;
    if (init.form) {
      body = new URLSearchParams(init.form);
      headers.set('content-type', 'application/x-www-form-urlencoded');
      if (!headers.has('origin')) headers.set('origin', origin);
    } else if (init.json !== undefined) {
      body = JSON.stringify(init.json);
      headers.set('content-type', 'application/json');
    }
    return fetch(`${origin}${pathname}`, { ...init, headers, body, redirect: 'manual' });
  }
  return { origin, request };
}

/** A signed session cookie for the user, as the login page would set it. */
export async function sessionCookieFor(db: Database, userId: string): Promise<string> {
  const token = await createSession(db, { userId });
  const setCookie = await sessionCookie.serialize(token);
  return setCookie.split(';')[0]!;
}
