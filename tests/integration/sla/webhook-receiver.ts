import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedHook {
  path: string;
  signature: string;
  body: string;
}

/** A customer's webhook endpoint on loopback: records every POST (path, signature, raw body) and answers 204. */
export async function startWebhookReceiver(): Promise<{ base: string; received: ReceivedHook[]; close: () => Promise<void> }> {
  const received: ReceivedHook[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      received.push({ path: req.url ?? '', signature: String(req.headers['outpost-signature']), body });
      res.statusCode = 204;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The receiver's check: HMAC-SHA256 of "<t>.<raw body>" under the secret the org was given. */
export function signedWith(hit: { signature: string; body: string } | undefined, secret: string): boolean {
  if (!hit) return false;
  const [t, v1] = hit.signature.split(',').map((part) => part.split('=')[1]);
  return v1 === createHmac('sha256', secret).update(`${t}.${hit.body}`).digest('hex');
}
