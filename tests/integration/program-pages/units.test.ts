import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveryUnits, outboxEmails, queues, unitTargets, vendorUnitInvitations } from '../../../db/schema/index';
import { unsafeWithoutTenant } from '../../../db/tenant';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { createTestApp, sessionCookieFor, type TestApp } from '../../support/http';
import { seedTenants, type SeededTenants } from '../../support/tenants';
import { seedClientWorld, type ClientWorld } from '../programs/seed';
import { postForm } from './support';

let handle: TestDatabase;
let seeded: SeededTenants;
let app: TestApp;
let world: ClientWorld;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  handle = await createTestDatabase();
  seeded = await seedTenants(handle.db);
  world = await seedClientWorld(handle.db, seeded, 'bank1', ['vendor1', 'vendor2']);
  app = await createTestApp(handle);
  for (const [tenant, role] of [['bank1', 'program_manager'], ['bank1', 'viewer'], ['bank2', 'owner'], ['vendor1', 'vendor_reporter']] as const) {
    cookies[`${tenant}:${role}`] = await sessionCookieFor(handle.db, seeded.userOf(tenant, role).id);
  }
});
afterAll(() => handle?.close());

const platform = <T>(fn: Parameters<typeof unsafeWithoutTenant<T>>[1]) => unsafeWithoutTenant(handle.db, fn);
const unitNamed = async (name: string) => (await platform((tx) => tx.select().from(deliveryUnits).where(eq(deliveryUnits.name, name))))[0];

describe('add unit', () => {
  it('the form offers linked vendors; an in-house unit is created and the page redirects to it', async () => {
    const path = `/app/programs/${world.programId}/units/new`;
    const form = await (await app.request(path, { cookie: cookies['bank1:program_manager'] })).text();
    expect(form).toContain('Org vendor1');
    expect(form).toContain('Org vendor2');
    const response = await app.request(path, { method: 'POST', cookie: cookies['bank1:program_manager'], form: { kind: 'in_house', name: 'Kaohsiung in-house', site: 'Kaohsiung', volumeSharePct: '10' } });
    expect(response.status).toBe(302);
    const unit = await unitNamed('Kaohsiung in-house');
    expect(unit).toMatchObject({ kind: 'in_house', vendorOrgId: null, volumeShareBp: 1000 });
    expect(response.headers.get('location')).toBe(`/app/units/${unit!.id}`);
  });

  it('a vendor unit for an already linked vendor gets that vendor at once', async () => {
    const response = await app.request(`/app/programs/${world.programId}/units/new`, {
      method: 'POST',
      cookie: cookies['bank1:program_manager'],
      form: { kind: 'vendor', name: 'vendor1 overflow', volumeSharePct: '5', vendorOrgId: seeded.orgs.vendor1.id },
    });
    expect(response.status).toBe(302);
    expect((await unitNamed('vendor1 overflow'))?.vendorOrgId).toBe(seeded.orgs.vendor1.id);
    // A vendor org that never delivered for bank1 cannot be picked.
    const foreign = await app.request(`/app/programs/${world.programId}/units/new`, {
      method: 'POST',
      cookie: cookies['bank1:program_manager'],
      form: { kind: 'vendor', name: 'sneaky', volumeSharePct: '1', vendorOrgId: seeded.orgs.bank2.id },
    });
    expect(foreign.status).toBe(422);
    expect(await foreign.text()).toContain('Choose a vendor.');
    expect(await unitNamed('sneaky')).toBeUndefined();
  });

  it('inviting a new vendor creates the unit, queues the e-mail and shows the acceptance link', async () => {
    const response = await app.request(`/app/programs/${world.programId}/units/new`, {
      method: 'POST',
      cookie: cookies['bank1:program_manager'],
      form: { kind: 'vendor', name: 'Vendor C site', volumeSharePct: '5', vendorOrgId: '', 'invite.email': 'ops@vendor-c.test', 'invite.vendorName': 'Vendor C' },
    });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toMatch(/http:\/\/[^<"]+\/vendor-invitations\/[\w-]+/);
    const mails = await platform((tx) => tx.select().from(outboxEmails).where(eq(outboxEmails.toAddress, 'ops@vendor-c.test')));
    expect(mails).toHaveLength(1);
    expect((await unitNamed('Vendor C site'))?.vendorOrgId).toBeNull();
  });

  it('an invalid post answers 422 with field errors and writes nothing', async () => {
    const response = await app.request(`/app/programs/${world.programId}/units/new`, {
      method: 'POST',
      cookie: cookies['bank1:program_manager'],
      form: { kind: 'vendor', name: 'No mail site', volumeSharePct: '5', vendorOrgId: '', 'invite.email': 'not-an-address' },
    });
    expect(response.status).toBe(422);
    expect(await response.text()).toContain('Enter a valid e-mail address.');
    const tooMuch = await app.request(`/app/programs/${world.programId}/units/new`, { method: 'POST', cookie: cookies['bank1:program_manager'], form: { kind: 'in_house', name: 'Too big', volumeSharePct: '90' } });
    expect(tooMuch.status).toBe(422);
    const html = await tooMuch.text();
    expect(html).toContain('volume shares add up to more than 100 %');
    expect(html).toContain('value="Too big"');
    expect(await unitNamed('No mail site')).toBeUndefined();
    expect(await unitNamed('Too big')).toBeUndefined();
  });

  it('a viewer gets 403, another client 404', async () => {
    expect((await app.request(`/app/programs/${world.programId}/units/new`, { cookie: cookies['bank1:viewer'] })).status).toBe(403);
    expect((await app.request(`/app/programs/${world.programId}/units/new`, { method: 'POST', cookie: cookies['bank1:viewer'], form: { kind: 'in_house', name: 'x' } })).status).toBe(403);
    expect((await app.request(`/app/programs/${world.programId}/units/new`, { cookie: cookies['bank2:owner'] })).status).toBe(404);
  });
});

describe('unit page', () => {
  it('an in-house unit shows its queues and internal targets; a writer adds a queue', async () => {
    const path = `/app/units/${world.inHouseUnitId}`;
    const page = await app.request(path, { cookie: cookies['bank1:viewer'] });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Taipei in-house');
    expect(html).toContain(`href="/app/programs/${world.programId}"`);
    expect(html).toContain('Standard');
    expect(html).toContain('Internal targets');
    expect(html).toContain('25 s');
    expect(html).not.toContain('name="intent" value="add-queue"');
    const added = await app.request(path, { method: 'POST', cookie: cookies['bank1:program_manager'], form: { intent: 'add-queue', name: 'Premium', channel: 'chat' } });
    expect(added.status).toBe(200);
    expect(await added.text()).toContain('Premium');
    const invalid = await app.request(path, { method: 'POST', cookie: cookies['bank1:program_manager'], form: { intent: 'add-queue', name: '', channel: 'carrier-pigeon' } });
    expect(invalid.status).toBe(422);
    expect(await invalid.text()).toContain('Choose a channel from the list.');
    expect(await platform((tx) => tx.select().from(queues).where(eq(queues.unitId, world.inHouseUnitId)))).toHaveLength(2);
    expect((await app.request(path, { method: 'POST', cookie: cookies['bank1:viewer'], form: { intent: 'add-queue', name: 'V', channel: 'voice' } })).status).toBe(403);
  });

  it('a new set of internal targets is saved from the rows; an invalid set names the row field and writes nothing', async () => {
    const path = `/app/units/${world.inHouseUnitId}`;
    const count = async () => (await platform((tx) => tx.select().from(unitTargets).where(eq(unitTargets.unitId, world.inHouseUnitId)))).length;
    const before = await count();
    const invalid = await postForm(app, path, cookies['bank1:program_manager'], [
      ['intent', 'set-targets'],
      ['effectiveFrom', '2025-03-01'],
      ['targets[0].kpi', 'service_level'],
      ['targets[0].comparator', 'gte'],
      ['targets[0].target', '80'],
      ['targets[0].period', 'month'],
      ['targets[0].slVariant', 'negative'],
      ['targets[0].thresholdS', '20'],
      ['targets[0].shortAbandonS', '30'],
      ['targets[1].kpi', ''],
      ['targets[1].target', ''],
    ]);
    expect(invalid.status).toBe(422);
    expect(await invalid.text()).toContain('The short-abandon window must be shorter than the threshold T.');
    expect(await count()).toBe(before);
    const valid = await postForm(app, path, cookies['bank1:program_manager'], [
      ['intent', 'set-targets'],
      ['effectiveFrom', '2025-03-01'],
      ['targets[0].kpi', 'service_level'],
      ['targets[0].comparator', 'gte'],
      ['targets[0].target', '80'],
      ['targets[0].period', 'month'],
      ['targets[0].slVariant', 'negative'],
      ['targets[0].thresholdS', '20'],
      ['targets[0].shortAbandonS', '5'],
      ['targets[1].kpi', 'abandonment_rate'],
      ['targets[1].comparator', 'lte'],
      ['targets[1].target', '5'],
      ['targets[1].period', 'month'],
      ['targets[2].kpi', ''],
    ]);
    expect(valid.status).toBe(200);
    const html = await valid.text();
    expect(html).toContain('Internal targets saved.');
    expect(html).toContain('80 %');
    expect(await count()).toBe(before + 2);
  });

  it('a vendor unit lists pending invitations; revoking one marks it revoked', async () => {
    const unit = await unitNamed('Vendor C site');
    const path = `/app/units/${unit!.id}`;
    const html = await (await app.request(path, { cookie: cookies['bank1:program_manager'] })).text();
    expect(html).toContain('ops@vendor-c.test');
    const [invitation] = await platform((tx) => tx.select().from(vendorUnitInvitations).where(eq(vendorUnitInvitations.unitId, unit!.id)));
    const revoked = await app.request(path, { method: 'POST', cookie: cookies['bank1:program_manager'], form: { intent: 'revoke-invitation', invitationId: invitation!.id } });
    expect(revoked.status).toBe(200);
    expect(await revoked.text()).toContain('Invitation revoked.');
    const [after] = await platform((tx) => tx.select().from(vendorUnitInvitations).where(eq(vendorUnitInvitations.id, invitation!.id)));
    expect(after!.revokedAt).not.toBeNull();
  });

  it('a vendor sees its own unit without write forms; another vendor\'s or an in-house unit is 404; bank2 gets 404', async () => {
    const own = await app.request(`/app/units/${world.vendorUnitIds.vendor1}`, { cookie: cookies['vendor1:vendor_reporter'] });
    expect(own.status).toBe(200);
    const html = await own.text();
    expect(html).toContain('vendor1 site');
    expect(html).toContain('VIP line');
    expect(html).not.toContain('name="intent"');
    expect((await app.request(`/app/units/${world.vendorUnitIds.vendor2}`, { cookie: cookies['vendor1:vendor_reporter'] })).status).toBe(404);
    expect((await app.request(`/app/units/${world.inHouseUnitId}`, { cookie: cookies['vendor1:vendor_reporter'] })).status).toBe(404);
    expect((await app.request(`/app/units/${world.inHouseUnitId}`, { cookie: cookies['bank2:owner'] })).status).toBe(404);
    expect((await app.request(`/app/units/${world.inHouseUnitId}`, { method: 'POST', cookie: cookies['bank2:owner'], form: { intent: 'add-queue', name: 'X', channel: 'voice' } })).status).toBe(404);
  });
});
