import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { AppError } from '../../../app/lib/errors';
import type { Database } from '../../../db/client';
import { orgSubscriptions } from '../../../db/schema/index';
import { unsafeWithoutTenant } from '../../../db/tenant';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { createTestApp, type TestApp } from '../../support/http';
import { seedTenants, type SeededTenants } from '../../support/tenants';
import { configureBilling, startStripeStub, unconfigureBilling, type StripeStub } from './stripe-stub';

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

export interface StripeWorld {
  handle: TestDatabase;
  seeded: SeededTenants;
  app: TestApp;
  stub: StripeStub;
}

/**
 * The world every subscriptions test file starts from: a local Stripe stand-in the app is configured
 * against, a fresh database with the seeded tenants, and the app over HTTP. Registers the file's hooks;
 * the fields are set once beforeAll has run. Before each test the app points at the stand-in again and
 * the stand-in answers normally.
 */
export function setUpStripeWorld(): StripeWorld {
  const world = {} as StripeWorld;
  beforeAll(async () => {
    world.stub = await startStripeStub();
    configureBilling(world.stub);
    world.handle = await createTestDatabase();
    world.seeded = await seedTenants(world.handle.db);
    world.app = await createTestApp(world.handle);
  });
  afterAll(async () => {
    unconfigureBilling();
    await world.stub?.close();
    await world.handle?.close();
  });
  beforeEach(() => {
    configureBilling(world.stub);
    world.stub.failWith = null;
  });
  return world;
}
