/** The feed pages through the production build: session cookies, multipart posts from this site. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestApp } from '../../support/http';

/** The server build has its own blob-store module: point its default store at a temp dir before it starts. */
export function useTempUploadsDir(): void {
  process.env.UPLOADS_DIR ||= fs.mkdtempSync(path.join(os.tmpdir(), 'outpost-feed-pages-'));
}

export interface FilePart {
  name: string;
  content: string;
  type?: string;
}

/** The upload form as a browser posts it: the fields first, the file last. */
export function postFeedForm(app: TestApp, pathname: string, cookie: string, fields: Record<string, string>, file?: FilePart): Promise<Response> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  if (file) form.append('file', new Blob([file.content], { type: file.type ?? 'text/csv' }), file.name);
  return app.request(pathname, { method: 'POST', cookie, headers: { origin: app.origin }, body: form });
}

export const CONNECT_HEADER =
  'Queue,StartInterval,EndInterval,Contacts queued,Contacts handled,Contacts abandoned,Contacts answered in 20 seconds,Contacts abandoned in 20 seconds,Average queue answer time,Average handle time,Average customer hold time,After contact work time';

/** An Amazon Connect historical metrics export (half-hour intervals) for one queue on one UTC day. */
export function connectExport(queue: string, day: string): string {
  return [
    CONNECT_HEADER,
    `${queue},${day}T00:00:00.000Z,${day}T00:30:00.000Z,120,110,10,90,4,15,315,20,45`,
    `${queue},${day}T00:30:00.000Z,${day}T01:00:00.000Z,100,96,4,80,1,0:00:18,0:05:10,0:00:25,0:00:40`,
  ].join('\r\n') + '\r\n';
}

export const uploadIdOf = (response: Response) => /\/app\/feeds\/uploads\/([0-9a-f-]{36})/.exec(response.headers.get('location') ?? '')?.[1];

/** The page's text with tags removed and entities of the few characters the tests look for decoded. */
export async function pageText(response: Response): Promise<string> {
  const html = await response.text();
  return html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}
