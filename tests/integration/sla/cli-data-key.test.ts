import { hkdfSync, randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { webhookEndpoints } from '../../../db/schema/index';
import { unsafeWithoutTenant } from '../../../db/tenant';
import { dataKey, openSecret, sealSecret } from '../../../app/lib/secret-box.server';
import { dataKeyResealCommand } from '../../../scripts/commands/data-key';
import { COMMANDS } from '../../../scripts/commands/index';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { seedTenants, type SeededTenants, type TenantName } from '../../support/tenants';

let handle: TestDatabase;
let seeded: SeededTenants;

beforeAll(async () => {
  handle = await createTestDatabase();
  seeded = await seedTenants(handle.db);
});
afterAll(() => handle?.close());
beforeEach(async () => {
  await unsafeWithoutTenant(handle.db, (tx) => tx.delete(webhookEndpoints));
});

async function run(values: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await dataKeyResealCommand.run({ db: handle.db, values, io: { out: (l) => out.push(l), err: (l) => err.push(l) } });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const aadOf = (orgId: string, endpointId: string) => `webhook_endpoints:${orgId}:${endpointId}`;

const insertEndpoint = async (tenant: TenantName, plain: string, key: Buffer | null) => {
  const orgId = seeded.orgs[tenant].id;
  const id = randomUUID();
  const secret = key ? sealSecret(plain, aadOf(orgId, id), key) : plain;
  await unsafeWithoutTenant(handle.db, (tx) => tx.insert(webhookEndpoints).values({ orgId, id, url: 'https://hooks.example.com/outpost', secret }));
  return { orgId, id, plain };
};

const storedSecrets = async () => {
  const rows = await unsafeWithoutTenant(handle.db, (tx) => tx.select({ id: webhookEndpoints.id, secret: webhookEndpoints.secret }).from(webhookEndpoints));
  return Object.fromEntries(rows.map((r) => [r.id, r.secret]));
};

describe('npm run cli -- data-key reseal', () => {
  it('is registered', () => {
    expect(COMMANDS.map((c) => c.name.join(' '))).toContain('data-key reseal');
  });

  it('refuses bad arguments with exit code 2 and changes nothing', async () => {
    const oldKey = randomBytes(32);
    await insertEndpoint('bank1', 'whsec_under_the_old_key_000000001', oldKey);
    const before = await storedSecrets();
    const cases: [Record<string, string>, string][] = [
      [{}, 'exactly one of --old-key and --old-session-secret'],
      [{ 'old-key': oldKey.toString('hex'), 'old-session-secret': 'a previous session secret' }, 'exactly one of --old-key and --old-session-secret'],
      [{ 'old-key': 'not-a-key' }, '--old-key must be 32 bytes written as 64 hex digits or as base64'],
      [{ 'old-key': oldKey.toString('hex').slice(2) }, '--old-key must be 32 bytes'],
      [{ 'old-key': randomBytes(16).toString('base64') }, '--old-key must be 32 bytes'],
      [{ 'old-key': '' }, '--old-key must be 32 bytes'],
      [{ 'old-session-secret': 'too short' }, '--old-session-secret must have at least 16 characters'],
      // Forgetting to set the new key in the environment first: the "old" key is the current one.
      [{ 'old-key': dataKey().toString('base64') }, 'The old key is the current data key'],
    ];
    for (const [values, message] of cases) {
      const result = await run(values);
      expect(result, JSON.stringify(values)).toMatchObject({ code: 2, out: '' });
      expect(result.err).toContain(message);
      // Malformed arguments come with the usage line.
      if (!message.startsWith('The old key')) expect(result.err).toContain(dataKeyResealCommand.usage);
    }
    expect(await storedSecrets()).toEqual(before);
  });

  it('re-seals under the current key from an old key (hex or base64) or an old session secret, and prints the counts', async () => {
    const oldKey = randomBytes(32);
    const sealed = await insertEndpoint('bank1', 'whsec_under_the_old_key_000000001', oldKey);
    const legacy = await insertEndpoint('vendor1', 'whsec_legacy_plain_text_00000001', null);
    const result = await run({ 'old-key': ` ${oldKey.toString('base64')}\n` });
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out).toContain('re-sealed from the old key: 1');
    expect(result.out).toContain('already under the current key: 0');
    expect(result.out).toContain('legacy plain text, sealed: 1');
    const after = await storedSecrets();
    for (const endpoint of [sealed, legacy]) expect(openSecret(after[endpoint.id]!, aadOf(endpoint.orgId, endpoint.id), dataKey())).toBe(endpoint.plain);

    // Moving off a key derived from a previous session secret: HKDF-SHA256, info "outpost data key v1".
    const previousSessionSecret = 'the previous session secret, long enough';
    const derived = Buffer.from(hkdfSync('sha256', previousSessionSecret, Buffer.alloc(0), 'outpost data key v1', 32));
    const fromSession = await insertEndpoint('vendor2', 'whsec_under_the_derived_key_00001', derived);
    const again = await run({ 'old-session-secret': previousSessionSecret });
    expect(again).toMatchObject({ code: 0, err: '' });
    expect(again.out).toContain('re-sealed from the old key: 1');
    expect(again.out).toContain('already under the current key: 2');
    expect(again.out).toContain('legacy plain text, sealed: 0');
    const final = await storedSecrets();
    expect(openSecret(final[fromSession.id]!, aadOf(fromSession.orgId, fromSession.id), dataKey())).toBe(fromSession.plain);
    expect(final[sealed.id]).toBe(after[sealed.id]);

    // Hex works too; everything is already done, so it is a no-op.
    expect(await run({ 'old-key': oldKey.toString('hex') })).toMatchObject({ code: 0, out: expect.stringContaining('already under the current key: 3') });
    expect(await storedSecrets()).toEqual(final);
  });

  it('exits 1 naming the endpoints when a secret opens with neither key, and changes nothing', async () => {
    const oldKey = randomBytes(32);
    await insertEndpoint('bank1', 'whsec_under_the_old_key_000000001', oldKey);
    const lost = await insertEndpoint('bank2', 'whsec_under_some_other_key_000001', randomBytes(32));
    const before = await storedSecrets();
    const result = await run({ 'old-key': oldKey.toString('hex') });
    expect(result).toMatchObject({ code: 1, out: '' });
    expect(result.err).toContain(`org ${lost.orgId} endpoint ${lost.id}`);
    expect(result.err).toContain('nothing was changed');
    expect(result.err).not.toContain('whsec_');
    expect(await storedSecrets()).toEqual(before);
  });
});
