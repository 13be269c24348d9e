import type { Request, RequestHandler, Response } from 'express';
import { sql } from 'drizzle-orm';
import type { DbHandle } from '#db/client';
import { logger } from '#app/lib/logger.server';

const PROBE_EVERY_MS = 500;
const PROBE_TIMEOUT_MS = 2_000;
/** A stuck pool is replaced at most this often, so a flapping server cannot make the app churn pools. */
const REPLACE_AT_MOST_EVERY_MS = 10_000;

/**
 * While the database is unreachable (a restart, a failover), every request would fail in its route with a
 * 500 and a stack trace in the log. After a 5xx the guard probes the database; if it does not answer, the
 * following requests get a clear 503 with Retry-After at once, and the guard probes again at most every
 * 500 ms until the database is back; requests that arrive while a probe runs wait for its answer. The
 * driver's pool reconnects by itself, so no restart is needed; and when the pool gives no answer at all
 * while the server does on a connection of its own, the pool is stuck (see db/server-pool.ts) and is
 * replaced. /healthz keeps its own probe and 503.
 */
export function databaseOutageGuard(getHandle: () => Promise<DbHandle>): RequestHandler {
  let downSince: number | null = null;
  let lastProbe = 0;
  let lastReplace = 0;
  let probing: Promise<boolean> | null = null;

  /** 'answers', 'fails' (an error: the database refused or dropped it) or 'stuck' (no answer in time). */
  const askPool = async (handle: DbHandle): Promise<'answers' | 'fails' | 'stuck'> => {
    let timer: NodeJS.Timeout | undefined;
    const stuck = Symbol('stuck');
    try {
      const timeout = new Promise<typeof stuck>((resolve) => {
        timer = setTimeout(() => resolve(stuck), PROBE_TIMEOUT_MS);
      });
      return (await Promise.race([handle.db.execute(sql`select 1`), timeout])) === stuck ? 'stuck' : 'answers';
    } catch {
      return 'fails';
    } finally {
      clearTimeout(timer);
    }
  };

  const probe = (): Promise<boolean> =>
    (probing ??= (async () => {
      try {
        const handle = await getHandle();
        const pool = await askPool(handle);
        if (pool === 'answers') return true;
        // Only a pool that does not answer at all is suspect; one that fails fast reports the database.
        if (pool === 'fails' || !handle.replacePool || !handle.serverReachable || Date.now() - lastReplace < REPLACE_AT_MOST_EVERY_MS) return false;
        if (!(await handle.serverReachable(PROBE_TIMEOUT_MS))) return false;
        lastReplace = Date.now();
        handle.replacePool();
        logger.warn('the database answers but the connection pool does not: replaced the pool');
        return (await askPool(handle)) === 'answers';
      } catch {
        return false;
      } finally {
        lastProbe = Date.now();
        probing = null;
      }
    })());

  const markDown = () => {
    if (downSince !== null) return;
    downSince = Date.now();
    logger.error('database unreachable: answering 503 until it is back');
  };

  return async (req, res, next) => {
    if (req.path === '/healthz') return next();
    if (downSince !== null && Date.now() - lastProbe >= PROBE_EVERY_MS && (await probe()) && downSince !== null) {
      // (Requests that waited on the same probe find it already done.)
      logger.warn({ downMs: Date.now() - downSince }, 'database reachable again');
      downSince = null;
    }
    // A failed request is being looked into: wait for the answer rather than fail the same way.
    if (downSince === null && probing && !(await probing)) markDown();
    if (downSince !== null) return databaseUnavailable(req, res);
    res.on('finish', () => {
      if (res.statusCode < 500 || downSince !== null) return;
      void probe().then((ok) => ok || markDown());
    });
    next();
  };
}

function databaseUnavailable(req: Request, res: Response) {
  const message = 'The database is unreachable for a moment; nothing was changed. Try again in a few seconds.';
  res.status(503).setHeader('Retry-After', '5');
  res.setHeader('Cache-Control', 'no-store');
  if (req.path.startsWith('/api/') || !req.accepts('html')) {
    res.json({ error: { code: 'DATABASE_UNAVAILABLE', message } });
    return;
  }
  res
    .type('html')
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Temporarily unavailable</title></head>` +
        `<body><main><h1>Temporarily unavailable</h1><p>${message}</p></main></body></html>`,
    );
}
