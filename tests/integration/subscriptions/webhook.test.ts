import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, orgSubscriptions, stripeEvents } from '../../../db/schema/index';
import { unsafeWithoutTenant } from '../../../db/tenant';
import type { TestDatabase } from '../../support/db';
import type { TestApp } from '../../support/http';
import type { SeededTenants } from '../../support/tenants';
import { eventOf, PRICES, signed, subscriptionObject, unconfigureBilling, type StripeStub } from './stripe-stub';
import { setUpStripeWorld } from './support';

const world = setUpStripeWorld();
let handle: TestDatabase;
let seeded: SeededTenants;
let app: TestApp;
let stub: StripeStub;

beforeAll(async () => {
  ({ handle, seeded, app, stub } = world);
});

const post = (body: string, signature: string | null, headers: Record<string, string> = {}) =>
  app.request('/api/stripe/webhook', { method: 'POST', body, headers: { 'content-type': 'application/json', ...(signature ? { 'stripe-signature': signature } : {}), ...headers } });

const send = (event: object, headers: Record<string, string> = {}) => {
  const { body, signature } = signed(event);
  return post(body, signature, headers);
};

// Platform reads for the assertions: the tables are platform-written.
const rowOf = (orgId: string) => unsafeWithoutTenant(handle.db, async (tx) => (await tx.select().from(orgSubscriptions).where(eq(orgSubscriptions.orgId, orgId)))[0]);
const eventRow = (id: string) => unsafeWithoutTenant(handle.db, async (tx) => (await tx.select().from(stripeEvents).where(eq(stripeEvents.id, id)))[0]);
const eventCount = () => unsafeWithoutTenant(handle.db, async (tx) => (await tx.select({ n: sql<number>`count(*)::int` }).from(stripeEvents))[0]!.n);
const auditsOf = (orgId: string, eventId: string) =>
  unsafeWithoutTenant(handle.db, (tx) =>
    tx.select().from(auditEvents).where(and(eq(auditEvents.orgId, orgId), eq(auditEvents.action, 'subscription.update'), sql`${auditEvents.details}->>'eventId' = ${eventId}`)),
  );
const subscriptionReads = (id: string) => stub.requests.filter((r) => r.method === 'GET' && r.path === `/v1/subscriptions/${id}`).length;

/** Resets an org to "never subscribed" so each case starts from a known state. */
const clearOrg = (orgId: string) => unsafeWithoutTenant(handle.db, (tx) => tx.delete(orgSubscriptions).where(eq(orgSubscriptions.orgId, orgId)));

function checkoutCompleted(orgId: string, subscriptionId: string, customer: string, created?: number) {
  return eventOf(
    'checkout.session.completed',
    { id: `cs_${subscriptionId}`, object: 'checkout.session', mode: 'subscription', client_reference_id: orgId, customer, subscription: subscriptionId, metadata: { org_id: orgId, note: '台北 — ünïcode' } },
    { created },
  );
}

describe('POST /api/stripe/webhook: signature', () => {
  it('refuses a missing, wrong or tampered signature with 400 and stores nothing', async () => {
    const orgId = seeded.orgs.bank1.id;
    await clearOrg(orgId);
    stub.subscriptions.set('sub_sig', subscriptionObject({ id: 'sub_sig', customer: 'cus_sig', status: 'active', price: PRICES.starter, orgId }));
    const event = checkoutCompleted(orgId, 'sub_sig', 'cus_sig');
    const before = await eventCount();

    expect((await post(JSON.stringify(event), null)).status).toBe(400);
    const wrongSecret = signed(event, 'whsec_someone_else');
    expect((await post(wrongSecret.body, wrongSecret.signature)).status).toBe(400);
    // Signed, then one byte changed (a re-serialised body would be refused the same way).
    const good = signed(event);
    const tampered = good.body.replace('"subscription"', '"subscription" ');
    const response = await post(tampered, good.signature);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ received: false, error: 'Invalid Stripe signature' });

    expect(await eventCount()).toBe(before);
    expect(await rowOf(orgId)).toBeUndefined();
    expect(subscriptionReads('sub_sig')).toBe(0);
  });

  it('verifies the raw bytes: a pretty-printed body with non-ASCII text is accepted as signed', async () => {
    const orgId = seeded.orgs.bank1.id;
    await clearOrg(orgId);
    stub.subscriptions.set('sub_raw', subscriptionObject({ id: 'sub_raw', customer: 'cus_raw', status: 'active', price: PRICES.starter, orgId }));
    const response = await send(checkoutCompleted(orgId, 'sub_raw', 'cus_raw'));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: true, outcome: 'applied' });
  });

  it('is exempt from the cross-site origin check (Stripe is no browser), which still guards the pages', async () => {
    const orgId = seeded.orgs.bank1.id;
    await clearOrg(orgId);
    stub.subscriptions.set('sub_origin', subscriptionObject({ id: 'sub_origin', customer: 'cus_origin', status: 'active', price: PRICES.starter, orgId }));
    const response = await send(checkoutCompleted(orgId, 'sub_origin', 'cus_origin'), { origin: 'https://evil.example' });
    expect(response.status).toBe(200);
    const page = await app.request('/app/subscription', { method: 'POST', body: 'intent=portal', headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' } });
    expect(page.status).toBe(403);
  });
});

describe('POST /api/stripe/webhook: applying events', () => {
  it('checkout.session.completed re-reads the subscription and sets plan, status, limit, period end and audits it', async () => {
    const orgId = seeded.orgs.bank1.id;
    await clearOrg(orgId);
    const periodEnd = Math.floor(Date.UTC(2027, 0, 15) / 1000);
    stub.subscriptions.set('sub_new', subscriptionObject({ id: 'sub_new', customer: 'cus_new', status: 'active', price: PRICES.growth, orgId, periodEnd }));
    const event = checkoutCompleted(orgId, 'sub_new', 'cus_new');
    const response = await send(event);
    expect(response.status).toBe(200);
    expect(subscriptionReads('sub_new')).toBe(1);
    expect(await rowOf(orgId)).toMatchObject({
      plan: 'growth',
      status: 'active',
      unitLimit: 50,
      stripeCustomerId: 'cus_new',
      stripeSubscriptionId: 'sub_new',
      stripePriceId: PRICES.growth,
      currentPeriodEnd: new Date(periodEnd * 1000),
    });
    const audits = await auditsOf(orgId, event.id);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actorLabel: 'stripe:webhook', objectType: 'org_subscription' });
    expect(await eventRow(event.id)).toMatchObject({ type: 'checkout.session.completed', outcome: 'applied' });
    expect((await eventRow(event.id))?.processedAt).toBeInstanceOf(Date);
  });

  it('applies a replayed event id once: the second delivery answers 200 and changes nothing', async () => {
    const orgId = seeded.orgs.bank2.id;
    await clearOrg(orgId);
    stub.subscriptions.set('sub_replay', subscriptionObject({ id: 'sub_replay', customer: 'cus_replay', status: 'active', price: PRICES.starter, orgId }));
    const event = eventOf('customer.subscription.updated', subscriptionObject({ id: 'sub_replay', customer: 'cus_replay', status: 'active', price: PRICES.starter, orgId }));
    expect((await send(event)).status).toBe(200);
    expect(await rowOf(orgId)).toMatchObject({ plan: 'starter', status: 'active' });

    // Stripe's state moves on, then the same event id is delivered again: it must not be re-applied.
    stub.subscriptions.set('sub_replay', subscriptionObject({ id: 'sub_replay', customer: 'cus_replay', status: 'past_due', price: PRICES.starter, orgId }));
    const again = await send(event);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ received: true, outcome: 'duplicate' });
    expect(await rowOf(orgId)).toMatchObject({ plan: 'starter', status: 'active' });
    expect(subscriptionReads('sub_replay')).toBe(1);
    expect(await auditsOf(orgId, event.id)).toHaveLength(1);
  });

  it('copes with events out of order: an older "updated" arriving after a newer one leaves the newer state', async () => {
    const orgId = seeded.orgs.bank1.id;
    await clearOrg(orgId);
    const t0 = Math.floor(Date.now() / 1000) - 1000;
    const older = eventOf('customer.subscription.updated', subscriptionObject({ id: 'sub_order', customer: 'cus_order', status: 'active', price: PRICES.starter, orgId }), { created: t0 });
    const newer = eventOf('customer.subscription.updated', subscriptionObject({ id: 'sub_order', customer: 'cus_order', status: 'active', price: PRICES.growth, orgId }), { created: t0 + 100 });
    // Stripe now has the subscription on growth (the newer change).
    stub.subscriptions.set('sub_order', subscriptionObject({ id: 'sub_order', customer: 'cus_order', status: 'active', price: PRICES.growth, orgId }));

    expect((await send(newer)).status).toBe(200);
    expect(await rowOf(orgId)).toMatchObject({ plan: 'growth', unitLimit: 50 });
    const late = await send(older);
    expect(late.status).toBe(200);
    const row = await rowOf(orgId);
    expect(row).toMatchObject({ plan: 'growth', unitLimit: 50, stripePriceId: PRICES.growth });
    expect(row?.lastEventAt).toEqual(new Date((t0 + 100) * 1000));
  });

  it('answers 200 to an event type it does not handle and records it as ignored, without calling Stripe', async () => {
    const requestsBefore = stub.requests.length;
    const event = eventOf('customer.created', { id: 'cus_other', object: 'customer' });
    const response = await send(event);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: true, outcome: 'ignored' });
    expect(await eventRow(event.id)).toMatchObject({ type: 'customer.created', outcome: 'ignored' });
    expect(stub.requests.length).toBe(requestsBefore);
  });

  it('customer.subscription.deleted puts the org back on the free plan', async () => {
    const orgId = seeded.orgs.bank2.id;
    await clearOrg(orgId);
    stub.subscriptions.set('sub_del', subscriptionObject({ id: 'sub_del', customer: 'cus_del', status: 'active', price: PRICES.enterprise, orgId }));
    await send(eventOf('customer.subscription.created', subscriptionObject({ id: 'sub_del', customer: 'cus_del', status: 'active', price: PRICES.enterprise, orgId })));
    expect(await rowOf(orgId)).toMatchObject({ plan: 'enterprise', unitLimit: null });

    stub.subscriptions.set('sub_del', subscriptionObject({ id: 'sub_del', customer: 'cus_del', status: 'canceled', price: PRICES.enterprise, orgId }));
    const response = await send(eventOf('customer.subscription.deleted', subscriptionObject({ id: 'sub_del', customer: 'cus_del', status: 'canceled', price: PRICES.enterprise, orgId })));
    expect(response.status).toBe(200);
    expect(await rowOf(orgId)).toMatchObject({ plan: 'free', status: 'canceled', unitLimit: 5, stripeCustomerId: 'cus_del' });
  });

  it('a deleted subscription Stripe no longer returns is taken as canceled from the event', async () => {
    const orgId = seeded.orgs.bank2.id;
    await clearOrg(orgId);
    stub.subscriptions.delete('sub_gone');
    const response = await send(eventOf('customer.subscription.deleted', subscriptionObject({ id: 'sub_gone', customer: 'cus_gone', status: 'active', price: PRICES.growth, orgId })));
    expect(response.status).toBe(200);
    expect(await rowOf(orgId)).toMatchObject({ plan: 'free', status: 'canceled' });
  });

  it('invoice.payment_failed marks the org past due (plan kept); invoice.paid brings it back', async () => {
    const orgId = seeded.orgs.bank1.id;
    await clearOrg(orgId);
    stub.subscriptions.set('sub_inv', subscriptionObject({ id: 'sub_inv', customer: 'cus_inv', status: 'past_due', price: PRICES.starter, orgId }));
    const invoice = (paid: boolean) => ({ id: 'in_1', object: 'invoice', customer: 'cus_inv', paid, parent: { type: 'subscription_details', subscription_details: { subscription: 'sub_inv', metadata: {} } } });
    expect((await send(eventOf('invoice.payment_failed', invoice(false)))).status).toBe(200);
    expect(await rowOf(orgId)).toMatchObject({ plan: 'starter', status: 'past_due', unitLimit: 10 });
    stub.subscriptions.set('sub_inv', subscriptionObject({ id: 'sub_inv', customer: 'cus_inv', status: 'active', price: PRICES.starter, orgId }));
    expect((await send(eventOf('invoice.paid', invoice(true)))).status).toBe(200);
    expect(await rowOf(orgId)).toMatchObject({ plan: 'starter', status: 'active' });
  });

  it('ignores a canceled old subscription once the org has moved to a new one', async () => {
    const orgId = seeded.orgs.bank1.id;
    await clearOrg(orgId);
    stub.subscriptions.set('sub_current', subscriptionObject({ id: 'sub_current', customer: 'cus_two', status: 'active', price: PRICES.growth, orgId }));
    await send(eventOf('customer.subscription.created', subscriptionObject({ id: 'sub_current', customer: 'cus_two', status: 'active', price: PRICES.growth, orgId })));
    stub.subscriptions.set('sub_old', subscriptionObject({ id: 'sub_old', customer: 'cus_two', status: 'canceled', price: PRICES.starter, orgId }));
    const response = await send(eventOf('customer.subscription.deleted', subscriptionObject({ id: 'sub_old', customer: 'cus_two', status: 'canceled', price: PRICES.starter, orgId })));
    expect(await response.json()).toEqual({ received: true, outcome: 'superseded' });
    expect(await rowOf(orgId)).toMatchObject({ plan: 'growth', stripeSubscriptionId: 'sub_current' });
  });

  it('answers 500 and records nothing when Stripe cannot be read, so the retry from Stripe applies it later', async () => {
    const orgId = seeded.orgs.bank2.id;
    await clearOrg(orgId);
    stub.subscriptions.set('sub_down', subscriptionObject({ id: 'sub_down', customer: 'cus_down', status: 'active', price: PRICES.starter, orgId }));
    const event = eventOf('customer.subscription.created', subscriptionObject({ id: 'sub_down', customer: 'cus_down', status: 'active', price: PRICES.starter, orgId }));
    stub.failWith = 500;
    expect((await send(event)).status).toBe(500);
    expect(await eventRow(event.id)).toBeUndefined();
    stub.failWith = null;
    expect((await send(event)).status).toBe(200);
    expect(await rowOf(orgId)).toMatchObject({ plan: 'starter', status: 'active' });
  });

  it('an event for no known org is acknowledged and recorded as unmatched', async () => {
    stub.subscriptions.set('sub_stranger', subscriptionObject({ id: 'sub_stranger', customer: 'cus_stranger', status: 'active', price: PRICES.starter }));
    const event = eventOf('customer.subscription.updated', subscriptionObject({ id: 'sub_stranger', customer: 'cus_stranger', status: 'active', price: PRICES.starter }));
    const response = await send(event);
    expect(response.status).toBe(200);
    expect(await eventRow(event.id)).toMatchObject({ outcome: 'unmatched' });
  });

  it('refuses a vendor org named in the metadata (vendors are never billed)', async () => {
    const vendorId = seeded.orgs.vendor1.id;
    stub.subscriptions.set('sub_vendor', subscriptionObject({ id: 'sub_vendor', customer: 'cus_vendor', status: 'active', price: PRICES.starter, orgId: vendorId }));
    const response = await send(eventOf('customer.subscription.created', subscriptionObject({ id: 'sub_vendor', customer: 'cus_vendor', status: 'active', price: PRICES.starter, orgId: vendorId })));
    expect(await response.json()).toEqual({ received: true, outcome: 'unmatched' });
    expect(await rowOf(vendorId)).toBeUndefined();
  });
});

describe('POST /api/stripe/webhook without Stripe keys (the demo)', () => {
  it('answers 503 and stores nothing', async () => {
    unconfigureBilling();
    const before = await eventCount();
    const { body, signature } = signed(eventOf('customer.created', { id: 'cus_x', object: 'customer' }));
    const response = await post(body, signature);
    expect(response.status).toBe(503);
    expect(await eventCount()).toBe(before);
  });
});
