import type { AppLoadContext } from '@remix-run/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installDatabase } from '../../../app/lib/db.server';
import { getSession } from '../../../app/lib/auth.server';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { sessionCookieFor } from '../../support/http';
import { seedTenants, type SeededTenants } from '../../support/tenants';

let handle: TestDatabase;
let seeded: SeededTenants;
let cookie: string;

beforeAll(async () => {
  handle = await createTestDatabase();
  installDatabase(handle);
  seeded = await seedTenants(handle.db);
  cookie = await sessionCookieFor(handle.db, seeded.userOf('bank1', 'viewer').id);
});
afterAll(() => handle?.close());

/** Remix gives the root, layout and page loaders Requests of their own, with one load context per HTTP request. */
const loaderRequest = (method = 'GET') => new Request('http://outpost.test/app', { method, headers: { cookie } });

describe('the session is read once per HTTP request', () => {
  it('loaders of one page view share one lookup through their load context', async () => {
    const context = { requestId: 'r1', clientIp: '127.0.0.1' } as unknown as AppLoadContext;
    const first = getSession(loaderRequest(), context);
    expect(getSession(loaderRequest(), context)).toBe(first);
    expect((await first)?.user.id).toBe(seeded.userOf('bank1', 'viewer').id);
    // Another HTTP request (another context) reads it again.
    expect(getSession(loaderRequest(), { requestId: 'r2' } as unknown as AppLoadContext)).not.toBe(first);
  });

  it('a form post does not share it: its action may change the session before the loaders run', async () => {
    const context = { requestId: 'r3' } as unknown as AppLoadContext;
    const action = getSession(loaderRequest('POST'), context);
    expect(getSession(loaderRequest('POST'), context)).not.toBe(action);
    expect((await action)?.user.id).toBe(seeded.userOf('bank1', 'viewer').id);
  });
});
