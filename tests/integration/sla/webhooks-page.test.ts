import http from 'node:http';
import dns from 'node:dns/promises';
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { auditEvents, webhookDeliveries, webhookEndpoints } from '../../../db/schema/index';
import { unsafeWithoutTenant } from '../../../db/tenant';
import { isPublicAddress, webhookUrlProblem } from '../../../app/services/sla/webhook-target.server';
import { createWebhookEndpoint, deliverWebhooks } from '../../../app/services/sla/webhooks.server';
import { updateUserLocale } from '../../../app/services/auth/user-settings.server';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { createTestApp, sessionCookieFor, type TestApp } from '../../support/http';
import { seedTenants, type SeededTenants } from '../../support/tenants';

let handle: TestDatabase;
let seeded: SeededTenants;
let app: TestApp;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  handle = await createTestDatabase();
  seeded = await seedTenants(handle.db);
  app = await createTestApp(handle);
  for (const [tenant, role] of [['bank1', 'owner'], ['bank2', 'owner'], ['vendor1', 'vendor_admin']] as const) {
    cookies[`${tenant}:${role}`] = await sessionCookieFor(handle.db, seeded.userOf(tenant, role).id);
  }
});
afterAll(() => handle?.close());

const page = async (cookie: string) => (await app.request('/app/webhooks', { cookie })).text();
const create = (cookie: string, url: string, events: string[] = []) => {
  const body = new URLSearchParams({ intent: 'create', url });
  for (const event of events) body.append('events', event);
  return app.request('/app/webhooks', { cookie, method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded', origin: app.origin } });
};

describe(`webhooks settings page (${process.env.DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  it('refuses addresses inside the network with a clear error, and stores nothing', async () => {
    for (const url of ['http://127.0.0.1:5432/', 'http://169.254.169.254/latest/meta-data', 'http://[::1]:3000/hook', 'http://10.1.2.3/x', 'http://localhost./hook', 'http://[::ffff:192.168.0.1]/']) {
      const response = await create(cookies['bank1:owner']!, url);
      expect(response.status, url).toBe(400);
      expect(await response.text()).toContain('not on the public internet');
    }
    const notUrl = await create(cookies['bank1:owner']!, 'ftp://hooks.example.com/x');
    expect(notUrl.status).toBe(400);
    expect(await notUrl.text()).toContain('Enter a full http:// or https:// address.');
    const stored = await unsafeWithoutTenant(handle.db, (tx) => tx.select().from(webhookEndpoints));
    expect(stored).toEqual([]);
  });

  it('adds an endpoint, shows its secret once, lists it to its own org only, and pauses it', async () => {
    const response = await create(cookies['bank1:owner']!, 'https://hooks.bank1.example/outpost', ['sla.breach', 'dispute.decided']);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toContain('no-store');
    const created = await response.text();
    const secret = /data-testid="webhook-secret"[^>]*value="(whsec_[0-9a-f]{48})"|value="(whsec_[0-9a-f]{48})"[^>]*data-testid="webhook-secret"/.exec(created);
    expect(secret).not.toBeNull();

    const list = await page(cookies['bank1:owner']!);
    expect(list).toContain('https://hooks.bank1.example/outpost');
    expect(list).toContain('SLA breached, Dispute decided');
    expect(list).not.toContain('whsec_');
    expect(await page(cookies['vendor1:vendor_admin']!)).not.toContain('hooks.bank1.example');

    const [endpoint] = await unsafeWithoutTenant(handle.db, (tx) => tx.select().from(webhookEndpoints).where(eq(webhookEndpoints.orgId, seeded.orgs.bank1.id)));
    const foreign = await app.request('/app/webhooks', { cookie: cookies['bank2:owner'], method: 'POST', form: { intent: 'pause', id: endpoint!.id } });
    expect(foreign.status).toBe(404);
    const paused = await app.request('/app/webhooks', { cookie: cookies['bank1:owner'], method: 'POST', form: { intent: 'pause', id: endpoint!.id } });
    expect(paused.status).toBe(302);
    const after = await app.request(new URL(paused.headers.get('location')!, app.origin).pathname + new URL(paused.headers.get('location')!, app.origin).search, { cookie: cookies['bank1:owner'] });
    const afterHtml = await after.text();
    expect(afterHtml).toContain('Deliveries to https://hooks.bank1.example/outpost are paused.');
    expect(afterHtml).toContain('Resume deliveries to https://hooks.bank1.example/outpost');
    const audit = await unsafeWithoutTenant(handle.db, (tx) => tx.select().from(auditEvents).where(and(eq(auditEvents.orgId, seeded.orgs.bank1.id), eq(auditEvents.objectId, endpoint!.id))));
    expect(audit.map((a) => a.action).sort()).toEqual(['webhook_endpoint.create', 'webhook_endpoint.disable']);
  });

  it('in zh-TW: the page and its errors in Traditional Chinese', async () => {
    const owner = seeded.userOf('bank2', 'owner');
    await updateUserLocale(handle.db, owner.id, 'zh-TW');
    const cookie = await sessionCookieFor(handle.db, owner.id);
    const html = await page(cookie);
    expect(html).toContain('<html lang="zh-TW"');
    expect(html).toContain('<h1>Webhook</h1>');
    expect(html).toContain('要傳送的事件');
    const refused = await create(cookie, 'http://192.168.1.10/hook');
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('此位址不在公開網際網路上');
  });
});

describe('delivery never reaches the internal network', () => {
  it('judges addresses: private, loopback, link-local, mapped and reserved ranges are not public', () => {
    for (const address of ['127.0.0.1', '10.0.0.1', '172.16.5.4', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '::', 'fe80::1', 'fd00::1', '::ffff:10.0.0.1', '224.0.0.1']) {
      expect(isPublicAddress(address), address).toBe(false);
    }
    for (const address of ['8.8.8.8', '203.0.114.1', '2001:4860:4860::8888', '::ffff:8.8.8.8']) expect(isPublicAddress(address), address).toBe(true);
    expect(webhookUrlProblem('https://hooks.example.com/x', false)).toBeNull();
    expect(webhookUrlProblem('http://127.0.0.1/x', true)).toBeNull();
  });

  it('refuses at delivery a host name that resolves to a private address (checked in the connection’s own lookup)', async () => {
    // This machine's own name resolves through /etc/hosts to a loopback or private address.
    const name = os.hostname();
    const resolved = await dns.lookup(name);
    expect(isPublicAddress(resolved.address), `${name} → ${resolved.address}`).toBe(false);
    const hits: string[] = [];
    const receiver = http.createServer((req, res) => {
      hits.push(req.url ?? '');
      res.statusCode = 204;
      res.end();
    });
    await new Promise<void>((resolve) => receiver.listen(0, '0.0.0.0', () => resolve()));
    const port = (receiver.address() as AddressInfo).port;
    try {
      // The name is not an address, so registration accepts it; only its resolution says where it goes.
      const endpoint = await createWebhookEndpoint(seeded.ctx('vendor1', 'vendor_admin'), { url: `http://${name}:${port}/hook` });
      const now = new Date();
      await unsafeWithoutTenant(handle.db, (tx) => tx.insert(webhookDeliveries).values({ orgId: seeded.orgs.vendor1.id, endpointId: endpoint.id, event: 'sla.breach', body: '{"event":"sla.breach"}', nextAttemptAt: now }));
      expect(await deliverWebhooks(handle.db, now)).toEqual({ delivered: 0, failed: 1, gaveUp: 0 });
      expect(hits).toEqual([]);
      const [row] = await unsafeWithoutTenant(handle.db, (tx) => tx.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpoint.id)));
      expect(row).toMatchObject({ status: 'failed', responseCode: null });
      expect(row!.lastError).toContain(`refused: ${name} resolves to ${resolved.address}`);

      // A developer's local receiver works when private addresses are allowed explicitly.
      vi.stubEnv('OUTPOST_WEBHOOKS_ALLOW_PRIVATE', '1');
      expect(await deliverWebhooks(handle.db, new Date(now.getTime() + 61_000))).toEqual({ delivered: 1, failed: 0, gaveUp: 0 });
      expect(hits).toEqual(['/hook']);
    } finally {
      vi.unstubAllEnvs();
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
    }
  });
});
