import { describe, expect, it } from 'vitest';
import { parseEnv, sessionSecret } from '../../../app/lib/env.server';

describe('the environment', () => {
  it('refuses production without SESSION_SECRET on either engine', () => {
    expect(() => parseEnv({ NODE_ENV: 'production' })).toThrow(/SESSION_SECRET must be set in production/);
    expect(() => parseEnv({ NODE_ENV: 'production', DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres' })).toThrow(/SESSION_SECRET must be set in production/);
  });

  it('takes production with a SESSION_SECRET, and development without one (the public development value)', () => {
    expect(sessionSecret(parseEnv({ NODE_ENV: 'production', SESSION_SECRET: 'a production secret of some length' }))).toBe('a production secret of some length');
    expect(sessionSecret(parseEnv({}))).toBe('outpost-development-secret-do-not-use');
  });
});
