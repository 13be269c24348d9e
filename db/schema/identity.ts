import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  pgPolicy,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { ROLES } from '../../app/domain/permissions';
import { createdAt, id, orgPolicy, tenantRole } from './_shared';
import { orgs } from './orgs';

/** People. Global (one person can belong to many orgs); a tenant sees only its own members. */
export const users = pgTable(
  'users',
  {
    id: id().primaryKey(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash'),
    locale: text('locale'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('users_email_key').on(sql`lower(${t.email})`),
    pgPolicy('users_members_of_current_org', {
      for: 'select',
      to: tenantRole,
      using: sql`exists (select 1 from memberships m where m.user_id = ${t.id} and m.org_id = (select app_current_org()))`,
    }),
  ],
).enableRLS();

export const memberships = pgTable(
  'memberships',
  {
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ROLES }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.userId] }),
    index('memberships_user_idx').on(t.userId),
    orgPolicy('memberships', t.orgId),
  ],
).enableRLS();

export const invitations = pgTable(
  'invitations',
  {
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    id: id(),
    email: text('email').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    tokenHash: text('token_hash').notNull(),
    invitedBy: uuid('invited_by').references(() => users.id),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex('invitations_token_key').on(t.orgId, t.tokenHash),
    index('invitations_token_idx').on(t.tokenHash),
    orgPolicy('invitations', t.orgId),
  ],
).enableRLS();

export const apiKeys = pgTable(
  'api_keys',
  {
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    id: id(),
    name: text('name').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    /** The first characters of the key, shown in lists so people can tell keys apart. */
    prefix: text('prefix').notNull(),
    keyHash: text('key_hash').notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex('api_keys_hash_key').on(t.orgId, t.keyHash),
    index('api_keys_prefix_idx').on(t.prefix),
    orgPolicy('api_keys', t.orgId),
  ],
).enableRLS();

// ---- Tables below are platform-internal: no RLS policy and no grant to the tenant role, so a tenant
// ---- transaction cannot read or write them at all. Only the auth services touch them.

export const sessions = pgTable(
  'sessions',
  {
    /** sha256 of the cookie's token: a stolen database does not yield usable cookies. */
    id: text('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    activeOrgId: uuid('active_org_id').references(() => orgs.id, { onDelete: 'set null' }),
    ip: text('ip'),
    userAgent: text('user_agent'),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

export const passwordResetTokens = pgTable('password_reset_tokens', {
  tokenHash: text('token_hash').primaryKey(),
  userId: uuid('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
  createdAt: createdAt(),
});

export const loginAttempts = pgTable(
  'login_attempts',
  {
    id: id().primaryKey(),
    email: text('email').notNull(),
    ip: text('ip').notNull(),
    succeeded: boolean('succeeded').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('login_attempts_email_at_idx').on(t.email, t.at)],
);

/**
 * Password-reset requests that were answered (not those refused as too many), counted per e-mail and per
 * client IP to throttle /forgot-password. Every request is recorded, whether or not the address has an
 * account, so the limits, and the 429 past them, are the same for both and reveal nothing.
 */
export const passwordResetRequests = pgTable(
  'password_reset_requests',
  {
    id: id().primaryKey(),
    /** Trimmed and lower-cased, as typed: it need not belong to an account. */
    email: text('email').notNull(),
    ip: text('ip').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('password_reset_requests_email_at_idx').on(t.email, t.at), index('password_reset_requests_ip_at_idx').on(t.ip, t.at)],
);
