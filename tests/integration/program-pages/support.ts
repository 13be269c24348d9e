import type { TestApp } from '../../support/http';

/** A same-site form post with repeated fields (checkboxes), which `form: Record<string, string>` cannot send. */
export function postForm(app: TestApp, pathname: string, cookie: string | undefined, entries: [string, string][]): Promise<Response> {
  return app.request(pathname, {
    method: 'POST',
    cookie,
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: app.origin },
    body: new URLSearchParams(entries),
  });
}

/** React escapes quotes and ampersands in text; compare against the escaped form. */
export const escaped = (text: string) => text.replace(/&/g, '&amp;').replace(/'/g, '&#x27;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
