import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../../db/schema/index';
import { withTenant } from '../../../db/tenant';
import { createApiKey, revokeApiKey } from '../../../app/services/api-keys.server';
import { listAuditEvents, pageAuditEvents } from '../../../app/services/audit.server';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { createTestApp, sessionCookieFor, type TestApp } from '../../support/http';
import { seedTenants, type SeededTenants } from '../../support/tenants';

let handle: TestDatabase;
let seeded: SeededTenants;
let app: TestApp;
let ownerCookie: string;

const rowsOf = (html: string) => html.match(/data-testid="audit-event"/g)?.length ?? 0;

beforeAll(async () => {
  handle = await createTestDatabase();
  seeded = await seedTenants(handle.db);
  app = await createTestApp(handle);
  ownerCookie = await sessionCookieFor(handle.db, seeded.userOf('bank1', 'owner').id);
  const owner = seeded.ctx('bank1', 'owner');
  const first = await createApiKey(owner, { name: 'bank1-alpha', role: 'viewer' });
  await createApiKey(owner, { name: 'bank1-beta', role: 'finance' });
  await revokeApiKey(owner, first.id);
  await createApiKey(seeded.ctx('bank2', 'owner'), { name: 'bank2-secret-name', role: 'viewer' });
  // Dated events (and an actor with LIKE wildcards in its name) for the date and actor filters.
  await withTenant(handle.db, { orgId: seeded.orgs.bank1.id }, (tx) =>
    tx.insert(auditEvents).values([
      { orgId: seeded.orgs.bank1.id, at: new Date('2024-03-01T10:00:00Z'), actorLabel: 'old_100%@bank1.test', action: 'program.update', objectType: 'program', objectId: 'p-1', ip: '10.1.1.1' },
      { orgId: seeded.orgs.bank1.id, at: new Date('2024-03-02T23:59:00Z'), actorLabel: 'old@bank1.test', action: 'program.create', objectType: 'program', objectId: 'p-2' },
      { orgId: seeded.orgs.bank1.id, at: new Date('2024-03-03T00:00:00Z'), actorLabel: 'old@bank1.test', action: 'contract.create', objectType: 'contract', objectId: 'c-1' },
    ]),
  );
  await withTenant(handle.db, { orgId: seeded.orgs.bank2.id }, (tx) =>
    tx.insert(auditEvents).values({ orgId: seeded.orgs.bank2.id, at: new Date('2024-03-02T12:00:00Z'), actorLabel: 'old@bank2.test', action: 'program.update', objectType: 'program', objectId: 'bank2-program' }),
  );
});
afterAll(() => handle?.close());

describe('listAuditEvents filters', () => {
  const bank1 = () => seeded.ctx('bank1', 'owner');

  it('action text, object type, actor and dates each narrow the list, newest first', async () => {
    expect((await listAuditEvents(bank1(), { action: 'API_KEY' })).map((e) => e.action)).toEqual(['api_key.revoke', 'api_key.create', 'api_key.create']);
    expect((await listAuditEvents(bank1(), { objectType: 'program' })).map((e) => e.objectId)).toEqual(['p-2', 'p-1']);
    expect((await listAuditEvents(bank1(), { actor: 'OLD@' })).map((e) => e.objectId)).toEqual(['c-1', 'p-2']);
    expect((await listAuditEvents(bank1(), { actor: '100%' })).map((e) => e.objectId)).toEqual(['p-1']);
    expect((await listAuditEvents(bank1(), { actor: '_' })).map((e) => e.objectId)).toEqual(['p-1']);
    const march2 = await listAuditEvents(bank1(), { from: new Date('2024-03-02T00:00:00Z'), to: new Date('2024-03-03T00:00:00Z') });
    expect(march2.map((e) => e.objectId)).toEqual(['p-2']);
  });

  it("never returns another org's events", async () => {
    const all = await listAuditEvents(bank1(), { limit: 500 });
    expect(JSON.stringify(all)).not.toContain('bank2');
    expect(all.every((e) => !('orgId' in e))).toBe(true);
  });

  it('pages with a next-page flag', async () => {
    const first = await pageAuditEvents(bank1(), {}, 1, 4);
    expect(first.events).toHaveLength(4);
    expect(first.hasNext).toBe(true);
    const second = await pageAuditEvents(bank1(), {}, 2, 4);
    expect(second.events).toHaveLength(2);
    expect(second.hasNext).toBe(false);
    expect(new Set([...first.events, ...second.events].map((e) => e.id)).size).toBe(6);
  });

  it('refuses roles without read:audit', async () => {
    await expect(listAuditEvents(seeded.ctx('bank1', 'program_manager'), {})).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('audit log page', () => {
  it('shows the events in an accessible table', async () => {
    const response = await app.request('/app/audit', { cookie: ownerCookie });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(rowsOf(html)).toBe(6);
    expect(html).toContain('<caption');
    expect(html).toContain('scope="col"');
    expect(html).toContain('10.1.1.1');
    expect(html).not.toContain('bank2');
  });

  it('filters from the query string and returns only matching events, never another org’s', async () => {
    const byAction = await (await app.request('/app/audit?action=api_key.revoke', { cookie: ownerCookie })).text();
    expect(rowsOf(byAction)).toBe(1);
    expect(byAction).toContain('api_key.revoke');
    const byType = await (await app.request('/app/audit?objectType=program', { cookie: ownerCookie })).text();
    expect(rowsOf(byType)).toBe(2);
    expect(byType).not.toContain('bank2-program');
    const byDates = await (await app.request('/app/audit?from=2024-03-02&to=2024-03-02', { cookie: ownerCookie })).text();
    expect(rowsOf(byDates)).toBe(1);
    expect(byDates).toContain('p-2');
    const byActor = await (await app.request('/app/audit?actor=owner%40bank1', { cookie: ownerCookie })).text();
    expect(rowsOf(byActor)).toBe(3);
    const none = await (await app.request('/app/audit?actor=bank2', { cookie: ownerCookie })).text();
    expect(rowsOf(none)).toBe(0);
    expect(none).toContain('No events match these filters.');
  });

  it('ignores malformed filter values instead of failing', async () => {
    const response = await app.request('/app/audit?from=yesterday&to=2024-13-45&page=-3', { cookie: ownerCookie });
    expect(response.status).toBe(200);
    expect(rowsOf(await response.text())).toBe(6);
  });

  it('pages by 50 with links that keep the filters', async () => {
    const owner = seeded.ctx('bank1', 'owner');
    await withTenant(handle.db, { orgId: owner.orgId }, (tx) =>
      tx.insert(auditEvents).values(
        Array.from({ length: 55 }, (_, i) => ({ orgId: owner.orgId, at: new Date(Date.UTC(2024, 0, 1, 0, i)), actorLabel: 'bulk@bank1.test', action: 'bulk.event', objectType: 'bulk' })),
      ),
    );
    const first = await (await app.request('/app/audit?objectType=bulk', { cookie: ownerCookie })).text();
    expect(rowsOf(first)).toBe(50);
    expect(first).toContain('href="/app/audit?objectType=bulk&amp;page=2"');
    const second = await (await app.request('/app/audit?objectType=bulk&page=2', { cookie: ownerCookie })).text();
    expect(rowsOf(second)).toBe(5);
    expect(second).toContain('rel="prev"');
    expect(second).not.toContain('rel="next"');
  });

  it('refuses roles without read:audit (403) and sends anonymous users to the login page', async () => {
    for (const [tenant, role] of [['bank1', 'finance'], ['bank1', 'viewer'], ['vendor1', 'vendor_reporter']] as const) {
      const cookie = await sessionCookieFor(handle.db, seeded.userOf(tenant, role).id);
      expect((await app.request('/app/audit', { cookie })).status, role).toBe(403);
    }
    const anonymous = await app.request('/app/audit?action=x');
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get('location')).toBe('/login?redirectTo=%2Fapp%2Faudit%3Faction%3Dx');
  });
});
