import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ROLE_PERMISSIONS, type Role } from '../../../app/domain/permissions';
import { apiRoute, readJsonBodyAs } from '../../../app/lib/api.server';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { createTestApp, sessionCookieFor, type TestApp } from '../../support/http';
import { seedTenants, TEST_TENANTS, type SeededTenants, type TenantName } from '../../support/tenants';
import { apiKeyFor, bearer } from './helpers';

let handle: TestDatabase;
let seeded: SeededTenants;
let app: TestApp;

beforeAll(async () => {
  handle = await createTestDatabase();
  seeded = await seedTenants(handle.db);
  app = await createTestApp(handle);
});
afterAll(() => handle?.close());

describe('GET /api/v1/me', () => {
  for (const tenant of ['bank1', 'vendor1'] as const satisfies TenantName[]) {
    for (const role of TEST_TENANTS[tenant].roles as readonly Role[]) {
      it(`answers the org, role and permissions of a ${role} key in a ${TEST_TENANTS[tenant].kind} org`, async () => {
        const key = await apiKeyFor(seeded, tenant, role);
        const response = await app.request('/api/v1/me', { headers: bearer(key) });
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toMatch(/application\/json/);
        const body = await response.json();
        expect(body).toEqual({
          org: { id: seeded.orgs[tenant].id, slug: tenant, name: `Org ${tenant}`, kind: TEST_TENANTS[tenant].kind },
          role,
          permissions: [...ROLE_PERMISSIONS[role]],
          apiKey: { id: expect.any(String), name: `${role} key`, prefix: key.slice(0, 13) },
        });
        expect(JSON.stringify(body)).not.toContain(key);
      });
    }
  }

  it('401 without a key, with an unknown or malformed key, and with only a session cookie', async () => {
    const cookie = await sessionCookieFor(handle.db, seeded.userOf('bank1', 'owner').id);
    const attempts: Record<string, string>[] = [
      {},
      bearer('op_AAAAAAAAAA_thisisnotarealkeybutitlooksliketheshape'),
      bearer('garbage'),
      { authorization: 'Basic dXNlcjpwYXNz' },
      { cookie },
    ];
    for (const headers of attempts) {
      const response = await app.request('/api/v1/me', { headers });
      expect(response.status, JSON.stringify(headers)).toBe(401);
      const body = await response.json();
      expect(body).toEqual({ error: { code: 'UNAUTHENTICATED', message: expect.any(String) } });
    }
  });

  it('405 JSON for other methods, with Allow', async () => {
    const key = await apiKeyFor(seeded, 'bank1', 'viewer');
    const response = await app.request('/api/v1/me', { method: 'POST', headers: bearer(key), json: {} });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET');
    expect(await response.json()).toMatchObject({ error: { code: 'METHOD_NOT_ALLOWED' } });
  });

  it('records when a key was last used', async () => {
    const key = await apiKeyFor(seeded, 'bank2', 'finance', 'usage');
    await app.request('/api/v1/me', { headers: bearer(key) });
    const { listApiKeys } = await import('../../../app/services/api-keys.server');
    const row = (await listApiKeys(seeded.ctx('bank2', 'owner'))).find((k) => k.name === 'usage');
    expect(row?.lastUsedAt).toBeInstanceOf(Date);
  });
});

describe('unknown /api/v1 paths', () => {
  for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) {
    it(`${method} answers a JSON 404`, async () => {
      const response = await app.request('/api/v1/no/such/thing', { method, ...(method === 'GET' ? {} : { json: { a: 1 } }) });
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toMatch(/application\/json/);
      expect(await response.json()).toEqual({ error: { code: 'NOT_FOUND', message: expect.any(String) } });
    });
  }
});

describe('GET /api/v1/openapi.json', () => {
  it('is public and lists the operations', async () => {
    const response = await app.request('/api/v1/openapi.json');
    expect(response.status).toBe(200);
    const document = await response.json();
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/api/v1/me', '/api/v1/openapi.json']));
  });
});

describe('API edge helpers (body limits, validation, permissions)', () => {
  const Body = z.object({ name: z.string().min(1), count: z.number().int().positive() });
  const echo = apiRoute({ permission: 'manage:api-keys' }, async ({ request }) => ({ received: await readJsonBodyAs(request, Body, 1024) }));
  const call = (key: string, body: BodyInit, headers: Record<string, string> = {}) =>
    echo({
      request: new Request('http://local/api/v1/echo', { method: 'POST', headers: { 'content-type': 'application/json', ...bearer(key), ...headers }, body, duplex: 'half' } as RequestInit),
      params: {},
      context: {},
    });
  let ownerKey: string;
  beforeAll(async () => {
    ownerKey = await apiKeyFor(seeded, 'bank1', 'owner', 'edge');
  });

  it('a valid body passes through', async () => {
    const response = await call(ownerKey, JSON.stringify({ name: 'x', count: 2 }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: { name: 'x', count: 2 } });
  });

  it('malformed JSON is a 400', async () => {
    const response = await call(ownerKey, '{"name": "x",');
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'MALFORMED_JSON' } });
  });

  it('a body over the limit is a 413, whether or not Content-Length tells', async () => {
    const big = JSON.stringify({ name: 'x'.repeat(5000), count: 1 });
    const declared = await call(ownerKey, big, { 'content-length': String(big.length) });
    expect(declared.status).toBe(413);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 10; i += 1) controller.enqueue(new TextEncoder().encode(big.slice(i * 500, (i + 1) * 500)));
        controller.close();
      },
    });
    const streamed = await call(ownerKey, stream);
    expect(streamed.status).toBe(413);
    expect(await streamed.json()).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE', details: { maxBytes: 1024 } } });
  });

  it('a body that does not match the schema is a 422 listing {path, message}', async () => {
    const response = await call(ownerKey, JSON.stringify({ name: '', count: -1 }));
    expect(response.status).toBe(422);
    const body = await response.json();
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.details.issues).toEqual([
      { path: 'name', message: expect.any(String) },
      { path: 'count', message: expect.any(String) },
    ]);
  });

  it('a non-JSON content type is a 415', async () => {
    const response = await call(ownerKey, 'name=x', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(response.status).toBe(415);
  });

  it("a key whose role lacks the permission is a 403; a revoked or missing key a 401", async () => {
    const viewerKey = await apiKeyFor(seeded, 'bank1', 'viewer', 'edge-viewer');
    const forbidden = await call(viewerKey, JSON.stringify({ name: 'x', count: 1 }));
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
    expect((await call('', '{}')).status).toBe(401);
  });
});

describe('HTTP-level body handling', () => {
  it('a large body to an API path is answered as JSON, not dropped', async () => {
    // Over the 1 MB JSON limit: refused before any route reads it, as JSON (server/app.ts body limits).
    const response = await app.request('/api/v1/me', { method: 'POST', json: { blob: 'x'.repeat(2_000_000) } });
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
  });
});
