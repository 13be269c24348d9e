import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { AppError } from '../../../app/lib/errors';
import type { Database } from '../../../db/client';
import { orgSubscriptions } from '../../../db/schema/index';
import { unsafeWithoutTenant } from '../../../db/tenant';

type SubscriptionValues = Partial<Omit<typeof orgSubscriptions.$inferInsert, 'orgId'>>;

/** Puts an org's subscription row in a given state, as the webhook would have (platform write). */
export function setSubscription(db: Database, orgId: string, values: SubscriptionValues) {
  return unsafeWithoutTenant(db, (tx) => tx.insert(orgSubscriptions).values({ orgId, ...values }).onConflictDoUpdate({ target: orgSubscriptions.orgId, set: values }));
}

export function clearSubscription(db: Database, orgId: string) {
  return unsafeWithoutTenant(db, (tx) => tx.delete(orgSubscriptions).where(eq(orgSubscriptions.orgId, orgId)));
}

export function subscriptionRow(db: Database, orgId: string) {
  return unsafeWithoutTenant(db, async (tx) => (await tx.select().from(orgSubscriptions).where(eq(orgSubscriptions.orgId, orgId)))[0]);
}

/** The service's AppError with this code (and message key, when given). */
export async function expectAppError(promise: Promise<unknown>, code: AppError['code'], message?: string): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `expected an AppError ${code}`).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  if (message) expect((error as AppError).message).toBe(message);
  return error as AppError;
}
