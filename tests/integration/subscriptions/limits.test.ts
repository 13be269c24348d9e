import { beforeAll, describe, expect, it } from 'vitest';
import { createProgram } from '../../../app/services/programs.server';
import { addUnit, listUnits } from '../../../app/services/units.server';
import type { TestDatabase } from '../../support/db';
import { sessionCookieFor, type TestApp } from '../../support/http';
import type { SeededTenants, TenantName } from '../../support/tenants';
import { eventOf, PRICES, signed, subscriptionObject, unconfigureBilling, type StripeStub } from './stripe-stub';
import { clearSubscription, expectAppError, setSubscription, setUpStripeWorld } from './support';

const world = setUpStripeWorld();
let handle: TestDatabase;
let seeded: SeededTenants;
let app: TestApp;
let stub: StripeStub;

beforeAll(async () => {
  ({ handle, seeded, app, stub } = world);
});

let programSeq = 0;
async function programWithUnits(tenant: TenantName, units: number) {
  const pm = seeded.ctx(tenant, 'program_manager');
  programSeq += 1;
  const program = await createProgram(pm, { name: `Limits ${programSeq}`, lineOfBusiness: 'Cards', channels: ['voice'], timeZone: 'Asia/Taipei', currency: 'TWD', status: 'live' });
  for (let i = 1; i <= units; i++) await addUnit(pm, program.id, { kind: 'in_house', name: `Floor ${i}` });
  return program.id;
}

const unitForm = (name: string) => ({ kind: 'in_house', name, site: '', volumeSharePct: '0', vendorOrgId: '', 'invite.email': '', 'invite.vendorName': '' });

describe('plan limit on delivery units', () => {
  it('the free plan (5 units) refuses the 6th unit with a clear message; an upgrade lets it in', async () => {
    const orgId = seeded.orgs.bank1.id;
    await clearSubscription(handle.db, orgId);
    const programId = await programWithUnits('bank1', 5);
    const pm = seeded.ctx('bank1', 'program_manager');
    const error = await expectAppError(addUnit(pm, programId, { kind: 'in_house', name: 'Sixth' }), 'LIMIT_EXCEEDED', 'subscriptions.error.unitLimit');
    expect(error.details).toEqual({ reason: 'limit', limit: 5 });
    expect(await listUnits(pm, { programId })).toHaveLength(5);

    await setSubscription(handle.db, orgId, { plan: 'starter', status: 'active', unitLimit: 10 });
    await addUnit(pm, programId, { kind: 'in_house', name: 'Sixth' });
    expect(await listUnits(pm, { programId })).toHaveLength(6);
  });

  it('counts every unit of the org across programs, and the N+1th on a paid plan is refused too', async () => {
    const orgId = seeded.orgs.bank2.id;
    await setSubscription(handle.db, orgId, { plan: 'starter', status: 'active', unitLimit: 10 });
    await programWithUnits('bank2', 6);
    const second = await programWithUnits('bank2', 4);
    await expectAppError(addUnit(seeded.ctx('bank2', 'owner'), second, { kind: 'in_house', name: 'Eleventh' }), 'LIMIT_EXCEEDED', 'subscriptions.error.unitLimit');
    // Enterprise is unlimited.
    await setSubscription(handle.db, orgId, { plan: 'enterprise', status: 'active', unitLimit: null });
    await addUnit(seeded.ctx('bank2', 'owner'), second, { kind: 'in_house', name: 'Eleventh' });
  });

  it('the unit form shows the limit message with a link to upgrade for an owner, and "ask an owner" for others', async () => {
    const orgId = seeded.orgs.bank1.id;
    await setSubscription(handle.db, orgId, { plan: 'enterprise', status: 'active', unitLimit: null });
    const programId = await programWithUnits('bank1', 1);
    // The org's units (across programs) now exceed a limit of 1.
    await setSubscription(handle.db, orgId, { plan: 'free', status: 'none', unitLimit: 1 });
    const owner = await sessionCookieFor(handle.db, seeded.userOf('bank1', 'owner').id);
    const response = await app.request(`/app/programs/${programId}/units/new`, { method: 'POST', cookie: owner, form: unitForm('Second') });
    expect(response.status).toBe(402);
    const html = await response.text();
    expect(html).toContain('Your plan allows 1 delivery units and all are in use. Upgrade the plan to add another.');
    expect(html).toMatch(/data-testid="plan-refusal"[\s\S]*href="\/app\/subscription"/);
    // The form is still there, with what was typed.
    expect(html).toContain('value="Second"');

    const pmCookie = await sessionCookieFor(handle.db, seeded.userOf('bank1', 'program_manager').id);
    const pmHtml = await (await app.request(`/app/programs/${programId}/units/new`, { method: 'POST', cookie: pmCookie, form: unitForm('Second') })).text();
    expect(pmHtml).toContain('Only an owner of your organisation can change the plan');
    expect(pmHtml).not.toMatch(/data-testid="plan-refusal"[\s\S]*href="\/app\/subscription"/);
  });
});

describe('a past-due org', () => {
  it('keeps read access but may not add a unit (service and form), until the invoice is paid', async () => {
    const orgId = seeded.orgs.bank2.id;
    await setSubscription(handle.db, orgId, { plan: 'enterprise', status: 'active', unitLimit: null });
    const programId = await programWithUnits('bank2', 1);
    // Past due as Stripe says it, through the signed webhook.
    stub.subscriptions.set('sub_pd', subscriptionObject({ id: 'sub_pd', customer: 'cus_pd', status: 'past_due', price: PRICES.growth, orgId }));
    const { body, signature } = signed(eventOf('invoice.payment_failed', { id: 'in_pd', object: 'invoice', customer: 'cus_pd', parent: { type: 'subscription_details', subscription_details: { subscription: 'sub_pd' } } }));
    expect((await app.request('/api/stripe/webhook', { method: 'POST', body, headers: { 'stripe-signature': signature, 'content-type': 'application/json' } })).status).toBe(200);

    const pm = seeded.ctx('bank2', 'program_manager');
    await expectAppError(addUnit(pm, programId, { kind: 'in_house', name: 'Blocked' }), 'LIMIT_EXCEEDED', 'subscriptions.error.pastDue');
    expect(await listUnits(pm, { programId })).toHaveLength(1);

    const cookie = await sessionCookieFor(handle.db, seeded.userOf('bank2', 'program_manager').id);
    expect((await app.request(`/app/programs/${programId}`, { cookie })).status).toBe(200);
    expect((await app.request('/app/programs', { cookie })).status).toBe(200);
    const refused = await app.request(`/app/programs/${programId}/units/new`, { method: 'POST', cookie, form: unitForm('Blocked') });
    expect(refused.status).toBe(402);
    expect(await refused.text()).toContain('Your subscription is past due: no delivery unit can be added until the open invoice is paid.');

    await setSubscription(handle.db, orgId, { status: 'active' });
    await addUnit(pm, programId, { kind: 'in_house', name: 'Paid now' });
  });
});

describe('without Stripe keys (the demo)', () => {
  it('no limit applies, whatever the stored row says', async () => {
    unconfigureBilling();
    const orgId = seeded.orgs.bank1.id;
    await setSubscription(handle.db, orgId, { plan: 'free', status: 'past_due', unitLimit: 1 });
    const programId = await programWithUnits('bank1', 7);
    expect(await listUnits(seeded.ctx('bank1', 'program_manager'), { programId })).toHaveLength(7);
  });
});
