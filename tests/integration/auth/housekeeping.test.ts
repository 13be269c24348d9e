import { inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAttempts, passwordResetRequests, passwordResetTokens, sessions } from '../../../db/schema/index';
import { ATTEMPT_RETENTION_MS, EXPIRED_LINK_GRACE_MS, purgePlatformRows } from '../../../app/services/auth/housekeeping.server';
import { createSession, readSession, SESSION_TTL_MS } from '../../../app/services/auth/sessions.server';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { seedTenants, type SeededTenants } from '../../support/tenants';

const engine = process.env.DATABASE_URL ? 'postgres' : 'pglite';
let handle: TestDatabase;
let seeded: SeededTenants;

beforeAll(async () => {
  handle = await createTestDatabase();
  seeded = await seedTenants(handle.db);
});
afterAll(() => handle?.close());

describe(`platform housekeeping (${engine})`, () => {
  it('purges expired sessions, long-expired reset links and attempts past retention, and keeps everything else', async () => {
    const now = new Date('2026-06-01T12:00:00Z');
    const at = (msAgo: number) => new Date(now.getTime() - msAgo);
    const userId = seeded.userOf('bank1', 'viewer').id;

    const endedToken = await createSession(handle.db, { userId, now: at(SESSION_TTL_MS + 1) });
    const liveToken = await createSession(handle.db, { userId, now: at(SESSION_TTL_MS - 60_000) });
    await handle.db.insert(passwordResetTokens).values([
      { tokenHash: 'old-link', userId, expiresAt: at(EXPIRED_LINK_GRACE_MS + 1), createdAt: at(EXPIRED_LINK_GRACE_MS + 3_600_001) },
      { tokenHash: 'recent-link', userId, expiresAt: at(EXPIRED_LINK_GRACE_MS - 60_000), createdAt: at(EXPIRED_LINK_GRACE_MS) },
    ]);
    const attempt = (email: string, msAgo: number) => ({ email, ip: '203.0.113.9', at: at(msAgo) });
    await handle.db.insert(loginAttempts).values([
      { ...attempt('old@bank.test', ATTEMPT_RETENTION_MS + 1), succeeded: false },
      { ...attempt('kept@bank.test', ATTEMPT_RETENTION_MS - 60_000), succeeded: false },
    ]);
    await handle.db.insert(passwordResetRequests).values([attempt('old@bank.test', ATTEMPT_RETENTION_MS + 1), attempt('kept@bank.test', ATTEMPT_RETENTION_MS - 60_000)]);

    expect(await purgePlatformRows(handle.db, now)).toEqual({ sessions: 1, resetTokens: 1, loginAttempts: 1, resetRequests: 1 });

    expect(await readSession(handle.db, liveToken, now)).toMatchObject({ user: { id: userId } });
    expect(await readSession(handle.db, endedToken, at(SESSION_TTL_MS + 1))).toBeUndefined();
    expect((await handle.db.select().from(sessions)).length).toBe(1);
    const links = await handle.db.select({ tokenHash: passwordResetTokens.tokenHash }).from(passwordResetTokens).where(inArray(passwordResetTokens.tokenHash, ['old-link', 'recent-link']));
    expect(links.map((l) => l.tokenHash)).toEqual(['recent-link']);
    expect((await handle.db.select({ email: loginAttempts.email }).from(loginAttempts)).map((r) => r.email)).toEqual(['kept@bank.test']);
    expect((await handle.db.select({ email: passwordResetRequests.email }).from(passwordResetRequests)).map((r) => r.email)).toEqual(['kept@bank.test']);

    // A second run finds nothing more.
    expect(await purgePlatformRows(handle.db, now)).toEqual({ sessions: 0, resetTokens: 0, loginAttempts: 0, resetRequests: 0 });
  });
});
