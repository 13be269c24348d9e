/**
 * Production entry: opens and migrates the database, seeds the demo on first run, then serves the
 * Remix build with express. `npm start` builds first; `npm run serve` starts an existing build.
 *
 * On a PostgreSQL server (DATABASE_URL) it runs as a node:cluster (server/cluster.ts): this file is then
 * both the primary (prepares the database, runs the periodic jobs, forks and watches the workers) and each
 * worker (serves HTTP only). On PGlite, or with WEB_CONCURRENCY=1, one process does everything.
 */
import cluster from 'node:cluster';
import type { Server } from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ServerBuild } from '@remix-run/node';
import { openDatabase, type DbHandle } from '#db/client';
import { openServerPool } from '#db/server-pool';
import { getEnv } from '#app/lib/env.server';
import { installDatabase } from '#app/lib/db.server';
import { logger } from '#app/lib/logger.server';
import { createExpressApp } from './app';
import { runCluster, workerCount, workerPoolSize } from './cluster';
import { prepareDatabase, recoverAfterWorkerDeath, startPeriodicJobs } from './jobs';

/** The primary's own pool: start-up work and the periodic jobs, never a request. */
const PRIMARY_POOL_SIZE = 3;

const started = performance.now();
const env = getEnv();
const since = () => Math.round(performance.now() - started);

/** Anything thrown outside a request ends the process (in a cluster, the primary forks a new worker). */
process.on('uncaughtException', (error) => {
  logger.fatal({ err: error }, 'uncaught exception');
  process.exit(1);
});

/** Imports the build and listens on PORT (a cluster worker shares the primary's port). */
async function serveHttp(handle: DbHandle): Promise<Server> {
  installDatabase(handle);
  // OUTPOST_BUILD_DIR: the browser tests serve a build of their own, never the developer's build/.
  const buildDir = path.resolve(process.env.OUTPOST_BUILD_DIR ?? 'build');
  const build = (await import(pathToFileURL(path.join(buildDir, 'server/index.js')).href)) as ServerBuild;
  const app = createExpressApp({ build, mode: env.NODE_ENV === 'production' ? 'production' : 'development', clientDir: path.join(buildDir, 'client') });
  return new Promise((resolve) => {
    const server = app.listen(env.PORT, () => resolve(server));
  });
}

function stopOnSignals(server: Server, handle: DbHandle) {
  const shutdown = async (signal: string) => {
    logger.info({ signal, worker: process.env.OUTPOST_WORKER_ID }, 'shutting down');
    server.close();
    await handle.close().catch(() => {});
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

if (cluster.isWorker) {
  // A worker: the primary has migrated and seeded; DATABASE_POOL_SIZE is this worker's own pool.
  const handle = await openDatabase({ url: env.DATABASE_URL });
  const server = await serveHttp(handle);
  stopOnSignals(server, handle);
  logger.debug({ worker: process.env.OUTPOST_WORKER_ID, startMs: since() }, 'worker listening');
} else {
  const workers = env.DATABASE_URL ? workerCount() : 1;
  if (!env.DATABASE_URL) logger.info('PGlite: serving from one process (an embedded database cannot be shared between processes; WEB_CONCURRENCY applies to a PostgreSQL server only)');
  const clustered = workers > 1;
  const handle = clustered ? openServerPool(env.DATABASE_URL!, PRIMARY_POOL_SIZE) : await openDatabase({ url: env.DATABASE_URL, dataDir: env.DATA_DIR });
  await prepareDatabase(handle);
  // The periodic jobs (late feeds, webhooks, analyze, interrupted uploads) run in this process only. In a cluster that is the
  // primary: it lives as long as the server, is never re-forked (a job can neither run twice nor stop
  // with a dying worker) and serves no request (a job never delays a response).
  startPeriodicJobs(handle);
  if (clustered) {
    const poolSize = workerPoolSize(workers);
    // A dead worker's imports were rolled back with its connections: recovery fails their uploads right away.
    await runCluster({ workers, poolSize, stopPrimary: () => handle.close(), onWorkerDeath: () => recoverAfterWorkerDeath(handle) });
    logger.info({ port: env.PORT, engine: handle.engine, workers, poolSizePerWorker: poolSize, startMs: since() }, `Outpost listening on http://localhost:${env.PORT} (${workers} workers)`);
  } else {
    const server = await serveHttp(handle);
    stopOnSignals(server, handle);
    logger.info({ port: env.PORT, engine: handle.engine, startMs: since() }, `Outpost listening on http://localhost:${env.PORT}`);
  }
}
