/**
 * Org webhooks for alerts. Each delivery POSTs the stored JSON body with
 *   Outpost-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>
 * (the receiver recomputes it over the raw body and rejects old timestamps), plus Outpost-Event and
 * Outpost-Delivery headers. deliverWebhooks is the worker: due deliveries are leased (so two workers never
 * send one twice), sent outside any transaction, and recorded; a failure is retried with exponential
 * backoff (1, 2, 4, … minutes, at most MAX_ATTEMPTS tries), the row being the delivery log.
 *
 * Signing secrets are stored sealed (app/lib/secret-box.server.ts), bound to their org and endpoint id, so
 * a database dump does not reveal them. Rows written before that held plain text: sealLegacyWebhookSecrets
 * seals them at start-up, and until it has run delivery signs with a value that is not in the sealed shape
 * as it is (plain text is what such a row held). A sealed value that does not open (another row's, or
 * another data key's) fails the delivery, which is retried like any failure and never signed with garbage.
 * Rotating the data key: resealWebhookSecrets (the `data-key reseal` CLI command, docs/scaling.md).
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { and, desc, eq, inArray, lte, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '#db/client';
import { webhookDeliveries, webhookEndpoints, WEBHOOK_EVENTS } from '#db/schema/index';
import { unsafeWithoutTenant } from '#db/tenant';
import { AppError, notFound } from '#app/lib/errors';
import { logger } from '#app/lib/logger.server';
import { isSealed, openSecret, sealSecret, SEALED_PATTERN } from '#app/lib/secret-box.server';
import { recordAudit } from '../audit.server';
import { assertCan, inTenant, type ServiceCtx } from '../context';
import { parseInput } from '../programs-common.server';
import { postWebhook, webhookUrlProblem } from './webhook-target.server';

export const MAX_ATTEMPTS = 8;
const BASE_DELAY_MS = 60_000;
/** A claimed delivery is not picked up again for this long, even if its worker dies mid-send. */
const LEASE_MS = 5 * 60_000;

export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** The additional authenticated data that binds a sealed secret to its endpoint row. */
const secretAad = (orgId: string, endpointId: string) => `webhook_endpoints:${orgId}:${endpointId}`;

/** The signing secret of a stored endpoint row; throws SecretBoxError when a sealed value does not open. */
export function openWebhookSecret(stored: string, orgId: string, endpointId: string): string {
  return isSealed(stored) ? openSecret(stored, secretAad(orgId, endpointId)) : stored;
}

export function backoffDelayMs(attempts: number): number {
  return BASE_DELAY_MS * 2 ** Math.max(0, attempts - 1);
}

const endpointInputSchema = z.object({
  url: z
    .url({ protocol: /^https?$/ })
    .max(2_000)
    .refine((url) => webhookUrlProblem(url) !== 'private_host', { message: 'The address must be on the public internet, not a private, loopback or link-local one.' }),
  secret: z.string().min(16).max(200).optional(),
  events: z.array(z.enum(WEBHOOK_EVENTS)).default([]),
});

export interface WebhookEndpointDto {
  id: string;
  url: string;
  events: string[];
  isActive: boolean;
  /** Returned once, at creation. */
  secret?: string;
}

export async function createWebhookEndpoint(ctx: ServiceCtx, input: z.input<typeof endpointInputSchema>): Promise<WebhookEndpointDto> {
  assertCan(ctx, 'manage:api-keys');
  const values = parseInput(endpointInputSchema, input);
  const secret = values.secret ?? `whsec_${randomBytes(24).toString('hex')}`;
  // The id is chosen here, not by the database, because the sealed secret is bound to it.
  const id = randomUUID();
  const sealed = sealSecret(secret, secretAad(ctx.orgId, id));
  return inTenant(ctx, async (tx) => {
    const [row] = await tx.insert(webhookEndpoints).values({ orgId: ctx.orgId, id, url: values.url, secret: sealed, events: values.events, createdBy: ctx.actor.userId ?? null }).returning();
    await recordAudit(tx, ctx, { action: 'webhook_endpoint.create', objectType: 'webhook_endpoint', objectId: row!.id, details: { url: values.url, events: values.events } });
    return { id: row!.id, url: row!.url, events: row!.events, isActive: row!.isActive, secret };
  });
}

/** The acting org's endpoints, newest first (never their secrets: those are shown once, at creation). */
export async function listWebhookEndpoints(ctx: ServiceCtx): Promise<(WebhookEndpointDto & { createdAt: Date })[]> {
  assertCan(ctx, 'manage:api-keys');
  const rows = await inTenant(ctx, (tx) => tx.select().from(webhookEndpoints).where(eq(webhookEndpoints.orgId, ctx.orgId)).orderBy(desc(webhookEndpoints.createdAt)));
  return rows.map((r) => ({ id: r.id, url: r.url, events: r.events, isActive: r.isActive, createdAt: r.createdAt }));
}

/** Pauses or resumes an endpoint of the acting org; another org's endpoint is not found. */
export async function setWebhookEndpointActive(ctx: ServiceCtx, id: string, isActive: boolean): Promise<void> {
  assertCan(ctx, 'manage:api-keys');
  await inTenant(ctx, async (tx) => {
    const updated = z.uuid().safeParse(id).success
      ? await tx
          .update(webhookEndpoints)
          .set({ isActive })
          .where(and(eq(webhookEndpoints.orgId, ctx.orgId), eq(webhookEndpoints.id, id)))
          .returning({ id: webhookEndpoints.id })
      : [];
    if (!updated.length) throw notFound('Webhook endpoint not found');
    await recordAudit(tx, ctx, { action: isActive ? 'webhook_endpoint.enable' : 'webhook_endpoint.disable', objectType: 'webhook_endpoint', objectId: id });
  });
}

export interface WebhookDeliveryDto {
  id: string;
  endpointId: string;
  event: string;
  status: string;
  attempts: number;
  nextAttemptAt: Date;
  lastAttemptAt: Date | null;
  responseCode: number | null;
  lastError: string | null;
  deliveredAt: Date | null;
  createdAt: Date;
}

/** The acting org's delivery log, newest first. */
export async function listWebhookDeliveries(ctx: ServiceCtx, options: { limit?: number } = {}): Promise<WebhookDeliveryDto[]> {
  assertCan(ctx, 'manage:api-keys');
  const rows = await inTenant(ctx, (tx) => tx.select().from(webhookDeliveries).orderBy(desc(webhookDeliveries.createdAt)).limit(Math.min(options.limit ?? 50, 200)));
  return rows.map(({ orgId: _o, body: _b, ...rest }) => rest);
}

export interface DeliverResult {
  delivered: number;
  failed: number;
  gaveUp: number;
}

/** Sends due deliveries once each; call it from a timer (every minute) with the current time. */
export async function deliverWebhooks(db: Database, now: Date = new Date(), options: { limit?: number; timeoutMs?: number } = {}): Promise<DeliverResult> {
  const result: DeliverResult = { delivered: 0, failed: 0, gaveUp: 0 };
  // Platform worker: it delivers every org's webhooks.
  const claimed = await unsafeWithoutTenant(db, async (tx) => {
    const due = await tx
      .select({ delivery: webhookDeliveries, url: webhookEndpoints.url, secret: webhookEndpoints.secret })
      .from(webhookDeliveries)
      .innerJoin(webhookEndpoints, and(eq(webhookEndpoints.orgId, webhookDeliveries.orgId), eq(webhookEndpoints.id, webhookDeliveries.endpointId)))
      .where(and(inArray(webhookDeliveries.status, ['pending', 'failed']), lte(webhookDeliveries.nextAttemptAt, now), eq(webhookEndpoints.isActive, true)))
      .orderBy(webhookDeliveries.nextAttemptAt)
      .limit(options.limit ?? 50)
      .for('update', { of: webhookDeliveries, skipLocked: true });
    if (due.length) {
      await tx
        .update(webhookDeliveries)
        .set({ nextAttemptAt: new Date(now.getTime() + LEASE_MS) })
        .where(inArray(webhookDeliveries.id, due.map((d) => d.delivery.id)));
    }
    return due;
  });
  for (const { delivery, url, secret: stored } of claimed) {
    const timestamp = Math.floor(now.getTime() / 1000);
    let responseCode: number | null = null;
    let error: string | null = null;
    let secret: string | null = null;
    try {
      secret = openWebhookSecret(stored, delivery.orgId, delivery.endpointId);
    } catch (e) {
      // Not sent rather than signed with a wrong secret; retried like any failure (a data key that was
      // missing or wrong on this server may be fixed before the attempts run out).
      logger.error({ err: e, orgId: delivery.orgId, endpointId: delivery.endpointId, deliveryId: delivery.id }, 'webhook signing secret could not be opened; delivery not sent');
      error = `The endpoint's signing secret could not be opened: ${e instanceof Error ? e.message : String(e)}`.slice(0, 500);
    }
    if (secret !== null) {
      try {
        responseCode = await postWebhook(url, {
          headers: { 'content-type': 'application/json', 'outpost-signature': signWebhook(secret, timestamp, delivery.body), 'outpost-event': delivery.event, 'outpost-delivery': delivery.id },
          body: delivery.body,
          timeoutMs: options.timeoutMs ?? 10_000,
        });
      } catch (e) {
        error = e instanceof Error ? e.message.slice(0, 500) : String(e);
      }
    }
    const attempts = delivery.attempts + 1;
    const isDelivered = responseCode !== null && responseCode >= 200 && responseCode < 300;
    const status = isDelivered ? 'delivered' : attempts >= MAX_ATTEMPTS ? 'gave_up' : 'failed';
    if (isDelivered) result.delivered += 1;
    else if (status === 'gave_up') result.gaveUp += 1;
    else result.failed += 1;
    await unsafeWithoutTenant(db, (tx) =>
      tx
        .update(webhookDeliveries)
        .set({
          status,
          attempts,
          lastAttemptAt: now,
          responseCode,
          lastError: isDelivered ? null : (error ?? `HTTP ${responseCode}`),
          deliveredAt: isDelivered ? now : null,
          nextAttemptAt: isDelivered || status === 'gave_up' ? now : new Date(now.getTime() + backoffDelayMs(attempts)),
        })
        .where(and(eq(webhookDeliveries.orgId, delivery.orgId), eq(webhookDeliveries.id, delivery.id))),
    );
  }
  return result;
}

/**
 * Platform start-up step: seals every endpoint secret still held in plain text (rows written before
 * secrets were sealed). Idempotent; returns how many it sealed.
 */
export async function sealLegacyWebhookSecrets(db: Database): Promise<number> {
  // Spans every org's endpoints on purpose: a one-off rewrite of the stored format, no tenant acting.
  return unsafeWithoutTenant(db, async (tx) => {
    const legacy = await tx
      .select({ orgId: webhookEndpoints.orgId, id: webhookEndpoints.id, secret: webhookEndpoints.secret })
      .from(webhookEndpoints)
      .where(sql`${webhookEndpoints.secret} !~ ${SEALED_PATTERN}`)
      .for('update');
    for (const row of legacy) {
      await tx
        .update(webhookEndpoints)
        .set({ secret: sealSecret(row.secret, secretAad(row.orgId, row.id)) })
        .where(and(eq(webhookEndpoints.orgId, row.orgId), eq(webhookEndpoints.id, row.id)));
    }
    return legacy.length;
  });
}

export interface ResealResult {
  /** Opened with the old key and sealed with the new one. */
  resealed: number;
  /** Already opened with the new key: left as they were. */
  alreadyNew: number;
  /** Legacy plain text, sealed with the new key. */
  legacySealed: number;
}

const opensWith = (stored: string, aad: string, key: Buffer) => {
  try {
    return openSecret(stored, aad, key);
  } catch {
    return null;
  }
};

/**
 * Platform step of a data-key rotation: every endpoint secret ends up sealed with newKey. All or nothing,
 * so a run can be repeated after any failure: values that already open with newKey are left alone, and if
 * any value opens with neither key nothing is written and the error names those endpoints (ids only).
 */
export async function resealWebhookSecrets(db: Database, keys: { oldKey: Buffer; newKey: Buffer }): Promise<ResealResult> {
  for (const [name, key] of Object.entries(keys)) {
    if (!Buffer.isBuffer(key) || key.length !== 32) throw new AppError('BAD_REQUEST', `${name} must be a 32-byte key`);
  }
  // Spans every org's endpoints on purpose: one rewrite of the stored format under a new key, no tenant acting.
  return unsafeWithoutTenant(db, async (tx) => {
    const rows = await tx
      .select({ orgId: webhookEndpoints.orgId, id: webhookEndpoints.id, secret: webhookEndpoints.secret })
      .from(webhookEndpoints)
      .orderBy(webhookEndpoints.orgId, webhookEndpoints.id)
      .for('update');
    const result: ResealResult = { resealed: 0, alreadyNew: 0, legacySealed: 0 };
    const updates: { orgId: string; id: string; secret: string }[] = [];
    const unopenable: { orgId: string; endpointId: string }[] = [];
    for (const row of rows) {
      const aad = secretAad(row.orgId, row.id);
      if (!isSealed(row.secret)) {
        result.legacySealed += 1;
        updates.push({ ...row, secret: sealSecret(row.secret, aad, keys.newKey) });
      } else if (opensWith(row.secret, aad, keys.newKey) !== null) {
        result.alreadyNew += 1;
      } else {
        const plain = opensWith(row.secret, aad, keys.oldKey);
        if (plain === null) unopenable.push({ orgId: row.orgId, endpointId: row.id });
        else {
          result.resealed += 1;
          updates.push({ ...row, secret: sealSecret(plain, aad, keys.newKey) });
        }
      }
    }
    if (unopenable.length) {
      // Thrown before any write, so the transaction leaves every row as it was.
      throw new AppError(
        'UNPROCESSABLE',
        `${unopenable.length} webhook signing secret(s) open with neither the old nor the new key; nothing was changed: ${unopenable.map((e) => `org ${e.orgId} endpoint ${e.endpointId}`).join(', ')}`,
        { endpoints: unopenable },
      );
    }
    for (const row of updates) {
      await tx
        .update(webhookEndpoints)
        .set({ secret: row.secret })
        .where(and(eq(webhookEndpoints.orgId, row.orgId), eq(webhookEndpoints.id, row.id)));
    }
    return result;
  });
}
