import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES, MAX_MULTIPART_BYTES } from '../../../server/app';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { createTestApp, sessionCookieFor, type TestApp } from '../../support/http';
import { seedTenants, type SeededTenants } from '../../support/tenants';
import { apiKeyFor, bearer } from '../api/helpers';
import { seedClientWorld, type ClientWorld } from '../programs/seed';

/**
 * What a careless client or an attacker sends over HTTP: bodies past the limits, chunked bodies without a
 * length, and malformed JSON on every API endpoint. Each gets a clear 4xx in the caller's language (JSON
 * on /api, HTML for pages), never a 500 and never a buffered gigabyte.
 */

let handle: TestDatabase;
let seeded: SeededTenants;
let app: TestApp;
let world: ClientWorld;

beforeAll(async () => {
  handle = await createTestDatabase();
  seeded = await seedTenants(handle.db);
  world = await seedClientWorld(handle.db, seeded, 'bank1', ['vendor1']);
  app = await createTestApp(handle);
}, 180_000);
afterAll(() => handle?.close());

const filler = (bytes: number) => 'x'.repeat(bytes);

describe('request body limits', () => {
  it('a form post past 1 MB is a 413 page, before any route reads it', async () => {
    const cookie = await sessionCookieFor(handle.db, seeded.userOf('bank1', 'program_manager').id);
    const response = await app.request(`/app/programs/${world.programId}/edit`, {
      method: 'POST',
      cookie,
      headers: { accept: 'text/html' },
      form: { name: 'Cards', lineOfBusiness: filler(MAX_BODY_BYTES + 10) },
    });
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    const html = await response.text();
    expect(html).toContain('<h1>Request too large</h1>');
    expect(html).toContain(`larger than ${MAX_BODY_BYTES} bytes`);
  });

  it('the same post just under the limit reaches the route (the limit is not a blanket refusal)', async () => {
    const cookie = await sessionCookieFor(handle.db, seeded.userOf('bank1', 'program_manager').id);
    const response = await app.request(`/app/programs/${world.programId}/edit`, {
      method: 'POST',
      cookie,
      form: { name: 'Cards', lineOfBusiness: filler(MAX_BODY_BYTES - 2000) },
    });
    // The route's own validation answers (the field is too long), not the body limit.
    expect([400, 422]).toContain(response.status);
    expect(await response.text()).not.toContain('Request too large');
  });

  it('a JSON body past 1 MB on the API is a 413 JSON error', async () => {
    const key = await apiKeyFor(seeded, 'bank1', 'owner');
    const response = await app.request('/api/v1/programs', { method: 'POST', headers: bearer(key), json: { name: filler(MAX_BODY_BYTES) } });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({
      error: { code: 'PAYLOAD_TOO_LARGE', message: `The request body is larger than ${MAX_BODY_BYTES} bytes`, details: { maxBytes: MAX_BODY_BYTES } },
    });
  });

  it('a multipart form past its 10 MB limit is a 413; a page client asking for JSON gets JSON', async () => {
    const form = new FormData();
    form.set('reason', 'x');
    form.set('attachment', new Blob([new Uint8Array(MAX_MULTIPART_BYTES + 1)]), 'big.bin');
    const response = await fetch(`${app.origin}/login`, { method: 'POST', body: form, headers: { accept: 'application/json', origin: app.origin } });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE', details: { maxBytes: MAX_MULTIPART_BYTES } } });
  });

  it('a chunked body without Content-Length is refused with 411 on form and JSON routes', async () => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('email=a%40b.test&password=x'));
        controller.close();
      },
    });
    const response = await fetch(`${app.origin}/login`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: app.origin, accept: 'text/html' },
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(411);
    expect(await response.text()).toContain('Content-Length');
  });

  it('feed uploads are exempt: they stream with their own 200 MB limit', async () => {
    const key = await apiKeyFor(seeded, 'vendor1', 'vendor_admin');
    const unitId = world.vendorUnitIds.vendor1!;
    const header = 'interval_start,interval_minutes,queue,channel,threshold_s,offered\n';
    const row = '2026-01-05T09:00:00+08:00,15,VIP line,voice,20,10\n';
    // 1.3 MB of one repeated row: past the form limit, so a 413 here would mean the exemption broke.
    const csv = header + row.repeat(Math.ceil((MAX_BODY_BYTES * 1.3) / row.length));
    const response = await app.request(`/api/v1/units/${unitId}/uploads?template=canonical-intervals`, {
      method: 'POST',
      headers: { ...bearer(key), 'content-type': 'text/csv' },
      body: csv,
    });
    expect(response.status).not.toBe(413);
    expect([201, 422]).toContain(response.status);
  });
});

describe('malformed JSON on the API', () => {
  const MALFORMED = ['{"name": "Cards",', '{name: 1}', "{'a': 1}", '[1, 2,]', 'nul', '{"a":1}{"b":2}', '\u0000\u0001', '{"a": "\\x"}'];

  /** Every documented operation that reads a JSON body, its path filled with real objects of bank1. */
  async function jsonOperations(): Promise<Array<{ method: string; path: string }>> {
    const doc = (await (await app.request('/api/v1/openapi.json')).json()) as {
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, unknown> } }>>;
    };
    const ids: Record<string, string> = { programId: world.programId, unitId: world.vendorUnitIds.vendor1!, contractId: world.contractIds.vendor1! };
    const operations: Array<{ method: string; path: string }> = [];
    for (const [template, methods] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        if (!operation.requestBody || !Object.keys(operation.requestBody.content).some((type) => /json/.test(type))) continue;
        operations.push({ method: method.toUpperCase(), path: template.replace(/\{(\w+)\}/g, (_, name: string) => ids[name] ?? '00000000-0000-4000-8000-000000000000') });
      }
    }
    return operations;
  }

  it('every endpoint that reads JSON answers 400 MALFORMED_JSON saying the body is not valid JSON', async () => {
    const keys = [await apiKeyFor(seeded, 'bank1', 'owner', 'owner json'), await apiKeyFor(seeded, 'vendor1', 'vendor_admin', 'vendor json')];
    const operations = await jsonOperations();
    for (const { method, path } of operations) {
      for (const text of MALFORMED) {
        let response: Response | undefined;
        // The first key whose org may use the endpoint (a client's or a vendor's).
        for (const key of keys) {
          response = await app.request(path, { method, headers: { ...bearer(key), 'content-type': 'application/json' }, body: text });
          if (response.status !== 403 && response.status !== 404) break;
        }
        const label = `${method} ${path} ${JSON.stringify(text)}`;
        expect(response!.status, label).toBe(400);
        const body = (await response!.json()) as { error: { code: string; message: string } };
        expect(body.error.code, label).toBe('MALFORMED_JSON');
        expect(body.error.message, label).toMatch(/not valid JSON/);
      }
    }
    // Which endpoints these were is printed so a run shows the check was not vacuous.
    console.info(`malformed JSON checked on ${operations.length} JSON endpoint(s): ${operations.map((o) => `${o.method} ${o.path}`).join(', ') || 'none documented yet'}`);
  });

  it('malformed JSON sent to any API path, documented or not, is a JSON 4xx: never HTML, never a 500', async () => {
    const key = await apiKeyFor(seeded, 'bank1', 'owner', 'owner any');
    const doc = (await (await app.request('/api/v1/openapi.json')).json()) as { paths: Record<string, unknown> };
    const paths = [...Object.keys(doc.paths).map((p) => p.replace(/\{\w+\}/g, world.programId)), '/api/v1/no-such-endpoint'];
    for (const path of paths) {
      for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
        const response = await app.request(path, { method, headers: { ...bearer(key), 'content-type': 'application/json' }, body: '{"broken":' });
        const label = `${method} ${path}`;
        expect(response.status, label).toBeGreaterThanOrEqual(400);
        expect(response.status, label).toBeLessThan(500);
        expect(response.headers.get('content-type'), label).toMatch(/application\/json/);
        expect(await response.json(), label).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
      }
    }
  });
});
