import type { RouteRule } from './rules';

/** Route rules of the platform subscription and the Stripe webhook (issue 7); merged into ROUTE_RULES. */
export const SUBSCRIPTION_RULES: Record<string, RouteRule> = {
  // Client owners only (vendor roles lack manage:subscription: 403). The matrix runs without Stripe keys.
  'app.subscription.tsx': {
    read: { path: '/app/subscription', access: 'manage:subscription' },
    write: { path: '/app/subscription', access: 'manage:subscription', ok: 400, form: { intent: 'no-such-intent' } },
  },
  // No session or key: the Stripe signature is the credential. Without keys configured: 503 for everyone.
  'api.stripe.webhook.ts': { write: { path: '/api/stripe/webhook', access: 'public', ok: 503, form: {} } },
};
