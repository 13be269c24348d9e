import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboxEmails, sessions } from '../../../db/schema/index';
import { verifyLogin } from '../../../app/services/auth/login.server';
import { MAX_RESETS_PER_WINDOW, requestPasswordReset, resetPassword, RESET_TOKEN_TTL_MS, RESET_WINDOW_MS } from '../../../app/services/auth/password-reset.server';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { createTestApp, sessionCookieFor, type TestApp } from '../../support/http';
import { emailOf, seedTenants, type SeededTenants } from '../../support/tenants';
import { latestMailTo } from './outbox-links';

let handle: TestDatabase;
let seeded: SeededTenants;
let app: TestApp;

beforeAll(async () => {
  handle = await createTestDatabase();
  seeded = await seedTenants(handle.db);
  app = await createTestApp(handle);
});
afterAll(() => handle?.close());

const NEUTRAL = 'If an account exists for that address, we have sent it a link';
const NEW_PASSWORD = 'a brand new passphrase';
const outboxCount = async () => (await handle.db.select().from(outboxEmails)).length;

describe('password reset', () => {
  it('gives the same neutral answer for an unknown e-mail, and sends nothing', async () => {
    const before = await outboxCount();
    const response = await app.request('/forgot-password', { method: 'POST', form: { email: 'nobody@nowhere.test' } });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain(NEUTRAL);
    expect(await outboxCount()).toBe(before);
  });

  it('a reset link works once: sets the password, ends every session, and sends the user to sign in', async () => {
    const email = emailOf('bank1', 'finance');
    const user = seeded.userOf('bank1', 'finance');
    const cookie = await sessionCookieFor(handle.db, user.id);
    const asked = await app.request('/forgot-password', { method: 'POST', form: { email } });
    expect(asked.status).toBe(200);
    expect(await asked.text()).toContain(NEUTRAL);
    const { mail, token, link } = await latestMailTo(handle.db, email, '/reset-password/');
    expect(mail.orgId).toBeNull(); // platform mail: no tenant's outbox shows it
    expect(link.startsWith(app.origin)).toBe(true);
    const [stored] = await handle.db.select().from(outboxEmails).where(eq(outboxEmails.id, mail.id));
    expect(stored?.bodyText).toContain(token);

    const page = await app.request(`/reset-password/${token}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Repeat the new password');

    const mismatch = await app.request(`/reset-password/${token}`, { method: 'POST', form: { password: NEW_PASSWORD, confirm: 'something else' } });
    expect(mismatch.status).toBe(400);
    expect(await mismatch.text()).toContain('The two passwords do not match.');
    const tooShort = await app.request(`/reset-password/${token}`, { method: 'POST', form: { password: 'short', confirm: 'short' } });
    expect(tooShort.status).toBe(400);

    const done = await app.request(`/reset-password/${token}`, { method: 'POST', form: { password: NEW_PASSWORD, confirm: NEW_PASSWORD } });
    expect(done.status).toBe(302);
    expect(done.headers.get('location')).toBe('/login?reason=password-reset');
    expect(await handle.db.select().from(sessions).where(eq(sessions.userId, user.id))).toHaveLength(0);
    expect((await app.request('/app', { cookie })).status).toBe(302);
    await expect(verifyLogin(handle.db, { email, password: NEW_PASSWORD, ip: '10.9.9.9' })).resolves.toEqual({ userId: user.id });

    const reused = await app.request(`/reset-password/${token}`, { method: 'POST', form: { password: 'yet another passphrase', confirm: 'yet another passphrase' } });
    expect(reused.status).toBe(410);
    expect(await reused.text()).toContain('This reset link is not valid or has already been used.');
    await expect(resetPassword(handle.db, { token, password: 'yet another passphrase' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('an expired link is refused', async () => {
    const email = emailOf('bank2', 'finance');
    await requestPasswordReset(handle.db, { email, origin: app.origin, now: new Date(Date.now() - RESET_TOKEN_TTL_MS - 60_000) });
    const { token } = await latestMailTo(handle.db, email, '/reset-password/');
    const page = await app.request(`/reset-password/${token}`);
    expect(page.status).toBe(410);
    expect(await page.text()).toContain('This reset link has expired.');
    const post = await app.request(`/reset-password/${token}`, { method: 'POST', form: { password: NEW_PASSWORD, confirm: NEW_PASSWORD } });
    expect(post.status).toBe(410);
    await expect(resetPassword(handle.db, { token, password: NEW_PASSWORD })).rejects.toMatchObject({ details: { reason: 'expired' } });
  });

  it('an unknown token is refused', async () => {
    const page = await app.request('/reset-password/not-a-real-token');
    expect(page.status).toBe(410);
    expect(await page.text()).toContain('This reset link is not valid or has already been used.');
    const post = await app.request('/reset-password/not-a-real-token', { method: 'POST', form: { password: NEW_PASSWORD, confirm: NEW_PASSWORD } });
    expect(post.status).toBe(410);
  });

  it('sends at most a few reset mails per account in the window, with the same neutral answer past the limit', async () => {
    const email = emailOf('bank2', 'viewer');
    const mailsTo = async () => (await handle.db.select().from(outboxEmails).where(eq(outboxEmails.toAddress, email))).length;
    const before = await mailsTo();
    for (let i = 0; i < MAX_RESETS_PER_WINDOW + 2; i++) {
      const response = await app.request('/forgot-password', { method: 'POST', form: { email } });
      expect(response.status).toBe(200);
      expect(await response.text()).toContain(NEUTRAL);
    }
    expect(await mailsTo()).toBe(before + MAX_RESETS_PER_WINDOW);
    // Once the window has passed, a new link is sent again.
    await requestPasswordReset(handle.db, { email, origin: app.origin, now: new Date(Date.now() + RESET_WINDOW_MS + 60_000) });
    expect(await mailsTo()).toBe(before + MAX_RESETS_PER_WINDOW + 1);
  });
});
