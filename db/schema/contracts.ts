import { sql } from 'drizzle-orm';
import { check, date, foreignKey, index, integer, jsonb, numeric, pgTable, primaryKey, text, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { PRICING_MODELS, type StoredTier } from '../../app/domain/contracts/rate-card';
import { CHANNELS, type Channel } from '../../app/domain/programs/schemas';
import { clientOwnedPolicies, createdAt, id } from './_shared';
import { orgs } from './orgs';
import { slaColumns, slaScopeKeys } from './sla-columns';
import { deliveryUnits, queues } from './units';

/**
 * A contract between a client and one vendor. Its terms live in versions; the vendor named on it may
 * read it and everything under it (every child row carries vendor_org_id for that), never write.
 */
export const contracts = pgTable(
  'contracts',
  {
    clientOrgId: uuid('client_org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    id: id(),
    vendorOrgId: uuid('vendor_org_id')
      .notNull()
      .references(() => orgs.id),
    name: text('name').notNull(),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.clientOrgId, t.id] }),
    unique('contracts_vendor_key').on(t.clientOrgId, t.id, t.vendorOrgId),
    uniqueIndex('contracts_name_key').on(t.clientOrgId, sql`lower(${t.name})`),
    index('contracts_vendor_idx').on(t.vendorOrgId),
    ...clientOwnedPolicies('contracts', t.clientOrgId, t.vendorOrgId),
  ],
).enableRLS();

/** The units a contract covers; the composite keys make sure they are units of the contract's vendor. */
export const contractUnits = pgTable(
  'contract_units',
  {
    clientOrgId: uuid('client_org_id').notNull(),
    contractId: uuid('contract_id').notNull(),
    unitId: uuid('unit_id').notNull(),
    vendorOrgId: uuid('vendor_org_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.clientOrgId, t.contractId, t.unitId] }),
    foreignKey({ name: 'contract_units_contract_fk', columns: [t.clientOrgId, t.contractId, t.vendorOrgId], foreignColumns: [contracts.clientOrgId, contracts.id, contracts.vendorOrgId] }).onDelete('cascade'),
    foreignKey({ name: 'contract_units_unit_fk', columns: [t.clientOrgId, t.unitId, t.vendorOrgId], foreignColumns: [deliveryUnits.clientOrgId, deliveryUnits.id, deliveryUnits.vendorOrgId] }),
    ...clientOwnedPolicies('contract_units', t.clientOrgId, t.vendorOrgId),
  ],
).enableRLS();

/**
 * One version of a contract's terms. Immutable (the tenant role may not UPDATE or DELETE it, see the
 * harden migration); a change is a new version. An open end (effective_to null) lasts until the next.
 */
export const contractVersions = pgTable(
  'contract_versions',
  {
    clientOrgId: uuid('client_org_id').notNull(),
    id: id(),
    contractId: uuid('contract_id').notNull(),
    vendorOrgId: uuid('vendor_org_id').notNull(),
    versionNo: integer('version_no').notNull(),
    effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
    effectiveTo: date('effective_to', { mode: 'string' }),
    reason: text('reason').notNull(),
    currency: text('currency').notNull(),
    taxRateBp: integer('tax_rate_bp').notNull(),
    minimumMonthlyCommitment: numeric('minimum_monthly_commitment', { precision: 18, scale: 4 }),
    atRiskBp: integer('at_risk_bp').notNull(),
    poolBp: integer('pool_bp').notNull(),
    earnBackMonths: integer('earn_back_months').notNull().default(0),
    createdBy: uuid('created_by'),
    createdByLabel: text('created_by_label').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.clientOrgId, t.id] }),
    uniqueIndex('contract_versions_no_key').on(t.clientOrgId, t.contractId, t.versionNo),
    uniqueIndex('contract_versions_from_key').on(t.clientOrgId, t.contractId, t.effectiveFrom),
    unique('contract_versions_vendor_key').on(t.clientOrgId, t.id, t.vendorOrgId),
    index('contract_versions_vendor_idx').on(t.vendorOrgId),
    foreignKey({ name: 'contract_versions_contract_fk', columns: [t.clientOrgId, t.contractId, t.vendorOrgId], foreignColumns: [contracts.clientOrgId, contracts.id, contracts.vendorOrgId] }).onDelete('cascade'),
    check('contract_versions_dates', sql`${t.effectiveTo} is null or ${t.effectiveTo} >= ${t.effectiveFrom}`),
    check('contract_versions_percentages', sql`${t.taxRateBp} between 0 and 10000 and ${t.atRiskBp} between 0 and 10000 and ${t.poolBp} >= 0`),
    ...clientOwnedPolicies('contract_versions', t.clientOrgId, t.vendorOrgId),
  ],
).enableRLS();

/** A rate-card line of a version: a pricing model, optionally scoped to a channel or queue, flat or tiered. */
export const rateCardLines = pgTable(
  'rate_card_lines',
  {
    clientOrgId: uuid('client_org_id').notNull(),
    id: id(),
    contractVersionId: uuid('contract_version_id').notNull(),
    vendorOrgId: uuid('vendor_org_id').notNull(),
    position: integer('position').notNull(),
    pricingModel: text('pricing_model', { enum: PRICING_MODELS }).notNull(),
    description: text('description'),
    channel: text('channel', { enum: CHANNELS }).$type<Channel>(),
    queueId: uuid('queue_id'),
    /** Price per unit of the model, in the version's currency; null for tiered lines and at-cost items. */
    rate: numeric('rate', { precision: 18, scale: 4 }),
    /** Volume bands [{ fromQty, toQty|null, rate }], rates as decimal strings (never floats). */
    tiers: jsonb('tiers').notNull().default([]).$type<StoredTier[]>(),
  },
  (t) => [
    primaryKey({ columns: [t.clientOrgId, t.id] }),
    uniqueIndex('rate_card_lines_position_key').on(t.clientOrgId, t.contractVersionId, t.position),
    foreignKey({ name: 'rate_card_lines_version_fk', columns: [t.clientOrgId, t.contractVersionId, t.vendorOrgId], foreignColumns: [contractVersions.clientOrgId, contractVersions.id, contractVersions.vendorOrgId] }).onDelete('cascade'),
    foreignKey({ name: 'rate_card_lines_queue_fk', columns: [t.clientOrgId, t.queueId], foreignColumns: [queues.clientOrgId, queues.id] }),
    ...clientOwnedPolicies('rate_card_lines', t.clientOrgId, t.vendorOrgId),
  ],
).enableRLS();

/** The SLAs (critical, with an allocation of the at-risk amount) and key measurements of a version. */
export const contractSlas = pgTable(
  'contract_slas',
  {
    clientOrgId: uuid('client_org_id').notNull(),
    id: id(),
    contractVersionId: uuid('contract_version_id').notNull(),
    vendorOrgId: uuid('vendor_org_id').notNull(),
    position: integer('position').notNull(),
    ...slaColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.clientOrgId, t.id] }),
    uniqueIndex('contract_slas_position_key').on(t.clientOrgId, t.contractVersionId, t.position),
    foreignKey({ name: 'contract_slas_version_fk', columns: [t.clientOrgId, t.contractVersionId, t.vendorOrgId], foreignColumns: [contractVersions.clientOrgId, contractVersions.id, contractVersions.vendorOrgId] }).onDelete('cascade'),
    ...slaScopeKeys(t, 'contract_slas', { units: deliveryUnits, queues }),
    check('contract_slas_allocation', sql`(${t.isCritical} and ${t.allocationBp} > 0) or (not ${t.isCritical} and ${t.allocationBp} is null)`),
    ...clientOwnedPolicies('contract_slas', t.clientOrgId, t.vendorOrgId),
  ],
).enableRLS();
