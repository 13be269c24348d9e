import { index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { id, orgPolicy } from './_shared';
import { orgs } from './orgs';

/** Append-only record of who did what to which object. The tenant role may insert and read, never edit. */
export const auditEvents = pgTable(
  'audit_events',
  {
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    id: id(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorUserId: uuid('actor_user_id'),
    actorApiKeyId: uuid('actor_api_key_id'),
    actorLabel: text('actor_label').notNull(),
    action: text('action').notNull(),
    objectType: text('object_type').notNull(),
    objectId: text('object_id'),
    ip: text('ip'),
    requestId: text('request_id'),
    details: jsonb('details').$type<Record<string, unknown>>(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('audit_events_org_at_idx').on(t.orgId, t.at),
    orgPolicy('audit_events', t.orgId),
  ],
).enableRLS();

/**
 * Outgoing e-mail. Written in the same transaction as the change that causes it, sent afterwards by the
 * mailer (SMTP when configured). Mail caused by an org (invitations, alerts) carries its org id and is
 * visible to that org; platform mail (password resets) has none and no tenant sees it.
 * Exempt from the "tenant column in the primary key" rule: see TENANT_KEY_EXEMPTIONS.
 */
export const outboxEmails = pgTable(
  'outbox_emails',
  {
    id: id().primaryKey(),
    orgId: uuid('org_id').references(() => orgs.id, { onDelete: 'set null' }),
    toAddress: text('to_address').notNull(),
    subject: text('subject').notNull(),
    bodyText: text('body_text').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    lastError: text('last_error'),
  },
  (t) => [index('outbox_emails_org_idx').on(t.orgId, t.createdAt), orgPolicy('outbox_emails', t.orgId)],
).enableRLS();
