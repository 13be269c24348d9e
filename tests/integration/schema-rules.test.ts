import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { createTestDatabase, type TestDatabase } from '../support/db';

/**
 * The schema must stay distributable by tenant (Citus): every tenant table keeps its tenant column in
 * its primary key and in every unique constraint. Exemptions say why.
 */
const TENANT_KEY_EXEMPTIONS: Record<string, string> = {
  orgs: 'the tenants themselves: a reference table on Citus',
  users: 'people are global (one person, many orgs): a reference table on Citus',
  outbox_emails: 'the platform mail queue also carries org-less mail (password resets); stays on the coordinator',
  sessions: 'platform table, keyed by session token',
  password_reset_tokens: 'platform table, keyed by token',
  login_attempts: 'platform table',
  password_reset_requests: 'platform table, counted by e-mail and IP',
  org_subscriptions: 'platform billing: one row per org, found by Stripe customer id from the webhook; stays on the coordinator',
  stripe_events: 'platform table, keyed by Stripe event id',
};

let handle: TestDatabase;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle?.close());

describe('schema rules', () => {
  it('every tenant table has its tenant column in the primary key and in every unique index', async () => {
    const rows = await queryRows<{ table: string; index: string; primary: boolean; columns: string[] }>(handle.db, sql`
      select t.relname as table, i.relname as index, x.indisprimary as primary,
             array(select pg_get_indexdef(x.indexrelid, k, true) from generate_subscripts(x.indkey, 1) k) as columns
      from pg_index x
      join pg_class t on t.oid = x.indrelid
      join pg_class i on i.oid = x.indexrelid
      join pg_namespace n on n.oid = t.relnamespace
      where n.nspname = 'public' and (x.indisunique or x.indisprimary)`);
    const offenders: string[] = [];
    const checked = new Set<string>();
    for (const row of rows) {
      if (TENANT_KEY_EXEMPTIONS[row.table]) continue;
      checked.add(row.table);
      const key = row.columns.includes('client_org_id') || row.columns.includes('org_id');
      if (!key) offenders.push(`${row.table}.${row.index} (${row.columns.join(', ')})`);
    }
    expect(offenders).toEqual([]);
    expect(checked.size).toBeGreaterThanOrEqual(4);
  });

  it('every table outside the exemptions carries a tenant column', async () => {
    const rows = await queryRows<{ table: string; has: boolean }>(handle.db, sql`
      select c.relname as table,
             exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname in ('org_id', 'client_org_id') and not a.attisdropped) as has
      from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind = 'r'`);
    const missing = rows.filter((r) => !r.has && !TENANT_KEY_EXEMPTIONS[r.table]).map((r) => r.table);
    expect(missing).toEqual([]);
  });
});
