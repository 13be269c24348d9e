import { hkdfSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseEnv } from '../../../app/lib/env.server';
import { dataKeyFor, isSealed, openSecret, sealSecret, SecretBoxError } from '../../../app/lib/secret-box.server';

const KEY = randomBytes(32);
const AAD = 'webhook_endpoints:11111111-1111-4111-8111-111111111111:22222222-2222-4222-8222-222222222222';
const SECRET = 'whsec_0123456789abcdef0123456789abcdef';

/** The error openSecret threw, so its reason can be asserted (not just "something threw"). */
function failureOf(open: () => string): SecretBoxError {
  try {
    open();
  } catch (e) {
    expect(e).toBeInstanceOf(SecretBoxError);
    return e as SecretBoxError;
  }
  throw new Error('expected the value not to open');
}

/** Flips one bit of a base64url field of a sealed value, keeping the sealed shape. */
function flip(sealed: string, field: 1 | 2 | 3): string {
  const parts = sealed.split(':');
  const bytes = Buffer.from(parts[field]!, 'base64url');
  bytes[0] = bytes[0]! ^ 0x01;
  parts[field] = bytes.toString('base64url');
  return parts.join(':');
}

describe('secret box (AES-256-GCM)', () => {
  it('seals to v1:<iv>:<tag>:<ciphertext> without the plain text, and opens back to it', () => {
    const sealed = sealSecret(SECRET, AAD, KEY);
    expect(sealed).toMatch(/^v1:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain(SECRET);
    expect(isSealed(sealed)).toBe(true);
    expect(openSecret(sealed, AAD, KEY)).toBe(SECRET);
    // A fresh IV each time: the same secret never seals to the same text.
    expect(sealSecret(SECRET, AAD, KEY)).not.toBe(sealed);
    for (const plain of ['', 'ünïcødé ✓ secret', 'x'.repeat(200)]) expect(openSecret(sealSecret(plain, AAD, KEY), AAD, KEY)).toBe(plain);
  });

  it('refuses an altered IV, tag or ciphertext', () => {
    const sealed = sealSecret(SECRET, AAD, KEY);
    for (const field of [1, 2, 3] as const) expect(failureOf(() => openSecret(flip(sealed, field), AAD, KEY)).reason).toBe('unauthentic');
  });

  it('refuses a value sealed for another row (different additional data)', () => {
    const sealed = sealSecret(SECRET, AAD, KEY);
    const otherOrg = AAD.replace('11111111-1111-4111-8111-111111111111', '33333333-3333-4333-8333-333333333333');
    const error = failureOf(() => openSecret(sealed, otherOrg, KEY));
    expect(error.reason).toBe('unauthentic');
    expect(error.message).toContain('sealed for another row');
    expect(error.message).not.toContain(SECRET);
  });

  it('refuses a value sealed under another key', () => {
    const sealed = sealSecret(SECRET, AAD, KEY);
    expect(failureOf(() => openSecret(sealed, AAD, randomBytes(32))).reason).toBe('unauthentic');
  });

  it('refuses values that are not sealed, never returning them', () => {
    for (const value of [SECRET, 'v1:', 'v1:abc:def:ghi', `v2${sealSecret(SECRET, AAD, KEY).slice(2)}`, `${sealSecret(SECRET, AAD, KEY)}:extra`]) {
      expect(isSealed(value), value).toBe(false);
      const error = failureOf(() => openSecret(value, AAD, KEY));
      expect(error.reason).toBe('not_sealed');
      expect(error.message).not.toContain(SECRET);
    }
  });
});

describe('data key', () => {
  const hex = KEY.toString('hex');
  it('reads OUTPOST_DATA_KEY as 64 hex digits, base64 or base64url', () => {
    expect(dataKeyFor(parseEnv({ OUTPOST_DATA_KEY: hex }))).toEqual(KEY);
    expect(dataKeyFor(parseEnv({ OUTPOST_DATA_KEY: KEY.toString('base64') }))).toEqual(KEY);
    expect(dataKeyFor(parseEnv({ OUTPOST_DATA_KEY: ` ${KEY.toString('base64url')}\n` }))).toEqual(KEY);
  });

  it('stops with a clear message on a malformed key', () => {
    for (const value of ['too-short', hex.slice(2), `${hex}00`, randomBytes(16).toString('base64'), randomBytes(48).toString('base64'), `${hex.slice(1)}g`]) {
      expect(() => parseEnv({ OUTPOST_DATA_KEY: value }), value).toThrow(/^Invalid environment: OUTPOST_DATA_KEY: must be 32 bytes written as 64 hex digits or as base64/);
    }
  });

  it('without OUTPOST_DATA_KEY, derives it from the session secret with HKDF-SHA256', () => {
    const sessionSecret = 'a session secret of some length';
    const derived = dataKeyFor(parseEnv({ SESSION_SECRET: sessionSecret }));
    expect(derived).toEqual(Buffer.from(hkdfSync('sha256', sessionSecret, Buffer.alloc(0), 'outpost data key v1', 32)));
    expect(derived).toHaveLength(32);
    expect(dataKeyFor(parseEnv({ SESSION_SECRET: sessionSecret, OUTPOST_DATA_KEY: '' }))).toEqual(derived);
    expect(dataKeyFor(parseEnv({ SESSION_SECRET: 'another session secret, longer' }))).not.toEqual(derived);
    // A key set explicitly wins over the derivation.
    expect(dataKeyFor(parseEnv({ SESSION_SECRET: sessionSecret, OUTPOST_DATA_KEY: hex }))).toEqual(KEY);
  });
});
