import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../support/http';
import { apiKeyFor, bearer } from '../api/helpers';
import { createFeedWorld, dayOfIntervals, type FeedWorld } from './support';

let world: FeedWorld;
let app: TestApp;
const keys: Record<string, string> = {};

beforeAll(async () => {
  world = await createFeedWorld();
  keys.vendor1 = await apiKeyFor(world.seeded, 'vendor1', 'vendor_reporter');
  keys.vendor2 = await apiKeyFor(world.seeded, 'vendor2', 'vendor_reporter');
  keys.viewer = await apiKeyFor(world.seeded, 'bank1', 'viewer');
  app = await createTestApp(world.handle);
});
afterAll(() => world?.close());

const post = (unitId: string, key: string, body: BodyInit, headers: Record<string, string> = {}, query = '') =>
  app.request(`/api/v1/units/${unitId}/uploads${query}`, { method: 'POST', headers: { ...bearer(key), 'content-type': 'text/csv', ...headers }, body });

describe(`feeds API (${process.env.DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  it('201 with id, status, rows, period and revision; the upload and its history can be read back', async () => {
    const unitId = world.bank1.vendorUnitIds.vendor1!;
    const res = await post(unitId, keys.vendor1!, dayOfIntervals('2026-03-02'));
    expect(res.status).toBe(201);
    const body = (await res.json()) as { id: string; status: string; rowsAccepted: number; revision: number; period: { start: string } };
    expect(body).toMatchObject({ status: 'accepted', rowsAccepted: 16, revision: 1, period: { start: '2026-03-02T00:00:00.000Z' } });
    const one = await app.request(`/api/v1/uploads/${body.id}`, { headers: bearer(keys.vendor1!) });
    expect(one.status).toBe(200);
    expect(((await one.json()) as { upload: { id: string } }).upload.id).toBe(body.id);
    const again = await post(unitId, keys.vendor1!, dayOfIntervals('2026-03-02'));
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ id: body.id, isDuplicate: true });
  });

  it('multipart with a file field works too', async () => {
    const form = new FormData();
    form.append('file', new Blob([dayOfIntervals('2026-03-03')], { type: 'text/csv' }), 'march3.csv');
    const res = await app.request(`/api/v1/units/${world.bank1.vendorUnitIds.vendor1}/uploads`, { method: 'POST', headers: bearer(keys.vendor1!), body: form });
    expect(res.status).toBe(201);
  });

  it('422 with every issue (line, column, value, code, message); the issues can be fetched as JSON and CSV', async () => {
    const bad = dayOfIntervals('2026-03-04').replace('voice,20,', 'voice,20,-');
    const res = await post(world.bank1.vendorUnitIds.vendor1!, keys.vendor1!, bad);
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { code: string; details: { upload: { id: string }; issues: Array<{ line: number; code: string }> } } };
    expect(body.error.code).toBe('FEED_REJECTED');
    expect(body.error.details.issues[0]).toMatchObject({ line: expect.any(Number), code: expect.any(String) });
    const id = body.error.details.upload.id;
    const issues = await app.request(`/api/v1/uploads/${id}/issues`, { headers: bearer(keys.vendor1!) });
    expect(((await issues.json()) as { total: number }).total).toBeGreaterThan(0);
    const csv = await app.request(`/api/v1/uploads/${id}/issues.csv`, { headers: bearer(keys.vendor1!) });
    expect(csv.headers.get('content-type')).toContain('text/csv');
  });

  it('an Idempotency-Key returns the earlier result', async () => {
    const unitId = world.bank1.vendorUnitIds.vendor1!;
    const first = await post(unitId, keys.vendor1!, dayOfIntervals('2026-03-06'), { 'idempotency-key': 'k-1' });
    const second = await post(unitId, keys.vendor1!, dayOfIntervals('2026-03-07'), { 'idempotency-key': 'k-1' });
    const a = (await first.json()) as { id: string };
    const b = (await second.json()) as { id: string; isReplay: boolean };
    expect(b).toMatchObject({ id: a.id, isReplay: true });
  });

  it("another vendor's unit is a 404; a viewer key is a 403; a wrong body type is a 415", async () => {
    expect((await post(world.bank1.vendorUnitIds.vendor1!, keys.vendor2!, dayOfIntervals('2026-03-02'))).status).toBe(404);
    expect((await post(world.bank1.vendorUnitIds.vendor1!, keys.viewer!, dayOfIntervals('2026-03-02'))).status).toBe(403);
    expect((await post(world.bank1.vendorUnitIds.vendor1!, keys.vendor1!, '{}', { 'content-type': 'application/json' })).status).toBe(415);
  });
});
