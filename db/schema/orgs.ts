import { sql } from 'drizzle-orm';
import { pgPolicy, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, id, tenantRole } from './_shared';

export const ORG_KINDS = ['client', 'vendor'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

/**
 * Organisations are the tenants themselves. A tenant transaction sees its own org row, plus the orgs
 * it works with through a delivery unit: a client sees its vendors' names, a vendor its clients'.
 */
export const orgs = pgTable(
  'orgs',
  {
    id: id().primaryKey(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    kind: text('kind', { enum: ORG_KINDS }).notNull(),
    defaultLocale: text('default_locale').notNull().default('en'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('orgs_slug_key').on(t.slug),
    pgPolicy('orgs_self', { for: 'select', to: tenantRole, using: sql`${t.id} = (select app_current_org())` }),
    pgPolicy('orgs_linked_by_units', {
      for: 'select',
      to: tenantRole,
      using: sql`exists (select 1 from delivery_units u where (u.client_org_id = (select app_current_org()) and u.vendor_org_id = ${t.id}) or (u.vendor_org_id = (select app_current_org()) and u.client_org_id = ${t.id}))`,
    }),
    pgPolicy('orgs_self_update', {
      for: 'update',
      to: tenantRole,
      using: sql`${t.id} = (select app_current_org())`,
      withCheck: sql`${t.id} = (select app_current_org())`,
    }),
  ],
).enableRLS();
