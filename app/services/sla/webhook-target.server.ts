/**
 * Where a webhook may be sent. An org admin types the URL, and the server sends to it, so without a check
 * the portal could be made to POST into its own network: the database port, a cloud metadata endpoint,
 * an intranet service (server-side request forgery). Addresses outside the public internet are refused:
 *  - at registration, for a host written as an address or `localhost` (a clear error on the form);
 *  - at every delivery, for whatever the host name resolves to at that moment: the check runs inside the
 *    connection's own DNS lookup, so a name cannot resolve to a public address for the check and a
 *    private one for the connection (DNS rebinding).
 * `OUTPOST_WEBHOOKS_ALLOW_PRIVATE=1` lifts it, for a developer's local receiver and for tests.
 */
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';

const NOT_PUBLIC = new net.BlockList();
for (const [prefix, bits] of [
  ['0.0.0.0', 8], // "this" network
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata (169.254.169.254)
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved and broadcast
] as const) {
  NOT_PUBLIC.addSubnet(prefix, bits, 'ipv4');
}
for (const [prefix, bits] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96], // NAT64: reaches IPv4 addresses, possibly private ones
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
] as const) {
  NOT_PUBLIC.addSubnet(prefix, bits, 'ipv6');
}

/** Whether an IP address is on the public internet (an IPv4-mapped IPv6 address is judged as IPv4). */
export function isPublicAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return isPublicAddress(mapped[1]!);
  const family = net.isIP(address);
  if (family === 0) return false;
  return !NOT_PUBLIC.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

export function privateTargetsAllowed(): boolean {
  return process.env.OUTPOST_WEBHOOKS_ALLOW_PRIVATE === '1';
}

/** Why a URL may not receive webhooks (judged on its text: scheme and a literal host), or null. */
export function webhookUrlProblem(url: string, allowPrivate = privateTargetsAllowed()): 'scheme' | 'private_host' | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'scheme';
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return 'scheme';
  if (allowPrivate) return null;
  const host = parsed.hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return 'private_host';
  if (net.isIP(host) && !isPublicAddress(host)) return 'private_host';
  return null;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

/** dns.lookup that fails when the name resolves to any address outside the public internet. */
function publicOnlyLookup(hostname: string, options: dns.LookupOptions, callback: LookupCallback): void {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const refused = addresses.find((a) => !isPublicAddress(a.address));
    if (refused) {
      const problem: NodeJS.ErrnoException = new Error(`refused: ${hostname} resolves to ${refused.address}, which is not a public internet address`);
      problem.code = 'EPRIVATEADDRESS';
      return callback(problem, []);
    }
    if (options.all) return callback(null, addresses);
    const first = addresses[0];
    if (!first) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), []);
    callback(null, first.address, first.family);
  });
}

export interface WebhookPost {
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  allowPrivate?: boolean;
}

/** POSTs one delivery and resolves with the response status (redirects are not followed). */
export function postWebhook(url: string, post: WebhookPost): Promise<number> {
  const allowPrivate = post.allowPrivate ?? privateTargetsAllowed();
  const problem = webhookUrlProblem(url, allowPrivate);
  if (problem) return Promise.reject(new Error(problem === 'scheme' ? `refused: ${url} is not an http(s) URL` : `refused: ${new URL(url).hostname} is not a public internet address`));
  const target = new URL(url);
  const body = Buffer.from(post.body, 'utf8');
  return new Promise((resolve, reject) => {
    const request = (target.protocol === 'https:' ? https : http).request(
      target,
      {
        method: 'POST',
        headers: { ...post.headers, 'content-length': String(body.length) },
        lookup: allowPrivate ? undefined : (publicOnlyLookup as unknown as net.LookupFunction),
        signal: AbortSignal.timeout(post.timeoutMs),
      },
      (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    request.on('error', (error) => reject(error.name === 'AbortError' ? new Error(`timed out after ${post.timeoutMs} ms`) : error));
    request.end(body);
  });
}
