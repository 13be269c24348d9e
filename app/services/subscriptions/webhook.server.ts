import { eq, sql } from 'drizzle-orm';
import type Stripe from 'stripe';
import type { Database } from '#db/client';
import { stripeEvents } from '#db/schema/index';
import { unsafeWithoutTenant } from '#db/tenant';
import { logger } from '#app/lib/logger.server';
import { applySubscriptionState, findOrgOf, stateOfSubscription, type SubscriptionState } from './apply.server';
import { billingConfig, type BillingConfig } from './stripe.server';

/** The only event types acted on; any other is acknowledged and recorded as ignored. */
export const HANDLED_EVENT_TYPES = [
  'checkout.session.completed',
  'customer.subscription.created',
  'customer.subscription.updated',
  'customer.subscription.deleted',
  'invoice.payment_failed',
  'invoice.paid',
] as const;
type HandledType = (typeof HANDLED_EVENT_TYPES)[number];
const isHandled = (type: string): type is HandledType => (HANDLED_EVENT_TYPES as readonly string[]).includes(type);

export type WebhookOutcome = 'applied' | 'unchanged' | 'superseded' | 'ignored' | 'duplicate' | 'unmatched' | 'no-subscription';

export interface WebhookResult {
  status: number;
  body: { received: boolean; outcome?: WebhookOutcome; error?: string };
}

const idOf = (value: string | { id: string } | null | undefined): string | null => (value == null ? null : typeof value === 'string' ? value : value.id);

interface Target {
  subscriptionId: string | null;
  orgIdHint: string | null;
  customerId: string | null;
}

/** Which subscription an event is about. Its state is then re-read from Stripe, never taken from the payload. */
function targetOf(event: Stripe.Event & { type: HandledType }): Target {
  switch (event.type) {
    case 'checkout.session.completed': {
      const session = event.data.object;
      if (session.mode !== 'subscription') return { subscriptionId: null, orgIdHint: null, customerId: null };
      return { subscriptionId: idOf(session.subscription), orgIdHint: session.client_reference_id ?? session.metadata?.org_id ?? null, customerId: idOf(session.customer) };
    }
    case 'customer.subscription.created':
    case 'customer.subscription.updated':
    case 'customer.subscription.deleted':
      return { subscriptionId: event.data.object.id, orgIdHint: event.data.object.metadata?.org_id ?? null, customerId: idOf(event.data.object.customer) };
    case 'invoice.payment_failed':
    case 'invoice.paid': {
      const invoice = event.data.object;
      // Since API 2025-03-31 the subscription is under parent.subscription_details; older payloads had it at the top.
      const legacy = (invoice as unknown as { subscription?: string | { id: string } | null }).subscription;
      return { subscriptionId: idOf(invoice.parent?.subscription_details?.subscription) ?? idOf(legacy), orgIdHint: null, customerId: idOf(invoice.customer) };
    }
  }
}

const isMissing = (error: unknown) => (error as { statusCode?: number } | null)?.statusCode === 404;

/**
 * The subscription as Stripe has it now, which is what makes late and out-of-order events harmless. A
 * deleted subscription Stripe no longer returns is taken as canceled from the event itself.
 */
async function currentState(config: BillingConfig, event: Stripe.Event & { type: HandledType }, subscriptionId: string): Promise<SubscriptionState | null> {
  try {
    return stateOfSubscription(await config.stripe.subscriptions.retrieve(subscriptionId));
  } catch (error) {
    if (!isMissing(error)) throw error;
    if (event.type !== 'customer.subscription.deleted') return null;
    return { ...stateOfSubscription(event.data.object), status: 'canceled' };
  }
}

async function record(db: Database, event: Stripe.Event, outcome: WebhookOutcome): Promise<boolean> {
  // Platform table (no tenant): the log of Stripe events received, one row per event id.
  const inserted = await unsafeWithoutTenant(db, (tx) =>
    tx
      .insert(stripeEvents)
      .values({ id: event.id, type: event.type, stripeCreatedAt: new Date(event.created * 1000), processedAt: sql`now()`, outcome })
      .onConflictDoNothing()
      .returning({ id: stripeEvents.id }),
  );
  return inserted.length > 0;
}

/**
 * Handles one delivery of Stripe's webhook: verifies the signature over the exact bytes received, then
 * applies each event id once. A failure before the event is recorded answers 500, so Stripe sends it again.
 */
export async function handleStripeWebhook(db: Database, payload: Uint8Array, signature: string | null, requestId?: string): Promise<WebhookResult> {
  const config = billingConfig();
  if (!config) return { status: 503, body: { received: false, error: 'Platform billing is not configured' } };
  if (!signature) return { status: 400, body: { received: false, error: 'Missing Stripe-Signature header' } };
  let event: Stripe.Event;
  try {
    event = config.stripe.webhooks.constructEvent(payload, signature, config.webhookSecret);
  } catch (error) {
    logger.warn({ requestId, err: (error as Error).message }, 'stripe webhook: signature refused');
    return { status: 400, body: { received: false, error: 'Invalid Stripe signature' } };
  }
  if (!isHandled(event.type)) {
    const fresh = await record(db, event, 'ignored');
    return { status: 200, body: { received: true, outcome: fresh ? 'ignored' : 'duplicate' } };
  }
  const handled = event as Stripe.Event & { type: HandledType };
  // Platform read: has this event id been applied already?
  const seen = await unsafeWithoutTenant(db, (tx) => tx.select({ id: stripeEvents.id }).from(stripeEvents).where(eq(stripeEvents.id, event.id)));
  if (seen.length) return { status: 200, body: { received: true, outcome: 'duplicate' } };

  const target = targetOf(handled);
  let state: SubscriptionState | null = null;
  try {
    state = target.subscriptionId ? await currentState(config, handled, target.subscriptionId) : null;
  } catch (error) {
    // Nothing recorded yet: Stripe delivers the event again later and it is applied then.
    logger.error({ requestId, eventId: event.id, err: (error as Error).message }, 'stripe webhook: could not re-read the subscription');
    return { status: 500, body: { received: false, error: 'Could not read the subscription from Stripe; retry later' } };
  }
  // Platform write: the event log and the org's subscription row together, so an event is applied exactly once.
  const outcome = await unsafeWithoutTenant(db, async (tx): Promise<WebhookOutcome> => {
    const claimed = await tx
      .insert(stripeEvents)
      .values({ id: event.id, type: event.type, stripeCreatedAt: new Date(event.created * 1000) })
      .onConflictDoNothing()
      .returning({ id: stripeEvents.id });
    if (!claimed.length) return 'duplicate';
    let result: WebhookOutcome;
    if (!state) result = 'no-subscription';
    else {
      const orgId = await findOrgOf(tx, { customerId: state.customerId || target.customerId || '', orgIdHint: state.orgIdHint }, target.orgIdHint);
      result = orgId
        ? await applySubscriptionState(tx, db, orgId, state, { prices: config.prices, eventId: event.id, eventCreated: new Date(event.created * 1000), requestId })
        : 'unmatched';
    }
    await tx.update(stripeEvents).set({ processedAt: sql`now()`, outcome: result }).where(eq(stripeEvents.id, event.id));
    return result;
  });
  if (outcome === 'unmatched') logger.warn({ requestId, eventId: event.id, type: event.type }, 'stripe webhook: no org for this subscription');
  return { status: 200, body: { received: true, outcome } };
}
