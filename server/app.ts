import { randomBytes, randomUUID } from 'node:crypto';
import { createRequestHandler } from '@remix-run/express';
import type { ServerBuild } from '@remix-run/node';
import compression from 'compression';
import express, { type Request, type RequestHandler, type Response } from 'express';
import { getDbHandle } from '#app/lib/db.server';
import { databaseOutageGuard } from './database-outage-guard';
import { logger } from '#app/lib/logger.server';
import { securityHeaders } from './security-headers';

export interface AppOptions {
  build: ServerBuild;
  mode: 'production' | 'development' | 'test';
  /** Folder with the client assets (build/client). */
  clientDir: string;
}

/** The HTTP pipeline: request ids and logs, CSP nonce and security headers, CSRF origin check, body limits, assets, database outage guard, Remix. */
export function createExpressApp(options: AppOptions) {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', process.env.TRUST_PROXY ?? 'loopback');
  app.use(compression());
  app.use(requestLog);
  app.use(cspNonce);
  app.use(securityHeaders(options.mode === 'production'));
  app.use(refuseCrossSiteWrites);
  app.use(limitRequestBodies);
  app.use(noStoreWhenSignedIn);
  app.use('/assets', express.static(`${options.clientDir}/assets`, { immutable: true, maxAge: '1y' }));
  app.use(express.static(options.clientDir, { maxAge: '1h' }));
  app.use(databaseOutageGuard(getDbHandle));
  app.all(
    '*',
    createRequestHandler({
      build: options.build,
      mode: options.mode,
      getLoadContext: (req, res) => ({
        requestId: String(req.headers['x-request-id']),
        clientIp: req.ip ?? '0.0.0.0',
        cspNonce: String(res.locals.cspNonce),
      }),
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

export const STRIPE_WEBHOOK_PATH = '/api/stripe/webhook';

/**
 * A browser's cross-site write carries a foreign Origin: refuse it with a clear 403 before Remix sees it
 * (Remix's own check would answer 500). Beside SameSite=Lax cookies; API clients send no Origin.
 */
const refuseCrossSiteWrites: RequestHandler = (req, res, next) => {
  if (['GET', 'HEAD', 'OPTIONS'].includes(req.method)) return next();
  // Stripe's webhook is no browser form: its signed body is its credential (app/routes/api.stripe.webhook.ts).
  if (req.path === STRIPE_WEBHOOK_PATH) return next();
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

/** A fresh nonce per response: the CSP names it and entry.server puts it on every script Remix renders. */
const cspNonce: RequestHandler = (_req, res, next) => {
  res.locals.cspNonce = randomBytes(16).toString('base64');
  next();
};

/** Forms and JSON: a real form or API document is a few KB; anything near this is abuse or a mistake. */
export const MAX_BODY_BYTES = 1_000_000;
/** A form with an attached file (not a feed) that is read whole by the route. */
export const MAX_MULTIPART_BYTES = 10_000_000;
/** Feed uploads stream the file to the blob store and reader with their own 200 MB limit (MAX_FEED_BYTES). */
const STREAMED_UPLOAD_PATHS = [/^\/api\/v1\/units\/[^/]+\/uploads\/?$/, /^\/app\/feeds\/upload(-file)?\/?$/];

/**
 * Caps request bodies before Remix reads them (request.formData() would buffer any size). Node reads no
 * more than Content-Length bytes as the body, so checking the header bounds what a route can receive; a
 * chunked body without one is refused on these routes, as no browser form or API client needs it.
 */
const limitRequestBodies: RequestHandler = (req, res, next) => {
  if (['GET', 'HEAD', 'OPTIONS'].includes(req.method)) return next();
  if (STREAMED_UPLOAD_PATHS.some((pattern) => pattern.test(req.path))) return next();
  const limit = /^multipart\/form-data\b/i.test(req.get('content-type') ?? '') ? MAX_MULTIPART_BYTES : MAX_BODY_BYTES;
  const declared = req.get('content-length');
  if (declared === undefined) {
    if (!req.get('transfer-encoding')) return next();
    return refuseBody(req, res, 411, 'LENGTH_REQUIRED', 'Send the request body with a Content-Length header', limit);
  }
  if (Number(declared) <= limit) return next();
  return refuseBody(req, res, 413, 'PAYLOAD_TOO_LARGE', `The request body is larger than ${limit} bytes`, limit);
};

function refuseBody(req: Request, res: Response, status: 411 | 413, code: string, message: string, maxBytes: number) {
  // The unread body is not drained: the connection closes after the answer.
  res.setHeader('Connection', 'close');
  res.setHeader('Cache-Control', 'no-store');
  res.status(status);
  if (req.path.startsWith('/api/') || !req.accepts('html')) {
    res.json({ error: { code, message, details: { maxBytes } } });
    return;
  }
  const title = status === 413 ? 'Request too large' : 'Length required';
  res
    .type('html')
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head>` +
        `<body><main><h1>${title}</h1><p>${message}. Go back and send less data, or upload large files on the feed upload page.</p></main></body></html>`,
    );
}
