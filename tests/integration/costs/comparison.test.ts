/**
 * The comparison against a hand calculation (issue 6 "Done when"): six months of in-house costs entered
 * (three through the form's service, three by importing a CSV), volumes through the feed ingest, the
 * vendor's charges from each source in turn (approved invoice, draft invoice, SLA basis, rate card).
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractVersions, invoices, serviceCredits } from '../../../db/schema/index';
import { withTenant } from '../../../db/tenant';
import { loadComparison } from '../../../app/services/costs/comparison.server';
import { commitCostImport } from '../../../app/services/costs/import.server';
import { addTransitionCost, saveInHouseMonth, saveOversightMonth } from '../../../app/services/costs/unit-costs.server';
import { apiKeyFor, bearer } from '../api/helpers';
import { createFeedWorld, INTERVAL_HEADER, upload, type FeedWorld } from '../feeds/support';
import { createTestApp, sessionCookieFor, type TestApp } from '../../support/http';

const MONTHS = ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06'];

/**
 * Per month, four 15-minute intervals on the 5th, 09:00-09:45 Taipei, each with the same figures:
 *  in-house:  offered 110, handled 100, answered ≤ 20 s 85, abandoned 10, wait 1,500 s, talk 34,000 s
 *  vendor1:   offered 105, handled 100, answered ≤ 20 s 90, abandoned  5, wait 1,000 s, talk 24,000 s
 * so a month has in-house offered 440, handled 400, answered 340, wait 6,000, talk 136,000 (AHT 340 s)
 * and vendor1 offered 420, handled 400, answered 360, wait 4,000, talk 96,000 (AHT 240 s).
 */
function monthOfIntervals(queue: string, figures: { offered: number; handled: number; awt: number; abandoned: number; wait: number; talk: number }): string {
  const lines = [INTERVAL_HEADER];
  for (const month of MONTHS) {
    for (const minute of ['00', '15', '30', '45']) {
      const f = figures;
      lines.push(`${month}-05T09:${minute}:00+08:00,15,${queue},voice,20,${f.offered},${f.handled},${f.awt},${f.abandoned},${f.wait},${f.talk}`);
    }
  }
  return lines.join('\r\n') + '\r\n';
}

let world: FeedWorld;
let app: TestApp;

beforeAll(async () => {
  world = await createFeedWorld();
  const { seeded, bank1 } = world;
  const pm = seeded.ctx('bank1', 'program_manager');
  const inHouse = bank1.inHouseUnitId;
  const vendorUnit = bank1.vendorUnitIds.vendor1!;
  const contractId = bank1.contractIds.vendor1!;
  const finance = seeded.ctx('bank1', 'finance');

  const inHouseUpload = await upload(pm, inHouse, monthOfIntervals('Standard', { offered: 110, handled: 100, awt: 85, abandoned: 10, wait: 1_500, talk: 34_000 }));
  const vendorUpload = await upload(seeded.ctx('vendor1', 'vendor_reporter'), vendorUnit, monthOfIntervals('VIP line', { offered: 105, handled: 100, awt: 90, abandoned: 5, wait: 1_000, talk: 24_000 }));
  expect(inHouseUpload.upload.status).toBe('accepted');
  expect(vendorUpload.upload.status).toBe('accepted');

  // In-house month k (1..6): FTE 10 + 0.5k at 60,000.00 per FTE-month, plus 130,000.00 of other categories
  // (supervision 50,000, facilities 30,000, technology 20,000, telecom 10,000, training 5,000, overhead 15,000):
  // total = 60,000 × (10 + 0.5k) + 130,000 = 730,000 + 30,000k TWD.
  const other = { supervision: '50,000', facilities: '30000.00', technology: '20000', telecom: '10000', training: '5000', overhead: '15000' };
  for (const [index, month] of MONTHS.slice(0, 3).entries()) {
    await saveInHouseMonth(finance, inHouse, { month, agentFte: String(10 + 0.5 * (index + 1)), productiveHours: '1400', loadedCostPerFte: '60,000.00', ...other });
  }
  const csv = [
    'unit,month,agent_fte,productive_hours,loaded_cost_per_fte,supervision,facilities,technology,telecom,training,overhead',
    ...MONTHS.slice(3).map((month, i) => `Taipei in-house,${month},${10 + 0.5 * (i + 4)},1400,60000,50000,30000,20000,10000,5000,15000`),
  ].join('\n');
  const imported = await commitCostImport(pm, inHouse, { fileName: 'costs-q2.csv', bytes: new TextEncoder().encode(csv) });
  expect(imported.issues).toEqual([]);
  expect(imported.committed).toBe(true);

  // Vendor unit: oversight 2,000.00 every month; a transition of 12,000.00 from 2026-01 over 12 months (1,000.00 a month).
  for (const month of MONTHS) await saveOversightMonth(finance, vendorUnit, { month, amount: '2000' });
  await addTransitionCost(finance, vendorUnit, { description: 'Knowledge transfer', amount: '12000', startMonth: '2026-01', amortisationMonths: '12' });

  // Vendor charges: January an approved invoice of 20,000.00; February a draft of 19,500.00; March the SLA
  // engine's invoice basis of 18,400.00; April-June nothing stored: the rate card, 400 handled × 45.00 = 18,000.00.
  const clientOrgId = seeded.orgs.bank1.id;
  const vendorOrgId = seeded.orgs.vendor1.id;
  await withTenant(world.handle.db, { orgId: clientOrgId }, async (tx) => {
    // The ingest lets the SLA engine evaluate the upload's latest month (June here), which stores its
    // invoice basis; removed so April-June exercise the last source, the rate card on measured volumes.
    await tx.delete(serviceCredits).where(eq(serviceCredits.contractId, contractId));
    const [version] = await tx.select({ id: contractVersions.id }).from(contractVersions).where(eq(contractVersions.contractId, contractId)).limit(1);
    const invoice = (month: string, status: 'approved' | 'draft', totalMinor: bigint) => ({
      clientOrgId, contractId, vendorOrgId, month, status, contractVersionId: version!.id, currency: 'TWD', minorDigits: 2, roundingMode: 'half_up' as const,
      subtotalMinor: totalMinor, creditsMinor: 0n, adjustmentsMinor: 0n, taxMinor: 0n, totalMinor,
      inputs: { monthCloseId: null, contractVersionId: version!.id, uploadIds: [], serviceCreditMonth: null }, computedByLabel: 'test',
    });
    await tx.insert(invoices).values([invoice('2026-01', 'approved', 2_000_000n), invoice('2026-02', 'draft', 1_950_000n)]);
    await tx.insert(serviceCredits).values({
      clientOrgId, contractId, month: '2026-03', vendorOrgId, contractVersionId: version!.id, currency: 'TWD', minorDigits: 2, invoiceBasisMinor: 1_840_000n,
      basisDetails: { source: 'rate_card', lines: [], minimumCommitmentMinor: null }, atRiskBp: 1200, poolBp: 10000, atRiskMinor: 0n, uncappedTotalMinor: 0n, capReductionMinor: 0n, totalMinor: 0n, isCapped: false, lines: [],
    });
  });
  app = await createTestApp(world.handle);
}, 120_000);
afterAll(() => world?.close());

/**
 * Hand calculation (TWD, minor units = cents):
 *  in-house, month k: total 730,000 + 30,000k; per contact total / 400; per handled minute total × 60 / 136,000
 *   2026-01  760,000.00  1,900.00  335.2941… → 335.29
 *   2026-02  790,000.00  1,975.00  348.5294… → 348.53
 *   2026-03  820,000.00  2,050.00  361.7647… → 361.76
 *   2026-04  850,000.00  2,125.00  375.00
 *   2026-05  880,000.00  2,200.00  388.2352… → 388.24
 *   2026-06  910,000.00  2,275.00  401.4705… → 401.47
 *  vendor1: charges + oversight 2,000 + transition 1,000; per contact / 400; per minute / 1,600 (96,000 s)
 *   2026-01  20,000 + 3,000 = 23,000.00  57.50  14.375 → 14.38   approved invoice
 *   2026-02  19,500 + 3,000 = 22,500.00  56.25  14.0625 → 14.06  draft invoice
 *   2026-03  18,400 + 3,000 = 21,400.00  53.50  13.375 → 13.38   SLA basis
 *   2026-04…06  18,000 + 3,000 = 21,000.00  52.50  13.125 → 13.13   rate card
 *  quality, every month: in-house SL 340 / 440 = 0.772727…, ASA 6,000 / 400 = 15 s, AHT 136,000 / 400 = 340 s,
 *  abandonment 40 / 440; vendor1 SL 360 / 420 = 0.857142…, ASA 10 s, AHT 240 s, abandonment 20 / 420.
 */
const IN_HOUSE = [
  ['2026-01', '76000000', '190000', '33529'],
  ['2026-02', '79000000', '197500', '34853'],
  ['2026-03', '82000000', '205000', '36176'],
  ['2026-04', '85000000', '212500', '37500'],
  ['2026-05', '88000000', '220000', '38824'],
  ['2026-06', '91000000', '227500', '40147'],
] as const;
const VENDOR = [
  ['2026-01', '2300000', '5750', '1438', 'invoice_approved', '2000000'],
  ['2026-02', '2250000', '5625', '1406', 'invoice_draft', '1950000'],
  ['2026-03', '2140000', '5350', '1338', 'sla_basis', '1840000'],
  ['2026-04', '2100000', '5250', '1313', 'rate_card', '1800000'],
  ['2026-05', '2100000', '5250', '1313', 'rate_card', '1800000'],
  ['2026-06', '2100000', '5250', '1313', 'rate_card', '1800000'],
] as const;

describe('the comparison agrees with the hand calculation', () => {
  it('per unit and month: total, cost per contact, per handled minute, volume, SL, ASA, AHT, abandonment', async () => {
    const dto = await loadComparison(world.seeded.ctx('bank1', 'finance'), { programId: world.bank1.programId, from: '2026-01', to: '2026-06' });
    expect(dto.currency).toBe('TWD');
    expect(dto.months).toEqual(MONTHS);
    const inHouse = dto.units.find((u) => u.id === world.bank1.inHouseUnitId)!;
    const vendor = dto.units.find((u) => u.id === world.bank1.vendorUnitIds.vendor1)!;
    for (const [i, [month, total, cpc, cpm]] of IN_HOUSE.entries()) {
      const m = inHouse.months[i]!;
      expect(m.month).toBe(month);
      expect(m.cost.totalMinor).toBe(total);
      expect(m.all).toMatchObject({ handled: 400, offered: 440, handleSeconds: 136_000, costMinor: total });
      expect(m.all.costPerContact?.roundedMinor).toBe(cpc);
      expect(m.all.costPerHandledMinute?.roundedMinor).toBe(cpm);
      expect(m.all.kpis.service_level).toBeCloseTo(340 / 440, 12);
      expect(m.all.kpis.asa).toBeCloseTo(15, 12);
      expect(m.all.kpis.aht).toBeCloseTo(340, 12);
      expect(m.all.kpis.abandonment_rate).toBeCloseTo(40 / 440, 12);
      expect(m.all.kpis.csat).toBeNull();
    }
    for (const [i, [month, total, cpc, cpm, source, charges]] of VENDOR.entries()) {
      const m = vendor.months[i]!;
      expect(m.month).toBe(month);
      expect(m.cost).toMatchObject({ totalMinor: total, vendorChargesSource: source, vendorChargesMinor: charges, oversightMinor: '200000', transitionMinor: '100000', missing: [] });
      expect(m.all).toMatchObject({ handled: 400, offered: 420, handleSeconds: 96_000 });
      expect(m.all.costPerContact?.roundedMinor).toBe(cpc);
      expect(m.all.costPerHandledMinute?.roundedMinor).toBe(cpm);
      expect(m.all.kpis.service_level).toBeCloseTo(360 / 420, 12);
      expect(m.all.kpis.asa).toBeCloseTo(10, 12);
      expect(m.all.kpis.aht).toBeCloseTo(240, 12);
      // One channel: the voice cell carries the whole month.
      expect(m.channels.map((c) => [c.channel, c.costMinor])).toEqual([['voice', total]]);
    }
    // A vendor unit without volume or costs: the rate card on no volume is 0, and 0 contacts are "no data".
    const idle = dto.units.find((u) => u.id === world.bank1.vendorUnitIds.vendor2)!;
    expect(idle.months[0]!.all.costPerContact).toBeNull();
  });

  it('explains the gap by AHT over the range', async () => {
    const dto = await loadComparison(world.seeded.ctx('bank1', 'program_manager'), { programId: world.bank1.programId, from: '2026-01', to: '2026-06' });
    const whole = dto.explanations.find((e) => e.month === null && e.otherUnitId === world.bank1.vendorUnitIds.vendor1)!;
    // Range: in-house Σ(730,000 + 30,000k) = 5,010,000.00 / 2,400 = 2,087.50;
    // vendor 23,000 + 22,500 + 21,400 + 3 × 21,000 = 129,900.00 / 2,400 = 54.125 → 54.13; gap 54.13 − 2,087.50.
    expect(whole).toMatchObject({ referenceAht: 340, otherAht: 240, isAhtDifferent: true, costPerContactGapMinor: String(5413 - 208750) });
    expect(whole.minutesPerContactChange).toBeCloseTo(-100 / 340, 12);
    // At 340 s per contact the vendor would cost 129,900.00 × 816,000 s / (576,000 s × 2,400) = 76.6771 → 76.68
    // (its 13.53125 per handled minute × 340 / 60 minutes).
    expect(whole.otherAtReferenceAhtMinor).toBe('7668');
  });

  it('the API returns the same figures as decimal strings of minor units', async () => {
    const key = await apiKeyFor(world.seeded, 'bank1', 'finance');
    const response = await app.request(`/api/v1/programs/${world.bank1.programId}/comparison?from=2026-01&to=2026-06`, { headers: bearer(key) });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { currency: string; units: { unitId: string; months: { month: string; cost: { total: string; vendorChargesSource: string | null }; all: { costPerContact: { roundedMinor: string } } }[] }[] };
    expect(body.currency).toBe('TWD');
    const vendor = body.units.find((u) => u.unitId === world.bank1.vendorUnitIds.vendor1)!;
    expect(vendor.months.map((m) => [m.month, m.cost.total, m.cost.vendorChargesSource, m.all.costPerContact.roundedMinor])).toEqual(VENDOR.map(([month, total, cpc, , source]) => [month, total, source, cpc]));
    const bad = await app.request(`/api/v1/programs/${world.bank1.programId}/comparison?from=2026-06&to=2026-01`, { headers: bearer(key) });
    expect(bad.status).toBe(422);
  });

  it('the page shows the table to finance; vendors and another bank get nothing', async () => {
    const cookie = await sessionCookieFor(world.handle.db, world.seeded.userOf('bank1', 'finance').id);
    const page = await app.request(`/app/programs/${world.bank1.programId}/comparison?from=2026-01&to=2026-06`, { cookie });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('data-testid="comparison-table"');
    expect(html).toContain('NT$57.50');
    for (const role of ['vendor_admin', 'vendor_reporter'] as const) {
      const vendorCookie = await sessionCookieFor(world.handle.db, world.seeded.userOf('vendor1', role).id);
      expect((await app.request(`/app/programs/${world.bank1.programId}/comparison`, { cookie: vendorCookie })).status).toBe(403);
      expect((await app.request(`/app/units/${world.bank1.vendorUnitIds.vendor1}/costs`, { cookie: vendorCookie })).status).toBe(403);
      const vendorKey = await apiKeyFor(world.seeded, 'vendor1', role);
      expect((await app.request(`/api/v1/programs/${world.bank1.programId}/comparison?from=2026-01&to=2026-06`, { headers: bearer(vendorKey) })).status).toBe(403);
    }
    const otherBank = await sessionCookieFor(world.handle.db, world.seeded.userOf('bank2', 'finance').id);
    expect((await app.request(`/app/programs/${world.bank1.programId}/comparison`, { cookie: otherBank })).status).toBe(404);
  });

  it('a new finance user finds the costs from the unit page, is told what an import wrote, and reads one counterfactual heading', async () => {
    const cookie = await sessionCookieFor(world.handle.db, world.seeded.userOf('bank1', 'finance').id);
    const costsHref = `href="/app/units/${world.bank1.inHouseUnitId}/costs"`;
    expect(await (await app.request(`/app/units/${world.bank1.inHouseUnitId}`, { cookie })).text()).toContain(costsHref);
    // Roles without read:costs get no link to a page that would refuse them.
    const viewer = await sessionCookieFor(world.handle.db, world.seeded.userOf('bank1', 'viewer').id);
    expect(await (await app.request(`/app/units/${world.bank1.inHouseUnitId}`, { cookie: viewer })).text()).not.toContain(costsHref);
    const vendor = await sessionCookieFor(world.handle.db, world.seeded.userOf('vendor1', 'vendor_admin').id);
    const vendorUnit = await app.request(`/app/units/${world.bank1.vendorUnitIds.vendor1}`, { cookie: vendor });
    expect(vendorUnit.status).toBe(200);
    expect(await vendorUnit.text()).not.toContain('/costs"');

    // The import's redirect lands on the costs page with ?imported=<rows>: the page says it.
    const imported = await (await app.request(`/app/units/${world.bank1.inHouseUnitId}/costs?imported=3`, { cookie })).text();
    expect(imported).toContain('Imported 3 rows from the file');
    expect(await (await app.request(`/app/units/${world.bank1.inHouseUnitId}/costs`, { cookie })).text()).not.toContain('Imported');

    // The counterfactual panel titles itself: the page adds no second heading with the same id.
    const html = await (await app.request(`/app/programs/${world.bank1.programId}/comparison?from=2026-01&to=2026-06`, { cookie })).text();
    expect(html.match(/id="counterfactual-title"/g)?.length).toBe(1);
    expect(html).toContain('data-testid="counterfactual-panel"');
  });
});
