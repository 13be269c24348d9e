import { sql, type SQL } from 'drizzle-orm';
import { pgPolicy, pgRole, timestamp, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';

/**
 * The role every tenant transaction switches to (`SET LOCAL ROLE`). It owns nothing and cannot bypass
 * row-level security; it is created by the first migration, so drizzle-kit must treat it as existing.
 */
export const tenantRole = pgRole('outpost_app').existing();

/** The acting org of the current transaction, or NULL outside a tenant transaction. */
export const currentOrg: SQL = sql`app_current_org()`;

export const id = () => uuid('id').notNull().defaultRandom();
export const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

/** Rows visible to, and writable by, the org named in `column` only. */
export function orgPolicy(table: string, column: AnyPgColumn) {
  return pgPolicy(`${table}_org_isolation`, {
    as: 'permissive',
    for: 'all',
    to: tenantRole,
    using: sql`${column} = (select app_current_org())`,
    withCheck: sql`${column} = (select app_current_org())`,
  });
}

/**
 * Policies of a client-owned table (programs, units, contracts…): the client org reads and writes its
 * rows; when `vendorColumn` is given, the vendor org named on a row may read it, never write it (no
 * insert/update/delete policy names the vendor, so RLS refuses those commands to it).
 */
export function clientOwnedPolicies(table: string, clientColumn: AnyPgColumn, vendorColumn?: AnyPgColumn) {
  const policies = [
    pgPolicy(`${table}_client_all`, {
      as: 'permissive',
      for: 'all',
      to: tenantRole,
      using: sql`${clientColumn} = (select app_current_org())`,
      withCheck: sql`${clientColumn} = (select app_current_org())`,
    }),
  ];
  if (vendorColumn) {
    policies.push(pgPolicy(`${table}_vendor_read`, { as: 'permissive', for: 'select', to: tenantRole, using: sql`${vendorColumn} = (select app_current_org())` }));
  }
  return policies;
}
