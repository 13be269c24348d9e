import { sql } from 'drizzle-orm';
import type { Database, Tx } from './client';

export interface TenantScope {
  /** The org the transaction acts for; row-level security shows it only its own rows. */
  orgId: string;
}

/**
 * The one way to run tenant queries: a transaction that records the acting org (transaction-local, so a
 * pooled connection never carries it into another request) and drops to the non-owner `outpost_app`
 * role, so row-level security applies even when the connection itself is a superuser (always on PGlite).
 */
export async function withTenant<T>(
  db: Database,
  scope: TenantScope,
  fn: (tx: Tx) => Promise<T>,
  options: { beforeTenant?: (tx: Tx) => Promise<void> } = {},
): Promise<T> {
  return db.transaction(async (tx) => {
    // Bulk loads into a temp staging table run here, as the connection's own role: COPY from PGlite's
    // '/dev/blob' needs it. They touch no tenant table; everything after runs under row-level security.
    if (options.beforeTenant) await options.beforeTenant(tx);
    // One round trip for both settings: set_config('role', …, true) is `set local role` (the same checks).
    await tx.execute(sql`select set_config('app.org_id', ${scope.orgId}, true), set_config('role', 'outpost_app', true)`);
    return fn(tx);
  });
}

/**
 * A transaction that bypasses row-level security. Only for platform work that has no tenant yet
 * (login, session lookup, invitation acceptance, API-key lookup) or spans tenants on purpose (seeding,
 * CLI). Every caller says why in a comment.
 */
export async function unsafeWithoutTenant<T>(db: Database, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(fn);
}

/**
 * The same bypass for one read statement, without the transaction (a statement sees one snapshot on its
 * own): saves the begin and commit round trips on lookups every request makes (session, API key). The
 * same rule applies: every caller says why in a comment.
 */
export function unsafeReadWithoutTenant<T>(db: Database, read: (db: Database) => Promise<T>): Promise<T> {
  return read(db);
}
