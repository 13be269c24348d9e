import type { RouteRule } from './rules';

/** Route rules of the vendor invoices (issue 7); merged into ROUTE_RULES. */
export const RECONCILIATION_RULES: Record<string, RouteRule> = {
};
