import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { inject } from 'vitest';
import { openDatabase, type DbHandle } from '../../db/client';
import { withDatabase } from './global-setup';

export interface TestDatabase extends DbHandle {
  engine: 'pglite' | 'postgres';
}

/** A fresh, migrated database for one test file, on the engine this run uses. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const template = inject('dbTemplate');
  if (inject('dbEngine') === 'pglite') {
    const blob = new Blob([fs.readFileSync(template)]);
    return openDatabase({ dataDir: 'memory://', loadDataDir: blob });
  }
  const url = process.env.DATABASE_URL!;
  const name = `outpost_t_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  const handle = await openDatabase({ url: withDatabase(url, name) });
  return {
    ...handle,
    close: async () => {
      await handle.close();
      await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    },
  };
}
