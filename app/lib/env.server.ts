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

const EnvSchema = BillingEnvSchema.extend({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().positive().default(3000),
  /** postgres://… selects the PostgreSQL server; unset selects embedded PGlite in DATA_DIR. */
  DATABASE_URL: z.string().url().optional().or(z.literal('').transform(() => undefined)),
  DATA_DIR: z.string().default('.data'),
  /** Secret used to sign cookies. A fixed development value is used when unset outside production. */
  SESSION_SECRET: z.string().min(16).optional(),
  /** Public base URL used in e-mailed links. */
  APP_URL: z.string().url().optional(),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('Outpost <no-reply@outpost.local>'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Env = z.infer<typeof EnvSchema>;

let cached: Env | undefined;

export function getEnv(): Env {
  if (cached) return cached;
  const parsed = EnvSchema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid environment: ${problems}`);
  }
  if (parsed.data.NODE_ENV === 'production' && !parsed.data.SESSION_SECRET && parsed.data.DATABASE_URL) {
    throw new Error('SESSION_SECRET must be set in production when running against a PostgreSQL server.');
  }
  cached = parsed.data;
  return cached;
}

export function sessionSecret(): string {
  return getEnv().SESSION_SECRET ?? 'outpost-development-secret-do-not-use';
}
