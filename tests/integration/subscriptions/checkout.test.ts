import { and, eq } from 'drizzle-orm';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { auditEvents } from '../../../db/schema/index';
import { unsafeWithoutTenant } from '../../../db/tenant';
import { getSubscriptionOverview } from '../../../app/services/subscriptions/subscriptions.server';
import type { TestDatabase } from '../../support/db';
import { sessionCookieFor, type TestApp } from '../../support/http';
import type { SeededTenants } from '../../support/tenants';
import { PRICES, unconfigureBilling, type StripeStub } from './stripe-stub';
import { clearSubscription, expectAppError, setSubscription, subscriptionRow, setUpStripeWorld } from './support';

const world = setUpStripeWorld();
let handle: TestDatabase;
let seeded: SeededTenants;
let app: TestApp;
let stub: StripeStub;
let ownerCookie: string;

beforeAll(async () => {
  ({ handle, seeded, app, stub } = world);
  ownerCookie = await sessionCookieFor(handle.db, seeded.userOf('bank1', 'owner').id);
});
beforeEach(() => {
  delete process.env.APP_BASE_URL;
  stub.requests.length = 0;
});

const cookieOf = (tenant: 'bank1' | 'bank2' | 'vendor1', role: Parameters<SeededTenants['userOf']>[1]) => sessionCookieFor(handle.db, seeded.userOf(tenant, role).id);
const postForm = (cookie: string, form: Record<string, string>) => app.request('/app/subscription', { method: 'POST', cookie, form });
const calls = (path: string) => stub.requests.filter((r) => r.method === 'POST' && r.path === path);

describe('/app/subscription with Stripe configured', () => {
  it('"Subscribe" creates a customer and a subscription-mode Checkout session for the plan, then redirects to it', async () => {
    const orgId = seeded.orgs.bank1.id;
    await clearSubscription(handle.db, orgId);
    const response = await postForm(ownerCookie, { intent: 'checkout', plan: 'growth' });
    expect(response.status).toBe(302);
    const [customer] = calls('/v1/customers');
    expect(customer?.form).toMatchObject({ name: 'Org bank1', 'metadata[org_id]': orgId });
    const [session] = calls('/v1/checkout/sessions');
    expect(session?.form).toMatchObject({
      mode: 'subscription',
      customer: expect.stringMatching(/^cus_test_/),
      client_reference_id: orgId,
      'line_items[0][price]': PRICES.growth,
      'line_items[0][quantity]': '1',
      'metadata[org_id]': orgId,
      'metadata[plan]': 'growth',
      'subscription_data[metadata][org_id]': orgId,
      success_url: `${app.origin}/app/subscription?checkout=success`,
      cancel_url: `${app.origin}/app/subscription?checkout=cancel`,
    });
    expect(session?.headers.authorization).toBe('Bearer sk_test_outpost_stub');
    expect(response.headers.get('location')).toMatch(/^https:\/\/checkout\.stripe\.test\/c\/pay\/cs_test_\d+$/);
    const row = await subscriptionRow(handle.db, orgId);
    expect(row?.stripeCustomerId).toBe(session?.form.customer);
    // Buying starts nothing by itself: the plan changes when Stripe's webhook says so.
    expect(row).toMatchObject({ plan: 'free', status: 'none' });
    const audits = await unsafeWithoutTenant(handle.db, (tx) => tx.select().from(auditEvents).where(and(eq(auditEvents.orgId, orgId), eq(auditEvents.action, 'subscription.checkout.start'))));
    expect(audits.at(-1)?.details).toMatchObject({ plan: 'growth' });
  });

  it('reuses the stored customer on the next checkout and uses APP_BASE_URL for return URLs', async () => {
    const orgId = seeded.orgs.bank1.id;
    await setSubscription(handle.db, orgId, { stripeCustomerId: 'cus_existing', plan: 'free', status: 'none', stripeSubscriptionId: null });
    process.env.APP_BASE_URL = 'https://portal.example.com/';
    const response = await postForm(ownerCookie, { intent: 'checkout', plan: 'starter' });
    expect(response.status).toBe(302);
    expect(calls('/v1/customers')).toHaveLength(0);
    expect(calls('/v1/checkout/sessions')[0]?.form).toMatchObject({
      customer: 'cus_existing',
      'line_items[0][price]': PRICES.starter,
      success_url: 'https://portal.example.com/app/subscription?checkout=success',
    });
  });

  it('refuses a plan that is not offered (422, message) without calling Stripe', async () => {
    for (const plan of ['free', 'platinum', '']) {
      const response = await postForm(ownerCookie, { intent: 'checkout', plan });
      expect(response.status).toBe(422);
      expect(await response.text()).toContain('Choose one of the plans offered.');
    }
    expect(stub.requests).toHaveLength(0);
  });

  it('"Manage billing" redirects to a customer-portal session for the org’s customer', async () => {
    const orgId = seeded.orgs.bank1.id;
    await setSubscription(handle.db, orgId, { stripeCustomerId: 'cus_portal', stripeSubscriptionId: null, status: 'none', plan: 'free' });
    const response = await postForm(ownerCookie, { intent: 'portal' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toMatch(/^https:\/\/billing\.stripe\.test\/p\/session\/bps_test_\d+$/);
    expect(calls('/v1/billing_portal/sessions')[0]?.form).toEqual({ customer: 'cus_portal', return_url: `${app.origin}/app/subscription` });
  });

  it('"Manage billing" without a customer yet says to subscribe first (409)', async () => {
    await clearSubscription(handle.db, seeded.orgs.bank2.id);
    const response = await postForm(await cookieOf('bank2', 'owner'), { intent: 'portal' });
    expect(response.status).toBe(409);
    expect(await response.text()).toContain('There is no billing account yet: subscribe to a plan first.');
    expect(stub.requests).toHaveLength(0);
  });

  it('"Change plan" with a live subscription opens the portal’s plan-change flow (no second subscription)', async () => {
    const orgId = seeded.orgs.bank1.id;
    await setSubscription(handle.db, orgId, { stripeCustomerId: 'cus_live', stripeSubscriptionId: 'sub_live', status: 'active', plan: 'starter', unitLimit: 10 });
    const page = await app.request('/app/subscription', { cookie: ownerCookie });
    expect(await page.text()).toContain('Change plan to Growth');
    const response = await postForm(ownerCookie, { intent: 'checkout', plan: 'growth' });
    expect(response.status).toBe(302);
    expect(calls('/v1/checkout/sessions')).toHaveLength(0);
    expect(calls('/v1/billing_portal/sessions')[0]?.form).toMatchObject({
      customer: 'cus_live',
      'flow_data[type]': 'subscription_update',
      'flow_data[subscription_update][subscription]': 'sub_live',
    });
  });

  it('shows plan, status, units used against the limit and the period end', async () => {
    const orgId = seeded.orgs.bank1.id;
    await setSubscription(handle.db, orgId, { stripeCustomerId: 'cus_show', stripeSubscriptionId: 'sub_show', status: 'past_due', plan: 'growth', unitLimit: 50, currentPeriodEnd: new Date('2027-01-15T00:00:00Z') });
    const html = await (await app.request('/app/subscription', { cookie: ownerCookie })).text();
    expect(html).toMatch(/data-testid="plan"[^>]*>Growth</);
    expect(html).toMatch(/data-testid="status"[^>]*>Past due</);
    expect(html).toMatch(/data-testid="units"[^>]*>0 of 50</);
    expect(html).toContain('2027');
    expect(html).toContain('no delivery unit can be added until the open invoice is paid');
    expect(html).toContain('Manage billing');
  });

  it('a Stripe outage is a clear message (502), not a broken page', async () => {
    await clearSubscription(handle.db, seeded.orgs.bank1.id);
    stub.failWith = 500;
    const response = await postForm(ownerCookie, { intent: 'checkout', plan: 'starter' });
    expect(response.status).toBe(502);
    expect(await response.text()).toContain('Stripe could not be reached. Nothing was changed; try again in a moment.');
  });
});

describe('who sees platform billing', () => {
  it('vendor users and client roles without manage:subscription get 403; the service refuses a vendor', async () => {
    for (const [tenant, role] of [['vendor1', 'vendor_admin'], ['vendor1', 'vendor_reporter'], ['bank1', 'program_manager'], ['bank1', 'finance']] as const) {
      const cookie = await cookieOf(tenant, role);
      expect((await app.request('/app/subscription', { cookie })).status, `${tenant}/${role}`).toBe(403);
      expect((await postForm(cookie, { intent: 'checkout', plan: 'starter' })).status, `${tenant}/${role}`).toBe(403);
    }
    await expectAppError(getSubscriptionOverview(seeded.ctx('vendor1', 'vendor_admin')), 'FORBIDDEN');
    await expectAppError(getSubscriptionOverview({ ...seeded.ctx('vendor1', 'vendor_admin'), role: 'owner' }), 'NOT_FOUND');
    expect(stub.requests).toHaveLength(0);
  });

  it('the navigation shows "Subscription" to a client owner only', async () => {
    const link = /href="\/app\/subscription"/;
    expect(await (await app.request('/app', { cookie: ownerCookie })).text()).toMatch(link);
    expect(await (await app.request('/app', { cookie: await cookieOf('bank1', 'program_manager') })).text()).not.toMatch(link);
    expect(await (await app.request('/app', { cookie: await cookieOf('vendor1', 'vendor_admin') })).text()).not.toMatch(link);
  });
});

describe('/app/subscription without Stripe keys (the demo)', () => {
  it('says plainly that billing is not configured and no limit is enforced; buying is refused without calling Stripe', async () => {
    unconfigureBilling();
    const html = await (await app.request('/app/subscription', { cookie: ownerCookie })).text();
    expect(html).toContain('Platform billing is not configured');
    expect(html).toContain('no plan limit is enforced');
    expect(html).not.toContain('Subscribe to');
    const response = await postForm(ownerCookie, { intent: 'checkout', plan: 'starter' });
    expect(response.status).toBe(409);
    expect(await response.text()).toContain('Platform billing is not configured.');
    expect(stub.requests).toHaveLength(0);
  });
});
