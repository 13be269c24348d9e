import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../../app/lib/tokens.server';
import { authenticateApiKey, createApiKey, LAST_USED_GRANULARITY_MS, listApiKeys, revokeApiKey } from '../../../app/services/api-keys.server';
import { listAuditEvents } from '../../../app/services/audit.server';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { createTestApp, sessionCookieFor, type TestApp } from '../../support/http';
import { seedTenants, type SeededTenants } from '../../support/tenants';
import { bearer, secretInHtml } from './helpers';

let handle: TestDatabase;
let seeded: SeededTenants;
let app: TestApp;
let ownerCookie: string;

beforeAll(async () => {
  handle = await createTestDatabase();
  seeded = await seedTenants(handle.db);
  app = await createTestApp(handle);
  ownerCookie = await sessionCookieFor(handle.db, seeded.userOf('bank1', 'owner').id);
});
afterAll(() => handle?.close());

describe('API key lifecycle (services)', () => {
  it('"last used" is written on first use and then at most once per minute, not on every request', async () => {
    const owner = seeded.ctx('bank1', 'owner');
    const created = await createApiKey(owner, { name: 'busy integration', role: 'viewer' });
    const lastUsed = async () => (await listApiKeys(owner)).find((k) => k.id === created.id)?.lastUsedAt?.getTime();
    const first = new Date('2026-03-02T10:00:00Z');
    expect(await authenticateApiKey(handle.db, created.secret, first)).toMatchObject({ id: created.id, orgId: owner.orgId, role: 'viewer' });
    expect(await lastUsed()).toBe(first.getTime());
    await authenticateApiKey(handle.db, created.secret, new Date(first.getTime() + LAST_USED_GRANULARITY_MS - 1));
    expect(await lastUsed()).toBe(first.getTime());
    const later = new Date(first.getTime() + LAST_USED_GRANULARITY_MS);
    await authenticateApiKey(handle.db, created.secret, later);
    expect(await lastUsed()).toBe(later.getTime());
    expect(await authenticateApiKey(handle.db, `${created.prefix}_${'x'.repeat(40)}`, later)).toBeUndefined();
  });

  it('create returns the secret once; list never returns the secret or its hash; the write is audited', async () => {
    const owner = seeded.ctx('bank1', 'owner');
    const created = await createApiKey(owner, { name: '  Nightly export  ', role: 'viewer' });
    expect(created.secret).toMatch(/^op_[A-Za-z0-9]{10}_[A-Za-z0-9_-]{30,}$/);
    expect(created.secret.startsWith(created.prefix)).toBe(true);
    expect(created.name).toBe('Nightly export');
    const listed = await listApiKeys(owner);
    const row = listed.find((k) => k.id === created.id);
    expect(row).toMatchObject({ name: 'Nightly export', role: 'viewer', prefix: created.prefix, revokedAt: null });
    const text = JSON.stringify(listed);
    expect(text).not.toContain(created.secret);
    expect(text).not.toContain(sha256(created.secret));
    expect(Object.keys(row!)).not.toContain('keyHash');
    const events = await listAuditEvents(owner, { action: 'api_key.create' });
    expect(events.find((e) => e.objectId === created.id)).toMatchObject({ actorLabel: 'owner@bank1.test', objectType: 'api_key' });
    expect(JSON.stringify(events)).not.toContain(created.secret);
  });

  it('a revoked key is refused (401) and the revocation is audited', async () => {
    const owner = seeded.ctx('bank1', 'owner');
    const created = await createApiKey(owner, { name: 'short-lived', role: 'finance' });
    expect((await app.request('/api/v1/me', { headers: bearer(created.secret) })).status).toBe(200);
    await revokeApiKey(owner, created.id);
    const response = await app.request('/api/v1/me', { headers: bearer(created.secret) });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    expect(await listAuditEvents(owner, { action: 'api_key.revoke' })).toEqual(expect.arrayContaining([expect.objectContaining({ objectId: created.id })]));
    await expect(revokeApiKey(owner, created.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('a vendor org cannot create a client-role key, nor a client org a vendor-role key', async () => {
    await expect(createApiKey(seeded.ctx('vendor1', 'vendor_admin'), { name: 'x', role: 'owner' })).rejects.toMatchObject({ code: 'UNPROCESSABLE' });
    await expect(createApiKey(seeded.ctx('bank1', 'owner'), { name: 'x', role: 'vendor_admin' })).rejects.toMatchObject({ code: 'UNPROCESSABLE' });
  });

  it("another org's key id, or a malformed id, is NOT_FOUND and the key keeps working", async () => {
    const other = await createApiKey(seeded.ctx('bank2', 'owner'), { name: 'bank2 key', role: 'viewer' });
    await expect(revokeApiKey(seeded.ctx('bank1', 'owner'), other.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(revokeApiKey(seeded.ctx('bank1', 'owner'), 'not-a-uuid')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await app.request('/api/v1/me', { headers: bearer(other.secret) })).status).toBe(200);
    expect((await listApiKeys(seeded.ctx('bank1', 'owner'))).map((k) => k.id)).not.toContain(other.id);
  });

  it('roles without manage:api-keys are refused', async () => {
    await expect(listApiKeys(seeded.ctx('bank1', 'finance'))).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(createApiKey(seeded.ctx('vendor1', 'vendor_reporter'), { name: 'x', role: 'vendor_reporter' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('API keys page', () => {
  it('creates a key and shows the whole key once, with a copy hint; the list never shows it again', async () => {
    const response = await app.request('/app/api-keys', { method: 'POST', cookie: ownerCookie, form: { intent: 'create', name: 'Page key', role: 'program_manager' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toContain('no-store');
    const html = await response.text();
    const secret = secretInHtml(html);
    expect(secret).toBeDefined();
    expect(html).toContain('It will not be shown again');
    expect(html).toContain('Ctrl+C');
    const me = await app.request('/api/v1/me', { headers: bearer(secret!) });
    expect(await me.json()).toMatchObject({ role: 'program_manager' });
    const list = await app.request('/app/api-keys', { cookie: ownerCookie });
    expect(list.status).toBe(200);
    const listHtml = await list.text();
    expect(listHtml).toContain('Page key');
    expect(listHtml).toContain(secret!.slice(0, 13));
    expect(listHtml).not.toContain(secret!);
  });

  it('refuses an empty name and a role of the other org kind', async () => {
    const empty = await app.request('/app/api-keys', { method: 'POST', cookie: ownerCookie, form: { intent: 'create', name: ' ', role: 'viewer' } });
    expect(empty.status).toBe(400);
    const vendorCookie = await sessionCookieFor(handle.db, seeded.userOf('vendor1', 'vendor_admin').id);
    const wrongKind = await app.request('/app/api-keys', { method: 'POST', cookie: vendorCookie, form: { intent: 'create', name: 'k', role: 'owner' } });
    expect(wrongKind.status).toBe(422);
    expect(await wrongKind.text()).toContain('Choose a role that exists in this organisation.');
  });

  it('revokes after a confirmation step', async () => {
    const created = await createApiKey(seeded.ctx('bank1', 'owner'), { name: 'to revoke', role: 'viewer' });
    const confirm = await app.request(`/app/api-keys?revoke=${created.id}`, { cookie: ownerCookie });
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).toContain('Revoke to revoke?');
    const response = await app.request('/app/api-keys', { method: 'POST', cookie: ownerCookie, form: { intent: 'revoke', id: created.id } });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(`/app/api-keys?revoked=${created.id}`);
    const after = await app.request(response.headers.get('location')!, { cookie: ownerCookie });
    expect(await after.text()).toContain(`The key ${created.prefix}… has been revoked.`);
    expect((await app.request('/api/v1/me', { headers: bearer(created.secret) })).status).toBe(401);
  });

  it("another org's key id, or a malformed id, is a 404 (never a 500)", async () => {
    const other = await createApiKey(seeded.ctx('bank2', 'owner'), { name: 'foreign', role: 'viewer' });
    for (const id of [other.id, 'nope', '00000000-0000-4000-8000-000000000000']) {
      const post = await app.request('/app/api-keys', { method: 'POST', cookie: ownerCookie, form: { intent: 'revoke', id } });
      expect(post.status, id).toBe(404);
      expect((await app.request(`/app/api-keys?revoke=${id}`, { cookie: ownerCookie })).status, id).toBe(404);
    }
  });

  it('refuses roles without manage:api-keys (403) and sends anonymous users to the login page', async () => {
    for (const [tenant, role] of [['bank1', 'finance'], ['bank1', 'viewer'], ['vendor1', 'vendor_reporter']] as const) {
      const cookie = await sessionCookieFor(handle.db, seeded.userOf(tenant, role).id);
      expect((await app.request('/app/api-keys', { cookie })).status, role).toBe(403);
      expect((await app.request('/app/api-keys', { method: 'POST', cookie, form: { intent: 'create', name: 'x', role: 'viewer' } })).status, role).toBe(403);
    }
    const anonymous = await app.request('/app/api-keys');
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get('location')).toMatch(/^\/login\?redirectTo=%2Fapp%2Fapi-keys/);
  });
});
