/**
 * Start-up work and the periodic jobs. Both run in exactly one process per deployment: the single process
 * (PGlite, or WEB_CONCURRENCY=1), or the cluster's primary (server/cluster.ts), never in its workers.
 */
import { analyzeStaleTables } from '#db/analyze';
import type { DbHandle } from '#db/client';
import { migrateDatabase } from '#db/migrate';
import { logger } from '#app/lib/logger.server';
import { purgePlatformRows } from '#app/services/auth/housekeeping.server';
import { seedDemo } from '#app/services/demo-seed.server';
import { checkLateFeeds } from '#app/services/feeds/late-feeds.server';
import { recoverInterruptedUploads } from '#app/services/feeds/recover-interrupted.server';
import { deliverWebhooks, sealLegacyWebhookSecrets } from '#app/services/sla/webhooks.server';

const LATE_FEED_CHECK_MS = 15 * 60_000;
const ANALYZE_EVERY_MS = 60_000;
const WEBHOOKS_EVERY_MS = 60_000;
const PURGE_EVERY_MS = 60 * 60_000;

// Planner statistics (PGlite has no autovacuum; a server's may be off or behind): at start and every minute.
const analyzeNow = (handle: DbHandle) =>
  analyzeStaleTables(handle.db)
    .then((tables) => tables.length && logger.info({ tables }, 'analyzed tables for the planner'))
    .catch((error: unknown) => logger.error({ err: error }, 'analyze failed'));

/** Interrupted-upload recovery: at start-up, every minute, and after a cluster worker dies. */
const RECOVERY_EVERY_MS = 60_000;
/**
 * After a worker dies, recovery runs at once and again this much later: a database backend that was in
 * the middle of a statement for the dead worker notices the closed connection within ingest's
 * client_connection_check_interval (2 s) and only then rolls back and releases the upload's lock.
 */
const RECOVERY_AFTER_DEATH_AGAIN_MS = 5_000;

/** OUTPOST_STALE_UPLOAD_MS: the grace age of a 'received' upload instead of RECOVERY_GRACE_MS (tests). */
const recoveryGraceMs = () => (process.env.OUTPOST_STALE_UPLOAD_MS ? Number(process.env.OUTPOST_STALE_UPLOAD_MS) : undefined);

/** Imports a dead process left behind were rolled back; their uploads become failed and retryable. */
async function recoverNow(handle: DbHandle, trigger: 'start-up' | 'periodic' | 'worker death'): Promise<void> {
  const interrupted = await recoverInterruptedUploads(handle, { graceMs: recoveryGraceMs(), atStartUp: trigger === 'start-up' });
  if (!interrupted.length) return;
  if (trigger === 'start-up') logger.warn({ uploadIds: interrupted }, 'marked uploads interrupted by a previous process as failed');
  else logger.warn({ uploadIds: interrupted, trigger }, 'marked uploads whose import died with its process as failed');
}

const recoverQuietly = (handle: DbHandle, trigger: 'periodic' | 'worker death') =>
  recoverNow(handle, trigger).catch((error: unknown) => logger.error({ err: error, trigger }, 'interrupted-upload recovery failed'));

/**
 * Migrations, interrupted-upload recovery, sealing legacy webhook secrets, the demo seed and a first
 * analyze: once, before any request.
 */
export async function prepareDatabase(handle: DbHandle): Promise<void> {
  await migrateDatabase(handle);
  await recoverNow(handle, 'start-up');
  const sealed = await sealLegacyWebhookSecrets(handle.db);
  if (sealed) logger.info({ sealed }, 'sealed webhook secrets stored in plain text');
  if (process.env.OUTPOST_SEED_DEMO !== '0' && (await seedDemo(handle.db))) logger.info('seeded the demo tenants');
  await analyzeNow(handle);
}

/**
 * The cluster primary's answer to a dead worker (server/cluster.ts, onWorkerDeath): the uploads it was
 * importing are failed within seconds, not at the next periodic run or restart.
 */
export function recoverAfterWorkerDeath(handle: DbHandle): void {
  void recoverQuietly(handle, 'worker death');
  setTimeout(() => void recoverQuietly(handle, 'worker death'), RECOVERY_AFTER_DEATH_AGAIN_MS).unref();
}

export function startPeriodicJobs(handle: DbHandle): void {
  // Late and missing feeds: in-app notifications and e-mails, at most once per unit and period.
  setInterval(() => {
    checkLateFeeds(handle.db)
      .then((alerts) => alerts.length && logger.info({ alerts: alerts.length }, 'late-feed alerts raised'))
      .catch((error: unknown) => logger.error({ err: error }, 'late-feed check failed'));
  }, LATE_FEED_CHECK_MS).unref();

  setInterval(() => void analyzeNow(handle), ANALYZE_EVERY_MS).unref();

  // Uploads whose import died with its process (its row lock gone), however that process ended.
  setInterval(() => void recoverQuietly(handle, 'periodic'), RECOVERY_EVERY_MS).unref();

  // Expired sessions and reset links, and sign-in and reset attempts past their retention.
  setInterval(() => {
    purgePlatformRows(handle.db)
      .then((purged) => Object.values(purged).some((n) => n > 0) && logger.info({ purged }, 'purged expired platform rows'))
      .catch((error: unknown) => logger.error({ err: error }, 'platform purge failed'));
  }, PURGE_EVERY_MS).unref();

  // Org webhooks: pending deliveries go out (and failed ones are retried with backoff) every minute.
  setInterval(() => {
    deliverWebhooks(handle.db, new Date()).catch((error: unknown) => logger.error({ err: error }, 'webhook delivery failed'));
  }, WEBHOOKS_EVERY_MS).unref();
}
