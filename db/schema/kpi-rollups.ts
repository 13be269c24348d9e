import { sql } from 'drizzle-orm';
import { date, index, integer, pgPolicy, pgTable, primaryKey, timestamp, uuid } from 'drizzle-orm/pg-core';
import { tenantRole } from './_shared';
import { countColumns, measureColumns } from './feeds';

/**
 * A unit's day, all queues and channels together: interval_daily_rollups summed per (unit, local day),
 * for the dashboards' unfiltered program overview (a 3-year, 50-queue program reads ~50× fewer rows).
 * Never written by the application: triggers on interval_daily_rollups (migration 0012) recompute the
 * days any statement there touched, in the same transaction, whoever writes (merge, demo seed, COPY).
 */
export const intervalUnitDailyRollups = pgTable(
  'interval_unit_daily_rollups',
  {
    clientOrgId: uuid('client_org_id').notNull(),
    unitId: uuid('unit_id').notNull(),
    vendorOrgId: uuid('vendor_org_id'),
    day: date('day', { mode: 'string' }).notNull(),
    /** How many queue-and-channel rollup rows were summed. */
    rollupCount: integer('rollup_count').notNull(),
    ...countColumns('bigint'),
    ...measureColumns(18),
    refreshedAt: timestamp('refreshed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.clientOrgId, t.unitId, t.day] }),
    index('interval_unit_daily_rollups_vendor_idx').on(t.vendorOrgId),
    // As interval_daily_rollups' (client and delivering vendor), but with the org read once per statement
    // (an InitPlan) rather than once per row: the dashboards scan thousands of these rows per request.
    pgPolicy('interval_unit_daily_rollups_client_all', {
      as: 'permissive',
      for: 'all',
      to: tenantRole,
      using: sql`${t.clientOrgId} = (select app_current_org())`,
      withCheck: sql`${t.clientOrgId} = (select app_current_org())`,
    }),
    pgPolicy('interval_unit_daily_rollups_vendor_all', {
      as: 'permissive',
      for: 'all',
      to: tenantRole,
      using: sql`${t.vendorOrgId} = (select app_current_org())`,
      withCheck: sql`${t.vendorOrgId} = (select app_current_org())`,
    }),
  ],
).enableRLS();
