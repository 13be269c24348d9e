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
 * 500 ms until the database is back. The driver's pool reconnects by itself, so no restart is needed; and
 * when the pool does not answer while the server does on a connection of its own, the pool is stuck
 * (see db/server-pool.ts) and is replaced. /healthz keeps its own probe and 503.
 */
export function databaseOutageGuard(getHandle: () => Promise<DbHandle>): RequestHandler {
  let downSince: number | null = null;
  let lastProbe = 0;
  let lastReplace = 0;
  let probing: Promise<boolean> | null = null;

  const poolAnswers = async (handle: DbHandle): Promise<boolean> => {
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('database probe timed out')), PROBE_TIMEOUT_MS);
      });
      await Promise.race([handle.db.execute(sql`select 1`), timeout]);
      return true;
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  };

  const probe = (): Promise<boolean> =>
    (probing ??= (async () => {
      try {
        const handle = await getHandle();
        if (await poolAnswers(handle)) return true;
        if (!handle.replacePool || !handle.serverReachable || Date.now() - lastReplace < REPLACE_AT_MOST_EVERY_MS) return false;
        if (!(await handle.serverReachable(PROBE_TIMEOUT_MS))) return false;
        lastReplace = Date.now();
        handle.replacePool();
        logger.warn('the database answers but the connection pool does not: replaced the pool');
        return await poolAnswers(handle);
      } catch {
        return false;
      } finally {
        lastProbe = Date.now();
        probing = null;
      }
    })());

  return async (req, res, next) => {
    if (req.path === '/healthz') return next();
    if (downSince !== null && Date.now() - lastProbe >= PROBE_EVERY_MS && (await probe())) {
      logger.warn({ downMs: Date.now() - downSince }, 'database reachable again');
      downSince = null;
    }
    if (downSince !== null) return databaseUnavailable(req, res);
    res.on('finish', () => {
      if (res.statusCode < 500 || downSince !== null) return;
      void probe().then((ok) => {
        if (ok || downSince !== null) return;
        downSince = Date.now();
        logger.error('database unreachable: answering 503 until it is back');
      });
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
