/**
 * Production entry: opens and migrates the database, seeds the demo on first run, then serves the
 * Remix build with express. `npm start` builds first; `npm run serve` starts an existing build.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ServerBuild } from '@remix-run/node';
import { analyzeStaleTables } from '#db/analyze';
import { openDatabase } from '#db/client';
import { migrateDatabase } from '#db/migrate';
import { getEnv } from '#app/lib/env.server';
import { installDatabase } from '#app/lib/db.server';
import { logger } from '#app/lib/logger.server';
import { seedDemo } from '#app/services/demo-seed.server';
import { checkLateFeeds } from '#app/services/feeds/late-feeds.server';
import { recoverInterruptedUploads } from '#app/services/feeds/recover-interrupted.server';
import { deliverWebhooks } from '#app/services/sla/webhooks.server';
import { createExpressApp } from './app';

const started = performance.now();
const env = getEnv();
const handle = await openDatabase({ url: env.DATABASE_URL, dataDir: env.DATA_DIR });
await migrateDatabase(handle);
installDatabase(handle);
// Imports a killed process left behind were rolled back; their uploads become failed and retryable.
const interrupted = await recoverInterruptedUploads(handle, { staleAfterMs: process.env.OUTPOST_STALE_UPLOAD_MS ? Number(process.env.OUTPOST_STALE_UPLOAD_MS) : undefined });
if (interrupted.length) logger.warn({ uploadIds: interrupted }, 'marked uploads interrupted by a previous process as failed');
if (process.env.OUTPOST_SEED_DEMO !== '0' && (await seedDemo(handle.db))) logger.info('seeded the demo tenants');
// PGlite has no autovacuum: the planner's statistics are refreshed here, at start and every minute.
const analyzeNow = () =>
  analyzeStaleTables(handle)
    .then((tables) => tables.length && logger.info({ tables }, 'analyzed tables for the planner'))
    .catch((error: unknown) => logger.error({ err: error }, 'analyze failed'));
await analyzeNow();

// OUTPOST_BUILD_DIR: the browser tests serve a build of their own, never the developer's build/.
const buildDir = path.resolve(process.env.OUTPOST_BUILD_DIR ?? 'build');
const build = (await import(pathToFileURL(path.join(buildDir, 'server/index.js')).href)) as ServerBuild;

const app = createExpressApp({ build, mode: env.NODE_ENV === 'production' ? 'production' : 'development', clientDir: path.join(buildDir, 'client') });

const server = app.listen(env.PORT, () => {
  logger.info({ port: env.PORT, engine: handle.engine, startMs: Math.round(performance.now() - started) }, `Outpost listening on http://localhost:${env.PORT}`);
});

// Late and missing feeds: in-app notifications and e-mails, at most once per unit and period.
const LATE_FEED_CHECK_MS = 15 * 60_000;
setInterval(() => {
  checkLateFeeds(handle.db)
    .then((alerts) => alerts.length && logger.info({ alerts: alerts.length }, 'late-feed alerts raised'))
    .catch((error: unknown) => logger.error({ err: error }, 'late-feed check failed'));
}, LATE_FEED_CHECK_MS).unref();

setInterval(() => void analyzeNow(), 60_000).unref();

// Org webhooks: pending deliveries go out (and failed ones are retried with backoff) every minute.
setInterval(() => {
  deliverWebhooks(handle.db, new Date()).catch((error: unknown) => logger.error({ err: error }, 'webhook delivery failed'));
}, 60_000).unref();

async function shutdown(signal: string) {
  logger.info({ signal }, 'shutting down');
  server.close();
  await handle.close().catch(() => {});
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

/**
 * postgres.js 3.4.x can write to a connection whose socket it has already dropped when the server goes
 * away (a setImmediate-scheduled flush after the close: "Cannot read properties of null (reading
 * 'write')" in postgres/src/connection.js). The connection is dead either way and the pool opens a new
 * one, so that one error is logged and survived; anything else still ends the process.
 */
process.on('uncaughtException', (error) => {
  const isDriverFlushAfterClose = error instanceof TypeError && /reading 'write'/.test(error.message) && /postgres[\\/]src[\\/]connection\.js/.test(error.stack ?? '');
  if (isDriverFlushAfterClose) {
    logger.warn({ err: error }, 'database connection dropped mid-write; the pool reconnects');
    return;
  }
  logger.fatal({ err: error }, 'uncaught exception');
  process.exit(1);
});
