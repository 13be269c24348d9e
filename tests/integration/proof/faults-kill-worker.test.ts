import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDatabase, queryRows, type DbHandle } from '../../../db/client';
import { INTERRUPTED_MESSAGE } from '../../../app/services/feeds/recover-interrupted.server';
import { withDatabase } from '../../support/global-setup';
import { seedTenants, type SeededTenants } from '../../support/tenants';
import { apiKeyFor, bearer } from '../api/helpers';
import { seedClientWorld, type ClientWorld } from '../programs/seed';
import { largeCsv } from './large-feed';
import { startServer, type ServerProcess } from './server-process';

/**
 * A cluster worker dies (SIGKILL) in the middle of a large import while the server keeps running: the
 * primary is not restarted, yet within seconds the upload is failed with the interrupted message (the
 * primary runs recovery when it sees the worker die; the dead import's row lock went with its
 * connection), no row of the file is stored, and the same file is accepted when sent again.
 */

const ROWS = Number(process.env.OUTPOST_FAULT_ROWS ?? 200_000);
/** "Within a few seconds": recovery runs at the worker's death and again 5 s later (server/jobs.ts). */
const RECOVERED_WITHIN_MS = 10_000;

const SKIP_REASON = !process.env.DATABASE_URL
  ? 'only with DATABASE_URL set: the server runs as a cluster of workers on PostgreSQL only (PGlite is one process)'
  : process.platform !== 'linux'
    ? 'finds the worker holding the connection through /proc (Linux only)'
    : '';

/** The cluster primary's workers: its children that run server/main.ts (tsx also forks an esbuild service). */
function workerPids(primaryPid: number): number[] {
  return fs.readdirSync('/proc').flatMap((entry) => {
    if (!/^\d+$/.test(entry)) return [];
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // "pid (comm) state ppid …": comm may hold spaces, so count from the last ')'.
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const isMain = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').some((arg) => arg.endsWith('main.ts'));
      return parent === primaryPid && isMain ? [Number(entry)] : [];
    } catch {
      return []; // exited meanwhile
    }
  });
}

/** The socket inodes of the server's ends of TCP connections from the client port `clientPort`. */
function serverSocketInodes(clientPort: number): Set<string> {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!fs.existsSync(table)) continue;
    for (const line of fs.readFileSync(table, 'utf8').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length < 10) continue;
      const remotePort = parseInt(fields[2]!.split(':')[1]!, 16);
      if (remotePort === clientPort) inodes.add(fields[9]!);
    }
  }
  return inodes;
}

/** The worker whose file descriptors include the server's end of the client's connection. */
function workerHolding(workers: number[], clientPort: number): number | undefined {
  const inodes = serverSocketInodes(clientPort);
  return workers.find((pid) => {
    try {
      return fs.readdirSync(`/proc/${pid}/fd`).some((fd) => {
        try {
          const target = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
          const match = /^socket:\[(\d+)\]$/.exec(target);
          return !!match && inodes.has(match[1]!);
        } catch {
          return false;
        }
      });
    } catch {
      return false;
    }
  });
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe.skipIf(SKIP_REASON !== '')(`a cluster worker killed mid-import${SKIP_REASON ? ` (SKIPPED: ${SKIP_REASON})` : ''}`, () => {
  let root: string;
  let env: Record<string, string>;
  let dropDatabase: () => Promise<void> = async () => {};
  let seeded: SeededTenants;
  let world: ClientWorld;
  let key: string;
  let server: ServerProcess | undefined;
  let handle: DbHandle | undefined;

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'outpost-kill-worker-'));
    const name = `outpost_killworker_${process.pid}_${Date.now()}`;
    const admin = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
    await admin.unsafe(`CREATE DATABASE "${name}" TEMPLATE "${inject('dbTemplate')}"`);
    env = {
      DATABASE_URL: withDatabase(process.env.DATABASE_URL!, name),
      UPLOADS_DIR: path.join(root, 'uploads'),
      WEB_CONCURRENCY: '2',
      DATABASE_POOL_SIZE: '4',
      // The upload is killed seconds after it was received: a grace of one second instead of a minute,
      // so recovery need not wait for its age. The row lock alone protects the running import.
      OUTPOST_STALE_UPLOAD_MS: '1000',
    };
    dropDatabase = async () => {
      await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    };
    handle = await openDatabase({ url: env.DATABASE_URL });
    seeded = await seedTenants(handle.db);
    world = await seedClientWorld(handle.db, seeded, 'bank1', ['vendor1']);
    key = await apiKeyFor(seeded, 'vendor1', 'vendor_admin');
  }, 180_000);

  afterAll(async () => {
    await server?.stop();
    await handle?.close();
    await dropDatabase();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it(`fails the upload within seconds without a restart, stores nothing of it, and accepts the same file again (${ROWS} rows)`, async () => {
    const db = handle!.db;
    const unitId = world.vendorUnitIds.vendor1!;
    const logFile = path.join(root, 'server.log');
    server = await startServer({ env, logFile });
    const primaryPid = server.child.pid!;
    let workers: number[] = [];
    for (const deadline = Date.now() + 60_000; workers.length < 2 && Date.now() < deadline; ) {
      workers = workerPids(primaryPid);
      if (workers.length < 2) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(workers, 'the primary forked two workers').toHaveLength(2);

    const csv = largeCsv(ROWS, 0);
    const idempotencyKey = 'big-worker-kill';
    const { port } = new URL(server.baseUrl);
    const uploadPath = `/api/v1/units/${unitId}/uploads?template=canonical-intervals&fileName=big.csv`;
    let clientPort: number | undefined;
    // node:http rather than fetch, for the connection's local port: it tells which worker serves it.
    const outcome = new Promise<{ status?: number; error?: string }>((resolve) => {
      const request = http.request(
        { host: '127.0.0.1', port, path: uploadPath, method: 'POST', headers: { ...bearer(key), 'content-type': 'text/csv', 'idempotency-key': idempotencyKey } },
        (response) => {
          response.resume();
          response.on('end', () => resolve({ status: response.statusCode }));
          response.on('error', (error) => resolve({ error: String(error) }));
        },
      );
      request.on('socket', (socket) => socket.on('connect', () => (clientPort = socket.localPort)));
      request.on('error', (error) => resolve({ error: String(error) }));
      request.end(csv);
    });
    let settled: { status?: number; error?: string } | undefined;
    void outcome.then((value) => (settled = value));

    // The import runs once the upload is recorded 'received' (the file stored under its checksum).
    const blob = path.join(env.UPLOADS_DIR!, seeded.orgs.bank1.id, createHash('sha256').update(csv).digest('hex'));
    let received: { id: string } | undefined;
    for (const deadline = Date.now() + 120_000; !received && settled === undefined && Date.now() < deadline; ) {
      if (fs.existsSync(blob)) [received] = await queryRows<{ id: string }>(db, sql`select id from feed_uploads where status = 'received'`);
      if (!received) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(received, `the upload was never recorded (${JSON.stringify(settled)})\n${fs.readFileSync(logFile, 'utf8').slice(-2000)}`).toBeDefined();
    // Past the grace (OUTPOST_STALE_UPLOAD_MS), so the recovery run at the worker's death may take it.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(settled, 'the import finished before the kill: raise OUTPOST_FAULT_ROWS').toBeUndefined();

    const victim = workerHolding(workers, clientPort!);
    expect(victim, `no worker holds the connection from port ${clientPort}`).toBeDefined();
    const survivor = workers.find((pid) => pid !== victim)!;
    process.kill(victim!, 'SIGKILL');
    const killedAt = performance.now();
    expect(await outcome, 'the request died with its worker').toHaveProperty('error');

    // No restart: the primary and the other worker live on, and recovery fails the upload.
    let row: { status: string; failure_message: string | null; idempotency_key: string | null } | undefined;
    while (performance.now() - killedAt < RECOVERED_WITHIN_MS) {
      [row] = await queryRows<NonNullable<typeof row>>(db, sql`select status, failure_message, idempotency_key from feed_uploads where id = ${received!.id}`);
      if (row?.status !== 'received') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const recoveredMs = Math.round(performance.now() - killedAt);
    const log = fs.readFileSync(logFile, 'utf8');
    expect(row, `${recoveredMs} ms after the kill\n${log.slice(-3000)}`).toMatchObject({ status: 'failed', failure_message: INTERRUPTED_MESSAGE, idempotency_key: null });
    console.info(`upload failed as interrupted ${recoveredMs} ms after its worker was killed`);
    expect(server.child.exitCode).toBeNull();
    expect(server.child.signalCode).toBeNull();
    expect(isAlive(primaryPid)).toBe(true);
    expect(isAlive(survivor)).toBe(true);
    expect(log).toContain('a worker died; forking a new one');
    expect(log).toContain('marked uploads whose import died with its process as failed');
    expect(log).not.toContain('marked uploads interrupted by a previous process as failed');
    const facts = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from interval_facts where upload_id = ${received!.id}`);
    expect(facts[0]!.n).toBe(0);

    // The same file with the same idempotency key, through the same running server: a fresh import.
    const again = await fetch(`${server.baseUrl}${uploadPath}`, {
      method: 'POST',
      headers: { ...bearer(key), 'content-type': 'text/csv', 'idempotency-key': idempotencyKey },
      body: csv,
    });
    const body = (await again.json()) as { id: string; status: string; rowsAccepted: number };
    expect(again.status, JSON.stringify(body).slice(0, 500)).toBe(201);
    expect(body).toMatchObject({ status: 'accepted', rowsAccepted: ROWS });
    expect(body.id).not.toBe(received!.id);
    expect(server.child.pid).toBe(primaryPid);
    const counts = await queryRows<{ upload_id: string; rows: number }>(db, sql`select upload_id, count(*)::int as rows from interval_facts group by upload_id`);
    expect(counts).toEqual([{ upload_id: body.id, rows: ROWS }]);
  }, 600_000);
});
