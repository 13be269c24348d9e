import { DATA_KEY_PROBLEM, getEnv, parseDataKey, parseEnv } from '#app/lib/env.server';
import { AppError } from '#app/lib/errors';
import { dataKey, dataKeyFor } from '#app/lib/secret-box.server';
import { resealWebhookSecrets } from '#app/services/sla/webhooks.server';
import type { CliCommand } from './types';

/** The key the stored secrets were sealed with, from exactly one of the two options; a string is a usage problem. */
function oldKeyFrom(values: Record<string, string | boolean | undefined>): Buffer | string {
  const key = values['old-key'];
  const secret = values['old-session-secret'];
  if ((key === undefined) === (secret === undefined)) return 'Give exactly one of --old-key and --old-session-secret.';
  if (typeof key === 'string') return parseDataKey(key) ?? `--old-key ${DATA_KEY_PROBLEM}.`;
  if (typeof secret !== 'string') return '--old-session-secret needs a value.';
  try {
    // The same derivation as a server without OUTPOST_DATA_KEY (secret-box.server.ts), with the same check.
    return dataKeyFor(parseEnv({ SESSION_SECRET: secret }));
  } catch {
    return '--old-session-secret must have at least 16 characters, like SESSION_SECRET.';
  }
}

export const dataKeyResealCommand: CliCommand = {
  name: ['data-key', 'reseal'],
  summary: 'Re-seal stored webhook secrets under the current data key after rotating it',
  usage: 'npm run cli -- data-key reseal (--old-key <64 hex digits or base64> | --old-session-secret <previous SESSION_SECRET>)',
  options: { 'old-key': { type: 'string' }, 'old-session-secret': { type: 'string' } },
  async run({ db, values, io }) {
    const oldKey = oldKeyFrom(values);
    if (typeof oldKey === 'string') {
      io.err(`${oldKey}\n${dataKeyResealCommand.usage}`);
      return 2;
    }
    const newKey = dataKey();
    const source = getEnv().OUTPOST_DATA_KEY ? 'OUTPOST_DATA_KEY' : 'derived from SESSION_SECRET';
    if (oldKey.equals(newKey)) {
      // Most likely the new key was not set in this environment yet: running would change nothing.
      io.err(`The old key is the current data key (${source}). Set the new OUTPOST_DATA_KEY (or SESSION_SECRET) in this environment first.`);
      return 2;
    }
    let counts;
    try {
      counts = await resealWebhookSecrets(db, { oldKey, newKey });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      io.err(`Error: ${error.message}`);
      io.err('Check that the old key is the one these secrets were sealed with.');
      return 1;
    }
    io.out(`Webhook signing secrets are now sealed under the current data key (${source}):`);
    io.out(`  re-sealed from the old key: ${counts.resealed}`);
    io.out(`  already under the current key: ${counts.alreadyNew}`);
    io.out(`  legacy plain text, sealed: ${counts.legacySealed}`);
    return 0;
  },
};
