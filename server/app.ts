import { randomUUID } from 'node:crypto';
import { createRequestHandler } from '@remix-run/express';
import type { ServerBuild } from '@remix-run/node';
import compression from 'compression';
import express, { type RequestHandler } from 'express';
import { logger } from '#app/lib/logger.server';
import { securityHeaders } from './security-headers';

export interface AppOptions {
  build: ServerBuild;
  mode: 'production' | 'development' | 'test';
  /** Folder with the client assets (build/client). */
  clientDir: string;
}

/** The HTTP pipeline: request ids and logs, security headers, CSRF origin check, assets, Remix. */
export function createExpressApp(options: AppOptions) {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', process.env.TRUST_PROXY ?? 'loopback');
  app.use(compression());
  app.use(requestLog);
  app.use(securityHeaders(options.mode === 'production'));
  app.use(refuseCrossSiteWrites);
  app.use(noStoreWhenSignedIn);
  app.use('/assets', express.static(`${options.clientDir}/assets`, { immutable: true, maxAge: '1y' }));
  app.use(express.static(options.clientDir, { maxAge: '1h' }));
  app.all(
    '*',
    createRequestHandler({
      build: options.build,
      mode: options.mode,
      getLoadContext: (req) => ({ requestId: String(req.headers['x-request-id']), clientIp: req.ip ?? '0.0.0.0' }),
    }),
  );
  return app;
}

const requestLog: RequestHandler = (req, res, next) => {
  const requestId = (req.get('x-request-id') ?? '').slice(0, 100) || randomUUID();
  req.headers['x-request-id'] = requestId;
  res.setHeader('x-request-id', requestId);
  const started = performance.now();
  res.on('finish', () => {
    logger.info({ requestId, method: req.method, path: req.path, status: res.statusCode, ms: Math.round(performance.now() - started) }, 'request');
  });
  next();
};

/**
 * A browser's cross-site write carries a foreign Origin: refuse it with a clear 403 before Remix sees it
 * (Remix's own check would answer 500). Beside SameSite=Lax cookies; API clients send no Origin.
 */
const refuseCrossSiteWrites: RequestHandler = (req, res, next) => {
  if (['GET', 'HEAD', 'OPTIONS'].includes(req.method)) return next();
  const origin = req.get('origin');
  if (!origin || origin === 'null') return next();
  let originHost: string | undefined;
  try {
    originHost = new URL(origin).host;
  } catch {
    originHost = undefined;
  }
  const host = req.get('x-forwarded-host')?.split(',')[0]?.trim() || req.get('host');
  if (originHost && originHost === host) return next();
  res.status(403).type('text/plain').send('Cross-site request refused');
};

/** Pages seen with a session are personal: never kept by the browser's or a proxy's cache. */
const noStoreWhenSignedIn: RequestHandler = (req, res, next) => {
  if (req.get('cookie')?.includes('__outpost_session=')) res.setHeader('Cache-Control', 'private, no-store');
  next();
};
