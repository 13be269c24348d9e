import { sql } from 'drizzle-orm';
import { bigint, boolean, doublePrecision, foreignKey, index, integer, jsonb, numeric, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { KPI_IDS, type KpiId } from '../../app/domain/kpi/catalog';
import { clientOwnedPolicies, createdAt, id } from './_shared';
import { contracts } from './contracts';

export const SLA_RESULT_GRAINS = ['month', 'week', 'day'] as const;
export const SLA_RESULT_STATUSES = ['met', 'missed', 'not_measured', 'missing_data'] as const;
export const SLA_OUTCOMES = ['met', 'missed', 'not_measured'] as const;
export const EARN_BACK_FATES = ['pending', 'earned_back', 'forfeited'] as const;

/**
 * One SLA of a contract over one period: the month (every SLA has a month row, which credits and
 * earn-back read) and, for a day or week SLA, each of its days or weeks in the month. Client-owned and
 * derived: written only by the evaluation (services/sla), read by the vendor named on the row.
 * `sla_key` (kpi|period|scope) identifies "the same SLA" across contract versions (earn-back needs it).
 * A closed month's rows are frozen (is_frozen, month_close_id): evaluation leaves them alone.
 */
export const slaResults = pgTable(
  'sla_results',
  {
    clientOrgId: uuid('client_org_id').notNull(),
    id: id(),
    contractId: uuid('contract_id').notNull(),
    vendorOrgId: uuid('vendor_org_id').notNull(),
    contractVersionId: uuid('contract_version_id').notNull(),
    contractSlaId: uuid('contract_sla_id').notNull(),
    slaKey: text('sla_key').notNull(),
    /** The calendar month ("YYYY-MM") the row belongs to; a week belongs to the month of its Thursday. */
    month: text('month').notNull(),
    grain: text('grain', { enum: SLA_RESULT_GRAINS }).notNull(),
    /** "2026-03", "2026-W10" or "2026-03-02" in the program's time zone. */
    periodKey: text('period_key').notNull(),
    periodStart: timestamp('period_start', { withTimezone: true }).notNull(),
    periodEnd: timestamp('period_end', { withTimezone: true }).notNull(),
    /** The SLA's scope; a null unit means every unit of the contract together. */
    unitId: uuid('unit_id'),
    queueId: uuid('queue_id'),
    channel: text('channel'),
    kpi: text('kpi', { enum: KPI_IDS }).notNull().$type<KpiId>(),
    comparator: text('comparator', { enum: ['gte', 'lte'] }).notNull(),
    target: numeric('target', { precision: 18, scale: 6, mode: 'number' }).notNull(),
    /** Unrounded Σnumerator / Σdenominator; null for no value. */
    value: doublePrecision('value'),
    numerator: doublePrecision('numerator').notNull().default(0),
    denominator: doublePrecision('denominator').notNull().default(0),
    volume: doublePrecision('volume').notNull().default(0),
    minimumVolume: integer('minimum_volume').notNull().default(0),
    status: text('status', { enum: SLA_RESULT_STATUSES }).notNull(),
    outcome: text('outcome', { enum: SLA_OUTCOMES }).notNull(),
    reason: text('reason').notNull(),
    warnings: text('warnings').array().notNull().default(sql`'{}'::text[]`),
    expectedIntervals: integer('expected_intervals').notNull().default(0),
    receivedIntervals: integer('received_intervals').notNull().default(0),
    excludedRows: integer('excluded_rows').notNull().default(0),
    computedAt: timestamp('computed_at', { withTimezone: true }).notNull().defaultNow(),
    isFrozen: boolean('is_frozen').notNull().default(false),
    monthCloseId: uuid('month_close_id'),
  },
  (t) => [
    primaryKey({ columns: [t.clientOrgId, t.id] }),
    uniqueIndex('sla_results_period_key').on(t.clientOrgId, t.contractId, t.contractSlaId, t.grain, t.periodKey),
    index('sla_results_month_idx').on(t.clientOrgId, t.contractId, t.month),
    index('sla_results_vendor_idx').on(t.vendorOrgId, t.month),
    foreignKey({ name: 'sla_results_contract_fk', columns: [t.clientOrgId, t.contractId, t.vendorOrgId], foreignColumns: [contracts.clientOrgId, contracts.id, contracts.vendorOrgId] }).onDelete('cascade'),
    ...clientOwnedPolicies('sla_results', t.clientOrgId, t.vendorOrgId),
  ],
).enableRLS();

/** What a close froze: the facts' uploads (with revision) and the contract terms the results came from. */
export interface MonthCloseInputs {
  uploads: { uploadId: string; unitId: string; revision: number | null }[];
  contractVersionIds: string[];
  contractSlaIds: string[];
  resultCount: number;
  creditTotalMinor: string | null;
}

/**
 * A month closed for one contract (client program manager or finance). A reopen keeps the row (who,
 * when, why) and a later close adds a new one; at most one close per contract and month is in force.
 */
export const monthCloses = pgTable(
  'month_closes',
  {
    clientOrgId: uuid('client_org_id').notNull(),
    id: id(),
    contractId: uuid('contract_id').notNull(),
    vendorOrgId: uuid('vendor_org_id').notNull(),
    month: text('month').notNull(),
    closedBy: uuid('closed_by'),
    closedByLabel: text('closed_by_label').notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true }).notNull().defaultNow(),
    inputs: jsonb('inputs').notNull().$type<MonthCloseInputs>(),
    reopenedBy: uuid('reopened_by'),
    reopenedByLabel: text('reopened_by_label'),
    reopenedAt: timestamp('reopened_at', { withTimezone: true }),
    reopenReason: text('reopen_reason'),
  },
  (t) => [
    primaryKey({ columns: [t.clientOrgId, t.id] }),
    uniqueIndex('month_closes_in_force_key').on(t.clientOrgId, t.contractId, t.month).where(sql`${t.reopenedAt} is null`),
    index('month_closes_vendor_idx').on(t.vendorOrgId),
    foreignKey({ name: 'month_closes_contract_fk', columns: [t.clientOrgId, t.contractId, t.vendorOrgId], foreignColumns: [contracts.clientOrgId, contracts.id, contracts.vendorOrgId] }).onDelete('cascade'),
    ...clientOwnedPolicies('month_closes', t.clientOrgId, t.vendorOrgId),
  ],
).enableRLS();

/** One SLA's credit line of a month; money as decimal strings of minor units (JSON has no bigint). */
export interface StoredCreditLine {
  slaId: string;
  slaKey: string;
  kpi: string;
  isCritical: boolean;
  allocationBp: number | null;
  outcome: string;
  uncappedMinor: string;
  capReductionMinor: string;
  amountMinor: string;
}

/** How the invoice basis was derived, line by line (until billing exists: rate card × measured volume). */
export interface InvoiceBasisDetails {
  source: 'rate_card';
  lines: { position: number; pricingModel: string; quantity: number; amountMinor: string; note?: string }[];
  minimumCommitmentMinor: string | null;
}

/** A contract month's service credits: the at-risk amount, each SLA's line (cap included) and the total. */
export const serviceCredits = pgTable(
  'service_credits',
  {
    clientOrgId: uuid('client_org_id').notNull(),
    contractId: uuid('contract_id').notNull(),
    month: text('month').notNull(),
    vendorOrgId: uuid('vendor_org_id').notNull(),
    contractVersionId: uuid('contract_version_id').notNull(),
    currency: text('currency').notNull(),
    minorDigits: integer('minor_digits').notNull(),
    invoiceBasisMinor: bigint('invoice_basis_minor', { mode: 'bigint' }).notNull(),
    basisDetails: jsonb('basis_details').notNull().$type<InvoiceBasisDetails>(),
    atRiskBp: integer('at_risk_bp').notNull(),
    poolBp: integer('pool_bp').notNull(),
    atRiskMinor: bigint('at_risk_minor', { mode: 'bigint' }).notNull(),
    uncappedTotalMinor: bigint('uncapped_total_minor', { mode: 'bigint' }).notNull(),
    capReductionMinor: bigint('cap_reduction_minor', { mode: 'bigint' }).notNull(),
    totalMinor: bigint('total_minor', { mode: 'bigint' }).notNull(),
    isCapped: boolean('is_capped').notNull(),
    lines: jsonb('lines').notNull().$type<StoredCreditLine[]>(),
    computedAt: timestamp('computed_at', { withTimezone: true }).notNull().defaultNow(),
    isFrozen: boolean('is_frozen').notNull().default(false),
    monthCloseId: uuid('month_close_id'),
  },
  (t) => [
    primaryKey({ columns: [t.clientOrgId, t.contractId, t.month] }),
    index('service_credits_vendor_idx').on(t.vendorOrgId),
    foreignKey({ name: 'service_credits_contract_fk', columns: [t.clientOrgId, t.contractId, t.vendorOrgId], foreignColumns: [contracts.clientOrgId, contracts.id, contracts.vendorOrgId] }).onDelete('cascade'),
    ...clientOwnedPolicies('service_credits', t.clientOrgId, t.vendorOrgId),
  ],
).enableRLS();

/** The earn-back ledger of a contract, rebuilt from its credits and monthly outcomes on every evaluation. */
export const earnBackEntries = pgTable(
  'earn_back_entries',
  {
    clientOrgId: uuid('client_org_id').notNull(),
    contractId: uuid('contract_id').notNull(),
    slaKey: text('sla_key').notNull(),
    creditMonth: text('credit_month').notNull(),
    vendorOrgId: uuid('vendor_org_id').notNull(),
    contractSlaId: uuid('contract_sla_id').notNull(),
    kpi: text('kpi', { enum: KPI_IDS }).notNull().$type<KpiId>(),
    amountMinor: bigint('amount_minor', { mode: 'bigint' }).notNull(),
    earnBackMonths: integer('earn_back_months').notNull(),
    windowMonths: jsonb('window_months').notNull().$type<{ month: string; outcome: string }[]>(),
    metMonths: integer('met_months').notNull(),
    fate: text('fate', { enum: EARN_BACK_FATES }).notNull(),
    decidedMonth: text('decided_month'),
    returnedMinor: bigint('returned_minor', { mode: 'bigint' }).notNull(),
    computedAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.clientOrgId, t.contractId, t.slaKey, t.creditMonth] }),
    index('earn_back_entries_vendor_idx').on(t.vendorOrgId),
    foreignKey({ name: 'earn_back_entries_contract_fk', columns: [t.clientOrgId, t.contractId, t.vendorOrgId], foreignColumns: [contracts.clientOrgId, contracts.id, contracts.vendorOrgId] }).onDelete('cascade'),
    ...clientOwnedPolicies('earn_back_entries', t.clientOrgId, t.vendorOrgId),
  ],
).enableRLS();
