import { and, eq, gt, isNull, or, sql } from 'drizzle-orm';
import type { Database, Tx } from '#db/client';
import { passwordResetRequests, passwordResetTokens, sessions, users } from '#db/schema/index';
import { unsafeWithoutTenant } from '#db/tenant';
import { isLocale, translate } from '#app/i18n/index';
import { AppError } from '#app/lib/errors';
import { randomToken, sha256 } from '#app/lib/tokens.server';
import { deliverInBackground, enqueueEmail, publicBaseUrl } from '../mail.server';
import { unsafeFindUserByEmail } from '../orgs.server';
import { hashPassword } from './passwords.server';

export const RESET_TOKEN_TTL_MS = 60 * 60 * 1000;
export const MIN_PASSWORD_LENGTH = 10;
/** Reset requests are counted over this sliding window… */
export const RESET_REQUEST_WINDOW_MS = 60 * 60 * 1000;
/** …per e-mail address: enough for a lost mail or two, not enough to flood a mailbox… */
export const MAX_RESET_REQUESTS_PER_EMAIL = 3;
/** …and per client IP: a shared office address still gets by, a script walking a list of addresses does not. */
export const MAX_RESET_REQUESTS_PER_IP = 10;
/**
 * /forgot-password answers no sooner than this after the request arrived. A known address costs a token
 * and an e-mail write more than an unknown one; without a floor the few milliseconds they take would tell
 * which addresses have an account.
 */
export const RESET_ANSWER_FLOOR_MS = 200;

export type ResetTokenState = 'valid' | 'expired' | 'invalid';

/**
 * Sends a reset link if the e-mail belongs to an account, and does nothing visible otherwise: the caller
 * shows the same answer either way, so the form does not reveal which accounts exist.
 *
 * Requests are throttled per e-mail and per client IP (MAX_RESET_REQUESTS_PER_EMAIL and _PER_IP in
 * RESET_REQUEST_WINDOW_MS). Every answered request counts, whether or not the address has an account, so
 * the refusal past the limit (TOO_MANY_REQUESTS with `retryAfterSeconds`, when the oldest counted request
 * leaves the window) says nothing about the address either. A refused request is not recorded (it does
 * not prolong the wait) and queues no mail: it throws before anything is written, and the transaction,
 * which would also hold the mail (enqueueEmail), rolls back.
 */
export async function requestPasswordReset(db: Database, input: { email: string; ip: string; origin: string; now?: Date }): Promise<void> {
  const now = input.now ?? new Date();
  const email = input.email.trim().toLowerCase();
  const token = randomToken();
  // Platform work: a person who forgot their password has no session and no tenant yet.
  const outboxId = await unsafeWithoutTenant(db, async (tx) => {
    await throttleResetRequest(tx, { email, ip: input.ip, now });
    const user = await unsafeFindUserByEmail(tx, email);
    if (!user) return undefined;
    await tx.insert(passwordResetTokens).values({ tokenHash: sha256(token), userId: user.id, expiresAt: new Date(now.getTime() + RESET_TOKEN_TTL_MS), createdAt: now });
    const locale = isLocale(user.locale) ? user.locale : 'en';
    const link = `${publicBaseUrl(input.origin)}/reset-password/${token}`;
    return enqueueEmail(tx, {
      orgId: null,
      to: user.email,
      subject: translate(locale, 'mail.reset.subject'),
      text: translate(locale, 'mail.reset.body', { name: user.name, link, minutes: RESET_TOKEN_TTL_MS / 60000 }),
    });
  });
  if (outboxId) deliverInBackground(db, [outboxId]);
}

/**
 * Counts the request against both limits and records it, or throws TOO_MANY_REQUESTS. Transaction-level
 * advisory locks on the e-mail and on the IP (always in that order, so two requests cannot deadlock)
 * serialise concurrent requests for either, so a burst cannot slip several past the count at once.
 */
async function throttleResetRequest(tx: Tx, input: { email: string; ip: string; now: Date }): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`password-reset:email:${input.email}`}, 0))`);
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`password-reset:ip:${input.ip}`}, 0))`);
  const since = new Date(input.now.getTime() - RESET_REQUEST_WINDOW_MS);
  const recent = await tx
    .select({ email: passwordResetRequests.email, ip: passwordResetRequests.ip, at: passwordResetRequests.at })
    .from(passwordResetRequests)
    .where(and(gt(passwordResetRequests.at, since), or(eq(passwordResetRequests.email, input.email), eq(passwordResetRequests.ip, input.ip))));
  const freeAt = Math.max(
    freedAt(recent.filter((r) => r.email === input.email).map((r) => r.at), MAX_RESET_REQUESTS_PER_EMAIL),
    freedAt(recent.filter((r) => r.ip === input.ip).map((r) => r.at), MAX_RESET_REQUESTS_PER_IP),
  );
  if (freeAt > input.now.getTime()) {
    const retryAfterSeconds = Math.max(1, Math.ceil((freeAt - input.now.getTime()) / 1000));
    throw new AppError('TOO_MANY_REQUESTS', 'Too many password reset requests', { retryAfterSeconds });
  }
  await tx.insert(passwordResetRequests).values({ email: input.email, ip: input.ip, at: input.now });
}

/**
 * When a limit of `max` requests in the window admits one more, given the times of the requests counted
 * in it: at once (0) below the limit, else when enough of the oldest have left the window.
 */
function freedAt(times: Date[], max: number): number {
  if (times.length < max) return 0;
  const sorted = times.map((t) => t.getTime()).sort((a, b) => a - b);
  return sorted[sorted.length - max]! + RESET_REQUEST_WINDOW_MS;
}

/** Whether a reset link can still be used, so the page can say so before the person types a password. */
export async function checkResetToken(db: Database, token: string, now = new Date()): Promise<ResetTokenState> {
  // Platform lookup: the token is the only credential of an anonymous visitor.
  const [row] = await unsafeWithoutTenant(db, (tx) => tx.select().from(passwordResetTokens).where(eq(passwordResetTokens.tokenHash, sha256(token))));
  return stateOf(row, now);
}

function stateOf(row: { usedAt: Date | null; expiresAt: Date } | undefined, now: Date): ResetTokenState {
  if (!row || row.usedAt) return 'invalid';
  return row.expiresAt <= now ? 'expired' : 'valid';
}

/**
 * Sets a new password with a single-use token, then ends every session of the user (whoever knew the
 * old password is signed out) and spends the user's other outstanding reset links.
 */
export async function resetPassword(db: Database, input: { token: string; password: string; now?: Date }): Promise<{ userId: string }> {
  const now = input.now ?? new Date();
  if (input.password.length < MIN_PASSWORD_LENGTH) throw new AppError('UNPROCESSABLE', 'Password too short', { field: 'password' });
  const passwordHash = await hashPassword(input.password);
  // Platform work: the token, not a session, identifies the user.
  return unsafeWithoutTenant(db, async (tx) => {
    const [row] = await tx
      .select()
      .from(passwordResetTokens)
      .where(eq(passwordResetTokens.tokenHash, sha256(input.token)))
      .for('update');
    const state = stateOf(row, now);
    if (!row || state !== 'valid') throw new AppError('BAD_REQUEST', 'This reset link cannot be used', { reason: state });
    await tx
      .update(passwordResetTokens)
      .set({ usedAt: now })
      .where(and(eq(passwordResetTokens.userId, row.userId), isNull(passwordResetTokens.usedAt)));
    await tx.update(users).set({ passwordHash }).where(eq(users.id, row.userId));
    await tx.delete(sessions).where(eq(sessions.userId, row.userId));
    return { userId: row.userId };
  });
}
