import type { RouteRule } from './rules';

/** Route rules of the counterfactual, channel mix and portfolio evidence (issue 6); merged into ROUTE_RULES. */
export const WHAT_IF_RULES: Record<string, RouteRule> = {
};
