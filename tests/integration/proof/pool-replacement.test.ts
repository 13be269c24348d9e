import express from 'express';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openServerPool } from '../../../db/server-pool';
import { databaseOutageGuard } from '../../../server/database-outage-guard';
import type { DbHandle } from '../../../db/client';
import { freePort } from './server-process';

/**
 * A pool that no longer answers while the server does (unpatched, postgres.js 3.4.9 could wedge its
 * connections for good when the server dropped them; see db/server-pool.ts) must not keep the app down: after a failed request the
 * outage guard asks the server on a connection of its own and, when it answers, swaps in a fresh pool.
 * The stuck pool here is real: its only connection is busy in pg_sleep.
 */
const url = process.env.DATABASE_URL;

describe.skipIf(!url)(`a stuck connection pool is replaced${url ? '' : ' (SKIPPED: only with DATABASE_URL set: PGlite has no connection pool)'}`, () => {
  let handle: DbHandle;
  let base: string;
  let close: () => void;

  beforeAll(async () => {
    handle = openServerPool(url!, 1);
    const app = express();
    app.use(databaseOutageGuard(() => Promise.resolve(handle)));
    app.get('/now', async (_req, res) => {
      // The route gives up after 1 s, as a request would with a statement timeout, and answers 500.
      const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('query timed out')), 1_000));
      try {
        await Promise.race([handle.db.execute(sql`select 1`), timeout]);
        res.json({ ok: true });
      } catch {
        res.status(500).json({ error: { code: 'INTERNAL' } });
      }
    });
    const port = await freePort();
    const server = app.listen(port, '127.0.0.1');
    base = `http://127.0.0.1:${port}`;
    close = () => server.close();
  });

  afterAll(async () => {
    close?.();
    await handle?.close();
  });

  it('answers again from a fresh pool without a restart, and leaves a working server alone', async () => {
    expect((await fetch(`${base}/now`)).status).toBe(200);
    const poolBefore = handle.db;
    // Requests that reach the pool from here wait behind this 30 s query: the pool is stuck.
    const stuck = handle.db.execute(sql`select pg_sleep(30)`).catch(() => 'ended');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await fetch(`${base}/now`)).status).toBe(500);

    // The guard probes the pool (2 s), finds the server answering on its own connection and replaces the pool.
    const deadline = Date.now() + 10_000;
    let status = 0;
    while (Date.now() < deadline && status !== 200) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      status = (await fetch(`${base}/now`)).status;
    }
    expect(status).toBe(200);
    expect(handle.db).not.toBe(poolBefore);
    // The server answered throughout, so the app never said it was unavailable.
    const statuses = await Promise.all(Array.from({ length: 5 }, () => fetch(`${base}/now`).then((r) => r.status)));
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    // The old pool is retired: its query is ended within the retirement delay instead of holding a socket.
    expect(await stuck).toBe('ended');
  }, 40_000);
});
