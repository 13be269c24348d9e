import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';

export const TEST_SECRET_KEY = 'sk_test_outpost_stub';
export const TEST_WEBHOOK_SECRET = 'whsec_outpost_stub_secret';
export const PRICES = { starter: 'price_starter_test', growth: 'price_growth_test', enterprise: 'price_enterprise_test' } as const;

export interface RecordedRequest {
  method: string;
  path: string;
  /** The form-encoded body as Stripe sends it, flat: `line_items[0][price]` → value. */
  form: Record<string, string>;
  headers: http.IncomingHttpHeaders;
}

export interface StripeStub {
  url: string;
  requests: RecordedRequest[];
  /** What GET /v1/subscriptions/:id answers now; absent ids answer Stripe's 404. */
  subscriptions: Map<string, object>;
  /** When set, every call answers this status with an API error (Stripe being down). */
  failWith: number | null;
  close(): Promise<void>;
}

const json = (res: http.ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_${Math.random().toString(36).slice(2)}` });
  res.end(JSON.stringify(body));
};

/**
 * A local HTTP server standing in for the Stripe endpoints the platform uses: customers, Checkout and
 * portal sessions, and subscription reads. It records every request for the test to inspect.
 */
export async function startStripeStub(): Promise<StripeStub> {
  let seq = 0;
  const stub: Omit<StripeStub, 'url' | 'close'> = { requests: [], subscriptions: new Map(), failWith: null };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0]!;
      const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
      stub.requests.push({ method: req.method ?? '', path, form, headers: req.headers });
      if (stub.failWith) return json(res, stub.failWith, { error: { type: 'api_error', message: 'Stripe stand-in failing on purpose' } });
      seq += 1;
      if (req.method === 'POST' && path === '/v1/customers') {
        return json(res, 200, { id: `cus_test_${seq}`, object: 'customer', name: form.name ?? null, metadata: {} });
      }
      if (req.method === 'POST' && path === '/v1/checkout/sessions') {
        const id = `cs_test_${seq}`;
        return json(res, 200, { id, object: 'checkout.session', mode: form.mode, customer: form.customer, client_reference_id: form.client_reference_id, url: `https://checkout.stripe.test/c/pay/${id}` });
      }
      if (req.method === 'POST' && path === '/v1/billing_portal/sessions') {
        const id = `bps_test_${seq}`;
        return json(res, 200, { id, object: 'billing_portal.session', customer: form.customer, return_url: form.return_url, url: `https://billing.stripe.test/p/session/${id}` });
      }
      const sub = /^\/v1\/subscriptions\/([^/]+)$/.exec(path);
      if (req.method === 'GET' && sub) {
        const found = stub.subscriptions.get(decodeURIComponent(sub[1]!));
        if (found) return json(res, 200, found);
        return json(res, 404, { error: { type: 'invalid_request_error', code: 'resource_missing', message: `No such subscription: '${sub[1]}'` } });
      }
      return json(res, 404, { error: { type: 'invalid_request_error', message: `Unrecognized request URL (${req.method}: ${path})` } });
    });
  });
  server.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return Object.assign(stub, {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

const BILLING_ENV = ['STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET', 'STRIPE_API_BASE', 'STRIPE_PRICE_STARTER', 'STRIPE_PRICE_GROWTH', 'STRIPE_PRICE_ENTERPRISE', 'APP_BASE_URL'] as const;

/** Points the platform at the stand-in (billing read from the environment on every use). */
export function configureBilling(stub: StripeStub): void {
  Object.assign(process.env, {
    STRIPE_SECRET_KEY: TEST_SECRET_KEY,
    STRIPE_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
    STRIPE_API_BASE: stub.url,
    STRIPE_PRICE_STARTER: PRICES.starter,
    STRIPE_PRICE_GROWTH: PRICES.growth,
    STRIPE_PRICE_ENTERPRISE: PRICES.enterprise,
  });
}

/** The demo's situation: no Stripe keys at all. */
export function unconfigureBilling(): void {
  for (const name of BILLING_ENV) delete process.env[name];
}

export interface SubscriptionSpec {
  id: string;
  customer: string;
  status: Stripe.Subscription.Status;
  price: string;
  orgId?: string;
  periodEnd?: number;
  cancelAtPeriodEnd?: boolean;
}

/** A subscription as Stripe's API (2025-03-31 and later) returns it: the period lives on the item. */
export function subscriptionObject(spec: SubscriptionSpec) {
  const periodEnd = spec.periodEnd ?? Math.floor(Date.UTC(2026, 11, 1) / 1000);
  return {
    id: spec.id,
    object: 'subscription',
    customer: spec.customer,
    status: spec.status,
    cancel_at_period_end: spec.cancelAtPeriodEnd ?? false,
    metadata: spec.orgId ? { org_id: spec.orgId } : {},
    items: {
      object: 'list',
      data: [{ id: `si_${spec.id}`, object: 'subscription_item', quantity: 1, current_period_start: periodEnd - 30 * 86400, current_period_end: periodEnd, price: { id: spec.price, object: 'price' } }],
    },
  };
}

let eventSeq = 0;

/** A Stripe event envelope around an object; `created` in seconds. */
export function eventOf(type: string, object: object, options: { id?: string; created?: number } = {}) {
  eventSeq += 1;
  return {
    id: options.id ?? `evt_test_${Date.now()}_${eventSeq}`,
    object: 'event',
    api_version: '2026-10-28.endive',
    created: options.created ?? Math.floor(Date.now() / 1000),
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
    data: { object },
  };
}

const signer = new Stripe(TEST_SECRET_KEY);

/** The exact body and Stripe-Signature header Stripe would send (pretty-printed, as Stripe does). */
export function signed(event: object, secret = TEST_WEBHOOK_SECRET): { body: string; signature: string } {
  const body = JSON.stringify(event, null, 2);
  return { body, signature: signer.webhooks.generateTestHeaderString({ payload: body, secret }) };
}
