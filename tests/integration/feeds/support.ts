/** A database with two clients and two vendors (programs seed), a temp blob store, and feed helpers. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { queryRows, type Database } from '../../../db/client';
import { unsafeWithoutTenant } from '../../../db/tenant';
import { FileBlobStore, setBlobStore } from '../../../app/lib/blob-store.server';
import type { ServiceCtx } from '../../../app/services/context';
import { ingestUpload, type IngestInput } from '../../../app/services/feeds/ingest.server';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { seedTenants, type SeededTenants } from '../../support/tenants';
import { seedClientWorld, type ClientWorld } from '../programs/seed';

export interface FeedWorld {
  handle: TestDatabase;
  seeded: SeededTenants;
  bank1: ClientWorld;
  bank2: ClientWorld;
  uploadsDir: string;
  close(): Promise<void>;
}

export async function createFeedWorld(): Promise<FeedWorld> {
  const handle = await createTestDatabase();
  const seeded = await seedTenants(handle.db);
  const bank1 = await seedClientWorld(handle.db, seeded, 'bank1', ['vendor1', 'vendor2']);
  const bank2 = await seedClientWorld(handle.db, seeded, 'bank2', ['vendor1']);
  const uploadsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'outpost-uploads-'));
  setBlobStore(new FileBlobStore(uploadsDir));
  return {
    handle,
    seeded,
    bank1,
    bank2,
    uploadsDir,
    close: async () => {
      setBlobStore(undefined);
      fs.rmSync(uploadsDir, { recursive: true, force: true });
      await handle.close();
    },
  };
}

export async function* bytes(content: string | Uint8Array, chunkSize = 4096): AsyncGenerator<Uint8Array> {
  const all = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  for (let i = 0; i < all.length; i += chunkSize) yield all.subarray(i, i + chunkSize);
}

export function upload(ctx: ServiceCtx, unitId: string, content: string | Uint8Array, over: Partial<IngestInput> = {}) {
  return ingestUpload(ctx, { unitId, fileName: 'feed.csv', contentType: 'text/csv', body: bytes(content), ...over });
}

export const INTERVAL_HEADER = 'interval_start,interval_minutes,queue,channel,threshold_s,offered,handled,answered_within_threshold,abandoned,wait_s,talk_s';

/** Canonical interval rows for one Taipei day, every 15 minutes from `fromHour` to `toHour`. */
export function dayOfIntervals(day: string, options: { queue?: string; fromHour?: number; toHour?: number; offered?: number; threshold?: number } = {}): string {
  const lines = [INTERVAL_HEADER];
  const { queue = 'VIP line', fromHour = 8, toHour = 12, offered = 10, threshold = 20 } = options;
  for (let h = fromHour; h < toHour; h++) {
    for (const m of [0, 15, 30, 45]) {
      const start = `${day}T${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:00+08:00`;
      const o = offered + h;
      lines.push(`${start},15,${queue},voice,${threshold},${o},${o - 2},${o - 4},2,${(o - 2) * 12}.5,${(o - 2) * 180}`);
    }
  }
  return lines.join('\r\n') + '\r\n';
}

/** A checksum of every stored fact row (all columns), to prove a rejected file changed nothing. */
export async function factsChecksum(db: Database): Promise<string> {
  return unsafeWithoutTenant(db, async (tx) => {
    const rows = await queryRows<{ sum: string | null; n: number }>(
      tx,
      sql`select md5(string_agg(t::text, '|' order by t::text)) as sum, count(*)::int as n from (
            select f::text as t from interval_facts f union all select c::text from contact_records c
            union all select d::text from interval_daily_rollups d) x`,
    );
    return `${rows[0]?.n}:${rows[0]?.sum ?? ''}`;
  });
}

export async function sumCurrent(db: Database, unitId: string, column: string): Promise<number> {
  const rows = await unsafeWithoutTenant(db, (tx) =>
    queryRows<{ s: string | null }>(tx, sql`select sum(${sql.raw(`"${column}"`)})::text as s from interval_facts where unit_id = ${unitId} and superseded_by_upload_id is null`),
  );
  return Number(rows[0]?.s ?? 0);
}

export async function sumRollups(db: Database, unitId: string, column: string): Promise<number> {
  const rows = await unsafeWithoutTenant(db, (tx) =>
    queryRows<{ s: string | null }>(tx, sql`select sum(${sql.raw(`"${column}"`)})::text as s from interval_daily_rollups where unit_id = ${unitId}`),
  );
  return Number(rows[0]?.s ?? 0);
}
