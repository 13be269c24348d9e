import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyLogin, MAX_FAILURES_PER_EMAIL } from '../../app/services/auth/login.server';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { createTestApp, sessionCookieFor } from '../support/http';
import { emailOf, seedTenants, TEST_PASSWORD, type SeededTenants } from '../support/tenants';

let handle: TestDatabase;
let seeded: SeededTenants;
let app: Awaited<ReturnType<typeof createTestApp>>;

beforeAll(async () => {
  handle = await createTestDatabase();
  seeded = await seedTenants(handle.db);
  app = await createTestApp(handle);
});
afterAll(() => handle?.close());

describe('sign-in', () => {
  it('a right password signs in, sets an httpOnly SameSite=Lax cookie and lands on the app', async () => {
    const response = await app.request('/login', { method: 'POST', form: { email: emailOf('bank1', 'finance'), password: TEST_PASSWORD, redirectTo: '/app' } });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/app');
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const home = await app.request('/app', { cookie: cookie.split(';')[0] });
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('Org bank1');
  });

  it('a wrong password is a 401 with the message, and no cookie', async () => {
    const response = await app.request('/login', { method: 'POST', form: { email: emailOf('bank1', 'viewer'), password: 'nope' } });
    expect(response.status).toBe(401);
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(await response.text()).toContain('That e-mail and password do not match an account.');
  });

  it('an unknown e-mail gets the same answer as a wrong password', async () => {
    const response = await app.request('/login', { method: 'POST', form: { email: 'nobody@nowhere.test', password: 'x' } });
    expect(response.status).toBe(401);
  });

  it(`after ${MAX_FAILURES_PER_EMAIL} failures the e-mail is throttled, even with the right password`, async () => {
    const email = emailOf('bank2', 'viewer');
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL; i += 1) {
      await expect(verifyLogin(handle.db, { email, password: 'wrong', ip: '10.0.0.1' })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    }
    await expect(verifyLogin(handle.db, { email, password: TEST_PASSWORD, ip: '10.0.0.1' })).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    const response = await app.request('/login', { method: 'POST', form: { email, password: TEST_PASSWORD } });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('900');
    // After the window the account works again.
    const later = new Date(Date.now() + 16 * 60 * 1000);
    await expect(verifyLogin(handle.db, { email, password: TEST_PASSWORD, ip: '10.0.0.1', now: later })).resolves.toHaveProperty('userId');
  });

  it('a cross-site form post is refused', async () => {
    const response = await app.request('/login', {
      method: 'POST',
      headers: { origin: 'https://evil.example' },
      form: { email: emailOf('bank1', 'owner'), password: TEST_PASSWORD },
    });
    expect(response.status).toBe(403);
  });

  it('signing in again replaces the old session (rotation)', async () => {
    const old = await sessionCookieFor(handle.db, seeded.userOf('bank1', 'owner').id);
    const response = await app.request('/login', { method: 'POST', cookie: old, form: { email: emailOf('bank1', 'owner'), password: TEST_PASSWORD } });
    expect(response.status).toBe(302);
    const fresh = (response.headers.get('set-cookie') ?? '').split(';')[0]!;
    expect(fresh).not.toBe(old);
    expect((await app.request('/app', { cookie: old })).status).toBe(302); // the pre-login session is gone
    expect((await app.request('/app', { cookie: fresh })).status).toBe(200);
  });

  it('pages under /app redirect to the login page without a session', async () => {
    const response = await app.request('/app');
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/login?redirectTo=%2Fapp');
  });
});
