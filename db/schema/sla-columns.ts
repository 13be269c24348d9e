import { boolean, foreignKey, integer, numeric, text, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { KPI_IDS, SERVICE_LEVEL_VARIANTS, type KpiId } from '../../app/domain/kpi/catalog';
import { COMPARATORS, MISSING_FEED_RULES, SLA_PERIODS } from '../../app/domain/contracts/sla';
import { CHANNELS, type Channel } from '../../app/domain/programs/schemas';

/**
 * The columns of one SLA, shared by contract SLAs and in-house internal targets (same form, no money
 * on the latter). Targets are stored in the KPI's own unit (ratios as 0..1), see app/domain/contracts/sla.ts.
 */
export function slaColumns() {
  return {
    kpi: text('kpi', { enum: KPI_IDS }).notNull().$type<KpiId>(),
    comparator: text('comparator', { enum: COMPARATORS }).notNull(),
    target: numeric('target', { precision: 18, scale: 6, mode: 'number' }).notNull(),
    period: text('period', { enum: SLA_PERIODS }).notNull().default('month'),
    scopeUnitId: uuid('scope_unit_id'),
    scopeQueueId: uuid('scope_queue_id'),
    scopeChannel: text('scope_channel', { enum: CHANNELS }).$type<Channel>(),
    minimumVolume: integer('minimum_volume').notNull().default(0),
    missingFeed: text('missing_feed', { enum: MISSING_FEED_RULES }).notNull().default('missed'),
    slVariant: text('sl_variant', { enum: SERVICE_LEVEL_VARIANTS }),
    thresholdS: integer('threshold_s'),
    shortAbandonS: integer('short_abandon_s'),
    isCritical: boolean('is_critical').notNull().default(false),
    /** Share of the at-risk amount, basis points; null for key measurements and internal targets. */
    allocationBp: integer('allocation_bp'),
  };
}

interface ScopeColumns {
  clientOrgId: AnyPgColumn;
  scopeUnitId: AnyPgColumn;
  scopeQueueId: AnyPgColumn;
}
interface ScopeTargets {
  units: { clientOrgId: AnyPgColumn; id: AnyPgColumn };
  queues: { clientOrgId: AnyPgColumn; id: AnyPgColumn };
}

/** A scope names a unit and/or queue of the same client org (composite keys keep tenants apart). */
export function slaScopeKeys(t: ScopeColumns, table: string, refs: ScopeTargets) {
  return [
    foreignKey({ name: `${table}_scope_unit_fk`, columns: [t.clientOrgId, t.scopeUnitId], foreignColumns: [refs.units.clientOrgId, refs.units.id] }),
    foreignKey({ name: `${table}_scope_queue_fk`, columns: [t.clientOrgId, t.scopeQueueId], foreignColumns: [refs.queues.clientOrgId, refs.queues.id] }),
  ];
}
