import { eq, sql } from 'drizzle-orm';
import type Stripe from 'stripe';
import { z } from 'zod';
import type { Database, Tx } from '#db/client';
import { orgs, orgSubscriptions, SUBSCRIPTION_STATUSES } from '#db/schema/index';
import { effectivePlan, isSubscriptionLive, type PriceIds, type SubscriptionStatus } from '#app/domain/subscriptions/plans';
import { recordAudit } from '../audit.server';
import type { ServiceCtx } from '../context';

/** The part of a Stripe subscription this platform keeps. */
export interface SubscriptionState {
  subscriptionId: string;
  customerId: string;
  status: SubscriptionStatus;
  priceId: string | null;
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd: boolean;
  orgIdHint: string | null;
}

const idOf = (value: string | { id: string } | null | undefined): string | null => (value == null ? null : typeof value === 'string' ? value : value.id);

/** Reads what we keep from a subscription; the period end lives on its items since API 2025-03-31. */
export function stateOfSubscription(subscription: Stripe.Subscription): SubscriptionState {
  const status = z.enum(SUBSCRIPTION_STATUSES).safeParse(subscription.status);
  const items = subscription.items?.data ?? [];
  const periodEnds = items.map((i) => i.current_period_end).filter((n): n is number => typeof n === 'number');
  return {
    subscriptionId: subscription.id,
    customerId: idOf(subscription.customer) ?? '',
    // A status this code does not know grants nothing (treated like an unpaid first invoice).
    status: status.success ? status.data : 'incomplete',
    priceId: items[0]?.price?.id ?? null,
    currentPeriodEnd: periodEnds.length ? new Date(Math.max(...periodEnds) * 1000) : null,
    cancelAtPeriodEnd: Boolean(subscription.cancel_at_period_end),
    orgIdHint: typeof subscription.metadata?.org_id === 'string' ? subscription.metadata.org_id : null,
  };
}

/** The client org a subscription belongs to: the org id we put in its metadata, else its customer's org. */
export async function findOrgOf(tx: Tx, state: Pick<SubscriptionState, 'customerId' | 'orgIdHint'>, extraHint?: string | null): Promise<string | null> {
  for (const hint of [extraHint, state.orgIdHint]) {
    if (!hint || !z.uuid().safeParse(hint).success) continue;
    const [org] = await tx.select({ id: orgs.id, kind: orgs.kind }).from(orgs).where(eq(orgs.id, hint));
    if (org?.kind === 'client') return org.id;
  }
  if (!state.customerId) return null;
  const [row] = await tx.select({ orgId: orgSubscriptions.orgId }).from(orgSubscriptions).where(eq(orgSubscriptions.stripeCustomerId, state.customerId));
  return row?.orgId ?? null;
}

/** The audit log's actor for changes the platform makes on Stripe's word (no user, no key). */
function webhookCtx(db: Database, orgId: string, requestId?: string): ServiceCtx {
  return { db, orgId, orgKind: 'client', role: 'owner', actor: { label: 'stripe:webhook' }, requestId };
}

export type ApplyOutcome = 'applied' | 'unchanged' | 'superseded';

/**
 * Writes the subscription as Stripe has it now onto the org's row (platform transaction) and audits a
 * change. A subscription that is no longer live and is not the org's current one (an old subscription's
 * late event after a new one started) leaves the row alone.
 */
export async function applySubscriptionState(
  tx: Tx,
  db: Database,
  orgId: string,
  state: SubscriptionState,
  context: { prices: PriceIds; eventId: string; eventCreated: Date; requestId?: string },
): Promise<ApplyOutcome> {
  const [before] = await tx.select().from(orgSubscriptions).where(eq(orgSubscriptions.orgId, orgId)).for('update');
  if (before?.stripeSubscriptionId && before.stripeSubscriptionId !== state.subscriptionId && !isSubscriptionLive(state.status)) return 'superseded';
  const plan = effectivePlan(state.status, context.prices, state.priceId);
  const values = {
    stripeCustomerId: state.customerId || before?.stripeCustomerId || null,
    stripeSubscriptionId: state.subscriptionId,
    stripePriceId: state.priceId,
    plan: plan.id,
    status: state.status,
    unitLimit: plan.unitLimit,
    currentPeriodEnd: state.currentPeriodEnd,
    cancelAtPeriodEnd: state.cancelAtPeriodEnd,
  };
  const lastEventAt = before?.lastEventAt && before.lastEventAt > context.eventCreated ? before.lastEventAt : context.eventCreated;
  await tx
    .insert(orgSubscriptions)
    .values({ orgId, ...values, lastEventAt })
    .onConflictDoUpdate({ target: orgSubscriptions.orgId, set: { ...values, lastEventAt, updatedAt: sql`now()` } });
  const changed =
    !before ||
    before.plan !== values.plan ||
    before.status !== values.status ||
    before.unitLimit !== values.unitLimit ||
    before.stripeSubscriptionId !== values.stripeSubscriptionId ||
    before.cancelAtPeriodEnd !== values.cancelAtPeriodEnd ||
    (before.currentPeriodEnd?.getTime() ?? null) !== (values.currentPeriodEnd?.getTime() ?? null);
  if (!changed) return 'unchanged';
  await recordAudit(tx, webhookCtx(db, orgId, context.requestId), {
    action: 'subscription.update',
    objectType: 'org_subscription',
    objectId: orgId,
    details: {
      eventId: context.eventId,
      subscriptionId: state.subscriptionId,
      before: before ? { plan: before.plan, status: before.status, unitLimit: before.unitLimit } : null,
      after: { plan: values.plan, status: values.status, unitLimit: values.unitLimit, currentPeriodEnd: values.currentPeriodEnd?.toISOString() ?? null },
    },
  });
  return 'applied';
}
