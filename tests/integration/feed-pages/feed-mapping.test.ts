import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getUnitFeedSettings } from '../../../app/services/feeds/settings.server';
import { getUpload } from '../../../app/services/feeds/uploads.server';
import { createTestApp, sessionCookieFor, type TestApp } from '../../support/http';
import { buildZip, inlineSheetXml, workbookEntries } from '../../unit/feeds/helpers';
import { createFeedWorld, sumCurrent, type FeedWorld } from '../feeds/support';
import { pageText, postFeedForm, uploadIdOf, useTempUploadsDir } from './support';

/**
 * The custom column mapping editor over HTTP, as a browser without JavaScript uses it: upload a sample of
 * a layout no template knows, map its columns, preview, save; then the vendor's upload of that layout is
 * read with the mapping. A German site's export: a title line, semicolons, decimal commas, the date and
 * the half hour in separate columns, the handle time as an H:MM:SS average.
 */
const HEADER = 'Datum;Uhrzeit;Gruppe;Anrufe;Angenommen;Aufgegeben;AHT;Wartezeit (s);Bemerkung';
const berlinExport = (rows: string[]) => ['Berlin site report', HEADER, ...rows].join('\r\n') + '\r\n';
const SAMPLE = berlinExport(['02/03/2026;0900;VIP line;120;110;10;0:05:15;1650,5;', '02/03/2026;0930;VIP line;100;96;4;0:05:10;960;Ausfall']);

/** What each column holds: the form as the user fills it in. */
const MAPPING_FORM = {
  'col0.role': '@start',
  'col1.role': '@time-of-day',
  'col2.role': 'queue',
  'col3.role': 'offered',
  'col4.role': 'handled',
  'col5.role': 'abandoned',
  'col6.role': 'talk_s',
  'col6.unit': 'hhmmss',
  'col6.averageOf': 'handled',
  'col7.role': 'wait_s',
  'col8.role': '',
  timestampFormat: 'dmy',
  timeZone: 'Europe/Berlin',
  intervalMinutes: '30',
  defaultQueue: '',
  defaultChannel: 'voice',
  defaultThresholdS: '',
  label: 'Berlin site export',
};

let world: FeedWorld;
let app: TestApp;
let unitId: string;
let path: string;
const cookies = { pm: '', vendor1: '', viewer: '', otherPm: '' };

beforeAll(async () => {
  useTempUploadsDir();
  world = await createFeedWorld();
  app = await createTestApp(world.handle);
  const { seeded, handle } = world;
  cookies.pm = await sessionCookieFor(handle.db, seeded.userOf('bank1', 'program_manager').id);
  cookies.vendor1 = await sessionCookieFor(handle.db, seeded.userOf('vendor1', 'vendor_reporter').id);
  cookies.viewer = await sessionCookieFor(handle.db, seeded.userOf('bank1', 'viewer').id);
  cookies.otherPm = await sessionCookieFor(handle.db, seeded.userOf('bank2', 'program_manager').id);
  unitId = world.bank1.vendorUnitIds.vendor1!;
  path = `/app/units/${unitId}/feed-mapping`;
});
afterAll(() => world?.close());

const pmCtx = () => world.seeded.ctx('bank1', 'program_manager');
const sampleFields = (html: string) => {
  const sha = /name="sampleSha" value="([0-9a-f]{64})"/.exec(html)?.[1];
  expect(sha, 'the mapping form carries the stored sample').toBeTruthy();
  return { sampleSha: sha!, sampleName: /name="sampleName" value="([^"]*)"/.exec(html)?.[1] ?? '', sampleType: /name="sampleType" value="([^"]*)"/.exec(html)?.[1] ?? '' };
};
const post = (form: Record<string, string>, cookie = cookies.pm) => app.request(path, { method: 'POST', cookie, form });

describe(`custom column mapping editor (${process.env.DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  let sample: Record<string, string>;

  it('the page says no mapping is saved and warns that saving one starts the default schedule', async () => {
    const page = await app.request(path, { cookie: cookies.pm });
    expect(page.status).toBe(200);
    const text = await pageText(page);
    expect(text).toContain('Custom column mapping: vendor1 site');
    expect(text).toContain('No custom mapping is saved for this unit.');
    expect(text).toContain('saving a mapping also saves the default schedule');
    // Linked from the unit page and the feed settings page.
    expect(await (await app.request(`/app/units/${unitId}`, { cookie: cookies.pm })).text()).toContain(`href="${path}"`);
    expect(await (await app.request(`/app/units/${unitId}/feed-settings`, { cookie: cookies.pm })).text()).toContain(`href="${path}"`);
  });

  it('step 1: the sample is read like an upload (title line, semicolons) and each column is shown with its sample values', async () => {
    const response = await postFeedForm(app, path, cookies.pm, {}, { name: 'berlin.csv', content: SAMPLE });
    expect(response.status).toBe(200);
    const html = await response.text();
    sample = sampleFields(html);
    expect(sample.sampleName).toBe('berlin.csv');
    const text = await pageText(new Response(html));
    expect(text).toContain('Sample: berlin.csv, 9 columns.');
    expect(text).toContain('Column "Datum" Sample values: 02/03/2026');
    expect(text).toContain('Column "Wartezeit (s)" Sample values: 1650,5, 960');
    expect(text).toContain('Column "Bemerkung" Sample values: Ausfall');
    // One labelled "Holds" select per column, described by its sample values.
    expect(html.match(/<legend>Column &quot;/g)).toHaveLength(9);
    expect(html).toMatch(/<label for="mapping-col0-role">Holds<\/label><select id="mapping-col0-role" name="col0.role" aria-describedby="mapping-col0-role-values"/);
  });

  it('a sample that is not a table, or no file at all, gets an error on the file field', async () => {
    const missing = await postFeedForm(app, path, cookies.pm, {});
    expect(missing.status).toBe(422);
    expect(await pageText(missing)).toContain('Choose a file.');
    const empty = await postFeedForm(app, path, cookies.pm, {}, { name: 'empty.csv', content: '' });
    expect(empty.status).toBe(422);
    expect(await pageText(empty)).toContain('The sample could not be read:');
  });

  it('step 2: the preview maps the first rows to components with the draft, and saves nothing', async () => {
    const response = await post({ intent: 'preview', ...sample, ...MAPPING_FORM });
    expect(response.status).toBe(200);
    const text = await pageText(response);
    expect(text).toContain('Template: Berlin site export');
    expect(text).toContain('The first 2 rows, mapped to components');
    expect(text).toContain('No issues in the previewed rows.');
    // 0:05:15 x 110 handled = 34,650 s of talk; "1650,5" read with its decimal comma.
    expect(text).toContain('34,650');
    expect(text).toContain('1,650.5');
    expect(text).toContain('29,760');
    expect((await getUnitFeedSettings(pmCtx(), unitId)).customMapping).toBeNull();
  });

  it('a bad mapping: each problem is named on its control and in the summary, and nothing is saved', async () => {
    const bad = { ...MAPPING_FORM, 'col2.role': '', 'col4.role': 'offered', 'col7.averageOf': 'abandoned', 'col5.role': 'abandoned', 'col3.unit': 'minutes', timeZone: 'Berlin', intervalMinutes: '' };
    const response = await post({ intent: 'save', ...sample, ...bad });
    expect(response.status).toBe(422);
    const html = await response.text();
    const text = await pageText(new Response(html));
    expect(text).toContain('The mapping has 6 problem(s)');
    expect(text).toContain('Column "Angenommen": Column "Anrufe" already holds this.');
    expect(text).toContain('Column "Anrufe": Only durations are written in a unit: leave this at Seconds.');
    expect(text).toContain('Column "AHT": Map a column to handled as well: the average is multiplied by it to make a total.');
    expect(text).toContain('Time zone of local times: Enter an IANA time zone such as Asia/Taipei, or leave it empty.');
    expect(text).toContain('Interval length: Choose the interval length.');
    expect(text).toContain('Queue of every row: Map a column to Queue, or choose the queue of every row.');
    // Announced, and tied to the control it concerns.
    expect(html).toContain('aria-describedby="mapping-timeZone-error mapping-timeZone-hint"');
    expect(html).toMatch(/id="mapping-timeZone-error" class="field-error" role="alert"/);
    expect(html).toContain('href="#mapping-col4-role"');
    // What the user chose is kept.
    expect(html).toMatch(/<option value="offered" selected="">offered<\/option>/);
    const settings = await getUnitFeedSettings(pmCtx(), unitId);
    expect(settings.customMapping).toBeNull();
    expect(settings.isSaved).toBe(false);
  });

  it('a valid mapping that reads none of the sample rows is not saved either, and the preview says why', async () => {
    const response = await post({ intent: 'save', ...sample, ...MAPPING_FORM, 'col0.role': '', 'col1.role': '', 'col8.role': '@start' });
    expect(response.status).toBe(422);
    const text = await pageText(response);
    expect(text).toContain('The mapping reads none of the sample rows, so it was not saved.');
    expect(text).toContain('"Bemerkung" is empty; it is required.');
    expect((await getUnitFeedSettings(pmCtx(), unitId)).customMapping).toBeNull();
  });

  it('step 3: saving stores the mapping and the page shows it', async () => {
    const response = await post({ intent: 'save', ...sample, ...MAPPING_FORM });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(`${path}?saved=1`);
    const settings = await getUnitFeedSettings(pmCtx(), unitId);
    expect(settings.customMapping).toMatchObject({
      label: 'Berlin site export',
      timestampColumn: 'Datum',
      timeOfDayColumn: 'Uhrzeit',
      timestampFormat: 'dmy',
      timeZone: 'Europe/Berlin',
      intervalMinutes: 30,
      columns: { talk_s: { column: 'AHT', unit: 'hhmmss', average_of: 'handled' }, queue: { column: 'Gruppe' } },
      defaults: { channel: 'voice' },
    });
    expect(settings.isSaved).toBe(true);
    const text = await pageText(await app.request(`${path}?saved=1`, { cookie: cookies.pm }));
    expect(text).toContain('Custom mapping saved.');
    expect(text).toContain('talk_s AHT Hours:minutes:seconds (H:MM:SS), average per handled');
    expect(await pageText(await app.request(`/app/units/${unitId}/feed-settings`, { cookie: cookies.pm }))).toContain('Saved: Berlin site export.');
    // A new sample of the layout starts from the saved mapping.
    const again = await (await postFeedForm(app, path, cookies.pm, {}, { name: 'berlin-2.csv', content: SAMPLE.replace('120;110', '121;110') })).text();
    expect(await pageText(new Response(again))).toContain('The saved custom mapping already reads this layout');
    expect(again).toMatch(/<option value="@time-of-day" selected="">/);
    // Another layout is not claimed by the saved mapping.
    const other = await pageText(await postFeedForm(app, path, cookies.pm, {}, { name: 'other.csv', content: 'Tag;Anrufe\r\n02/03/2026;5\r\n' }));
    expect(other).toContain('Sample: other.csv, 2 columns.');
    expect(other).not.toContain('already reads this layout');
  });

  it("the vendor's upload of that layout is detected as the custom mapping and stored with the right components", async () => {
    const file = { name: 'berlin-2026-03-03.csv', content: berlinExport(['03/03/2026;0900;VIP line;90;85;5;0:04:00;800;', '03/03/2026;0930;VIP line;70;70;0;0:03:30;300;']) };
    const preview = await postFeedForm(app, '/app/feeds/upload?intent=preview', cookies.vendor1, { unitId, kind: '', templateId: '' }, file);
    expect(await pageText(preview)).toContain('Template: Berlin site export');
    const response = await postFeedForm(app, '/app/feeds/upload?intent=commit', cookies.vendor1, { unitId, kind: '', templateId: '' }, file);
    expect(response.status).toBe(302);
    const detail = await getUpload(world.seeded.ctx('vendor1', 'vendor_reporter'), uploadIdOf(response)!);
    expect(detail.upload).toMatchObject({ status: 'accepted', templateId: 'custom', rowsAccepted: 2 });
    // 09:00 and 09:30 in Berlin (UTC+1 in March).
    expect(detail.upload.period.start?.toISOString()).toBe('2026-03-03T08:00:00.000Z');
    expect(detail.upload.period.end?.toISOString()).toBe('2026-03-03T09:00:00.000Z');
    const sum = (column: string) => sumCurrent(world.handle.db, unitId, column);
    expect(await sum('offered')).toBe(160);
    expect(await sum('handled')).toBe(155);
    expect(await sum('abandoned')).toBe(5);
    // 4:00 x 85 + 3:30 x 70 seconds of talk.
    expect(await sum('talk_s')).toBe(240 * 85 + 210 * 70);
    expect(await sum('wait_s')).toBe(1100);
  });

  it('an XLSX sample is read too', async () => {
    const rows = [HEADER.split(';'), ['02/03/2026', '0900', 'VIP line', '120', '110', '10', '0:05:15', '1650.5', '']];
    const xlsx = buildZip(workbookEntries(inlineSheetXml(rows)));
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(xlsx)], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }), 'berlin.xlsx');
    const response = await app.request(path, { method: 'POST', cookie: cookies.pm, headers: { origin: app.origin }, body: form });
    expect(response.status).toBe(200);
    const html = await response.text();
    const xlsxSample = sampleFields(html);
    expect(await pageText(new Response(html))).toContain('Column "AHT" Sample values: 0:05:15');
    const preview = await pageText(await post({ intent: 'preview', ...xlsxSample, ...MAPPING_FORM }));
    expect(preview).toContain('The first 1 rows, mapped to components');
    expect(preview).toContain('34,650');
  });

  it('the mapping can be removed', async () => {
    const response = await post({ intent: 'remove' });
    expect(response.status).toBe(302);
    expect((await getUnitFeedSettings(pmCtx(), unitId)).customMapping).toBeNull();
    expect(await pageText(await app.request(`${path}?removed=1`, { cookie: cookies.pm }))).toContain('Custom mapping removed.');
  });

  it('who may: a vendor and a viewer get 403, another client gets 404 (page and posts)', async () => {
    expect((await app.request(path, { cookie: cookies.vendor1 })).status).toBe(403);
    expect((await app.request(path, { cookie: cookies.viewer })).status).toBe(403);
    expect((await app.request(path, { cookie: cookies.otherPm })).status).toBe(404);
    expect((await post({ intent: 'preview', ...sample, ...MAPPING_FORM }, cookies.otherPm)).status).toBe(404);
    expect((await postFeedForm(app, path, cookies.otherPm, {}, { name: 'x.csv', content: SAMPLE })).status).toBe(404);
    expect((await post({ intent: 'save', ...sample, ...MAPPING_FORM }, cookies.vendor1)).status).toBe(403);
    expect((await getUnitFeedSettings(pmCtx(), unitId)).customMapping).toBeNull();
  });
});
