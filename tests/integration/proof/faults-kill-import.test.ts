import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { openDatabase, queryRows, type DbHandle } from '../../../db/client';
import { feedUploads } from '../../../db/schema/index';
import { unsafeWithoutTenant } from '../../../db/tenant';
import { INTERRUPTED_MESSAGE, recoverInterruptedUploads } from '../../../app/services/feeds/recover-interrupted.server';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { sessionCookieFor } from '../../support/http';
import { withDatabase } from '../../support/global-setup';
import { seedTenants, type SeededTenants } from '../../support/tenants';
import { apiKeyFor, bearer } from '../api/helpers';
import { seedClientWorld, type ClientWorld } from '../programs/seed';
import { startServer, type ServerProcess } from './server-process';

/**
 * A crash in the middle of a large import: the import's transaction dies with the process, so no row of
 * the file is stored; at the next start the upload is marked failed (recoverInterruptedUploads) and the
 * same file can be sent again.
 */

const engine = process.env.DATABASE_URL ? 'postgres' : 'pglite';

async function insertUpload(db: DbHandle['db'], world: ClientWorld, seeded: SeededTenants, over: Partial<typeof feedUploads.$inferInsert>) {
  // A bare upload row as ingestUpload writes it before importing; tests only.
  const [row] = await unsafeWithoutTenant(db, (tx) =>
    tx
      .insert(feedUploads)
      .values({
        clientOrgId: seeded.orgs.bank1.id,
        unitId: world.vendorUnitIds.vendor1!,
        vendorOrgId: seeded.orgs.vendor1.id,
        kind: 'intervals',
        fileName: 'x.csv',
        contentType: 'text/csv',
        byteSize: 1,
        sha256: randomUUID().replace(/-/g, ''),
        storageKey: 'k',
        uploadedByLabel: 'test',
        ...over,
      })
      .returning(),
  );
  return row!;
}

describe('recoverInterruptedUploads', () => {
  let handle: TestDatabase;
  let seeded: SeededTenants;
  let world: ClientWorld;
  beforeAll(async () => {
    handle = await createTestDatabase();
    seeded = await seedTenants(handle.db);
    world = await seedClientWorld(handle.db, seeded, 'bank1', ['vendor1']);
  }, 180_000);
  afterAll(() => handle?.close());

  it('fails uploads left received, releases their idempotency key, audits it for both orgs, and leaves finished ones alone', async () => {
    const now = new Date('2026-11-20T12:00:00Z');
    const old = await insertUpload(handle.db, world, seeded, { uploadedAt: new Date(now.getTime() - 3_600_000), idempotencyKey: 'retry-me' });
    const fresh = await insertUpload(handle.db, world, seeded, { uploadedAt: new Date(now.getTime() - 60_000) });
    const done = await insertUpload(handle.db, world, seeded, { status: 'rejected', uploadedAt: new Date(now.getTime() - 3_600_000) });
    const recovered = await recoverInterruptedUploads(handle, { now, staleAfterMs: 30 * 60_000 });
    // PGlite has one process by construction, so even the minute-old upload is abandoned there.
    expect(recovered.sort()).toEqual((engine === 'pglite' ? [old.id, fresh.id] : [old.id]).sort());
    const rows = await unsafeWithoutTenant(handle.db, (tx) => tx.select().from(feedUploads));
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(old.id)).toMatchObject({ status: 'failed', failureMessage: INTERRUPTED_MESSAGE, idempotencyKey: null, completedAt: now });
    expect(byId.get(fresh.id)!.status).toBe(engine === 'pglite' ? 'failed' : 'received');
    expect(byId.get(done.id)!.status).toBe('rejected');
    const audits = await queryRows<{ org_id: string }>(handle.db, sql`select org_id from audit_events where action = 'feed_upload.fail' and object_id = ${old.id}`);
    expect(audits.map((a) => a.org_id).sort()).toEqual([seeded.orgs.bank1.id, seeded.orgs.vendor1.id].sort());
    expect(await recoverInterruptedUploads(handle, { now, staleAfterMs: 30 * 60_000 })).toEqual(engine === 'pglite' ? [] : []);
  });
});

const ROWS = Number(process.env.OUTPOST_FAULT_ROWS ?? 200_000);

/** `variant` changes one value, so each attempt's file has its own checksum (and blob). */
function largeCsv(rows: number, variant: number): string {
  const start = Date.parse('2020-01-01T00:00:00+08:00');
  const lines = ['interval_start,interval_minutes,queue,channel,threshold_s,offered,handled,answered_within_threshold,abandoned,wait_s,talk_s'];
  for (let i = 0; i < rows; i++) {
    const at = new Date(start + i * 15 * 60_000).toISOString().replace('.000Z', '+00:00');
    const offered = 20 + (i % 37) + (i === 0 ? variant : 0);
    lines.push(`${at},15,VIP line,voice,20,${offered},${offered - 2},${offered - 6},2,${offered * 9},${offered * 240}`);
  }
  return `${lines.join('\n')}\n`;
}

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
