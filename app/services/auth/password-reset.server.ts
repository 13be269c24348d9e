import { and, count, eq, gt, isNull } from 'drizzle-orm';
import type { Database } from '#db/client';
import { passwordResetTokens, sessions, users } from '#db/schema/index';
import { unsafeWithoutTenant } from '#db/tenant';
import { isLocale, translate } from '#app/i18n/index';
import { AppError } from '#app/lib/errors';
import { randomToken, sha256 } from '#app/lib/tokens.server';
import { deliverInBackground, enqueueEmail, publicBaseUrl } from '../mail.server';
import { unsafeFindUserByEmail } from '../orgs.server';
import { hashPassword } from './passwords.server';

export const RESET_TOKEN_TTL_MS = 60 * 60 * 1000;
export const MIN_PASSWORD_LENGTH = 10;
/** Reset mails per account per window: enough for a lost mail or two, not enough to flood a mailbox. */
export const MAX_RESETS_PER_WINDOW = 3;
export const RESET_WINDOW_MS = 15 * 60 * 1000;

export type ResetTokenState = 'valid' | 'expired' | 'invalid';

/**
 * Sends a reset link if the e-mail belongs to an account, and does nothing visible otherwise: the caller
 * shows the same answer either way, so the form does not reveal which accounts exist. Past
 * MAX_RESETS_PER_WINDOW links in the window no more mail is sent, again silently (a 429 would tell an
 * attacker the account exists).
 */
export async function requestPasswordReset(db: Database, input: { email: string; origin: string; now?: Date }): Promise<void> {
  const now = input.now ?? new Date();
  const token = randomToken();
  // Platform work: a person who forgot their password has no session and no tenant yet.
  const outboxId = await unsafeWithoutTenant(db, async (tx) => {
    const user = await unsafeFindUserByEmail(tx, input.email);
    if (!user) return undefined;
    const since = new Date(now.getTime() - RESET_WINDOW_MS);
    const [recent] = await tx.select({ n: count() }).from(passwordResetTokens).where(and(eq(passwordResetTokens.userId, user.id), gt(passwordResetTokens.createdAt, since)));
    if ((recent?.n ?? 0) >= MAX_RESETS_PER_WINDOW) return undefined;
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
