import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getUpload } from '../../../app/services/feeds/uploads.server';
import { createTestApp, sessionCookieFor, type TestApp } from '../../support/http';
import { createFeedWorld, dayOfIntervals, type FeedWorld } from '../feeds/support';
import { connectExport, pageText, postFeedForm, uploadIdOf, useTempUploadsDir } from './support';

let world: FeedWorld;
let app: TestApp;
let cookie: string;
let unitId: string;

beforeAll(async () => {
  useTempUploadsDir();
  world = await createFeedWorld();
  app = await createTestApp(world.handle);
  cookie = await sessionCookieFor(world.handle.db, world.seeded.userOf('vendor1', 'vendor_reporter').id);
  unitId = world.bank1.vendorUnitIds.vendor1!;
});
afterAll(() => world?.close());

const ZH = { 'accept-language': 'zh-TW' };

/** A canonical interval file whose first row has a letter O in "handled" (the typo of the journeys). */
const typoFile = () => {
  const content = dayOfIntervals('2026-03-09');
  const broken = content.replace(',voice,20,18,16,', ',voice,20,18,1O,');
  expect(broken).not.toBe(content);
  return { name: 'typo.csv', content: broken };
};

describe(`feed issue reasons and template names in zh-TW (${process.env.DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  let rejectedId: string;

  it("a rejected upload's page gives the reason and the template in Traditional Chinese, and in English otherwise", async () => {
    const response = await postFeedForm(app, '/app/feeds/upload?intent=commit', cookie, { unitId, kind: '', templateId: '' }, typoFile());
    expect(response.status).toBe(302);
    rejectedId = uploadIdOf(response)!;
    const detail = await getUpload(world.seeded.ctx('vendor1', 'vendor_reporter'), rejectedId, { pageSize: 100 });
    expect(detail.upload.status).toBe('rejected');
    expect(detail.issues).toEqual([expect.objectContaining({ line: 2, column: 'handled', value: '1O', code: 'number_invalid', message: '"1O" is not a number.' })]);

    const zh = await pageText(await app.request(`/app/feeds/uploads/${rejectedId}`, { cookie, headers: ZH }));
    expect(zh).toContain('已退回');
    expect(zh).toContain('「1O」不是數字。');
    expect(zh).not.toContain('is not a number');
    expect(zh).toContain('範本 Outpost 時段報表格式 canonical-intervals');
    expect(zh).not.toContain('Outpost interval format');

    const english = await pageText(await app.request(`/app/feeds/uploads/${rejectedId}`, { cookie }));
    expect(english).toContain('"1O" is not a number.');
    expect(english).not.toContain('「1O」');
    expect(english).toContain('Template Outpost interval format canonical-intervals');
  });

  it('the error report stays English (a data file) whatever the language', async () => {
    const csv = await (await app.request(`/app/feeds/uploads/${rejectedId}/issues.csv`, { cookie, headers: ZH })).text();
    expect(csv).toContain('2,handled,1O,number_invalid,error,"""1O"" is not a number."');
  });

  it("the upload form's preview names the detected template and the template choices in zh-TW", async () => {
    const form = new FormData();
    for (const [name, value] of Object.entries({ unitId, kind: '', templateId: '' })) form.append(name, value);
    form.append('file', new Blob([connectExport('VIP line', '2026-03-10')], { type: 'text/csv' }), 'connect.csv');
    const preview = await app.request('/app/feeds/upload?intent=preview', { method: 'POST', cookie, headers: { origin: app.origin, ...ZH }, body: form });
    expect(preview.status).toBe(200);
    const text = await pageText(preview);
    expect(text).toContain('範本：Amazon Connect 歷史指標報表');
    expect(text).toContain('NICE IEX 佇列匯出檔（ctQueue） (時段報表)');
    expect(text).not.toContain('historical metrics');
  });
});
