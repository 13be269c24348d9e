import { z } from 'zod';

const optionalText = z.string().optional().transform((v) => v?.trim() || undefined);

/**
 * The platform's own Stripe billing (docs/subscriptions.md). All optional: without STRIPE_SECRET_KEY and
 * STRIPE_WEBHOOK_SECRET, platform billing is off and no plan limit applies.
 */
const BillingEnvSchema = z.object({
  STRIPE_SECRET_KEY: optionalText,
  STRIPE_WEBHOOK_SECRET: optionalText,
  /** Overrides Stripe's API address, e.g. http://127.0.0.1:12111 for a local stand-in (tests). */
  STRIPE_API_BASE: z.url().optional().or(z.literal('').transform(() => undefined)),
  STRIPE_PRICE_STARTER: optionalText,
  STRIPE_PRICE_GROWTH: optionalText,
  STRIPE_PRICE_ENTERPRISE: optionalText,
  /** Public base URL of the portal for Stripe's return URLs; the request's own origin when unset. */
  APP_BASE_URL: z.url().optional().or(z.literal('').transform(() => undefined)),
});

export type BillingEnv = z.infer<typeof BillingEnvSchema>;

/**
 * Billing settings, read from the environment on every call rather than cached with the rest: they
 * decide whether limits apply, and tests switch them (and the stand-in's port) within one process.
 */
export function getBillingEnv(): BillingEnv {
  const parsed = BillingEnvSchema.safeParse(process.env);
  if (!parsed.success) throw new Error(`Invalid environment: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

export const DATA_KEY_PROBLEM = 'must be 32 bytes written as 64 hex digits or as base64 (e.g. the output of `openssl rand -base64 32`)';

/**
 * A data key as OUTPOST_DATA_KEY is written: 64 hex digits, or 32 bytes in base64 or base64url (surrounding
 * white space ignored). Null when the text is not such a key. Shared with the key-rotation command, which
 * reads the old key in the same forms.
 */
export function parseDataKey(text: string): Buffer | null {
  const trimmed = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(trimmed)) {
    const key = Buffer.from(trimmed.replace(/=$/, ''), 'base64url');
    if (key.length === 32) return key;
  }
  return null;
}

/**
 * OUTPOST_DATA_KEY, the key that seals secrets kept in the database (app/lib/secret-box.server.ts).
 * Decoded here so a malformed key stops start-up with a clear message instead of failing at the first
 * webhook delivery.
 */
const dataKeySchema = z
  .string()
  .optional()
  .transform((value, ctx) => {
    if (!value?.trim()) return undefined;
    const key = parseDataKey(value);
    if (key) return key;
    ctx.addIssue({ code: 'custom', message: DATA_KEY_PROBLEM });
    return z.NEVER;
  });

const EnvSchema = BillingEnvSchema.extend({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().positive().default(3000),
  /** postgres://… selects the PostgreSQL server; unset selects embedded PGlite in DATA_DIR. */
  DATABASE_URL: z.string().url().optional().or(z.literal('').transform(() => undefined)),
  DATA_DIR: z.string().default('.data'),
  /** Secret used to sign cookies. Required in production; a fixed development value is used when unset otherwise. */
  SESSION_SECRET: z.string().min(16).optional(),
  /** Seals stored secrets; derived from the session secret when unset (app/lib/secret-box.server.ts). */
  OUTPOST_DATA_KEY: dataKeySchema,
  /** Public base URL used in e-mailed links. */
  APP_URL: z.string().url().optional(),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('Outpost <no-reply@outpost.local>'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Env = z.infer<typeof EnvSchema>;

let cached: Env | undefined;

/** Validates an environment without caching it (getEnv caches process.env's; tests pass their own). */
export function parseEnv(env: Record<string, string | undefined>): Env {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid environment: ${problems}`);
  }
  // The development value is public: in production it would sign cookies and seal stored secrets (through
  // the derived data key) with a key anyone can read in this file, on either engine.
  if (parsed.data.NODE_ENV === 'production' && !parsed.data.SESSION_SECRET) {
    throw new Error('SESSION_SECRET must be set in production (at least 16 characters, e.g. `openssl rand -hex 32`).');
  }
  return parsed.data;
}

export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Also the source of the data key when OUTPOST_DATA_KEY is unset (app/lib/secret-box.server.ts). */
export function sessionSecret(env: Env = getEnv()): string {
  return env.SESSION_SECRET ?? 'outpost-development-secret-do-not-use';
}
