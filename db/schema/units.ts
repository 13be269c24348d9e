import { sql } from 'drizzle-orm';
import { check, date, foreignKey, index, integer, pgTable, primaryKey, text, timestamp, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { CHANNELS, UNIT_KINDS, type Channel } from '../../app/domain/programs/schemas';
import { clientOwnedPolicies, createdAt, id } from './_shared';
import { orgs } from './orgs';
import { programs } from './programs';
import { slaColumns, slaScopeKeys } from './sla-columns';

/**
 * Who delivers (part of) a program: an in-house site of the client (no vendor) or a vendor's site.
 * A vendor unit waits with no vendor org until its invitation is accepted.
 */
export const deliveryUnits = pgTable(
  'delivery_units',
  {
    clientOrgId: uuid('client_org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    id: id(),
    programId: uuid('program_id').notNull(),
    kind: text('kind', { enum: UNIT_KINDS }).notNull(),
    vendorOrgId: uuid('vendor_org_id').references(() => orgs.id),
    name: text('name').notNull(),
    site: text('site'),
    /** Share of the program's volume, in basis points (10000 = 100 %). */
    volumeShareBp: integer('volume_share_bp').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.clientOrgId, t.id] }),
    // Lets children reference (unit, vendor) so a queue or contract can never name another vendor.
    unique('delivery_units_vendor_key').on(t.clientOrgId, t.id, t.vendorOrgId),
    uniqueIndex('delivery_units_name_key').on(t.clientOrgId, t.programId, sql`lower(${t.name})`),
    index('delivery_units_vendor_idx').on(t.vendorOrgId),
    foreignKey({ name: 'delivery_units_program_fk', columns: [t.clientOrgId, t.programId], foreignColumns: [programs.clientOrgId, programs.id] }).onDelete('cascade'),
    check('delivery_units_in_house_has_no_vendor', sql`${t.kind} = 'vendor' or ${t.vendorOrgId} is null`),
    check('delivery_units_volume_share_range', sql`${t.volumeShareBp} between 0 and 10000`),
    ...clientOwnedPolicies('delivery_units', t.clientOrgId, t.vendorOrgId),
  ],
).enableRLS();

/** A queue or segment inside a unit (VIP line, standard line) with its own channel. */
export const queues = pgTable(
  'queues',
  {
    clientOrgId: uuid('client_org_id').notNull(),
    id: id(),
    unitId: uuid('unit_id').notNull(),
    /** The unit's vendor, copied so RLS can show the queue to that vendor without a join. */
    vendorOrgId: uuid('vendor_org_id'),
    name: text('name').notNull(),
    channel: text('channel', { enum: CHANNELS }).notNull().$type<Channel>(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.clientOrgId, t.id] }),
    uniqueIndex('queues_name_key').on(t.clientOrgId, t.unitId, sql`lower(${t.name})`),
    foreignKey({ name: 'queues_unit_fk', columns: [t.clientOrgId, t.unitId], foreignColumns: [deliveryUnits.clientOrgId, deliveryUnits.id] }).onDelete('cascade'),
    foreignKey({ name: 'queues_unit_vendor_fk', columns: [t.clientOrgId, t.unitId, t.vendorOrgId], foreignColumns: [deliveryUnits.clientOrgId, deliveryUnits.id, deliveryUnits.vendorOrgId] }).onUpdate('cascade'),
    ...clientOwnedPolicies('queues', t.clientOrgId, t.vendorOrgId),
  ],
).enableRLS();

/**
 * A client's invitation of a vendor org to deliver a unit. The token is sent by e-mail and stored as its
 * sha256 only. Client-only: the invitee has no tenant yet; acceptance is platform work.
 */
export const vendorUnitInvitations = pgTable(
  'vendor_unit_invitations',
  {
    clientOrgId: uuid('client_org_id').notNull(),
    id: id(),
    unitId: uuid('unit_id').notNull(),
    email: text('email').notNull(),
    vendorName: text('vendor_name'),
    tokenHash: text('token_hash').notNull(),
    invitedBy: uuid('invited_by'),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    acceptedByUserId: uuid('accepted_by_user_id'),
    /** The vendor org the unit was linked to on acceptance (new or existing). */
    acceptedVendorOrgId: uuid('accepted_vendor_org_id').references(() => orgs.id),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.clientOrgId, t.id] }),
    uniqueIndex('vendor_unit_invitations_token_key').on(t.clientOrgId, t.tokenHash),
    index('vendor_unit_invitations_token_idx').on(t.tokenHash),
    foreignKey({ name: 'vendor_unit_invitations_unit_fk', columns: [t.clientOrgId, t.unitId], foreignColumns: [deliveryUnits.clientOrgId, deliveryUnits.id] }).onDelete('cascade'),
    ...clientOwnedPolicies('vendor_unit_invitations', t.clientOrgId),
  ],
).enableRLS();

/**
 * Internal targets of an in-house unit, in the same form as a contract's SLAs but without money. A set
 * of targets applies from its effective date until the next set; rows are never edited.
 */
export const unitTargets = pgTable(
  'unit_targets',
  {
    clientOrgId: uuid('client_org_id').notNull(),
    id: id(),
    unitId: uuid('unit_id').notNull(),
    effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
    position: integer('position').notNull(),
    ...slaColumns(),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.clientOrgId, t.id] }),
    uniqueIndex('unit_targets_position_key').on(t.clientOrgId, t.unitId, t.effectiveFrom, t.position),
    foreignKey({ name: 'unit_targets_unit_fk', columns: [t.clientOrgId, t.unitId], foreignColumns: [deliveryUnits.clientOrgId, deliveryUnits.id] }).onDelete('cascade'),
    ...slaScopeKeys(t, 'unit_targets', { units: deliveryUnits, queues }),
    ...clientOwnedPolicies('unit_targets', t.clientOrgId),
  ],
).enableRLS();
