import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { webhookDeliveries, webhookEndpoints } from '../../../db/schema/index';
import { unsafeWithoutTenant } from '../../../db/tenant';
import { dataKey, openSecret, sealSecret } from '../../../app/lib/secret-box.server';
import { createWebhookEndpoint, deliverWebhooks, resealWebhookSecrets } from '../../../app/services/sla/webhooks.server';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { seedTenants, type SeededTenants, type TenantName } from '../../support/tenants';
import { startWebhookReceiver, signedWith, type ReceivedHook } from './webhook-receiver';

const engine = process.env.DATABASE_URL ? 'postgres' : 'pglite';

/**
 * A rotation as an operator does it: the server now runs with the new key (the process's dataKey(), so
 * deliveries use it), and the stored secrets were sealed under the old one (key A, written here directly).
 */
const keyA = randomBytes(32);
const aadOf = (orgId: string, endpointId: string) => `webhook_endpoints:${orgId}:${endpointId}`;

let handle: TestDatabase;
let seeded: SeededTenants;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
let base: string;
let received: ReceivedHook[];

beforeAll(async () => {
  handle = await createTestDatabase();
  seeded = await seedTenants(handle.db);
  receiver = await startWebhookReceiver();
  ({ base, received } = receiver);
});
afterAll(async () => {
  await receiver?.close();
  await handle?.close();
});
beforeEach(async () => {
  // The receiver is on loopback, which webhooks refuse by default (webhook-target.server.ts).
  vi.stubEnv('OUTPOST_WEBHOOKS_ALLOW_PRIVATE', '1');
  // A reseal spans every org's endpoints: each test starts from none (deliveries go with them).
  await unsafeWithoutTenant(handle.db, (tx) => tx.delete(webhookEndpoints));
});
afterEach(() => {
  vi.unstubAllEnvs();
  received.length = 0;
});

/** Writes an endpoint row as the table owner, its secret stored exactly as given by `store`. */
const insertEndpoint = async (tenant: TenantName, path: string, store: (aad: string) => string) => {
  const orgId = seeded.orgs[tenant].id;
  const id = randomUUID();
  await unsafeWithoutTenant(handle.db, (tx) => tx.insert(webhookEndpoints).values({ orgId, id, url: `${base}${path}`, secret: store(aadOf(orgId, id)) }));
  return { tenant, orgId, id, path };
};

/** Every stored secret, by endpoint id, as a database dump would see them. */
const storedSecrets = async () => {
  const rows = await unsafeWithoutTenant(handle.db, (tx) => tx.select({ id: webhookEndpoints.id, secret: webhookEndpoints.secret }).from(webhookEndpoints));
  return Object.fromEntries(rows.map((r) => [r.id, r.secret]));
};

const queueDelivery = async (endpoint: { tenant: TenantName; id: string }, now: Date) => {
  const body = JSON.stringify({ event: 'sla.breach', endpointId: endpoint.id, at: now.toISOString() });
  const [row] = await unsafeWithoutTenant(handle.db, (tx) => tx.insert(webhookDeliveries).values({ orgId: seeded.orgs[endpoint.tenant].id, endpointId: endpoint.id, event: 'sla.breach', body, nextAttemptAt: now }).returning());
  return row!;
};


describe(`re-sealing webhook secrets under a new data key (${engine})`, () => {
  it('moves every org’s secrets from the old key to the new one, seals legacy plain text, and deliveries sign with the original secrets', async () => {
    const secretOf = { bank1: 'whsec_bank1_sealed_under_old_key_01', vendor2: 'whsec_vendor2_sealed_under_old_key', vendor1: 'whsec_vendor1_legacy_plain_text_01' };
    const bank1 = await insertEndpoint('bank1', '/bank1', (aad) => sealSecret(secretOf.bank1, aad, keyA));
    const vendor2 = await insertEndpoint('vendor2', '/vendor2', (aad) => sealSecret(secretOf.vendor2, aad, keyA));
    const legacy = await insertEndpoint('vendor1', '/legacy', () => secretOf.vendor1);
    // Created by the running server, so already under the new key (as after a partial earlier run).
    const created = await createWebhookEndpoint(seeded.ctx('bank2', 'owner'), { url: `${base}/created` });
    const fresh = { tenant: 'bank2' as const, orgId: seeded.orgs.bank2.id, id: created.id, path: '/created' };
    const before = await storedSecrets();

    // The state the command exists for: the server has the new key, the rows the old one.
    const t0 = new Date();
    await queueDelivery(bank1, t0);
    expect(await deliverWebhooks(handle.db, t0)).toEqual({ delivered: 0, failed: 1, gaveUp: 0 });
    expect(received).toEqual([]);

    expect(await resealWebhookSecrets(handle.db, { oldKey: keyA, newKey: dataKey() })).toEqual({ resealed: 2, alreadyNew: 1, legacySealed: 1 });
    const after = await storedSecrets();
    expect(after[fresh.id]).toBe(before[fresh.id]);
    for (const [endpoint, secret] of [[bank1, secretOf.bank1], [vendor2, secretOf.vendor2], [legacy, secretOf.vendor1]] as const) {
      expect(after[endpoint.id]).not.toBe(before[endpoint.id]);
      expect(after[endpoint.id]).toMatch(/^v1:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]+$/);
      expect(after[endpoint.id]).not.toContain(secret);
      // Same binding to its row as before, only the key changed.
      expect(openSecret(after[endpoint.id]!, aadOf(endpoint.orgId, endpoint.id), dataKey())).toBe(secret);
      expect(() => openSecret(after[endpoint.id]!, aadOf(endpoint.orgId, endpoint.id), keyA)).toThrow();
    }

    // The failed delivery's retry, and new ones, now sign with the secrets the orgs were given.
    const t1 = new Date(t0.getTime() + 61_000);
    for (const endpoint of [vendor2, legacy, fresh]) await queueDelivery(endpoint, t1);
    expect(await deliverWebhooks(handle.db, t1)).toEqual({ delivered: 4, failed: 0, gaveUp: 0 });
    const byPath = Object.fromEntries(received.map((hit) => [hit.path, hit]));
    expect(signedWith(byPath['/bank1'], secretOf.bank1)).toBe(true);
    expect(signedWith(byPath['/vendor2'], secretOf.vendor2)).toBe(true);
    expect(signedWith(byPath['/legacy'], secretOf.vendor1)).toBe(true);
    expect(signedWith(byPath['/created'], created.secret!)).toBe(true);

    // Running it again (or after a partial failure) changes nothing.
    expect(await resealWebhookSecrets(handle.db, { oldKey: keyA, newKey: dataKey() })).toEqual({ resealed: 0, alreadyNew: 4, legacySealed: 0 });
    expect(await storedSecrets()).toEqual(after);
  });

  it('a secret that opens with neither key fails the whole run: nothing is written, and the error names every such endpoint but no secret', async () => {
    const keyC = randomBytes(32);
    const good = await insertEndpoint('bank1', '/good', (aad) => sealSecret('whsec_good_one_under_old_key_0001', aad, keyA));
    const legacy = await insertEndpoint('vendor1', '/legacy', () => 'whsec_legacy_plain_text_stays_put');
    const otherKey = await insertEndpoint('vendor2', '/other-key', (aad) => sealSecret('whsec_sealed_under_a_third_key_01', aad, keyC));
    // Sealed under the old key, but for another row: bound to its endpoint, it does not open here.
    const copied = await insertEndpoint('bank2', '/copied', () => sealSecret('whsec_copied_from_another_row_001', aadOf(good.orgId, good.id), keyA));
    const before = await storedSecrets();

    const failure = resealWebhookSecrets(handle.db, { oldKey: keyA, newKey: dataKey() });
    await expect(failure).rejects.toMatchObject({ code: 'UNPROCESSABLE', details: { endpoints: expect.arrayContaining([{ orgId: otherKey.orgId, endpointId: otherKey.id }, { orgId: copied.orgId, endpointId: copied.id }]) } });
    const message = ((await failure.catch((e: unknown) => e)) as Error).message;
    expect(message).toContain('2 webhook signing secret(s)');
    expect(message).toContain(`org ${otherKey.orgId} endpoint ${otherKey.id}`);
    expect(message).toContain(`org ${copied.orgId} endpoint ${copied.id}`);
    expect(message).not.toContain(good.id);
    expect(message).not.toContain(legacy.id);
    expect(message).not.toMatch(/whsec_|v1:/);
    // Not even the rows that would have worked were changed (the legacy one is still plain text).
    expect(await storedSecrets()).toEqual(before);

    // With the culprits' own key given as the old one, the others are the ones that fail.
    await expect(resealWebhookSecrets(handle.db, { oldKey: keyC, newKey: dataKey() })).rejects.toMatchObject({
      details: { endpoints: expect.arrayContaining([{ orgId: good.orgId, endpointId: good.id }, { orgId: copied.orgId, endpointId: copied.id }]) },
      message: expect.stringContaining('2 webhook signing secret(s)'),
    });
    expect(await storedSecrets()).toEqual(before);
  });

  it('refuses a key that is not 32 bytes before touching anything', async () => {
    await insertEndpoint('bank1', '/plain', () => 'whsec_plain_text_not_sealed_yet_01');
    const before = await storedSecrets();
    await expect(resealWebhookSecrets(handle.db, { oldKey: randomBytes(16), newKey: dataKey() })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: 'oldKey must be a 32-byte key' });
    await expect(resealWebhookSecrets(handle.db, { oldKey: keyA, newKey: Buffer.alloc(0) })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: 'newKey must be a 32-byte key' });
    expect(await storedSecrets()).toEqual(before);
  });
});
