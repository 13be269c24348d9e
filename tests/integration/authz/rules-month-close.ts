import { bank1Program } from './objects';
import type { RouteRule } from './rules';

/** Route rules of the program's batch month close (issue 5); merged into ROUTE_RULES. */
export const MONTH_CLOSE_RULES: Record<string, RouteRule> = {
  // close:months is held by client owners, program managers and finance: viewers and vendors get 403;
  // another client's program is a 404, also for a write whose form is invalid (looked up first).
  'app.programs.$programId.month-close.tsx': {
    read: { path: '/app/programs/:programId/month-close', access: 'close:months' },
    write: { path: '/app/programs/:programId/month-close', access: 'close:months', ok: 422, form: { month: 'not-a-month' } },
    objects: { create: bank1Program },
  },
};
