import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../../app/services/api-keys.server';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { createTestApp, type TestApp } from '../../support/http';
import { seedTenants, type SeededTenants } from '../../support/tenants';
import { seedClientWorld, type ClientWorld } from './seed';

let handle: TestDatabase;
let seeded: SeededTenants;
let app: TestApp;
let bank1: ClientWorld;
let bank2: ClientWorld;
const keys: Record<string, string> = {};

beforeAll(async () => {
  handle = await createTestDatabase();
  seeded = await seedTenants(handle.db);
  bank1 = await seedClientWorld(handle.db, seeded, 'bank1', ['vendor1', 'vendor2']);
  bank2 = await seedClientWorld(handle.db, seeded, 'bank2', ['vendor1']);
  keys.bank1Viewer = (await createApiKey(seeded.ctx('bank1', 'owner'), { name: 'bi', role: 'viewer' })).secret;
  keys.bank2Owner = (await createApiKey(seeded.ctx('bank2', 'owner'), { name: 'bi', role: 'owner' })).secret;
  keys.vendor1Reporter = (await createApiKey(seeded.ctx('vendor1', 'vendor_admin'), { name: 'feeds', role: 'vendor_reporter' })).secret;
  keys.vendor2Admin = (await createApiKey(seeded.ctx('vendor2', 'vendor_admin'), { name: 'ops', role: 'vendor_admin' })).secret;
  app = await createTestApp(handle);
});
afterAll(() => handle?.close());

const get = (path: string, key?: string) => app.request(path, { headers: key ? { authorization: `Bearer ${key}` } : {} });

describe(`programs API (${process.env.DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  it('needs a key', async () => {
    expect((await get('/api/v1/programs')).status).toBe(401);
  });

  it("a client key lists its programs and reads one with units, queues, contract and SLA table", async () => {
    const list = await get('/api/v1/programs', keys.bank1Viewer);
    expect(list.status).toBe(200);
    const body = (await list.json()) as { programs: { id: string; unitCount: number }[] };
    expect(body.programs.map((p) => [p.id, p.unitCount])).toEqual([[bank1.programId, 3]]);
    const one = await get(`/api/v1/programs/${bank1.programId}`, keys.bank1Viewer);
    expect(one.status).toBe(200);
    const detail = (await one.json()) as { units: { kind: string; queues: unknown[] }[]; contracts: { currentVersion: { slas: { kpi: string; targetDisplay: string; allocationPct: number | null }[] } }[] };
    expect(detail.units).toHaveLength(3);
    expect(detail.contracts).toHaveLength(2);
    expect(detail.contracts[0]!.currentVersion.slas[0]).toMatchObject({ kpi: 'service_level', targetDisplay: '80%', allocationPct: 40 });
  });

  it("a vendor key sees only its own units and terms, across its clients", async () => {
    const units = (await (await get('/api/v1/units', keys.vendor1Reporter)).json()) as { units: { id: string; kind: string }[] };
    expect(units.units.map((u) => u.id).sort()).toEqual([bank1.vendorUnitIds.vendor1, bank2.vendorUnitIds.vendor1].sort());
    const detail = (await (await get(`/api/v1/programs/${bank1.programId}`, keys.vendor1Reporter)).json()) as { units: { id: string }[]; contracts: { vendorOrgId: string }[] };
    expect(detail.units.map((u) => u.id)).toEqual([bank1.vendorUnitIds.vendor1]);
    expect(detail.contracts.map((c) => c.vendorOrgId)).toEqual([seeded.orgs.vendor1.id]);
    const filtered = (await (await get(`/api/v1/units?programId=${bank2.programId}`, keys.vendor1Reporter)).json()) as { units: { id: string }[] };
    expect(filtered.units.map((u) => u.id)).toEqual([bank2.vendorUnitIds.vendor1]);
  });

  it('foreign, invisible or malformed ids are JSON 404s', async () => {
    for (const [path, key] of [
      [`/api/v1/programs/${bank1.programId}`, keys.bank2Owner],
      [`/api/v1/programs/${bank2.programId}`, keys.vendor2Admin],
      ['/api/v1/programs/not-a-uuid', keys.bank1Viewer],
      [`/api/v1/programs/${crypto.randomUUID()}`, keys.bank1Viewer],
    ] as const) {
      const response = await get(path, key);
      expect(response.status, path).toBe(404);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
    }
  });

  it('is read-only and documented in the OpenAPI document', async () => {
    const post = await app.request('/api/v1/programs', { method: 'POST', headers: { authorization: `Bearer ${keys.bank2Owner}` }, json: {} });
    expect(post.status).toBe(405);
    const doc = (await (await get('/api/v1/openapi.json')).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/programs', '/api/v1/programs/{programId}', '/api/v1/units']));
  });
});
