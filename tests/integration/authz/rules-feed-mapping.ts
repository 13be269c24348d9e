import { bank1Unit } from './objects';
import type { RouteRule } from './rules';

/** Route rules of the custom column mapping editor (issue 4); merged into ROUTE_RULES. */
export const FEED_MAPPING_RULES: Record<string, RouteRule> = {
  // As the unit's feed settings: write:programs (client owners and program managers); vendors and viewers get 403.
  'app.units.$unitId_.feed-mapping.tsx': {
    read: { path: '/app/units/:unitId/feed-mapping', access: 'write:programs' },
    // A preview without a sample: the unit is looked up first (another tenant's is a 404), then 422.
    write: { path: '/app/units/:unitId/feed-mapping', access: 'write:programs', ok: 422, form: { intent: 'preview' } },
    objects: { create: bank1Unit },
  },
};
