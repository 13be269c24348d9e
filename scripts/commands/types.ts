import type { ParseArgsConfig } from 'node:util';
import type { Database } from '#db/client';
import type { CliIo } from '../cli';

export interface CliCommand {
  /** Words that select the command, e.g. ['api-key', 'create']. */
  name: string[];
  summary: string;
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  run(args: { db: Database; values: Record<string, string | boolean | undefined>; io: CliIo }): Promise<number>;
}
