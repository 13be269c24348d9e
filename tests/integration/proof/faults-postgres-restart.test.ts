import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../db/client';
import { migrateDatabase } from '../../../db/migrate';
import { seedTenants } from '../../support/tenants';
import { apiKeyFor, bearer } from '../api/helpers';
import { seedClientWorld } from '../programs/seed';
import { freePort, startServer, type ServerProcess } from './server-process';

/**
 * PostgreSQL restarts while requests flow: the app answers clear errors for a moment (a 503 with
 * DATABASE_UNAVAILABLE once it knows, never a hang or a crash) and serves again by itself, without a
 * restart, because the driver's pool reconnects. Runs on a cluster of its own (initdb into a temp
 * directory, its own port), so restarting it cannot disturb anyone else's database.
 */

const PG_BIN = '/usr/lib/postgresql/15/bin';
const SKIP_REASON = !process.env.DATABASE_URL
  ? 'only with DATABASE_URL set: restarting the database means a server (PGlite runs inside the app process)'
  : !fs.existsSync(path.join(PG_BIN, 'initdb'))
    ? `no PostgreSQL binaries in ${PG_BIN}`
    : '';

/** PostgreSQL refuses to run as root: its commands run as the postgres user. */
function asPostgres(command: string, args: string[]): string {
  const asRoot = process.getuid?.() === 0;
  return execFileSync(asRoot ? 'runuser' : command, asRoot ? ['-u', 'postgres', '--', command, ...args] : args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

interface Sample {
  at: number;
  ms: number;
  status: number;
  code?: string;
}

describe.skipIf(SKIP_REASON !== '')(`PostgreSQL restart under load${SKIP_REASON ? ` (SKIPPED: ${SKIP_REASON})` : ''}`, () => {
  let root: string;
  let dataDir: string;
  let port: number;
  let url: string;
  let key: string;
  let programId: string;
  let server: ServerProcess | undefined;
  const pgCtl = (...args: string[]) => asPostgres(path.join(PG_BIN, 'pg_ctl'), ['-D', dataDir, ...args]);

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'outpost-pg-restart-'));
    fs.chmodSync(root, 0o777);
    dataDir = path.join(root, 'cluster');
    fs.mkdirSync(dataDir, { mode: 0o700 });
    if (process.getuid?.() === 0) execFileSync('chown', ['postgres:postgres', dataDir]);
    port = await freePort();
    asPostgres(path.join(PG_BIN, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
    pgCtl('-w', '-l', path.join(dataDir, 'server.log'), '-o', `-p ${port} -k ${dataDir} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start');
    url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    const handle = await openDatabase({ url });
    await migrateDatabase(handle);
    const seeded = await seedTenants(handle.db);
    programId = (await seedClientWorld(handle.db, seeded, 'bank1', ['vendor1'])).programId;
    key = await apiKeyFor(seeded, 'bank1', 'viewer');
    await handle.close();
    server = await startServer({ env: { DATABASE_URL: url, DATABASE_POOL_SIZE: '5' }, logFile: path.join(root, 'app.log') });
  }, 240_000);

  afterAll(async () => {
    await server?.stop();
    try {
      pgCtl('-m', 'immediate', 'stop');
    } catch {
      // not running
    }
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('answers errors (503 DATABASE_UNAVAILABLE, no hang, no crash) during the restart and recovers by itself', async () => {
    const s = server!;
    const samples: Sample[] = [];
    let running = true;
    const t0 = Date.now();
    const worker = async () => {
      while (running) {
        const started = Date.now();
        try {
          const response = await fetch(`${s.baseUrl}/api/v1/programs/${programId}`, { headers: bearer(key), signal: AbortSignal.timeout(15_000) });
          const body = (await response.json().catch(() => ({}))) as { error?: { code?: string } };
          samples.push({ at: started - t0, ms: Date.now() - started, status: response.status, code: body.error?.code });
        } catch (error) {
          samples.push({ at: started - t0, ms: Date.now() - started, status: 0, code: String((error as Error).name) });
        }
      }
    };
    const workers = Array.from({ length: 8 }, worker);

    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const downAt = Date.now() - t0;
    // A fast shutdown terminates every connection of the pool, like a failover or a restart for an upgrade.
    pgCtl('-w', '-m', 'fast', 'stop');
    const stoppedAt = Date.now() - t0;
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    pgCtl('-w', '-l', path.join(dataDir, 'server.log'), '-o', `-p ${port} -k ${dataDir} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start');
    const upAt = Date.now() - t0;
    console.info(`stop took ${stoppedAt - downAt} ms, start ${upAt - stoppedAt - 3_000} ms`);
    // Recovery takes a moment: the guard's next probe, then each pooled connection reconnects (at most 1 s
    // apart, db/server-pool.ts), and a stale one may fail once before it does.
    await new Promise((resolve) => setTimeout(resolve, 8_000));
    running = false;
    await Promise.all(workers);

    const before = samples.filter((x) => x.at + x.ms < downAt);
    const during = samples.filter((x) => x.at >= downAt && x.at < upAt);
    const after = samples.filter((x) => x.at >= upAt + 3_000);
    const tally = (list: Sample[]) => Object.entries(list.reduce<Record<string, number>>((acc, x) => ({ ...acc, [`${x.status}${x.code ? ` ${x.code}` : ''}`]: (acc[`${x.status}${x.code ? ` ${x.code}` : ''}`] ?? 0) + 1 }), {}));
    console.info(`before: ${JSON.stringify(tally(before))}; down ${upAt - downAt} ms: ${JSON.stringify(tally(during))}; from 3 s after restart: ${JSON.stringify(tally(after))}`);

    const appLog = () => fs.readFileSync(path.join(root, 'app.log'), 'utf8').slice(-3000);
    const replaced = fs.readFileSync(path.join(root, 'app.log'), 'utf8').split('replaced the pool').length - 1;
    console.info(`stuck pool replaced ${replaced} time(s)`);
    expect(before.length).toBeGreaterThan(0);
    expect(before.every((x) => x.status === 200), `before the restart: ${JSON.stringify(tally(before))}\n${appLog()}`).toBe(true);
    // While it is down: answers, mostly the guard's clear 503.
    expect(during.length).toBeGreaterThan(0);
    expect(during.every((x) => x.status === 503 || x.status === 500 || x.status === 200)).toBe(true);
    const unavailable = during.filter((x) => x.status === 503);
    expect(unavailable.length).toBeGreaterThan(0);
    expect(unavailable.every((x) => x.code === 'DATABASE_UNAVAILABLE')).toBe(true);
    // Only requests in flight when the database went away fail with a 500 before the guard knows.
    expect(during.filter((x) => x.status === 500).length).toBeLessThanOrEqual(16);
    // Back without restarting the app: the same process serves every request again.
    expect(s.child.exitCode).toBeNull();
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((x) => x.status === 200), JSON.stringify(tally(after))).toBe(true);
    // No request hangs, at any time: a query caught on a connection as the server closed it is settled with
    // an error, and its connection reconnects at once (patches/postgres+3.4.9.patch; before it, such a
    // connection waited for connect_timeout and its requests for the client's timeout).
    const hung = samples.filter((x) => x.status === 0);
    const serverLog = () => fs.readFileSync(path.join(dataDir, 'server.log'), 'utf8').slice(-3000);
    expect(hung, `hung requests at ${JSON.stringify(hung.map((x) => x.at - downAt))} ms from the shutdown\n${appLog()}\n${serverLog()}`).toEqual([]);
    const health = await fetch(`${s.baseUrl}/healthz`);
    expect(health.status).toBe(200);
  }, 120_000);
});
