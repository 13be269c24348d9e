import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../db/client';
import { migrateDatabase } from '../../db/migrate';

declare module 'vitest' {
  export interface ProvidedContext {
    /** PGlite: path of a migrated data-directory dump. PostgreSQL: name of a migrated template database. */
    dbTemplate: string;
    dbEngine: 'pglite' | 'postgres';
  }
}

/**
 * Migrates once per run; each test file then starts from a copy (PGlite: loadDataDir of a dump;
 * PostgreSQL: CREATE DATABASE … TEMPLATE), so files never share state and never re-run migrations.
 */
export default async function setup(project: TestProject) {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const pg = await PGlite.create();
    await migrate(drizzle(pg), { migrationsFolder: 'db/migrations' });
    const dump = await pg.dumpDataDir('none');
    await pg.close();
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'outpost-test-')), 'template.tar');
    fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
    project.provide('dbTemplate', file);
    project.provide('dbEngine', 'pglite');
    return () => fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
  const template = `outpost_tpl_${process.pid}_${Date.now()}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE "${template}"`);
  const handle = await openDatabase({ url: withDatabase(url, template) });
  await migrateDatabase(handle);
  await handle.close();
  await admin.unsafe(`ALTER DATABASE "${template}" WITH ALLOW_CONNECTIONS false`);
  project.provide('dbTemplate', template);
  project.provide('dbEngine', 'postgres');
  return async () => {
    await admin.unsafe(`ALTER DATABASE "${template}" WITH ALLOW_CONNECTIONS true`);
    await admin.unsafe(`DROP DATABASE IF EXISTS "${template}"`);
    await admin.end();
  };
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
