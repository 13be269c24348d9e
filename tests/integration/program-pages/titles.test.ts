import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { createTestApp, sessionCookieFor, type TestApp } from '../../support/http';
import { seedTenants } from '../../support/tenants';
import { seedClientWorld, type ClientWorld } from '../programs/seed';

let handle: TestDatabase;
let app: TestApp;
let world: ClientWorld;
let cookie: string;

beforeAll(async () => {
  handle = await createTestDatabase();
  const seeded = await seedTenants(handle.db);
  world = await seedClientWorld(handle.db, seeded, 'bank1', ['vendor1']);
  app = await createTestApp(handle);
  cookie = await sessionCookieFor(handle.db, seeded.userOf('bank1', 'program_manager').id);
});
afterAll(() => handle?.close());

/** The document title of a page, as the browser would show it (entities of the escaped characters decoded). */
async function titleOf(pathname: string, headers: Record<string, string> = {}, withCookie = true): Promise<string> {
  const response = await app.request(pathname, { cookie: withCookie ? cookie : undefined, headers });
  expect(response.status, pathname).toBe(200);
  const title = /<title>([^<]*)<\/title>/.exec(await response.text())?.[1];
  expect(title, `${pathname} has a <title>`).toBeDefined();
  return title!.replace(/&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');
}

const ZH = { 'accept-language': 'zh-TW,zh;q=0.9,en;q=0.8' };

describe(`document titles follow the language (${process.env.DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  it('a static title: the programs list', async () => {
    expect(await titleOf('/app/programs', ZH)).toBe('專案 · Outpost');
    expect(await titleOf('/app/programs')).toBe('Programs · Outpost');
    expect(await titleOf('/app/programs', { 'accept-language': 'en-GB,en;q=0.9' })).toBe('Programs · Outpost');
  });

  it("a title with the record's name as a parameter: the program's KPI dashboard and its page", async () => {
    const name = 'Cards hotline of bank1';
    expect(await titleOf(`/app/programs/${world.programId}/dashboard`, ZH)).toBe(`${name} · KPI 儀表板 · Outpost`);
    expect(await titleOf(`/app/programs/${world.programId}/dashboard`)).toBe(`${name} · KPI dashboard · Outpost`);
    expect(await titleOf(`/app/programs/${world.programId}`, ZH)).toBe(`${name} · Outpost`);
  });

  it("a record page whose record is not found is titled with the app's name alone", async () => {
    const response = await app.request('/app/programs/00000000-0000-4000-8000-000000000000/dashboard', { cookie, headers: ZH });
    expect(response.status).toBe(404);
    expect(/<title>([^<]*)<\/title>/.exec(await response.text())?.[1]).toBe('Outpost');
  });

  it('a page without a session: the sign-in page', async () => {
    expect(await titleOf('/login', ZH, false)).toBe('登入 · Outpost');
    expect(await titleOf('/login', {}, false)).toBe('Sign in · Outpost');
  });
});
