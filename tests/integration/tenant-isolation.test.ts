import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { apiKeys, auditEvents, invitations, memberships, outboxEmails, users } from '../../db/schema/index';
import { withTenant } from '../../db/tenant';
import { createApiKey } from '../../app/services/api-keys.server';
import { recordAudit } from '../../app/services/audit.server';
import { inTenant } from '../../app/services/context';
import { expectDbError } from '../support/errors';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { listTables, type TableInfo } from '../support/catalog';
import { emailOf, seedTenants, TEST_TENANTS, type SeededTenants, type TenantName } from '../support/tenants';
import { seedClientWorld } from './programs/seed';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FileBlobStore, setBlobStore } from '../../app/lib/blob-store.server';
import { seedFeeds } from './feeds/seed';
import { closeMonth } from '../../app/services/sla/close.server';
import { raiseDispute } from '../../app/services/sla/disputes.server';
import { createWebhookEndpoint } from '../../app/services/sla/webhooks.server';
import { seedCostsAndBilling } from './costs-billing-seed';

const TENANTS = Object.keys(TEST_TENANTS) as TenantName[];

/** Tables the tenant role cannot touch at all (no RLS, no grant): the auth services' and Stripe's own. */
const PLATFORM_TABLES = ['login_attempts', 'password_reset_requests', 'password_reset_tokens', 'sessions', 'stripe_events'];

/**
 * Tables whose visibility follows a link rather than a tenant column: orgs (a client sees the vendors
 * of its units and back) and programs (a vendor sees the programs it delivers a unit of). Checked by
 * their own tests below.
 */
const LINKED_TABLES = ['orgs', 'programs'];

let handle: TestDatabase;
let seeded: SeededTenants;
let tables: TableInfo[];
let uploadsDir: string | undefined;

beforeAll(async () => {
  handle = await createTestDatabase();
  seeded = await seedTenants(handle.db);
  // Put a row in every tenant table for every org.
  for (const tenant of TENANTS) {
    const admin = seeded.ctx(tenant, TEST_TENANTS[tenant].roles[0]);
    await createApiKey(admin, { name: `key of ${tenant}`, role: admin.role });
    await inTenant(admin, async (tx) => {
      await recordAudit(tx, admin, { action: 'test.seed', objectType: 'org', objectId: admin.orgId });
      await tx.insert(invitations).values({ orgId: admin.orgId, email: `new@${tenant}.test`, role: admin.role, tokenHash: `hash-${tenant}`, expiresAt: new Date(Date.now() + 86400000) });
      await tx.insert(outboxEmails).values({ orgId: admin.orgId, toAddress: `new@${tenant}.test`, subject: 'Invitation', bodyText: 'hello' });
    });
  }
  // Programs, units, queues, invitations, contracts and their versions for two clients and two vendors:
  // bank1 works with vendor1 and vendor2, bank2 with vendor1 only.
  const world1 = await seedClientWorld(handle.db, seeded, 'bank1', ['vendor1', 'vendor2']);
  const world2 = await seedClientWorld(handle.db, seeded, 'bank2', ['vendor1']);
  // Feed uploads, facts, contact records, cross-check differences, rollups, settings, notifications.
  uploadsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'outpost-isolation-'));
  setBlobStore(new FileBlobStore(uploadsDir));
  await seedFeeds(handle.db, seeded, 'bank1', world1);
  await seedFeeds(handle.db, seeded, 'bank2', world2);
  // SLA results, credits and the earn-back ledger came from the ingest hook (March 2026 is missing data).
  // Webhook endpoints first, so the dispute notices below also leave deliveries; then disputes and closes.
  for (const tenant of TENANTS) {
    const admin = seeded.ctx(tenant, seeded.orgs[tenant].kind === 'client' ? 'owner' : 'vendor_admin');
    await createWebhookEndpoint(admin, { url: `https://hooks.${tenant}.test/outpost` });
  }
  for (const [client, world] of [['bank1', world1], ['bank2', world2]] as const) {
    for (const [vendor, unitId] of Object.entries(world.vendorUnitIds) as Array<[TenantName, string]>) {
      await raiseDispute(seeded.ctx(vendor, 'vendor_reporter'), { unitId, spanStart: new Date('2026-03-02T00:00:00Z'), spanEnd: new Date('2026-03-02T01:00:00Z'), reason: 'IVR outage' });
      await closeMonth(seeded.ctx(client, 'finance'), { contractId: world.contractIds[vendor]!, month: '2026-03', now: new Date('2026-04-02T00:00:00Z') });
    }
  }
  // In-house and oversight costs, billing settings, invoices and adjustments, vendor invoices, subscriptions.
  await seedCostsAndBilling(handle.db, seeded, 'bank1', world1);
  await seedCostsAndBilling(handle.db, seeded, 'bank2', world2);
  tables = await listTables(handle.db);
});
afterAll(async () => {
  setBlobStore(undefined);
  if (uploadsDir) fs.rmSync(uploadsDir, { recursive: true, force: true });
  await handle?.close();
});

describe(`tenant isolation in the database (${process.env.DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  it('every table either has row-level security FORCED or is a platform table the tenant role cannot touch', () => {
    for (const table of tables) {
      if (PLATFORM_TABLES.includes(table.name)) expect(table.rls, table.name).toBe(false);
      else expect({ table: table.name, rls: table.rls, forced: table.forced }).toEqual({ table: table.name, rls: true, forced: true });
    }
  });

  it('platform tables are refused outright to the tenant role', async () => {
    for (const name of PLATFORM_TABLES) {
      await expectDbError(withTenant(handle.db, { orgId: seeded.orgs.bank1.id }, (tx) => tx.execute(sql.raw(`select * from ${name}`))), /permission denied/);
    }
  });

  it('every tenant table holds rows of several orgs, and each org sees only rows that name it, even with no WHERE', async () => {
    for (const table of tables.filter((t) => t.rls && t.name !== 'users')) {
      expect(table.tenantColumns.length, `${table.name} has no tenant column`).toBeGreaterThan(0);
      if (LINKED_TABLES.includes(table.name)) continue;
      const owners = await queryRows<{ n: number }>(
        handle.db,
        sql.raw(`select count(distinct coalesce(${table.tenantColumns.join(', ')}))::int as n from ${table.name}`),
      );
      expect(owners[0]?.n ?? 0, `seed rows of ${table.name} for at least two orgs in this test`).toBeGreaterThanOrEqual(2);
      for (const tenant of TENANTS) {
        const orgId = seeded.orgs[tenant].id;
        const foreign = await withTenant(handle.db, { orgId }, (tx) =>
          queryRows<{ n: number }>(
            tx,
            sql.raw(`select count(*)::int as n from ${table.name} where not ('${orgId}'::uuid in (${table.tenantColumns.map((c) => `coalesce(${c}, '00000000-0000-0000-0000-000000000000')`).join(', ')}))`),
          ),
        );
        expect(foreign[0]?.n, `${tenant} sees another org's rows in ${table.name}`).toBe(0);
      }
    }
  });

  it('a vendor sees exactly the rows naming it as vendor, and nothing of client-only tables', async () => {
    for (const vendor of ['vendor1', 'vendor2'] as const) {
      const orgId = seeded.orgs[vendor].id;
      for (const table of tables.filter((t) => t.rls && !LINKED_TABLES.includes(t.name) && t.name !== 'users' && !t.tenantColumns.includes('org_id'))) {
        const visible = await withTenant(handle.db, { orgId }, (tx) => queryRows<{ n: number }>(tx, sql.raw(`select count(*)::int as n from ${table.name}`)));
        const expected = table.tenantColumns.includes('vendor_org_id')
          ? await queryRows<{ n: number }>(handle.db, sql.raw(`select count(*)::int as n from ${table.name} where vendor_org_id = '${orgId}'`))
          : [{ n: 0 }];
        expect(visible[0]?.n, `${vendor} in ${table.name}`).toBe(expected[0]?.n);
        if (table.tenantColumns.includes('vendor_org_id')) expect(expected[0]?.n, `seed ${table.name} rows for ${vendor}`).toBeGreaterThan(0);
      }
    }
  });

  it('orgs and programs are visible through delivery units only', async () => {
    const slugsSeenBy = async (tenant: TenantName) =>
      (await withTenant(handle.db, { orgId: seeded.orgs[tenant].id }, (tx) => queryRows<{ slug: string }>(tx, sql`select slug from orgs order by slug`))).map((r) => r.slug);
    expect(await slugsSeenBy('bank1')).toEqual(['bank1', 'vendor1', 'vendor2']);
    expect(await slugsSeenBy('bank2')).toEqual(['bank2', 'vendor1']);
    expect(await slugsSeenBy('vendor1')).toEqual(['bank1', 'bank2', 'vendor1']);
    expect(await slugsSeenBy('vendor2')).toEqual(['bank1', 'vendor2']);
    for (const tenant of TENANTS) {
      const orgId = seeded.orgs[tenant].id;
      const foreign = await withTenant(handle.db, { orgId }, (tx) =>
        queryRows<{ n: number }>(
          tx,
          sql.raw(`select count(*)::int as n from programs p where p.client_org_id <> '${orgId}' and not exists (select 1 from delivery_units u where u.program_id = p.id and u.vendor_org_id = '${orgId}')`),
        ),
      );
      expect(foreign[0]?.n, `${tenant} sees a program it neither owns nor delivers`).toBe(0);
    }
    const seenByVendor2 = await withTenant(handle.db, { orgId: seeded.orgs.vendor2.id }, (tx) => queryRows<{ n: number }>(tx, sql`select count(*)::int as n from programs`));
    expect(seenByVendor2[0]?.n).toBe(1);
  });

  it('users are visible only as members of the acting org', async () => {
    for (const tenant of TENANTS) {
      const visible = await withTenant(handle.db, { orgId: seeded.orgs[tenant].id }, (tx) => tx.select({ email: users.email }).from(users));
      expect(visible.map((u) => u.email).sort()).toEqual(TEST_TENANTS[tenant].roles.map((r) => emailOf(tenant, r)).sort());
    }
  });

  it('outside a tenant transaction setting, the tenant role sees nothing', async () => {
    const rows = await handle.db.transaction(async (tx) => {
      await tx.execute(sql`set local role outpost_app`);
      return tx.select().from(memberships);
    });
    expect(rows).toEqual([]);
  });

  it('inserts into another org are refused', async () => {
    const bank1 = { orgId: seeded.orgs.bank1.id };
    const other = seeded.orgs.bank2.id;
    const attempts = [
      (tx: Parameters<Parameters<typeof withTenant>[2]>[0]) => tx.insert(memberships).values({ orgId: other, userId: seeded.userOf('bank1', 'viewer').id, role: 'owner' }),
      (tx: Parameters<Parameters<typeof withTenant>[2]>[0]) => tx.insert(apiKeys).values({ orgId: other, name: 'x', role: 'owner', prefix: 'op_x', keyHash: 'x' }),
      (tx: Parameters<Parameters<typeof withTenant>[2]>[0]) => tx.insert(invitations).values({ orgId: other, email: 'x@x.test', role: 'owner', tokenHash: 'x', expiresAt: new Date() }),
      (tx: Parameters<Parameters<typeof withTenant>[2]>[0]) => tx.insert(auditEvents).values({ orgId: other, actorLabel: 'x', action: 'x', objectType: 'x' }),
      (tx: Parameters<Parameters<typeof withTenant>[2]>[0]) => tx.insert(outboxEmails).values({ orgId: other, toAddress: 'x@x.test', subject: 'x', bodyText: 'x' }),
    ];
    for (const attempt of attempts) {
      await expectDbError(withTenant(handle.db, bank1, attempt), /row-level security/);
    }
  });

  it('moving a row to another org by UPDATE is refused', async () => {
    await expectDbError(
      withTenant(handle.db, { orgId: seeded.orgs.bank1.id }, (tx) => tx.update(apiKeys).set({ orgId: seeded.orgs.bank2.id })),
      /row-level security/,
    );
  });

  it('the audit log is append-only for tenants', async () => {
    await expectDbError(withTenant(handle.db, { orgId: seeded.orgs.bank1.id }, (tx) => tx.delete(auditEvents)), /permission denied/);
  });
});
