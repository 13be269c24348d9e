import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPortfolioEvidence } from '../../../app/services/costs/portfolio-evidence.server';
import { createTestApp, sessionCookieFor, type TestApp } from '../../support/http';
import { createFeedWorld, type FeedWorld } from '../feeds/support';
import { seedLastMonth } from './what-if-seed';

const engine = process.env.DATABASE_URL ? 'postgres' : 'pglite';
let world: FeedWorld;
let app: TestApp;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  world = await createFeedWorld();
  await seedLastMonth(world);
  app = await createTestApp(world.handle);
  for (const [tenant, role] of [['bank1', 'finance'], ['bank1', 'viewer'], ['vendor1', 'vendor_admin']] as const) {
    cookies[`${tenant}:${role}`] = await sessionCookieFor(world.handle.db, world.seeded.userOf(tenant, role).id);
  }
}, 180_000);
afterAll(() => world?.close());

/**
 * Last month, each of the in-house unit and vendor1's unit: handled 280, 248 of 312 offered answered within
 * 20 s (79.5 %), CSAT 144 of 160 (90 %). In-house cost 50,500,000 minor; vendor1's SLA basis 280 × 45.00.
 */
describe(`portfolio evidence (${engine})`, () => {
  it('measures cost per contact by unit with its source, and quality, over the last three complete months', async () => {
    const evidence = await loadPortfolioEvidence(world.seeded.ctx('bank1', 'finance'));
    expect(evidence.canReadCosts).toBe(true);
    const program = evidence.programs.find((p) => p.programId === world.bank1.programId)!;
    // (50,500,000 + 1,260,000) / 560 = 92,428.57 → 92,429 minor.
    expect(program).toMatchObject({ currency: 'TWD', handled: 560, costPerContactMinor: '92429' });
    expect(program.serviceLevel).toBeCloseTo(496 / 624, 12);
    expect(program.csat).toBeCloseTo(0.9, 12);
    const unit = (id: string) => program.units.find((u) => u.unitId === id)!;
    // 50,500,000 / 280 = 180,357.14 → 180,357.
    expect(unit(world.bank1.inHouseUnitId)).toMatchObject({ kind: 'in_house', handled: 280, costPerContactMinor: '180357', costSources: ['in_house_costs'], monthsWithoutCost: [] });
    expect(unit(world.bank1.vendorUnitIds.vendor1!)).toMatchObject({ kind: 'vendor', handled: 280, costPerContactMinor: '4500', costSources: ['service_credits'] });
    expect(unit(world.bank1.vendorUnitIds.vendor2!)).toMatchObject({ handled: 0, costPerContactMinor: null, serviceLevel: null, csat: null });
  });

  it('shows a viewer the quality but not the costs, and refuses vendors', async () => {
    const evidence = await loadPortfolioEvidence(world.seeded.ctx('bank1', 'viewer'));
    expect(evidence.canReadCosts).toBe(false);
    const program = evidence.programs.find((p) => p.programId === world.bank1.programId)!;
    expect(program.costPerContactMinor).toBeNull();
    expect(program.units.every((u) => u.costPerContactMinor === null && u.costSources.length === 0)).toBe(true);
    expect(program.serviceLevel).toBeCloseTo(496 / 624, 12);
    await expect(loadPortfolioEvidence(world.seeded.ctx('vendor1', 'vendor_admin'))).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('renders the evidence beside each program on the portfolio page; vendors cannot open it', async () => {
    const finance = await app.request('/app/portfolio', { cookie: cookies['bank1:finance'] });
    expect(finance.status).toBe(200);
    const html = await finance.text();
    expect(html).toContain('data-testid="portfolio-evidence"');
    expect(html).toContain('NT$1,803.57 per contact');
    expect(html).toContain('(from in-house costs)');
    expect(html).toContain('NT$45.00 per contact');
    expect(html).toContain('(from rate card × volumes (SLA basis))');
    expect(html).toContain('service level 79.5%, CSAT 90.0%');
    const viewer = await (await app.request('/app/portfolio', { cookie: cookies['bank1:viewer'] })).text();
    expect(viewer).toContain('service level 79.5%, CSAT 90.0%');
    expect(viewer).not.toContain('per contact');
    expect((await app.request('/app/portfolio', { cookie: cookies['vendor1:vendor_admin'] })).status).toBe(403);
  });
});
