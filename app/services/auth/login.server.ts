import { and, eq, gt, sql } from 'drizzle-orm';
import type { Database } from '#db/client';
import { loginAttempts, users } from '#db/schema/index';
import { unsafeWithoutTenant } from '#db/tenant';
import { AppError } from '#app/lib/errors';
import { dummyPasswordHash, verifyPassword } from './passwords.server';

export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_EMAIL = 5;
export const MAX_FAILURES_PER_IP = 30;

export interface LoginInput {
  email: string;
  password: string;
  ip: string;
  now?: Date;
}

/**
 * Checks e-mail and password. Failed attempts are counted per e-mail and per IP over a sliding
 * 15-minute window; past the limit the answer is 429 whatever the password, so guessing stalls.
 */
export async function verifyLogin(db: Database, input: LoginInput): Promise<{ userId: string }> {
  const email = input.email.trim().toLowerCase();
  const now = input.now ?? new Date();
  const since = new Date(now.getTime() - THROTTLE_WINDOW_MS);
  // Platform tables: nobody is authenticated yet.
  const result = await unsafeWithoutTenant(db, async (tx) => {
    const [counts] = await tx
      .select({
        byEmail: sql<number>`count(*) filter (where ${loginAttempts.email} = ${email})`.mapWith(Number),
        byIp: sql<number>`count(*) filter (where ${loginAttempts.ip} = ${input.ip})`.mapWith(Number),
      })
      .from(loginAttempts)
      .where(and(eq(loginAttempts.succeeded, false), gt(loginAttempts.at, since)));
    if ((counts?.byEmail ?? 0) >= MAX_FAILURES_PER_EMAIL || (counts?.byIp ?? 0) >= MAX_FAILURES_PER_IP) {
      throw new AppError('TOO_MANY_REQUESTS', 'Too many failed sign-in attempts', {
        retryAfterMinutes: Math.ceil(THROTTLE_WINDOW_MS / 60000),
      });
    }
    const [user] = await tx.select().from(users).where(sql`lower(${users.email}) = ${email}`);
    const ok = user
      ? await verifyPassword(user.passwordHash, input.password)
      : await verifyPassword(await dummyPasswordHash(), input.password).then(() => false);
    // Recorded in this committed transaction; the failure is thrown only after it commits.
    await tx.insert(loginAttempts).values({ email, ip: input.ip, succeeded: ok, at: now });
    return ok && user ? { userId: user.id } : undefined;
  });
  if (!result) throw new AppError('UNAUTHENTICATED', 'Wrong e-mail or password');
  return result;
}
