import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { webhookDeliveries, webhookEndpoints } from '../../../db/schema/index';
import { unsafeWithoutTenant } from '../../../db/tenant';
import { logger } from '../../../app/lib/logger.server';
import { SecretBoxError } from '../../../app/lib/secret-box.server';
import { createWebhookEndpoint, deliverWebhooks, openWebhookSecret, sealLegacyWebhookSecrets } from '../../../app/services/sla/webhooks.server';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { seedTenants, type SeededTenants, type TenantName } from '../../support/tenants';
import { startWebhookReceiver, signedWith, type ReceivedHook } from './webhook-receiver';

const engine = process.env.DATABASE_URL ? 'postgres' : 'pglite';

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
// The receiver is on loopback, which webhooks refuse by default (webhook-target.server.ts).
beforeEach(() => {
  vi.stubEnv('OUTPOST_WEBHOOKS_ALLOW_PRIVATE', '1');
});
afterEach(() => {
  vi.unstubAllEnvs();
  received.length = 0;
});

const storedSecret = async (endpointId: string) => {
  // Read as the table owner, as a database dump would see it.
  const [row] = await unsafeWithoutTenant(handle.db, (tx) => tx.select({ secret: webhookEndpoints.secret }).from(webhookEndpoints).where(eq(webhookEndpoints.id, endpointId)));
  return row!.secret;
};

const queueDelivery = async (tenant: TenantName, endpointId: string, now: Date) => {
  const body = JSON.stringify({ event: 'sla.breach', endpointId, at: now.toISOString() });
  const [row] = await unsafeWithoutTenant(handle.db, (tx) => tx.insert(webhookDeliveries).values({ orgId: seeded.orgs[tenant].id, endpointId, event: 'sla.breach', body, nextAttemptAt: now }).returning());
  return row!;
};


describe(`webhook signing secrets at rest (${engine})`, () => {
  it('stores the secret sealed, returns it once in plain text, and still signs deliveries with it', async () => {
    const secret = 'whsec_chosen_by_the_bank_0123456789';
    const endpoint = await createWebhookEndpoint(seeded.ctx('bank1', 'owner'), { url: `${base}/created`, secret });
    expect(endpoint.secret).toBe(secret);
    const stored = await storedSecret(endpoint.id);
    expect(stored.startsWith('v1:')).toBe(true);
    expect(stored).not.toContain(secret);

    const generated = await createWebhookEndpoint(seeded.ctx('bank1', 'owner'), { url: `${base}/generated` });
    expect(generated.secret).toMatch(/^whsec_[0-9a-f]{48}$/);
    expect(await storedSecret(generated.id)).not.toContain(generated.secret!);

    const now = new Date();
    await queueDelivery('bank1', endpoint.id, now);
    await queueDelivery('bank1', generated.id, now);
    expect(await deliverWebhooks(handle.db, now)).toEqual({ delivered: 2, failed: 0, gaveUp: 0 });
    const byPath = Object.fromEntries(received.map((hit) => [hit.path, hit]));
    expect(signedWith(byPath['/created']!, secret)).toBe(true);
    expect(signedWith(byPath['/generated']!, generated.secret!)).toBe(true);
    // The receiver would reject a signature made with the stored (sealed) text.
    expect(signedWith(byPath['/created']!, stored)).toBe(false);
  });

  it('signs with a legacy plain-text secret, then seals it at start-up and still signs with it', async () => {
    const plain = 'whsec_legacy_plain_text_secret_0001';
    // A user could have chosen a secret that starts like a sealed value; it is plain text all the same.
    const lookalike = 'v1:my-own-secret-that-looks-sealed';
    const legacy = await unsafeWithoutTenant(handle.db, (tx) =>
      tx
        .insert(webhookEndpoints)
        .values([
          { orgId: seeded.orgs.vendor1.id, url: `${base}/legacy`, secret: plain },
          { orgId: seeded.orgs.bank2.id, url: `${base}/lookalike`, secret: lookalike },
        ])
        .returning(),
    );
    const [plainRow, lookalikeRow] = legacy as [(typeof legacy)[number], (typeof legacy)[number]];
    const alreadySealed = await createWebhookEndpoint(seeded.ctx('vendor1', 'vendor_admin'), { url: `${base}/already-sealed` });
    const sealedBefore = await storedSecret(alreadySealed.id);

    const before = new Date();
    await queueDelivery('vendor1', plainRow.id, before);
    await queueDelivery('bank2', lookalikeRow.id, before);
    // Before the start-up step has run: a value not in the sealed shape is legacy plain text.
    expect(await deliverWebhooks(handle.db, before)).toEqual({ delivered: 2, failed: 0, gaveUp: 0 });
    expect(received.map((hit) => hit.path).sort()).toEqual(['/legacy', '/lookalike']);
    expect(signedWith(received.find((hit) => hit.path === '/legacy')!, plain)).toBe(true);
    expect(signedWith(received.find((hit) => hit.path === '/lookalike')!, lookalike)).toBe(true);

    expect(await sealLegacyWebhookSecrets(handle.db)).toBe(2);
    for (const [row, secret] of [[plainRow, plain], [lookalikeRow, lookalike]] as const) {
      const stored = await storedSecret(row.id);
      expect(stored).not.toContain(secret);
      expect(stored).toMatch(/^v1:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]+$/);
    }
    expect(await storedSecret(alreadySealed.id)).toBe(sealedBefore);
    expect(await sealLegacyWebhookSecrets(handle.db)).toBe(0);

    received.length = 0;
    const after = new Date(before.getTime() + 1_000);
    await queueDelivery('vendor1', plainRow.id, after);
    await queueDelivery('bank2', lookalikeRow.id, after);
    expect(await deliverWebhooks(handle.db, after)).toEqual({ delivered: 2, failed: 0, gaveUp: 0 });
    expect(signedWith(received.find((hit) => hit.path === '/legacy')!, plain)).toBe(true);
    expect(signedWith(received.find((hit) => hit.path === '/lookalike')!, lookalike)).toBe(true);
  });

  it('a sealed value copied onto another row does not open: that delivery fails, is logged and retried; the run goes on', async () => {
    const original = await createWebhookEndpoint(seeded.ctx('bank1', 'owner'), { url: `${base}/original` });
    const target = await createWebhookEndpoint(seeded.ctx('vendor2', 'vendor_admin'), { url: `${base}/target` });
    const sameOrg = await createWebhookEndpoint(seeded.ctx('bank1', 'owner'), { url: `${base}/same-org` });
    const copied = await storedSecret(original.id);
    await unsafeWithoutTenant(handle.db, (tx) => tx.update(webhookEndpoints).set({ secret: copied }).where(and(eq(webhookEndpoints.orgId, seeded.orgs.vendor2.id), eq(webhookEndpoints.id, target.id))));
    // Bound to the endpoint, not only the org.
    expect(() => openWebhookSecret(copied, seeded.orgs.bank1.id, sameOrg.id)).toThrow(SecretBoxError);
    expect(openWebhookSecret(copied, seeded.orgs.bank1.id, original.id)).toBe(original.secret);

    const errors = vi.spyOn(logger, 'error');
    const now = new Date(Date.now() + 2_000);
    const stolen = await queueDelivery('vendor2', target.id, now);
    await queueDelivery('bank1', original.id, now);
    expect(await deliverWebhooks(handle.db, now)).toEqual({ delivered: 1, failed: 1, gaveUp: 0 });
    expect(received.map((hit) => hit.path)).toEqual(['/original']);
    expect(signedWith(received[0]!, original.secret!)).toBe(true);

    const [row] = await unsafeWithoutTenant(handle.db, (tx) => tx.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, stolen.id)));
    expect(row).toMatchObject({ status: 'failed', attempts: 1, responseCode: null, deliveredAt: null });
    expect(row!.lastError).toBe("The endpoint's signing secret could not be opened: The sealed secret failed authentication: altered, sealed for another row, or sealed under another data key.");
    expect(row!.nextAttemptAt.getTime()).toBe(now.getTime() + 60_000);
    expect(errors).toHaveBeenCalledWith(expect.objectContaining({ orgId: seeded.orgs.vendor2.id, endpointId: target.id, deliveryId: stolen.id, err: expect.any(SecretBoxError) }), expect.stringContaining('could not be opened'));

    // Retried like any failure, and refused again: never signed with another row's secret.
    expect(await deliverWebhooks(handle.db, new Date(now.getTime() + 61_000))).toEqual({ delivered: 0, failed: 1, gaveUp: 0 });
    expect(received.map((hit) => hit.path)).toEqual(['/original']);
  });
});
