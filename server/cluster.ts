/**
 * The PostgreSQL server deployment as a node:cluster: the primary prepares the database once, runs the
 * periodic jobs, forks `WEB_CONCURRENCY` workers that serve HTTP on the same port (the primary accepts
 * connections and hands them out round-robin), re-forks a worker that dies, and stops them all on
 * SIGTERM/SIGINT. PGlite is never clustered: its database lives inside the one process that opened it.
 *
 * A worker that dies takes its requests with it, an import among them: its transaction is rolled back,
 * but the upload is left 'received'. `onWorkerDeath` tells the caller at once (server/main.ts runs the
 * interrupted-upload recovery there); this file knows nothing of the database.
 */
import cluster, { type Worker } from 'node:cluster';
import os from 'node:os';
import { logger } from '#app/lib/logger.server';

/** Workers × pool connections stay under this, leaving room in PostgreSQL's default max_connections (100). */
const CONNECTION_BUDGET = 80;
/** The default pool of one worker: enough for its event loop to keep the database busy (see docs/scaling.md). */
const DEFAULT_WORKER_POOL = 10;
/** How long workers get to finish after SIGTERM before they are killed. */
const STOP_TIMEOUT_MS = 10_000;
/** A worker that dies sooner than this after starting is re-forked after a pause, so a crash loop does not spin. */
const QUICK_DEATH_MS = 5_000;

/** How many workers: WEB_CONCURRENCY, else one per core the process may use. */
export function workerCount(env: NodeJS.ProcessEnv = process.env): number {
  const asked = Number(env.WEB_CONCURRENCY);
  return Number.isInteger(asked) && asked > 0 ? asked : os.availableParallelism();
}

/**
 * DATABASE_POOL_SIZE is per process. Unset, each worker gets 10 connections, fewer when that many workers
 * would pass 80 connections in all (at least 2 each).
 */
export function workerPoolSize(workers: number, env: NodeJS.ProcessEnv = process.env): number {
  const asked = Number(env.DATABASE_POOL_SIZE);
  if (Number.isInteger(asked) && asked > 0) return asked;
  return Math.max(2, Math.min(DEFAULT_WORKER_POOL, Math.floor(CONNECTION_BUDGET / workers)));
}

interface Slot {
  id: number;
  worker: Worker;
  forkedAt: number;
  listening: boolean;
}

/**
 * Forks the workers and looks after them until a signal. `stopPrimary` releases what the primary holds
 * (its database pool) once every worker has exited. Resolves when every worker has listened once.
 */
export function runCluster(options: {
  workers: number;
  poolSize: number;
  stopPrimary: () => Promise<void>;
  /** After a listening worker died unexpectedly (not while stopping), before it is re-forked. */
  onWorkerDeath?: (death: { worker: number; pid: number | undefined; code: number | null; signal: string | null }) => void;
}): Promise<void> {
  const slots = new Map<number, Slot>();
  let stopping = false;
  let resolveReady!: () => void;
  const ready = new Promise<void>((resolve) => (resolveReady = resolve));

  const fork = (id: number) => {
    // Each worker reads its slot and pool size from its environment (server/main.ts).
    const worker = cluster.fork({ OUTPOST_WORKER_ID: String(id), DATABASE_POOL_SIZE: String(options.poolSize) });
    const slot: Slot = { id, worker, forkedAt: Date.now(), listening: false };
    slots.set(id, slot);
    worker.once('listening', () => {
      slot.listening = true;
      if ([...slots.values()].every((s) => s.listening)) resolveReady();
    });
    worker.once('exit', (code, signal) => {
      if (slots.get(id)?.worker !== worker) return;
      slots.delete(id);
      if (stopping) return;
      if (!slot.listening) {
        // A worker that cannot start (a missing build, a bad setting) would fail the same way again.
        logger.fatal({ worker: id, code, signal }, 'a worker exited before it listened; stopping the server');
        void stop('worker start-up failure', 1);
        return;
      }
      const lived = Date.now() - slot.forkedAt;
      logger.error({ worker: id, pid: worker.process.pid, code, signal, livedMs: lived }, 'a worker died; forking a new one');
      try {
        options.onWorkerDeath?.({ worker: id, pid: worker.process.pid, code, signal });
      } catch (error) {
        logger.error({ err: error, worker: id }, 'onWorkerDeath failed');
      }
      setTimeout(() => {
        if (!stopping) fork(id);
      }, lived < QUICK_DEATH_MS ? 1_000 : 0).unref();
    });
  };

  async function stop(reason: string, exitCode = 0) {
    if (stopping) return;
    stopping = true;
    logger.info({ reason, workers: slots.size }, 'shutting down the cluster');
    const exits = [...slots.values()].map(({ worker }) => new Promise<void>((resolve) => (worker.isDead() ? resolve() : worker.once('exit', () => resolve()))));
    for (const { worker } of slots.values()) worker.process.kill('SIGTERM');
    const timer = setTimeout(() => {
      for (const { worker } of slots.values()) if (!worker.isDead()) worker.process.kill('SIGKILL');
    }, STOP_TIMEOUT_MS);
    await Promise.all(exits);
    clearTimeout(timer);
    await options.stopPrimary().catch(() => {});
    process.exit(exitCode);
  }

  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  for (let id = 1; id <= options.workers; id++) fork(id);
  return ready;
}
