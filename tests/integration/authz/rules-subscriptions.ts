import type { RouteRule } from './rules';

/** Route rules of the platform subscription and the Stripe webhook (issue 7); merged into ROUTE_RULES. */
export const SUBSCRIPTION_RULES: Record<string, RouteRule> = {
};
