import { sql } from 'drizzle-orm';
import { foreignKey, index, jsonb, pgPolicy, pgTable, primaryKey, text, timestamp, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { clientOwnedPolicies, createdAt, id, tenantRole } from './_shared';
import { contracts } from './contracts';
import { deliveryUnits } from './units';

export const DISPUTE_STATUSES = ['open', 'approved', 'rejected'] as const;
export type DisputeStatus = (typeof DISPUTE_STATUSES)[number];
export const DISPUTE_EVENT_KINDS = ['raised', 'approved', 'rejected'] as const;

export interface DisputeAttachment {
  key: string;
  fileName: string;
  contentType: string;
  byteSize: number;
  sha256: string;
}

/**
 * The client reads and writes its disputes; the vendor named on a row reads it and may raise (insert)
 * one for itself, never edit or delete: the decision is the client's.
 */
function raisedByVendorPolicies(table: string, clientColumn: AnyPgColumn, vendorColumn: AnyPgColumn) {
  return [
    ...clientOwnedPolicies(table, clientColumn, vendorColumn),
    pgPolicy(`${table}_vendor_insert`, { as: 'permissive', for: 'insert', to: tenantRole, withCheck: sql`${vendorColumn} = (select app_current_org())` }),
  ];
}

/**
 * A vendor's dispute of an SLA result or of a span of intervals of one of its units (optionally one
 * queue or channel), e.g. the client's IVR outage. Approved, the span [span_start, span_end) is left out
 * of SLA evaluation (app/domain/sla/exclusions.ts). Attachments are blob-store keys.
 */
export const disputes = pgTable(
  'disputes',
  {
    clientOrgId: uuid('client_org_id').notNull(),
    id: id(),
    vendorOrgId: uuid('vendor_org_id').notNull(),
    contractId: uuid('contract_id').notNull(),
    unitId: uuid('unit_id').notNull(),
    queueId: uuid('queue_id'),
    channel: text('channel'),
    slaResultId: uuid('sla_result_id'),
    spanStart: timestamp('span_start', { withTimezone: true }).notNull(),
    spanEnd: timestamp('span_end', { withTimezone: true }).notNull(),
    reason: text('reason').notNull(),
    attachments: jsonb('attachments').notNull().default([]).$type<DisputeAttachment[]>(),
    status: text('status', { enum: DISPUTE_STATUSES }).notNull().default('open'),
    raisedBy: uuid('raised_by'),
    raisedByLabel: text('raised_by_label').notNull(),
    raisedAt: createdAt(),
    decidedBy: uuid('decided_by'),
    decidedByLabel: text('decided_by_label'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionComment: text('decision_comment'),
  },
  (t) => [
    primaryKey({ columns: [t.clientOrgId, t.id] }),
    index('disputes_contract_idx').on(t.clientOrgId, t.contractId, t.status),
    index('disputes_vendor_idx').on(t.vendorOrgId),
    foreignKey({ name: 'disputes_contract_fk', columns: [t.clientOrgId, t.contractId, t.vendorOrgId], foreignColumns: [contracts.clientOrgId, contracts.id, contracts.vendorOrgId] }),
    foreignKey({ name: 'disputes_unit_fk', columns: [t.clientOrgId, t.unitId, t.vendorOrgId], foreignColumns: [deliveryUnits.clientOrgId, deliveryUnits.id, deliveryUnits.vendorOrgId] }),
    ...raisedByVendorPolicies('disputes', t.clientOrgId, t.vendorOrgId),
  ],
).enableRLS();

/** The dispute's trail, visible to both sides; append-only (see the harden migration). */
export const disputeEvents = pgTable(
  'dispute_events',
  {
    clientOrgId: uuid('client_org_id').notNull(),
    id: id(),
    disputeId: uuid('dispute_id').notNull(),
    vendorOrgId: uuid('vendor_org_id').notNull(),
    kind: text('kind', { enum: DISPUTE_EVENT_KINDS }).notNull(),
    actorOrgId: uuid('actor_org_id').notNull(),
    actorLabel: text('actor_label').notNull(),
    comment: text('comment'),
    at: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.clientOrgId, t.id] }),
    index('dispute_events_dispute_idx').on(t.clientOrgId, t.disputeId, t.at),
    index('dispute_events_vendor_idx').on(t.vendorOrgId),
    foreignKey({ name: 'dispute_events_dispute_fk', columns: [t.clientOrgId, t.disputeId], foreignColumns: [disputes.clientOrgId, disputes.id] }),
    ...raisedByVendorPolicies('dispute_events', t.clientOrgId, t.vendorOrgId),
  ],
).enableRLS();
