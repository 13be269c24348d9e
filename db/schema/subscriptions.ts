import { sql } from 'drizzle-orm';
import { boolean, integer, pgPolicy, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { tenantRole } from './_shared';
import { orgs } from './orgs';

export const PLAN_IDS = ['free', 'starter', 'growth', 'enterprise'] as const;
export type PlanId = (typeof PLAN_IDS)[number];
/** Stripe's subscription statuses, plus 'none' for an org that never subscribed. */
export const SUBSCRIPTION_STATUSES = ['none', 'incomplete', 'incomplete_expired', 'trialing', 'active', 'past_due', 'canceled', 'unpaid', 'paused'] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

/**
 * The platform's own billing of a client org (issue 7): its Stripe customer and subscription, the plan
 * and the status last read from Stripe. Written by the platform (checkout and the webhook, outside any
 * tenant); an org reads its own row only (the harden migration revokes writes from the tenant role).
 */
export const orgSubscriptions = pgTable(
  'org_subscriptions',
  {
    orgId: uuid('org_id')
      .primaryKey()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    stripeCustomerId: text('stripe_customer_id'),
    stripeSubscriptionId: text('stripe_subscription_id'),
    stripePriceId: text('stripe_price_id'),
    plan: text('plan', { enum: PLAN_IDS }).notNull().default('free'),
    status: text('status', { enum: SUBSCRIPTION_STATUSES }).notNull().default('none'),
    /** Active delivery units the plan allows; null means unlimited. */
    unitLimit: integer('unit_limit'),
    currentPeriodEnd: timestamp('current_period_end', { withTimezone: true }),
    cancelAtPeriodEnd: boolean('cancel_at_period_end').notNull().default(false),
    /** `created` of the newest Stripe event applied, to tell a stale event from a fresh one. */
    lastEventAt: timestamp('last_event_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('org_subscriptions_customer_key').on(t.stripeCustomerId),
    pgPolicy('org_subscriptions_self_read', { for: 'select', to: tenantRole, using: sql`${t.orgId} = (select app_current_org())` }),
  ],
).enableRLS();

/**
 * Stripe events received, one row per event id: a replayed event finds its id and is acknowledged
 * without being applied twice. Platform table: the tenant role has no privilege on it.
 */
export const stripeEvents = pgTable('stripe_events', {
  id: text('id').primaryKey(),
  type: text('type').notNull(),
  stripeCreatedAt: timestamp('stripe_created_at', { withTimezone: true }).notNull(),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  processedAt: timestamp('processed_at', { withTimezone: true }),
  outcome: text('outcome'),
});
