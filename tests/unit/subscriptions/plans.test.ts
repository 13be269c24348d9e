import { describe, expect, it } from 'vitest';
import { effectivePlan, planOfPrice, PLANS, priceIdsFrom, unitAllowance } from '../../../app/domain/subscriptions/plans';

const prices = priceIdsFrom({ STRIPE_PRICE_STARTER: 'price_s', STRIPE_PRICE_GROWTH: 'price_g', STRIPE_PRICE_ENTERPRISE: undefined });

describe('plans', () => {
  it('read their price ids from the environment; a plan without one is not sold', () => {
    expect(prices).toEqual({ starter: 'price_s', growth: 'price_g' });
    expect(planOfPrice(prices, 'price_g')).toBe('growth');
    expect(planOfPrice(prices, 'price_unknown')).toBeUndefined();
    expect(planOfPrice(prices, null)).toBeUndefined();
  });

  it('grant their limit only while the subscription is live; otherwise the free plan applies', () => {
    expect(effectivePlan('active', prices, 'price_g')).toBe(PLANS.growth);
    expect(effectivePlan('trialing', prices, 'price_s')).toBe(PLANS.starter);
    expect(effectivePlan('past_due', prices, 'price_g')).toBe(PLANS.growth);
    for (const status of ['canceled', 'incomplete', 'incomplete_expired', 'paused', 'none'] as const) expect(effectivePlan(status, prices, 'price_g'), status).toBe(PLANS.free);
    // A price this platform does not sell buys nothing.
    expect(effectivePlan('active', prices, 'price_other')).toBe(PLANS.free);
  });
});

describe('unitAllowance', () => {
  it('allows up to the limit and refuses the N+1th', () => {
    expect(unitAllowance({ status: 'active', unitLimit: 10 }, 9)).toEqual({ ok: true });
    expect(unitAllowance({ status: 'active', unitLimit: 10 }, 10)).toEqual({ ok: false, reason: 'limit', limit: 10 });
    expect(unitAllowance({ status: 'none', unitLimit: 5 }, 4)).toEqual({ ok: true });
    expect(unitAllowance({ status: 'none', unitLimit: 5 }, 5)).toEqual({ ok: false, reason: 'limit', limit: 5 });
  });

  it('never limits an unlimited plan', () => {
    expect(unitAllowance({ status: 'active', unitLimit: null }, 10_000)).toEqual({ ok: true });
  });

  it('refuses growth while past due or unpaid, even under the limit', () => {
    expect(unitAllowance({ status: 'past_due', unitLimit: 50 }, 1)).toEqual({ ok: false, reason: 'past_due' });
    expect(unitAllowance({ status: 'unpaid', unitLimit: null }, 0)).toEqual({ ok: false, reason: 'past_due' });
  });
});
