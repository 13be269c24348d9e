/**
 * Platform rows that only grow: sessions and reset links past their expiry, and the sign-in and
 * password-reset attempts the throttles count. Nothing reads them after that, but the throttles' counts
 * scan their recent rows, and a table that is never pruned makes every sign-in slower over the years.
 * Runs every hour in the process that runs the jobs (server/jobs.ts).
 */
import { lt } from 'drizzle-orm';
import type { Database } from '#db/client';
import { loginAttempts, passwordResetRequests, passwordResetTokens, sessions } from '#db/schema/index';
import { unsafeWithoutTenant } from '#db/tenant';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Sign-in and reset attempts are kept this long for investigating an attack on an account. */
export const ATTEMPT_RETENTION_MS = 90 * DAY_MS;
/** An expired reset link still reads "expired" (not "unknown") on its page for this long. */
export const EXPIRED_LINK_GRACE_MS = 7 * DAY_MS;

export interface PurgedRows {
  sessions: number;
  resetTokens: number;
  loginAttempts: number;
  resetRequests: number;
}

export async function purgePlatformRows(db: Database, now = new Date()): Promise<PurgedRows> {
  const attemptsBefore = new Date(now.getTime() - ATTEMPT_RETENTION_MS);
  const linksBefore = new Date(now.getTime() - EXPIRED_LINK_GRACE_MS);
  // Platform tables across every user: no tenant is involved.
  return unsafeWithoutTenant(db, async (tx) => {
    const ended = await tx.delete(sessions).where(lt(sessions.expiresAt, now)).returning({ id: sessions.id });
    const links = await tx.delete(passwordResetTokens).where(lt(passwordResetTokens.expiresAt, linksBefore)).returning({ id: passwordResetTokens.tokenHash });
    const logins = await tx.delete(loginAttempts).where(lt(loginAttempts.at, attemptsBefore)).returning({ id: loginAttempts.id });
    const resets = await tx.delete(passwordResetRequests).where(lt(passwordResetRequests.at, attemptsBefore)).returning({ id: passwordResetRequests.id });
    return { sessions: ended.length, resetTokens: links.length, loginAttempts: logins.length, resetRequests: resets.length };
  });
}
