import type { RouteRule } from './rules';

/** Route rules of the in-house costs and the comparison (issue 6); merged into ROUTE_RULES. */
export const COST_RULES: Record<string, RouteRule> = {
};
