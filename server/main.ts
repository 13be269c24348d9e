/**
 * Production entry: opens and migrates the database, seeds the demo on first run, then serves the
 * Remix build with express. `npm start` builds first; `npm run serve` starts an existing build.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequestHandler } from '@remix-run/express';
import type { ServerBuild } from '@remix-run/node';
import compression from 'compression';
import express from 'express';
import { openDatabase } from '#db/client';
import { migrateDatabase } from '#db/migrate';
import { getEnv } from '#app/lib/env.server';
import { useDatabase } from '#app/lib/db.server';
import { logger } from '#app/lib/logger.server';
import { seedDemo } from '#app/services/demo-seed.server';
import { securityHeaders } from './security-headers';

const started = performance.now();
const env = getEnv();
const handle = await openDatabase({ url: env.DATABASE_URL, dataDir: env.DATA_DIR });
await migrateDatabase(handle);
useDatabase(handle);
if (process.env.OUTPOST_SEED_DEMO !== '0' && (await seedDemo(handle.db))) logger.info('seeded the demo tenants');

const buildPath = path.resolve('build/server/index.js');
const build = (await import(pathToFileURL(buildPath).href)) as ServerBuild;

const app = express();
app.disable('x-powered-by');
app.set('trust proxy', process.env.TRUST_PROXY ?? 'loopback');
app.use(compression());
app.use((req, res, next) => {
  const requestId = (req.get('x-request-id') ?? '').slice(0, 100) || randomUUID();
  req.headers['x-request-id'] = requestId;
  res.setHeader('x-request-id', requestId);
  const t0 = performance.now();
  res.on('finish', () => {
    logger.info({ requestId, method: req.method, path: req.path, status: res.statusCode, ms: Math.round(performance.now() - t0) }, 'request');
  });
  next();
});
app.use(securityHeaders(env.NODE_ENV === 'production'));
app.use('/assets', express.static('build/client/assets', { immutable: true, maxAge: '1y' }));
app.use(express.static('build/client', { maxAge: '1h' }));
app.all(
  '*',
  createRequestHandler({
    build,
    mode: env.NODE_ENV,
    getLoadContext: (req) => ({ requestId: String(req.headers['x-request-id']), clientIp: req.ip ?? '0.0.0.0' }),
  }),
);

const server = app.listen(env.PORT, () => {
  logger.info({ port: env.PORT, engine: handle.engine, startMs: Math.round(performance.now() - started) }, `Outpost listening on http://localhost:${env.PORT}`);
});

async function shutdown(signal: string) {
  logger.info({ signal }, 'shutting down');
  server.close();
  await handle.close().catch(() => {});
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
