import pino from 'pino';

/** Structured JSON logs. Each request logs with its request id (see server/main.ts). */
export const logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info'),
  base: { service: 'outpost' },
  redact: ['req.headers.cookie', 'req.headers.authorization', 'password', 'token'],
});
