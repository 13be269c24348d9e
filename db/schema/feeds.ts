import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  numeric,
  pgPolicy,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import { COUNT_COMPONENT_NAMES, MEASURE_COMPONENT_NAMES } from '../../app/domain/kpi/components';
import { clientOwnedPolicies, createdAt, id, tenantRole } from './_shared';
import { deliveryUnits } from './units';

export const FEED_KINDS = ['intervals', 'contacts'] as const;
export type FeedKind = (typeof FEED_KINDS)[number];
export const UPLOAD_STATUSES = ['received', 'rejected', 'accepted', 'failed'] as const;
export type UploadStatus = (typeof UPLOAD_STATUSES)[number];
export const FEED_CADENCES = ['daily', 'weekly', 'monthly'] as const;
export type FeedCadence = (typeof FEED_CADENCES)[number];

/**
 * Feed rows are written by whoever delivers the unit: the client for an in-house unit, the vendor for
 * its own units (issue 4: vendors upload). Each side reads and writes only rows that name it; a vendor
 * never sees in-house rows (their vendor column is null). Integrity of the vendor column is checked once
 * per upload by feed_uploads' composite foreign key; the fact tables copy it from the upload.
 */
function deliveredByPolicies(table: string, clientColumn: AnyPgColumn, vendorColumn: AnyPgColumn) {
  return [
    ...clientOwnedPolicies(table, clientColumn),
    pgPolicy(`${table}_vendor_all`, {
      as: 'permissive',
      for: 'all',
      to: tenantRole,
      using: sql`${vendorColumn} = (select app_current_org())`,
      withCheck: sql`${vendorColumn} = (select app_current_org())`,
    }),
  ];
}

export const countColumns = <M extends 'integer' | 'bigint'>(mode: M) =>
  Object.fromEntries(
    COUNT_COMPONENT_NAMES.map((name) => [name, mode === 'integer' ? integer(name) : bigint(name, { mode: 'number' })]),
  ) as Record<(typeof COUNT_COMPONENT_NAMES)[number], M extends 'integer' ? ReturnType<typeof integer> : ReturnType<typeof bigint>>;
/** Seconds (and qa_points) to the millisecond, as the mapping layer rounds them: numeric, never float. */
export const measureColumns = (precision: number) =>
  Object.fromEntries(MEASURE_COMPONENT_NAMES.map((name) => [name, numeric(name, { precision, scale: 3 })])) as Record<
    (typeof MEASURE_COMPONENT_NAMES)[number],
    ReturnType<typeof numeric>
  >;

/** How a unit reports: cadence and deadline of its feed, which kind is authoritative, the cross-check tolerance. */
export const unitFeedSettings = pgTable(
  'unit_feed_settings',
  {
    clientOrgId: uuid('client_org_id').notNull(),
    unitId: uuid('unit_id').notNull(),
    /** The unit's vendor, copied so it can read the settings without a join. */
    vendorOrgId: uuid('vendor_org_id'),
    cadence: text('cadence', { enum: FEED_CADENCES }).notNull().default('daily'),
    /** Local time in the program's zone by which the feed of a period is due, `deadlineDays` after it ends. */
    deadlineTime: text('deadline_time').notNull().default('10:00'),
    deadlineDays: smallint('deadline_days').notNull().default(1),
    authoritativeSource: text('authoritative_source', { enum: FEED_KINDS }).notNull().default('intervals'),
    toleranceCount: integer('tolerance_count').notNull().default(0),
    toleranceSeconds: numeric('tolerance_seconds', { precision: 12, scale: 3 }).notNull().default('1'),
    /** Share of the larger value, in basis points (200 = 2 %). */
    toleranceRelativeBp: integer('tolerance_relative_bp').notNull().default(0),
    /** A custom column mapping for a layout no template knows (validated by customMappingSchema). */
    customMapping: jsonb('custom_mapping').$type<Record<string, unknown>>(),
    updatedBy: uuid('updated_by'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.clientOrgId, t.unitId] }),
    foreignKey({ name: 'unit_feed_settings_unit_fk', columns: [t.clientOrgId, t.unitId], foreignColumns: [deliveryUnits.clientOrgId, deliveryUnits.id] }).onDelete('cascade'),
    ...clientOwnedPolicies('unit_feed_settings', t.clientOrgId, t.vendorOrgId),
  ],
).enableRLS();

/** One file as sent (its bytes live in the blob store under `storage_key`), and what became of it. */
export const feedUploads = pgTable(
  'feed_uploads',
  {
    clientOrgId: uuid('client_org_id').notNull(),
    id: id(),
    unitId: uuid('unit_id').notNull(),
    /** Null for an in-house unit. */
    vendorOrgId: uuid('vendor_org_id'),
    kind: text('kind', { enum: FEED_KINDS }).notNull(),
    templateId: text('template_id'),
    /** The custom mapping or template options used, so the file can be read again the same way. */
    mapping: jsonb('mapping').$type<Record<string, unknown>>(),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    byteSize: bigint('byte_size', { mode: 'number' }).notNull().default(0),
    sha256: text('sha256'),
    storageKey: text('storage_key'),
    uploadedByUserId: uuid('uploaded_by_user_id'),
    uploadedByApiKeyId: uuid('uploaded_by_api_key_id'),
    uploadedByLabel: text('uploaded_by_label').notNull(),
    uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    status: text('status', { enum: UPLOAD_STATUSES }).notNull().default('received'),
    rowsTotal: integer('rows_total').notNull().default(0),
    rowsAccepted: integer('rows_accepted').notNull().default(0),
    periodStart: timestamp('period_start', { withTimezone: true }),
    periodEnd: timestamp('period_end', { withTimezone: true }),
    /** 1 for a first report of its period; previous + 1 for a file that superseded rows. */
    revision: integer('revision'),
    idempotencyKey: text('idempotency_key'),
    errorCount: integer('error_count').notNull().default(0),
    warningCount: integer('warning_count').notNull().default(0),
    thresholdS: integer('threshold_s'),
    expectedThresholdS: integer('expected_threshold_s'),
    isThresholdMismatch: boolean('is_threshold_mismatch').notNull().default(false),
    /** History: which uploads' rows this one replaced, how many, and the totals before and after. */
    supersededUploadIds: uuid('superseded_upload_ids').array().notNull().default(sql`'{}'::uuid[]`),
    supersededRows: integer('superseded_rows').notNull().default(0),
    totalsBefore: jsonb('totals_before').$type<Record<string, number>>(),
    totalsAfter: jsonb('totals_after').$type<Record<string, number>>(),
    /** The latest upload that replaced rows of this one. */
    supersededByUploadId: uuid('superseded_by_upload_id'),
    crossCheck: jsonb('cross_check').$type<Record<string, unknown>>(),
    failureMessage: text('failure_message'),
  },
  (t) => [
    primaryKey({ columns: [t.clientOrgId, t.id] }),
    uniqueIndex('feed_uploads_idempotency_key').on(t.clientOrgId, t.unitId, t.idempotencyKey).where(sql`${t.idempotencyKey} is not null`),
    // The same bytes are accepted once per unit; a second copy is recognised, not a new revision.
    uniqueIndex('feed_uploads_accepted_checksum_key').on(t.clientOrgId, t.unitId, t.sha256).where(sql`${t.status} = 'accepted'`),
    index('feed_uploads_unit_idx').on(t.clientOrgId, t.unitId, t.uploadedAt),
    index('feed_uploads_vendor_idx').on(t.vendorOrgId, t.uploadedAt),
    foreignKey({ name: 'feed_uploads_unit_fk', columns: [t.clientOrgId, t.unitId], foreignColumns: [deliveryUnits.clientOrgId, deliveryUnits.id] }).onDelete('cascade'),
    foreignKey({ name: 'feed_uploads_unit_vendor_fk', columns: [t.clientOrgId, t.unitId, t.vendorOrgId], foreignColumns: [deliveryUnits.clientOrgId, deliveryUnits.id, deliveryUnits.vendorOrgId] }),
    ...deliveredByPolicies('feed_uploads', t.clientOrgId, t.vendorOrgId),
  ],
).enableRLS();

/** Problems found in an upload, at their line and column (capped by the reader's issue limit). */
export const feedUploadIssues = pgTable(
  'feed_upload_issues',
  {
    clientOrgId: uuid('client_org_id').notNull(),
    uploadId: uuid('upload_id').notNull(),
    seq: integer('seq').notNull(),
    vendorOrgId: uuid('vendor_org_id'),
    line: integer('line'),
    column: text('column'),
    value: text('value'),
    code: text('code').notNull(),
    message: text('message').notNull(),
    severity: text('severity', { enum: ['error', 'warning'] }).notNull().default('error'),
  },
  (t) => [
    primaryKey({ columns: [t.clientOrgId, t.uploadId, t.seq] }),
    foreignKey({ name: 'feed_upload_issues_upload_fk', columns: [t.clientOrgId, t.uploadId], foreignColumns: [feedUploads.clientOrgId, feedUploads.id] }).onDelete('cascade'),
    ...deliveredByPolicies('feed_upload_issues', t.clientOrgId, t.vendorOrgId),
  ],
).enableRLS();

/**
 * Interval components as reported (source 'intervals') or rebuilt from contact records ('contacts').
 * Rows are never deleted: a later revision sets `superseded_by_upload_id` on the rows it replaces, so
 * the current figures are the rows where it is null (one per key and source, enforced below) and the
 * history stays in place. No foreign key to feed_uploads on purpose: a million-row merge would pay one
 * lookup per row; only the merge writes here and it takes the upload's own ids.
 */
export const intervalFacts = pgTable(
  'interval_facts',
  {
    clientOrgId: uuid('client_org_id').notNull(),
    unitId: uuid('unit_id').notNull(),
    vendorOrgId: uuid('vendor_org_id'),
    uploadId: uuid('upload_id').notNull(),
    source: text('source', { enum: FEED_KINDS }).notNull(),
    queueId: uuid('queue_id').notNull(),
    channel: text('channel').notNull(),
    intervalStart: timestamp('interval_start', { withTimezone: true }).notNull(),
    intervalMinutes: smallint('interval_minutes').notNull(),
    thresholdS: smallint('threshold_s'),
    line: integer('line'),
    ...countColumns('integer'),
    ...measureColumns(14),
    supersededByUploadId: uuid('superseded_by_upload_id'),
  },
  (t) => [
    primaryKey({ columns: [t.clientOrgId, t.uploadId, t.queueId, t.channel, t.intervalStart] }),
    uniqueIndex('interval_facts_current_key')
      .on(t.clientOrgId, t.unitId, t.queueId, t.channel, t.intervalStart, t.source)
      .where(sql`${t.supersededByUploadId} is null`),
    index('interval_facts_vendor_idx').on(t.vendorOrgId),
    ...deliveredByPolicies('interval_facts', t.clientOrgId, t.vendorOrgId),
  ],
).enableRLS();

/** One row per contact of a contacts upload; superseded like interval facts. */
export const contactRecords = pgTable(
  'contact_records',
  {
    clientOrgId: uuid('client_org_id').notNull(),
    unitId: uuid('unit_id').notNull(),
    vendorOrgId: uuid('vendor_org_id'),
    uploadId: uuid('upload_id').notNull(),
    contactId: text('contact_id').notNull(),
    queueId: uuid('queue_id').notNull(),
    channel: text('channel').notNull(),
    queuedAt: timestamp('queued_at', { withTimezone: true }).notNull(),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    abandonedAt: timestamp('abandoned_at', { withTimezone: true }),
    talkS: numeric('talk_s', { precision: 12, scale: 3 }).notNull(),
    holdS: numeric('hold_s', { precision: 12, scale: 3 }).notNull(),
    wrapS: numeric('wrap_s', { precision: 12, scale: 3 }).notNull(),
    transferred: boolean('transferred').notNull(),
    fcrResolved: boolean('fcr_resolved'),
    csatScore: smallint('csat_score'),
    npsScore: smallint('nps_score'),
    line: integer('line'),
    supersededByUploadId: uuid('superseded_by_upload_id'),
  },
  (t) => [
    primaryKey({ columns: [t.clientOrgId, t.uploadId, t.contactId] }),
    index('contact_records_unit_idx').on(t.clientOrgId, t.unitId, t.queueId, t.queuedAt),
    index('contact_records_vendor_idx').on(t.vendorOrgId),
    ...deliveredByPolicies('contact_records', t.clientOrgId, t.vendorOrgId),
  ],
).enableRLS();

/** Differences between the vendor's interval figures and those rebuilt from its contact records. */
export const feedCrossCheckDifferences = pgTable(
  'feed_cross_check_differences',
  {
    clientOrgId: uuid('client_org_id').notNull(),
    uploadId: uuid('upload_id').notNull(),
    seq: integer('seq').notNull(),
    unitId: uuid('unit_id').notNull(),
    vendorOrgId: uuid('vendor_org_id'),
    queueId: uuid('queue_id').notNull(),
    channel: text('channel').notNull(),
    intervalStart: timestamp('interval_start', { withTimezone: true }).notNull(),
    component: text('component').notNull(),
    rebuilt: numeric('rebuilt', { precision: 18, scale: 3 }).notNull(),
    reported: numeric('reported', { precision: 18, scale: 3 }).notNull(),
    difference: numeric('difference', { precision: 18, scale: 3 }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.clientOrgId, t.uploadId, t.seq] }),
    foreignKey({ name: 'feed_cross_check_upload_fk', columns: [t.clientOrgId, t.uploadId], foreignColumns: [feedUploads.clientOrgId, feedUploads.id] }).onDelete('cascade'),
    ...deliveredByPolicies('feed_cross_check_differences', t.clientOrgId, t.vendorOrgId),
  ],
).enableRLS();

/**
 * Current components summed per local day (program time zone) for the dashboards; refreshed inside the
 * merge transaction for the days an upload touched. Where both sources exist for a day, the unit's
 * authoritative source is summed.
 */
export const intervalDailyRollups = pgTable(
  'interval_daily_rollups',
  {
    clientOrgId: uuid('client_org_id').notNull(),
    unitId: uuid('unit_id').notNull(),
    vendorOrgId: uuid('vendor_org_id'),
    queueId: uuid('queue_id').notNull(),
    channel: text('channel').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    source: text('source', { enum: FEED_KINDS }).notNull(),
    intervalCount: integer('interval_count').notNull(),
    /** The day's threshold T when all its rows state the same one; null when none or mixed. */
    thresholdS: smallint('threshold_s'),
    isThresholdMixed: boolean('is_threshold_mixed').notNull().default(false),
    ...countColumns('bigint'),
    ...measureColumns(18),
    refreshedAt: timestamp('refreshed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.clientOrgId, t.unitId, t.queueId, t.channel, t.day] }),
    index('interval_daily_rollups_vendor_idx').on(t.vendorOrgId),
    ...deliveredByPolicies('interval_daily_rollups', t.clientOrgId, t.vendorOrgId),
  ],
).enableRLS();

/**
 * In-app notifications (late and missing feeds, …) for one org, the recipient `org_id`: the client or
 * the vendor of the unit. Each org reads and marks only its own; the platform job creates them.
 */
export const notifications = pgTable(
  'notifications',
  {
    clientOrgId: uuid('client_org_id').notNull(),
    id: id(),
    orgId: uuid('org_id').notNull(),
    unitId: uuid('unit_id'),
    kind: text('kind').notNull(),
    messageKey: text('message_key').notNull(),
    params: jsonb('params').notNull().default({}).$type<Record<string, string | number | null>>(),
    link: text('link'),
    /** Makes a repeated job run a no-op: e.g. late_feed:<unit>:<period start>. */
    dedupeKey: text('dedupe_key').notNull(),
    createdAt: createdAt(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.clientOrgId, t.id] }),
    uniqueIndex('notifications_dedupe_key').on(t.clientOrgId, t.orgId, t.dedupeKey),
    index('notifications_org_idx').on(t.orgId, t.createdAt),
    pgPolicy('notifications_recipient', {
      as: 'permissive',
      for: 'all',
      to: tenantRole,
      using: sql`${t.orgId} = (select app_current_org())`,
      withCheck: sql`${t.orgId} = (select app_current_org())`,
    }),
  ],
).enableRLS();
