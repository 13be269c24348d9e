import type { RouteRule } from './rules';

/** Route rules of the billing runs, invoices and exports (issue 7); merged into ROUTE_RULES. */
export const BILLING_RULES: Record<string, RouteRule> = {
};
