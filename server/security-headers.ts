import type { RequestHandler } from 'express';

/**
 * Headers on every response. The CSP allows only this origin's scripts plus inline scripts carrying this
 * response's nonce (res.locals.cspNonce; entry.server puts it on Remix's hydration scripts). Styles keep
 * 'unsafe-inline': React renders style={{…}} props as style attributes, which a nonce cannot cover.
 */
export function securityHeaders(isProduction: boolean): RequestHandler {
  return (_req, res, next) => {
    const nonce = typeof res.locals.cspNonce === 'string' ? ` 'nonce-${res.locals.cspNonce}'` : '';
    res.setHeader(
      'Content-Security-Policy',
      `default-src 'self'; script-src 'self'${nonce}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'`,
    );
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'same-origin');
    res.setHeader('X-Frame-Options', 'DENY');
    if (isProduction) res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    next();
  };
}
