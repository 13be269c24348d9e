import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, type Database } from '../../../db/client';
import { feedUploads } from '../../../db/schema/index';
import { unsafeWithoutTenant } from '../../../db/tenant';
import { AppError } from '../../../app/lib/errors';
import type { IngestProgress } from '../../../app/services/feeds/ingest.server';
import { INTERRUPTED_MESSAGE, RECOVERY_GRACE_MS, recoverInterruptedUploads } from '../../../app/services/feeds/recover-interrupted.server';
import { createFeedWorld, dayOfIntervals, upload, type FeedWorld } from './support';

/**
 * Interrupted-upload recovery tells a live import from a dead one by the row lock the import holds on its
 * upload (skip locked), not by the upload's age; a short grace age covers the moment between recording
 * the upload and the import's first statement.
 */

const engine = process.env.DATABASE_URL ? 'postgres' : 'pglite';

let world: FeedWorld;
beforeAll(async () => {
  world = await createFeedWorld();
}, 180_000);
afterAll(() => world?.close());

const unitId = () => world.bank1.vendorUnitIds.vendor1!;

/** A bare upload row as ingestUpload records it before importing. */
async function insertUpload(over: Partial<typeof feedUploads.$inferInsert>) {
  const [row] = await unsafeWithoutTenant(world.handle.db, (tx) =>
    tx
      .insert(feedUploads)
      .values({
        clientOrgId: world.seeded.orgs.bank1.id,
        unitId: unitId(),
        vendorOrgId: world.seeded.orgs.vendor1.id,
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

async function uploadRow(id: string) {
  const [row] = await unsafeWithoutTenant(world.handle.db, (tx) => tx.select().from(feedUploads).where(eq(feedUploads.id, id)));
  return row!;
}

async function failAudits(id: string) {
  return queryRows<{ org_id: string; actor_label: string }>(world.handle.db, sql`select org_id, actor_label from audit_events where action = 'feed_upload.fail' and object_id = ${id}`);
}

/** Every test leaves no upload 'received', so the next one's recovery sees only its own. */
async function settleLeftovers() {
  await unsafeWithoutTenant(world.handle.db, (tx) => tx.update(feedUploads).set({ status: 'rejected', completedAt: new Date() }).where(eq(feedUploads.status, 'received')));
}

describe(`recoverInterruptedUploads (${engine})`, () => {
  it('fails unlocked uploads received longer ago than the grace, releases their idempotency key, audits both orgs; younger and finished ones stay', async () => {
    const now = new Date();
    const ago = (ms: number) => new Date(now.getTime() - ms);
    const old = await insertUpload({ uploadedAt: ago(3_600_000), idempotencyKey: 'retry-me' });
    const pastGrace = await insertUpload({ uploadedAt: ago(RECOVERY_GRACE_MS + 1_000) });
    const young = await insertUpload({ uploadedAt: ago(RECOVERY_GRACE_MS - 5_000) });
    const done = await insertUpload({ status: 'rejected', uploadedAt: ago(3_600_000) });

    const recovered = await recoverInterruptedUploads(world.handle, { now });
    expect(recovered.sort()).toEqual([old.id, pastGrace.id].sort());
    expect(await uploadRow(old.id)).toMatchObject({ status: 'failed', failureMessage: INTERRUPTED_MESSAGE, idempotencyKey: null, completedAt: now });
    expect((await uploadRow(pastGrace.id)).status).toBe('failed');
    expect((await uploadRow(young.id)).status).toBe('received');
    expect((await uploadRow(done.id)).status).toBe('rejected');
    const audits = await failAudits(old.id);
    expect(audits.map((a) => a.org_id).sort()).toEqual([world.seeded.orgs.bank1.id, world.seeded.orgs.vendor1.id].sort());
    expect(audits.map((a) => a.actor_label)).toEqual(['system: recovery', 'system: recovery']);
    // Once failed, never again (no second audit).
    expect(await recoverInterruptedUploads(world.handle, { now })).toEqual([]);
    expect(await failAudits(old.id)).toHaveLength(2);

    // The young one is taken once it is past the grace.
    expect(await recoverInterruptedUploads(world.handle, { now: new Date(now.getTime() + 10_000) })).toEqual([young.id]);
  });

  it(`at start-up ${engine === 'pglite' ? 'on PGlite every received upload is abandoned, however young' : 'on a PostgreSQL server the grace still applies (another process may be importing)'}`, async () => {
    const young = await insertUpload({ uploadedAt: new Date(Date.now() - 2_000) });
    const recovered = await recoverInterruptedUploads(world.handle, { atStartUp: true });
    expect(recovered).toEqual(engine === 'pglite' ? [young.id] : []);
    expect((await uploadRow(young.id)).status).toBe(engine === 'pglite' ? 'failed' : 'received');
    await settleLeftovers();
  });

  it('leaves an upload whose import transaction holds its row, however old, even with no grace at all', async () => {
    const live = await insertUpload({ uploadedAt: new Date(Date.now() - 3 * 3_600_000) });
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    let finish!: () => void;
    const finishing = new Promise<void>((resolve) => (finish = resolve));
    // Stands for importStored: locks the upload first, works for a while, then records the outcome.
    const importing = unsafeWithoutTenant(world.handle.db, async (tx) => {
      await tx.select({ id: feedUploads.id }).from(feedUploads).where(eq(feedUploads.id, live.id)).for('update');
      locked();
      await finishing;
      await tx.update(feedUploads).set({ status: 'accepted', completedAt: new Date() }).where(eq(feedUploads.id, live.id));
    });
    await isLocked;
    const recovering = recoverInterruptedUploads(world.handle, { graceMs: 0 });
    if (engine === 'postgres') {
      // skip locked: recovery answers at once, without waiting for the import, and passes it by.
      expect(await recovering).toEqual([]);
      expect((await uploadRow(live.id)).status).toBe('received');
    }
    // (PGlite runs one transaction at a time: recovery waits for the import and then finds it accepted.)
    finish();
    await importing;
    expect(await recovering).toEqual([]);
    expect((await uploadRow(live.id)).status).toBe('accepted');
    expect(await failAudits(live.id)).toEqual([]);
  });

  it('an import whose upload was recovered before its transaction began stops there: the upload stays failed, nothing is stored', async () => {
    const reporter = world.seeded.ctx('vendor1', 'vendor_reporter');
    // The real database; only the start of the import's transaction is held back, as by a pool with no
    // free connection, until recovery (no grace) has failed the upload.
    let holdNextTransaction = false;
    let releaseImport!: () => void;
    const importMayBegin = new Promise<void>((resolve) => (releaseImport = resolve));
    let importWaits!: () => void;
    const importWaiting = new Promise<void>((resolve) => (importWaits = resolve));
    const db = world.handle.db;
    const gated = new Proxy(db, {
      get(target, prop) {
        if (prop === 'transaction') {
          return async (...args: Parameters<Database['transaction']>) => {
            if (holdNextTransaction) {
              holdNextTransaction = false;
              importWaits();
              await importMayBegin;
            }
            return target.transaction(...args);
          };
        }
        const value = Reflect.get(target, prop, target) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    const onProgress = (p: IngestProgress) => {
      // 'reading' with 0 rows: the upload is recorded 'received', the import transaction not begun.
      if (p.phase === 'reading' && p.rows === 0) holdNextTransaction = true;
    };
    const importing = upload({ ...reporter, db: gated }, unitId(), dayOfIntervals('2026-04-07'), { idempotencyKey: 'late-start', onProgress }).then(
      () => undefined,
      (error: unknown) => error,
    );
    await importWaiting;
    const [received] = await unsafeWithoutTenant(db, (tx) =>
      tx.select().from(feedUploads).where(and(eq(feedUploads.status, 'received'), eq(feedUploads.idempotencyKey, 'late-start'))),
    );
    expect(received).toBeDefined();
    expect(await recoverInterruptedUploads(world.handle, { graceMs: 0 })).toEqual([received!.id]);
    releaseImport();
    const error = await importing;
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('CONFLICT');
    // The verdict is written once: the import's failure does not overwrite recovery's message.
    expect(await uploadRow(received!.id)).toMatchObject({ status: 'failed', failureMessage: INTERRUPTED_MESSAGE, idempotencyKey: null });
    const facts = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from interval_facts where upload_id = ${received!.id}`);
    expect(facts[0]!.n).toBe(0);
    // Sent again with the same key: a fresh import.
    const again = await upload(reporter, unitId(), dayOfIntervals('2026-04-07'), { idempotencyKey: 'late-start' });
    expect(again.upload).toMatchObject({ status: 'accepted', rowsAccepted: 16 });
    expect(again.isReplay).toBe(false);
  });

  const PG_ONLY = engine === 'pglite' ? 'PGlite runs one transaction at a time, so no recovery can run while an import is in its transaction' : '';
  it.skipIf(PG_ONLY !== '')(
    `ingestUpload holds its upload's row from its first statement to its commit: recovery with no grace passes it by${PG_ONLY ? ` (SKIPPED: ${PG_ONLY})` : ''}`,
    async () => {
      const reporter = world.seeded.ctx('vendor1', 'vendor_reporter');
      const first = await upload(reporter, unitId(), dayOfIntervals('2026-04-09', { offered: 10 }));
      expect(first.upload.status).toBe('accepted');
      // Hold the rows the next upload supersedes: its import then waits inside its transaction, in the supersede.
      let holdRows!: () => void;
      const rowsHeld = new Promise<void>((resolve) => (holdRows = resolve));
      let releaseRows!: () => void;
      const rowsReleased = new Promise<void>((resolve) => (releaseRows = resolve));
      const holding = unsafeWithoutTenant(world.handle.db, async (tx) => {
        await tx.execute(sql`select 1 from interval_facts where upload_id = ${first.upload.id} for update`);
        holdRows();
        await rowsReleased;
      });
      await rowsHeld;
      let merging!: () => void;
      const inMerge = new Promise<void>((resolve) => (merging = resolve));
      const second = upload(reporter, unitId(), dayOfIntervals('2026-04-09', { offered: 30 }), {
        onProgress: (p) => {
          if (p.phase === 'merging' && p.step === 'supersede') merging();
        },
      });
      await inMerge;
      const [live] = await unsafeWithoutTenant(world.handle.db, (tx) => tx.select().from(feedUploads).where(eq(feedUploads.status, 'received')));
      expect(live).toBeDefined();
      expect(await recoverInterruptedUploads(world.handle, { graceMs: 0 })).toEqual([]);
      expect((await uploadRow(live!.id)).status).toBe('received');
      releaseRows();
      await holding;
      const result = await second;
      expect(result.upload).toMatchObject({ id: live!.id, status: 'accepted', revision: 2, supersededUploadIds: [first.upload.id] });
      expect(await failAudits(live!.id)).toEqual([]);
    },
  );
});
