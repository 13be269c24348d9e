import { z } from 'zod';

const EnvSchema = z.object({
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
