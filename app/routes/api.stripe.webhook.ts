import type { ActionFunctionArgs } from '@remix-run/node';
import { getDb } from '#app/lib/db.server';
import { requestIdOf } from '#app/lib/request.server';
import { handleStripeWebhook } from '#app/services/subscriptions/webhook.server';

/**
 * Stripe's webhook (POST only). No session, no API key and no origin check (server/app.ts exempts this
 * path): the Stripe-Signature over the raw body is the credential. The body is read as bytes, untouched.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== 'POST') return Response.json({ received: false, error: 'Use POST' }, { status: 405, headers: { Allow: 'POST' } });
  const payload = new Uint8Array(await request.arrayBuffer());
  const result = await handleStripeWebhook(await getDb(), payload, request.headers.get('stripe-signature'), requestIdOf(context, request));
  return Response.json(result.body, { status: result.status });
}
