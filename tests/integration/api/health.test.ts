import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { createTestApp, type TestApp } from '../../support/http';

let handle: TestDatabase;
let app: TestApp;

beforeAll(async () => {
  handle = await createTestDatabase();
  app = await createTestApp(handle);
});
afterAll(() => handle?.close());

describe('GET /healthz', () => {
  it('answers 200 {status: ok} with a request id', async () => {
    const response = await app.request('/healthz');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', database: 'ok' });
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keeps a request id the caller sent, and every response (API, pages) carries one', async () => {
    const echoed = await app.request('/healthz', { headers: { 'x-request-id': 'trace-123' } });
    expect(echoed.headers.get('x-request-id')).toBe('trace-123');
    for (const path of ['/api/v1/me', '/api/v1/nowhere', '/login']) {
      expect((await app.request(path)).headers.get('x-request-id'), path).toBeTruthy();
    }
  });
});
