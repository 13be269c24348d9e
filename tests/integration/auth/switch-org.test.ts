import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unsafeWithoutTenant } from '../../../db/tenant';
import { unsafeAddMember } from '../../../app/services/orgs.server';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { createTestApp, sessionCookieFor, type TestApp } from '../../support/http';
import { seedTenants, type SeededTenants } from '../../support/tenants';

let handle: TestDatabase;
let seeded: SeededTenants;
let app: TestApp;
let cookie: string;

beforeAll(async () => {
  handle = await createTestDatabase();
  seeded = await seedTenants(handle.db);
  app = await createTestApp(handle);
  // One person who works for a client and, as a contractor, for a vendor.
  const user = await unsafeWithoutTenant(handle.db, (tx) =>
    unsafeAddMember(tx, { orgId: seeded.orgs.bank1.id, orgKind: 'client', email: 'both@orgs.test', name: 'Both Orgs', role: 'program_manager', password: 'a long password' }).then(() =>
      unsafeAddMember(tx, { orgId: seeded.orgs.vendor1.id, orgKind: 'vendor', email: 'both@orgs.test', name: 'Both Orgs', role: 'vendor_reporter' }),
    ),
  );
  cookie = await sessionCookieFor(handle.db, user.id);
});
afterAll(() => handle?.close());

describe('a person in several orgs', () => {
  it('offers the switcher, switches the acting org and its role, and the navigation follows', async () => {
    const before = await (await app.request('/app', { cookie })).text();
    expect(before).toContain('id="switch-org"');
    const actingAs = (html: string) => /data-testid="active-org"><strong>([^<]+)</.exec(html)?.[1];
    const first = actingAs(before);
    const target = first === 'Org vendor1' ? seeded.orgs.bank1 : seeded.orgs.vendor1;

    const response = await app.request('/app/switch-org', { method: 'POST', cookie, form: { orgId: target.id } });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/app');

    const after = await (await app.request('/app', { cookie })).text();
    expect(actingAs(after)).toBe(`Org ${target.slug}`);
    // The vendor role has no contract-writing or portfolio pages; the client role has the portfolio.
    expect(after.includes('href="/app/portfolio"')).toBe(target.kind === 'client');
  });

  it('cannot switch into an org it does not belong to (404), and stays where it was', async () => {
    const before = await (await app.request('/app', { cookie })).text();
    const response = await app.request('/app/switch-org', { method: 'POST', cookie, form: { orgId: seeded.orgs.bank2.id } });
    expect(response.status).toBe(404);
    const after = await (await app.request('/app', { cookie })).text();
    expect(/data-testid="active-org"><strong>([^<]+)</.exec(after)?.[1]).toBe(/data-testid="active-org"><strong>([^<]+)</.exec(before)?.[1]);
  });
});
