import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveryUnits, orgs } from '../../../db/schema/index';
import { unsafeWithoutTenant } from '../../../db/tenant';
import { createProgram } from '../../../app/services/programs.server';
import { addUnit } from '../../../app/services/units.server';
import { inviteVendorToUnit, revokeVendorInvitation, VENDOR_INVITATION_TTL_MS } from '../../../app/services/vendor-invitations.server';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { createTestApp, sessionCookieFor, type TestApp } from '../../support/http';
import { seedTenants, type SeededTenants } from '../../support/tenants';

let handle: TestDatabase;
let seeded: SeededTenants;
let app: TestApp;
let programId: string;

beforeAll(async () => {
  handle = await createTestDatabase();
  seeded = await seedTenants(handle.db);
  programId = (await createProgram(seeded.ctx('bank1', 'program_manager'), { name: 'Service desk', lineOfBusiness: 'Retail', channels: ['email', 'chat'], timeZone: 'Asia/Taipei', currency: 'TWD' })).id;
  app = await createTestApp(handle);
});
afterAll(() => handle?.close());

async function invite(unitName: string, email: string, now?: Date) {
  const pm = seeded.ctx('bank1', 'program_manager');
  const unit = await addUnit(pm, programId, { kind: 'vendor', name: unitName, volumeSharePct: 10 });
  const invitation = await inviteVendorToUnit(pm, unit.id, { email, vendorName: 'Vendor New' }, { now });
  return { unit, invitation };
}
const vendorOf = async (unitId: string) => (await unsafeWithoutTenant(handle.db, (tx) => tx.select().from(deliveryUnits).where(eq(deliveryUnits.id, unitId))))[0]!.vendorOrgId;

describe('vendor invitation acceptance page', () => {
  it('a new vendor creates its org, is signed in and lands on /app as vendor admin of the unit', async () => {
    const { unit, invitation } = await invite('New vendor site', 'boss@vendor-new.test');
    const page = await app.request(`/vendor-invitations/${invitation.token}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Org bank1');
    expect(html).toContain('New vendor site');
    expect(html).toContain('value="Vendor New"');

    const short = await app.request(`/vendor-invitations/${invitation.token}`, { method: 'POST', form: { intent: 'create-org', vendorName: 'Vendor New', adminName: 'Boss', password: 'short' } });
    expect(short.status).toBe(422);
    expect(await short.text()).toContain('At least 10 characters.');
    expect(await vendorOf(unit.id)).toBeNull();

    const accepted = await app.request(`/vendor-invitations/${invitation.token}`, { method: 'POST', form: { intent: 'create-org', vendorName: 'Vendor New Ltd', adminName: 'Boss', password: 'long enough secret' } });
    expect(accepted.status).toBe(302);
    expect(accepted.headers.get('location')).toBe('/app');
    const cookie = accepted.headers.get('set-cookie')!.split(';')[0]!;
    const vendorOrgId = await vendorOf(unit.id);
    const [org] = await unsafeWithoutTenant(handle.db, (tx) => tx.select().from(orgs).where(eq(orgs.id, vendorOrgId!)));
    expect(org).toMatchObject({ name: 'Vendor New Ltd', kind: 'vendor' });
    const unitPage = await app.request(`/app/units/${unit.id}`, { cookie });
    expect(unitPage.status).toBe(200);
    expect(await unitPage.text()).toContain('New vendor site');
    // The link is spent.
    const again = await app.request(`/vendor-invitations/${invitation.token}`);
    expect(again.status).toBe(410);
    expect(await again.text()).toContain('This invitation was already accepted.');
  });

  it('a signed-in vendor admin links an existing vendor org', async () => {
    const { unit, invitation } = await invite('Linked vendor site', 'vendor_admin@vendor2.test');
    const cookie = await sessionCookieFor(handle.db, seeded.userOf('vendor2', 'vendor_admin').id);
    const page = await (await app.request(`/vendor-invitations/${invitation.token}`, { cookie })).text();
    expect(page).toContain('Org vendor2');
    const linked = await app.request(`/vendor-invitations/${invitation.token}`, { method: 'POST', cookie, form: { intent: 'link', vendorOrgId: seeded.orgs.vendor2.id } });
    expect(linked.status).toBe(302);
    expect(await vendorOf(unit.id)).toBe(seeded.orgs.vendor2.id);
  });

  it('an expired or revoked token is 410 with a clear message; an unknown token is 404', async () => {
    const expired = await invite('Expired site', 'late@vendor.test', new Date(Date.now() - VENDOR_INVITATION_TTL_MS - 60_000));
    const expiredPage = await app.request(`/vendor-invitations/${expired.invitation.token}`);
    expect(expiredPage.status).toBe(410);
    expect(await expiredPage.text()).toContain('This invitation has expired; ask for a new one.');
    const post = await app.request(`/vendor-invitations/${expired.invitation.token}`, { method: 'POST', form: { intent: 'create-org', vendorName: 'Late', adminName: 'Late', password: 'long enough secret' } });
    expect(post.status).toBe(410);
    expect(await vendorOf(expired.unit.id)).toBeNull();

    const revoked = await invite('Revoked site', 'gone@vendor.test');
    await revokeVendorInvitation(seeded.ctx('bank1', 'program_manager'), revoked.invitation.id);
    const revokedPage = await app.request(`/vendor-invitations/${revoked.invitation.token}`);
    expect(revokedPage.status).toBe(410);
    expect(await revokedPage.text()).toContain('This invitation was withdrawn by the client.');

    const unknown = await app.request('/vendor-invitations/no-such-token');
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('This invitation link is not valid.');
  });

  it('someone who already has an account must sign in instead of creating an org', async () => {
    const { unit, invitation } = await invite('Existing person site', 'viewer@bank2.test');
    const page = await (await app.request(`/vendor-invitations/${invitation.token}`)).text();
    expect(page).toContain('Sign in to accept');
    const post = await app.request(`/vendor-invitations/${invitation.token}`, { method: 'POST', form: { intent: 'create-org', vendorName: 'X', adminName: 'X', password: 'long enough secret' } });
    expect(post.status).toBe(409);
    expect(await vendorOf(unit.id)).toBeNull();
  });
});
