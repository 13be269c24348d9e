import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAuditEvents } from '../../../app/services/audit.server';
import { apiKeyCreateCommand, apiKeyListCommand, apiKeyRevokeCommand } from '../../../scripts/commands/api-key';
import { COMMANDS } from '../../../scripts/commands/index';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { createTestApp, type TestApp } from '../../support/http';
import { seedTenants, type SeededTenants } from '../../support/tenants';
import { bearer } from './helpers';

let handle: TestDatabase;
let seeded: SeededTenants;
let app: TestApp;

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) } };
}

beforeAll(async () => {
  handle = await createTestDatabase();
  seeded = await seedTenants(handle.db);
  app = await createTestApp(handle);
});
afterAll(() => handle?.close());

describe('npm run cli -- api-key …', () => {
  it('is registered', () => {
    const names = COMMANDS.map((c) => c.name.join(' '));
    expect(names).toEqual(expect.arrayContaining(['api-key create', 'api-key revoke', 'api-key list']));
  });

  it('create prints the key alone on the last line; it works as a Bearer key; revoke makes it a 401', async () => {
    const created = capture();
    const code = await apiKeyCreateCommand.run({ db: handle.db, values: { org: 'vendor1', role: 'vendor_reporter', name: 'WFM feed' }, io: created.io });
    expect(code).toBe(0);
    expect(created.out.length).toBeGreaterThan(1);
    const key = created.out.at(-1)!;
    expect(key).toMatch(/^op_[A-Za-z0-9]{10}_[A-Za-z0-9_-]{30,}$/);

    const me = await app.request('/api/v1/me', { headers: bearer(key) });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ org: { slug: 'vendor1', kind: 'vendor' }, role: 'vendor_reporter', apiKey: { name: 'WFM feed' } });

    const listed = capture();
    expect(await apiKeyListCommand.run({ db: handle.db, values: { org: 'vendor1' }, io: listed.io })).toBe(0);
    expect(listed.out.join('\n')).toContain(key.slice(0, 13));
    expect(listed.out.join('\n')).not.toContain(key);

    const revoked = capture();
    expect(await apiKeyRevokeCommand.run({ db: handle.db, values: { org: 'vendor1', prefix: key.slice(0, 13) }, io: revoked.io })).toBe(0);
    expect((await app.request('/api/v1/me', { headers: bearer(key) })).status).toBe(401);

    const events = await listAuditEvents(seeded.ctx('vendor1', 'vendor_admin'), { actor: 'cli' });
    expect(events.map((e) => e.action)).toEqual(['api_key.revoke', 'api_key.create']);
    const again = capture();
    expect(await apiKeyRevokeCommand.run({ db: handle.db, values: { org: 'vendor1', prefix: key.slice(0, 13) }, io: again.io })).toBe(1);
  });

  it('refuses an unknown org, an unknown role and a role of the other kind', async () => {
    const io = capture().io;
    await expect(apiKeyCreateCommand.run({ db: handle.db, values: { org: 'nope', role: 'owner', name: 'x' }, io })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(apiKeyCreateCommand.run({ db: handle.db, values: { org: 'bank1', role: 'god', name: 'x' }, io })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(apiKeyCreateCommand.run({ db: handle.db, values: { org: 'vendor1', role: 'owner', name: 'x' }, io })).rejects.toMatchObject({ code: 'UNPROCESSABLE' });
    await expect(apiKeyCreateCommand.run({ db: handle.db, values: { org: 'bank1', role: 'owner' }, io })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});
