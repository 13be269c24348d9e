import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkLateFeeds, listNotifications } from '../../../app/services/feeds/late-feeds.server';
import { setUnitFeedSettings } from '../../../app/services/feeds/settings.server';
import { getUpload, listUploads } from '../../../app/services/feeds/uploads.server';
import { createTestApp, sessionCookieFor, type TestApp } from '../../support/http';
import { createFeedWorld, dayOfIntervals, type FeedWorld } from '../feeds/support';
import { connectExport, pageText, postFeedForm, uploadIdOf, useTempUploadsDir } from './support';

let world: FeedWorld;
let app: TestApp;
const cookies: Record<'vendor1' | 'vendor2' | 'viewer' | 'pm', string> = { vendor1: '', vendor2: '', viewer: '', pm: '' };
let unitId: string;

beforeAll(async () => {
  useTempUploadsDir();
  world = await createFeedWorld();
  app = await createTestApp(world.handle);
  const { seeded, handle } = world;
  cookies.vendor1 = await sessionCookieFor(handle.db, seeded.userOf('vendor1', 'vendor_reporter').id);
  cookies.vendor2 = await sessionCookieFor(handle.db, seeded.userOf('vendor2', 'vendor_reporter').id);
  cookies.viewer = await sessionCookieFor(handle.db, seeded.userOf('bank1', 'viewer').id);
  cookies.pm = await sessionCookieFor(handle.db, seeded.userOf('bank1', 'program_manager').id);
  unitId = world.bank1.vendorUnitIds.vendor1!;
});
afterAll(() => world?.close());

const commit = (cookie: string, file: { name: string; content: string }, fields: Record<string, string> = {}) =>
  postFeedForm(app, '/app/feeds/upload?intent=commit', cookie, { unitId, kind: '', templateId: '', ...fields }, file);

describe(`KPI feed pages (${process.env.DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  let acceptedId: string;
  let rejectedId: string;

  it('a vendor uploads a platform export through the form and lands on the upload page with the rows accepted', async () => {
    const response = await commit(cookies.vendor1, { name: 'connect-2026-03-02.csv', content: connectExport('VIP line', '2026-03-02') });
    expect(response.status).toBe(302);
    acceptedId = uploadIdOf(response)!;
    expect(acceptedId).toBeTruthy();
    const page = await app.request(`/app/feeds/uploads/${acceptedId}`, { cookie: cookies.vendor1 });
    expect(page.status).toBe(200);
    const text = await pageText(page);
    expect(text).toContain('Accepted');
    expect(text).toContain('amazon-connect');
    expect(text).toMatch(/Rows accepted 2 /);
    expect(text).toContain('Revision history');
    const list = await pageText(await app.request('/app/feeds', { cookie: cookies.vendor1 }));
    expect(list).toContain('connect-2026-03-02.csv');
    // The client reads its vendor's uploads (read only).
    expect(await pageText(await app.request('/app/feeds', { cookie: cookies.pm }))).toContain('connect-2026-03-02.csv');
  });

  it('a bad file: the page lists every issue with line, column, value and reason; the CSV report has a BOM and the same issues', async () => {
    const bad = dayOfIntervals('2026-03-04', { queue: 'VIP line' }).replace('voice,20,', 'voice,20,-');
    const response = await commit(cookies.vendor1, { name: 'bad.csv', content: bad });
    expect(response.status).toBe(302);
    rejectedId = uploadIdOf(response)!;
    const detail = await getUpload(world.seeded.ctx('vendor1', 'vendor_reporter'), rejectedId, { pageSize: 1000 });
    expect(detail.upload.status).toBe('rejected');
    expect(detail.issues.length).toBeGreaterThan(0);
    const page = await app.request(`/app/feeds/uploads/${rejectedId}`, { cookie: cookies.vendor1 });
    const html = await page.text();
    expect(html).toContain('Download the error report (CSV)');
    expect(html.match(/data-testid="issue-row"/g)?.length).toBe(Math.min(detail.issues.length, 50));
    const text = await pageText(new Response(html));
    const first = detail.issues[0]!;
    expect(text).toContain(first.message);
    if (first.column) expect(text).toContain(first.column);
    if (first.value) expect(text).toContain(first.value);

    const csv = await app.request(`/app/feeds/uploads/${rejectedId}/issues.csv`, { cookie: cookies.vendor1 });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toContain('attachment');
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.subarray(3)).trimEnd().split('\r\n');
    expect(lines[0]).toBe('line,column,value,code,severity,message');
    expect(lines).toHaveLength(detail.issuePage.total + 1);
    expect(lines[1]).toContain(String(first.line));
    expect(lines[1]).toContain(first.code);
  });

  it('preview shows the detected template and the mapped rows, and stores nothing', async () => {
    const before = (await listUploads(world.seeded.ctx('vendor1', 'vendor_reporter'), { limit: 500 })).length;
    const file = { name: 'connect-2026-03-05.csv', content: connectExport('VIP line', '2026-03-05') };
    const page = await postFeedForm(app, '/app/feeds/upload?intent=preview', cookies.vendor1, { unitId, kind: '', templateId: '' }, file);
    expect(page.status).toBe(200);
    const text = await pageText(page);
    expect(text).toContain('Template: Amazon Connect historical metrics');
    expect(text).toContain('The first 2 rows, mapped to components');
    expect(text).toContain('answered_within_threshold');

    const json = await postFeedForm(app, '/app/feeds/upload-file?intent=preview', cookies.vendor1, { unitId, kind: '', templateId: '' }, file);
    expect(json.status).toBe(200);
    const body = (await json.json()) as { type: string; preview: { template: { id: string }; rows: unknown[]; period: { start: string } } };
    expect(body).toMatchObject({ type: 'preview', preview: { template: { id: 'amazon-connect' }, period: { start: '2026-03-05T00:00:00.000Z' } } });
    expect(body.preview.rows).toHaveLength(2);
    expect((await listUploads(world.seeded.ctx('vendor1', 'vendor_reporter'), { limit: 500 })).length).toBe(before);
  });

  it('the script endpoint commits too and answers with the upload page to go to', async () => {
    const response = await postFeedForm(app, '/app/feeds/upload-file?intent=commit', cookies.vendor1, { unitId, kind: 'intervals', templateId: 'amazon-connect' }, {
      name: 'connect-2026-03-06.csv',
      content: connectExport('VIP line', '2026-03-06'),
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { location: string }).location).toMatch(/^\/app\/feeds\/uploads\/[0-9a-f-]{36}$/);
  });

  it('a form without a file is refused with the field named', async () => {
    const response = await postFeedForm(app, '/app/feeds/upload?intent=commit', cookies.vendor1, { unitId, kind: '', templateId: '' });
    expect(response.status).toBe(422);
    expect(await pageText(response)).toContain('Choose a file.');
  });

  it("another vendor gets 404 on vendor1's upload, its report and its unit", async () => {
    expect((await app.request(`/app/feeds/uploads/${acceptedId}`, { cookie: cookies.vendor2 })).status).toBe(404);
    expect((await app.request(`/app/feeds/uploads/${rejectedId}/issues.csv`, { cookie: cookies.vendor2 })).status).toBe(404);
    expect((await commit(cookies.vendor2, { name: 'x.csv', content: connectExport('VIP line', '2026-03-07') })).status).toBe(404);
  });

  it('a viewer cannot upload (403)', async () => {
    expect((await app.request('/app/feeds/upload', { cookie: cookies.viewer })).status).toBe(403);
    expect((await commit(cookies.viewer, { name: 'x.csv', content: connectExport('VIP line', '2026-03-07') })).status).toBe(403);
    expect((await app.request('/app/feeds', { cookie: cookies.viewer })).status).toBe(200);
  });

  it('after checkLateFeeds the notifications page lists the late feed, the shell counts it, and it can be marked read', async () => {
    const pm = world.seeded.ctx('bank1', 'program_manager');
    await setUnitFeedSettings(pm, unitId, { cadence: 'daily', deadlineTime: '10:00', deadlineDays: 1, authoritativeSource: 'intervals' });
    const alerts = await checkLateFeeds(world.handle.db, new Date('2026-03-10T12:00:00Z'));
    expect(alerts.some((a) => a.unitId === unitId)).toBe(true);
    const vendorCtx = world.seeded.ctx('vendor1', 'vendor_reporter');
    // Other features (the SLA engine) notify too: count them rather than assume the late feed is alone.
    const unread = await listNotifications(vendorCtx, { unreadOnly: true, limit: 200 });
    const notification = unread.find((n) => n.kind === 'late_feed' && n.unitId === unitId);
    expect(notification).toBeDefined();

    const page = await app.request('/app/notifications', { cookie: cookies.vendor1 });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`href="/app/feeds?unit=${unitId}"`);
    const text = await pageText(new Response(html));
    expect(text).toContain('for 2026-03-09 to 2026-03-09 was due');
    expect(text).toContain(`Notifications (${unread.length})`);

    const marked = await app.request('/app/notifications', { method: 'POST', cookie: cookies.vendor1, form: { intent: 'mark-read', id: notification!.id } });
    expect(marked.status).toBe(302);
    expect(marked.headers.get('location')).toBe('/app/notifications');
    const stillUnread = await listNotifications(vendorCtx, { unreadOnly: true, limit: 200 });
    expect(stillUnread.map((n) => n.id)).not.toContain(notification!.id);
    expect(stillUnread).toHaveLength(unread.length - 1);
    expect(await pageText(await app.request('/app/notifications', { cookie: cookies.vendor1 }))).toContain(`Notifications (${unread.length - 1})`);
  });

  it('the unit feed settings page saves the schedule for a program manager and refuses a vendor', async () => {
    const path = `/app/units/${unitId}/feed-settings`;
    expect((await app.request(path, { cookie: cookies.vendor1 })).status).toBe(403);
    const form = { cadence: 'weekly', deadlineTime: '09:30', deadlineDays: '2', authoritativeSource: 'contacts', toleranceCount: '1', toleranceSeconds: '2', toleranceRelativePct: '0.5' };
    const saved = await app.request(path, { method: 'POST', cookie: cookies.pm, form });
    expect(saved.status).toBe(200);
    expect(await pageText(saved)).toContain('Feed settings saved.');
    const invalid = await app.request(path, { method: 'POST', cookie: cookies.pm, form: { ...form, deadlineTime: '25:00' } });
    expect(invalid.status).toBe(422);
    expect(await pageText(invalid)).toContain('Enter a time as HH:MM');
  });
});
