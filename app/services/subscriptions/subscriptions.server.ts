import { count, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { unsafeWithoutTenant } from '#db/tenant';
import { deliveryUnits, orgs, orgSubscriptions } from '#db/schema/index';
import { isSubscriptionLive, PAID_PLAN_IDS, PLANS, type PaidPlanId, type PlanId, type SubscriptionStatus } from '#app/domain/subscriptions/plans';
import { AppError, notFound } from '#app/lib/errors';
import { recordAudit } from '../audit.server';
import { assertCan, inTenant, type ServiceCtx } from '../context';
import { fieldError } from '../programs-common.server';
import { billingConfig, type BillingConfig } from './stripe.server';

export const SUBSCRIPTION_PATH = '/app/subscription';

export interface PlanOption {
  id: PlanId;
  unitLimit: number | null;
  /** A paid plan can be bought only when its Stripe price is configured. */
  purchasable: boolean;
}

export interface SubscriptionOverview {
  /** False in the demo (no Stripe keys): no limit applies and nothing can be bought. */
  configured: boolean;
  plan: PlanId;
  status: SubscriptionStatus;
  unitLimit: number | null;
  unitsInUse: number;
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd: boolean;
  /** A live subscription is changed in the customer portal; without one, Checkout starts a new one. */
  live: boolean;
  hasCustomer: boolean;
  plans: PlanOption[];
}

/** Platform billing is a client-org matter: vendors are free and never see it (404, as for any foreign page). */
function assertClientOwner(ctx: ServiceCtx): void {
  assertCan(ctx, 'manage:subscription');
  if (ctx.orgKind !== 'client') throw notFound('No subscription for a vendor organisation');
}

function requireConfig(): BillingConfig {
  const config = billingConfig();
  if (!config) throw new AppError('CONFLICT', 'subscriptions.error.notConfigured');
  return config;
}

export async function getSubscriptionOverview(ctx: ServiceCtx): Promise<SubscriptionOverview> {
  assertClientOwner(ctx);
  const config = billingConfig();
  return inTenant(ctx, async (tx) => {
    const [row] = await tx.select().from(orgSubscriptions).where(eq(orgSubscriptions.orgId, ctx.orgId));
    const [used] = await tx.select({ n: count() }).from(deliveryUnits).where(eq(deliveryUnits.clientOrgId, ctx.orgId));
    const status = row?.status ?? 'none';
    return {
      configured: config !== null,
      plan: row?.plan ?? 'free',
      status,
      unitLimit: config ? (row ? row.unitLimit : PLANS.free.unitLimit) : null,
      unitsInUse: used?.n ?? 0,
      currentPeriodEnd: row?.currentPeriodEnd ?? null,
      cancelAtPeriodEnd: row?.cancelAtPeriodEnd ?? false,
      live: Boolean(row?.stripeSubscriptionId) && isSubscriptionLive(status),
      hasCustomer: Boolean(row?.stripeCustomerId),
      plans: Object.values(PLANS).map((p) => ({ id: p.id, unitLimit: p.unitLimit, purchasable: p.id !== 'free' && Boolean(config?.prices[p.id as PaidPlanId]) })),
    };
  });
}

const CheckoutInput = z.object({ plan: z.enum(PAID_PLAN_IDS) });

/** The org's Stripe customer: the stored one, or a new one recorded before anything is bought with it. */
async function ensureCustomer(ctx: ServiceCtx, config: BillingConfig): Promise<string> {
  const [org] = await inTenant(ctx, (tx) =>
    tx.select({ name: orgs.name, customerId: orgSubscriptions.stripeCustomerId }).from(orgs).leftJoin(orgSubscriptions, eq(orgSubscriptions.orgId, orgs.id)).where(eq(orgs.id, ctx.orgId)),
  );
  if (!org) throw notFound();
  if (org.customerId) return org.customerId;
  // One customer per org even if the owner double-clicks: Stripe answers a repeated key with the same customer.
  const customer = await config.stripe.customers.create({ name: org.name, metadata: { org_id: ctx.orgId } }, { idempotencyKey: `outpost-customer-${ctx.orgId}` });
  // Platform write: org_subscriptions is written by the platform only (the tenant role has no INSERT/UPDATE).
  return unsafeWithoutTenant(ctx.db, async (tx) => {
    const [row] = await tx
      .insert(orgSubscriptions)
      .values({ orgId: ctx.orgId, stripeCustomerId: customer.id, unitLimit: PLANS.free.unitLimit })
      .onConflictDoUpdate({ target: orgSubscriptions.orgId, set: { stripeCustomerId: sql`coalesce(${orgSubscriptions.stripeCustomerId}, excluded.stripe_customer_id)`, updatedAt: new Date() } })
      .returning({ customerId: orgSubscriptions.stripeCustomerId });
    await recordAudit(tx, ctx, { action: 'subscription.customer.create', objectType: 'org_subscription', objectId: ctx.orgId, details: { customerId: row!.customerId } });
    return row!.customerId!;
  });
}

function returnBase(config: BillingConfig, origin: string): string {
  return `${config.appBaseUrl ?? origin}${SUBSCRIPTION_PATH}`;
}

/**
 * Where to send the owner to buy `plan`: a Stripe Checkout session for an org without a live
 * subscription; with one, the customer portal's plan-change flow (a second Checkout would start a
 * second subscription and bill twice).
 */
export async function startCheckout(ctx: ServiceCtx, input: { plan: unknown }, options: { origin: string }): Promise<{ url: string }> {
  assertClientOwner(ctx);
  const config = requireConfig();
  const parsed = CheckoutInput.safeParse(input);
  const price = parsed.success ? config.prices[parsed.data.plan] : undefined;
  if (!parsed.success || !price) throw fieldError(['plan'], 'subscriptions.error.plan');
  const plan = parsed.data.plan;
  const [current] = await inTenant(ctx, (tx) => tx.select().from(orgSubscriptions).where(eq(orgSubscriptions.orgId, ctx.orgId)));
  if (current?.stripeCustomerId && current.stripeSubscriptionId && isSubscriptionLive(current.status)) {
    const portal = await config.stripe.billingPortal.sessions.create({
      customer: current.stripeCustomerId,
      return_url: returnBase(config, options.origin),
      flow_data: { type: 'subscription_update', subscription_update: { subscription: current.stripeSubscriptionId } },
    });
    await inTenant(ctx, (tx) => recordAudit(tx, ctx, { action: 'subscription.change.start', objectType: 'org_subscription', objectId: ctx.orgId, details: { plan, portalSessionId: portal.id } }));
    return { url: portal.url };
  }
  const customer = await ensureCustomer(ctx, config);
  const base = returnBase(config, options.origin);
  const session = await config.stripe.checkout.sessions.create({
    mode: 'subscription',
    customer,
    client_reference_id: ctx.orgId,
    line_items: [{ price, quantity: 1 }],
    metadata: { org_id: ctx.orgId, plan },
    // Carried onto the subscription, so its own events name the org even before checkout completes.
    subscription_data: { metadata: { org_id: ctx.orgId } },
    success_url: `${base}?checkout=success`,
    cancel_url: `${base}?checkout=cancel`,
  });
  if (!session.url) throw new Error('Stripe returned a Checkout session without a URL');
  await inTenant(ctx, (tx) => recordAudit(tx, ctx, { action: 'subscription.checkout.start', objectType: 'org_subscription', objectId: ctx.orgId, details: { plan, checkoutSessionId: session.id } }));
  return { url: session.url };
}

/** A Stripe customer-portal session for the org's customer (payment method, invoices, cancel). */
export async function openBillingPortal(ctx: ServiceCtx, options: { origin: string }): Promise<{ url: string }> {
  assertClientOwner(ctx);
  const config = requireConfig();
  const [current] = await inTenant(ctx, (tx) => tx.select({ customerId: orgSubscriptions.stripeCustomerId }).from(orgSubscriptions).where(eq(orgSubscriptions.orgId, ctx.orgId)));
  if (!current?.customerId) throw new AppError('CONFLICT', 'subscriptions.error.noCustomer');
  const portal = await config.stripe.billingPortal.sessions.create({ customer: current.customerId, return_url: returnBase(config, options.origin) });
  return { url: portal.url };
}
