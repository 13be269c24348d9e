import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { costPerInteractionMinor, fractionFromJson } from '../../../app/domain/costs/channel-mix';
import { loadChannelMixBaseline } from '../../../app/services/costs/channel-mix.server';
import { createTestApp, sessionCookieFor, type TestApp } from '../../support/http';
import { createFeedWorld, type FeedWorld } from '../feeds/support';
import { seedLastMonth } from './what-if-seed';

const engine = process.env.DATABASE_URL ? 'postgres' : 'pglite';
let world: FeedWorld;
let app: TestApp;
let month: string;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  world = await createFeedWorld();
  month = await seedLastMonth(world);
  app = await createTestApp(world.handle);
  for (const [tenant, role] of [['bank1', 'finance'], ['bank1', 'viewer'], ['bank2', 'owner'], ['vendor1', 'vendor_admin'], ['vendor1', 'vendor_reporter']] as const) {
    cookies[`${tenant}:${role}`] = await sessionCookieFor(world.handle.db, world.seeded.userOf(tenant, role).id);
  }
}, 180_000);
afterAll(() => world?.close());

const page = (query = '', who = 'bank1:finance') => app.request(`/app/programs/${world.bank1.programId}/channel-mix${query}`, { cookie: cookies[who] });

/**
 * Last month: agents handled 280 in-house + 280 at vendor1 = 560; the IVR contained 320 + 320 = 640; no web.
 * In-house 500,000.00 + technology 3,000.00 + telecom 2,000.00 = 50,500,000 minor; vendor1 280 × 45.00 = 1,260,000.
 * Self-service: technology + telecom 500,000 minor / 1,200 interactions = 416.67 minor each.
 * Agents: (50,500,000 − 500,000 × 640 / 1,200 + 1,260,000) / 560 = 91,952.38 minor each.
 * Monthly over three months (400 interactions a month): today (50,500,000 + 1,260,000) / 3 = 17,253,333;
 * 50/20/30: IVR 200 × 416.67 = 83,333 + web 80 × 416.67 = 33,333 + agents 120 × 91,952.38 = 11,034,286,
 * in all 11,150,952.
 */
describe(`channel mix (${engine})`, () => {
  it('derives interactions and cost per interaction per channel from the data', async () => {
    const baseline = await loadChannelMixBaseline(world.seeded.ctx('bank1', 'program_manager'), { programId: world.bank1.programId });
    expect(baseline).toMatchObject({ currency: 'TWD', minorDigits: 2, months: 3, to: month, incomplete: [] });
    expect(baseline.channels.agent.interactions).toBe(560);
    expect(baseline.channels.ivr.interactions).toBe(640);
    expect(baseline.channels.web.interactions).toBe(0);
    expect(costPerInteractionMinor(fractionFromJson(baseline.channels.ivr.cost)!)).toBe(417n);
    expect(costPerInteractionMinor(fractionFromJson(baseline.channels.agent.cost)!)).toBe(91_952n);
  });

  it('renders the telecom scenario without JavaScript: a GET form of labelled number inputs and the monthly costs', async () => {
    const response = await page();
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toMatch(/<form[^>]*method="get"/);
    for (const name of ['ivr', 'web', 'agent', 'costIvr', 'costWeb', 'costAgent']) expect(html).toContain(`name="${name}"`);
    expect(html).toMatch(/data-testid="mix-today-total"[^>]*>[^<]*172,533\.33/);
    expect(html).toMatch(/data-testid="mix-scenario-total"[^>]*>[^<]*111,509\.52/);
  });

  it('takes the shares and a cost from the query; shares not adding up to 100 % are a clear 400', async () => {
    // All to the IVR: 400 × 416.67 = 166,666.67 → 166,667 minor.
    const allIvr = await (await page('?ivr=100&web=0&agent=0')).text();
    expect(allIvr).toMatch(/data-testid="mix-scenario-total"[^>]*>[^<]*1,666\.67/);
    // A web interaction entered at 10.00: 80 × 1,000 minor = 80,000; with IVR 83,333 and agents 11,034,286.
    const withWeb = await (await page('?ivr=50&web=20&agent=30&costWeb=10.00')).text();
    expect(withWeb).toMatch(/data-testid="mix-scenario-total"[^>]*>[^<]*111,976\.19/);
    const bad = await page('?ivr=60&web=20&agent=30');
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('The shares add up to 110 %; they must add up to exactly 100 %.');
    expect((await page('?ivr=abc&web=20&agent=30')).status).toBe(400);
  });

  it('is for client members with read:costs only: vendors and viewers 403, another client 404', async () => {
    expect((await page('', 'vendor1:vendor_admin')).status).toBe(403);
    expect((await page('', 'vendor1:vendor_reporter')).status).toBe(403);
    expect((await page('', 'bank1:viewer')).status).toBe(403);
    expect((await page('', 'bank2:owner')).status).toBe(404);
  });
});
