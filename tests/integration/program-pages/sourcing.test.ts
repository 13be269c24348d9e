import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { programSourcing } from '../../../db/schema/index';
import { unsafeWithoutTenant } from '../../../db/tenant';
import { createProgram } from '../../../app/services/programs.server';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { createTestApp, sessionCookieFor, type TestApp } from '../../support/http';
import { seedTenants, type SeededTenants } from '../../support/tenants';
import { seedClientWorld, type ClientWorld } from '../programs/seed';

let handle: TestDatabase;
let seeded: SeededTenants;
let app: TestApp;
let world: ClientWorld;
let otherProgramId: string;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  handle = await createTestDatabase();
  seeded = await seedTenants(handle.db);
  world = await seedClientWorld(handle.db, seeded, 'bank1', ['vendor1']);
  otherProgramId = (await createProgram(seeded.ctx('bank1', 'program_manager'), { name: 'VIP securities line', lineOfBusiness: 'Securities', channels: ['voice'], timeZone: 'Asia/Taipei', currency: 'TWD' })).id;
  app = await createTestApp(handle);
  for (const [tenant, role] of [['bank1', 'program_manager'], ['bank1', 'viewer'], ['bank2', 'owner'], ['vendor1', 'vendor_admin']] as const) {
    cookies[`${tenant}:${role}`] = await sessionCookieFor(handle.db, seeded.userOf(tenant, role).id);
  }
});
afterAll(() => handle?.close());

const assessment = (over: Record<string, string> = {}) => ({
  dependence: '5',
  innovation: '5',
  variability: 'high',
  complexity: 'high',
  'concerns.customerDataConfidentiality': '5',
  'concerns.qualityMeasurability': '4',
  'concerns.brandImage': '3',
  'concerns.vendorModelFit': '2',
  notes: 'Core franchise',
  ...over,
});

describe('sourcing assessment page', () => {
  it('shows the quadrant, the advice and an accessible grid', async () => {
    const response = await app.request(`/app/programs/${world.programId}/sourcing`, { cookie: cookies['bank1:viewer'] });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('sits in the Factory quadrant: dependence today 4 of 5, importance of development 2 of 5.');
    expect(html).toMatch(/<svg[^>]*role="img"[^>]*aria-label="Cards hotline of bank1 sits in the Factory quadrant/);
    expect(html).toContain('Simple contacts with swinging volume');
    expect(html).toContain('Data confidentiality: require data-protection clauses');
    expect(html).not.toContain('Save assessment');
  });

  it('a valid post saves the assessment and redirects; the page shows the new quadrant', async () => {
    const path = `/app/programs/${otherProgramId}/sourcing`;
    const response = await app.request(path, { method: 'POST', cookie: cookies['bank1:program_manager'], form: assessment() });
    expect(response.status).toBe(302);
    const html = await (await app.request(response.headers.get('location')!, { cookie: cookies['bank1:program_manager'] })).text();
    expect(html).toContain('Assessment saved.');
    expect(html).toContain('sits in the Strategic quadrant');
    expect(html).toContain('Recommendation: keep in-house.');
  });

  it('an invalid post answers 422 with the field error and writes nothing', async () => {
    const before = await unsafeWithoutTenant(handle.db, (tx) => tx.select().from(programSourcing).where(eq(programSourcing.programId, world.programId)));
    const response = await app.request(`/app/programs/${world.programId}/sourcing`, { method: 'POST', cookie: cookies['bank1:program_manager'], form: assessment({ dependence: '9', complexity: 'medium' }) });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain('Rate from 1 to 5.');
    expect(html).toContain('Choose low or high.');
    const after = await unsafeWithoutTenant(handle.db, (tx) => tx.select().from(programSourcing).where(eq(programSourcing.programId, world.programId)));
    expect(after[0]!.assessment).toEqual(before[0]!.assessment);
  });

  it('a viewer cannot post (403); a vendor and another client get 404', async () => {
    expect((await app.request(`/app/programs/${world.programId}/sourcing`, { method: 'POST', cookie: cookies['bank1:viewer'], form: assessment() })).status).toBe(403);
    expect((await app.request(`/app/programs/${world.programId}/sourcing`, { cookie: cookies['vendor1:vendor_admin'] })).status).toBe(404);
    expect((await app.request(`/app/programs/${world.programId}/sourcing`, { cookie: cookies['bank2:owner'] })).status).toBe(404);
    expect((await app.request(`/app/programs/${world.programId}/sourcing`, { method: 'POST', cookie: cookies['bank2:owner'], form: assessment() })).status).toBe(404);
  });
});

describe('portfolio', () => {
  it('places every assessed program on the grid as a focusable link, with a table beside it', async () => {
    const response = await app.request('/app/portfolio', { cookie: cookies['bank1:viewer'] });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toMatch(/<svg[^>]*role="group"/);
    expect(html).toContain(`<a href="/app/programs/${world.programId}/sourcing" aria-label="Cards hotline of bank1: dependence 4, importance of development 2"`);
    expect(html).toContain('data-testid="portfolio-row"');
    expect(html).toContain('Factory');
    expect(html).toContain('VIP securities line');
  });

  it('a vendor gets 403; another client sees none of bank1\'s programs', async () => {
    expect((await app.request('/app/portfolio', { cookie: cookies['vendor1:vendor_admin'] })).status).toBe(403);
    const bank2 = await app.request('/app/portfolio', { cookie: cookies['bank2:owner'] });
    expect(bank2.status).toBe(200);
    expect(await bank2.text()).not.toContain('Cards hotline of bank1');
  });
});
