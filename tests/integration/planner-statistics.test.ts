import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeStaleTables, staleTables } from '../../db/analyze';
import { queryRows } from '../../db/client';
import { createTestDatabase, type TestDatabase } from '../support/db';

/**
 * PGlite has no autovacuum, so the server analyzes stale tables itself (db/analyze.ts, called by
 * server/main.ts at start and every minute). A table with rows and no statistics is stale; after the
 * ANALYZE it is not, until it grows by more than a fifth. On the PostgreSQL server autovacuum does this
 * and analyzeStaleTables leaves it alone.
 */
let handle: TestDatabase;

beforeAll(async () => {
  handle = await createTestDatabase();
  await handle.db.execute(sql`create table planner_probe (id int primary key, note text)`);
  await handle.db.execute(sql`insert into planner_probe select g, 'row ' || g from generate_series(1, 20000) g`);
});
afterAll(() => handle?.close());

const reltuples = async () => Number((await queryRows<{ n: number }>(handle.db, sql`select reltuples::float8 as n from pg_class where relname = 'planner_probe'`))[0]!.n);

const engine = process.env.DATABASE_URL ? 'postgres' : 'pglite';

describe(`planner statistics (${engine})`, () => {
  it('finds a filled table that was never analyzed', async () => {
    expect(await staleTables(handle)).toContain('planner_probe');
  });

  it('on PGlite analyzes it, then not again until it grows by more than a fifth; on the server leaves it to autovacuum', async () => {
    if (engine === 'postgres') {
      expect(await analyzeStaleTables(handle)).toEqual([]);
      return;
    }
    expect(await analyzeStaleTables(handle)).toContain('planner_probe');
    expect(await reltuples()).toBe(20000);
    expect(await staleTables(handle)).not.toContain('planner_probe');
    expect(await analyzeStaleTables(handle)).not.toContain('planner_probe');
    await handle.db.execute(sql`insert into planner_probe select g, 'row ' || g from generate_series(20001, 22000) g`);
    expect(await staleTables(handle), 'a tenth more is not enough').not.toContain('planner_probe');
    await handle.db.execute(sql`insert into planner_probe select g, 'row ' || g from generate_series(22001, 30000) g`);
    expect(await analyzeStaleTables(handle)).toContain('planner_probe');
    expect(await reltuples()).toBe(30000);
  });
});
