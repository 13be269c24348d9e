import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { openDatabase, queryRows, type DbHandle } from '../../../db/client';
import { INTERRUPTED_MESSAGE } from '../../../app/services/feeds/recover-interrupted.server';
import { sessionCookieFor } from '../../support/http';
import { withDatabase } from '../../support/global-setup';
import { seedTenants, type SeededTenants } from '../../support/tenants';
import { apiKeyFor, bearer } from '../api/helpers';
import { seedClientWorld, type ClientWorld } from '../programs/seed';
import { largeCsv } from './large-feed';
import { startServer, type ServerProcess } from './server-process';

/**
 * A crash in the middle of a large import: the import's transaction dies with the process, so no row of
 * the file is stored; at the next start the upload is marked failed (recoverInterruptedUploads) and the
 * same file can be sent again. Recovery's own rules (the row lock, the grace) are tested in
 * tests/integration/feeds/recover-interrupted.test.ts; a worker dying under a running cluster in
 * faults-kill-worker.test.ts.
 */

const engine = process.env.DATABASE_URL ? 'postgres' : 'pglite';

const ROWS = Number(process.env.OUTPOST_FAULT_ROWS ?? 200_000);

describe('SIGKILL during a large import, then restart', () => {
  let root: string;
  let env: Record<string, string>;
  let dropDatabase: () => Promise<void> = async () => {};
  let seeded: SeededTenants;
  let world: ClientWorld;
  let key: string;
  let cookie: string;
  let server: ServerProcess | undefined;

  async function openData(): Promise<DbHandle> {
    return env.DATABASE_URL ? openDatabase({ url: env.DATABASE_URL }) : openDatabase({ dataDir: env.DATA_DIR! });
  }

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'outpost-fault-'));
    if (engine === 'pglite') {
      env = { DATA_DIR: path.join(root, 'data'), DATABASE_URL: '', UPLOADS_DIR: path.join(root, 'uploads') };
      const handle = await openDatabase({ dataDir: env.DATA_DIR!, loadDataDir: new Blob([fs.readFileSync(inject('dbTemplate'))]) });
      await handle.close();
    } else {
      const name = `outpost_fault_${process.pid}_${Date.now()}`;
      const admin = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
      await admin.unsafe(`CREATE DATABASE "${name}" TEMPLATE "${inject('dbTemplate')}"`);
      env = { DATABASE_URL: withDatabase(process.env.DATABASE_URL!, name), UPLOADS_DIR: path.join(root, 'uploads'), OUTPOST_STALE_UPLOAD_MS: '0' };
      dropDatabase = async () => {
        await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await admin.end();
      };
    }
    const handle = await openData();
    seeded = await seedTenants(handle.db);
    world = await seedClientWorld(handle.db, seeded, 'bank1', ['vendor1']);
    key = await apiKeyFor(seeded, 'vendor1', 'vendor_admin');
    cookie = await sessionCookieFor(handle.db, seeded.userOf('vendor1', 'vendor_admin').id);
    await handle.close();
  }, 180_000);

  afterAll(async () => {
    await server?.stop();
    await dropDatabase();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it(`leaves no row of the file, shows the upload failed, and accepts the same file again (${ROWS} rows)`, async () => {
    const unitId = world.vendorUnitIds.vendor1!;
    const logFile = path.join(root, 'server.log');
    server = await startServer({ env, logFile });
    const upload = (s: ServerProcess, csv: string, idempotencyKey: string) =>
      fetch(`${s.baseUrl}/api/v1/units/${unitId}/uploads?template=canonical-intervals&fileName=big.csv`, {
        method: 'POST',
        headers: { ...bearer(key), 'content-type': 'text/csv', 'idempotency-key': idempotencyKey },
        body: csv,
      });
    const listUploads = async (s: ServerProcess) =>
      ((await (await fetch(`${s.baseUrl}/api/v1/units/${unitId}/uploads`, { headers: bearer(key) })).json()) as { uploads: Array<{ id: string; status: string }> }).uploads;

    // The import starts right after the body is stored (the blob renamed to its checksum) and the upload
    // recorded as received; when to kill inside it depends on the machine's speed, so later and later.
    let csv = '';
    let failed: { id: string; status: string } | undefined;
    const attempts: string[] = [];
    for (const [attempt, delayMs] of [500, 1500, 4000, 10_000].entries()) {
      csv = largeCsv(ROWS, attempt);
      const blob = path.join(env.UPLOADS_DIR!, seeded.orgs.bank1.id, createHash('sha256').update(csv).digest('hex'));
      const pending = upload(server, csv, `big-${attempt}`).then(
        (response) => ({ status: response.status }),
        (error: unknown) => ({ error: String(error) }),
      );
      let settled: unknown;
      void pending.then((value) => (settled = value));
      const deadline = Date.now() + 300_000;
      while (!fs.existsSync(blob) && settled === undefined && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(fs.existsSync(blob), `attempt ${attempt}: the file was never stored (${JSON.stringify(settled)}; ${attempts.join('; ')})\n${fs.readFileSync(logFile, 'utf8').slice(-2000)}`).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      await server.kill9();
      const outcome = await pending;
      expect(outcome, `the import finished within ${delayMs} ms, before the kill: raise OUTPOST_FAULT_ROWS`).toHaveProperty('error');
      server = await startServer({ env, logFile });
      const uploads = await listUploads(server);
      attempts.push(`kill ${delayMs} ms after the file was stored: ${uploads.map((u) => u.status).join(', ') || 'no upload recorded yet'}`);
      if (uploads.length > 0) {
        expect(uploads).toHaveLength(1);
        failed = uploads[0];
        break;
      }
    }
    console.info(`SIGKILL attempts: ${attempts.join('; ')}`);
    expect(failed, attempts.join('; ')).toBeDefined();
    expect(failed).toMatchObject({ status: 'failed' });
    expect(fs.readFileSync(logFile, 'utf8')).toContain('marked uploads interrupted by a previous process as failed');
    const idempotencyKey = `big-${attempts.length - 1}`;

    // The vendor's upload page says what happened and what to do.
    const page = await fetch(`${server.baseUrl}/app/feeds/uploads/${failed!.id}`, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(INTERRUPTED_MESSAGE.replace(/'/g, '&#x27;'));
    expect(fs.readFileSync(logFile, 'utf8')).toContain('marked uploads interrupted by a previous process as failed');

    // The same file with the same idempotency key: a fresh import, not a replay of the failure.
    const retryStarted = performance.now();
    const again = await upload(server, csv, idempotencyKey);
    const body = (await again.json()) as { id: string; status: string; rowsAccepted: number };
    expect(again.status, JSON.stringify(body).slice(0, 500)).toBe(201);
    expect(body).toMatchObject({ status: 'accepted', rowsAccepted: ROWS });
    console.info(`re-upload of ${ROWS} rows accepted in ${Math.round(performance.now() - retryStarted)} ms`);
    await server.stop();
    server = undefined;

    const handle = await openData();
    try {
      const counts = await queryRows<{ upload_id: string; rows: number }>(handle.db, sql`select upload_id, count(*)::int as rows from interval_facts group by upload_id`);
      expect(counts).toEqual([{ upload_id: body.id, rows: ROWS }]);
    } finally {
      await handle.close();
    }
  }, 600_000);
});
