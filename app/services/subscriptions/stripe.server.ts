import Stripe from 'stripe';
import { priceIdsFrom, type PriceIds } from '#app/domain/subscriptions/plans';
import { getBillingEnv } from '#app/lib/env.server';

export interface BillingConfig {
  stripe: Stripe;
  webhookSecret: string;
  prices: PriceIds;
  /** Base of the return URLs given to Stripe, when set; otherwise the request's origin is used. */
  appBaseUrl: string | undefined;
}

const clients = new Map<string, Stripe>();

function clientFor(secretKey: string, apiBase: string | undefined): Stripe {
  const cacheKey = `${apiBase ?? ''} ${secretKey}`;
  let client = clients.get(cacheKey);
  if (!client) {
    const base = apiBase ? new URL(apiBase) : undefined;
    client = new Stripe(secretKey, {
      ...(base
        ? { host: base.hostname, port: Number(base.port) || (base.protocol === 'http:' ? 80 : 443), protocol: base.protocol === 'http:' ? 'http' : 'https' }
        : {}),
      // The caller decides about retrying (Stripe re-sends a webhook we answer with 5xx).
      maxNetworkRetries: 1,
      timeout: 20_000,
      appInfo: { name: 'Outpost' },
    });
    clients.set(cacheKey, client);
  }
  return client;
}

/**
 * The platform's Stripe settings, or null when billing is not configured (the demo): both the secret
 * key and the webhook secret are needed, since a subscription bought without webhooks would never show.
 */
export function billingConfig(): BillingConfig | null {
  const env = getBillingEnv();
  if (!env.STRIPE_SECRET_KEY || !env.STRIPE_WEBHOOK_SECRET) return null;
  return {
    stripe: clientFor(env.STRIPE_SECRET_KEY, env.STRIPE_API_BASE),
    webhookSecret: env.STRIPE_WEBHOOK_SECRET,
    prices: priceIdsFrom(env),
    appBaseUrl: env.APP_BASE_URL?.replace(/\/+$/, ''),
  };
}

export function isBillingConfigured(): boolean {
  const env = getBillingEnv();
  return Boolean(env.STRIPE_SECRET_KEY && env.STRIPE_WEBHOOK_SECRET);
}
