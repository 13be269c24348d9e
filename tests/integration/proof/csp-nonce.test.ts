import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { createTestApp, sessionCookieFor, type TestApp } from '../../support/http';
import { seedTenants, type SeededTenants } from '../../support/tenants';

/**
 * The CSP allows inline scripts only with this response's nonce: no 'unsafe-inline' for scripts, a new
 * nonce on every response, and every <script> Remix renders carries it (else the page would not hydrate).
 */

let handle: TestDatabase;
let seeded: SeededTenants;
let app: TestApp;

beforeAll(async () => {
  handle = await createTestDatabase();
  seeded = await seedTenants(handle.db);
  app = await createTestApp(handle);
});
afterAll(() => handle?.close());

function scriptSrcOf(csp: string): string {
  return csp.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src ')) ?? '';
}

function nonceOf(response: Response): string {
  const csp = response.headers.get('content-security-policy') ?? '';
  const match = /'nonce-([A-Za-z0-9+/=]+)'/.exec(scriptSrcOf(csp));
  expect(match, csp).not.toBeNull();
  return match![1]!;
}

describe('nonce-based Content-Security-Policy', () => {
  it('script-src has a nonce and neither unsafe-inline nor unsafe-eval; framing stays forbidden', async () => {
    const csp = (await app.request('/login')).headers.get('content-security-policy') ?? '';
    const scriptSrc = scriptSrcOf(csp);
    expect(scriptSrc).toMatch(/^script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}'$/);
    expect(scriptSrc).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
  });

  it('every response gets a fresh nonce', async () => {
    const nonces = new Set<string>();
    for (let i = 0; i < 10; i++) nonces.add(nonceOf(await app.request('/login')));
    expect(nonces.size).toBe(10);
  });

  const PAGES = ['/login', '/app', '/app/programs', '/app/tools/erlang-c', '/no-such-page'];
  it.each(PAGES)('every <script> in %s carries the nonce of its own response', async (path) => {
    const cookie = path === '/login' ? undefined : await sessionCookieFor(handle.db, seeded.userOf('bank1', 'program_manager').id);
    const response = await app.request(path, { cookie });
    expect([200, 404]).toContain(response.status);
    const nonce = nonceOf(response);
    const html = await response.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/gi)].map((m) => m[0]);
    // The hydration context, the route modules' import and the single-fetch stream at least.
    expect(scripts.length, html.slice(0, 500)).toBeGreaterThanOrEqual(2);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    // Nothing else can run inline: no event-handler attributes or javascript: URLs in the markup.
    expect(html).not.toMatch(/\son[a-z]+=["']/i);
    expect(html).not.toMatch(/javascript:/i);
  });

  it('API and asset responses carry the policy too', async () => {
    const response = await app.request('/api/v1/openapi.json');
    expect(scriptSrcOf(response.headers.get('content-security-policy') ?? '')).not.toContain('unsafe-inline');
  });
});
