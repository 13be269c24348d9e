/**
 * Start-up work and the periodic jobs. Both run in exactly one process per deployment: the single process
 * (PGlite, or WEB_CONCURRENCY=1), or the cluster's primary (server/cluster.ts), never in its workers.
 */
import { analyzeStaleTables } from '#db/analyze';
import type { DbHandle } from '#db/client';
import { migrateDatabase } from '#db/migrate';
import { logger } from '#app/lib/logger.server';
import { seedDemo } from '#app/services/demo-seed.server';
import { checkLateFeeds } from '#app/services/feeds/late-feeds.server';
import { recoverInterruptedUploads } from '#app/services/feeds/recover-interrupted.server';
import { deliverWebhooks } from '#app/services/sla/webhooks.server';

const LATE_FEED_CHECK_MS = 15 * 60_000;
const ANALYZE_EVERY_MS = 60_000;
const WEBHOOKS_EVERY_MS = 60_000;

// PGlite has no autovacuum: the planner's statistics are refreshed here, at start and every minute.
const analyzeNow = (handle: DbHandle) =>
  analyzeStaleTables(handle)
    .then((tables) => tables.length && logger.info({ tables }, 'analyzed tables for the planner'))
    .catch((error: unknown) => logger.error({ err: error }, 'analyze failed'));

/** Migrations, interrupted-upload recovery, the demo seed and a first analyze: once, before any request. */
export async function prepareDatabase(handle: DbHandle): Promise<void> {
  await migrateDatabase(handle);
  // Imports a killed process left behind were rolled back; their uploads become failed and retryable.
  const staleAfterMs = process.env.OUTPOST_STALE_UPLOAD_MS ? Number(process.env.OUTPOST_STALE_UPLOAD_MS) : undefined;
  const interrupted = await recoverInterruptedUploads(handle, { staleAfterMs });
  if (interrupted.length) logger.warn({ uploadIds: interrupted }, 'marked uploads interrupted by a previous process as failed');
  if (process.env.OUTPOST_SEED_DEMO !== '0' && (await seedDemo(handle.db))) logger.info('seeded the demo tenants');
  await analyzeNow(handle);
}

export function startPeriodicJobs(handle: DbHandle): void {
  // Late and missing feeds: in-app notifications and e-mails, at most once per unit and period.
  setInterval(() => {
    checkLateFeeds(handle.db)
      .then((alerts) => alerts.length && logger.info({ alerts: alerts.length }, 'late-feed alerts raised'))
      .catch((error: unknown) => logger.error({ err: error }, 'late-feed check failed'));
  }, LATE_FEED_CHECK_MS).unref();

  setInterval(() => void analyzeNow(handle), ANALYZE_EVERY_MS).unref();

  // Org webhooks: pending deliveries go out (and failed ones are retried with backoff) every minute.
  setInterval(() => {
    deliverWebhooks(handle.db, new Date()).catch((error: unknown) => logger.error({ err: error }, 'webhook delivery failed'));
  }, WEBHOOKS_EVERY_MS).unref();
}
