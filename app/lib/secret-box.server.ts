/**
 * Secrets the app must read back (webhook signing secrets), sealed for storage with AES-256-GCM:
 *   v1:<iv>:<tag>:<ciphertext>   (base64url, 12-byte random IV, 16-byte tag)
 * Each value is bound to its row by the additional authenticated data (e.g.
 * `webhook_endpoints:<orgId>:<id>`), so a sealed value copied onto another row, or into another org,
 * does not open. The key is OUTPOST_DATA_KEY, else HKDF-SHA256 of the session secret; a database dump
 * without the key reveals no secret. Opening never returns garbage: anything not sealed, altered,
 * sealed for another row or under another key throws SecretBoxError.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { getEnv, sessionSecret, type Env } from './env.server';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Changing it changes the derived key, so it is part of the stored format's contract. */
const HKDF_INFO = 'outpost data key v1';

/**
 * The exact shape of a sealed value (16 and 22 are the unpadded base64url lengths of the IV and the tag).
 * The same text is a valid PostgreSQL regular expression, for finding values still in plain text.
 */
export const SEALED_PATTERN = '^v1:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]*$';
const SEALED = new RegExp(SEALED_PATTERN);

export type SecretBoxFailure = 'not_sealed' | 'unauthentic';

/** Never carries the value itself: messages end up in logs and delivery rows. */
export class SecretBoxError extends Error {
  readonly reason: SecretBoxFailure;
  constructor(reason: SecretBoxFailure) {
    super(
      reason === 'not_sealed'
        ? 'The stored value is not a sealed secret (expected v1:<iv>:<tag>:<ciphertext>).'
        : 'The sealed secret failed authentication: altered, sealed for another row, or sealed under another data key.',
    );
    this.name = 'SecretBoxError';
    this.reason = reason;
  }
}

/** Whether a stored value has the sealed shape; anything else is treated as legacy plain text by callers. */
export function isSealed(value: string): boolean {
  return SEALED.test(value);
}

/** The 32-byte data key of an environment: OUTPOST_DATA_KEY (already decoded by env.server.ts) or derived. */
export function dataKeyFor(env: Env): Buffer {
  if (env.OUTPOST_DATA_KEY) return env.OUTPOST_DATA_KEY;
  return Buffer.from(hkdfSync('sha256', sessionSecret(env), Buffer.alloc(0), HKDF_INFO, 32));
}

let processKey: Buffer | undefined;
/** The process's data key (the environment is read once, like getEnv). */
export function dataKey(): Buffer {
  processKey ??= dataKeyFor(getEnv());
  return processKey;
}

export function sealSecret(plain: string, aad: string, key: Buffer = dataKey()): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join(':');
}

export function openSecret(sealed: string, aad: string, key: Buffer = dataKey()): string {
  if (!isSealed(sealed)) throw new SecretBoxError('not_sealed');
  const [, iv, tag, ciphertext] = sealed.split(':') as [string, string, string, string];
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  try {
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    // final() throws "Unsupported state or unable to authenticate data" for any mismatch.
    throw new SecretBoxError('unauthentic');
  }
}
