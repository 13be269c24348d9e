import { bank1Program } from './objects';
import type { RouteRule } from './rules';

/** Route rules of the counterfactual, channel mix and portfolio evidence (issue 6); merged into ROUTE_RULES. */
export const WHAT_IF_RULES: Record<string, RouteRule> = {
  // read:costs is held by client roles only (owner, program manager, finance): vendors and viewers get 403.
  'app.programs.$programId.channel-mix.tsx': {
    read: { path: '/app/programs/:programId/channel-mix', access: 'read:costs' },
    objects: { create: bank1Program },
  },
};
