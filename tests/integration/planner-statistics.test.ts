import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeStaleTables, staleTables } from '../../db/analyze';
import { queryRows } from '../../db/client';
import { createTestDatabase, type TestDatabase } from '../support/db';

/**
 * The app analyzes stale tables itself on both engines (db/analyze.ts, called by server/jobs.ts at start
 * and every minute, and by an accepted feed upload for its own tables): PGlite has no autovacuum, and a
 * server's may be off (this machine's is) or behind a bulk load. A table with rows and no statistics is
 * stale; after the ANALYZE it is not, until it grows by more than a fifth.
 */
let handle: TestDatabase;

beforeAll(async () => {
  handle = await createTestDatabase();
  await handle.db.execute(sql`create table planner_probe (id int primary key, note text)`);
  await handle.db.execute(sql`insert into planner_probe select g, 'row ' || g from generate_series(1, 20000) g`);
  await handle.db.execute(sql`create table planner_other (id int primary key)`);
  await handle.db.execute(sql`insert into planner_other select g from generate_series(1, 5000) g`);
});
afterAll(() => handle?.close());

const reltuples = async () => Number((await queryRows<{ n: number }>(handle.db, sql`select reltuples::float8 as n from pg_class where relname = 'planner_probe'`))[0]!.n);

const engine = process.env.DATABASE_URL ? 'postgres' : 'pglite';

describe(`planner statistics (${engine})`, () => {
  it('finds a filled table that was never analyzed', async () => {
    expect(await staleTables(handle.db)).toContain('planner_probe');
  });

  it('analyzes only the named tables when asked to', async () => {
    expect(await analyzeStaleTables(handle.db, ['planner_other'])).toEqual(['planner_other']);
    expect(await staleTables(handle.db)).toContain('planner_probe');
    expect(await staleTables(handle.db, [])).toEqual([]);
  });

  it('analyzes it, then not again until it grows by more than a fifth', async () => {
    expect(await analyzeStaleTables(handle.db)).toContain('planner_probe');
    expect(await reltuples()).toBe(20000);
    expect(await staleTables(handle.db)).not.toContain('planner_probe');
    expect(await analyzeStaleTables(handle.db)).not.toContain('planner_probe');
    await handle.db.execute(sql`insert into planner_probe select g, 'row ' || g from generate_series(20001, 22000) g`);
    expect(await staleTables(handle.db), 'a tenth more is not enough').not.toContain('planner_probe');
    await handle.db.execute(sql`insert into planner_probe select g, 'row ' || g from generate_series(22001, 30000) g`);
    expect(await analyzeStaleTables(handle.db)).toContain('planner_probe');
    expect(await reltuples()).toBe(30000);
  });
});
