import type { PlanId, SubscriptionStatus } from '#db/schema/subscriptions';

export type { PlanId, SubscriptionStatus };

export interface Plan {
  id: PlanId;
  /** Delivery units the org may have; null is unlimited. */
  unitLimit: number | null;
  /** Environment variable holding the plan's Stripe price id; the free plan has none. */
  priceEnv: 'STRIPE_PRICE_STARTER' | 'STRIPE_PRICE_GROWTH' | 'STRIPE_PRICE_ENTERPRISE' | null;
}

/**
 * Client orgs pay by the number of delivery units they run; vendor orgs are always free. The free plan
 * allows 5 so the demo bank (4 units) still seeds when Stripe keys are set.
 */
export const PLANS: Record<PlanId, Plan> = {
  free: { id: 'free', unitLimit: 5, priceEnv: null },
  starter: { id: 'starter', unitLimit: 10, priceEnv: 'STRIPE_PRICE_STARTER' },
  growth: { id: 'growth', unitLimit: 50, priceEnv: 'STRIPE_PRICE_GROWTH' },
  enterprise: { id: 'enterprise', unitLimit: null, priceEnv: 'STRIPE_PRICE_ENTERPRISE' },
};

export const PAID_PLAN_IDS = ['starter', 'growth', 'enterprise'] as const satisfies readonly PlanId[];
export type PaidPlanId = (typeof PAID_PLAN_IDS)[number];

export type PriceIds = Partial<Record<PaidPlanId, string>>;

/** Price ids of the paid plans from an environment-like record; a plan without one cannot be bought. */
export function priceIdsFrom(env: Partial<Record<NonNullable<Plan['priceEnv']>, string | undefined>>): PriceIds {
  const prices: PriceIds = {};
  for (const id of PAID_PLAN_IDS) {
    const price = env[PLANS[id].priceEnv!];
    if (price) prices[id] = price;
  }
  return prices;
}

/** The paid plan a Stripe price stands for, or undefined for a price this platform does not sell. */
export function planOfPrice(prices: PriceIds, priceId: string | null | undefined): PaidPlanId | undefined {
  if (!priceId) return undefined;
  return PAID_PLAN_IDS.find((id) => prices[id] === priceId);
}

/** Statuses in which the subscription's plan is in force (past-due and unpaid still grant reads). */
const PLAN_IN_FORCE: readonly SubscriptionStatus[] = ['active', 'trialing', 'past_due', 'unpaid'];
/** Statuses in which the org keeps reading but may not grow its usage until the invoice is paid. */
const GROWTH_FROZEN: readonly SubscriptionStatus[] = ['past_due', 'unpaid'];

/**
 * What the org gets from a subscription read from Stripe: its plan while the subscription is live,
 * the free plan otherwise (canceled, incomplete, paused) or when the price is not one of ours.
 */
export function effectivePlan(status: SubscriptionStatus, priceIds: PriceIds, priceId: string | null | undefined): Plan {
  const paid = PLAN_IN_FORCE.includes(status) ? planOfPrice(priceIds, priceId) : undefined;
  return PLANS[paid ?? 'free'];
}

export function isSubscriptionLive(status: SubscriptionStatus): boolean {
  return PLAN_IN_FORCE.includes(status);
}

export type UnitAllowance = { ok: true } | { ok: false; reason: 'limit'; limit: number } | { ok: false; reason: 'past_due' };

/** Whether one more delivery unit is allowed, given the org's stored subscription and its current units. */
export function unitAllowance(subscription: { status: SubscriptionStatus; unitLimit: number | null }, unitsInUse: number): UnitAllowance {
  if (GROWTH_FROZEN.includes(subscription.status)) return { ok: false, reason: 'past_due' };
  if (subscription.unitLimit !== null && unitsInUse + 1 > subscription.unitLimit) return { ok: false, reason: 'limit', limit: subscription.unitLimit };
  return { ok: true };
}
