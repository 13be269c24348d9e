import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, programs, users } from '../../../db/schema/index';
import { unsafeWithoutTenant } from '../../../db/tenant';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { createTestApp, sessionCookieFor, type TestApp } from '../../support/http';
import { seedTenants, type SeededTenants } from '../../support/tenants';
import { seedClientWorld, type ClientWorld } from '../programs/seed';
import { escaped, postForm } from './support';

let handle: TestDatabase;
let seeded: SeededTenants;
let app: TestApp;
let world: ClientWorld;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  handle = await createTestDatabase();
  seeded = await seedTenants(handle.db);
  world = await seedClientWorld(handle.db, seeded, 'bank1', ['vendor1', 'vendor2']);
  app = await createTestApp(handle);
  for (const [tenant, role] of [['bank1', 'program_manager'], ['bank1', 'viewer'], ['bank2', 'owner'], ['vendor1', 'vendor_reporter'], ['vendor2', 'vendor_admin']] as const) {
    cookies[`${tenant}:${role}`] = await sessionCookieFor(handle.db, seeded.userOf(tenant, role).id);
  }
});
afterAll(() => handle?.close());

const programCount = async () => (await unsafeWithoutTenant(handle.db, (tx) => tx.select({ id: programs.id }).from(programs))).length;

const validProgram = (name: string): [string, string][] => [
  ['name', name],
  ['lineOfBusiness', 'Mortgages'],
  ['description', 'Inbound mortgage questions'],
  ['channels', 'voice'],
  ['channels', 'email'],
  ['timeZone', 'Asia/Taipei'],
  ['currency', 'twd'],
  ['status', 'planned'],
  ['hoursOfOperation.mon[0].open', '09:00'],
  ['hoursOfOperation.mon[0].close', '12:00'],
  ['hoursOfOperation.mon[1].open', '13:00'],
  ['hoursOfOperation.mon[1].close', '18:00'],
  ['hoursOfOperation.tue[0].open', ''],
  ['hoursOfOperation.tue[0].close', ''],
  ['holidays[0].date', '2025-10-10'],
  ['holidays[0].name', 'National Day'],
  ['holidays[1].date', ''],
  ['holidays[1].name', ''],
];

describe('program list', () => {
  it('a program manager sees the programs and the "New program" link; a viewer only the list', async () => {
    const pm = await app.request('/app/programs', { cookie: cookies['bank1:program_manager'] });
    expect(pm.status).toBe(200);
    const html = await pm.text();
    expect(html).toContain('Cards hotline of bank1');
    expect(html).toContain('Voice, IVR');
    expect(html).toContain('href="/app/programs/new"');
    const viewer = await (await app.request('/app/programs', { cookie: cookies['bank1:viewer'] })).text();
    expect(viewer).toContain('Cards hotline of bank1');
    expect(viewer).not.toContain('href="/app/programs/new"');
  });

  it("a vendor sees the programs it delivers with the client's name; another client sees none of bank1's", async () => {
    const vendor = await (await app.request('/app/programs', { cookie: cookies['vendor1:vendor_reporter'] })).text();
    expect(vendor).toContain('Cards hotline of bank1');
    expect(vendor).toContain('Org bank1');
    expect(vendor).not.toContain('href="/app/programs/new"');
    const bank2 = await (await app.request('/app/programs', { cookie: cookies['bank2:owner'] })).text();
    expect(bank2).not.toContain('Cards hotline of bank1');
  });
});

describe('new and edit program', () => {
  it('a valid post creates the program (hours, holidays, channels) and redirects to it', async () => {
    const response = await postForm(app, '/app/programs/new', cookies['bank1:program_manager'], validProgram('Mortgage line'));
    expect(response.status).toBe(302);
    const location = response.headers.get('location')!;
    expect(location).toMatch(/^\/app\/programs\/[0-9a-f-]{36}$/);
    const [row] = await unsafeWithoutTenant(handle.db, (tx) => tx.select().from(programs).where(eq(programs.name, 'Mortgage line')));
    expect(row).toMatchObject({ channels: ['voice', 'email'], currency: 'TWD', holidays: [{ date: '2025-10-10', name: 'National Day' }] });
    expect(row!.hoursOfOperation.mon).toEqual([
      { open: '09:00', close: '12:00' },
      { open: '13:00', close: '18:00' },
    ]);
    expect(row!.hoursOfOperation.tue).toEqual([]);
    const page = await (await app.request(location, { cookie: cookies['bank1:program_manager'] })).text();
    expect(page).toContain('<h1>Mortgage line</h1>');
    expect(page).toContain('09:00–12:00, 13:00–18:00');
    expect(page).toContain('National Day');
  });

  it('an invalid post answers 422 with each error next to its field, keeps the values and writes nothing', async () => {
    const before = await programCount();
    const entries = validProgram('Broken line').filter(([k]) => k !== 'channels' && k !== 'lineOfBusiness' && k !== 'hoursOfOperation.mon[1].close' && k !== 'currency');
    entries.push(['hoursOfOperation.mon[1].close', '12:30'], ['currency', 'NT'], ['lineOfBusiness', '']);
    const response = await postForm(app, '/app/programs/new', cookies['bank1:program_manager'], entries);
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain('Choose at least one channel.');
    expect(html).toContain('This field is required.');
    expect(html).toContain('Enter a three-letter ISO 4217 currency code, e.g. TWD.');
    expect(html).toContain('Closing time must be after opening time.');
    expect(html).toContain('value="Broken line"');
    expect(html).toMatch(/aria-invalid="true"[^>]*aria-describedby="[^"]+-error"/);
    expect(await programCount()).toBe(before);
  });

  it('a duplicate name is a field error (409)', async () => {
    const response = await postForm(app, '/app/programs/new', cookies['bank1:program_manager'], validProgram('Cards hotline of bank1'));
    expect(response.status).toBe(409);
    expect(await response.text()).toContain('This name is already used.');
  });

  it('the edit form is prefilled; saving changes the program and is audited', async () => {
    const path = `/app/programs/${world.programId}/edit`;
    const form = await app.request(path, { cookie: cookies['bank1:program_manager'] });
    expect(form.status).toBe(200);
    const html = await form.text();
    expect(html).toContain('value="Cards hotline of bank1"');
    expect(html).toMatch(/<option value="Asia\/Taipei" selected="">/);
    const entries = validProgram('Cards hotline of bank1').map(([k, v]): [string, string] => (k === 'status' ? [k, 'in_transition'] : [k, v]));
    const saved = await postForm(app, path, cookies['bank1:program_manager'], entries);
    expect(saved.status).toBe(302);
    expect(saved.headers.get('location')).toBe(`/app/programs/${world.programId}`);
    const audit = await unsafeWithoutTenant(handle.db, (tx) => tx.select().from(auditEvents).where(eq(auditEvents.action, 'program.update')));
    expect(audit.some((a) => a.objectId === world.programId)).toBe(true);
  });

  it('a viewer and a vendor get 403 on the write forms; bank2 gets 404 on the edit of bank1\'s program', async () => {
    expect((await app.request('/app/programs/new', { cookie: cookies['bank1:viewer'] })).status).toBe(403);
    expect((await postForm(app, '/app/programs/new', cookies['bank1:viewer'], validProgram('Viewer line'))).status).toBe(403);
    expect((await app.request(`/app/programs/${world.programId}/edit`, { cookie: cookies['bank1:viewer'] })).status).toBe(403);
    expect((await app.request('/app/programs/new', { cookie: cookies['vendor1:vendor_reporter'] })).status).toBe(403);
    expect((await app.request(`/app/programs/${world.programId}/edit`, { cookie: cookies['bank2:owner'] })).status).toBe(404);
    expect((await postForm(app, `/app/programs/${world.programId}/edit`, cookies['bank2:owner'], validProgram('Hijack'))).status).toBe(404);
  });
});

describe('program overview', () => {
  it('the client sees facts, every unit, each vendor contract with its SLA table, and the sourcing summary', async () => {
    const response = await app.request(`/app/programs/${world.programId}`, { cookie: cookies['bank1:viewer'] });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('Taipei in-house');
    expect(html).toContain('vendor1 site');
    expect(html).toContain('vendor2 site');
    expect(html).toContain(`href="/app/units/${world.inHouseUnitId}"`);
    expect(html).toContain(`href="/app/contracts/${world.contractIds.vendor1}"`);
    expect(html).toContain(`href="/app/contracts/${world.contractIds.vendor2}"`);
    expect(html).toContain('Service level');
    expect(html).toContain('80 %');
    expect(html).toContain('30 s');
    expect(html).toContain('Critical SLA');
    expect(html).toContain('Key measurement');
    expect(html).toContain('40 %');
    expect(html).toContain('Factory');
    expect(html).toContain(`href="/app/programs/${world.programId}/sourcing"`);
    // A viewer reads; only writers get the edit and add-unit links.
    expect(html).not.toContain(`href="/app/programs/${world.programId}/edit"`);
    const pm = await (await app.request(`/app/programs/${world.programId}`, { cookie: cookies['bank1:program_manager'] })).text();
    expect(pm).toContain(`href="/app/programs/${world.programId}/edit"`);
    expect(pm).toContain(`href="/app/programs/${world.programId}/units/new"`);
  });

  it('a vendor sees only its own unit and contract, no in-house unit, no sourcing assessment', async () => {
    const response = await app.request(`/app/programs/${world.programId}`, { cookie: cookies['vendor1:vendor_reporter'] });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('vendor1 site');
    expect(html).toContain(`href="/app/contracts/${world.contractIds.vendor1}"`);
    expect(html).not.toContain('vendor2 site');
    expect(html).not.toContain(world.contractIds.vendor2!);
    expect(html).not.toContain('Taipei in-house');
    expect(html).not.toContain('Sourcing assessment');
    expect(html).not.toContain('Factory');
    expect(html).not.toContain('/edit"');
  });

  it("another client's or an unknown or malformed id is a 404 page", async () => {
    expect((await app.request(`/app/programs/${world.programId}`, { cookie: cookies['bank2:owner'] })).status).toBe(404);
    expect((await app.request('/app/programs/00000000-0000-4000-8000-000000000000', { cookie: cookies['bank1:viewer'] })).status).toBe(404);
    expect((await app.request('/app/programs/not-a-uuid', { cookie: cookies['bank1:viewer'] })).status).toBe(404);
  });

  it('renders in Traditional Chinese for a user whose language is zh-TW', async () => {
    const viewer = seeded.userOf('bank1', 'viewer');
    await unsafeWithoutTenant(handle.db, (tx) => tx.update(users).set({ locale: 'zh-TW' }).where(eq(users.id, viewer.id)));
    const html = await (await app.request(`/app/programs/${world.programId}`, { cookie: cookies['bank1:viewer'] })).text();
    expect(html).toContain('<html lang="zh-TW"');
    expect(html).toContain('服務單位');
    expect(html).toContain('現行合約與 SLA');
    expect(html).toContain('服務水準');
    expect(html).toContain('關鍵 SLA');
    expect(html).toContain(escaped('工廠型'));
    await unsafeWithoutTenant(handle.db, (tx) => tx.update(users).set({ locale: null }).where(eq(users.id, viewer.id)));
  });
});
