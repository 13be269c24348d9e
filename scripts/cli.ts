/**
 * Operator CLI: `npm run cli -- <command> [options]`. Each command lives in scripts/commands/<name>.ts
 * and is registered below. Commands open the same database the portal uses (DATABASE_URL, or PGlite in
 * DATA_DIR: refused with a clear message while the portal has it open).
 */
import { parseArgs } from 'node:util';
import { openDatabase, type DbHandle } from '#db/client';
import { migrateDatabase } from '#db/migrate';
import { getEnv } from '#app/lib/env.server';
import { COMMANDS } from './commands/index';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

async function main(argv: string[]): Promise<number> {
  const io: CliIo = { out: (l) => process.stdout.write(`${l}\n`), err: (l) => process.stderr.write(`${l}\n`) };
  const words: string[] = [];
  for (const arg of argv) {
    if (arg.startsWith('-')) break;
    words.push(arg);
  }
  const match = COMMANDS.find((c) => c.name.join(' ') === words.slice(0, c.name.length).join(' '));
  if (!match) {
    io.err(words.length ? `Unknown command: ${words.join(' ')}` : 'Usage: npm run cli -- <command> [options]');
    io.err('Commands:');
    for (const c of COMMANDS) io.err(`  ${c.name.join(' ').padEnd(20)} ${c.summary}`);
    return 2;
  }
  let parsed;
  try {
    parsed = parseArgs({ args: argv.slice(match.name.length), options: match.options, allowPositionals: false, strict: true });
  } catch (error) {
    io.err(`${(error as Error).message}\n${match.usage}`);
    return 2;
  }
  const env = getEnv();
  let handle: DbHandle | undefined;
  try {
    handle = await openDatabase({ url: env.DATABASE_URL, dataDir: env.DATA_DIR });
    await migrateDatabase(handle);
    return await match.run({ db: handle.db, values: parsed.values as Record<string, string | boolean | undefined>, io });
  } catch (error) {
    io.err(`Error: ${(error as Error).message}`);
    return 1;
  } finally {
    await handle?.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
