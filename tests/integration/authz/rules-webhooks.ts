import { createWebhookEndpoint } from '../../../app/services/sla/webhooks.server';
import type { SeededTenants } from '../../support/tenants';
import type { RouteRule } from './rules';

const bank1Endpoint = async (seeded: SeededTenants) => ({
  endpointId: (await createWebhookEndpoint(seeded.ctx('bank1', 'owner'), { url: `https://hooks.bank1.example/${crypto.randomUUID()}` })).id,
});

/** Route rules of the webhooks settings page; merged into ROUTE_RULES. Owners and admins of either kind of org. */
export const WEBHOOK_RULES: Record<string, RouteRule> = {
  'app.webhooks.tsx': {
    read: { path: '/app/webhooks', access: 'manage:api-keys' },
    write: [
      // An address that is not a URL: a 400 with the field's error.
      { path: '/app/webhooks', access: 'manage:api-keys', ok: 400, form: { intent: 'create', url: 'not a url' } },
      // Pausing looks the endpoint up first: another org's endpoint is a 404.
      { path: '/app/webhooks', access: 'manage:api-keys', ok: '302 /app/webhooks', form: { intent: 'pause', id: ':endpointId' } },
    ],
    objects: { create: bank1Endpoint },
  },
};
