import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memberships, orgs, sessions, users } from '../../../db/schema/index';
import { sessionCookie } from '../../../app/lib/auth.server';
import { createSession, readSession, SESSION_TTL_MS, setActiveOrg } from '../../../app/services/auth/sessions.server';
import { updateUserLocale } from '../../../app/services/auth/user-settings.server';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { createTestApp, sessionCookieFor, type TestApp } from '../../support/http';
import { seedTenants, type SeededTenants } from '../../support/tenants';

let handle: TestDatabase;
let seeded: SeededTenants;
let app: TestApp;

beforeAll(async () => {
  handle = await createTestDatabase();
  seeded = await seedTenants(handle.db);
  app = await createTestApp(handle);
});
afterAll(() => handle?.close());

const sessionCountOf = async (userId: string) => (await handle.db.select().from(sessions).where(eq(sessions.userId, userId))).length;

describe('sessions', () => {
  it('a session reads back its user, every membership by org name and the active one; unknown or expired reads nothing', async () => {
    const user = seeded.userOf('bank1', 'owner');
    const bank2 = seeded.ctx('bank2', 'owner').orgId;
    await handle.db.insert(memberships).values({ orgId: bank2, userId: user.id, role: 'viewer' });
    const now = new Date();
    const token = await createSession(handle.db, { userId: user.id, now });
    const session = await readSession(handle.db, token, now);
    const names = (await handle.db.select({ id: orgs.id, name: orgs.name }).from(orgs)).filter((o) => [seeded.ctx('bank1', 'owner').orgId, bank2].includes(o.id));
    expect(session?.user).toMatchObject({ id: user.id, email: user.email });
    expect(session?.memberships.map((m) => m.orgName)).toEqual(names.map((o) => o.name).sort());
    expect(session?.memberships.find((m) => m.orgId === bank2)).toMatchObject({ role: 'viewer', orgKind: 'client' });
    expect(session?.active?.orgId).toBe(session?.memberships[0]?.orgId);
    await setActiveOrg(handle.db, session!.sessionId, bank2);
    expect((await readSession(handle.db, token, now))?.active).toMatchObject({ orgId: bank2, role: 'viewer' });
    expect(await readSession(handle.db, `${token}x`, now)).toBeUndefined();
    expect(await readSession(handle.db, token, new Date(now.getTime() + SESSION_TTL_MS + 1))).toBeUndefined();

    const [loner] = await handle.db.insert(users).values({ email: 'no-org@outpost.test', name: 'No Org' }).returning();
    const lonerSession = await readSession(handle.db, await createSession(handle.db, { userId: loner!.id, now }), now);
    expect(lonerSession).toMatchObject({ user: { id: loner!.id }, memberships: [], active: undefined });
  });

  it('an expired session sends /app to the login page with reason=expired and clears the cookie', async () => {
    const user = seeded.userOf('bank1', 'viewer');
    const token = await createSession(handle.db, { userId: user.id, now: new Date(Date.now() - SESSION_TTL_MS - 60_000) });
    const cookie = (await sessionCookie.serialize(token)).split(';')[0]!;
    const response = await app.request('/app', { cookie });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toMatch(/^\/login\?reason=expired/);
    expect(response.headers.get('set-cookie')).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/i);
  });

  it('logging out ends the session: the cookie no longer works', async () => {
    const user = seeded.userOf('bank1', 'finance');
    const cookie = await sessionCookieFor(handle.db, user.id);
    expect((await app.request('/app', { cookie })).status).toBe(200);
    const before = await sessionCountOf(user.id);
    const response = await app.request('/logout', { method: 'POST', cookie, form: {} });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/login');
    expect(await sessionCountOf(user.id)).toBe(before - 1);
    expect((await app.request('/app', { cookie })).status).toBe(302);
  });

  it('"sign out of all devices" ends every session of the user, and only theirs', async () => {
    const user = seeded.userOf('bank1', 'program_manager');
    const laptop = await sessionCookieFor(handle.db, user.id);
    const phone = await sessionCookieFor(handle.db, user.id);
    const someoneElse = await sessionCookieFor(handle.db, seeded.userOf('bank1', 'owner').id);
    const response = await app.request('/app/settings', { method: 'POST', cookie: laptop, form: { intent: 'logout-everywhere' } });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/login');
    expect(await sessionCountOf(user.id)).toBe(0);
    expect((await app.request('/app', { cookie: laptop })).status).toBe(302);
    expect((await app.request('/app', { cookie: phone })).status).toBe(302);
    expect((await app.request('/app', { cookie: someoneElse })).status).toBe(200);
  });
});

describe('language', () => {
  it('the language chosen in settings is saved on the user and the pages render in it', async () => {
    const user = seeded.userOf('bank2', 'owner');
    const cookie = await sessionCookieFor(handle.db, user.id);
    const saved = await app.request('/app/settings', { method: 'POST', cookie, form: { intent: 'language', locale: 'zh-TW' } });
    expect(saved.status).toBe(302);
    expect(saved.headers.get('location')).toBe('/app/settings?saved=1');
    const page = await (await app.request('/app/settings?saved=1', { cookie })).text();
    expect(page).toContain('<html lang="zh-TW"');
    expect(page).toContain('設定已儲存。');
    const refused = await app.request('/app/settings', { method: 'POST', cookie, form: { intent: 'language', locale: 'xx' } });
    expect(refused.status).toBe(400);
  });

  it("each page's labels render in Traditional Chinese for a zh-TW user", async () => {
    const owner = seeded.userOf('bank1', 'owner');
    await updateUserLocale(handle.db, owner.id, 'zh-TW');
    const cookie = await sessionCookieFor(handle.db, owner.id);
    const expectations: [string, string[]][] = [
      ['/app/members', ['成員', '邀請成員', '寄送邀請', '變更角色', '待接受的邀請']],
      ['/app/settings', ['個人設定', '語言', '儲存語言', '登出所有裝置']],
      ['/app/outbox', ['寄件匣', '以貴組織名義寄出的電子郵件']],
    ];
    for (const [path, labels] of expectations) {
      const response = await app.request(path, { cookie });
      expect(response.status, path).toBe(200);
      const html = await response.text();
      for (const label of labels) expect(html, `${path}: ${label}`).toContain(label);
    }
    const anonymous: [string, string[]][] = [
      ['/forgot-password', ['重設密碼', '寄送重設連結']],
      ['/reset-password/unknown-token', ['此重設連結無效或已被使用。', '重新申請連結']],
      ['/invitations/unknown-token', ['此邀請連結無效。']],
    ];
    for (const [path, labels] of anonymous) {
      const html = await (await app.request(path, { headers: { 'accept-language': 'zh-TW' } })).text();
      for (const label of labels) expect(html, `${path}: ${label}`).toContain(label);
    }
  });
});
