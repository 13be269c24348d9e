import { openDatabase, type Database, type DbHandle } from '#db/client';
import { migrateDatabase } from '#db/migrate';
import { getEnv } from './env.server';

declare global {
  // One database per process, shared by the server entry, the Remix build and dev-mode reloads.
  var __outpostDb: Promise<DbHandle> | undefined;
}

/** Opens (and migrates) the database once per process. Tests and the server set it up front. */
export function getDbHandle(): Promise<DbHandle> {
  if (!globalThis.__outpostDb) {
    const env = getEnv();
    globalThis.__outpostDb = (async () => {
      const handle = await openDatabase({ url: env.DATABASE_URL, dataDir: env.DATA_DIR });
      await migrateDatabase(handle);
      return handle;
    })();
    globalThis.__outpostDb.catch(() => {
      globalThis.__outpostDb = undefined;
    });
  }
  return globalThis.__outpostDb;
}

export async function getDb(): Promise<Database> {
  return (await getDbHandle()).db;
}

/** Installs an already-open database as the process's database (server start-up, tests). */
export function installDatabase(handle: DbHandle): void {
  globalThis.__outpostDb = Promise.resolve(handle);
}
