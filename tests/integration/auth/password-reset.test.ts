import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboxEmails, passwordResetRequests, passwordResetTokens, sessions } from '../../../db/schema/index';
import { verifyLogin } from '../../../app/services/auth/login.server';
import {
  MAX_RESET_REQUESTS_PER_EMAIL,
  MAX_RESET_REQUESTS_PER_IP,
  requestPasswordReset,
  RESET_ANSWER_FLOOR_MS,
  RESET_REQUEST_WINDOW_MS,
  resetPassword,
  RESET_TOKEN_TTL_MS,
} from '../../../app/services/auth/password-reset.server';
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

  it('answers a known and an unknown address no sooner than the floor, so the timing tells neither', async () => {
    for (const email of [emailOf('bank1', 'viewer'), 'nobody-at-all@nowhere.test']) {
      const started = performance.now();
      const response = await app.request('/forgot-password', { method: 'POST', form: { email } });
      const elapsed = performance.now() - started;
      expect(response.status).toBe(200);
      expect(await response.text()).toContain(NEUTRAL);
      expect(elapsed, email).toBeGreaterThanOrEqual(RESET_ANSWER_FLOOR_MS);
    }
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
    await requestPasswordReset(handle.db, { email, ip: '192.0.2.10', origin: app.origin, now: new Date(Date.now() - RESET_TOKEN_TTL_MS - 60_000) });
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
});

const THROTTLED = 'Too many password reset requests. Please try again in';
/** A reset request from `ip` (the test server trusts X-Forwarded-For from loopback, as behind a proxy). */
const forgot = (email: string, ip: string, headers: Record<string, string> = {}) =>
  app.request('/forgot-password', { method: 'POST', form: { email }, headers: { 'x-forwarded-for': ip, ...headers } });
const mailsTo = async (to: string) => (await handle.db.select().from(outboxEmails).where(eq(outboxEmails.toAddress, to))).length;
const tokenCount = async () => (await handle.db.select({ n: count() }).from(passwordResetTokens))[0]?.n ?? 0;
/** The text of the form's alert, i.e. what the visitor is told. */
const alertOf = (html: string) => /<div class="form-error" role="alert">([^<]*)<\/div>/.exec(html)?.[1];

describe('password reset throttling', () => {
  it(`past ${MAX_RESET_REQUESTS_PER_EMAIL} requests for one address in the hour the answer is 429 with Retry-After, from any IP, and no mail is queued`, async () => {
    const email = emailOf('bank2', 'viewer');
    const before = await mailsTo(email);
    for (let i = 1; i <= MAX_RESET_REQUESTS_PER_EMAIL; i++) {
      const response = await forgot(email, `203.0.113.${i}`);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain(NEUTRAL);
    }
    expect(await mailsTo(email)).toBe(before + MAX_RESET_REQUESTS_PER_EMAIL);
    const [outbox, tokens] = [await outboxCount(), await tokenCount()];

    // The address is spent, whichever IP asks, and in either letter case.
    for (const [ip, typed] of [['203.0.113.50', email], ['203.0.113.51', `  ${email.toUpperCase()} `]] as const) {
      const refused = await forgot(typed, ip);
      expect(refused.status).toBe(429);
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(RESET_REQUEST_WINDOW_MS / 1000 - 60);
      expect(retryAfter).toBeLessThanOrEqual(RESET_REQUEST_WINDOW_MS / 1000);
      const html = await refused.text();
      expect(alertOf(html)).toBe(`${THROTTLED} 60 min.`);
      expect(html).not.toContain(NEUTRAL);
    }
    expect(await outboxCount()).toBe(outbox);
    expect(await tokenCount()).toBe(tokens);
    // The refusals were not counted either: only the answered requests are on record.
    const recorded = await handle.db.select().from(passwordResetRequests).where(eq(passwordResetRequests.email, email));
    expect(recorded).toHaveLength(MAX_RESET_REQUESTS_PER_EMAIL);

    // Another address from another IP is not affected.
    const other = emailOf('bank1', 'viewer');
    const otherBefore = await mailsTo(other);
    const accepted = await forgot(other, '198.51.100.200');
    expect(accepted.status).toBe(200);
    expect(await accepted.text()).toContain(NEUTRAL);
    expect(await mailsTo(other)).toBe(otherBefore + 1);
  });

  it('an unknown address is counted and refused exactly like a known one', async () => {
    const known = emailOf('bank1', 'program_manager');
    const unknown = 'nobody-here@nowhere.test';
    const answers: Array<{ status: number; alert: string | undefined; neutral: boolean }[]> = [];
    for (const email of [known, unknown]) {
      const seen = [];
      for (let i = 1; i <= MAX_RESET_REQUESTS_PER_EMAIL + 1; i++) {
        const response = await forgot(email, `203.0.113.${email === known ? 100 + i : 150 + i}`);
        const html = await response.text();
        seen.push({ status: response.status, alert: alertOf(html), neutral: html.includes(NEUTRAL) });
      }
      answers.push(seen);
    }
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[1]!.map((a) => a.status)).toEqual([...Array<number>(MAX_RESET_REQUESTS_PER_EMAIL).fill(200), 429]);
    expect(await mailsTo(unknown)).toBe(0);
  });

  it(`past ${MAX_RESET_REQUESTS_PER_IP} requests from one IP in the hour the answer is 429, whatever the address`, async () => {
    const ip = '198.51.100.7';
    for (let i = 0; i < MAX_RESET_REQUESTS_PER_IP; i++) {
      expect((await forgot(`walker-${i}@nowhere.test`, ip)).status).toBe(200);
    }
    const known = emailOf('vendor1', 'vendor_admin');
    const before = await mailsTo(known);
    const refused = await forgot(known, ip);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await mailsTo(known)).toBe(before);
    // The same address from another IP is answered, and the other IP's count is its own.
    expect((await forgot(known, '198.51.100.8')).status).toBe(200);
    expect(await mailsTo(known)).toBe(before + 1);
  });

  it('Retry-After is when the oldest counted request leaves the window, and older requests no longer count', async () => {
    const email = 'old-requests@nowhere.test';
    const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000);
    // Three requests 61 minutes ago: outside the window, they do not count.
    await handle.db.insert(passwordResetRequests).values([61, 61, 61].map((m) => ({ email, ip: '192.0.2.200', at: ago(m) })));
    expect((await forgot(email, '192.0.2.201')).status).toBe(200);
    // Two more, 59 and 30 minutes ago: with the one just made that is three in the window; the next request
    // must wait until the one of 59 minutes ago leaves it, i.e. about a minute.
    await handle.db.insert(passwordResetRequests).values([59, 30].map((m) => ({ email, ip: '192.0.2.202', at: ago(m) })));
    const refused = await forgot(email, '192.0.2.203');
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(50);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(alertOf(await refused.text())).toBe(`${THROTTLED} 1 min.`);
  });

  it('after the window the address is accepted again (the window slides)', async () => {
    const email = emailOf('vendor2', 'vendor_admin');
    const ip = '192.0.2.77';
    const t0 = Date.now();
    const at = (minutes: number) => new Date(t0 + minutes * 60_000);
    const ask = (minutes: number) => requestPasswordReset(handle.db, { email, ip, origin: app.origin, now: at(minutes) });
    const before = await mailsTo(email);
    await ask(0);
    await ask(10);
    await ask(20);
    await expect(ask(30)).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS', details: { retryAfterSeconds: 30 * 60 } });
    await expect(ask(59.99)).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    expect(await mailsTo(email)).toBe(before + 3);
    // At minute 60 the first request has left the window: one more is accepted, then the one of minute 10 is due.
    await ask(60);
    expect(await mailsTo(email)).toBe(before + 4);
    await expect(ask(61)).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS', details: { retryAfterSeconds: 9 * 60 } });
    await ask(70);
    expect(await mailsTo(email)).toBe(before + 5);
  });

  it('a burst of simultaneous requests for one address gets exactly the allowed number through', async () => {
    const email = emailOf('bank2', 'program_manager');
    const before = await mailsTo(email);
    const statuses = await Promise.all(Array.from({ length: 8 }, (_, i) => forgot(email, `203.0.113.${200 + i}`).then((r) => r.status)));
    expect(statuses.filter((s) => s === 200)).toHaveLength(MAX_RESET_REQUESTS_PER_EMAIL);
    expect(statuses.filter((s) => s === 429)).toHaveLength(8 - MAX_RESET_REQUESTS_PER_EMAIL);
    expect(await mailsTo(email)).toBe(before + MAX_RESET_REQUESTS_PER_EMAIL);
  });

  it('the refusal is in Traditional Chinese for a zh-TW visitor', async () => {
    const email = 'zh-visitor@nowhere.test';
    for (let i = 0; i < MAX_RESET_REQUESTS_PER_EMAIL; i++) await forgot(email, `192.0.2.${120 + i}`);
    const refused = await forgot(email, '192.0.2.130', { 'accept-language': 'zh-TW' });
    expect(refused.status).toBe(429);
    expect(alertOf(await refused.text())).toBe('重設密碼的申請次數過多，請於 60 分鐘後再試。');
  });
});
