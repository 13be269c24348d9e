import { sql } from 'drizzle-orm';
import { boolean, foreignKey, index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, orgPolicy } from './_shared';
import { orgs } from './orgs';

export const WEBHOOK_EVENTS = ['sla.at_risk', 'sla.breach', 'dispute.raised', 'dispute.decided'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'delivered', 'failed', 'gave_up'] as const;

/**
 * An org's webhook: alerts are POSTed to `url`, signed with HMAC-SHA256 under its secret. The secret must
 * sign every delivery, so it is kept reversibly, never in plain text: `secret` holds it sealed with
 * AES-256-GCM under the data key (`v1:<iv>:<tag>:<ciphertext>`, app/lib/secret-box.server.ts), bound to
 * `webhook_endpoints:<org_id>:<id>` so it opens on this row only. Shown to its org once, at creation.
 */
export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    id: id(),
    url: text('url').notNull(),
    secret: text('secret').notNull(),
    /** The events sent; empty means all. */
    events: text('events').array().notNull().default(sql`'{}'::text[]`),
    isActive: boolean('is_active').notNull().default(true),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] }), orgPolicy('webhook_endpoints', t.orgId)],
).enableRLS();

/**
 * One event to one endpoint and the log of its delivery: written and delivered by the platform worker
 * (deliverWebhooks), read by the org. `body` is the exact JSON that is signed and sent.
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    orgId: uuid('org_id').notNull(),
    id: id(),
    endpointId: uuid('endpoint_id').notNull(),
    event: text('event').notNull(),
    body: text('body').notNull(),
    status: text('status', { enum: WEBHOOK_DELIVERY_STATUSES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lastAttemptAt: timestamp('last_attempt_at', { withTimezone: true }),
    responseCode: integer('response_code'),
    lastError: text('last_error'),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('webhook_deliveries_due_idx').on(t.nextAttemptAt).where(sql`${t.status} in ('pending', 'failed')`),
    foreignKey({ name: 'webhook_deliveries_endpoint_fk', columns: [t.orgId, t.endpointId], foreignColumns: [webhookEndpoints.orgId, webhookEndpoints.id] }).onDelete('cascade'),
    orgPolicy('webhook_deliveries', t.orgId),
  ],
).enableRLS();
