import { API_GET_ONLY, bank1Program, bank1Unit } from './objects';
import type { RouteRule } from './rules';

/**
 * Route rules of the in-house costs and the comparison (issue 6); merged into ROUTE_RULES. Vendors hold
 * neither read:costs nor write:costs, so every vendor role gets 403 on every page and endpoint here, and
 * another client's unit or program is a 404.
 */
export const COST_RULES: Record<string, RouteRule> = {
  'app.units.$unitId_.costs.tsx': {
    read: [
      { path: '/app/units/:unitId/costs', access: 'read:costs' },
      { path: '/app/units/:unitId/costs?edit=2026-03', access: 'read:costs' },
    ],
    // An empty month form is invalid for everyone allowed (after the unit is looked up).
    write: { path: '/app/units/:unitId/costs', access: 'write:costs', ok: 422, form: { intent: 'save-month' } },
    objects: { create: bank1Unit },
  },
  'app.units.$unitId_.costs_.import.tsx': {
    read: { path: '/app/units/:unitId/costs/import', access: 'write:costs' },
    // Not a multipart body: no file, invalid for everyone allowed.
    write: { path: '/app/units/:unitId/costs/import', access: 'write:costs', ok: 422, form: {} },
    objects: { create: bank1Unit },
  },
  'app.units.$unitId_.costs_.template.tsx': {
    read: [
      { path: '/app/units/:unitId/costs/template?format=csv', access: 'read:costs' },
      { path: '/app/units/:unitId/costs/template?format=xlsx', access: 'read:costs' },
    ],
    objects: { create: bank1Unit },
  },
  'app.programs.$programId.comparison.tsx': {
    read: [
      { path: '/app/programs/:programId/comparison?from=2026-01&to=2026-03', access: 'read:costs' },
      { path: '/app/programs/:programId/comparison', access: 'read:costs' },
    ],
    objects: { create: bank1Program },
  },
  'api.v1.programs.$programId.comparison.ts': {
    read: { path: '/api/v1/programs/:programId/comparison?from=2026-01&to=2026-03', access: { api: 'read:costs' } },
    write: API_GET_ONLY('/api/v1/programs/:programId/comparison?from=2026-01&to=2026-03'),
    objects: { create: bank1Program },
  },
};
