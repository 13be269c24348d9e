import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateContractMonth } from '../../../app/services/sla/evaluate.server';
import { listSlaResults } from '../../../app/services/sla/results.server';
import { createApiKey } from '../../../app/services/api-keys.server';
import { createTestApp } from '../../support/http';
import { bytes } from '../feeds/support';
import { ingestUpload } from '../../../app/services/feeds/ingest.server';
import { createSlaWorld, csvOf, daysOf, engine, makeContractUnit, putFacts, SL, taipeiHour, type ContractUnit, type SlaWorld } from './support';

let world: SlaWorld;
let monthly: ContractUnit;
let other: ContractUnit;
const NOW = new Date('2026-11-20T00:00:00Z');

beforeAll(async () => {
  world = await createSlaWorld();
  monthly = await makeContractUnit(world, {
    terms: {
      slas: [
        { ...SL, isCritical: true, allocationPct: 40 },
        { kpi: 'abandonment_rate', comparator: 'lte', target: 5, isCritical: true, allocationPct: 30 },
        { kpi: 'asa', comparator: 'lte', target: 30, isCritical: true, allocationPct: 30 },
        { kpi: 'csat', comparator: 'gte', target: 85 },
      ],
    },
  });
  // A second vendor on the same program: vendor1 must never see its results.
  other = await makeContractUnit(world, { vendor: 'vendor2', programId: monthly.programId, terms: { slas: [{ ...SL, isCritical: true, allocationPct: 100 }] } });
});
afterAll(() => world?.close());

const upload = (u: ContractUnit, vendor: 'vendor1' | 'vendor2', csv: string) =>
  ingestUpload(world.seeded.ctx(vendor, 'vendor_reporter'), { unitId: u.unitId, fileName: 'april.csv', contentType: 'text/csv', body: bytes(csv) });

describe(`SLA evaluation (${engine})`, () => {
  it('evaluates a month uploaded through ingestUpload with hand-computed SL, ASA, abandonment and credits', async () => {
    // 30 days × 4 intervals × (offered 10, handled 9, answered in T 8, abandoned 1, wait 90 s).
    const result = await upload(monthly, 'vendor1', csvOf(daysOf('2026-04'), { offered: 10, handled: 9, awt: 8, abandoned: 1, wait: 90, talk: 1800 }));
    expect(result.upload.status).toBe('accepted');
    await upload(other, 'vendor2', csvOf(daysOf('2026-04'), { offered: 10, handled: 10, awt: 10, abandoned: 0, wait: 10, talk: 1800 }));
    // The ingest hook evaluated the month already.
    const { units, credits } = await listSlaResults(world.seeded.ctx('bank1', 'viewer'), { programId: monthly.programId, month: '2026-04' });
    const mine = units.find((u) => u.unitId === monthly.unitId)!.results.filter((r) => r.grain === 'month');
    const byKpi = Object.fromEntries(mine.map((r) => [r.kpi, r]));
    // SL = 960 / 1200 = 80 % exactly: a value at the target meets it.
    expect(byKpi.service_level).toMatchObject({ numerator: 960, denominator: 1200, value: 0.8, status: 'met' });
    expect(byKpi.service_level!.coverage).toMatchObject({ expectedIntervals: 120, receivedIntervals: 120 });
    // ASA = 10,800 s / 1,080 = 10 s.
    expect(byKpi.asa).toMatchObject({ value: 10, status: 'met' });
    // Abandonment = 120 / 1200 = 10 % > 5 %.
    expect(byKpi.abandonment_rate).toMatchObject({ value: 0.1, status: 'missed' });
    expect(byKpi.csat).toMatchObject({ value: null, status: 'not_measured', reason: 'zero_denominator' });
    // Basis 1,080 × 45.00 = 48,600.00 TWD; at risk 12 % = 5,832.00; abandonment's 30 % = 1,749.60.
    const credit = credits.find((c) => c.contractId === monthly.contractId)!;
    expect(credit).toMatchObject({ invoiceBasisMinor: 4_860_000n, atRiskMinor: 583_200n, totalMinor: 174_960n, isCapped: false });
    expect(byKpi.abandonment_rate!.credit).toMatchObject({ amountMinor: 174_960n, currency: 'TWD' });
    expect(byKpi.service_level!.credit?.amountMinor).toBe(0n);
  });

  it('a vendor sees only the results of its own units', async () => {
    const seenBy1 = await listSlaResults(world.seeded.ctx('vendor1', 'vendor_reporter'), { programId: monthly.programId, month: '2026-04' });
    expect(seenBy1.units.map((u) => u.unitId)).toEqual([monthly.unitId]);
    expect(seenBy1.credits.map((c) => c.contractId)).toEqual([monthly.contractId]);
    const seenBy2 = await listSlaResults(world.seeded.ctx('vendor2', 'vendor_admin'), { programId: monthly.programId, month: '2026-04' });
    expect(seenBy2.units.map((u) => u.unitId)).toEqual([other.unitId]);
    await expect(listSlaResults(world.seeded.ctx('bank2', 'owner'), { programId: monthly.programId, month: '2026-04' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('a week is Σnumerator/Σdenominator, not the average of its days', async () => {
    const weekly = await makeContractUnit(world, { terms: { slas: [{ ...SL, period: 'week', isCritical: true, allocationPct: 100 }] } });
    // ISO week 2026-W15 (Mon 6 - Sun 12 April): Monday 48 of 100 in T (48 %), the other days 20 of 20.
    const days = ['2026-04-06', '2026-04-07', '2026-04-08', '2026-04-09', '2026-04-10', '2026-04-11', '2026-04-12'];
    await putFacts(
      world.db,
      weekly,
      days.flatMap((day, i) => taipeiHour(day).map((start) => ({ start, c: i === 0 ? { offered: 25, handled: 25, answered_within_threshold: 12 } : { offered: 5, handled: 5, answered_within_threshold: 5 } }))),
    );
    await evaluateContractMonth(world.seeded.ctx('bank1', 'program_manager'), { contractId: weekly.contractId, month: '2026-04', now: NOW });
    const { units } = await listSlaResults(world.seeded.ctx('bank1', 'viewer'), { programId: weekly.programId, month: '2026-04' });
    const week = units[0]!.results.find((r) => r.periodKey === '2026-W15')!;
    // The mean of the daily values would be (0.48 + 6 × 1) / 7 = 92.6 % (met); the week is 168 / 220 = 76.4 %.
    expect(week).toMatchObject({ grain: 'week', numerator: 168, denominator: 220, status: 'missed' });
    expect(week.value).toBeCloseTo(168 / 220, 12);
    expect(units[0]!.results.find((r) => r.grain === 'month')).toMatchObject({ outcome: 'missed', reason: 'worst_of_weeks' });
  });

  it('a DST day has 92 quarter-hours; minimum volume, missing data and the missing-feed rule', async () => {
    const ny = await makeContractUnit(world, {
      timeZone: 'America/New_York',
      hours: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
      terms: {
        slas: [
          { ...SL, period: 'day', isCritical: true, allocationPct: 50 },
          { kpi: 'asa', comparator: 'lte', target: 30, period: 'day', minimumVolume: 100_000 },
          { kpi: 'abandonment_rate', comparator: 'lte', target: 5, period: 'day', missingFeed: 'not_measured', isCritical: true, allocationPct: 50 },
        ],
      },
    });
    // 8 March 2026 springs forward in New York: local midnight is 05:00Z, the next one 04:00Z (23 hours).
    const dst = Array.from({ length: 92 }, (_, i) => ({ start: new Date(Date.UTC(2026, 2, 8, 5) + i * 900_000), c: { offered: 10, handled: 9, answered_within_threshold: 9, abandoned: 1, wait_s: 50 } }));
    // 9 March: 96 quarter-hours expected, one missing.
    const next = Array.from({ length: 95 }, (_, i) => ({ start: new Date(Date.UTC(2026, 2, 9, 4) + i * 900_000), c: { offered: 10, handled: 10, answered_within_threshold: 10, wait_s: 50 } }));
    await putFacts(world.db, ny, [...dst, ...next]);
    await evaluateContractMonth(world.seeded.ctx('bank1', 'finance'), { contractId: ny.contractId, month: '2026-03', now: NOW });
    const { units } = await listSlaResults(world.seeded.ctx('bank1', 'viewer'), { programId: ny.programId, month: '2026-03' });
    const at = (kpi: string, day: string) => units[0]!.results.find((r) => r.kpi === kpi && r.periodKey === day)!;
    expect(at('service_level', '2026-03-08')).toMatchObject({ status: 'met', numerator: 828, denominator: 920, coverage: { expectedIntervals: 92, receivedIntervals: 92 } });
    expect(at('service_level', '2026-03-08').periodEnd.getTime() - at('service_level', '2026-03-08').periodStart.getTime()).toBe(23 * 3_600_000);
    expect(at('asa', '2026-03-08')).toMatchObject({ status: 'not_measured', reason: 'below_minimum_volume' });
    expect(at('service_level', '2026-03-09')).toMatchObject({ status: 'missing_data', outcome: 'missed', reason: 'incomplete_feed', coverage: { expectedIntervals: 96, receivedIntervals: 95 } });
    expect(at('abandonment_rate', '2026-03-09')).toMatchObject({ status: 'missing_data', outcome: 'not_measured' });
    expect(at('abandonment_rate', '2026-03-10')).toMatchObject({ status: 'missing_data', reason: 'no_feed', outcome: 'not_measured' });
  });

  it('GET /api/v1/programs/{id}/sla-results answers per unit and SLA, credits in minor units; vendors see their units only', async () => {
    const app = await createTestApp(world.handle);
    const key = async (tenant: 'bank1' | 'vendor1', role: 'viewer' | 'vendor_reporter') =>
      (await createApiKey(world.seeded.ctx(tenant, tenant === 'bank1' ? 'owner' : 'vendor_admin'), { name: `sla ${role}`, role })).secret;
    const clientKey = await key('bank1', 'viewer');
    const response = await app.request(`/api/v1/programs/${monthly.programId}/sla-results?month=2026-04`, { headers: { authorization: `Bearer ${clientKey}` } });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { units: { unitId: string; results: { kpi: string; grain: string; status: string; value: number | null; credit: { amountMinor: string; currency: string } | null }[] }[] };
    expect(body.units.map((u) => u.unitId).sort()).toEqual([monthly.unitId, other.unitId].sort());
    const abandonment = body.units.find((u) => u.unitId === monthly.unitId)!.results.find((r) => r.kpi === 'abandonment_rate' && r.grain === 'month')!;
    expect(abandonment).toMatchObject({ status: 'missed', value: 0.1, credit: { amountMinor: '174960', currency: 'TWD' } });
    const vendorKey = await key('vendor1', 'vendor_reporter');
    const seen = (await (await app.request(`/api/v1/programs/${monthly.programId}/sla-results?month=2026-04`, { headers: { authorization: `Bearer ${vendorKey}` } })).json()) as { units: { unitId: string }[] };
    expect(seen.units.map((u) => u.unitId)).toEqual([monthly.unitId]);
    expect((await app.request(`/api/v1/programs/${monthly.programId}/sla-results?month=2026-4`, { headers: { authorization: `Bearer ${clientKey}` } })).status).toBe(422);
  });
});
