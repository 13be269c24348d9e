import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../../app/services/api-keys.server';
import { setUnitFeedSettings } from '../../../app/services/feeds/settings.server';
import { loadProgramDashboard, loadProgramOverview, loadUnitDay } from '../../../app/services/kpis/overview.server';
import { getKpiSeries, getServiceLevelHeatmap } from '../../../app/services/kpis/series.server';
import { createProgram } from '../../../app/services/programs.server';
import { addQueue, addUnit } from '../../../app/services/units.server';
import { createTestApp, sessionCookieFor, type TestApp } from '../../support/http';
import { createFeedWorld, upload, type FeedWorld } from '../feeds/support';

/**
 * KPI series (issue 5): Σnumerator / Σdenominator per local period, computed in SQL from the formula terms,
 * hand-checked; DST days; interval grain; vendor isolation; the API equals the pages.
 */
const engine = process.env.DATABASE_URL ? 'postgres' : 'pglite';
const HEADER = 'interval_start,interval_minutes,queue,channel,threshold_s,offered,handled,answered_within_threshold,abandoned,short_abandoned,wait_s,talk_s,hold_s,wrap_s';

interface Row {
  start: string;
  minutes?: number;
  offered: number;
  handled: number;
  within: number;
  abandoned?: number;
  short?: number;
  wait: number;
  talk?: number;
}
const csv = (queue: string, rows: Row[]) =>
  [HEADER, ...rows.map((r) => `${r.start},${r.minutes ?? 15},${queue},voice,20,${r.offered},${r.handled},${r.within},${r.abandoned ?? r.offered - r.handled},${r.short ?? 0},${r.wait},${r.talk ?? r.handled * 100},0,0`)].join('\n') + '\n';

let world: FeedWorld;
let app: TestApp;
let inHouseUnitId: string;
let vendorUnitId: string;
let nyUnitId: string;

beforeAll(async () => {
  world = await createFeedWorld();
  app = await createTestApp(world.handle);
  const pm = world.seeded.ctx('bank1', 'program_manager');
  inHouseUnitId = world.bank1.inHouseUnitId;
  vendorUnitId = world.bank1.vendorUnitIds.vendor1!;
  await setUnitFeedSettings(pm, inHouseUnitId, { cadence: 'daily', deadlineTime: '10:00', deadlineDays: 1, authoritativeSource: 'intervals' });
  // Monday 2 March 2026: one good interval (SL 10/10); Tuesday: a bad one (SL 45/90) and a quiet one.
  const inHouse = await upload(
    pm,
    inHouseUnitId,
    csv('Standard', [
      { start: '2026-03-02T09:00:00+08:00', offered: 10, handled: 10, within: 10, wait: 50 },
      { start: '2026-03-03T09:00:00+08:00', offered: 90, handled: 80, within: 45, short: 4, wait: 800, talk: 16000 },
      { start: '2026-03-03T09:15:00+08:00', offered: 0, handled: 0, within: 0, wait: 0 },
    ]),
  );
  expect(inHouse.issues).toEqual([]);
  expect(inHouse.upload.status).toBe('accepted');
  const vendor = await upload(
    world.seeded.ctx('vendor1', 'vendor_reporter'),
    vendorUnitId,
    csv('VIP line', [
      { start: '2026-03-02T08:00:00+08:00', offered: 40, handled: 38, within: 30, wait: 400 },
      { start: '2026-03-02T08:15:00+08:00', offered: 20, handled: 20, within: 19, wait: 100 },
    ]),
  );
  expect(vendor.upload.status).toBe('accepted');

  // A New York program: 23-hour and 25-hour days of hourly intervals, 10 offered each.
  const nyProgram = await createProgram(pm, { name: 'NY hotline', lineOfBusiness: 'Cards', channels: ['voice'], timeZone: 'America/New_York', currency: 'USD', status: 'live' });
  const nyUnit = await addUnit(pm, nyProgram.id, { kind: 'in_house', name: 'New York floor', volumeSharePct: 100 });
  await addQueue(pm, nyUnit.id, { name: 'Main', channel: 'voice' });
  await setUnitFeedSettings(pm, nyUnit.id, { cadence: 'daily', deadlineTime: '10:00', deadlineDays: 1, authoritativeSource: 'intervals' });
  nyUnitId = nyUnit.id;
  const hourly = (fromUtc: string, hours: number): Row[] =>
    Array.from({ length: hours }, (_, i) => ({ start: new Date(Date.parse(fromUtc) + i * 3_600_000).toISOString(), minutes: 60, offered: 10, handled: 10, within: 8, wait: 30 }));
  // 7 Mar 23:00 EST (04:00Z) .. 9 Mar 00:59 EDT: the last hour of the 7th, the 23 hours of the 8th, the first hour of the 9th.
  const spring = await upload(pm, nyUnit.id, csv('Main', hourly('2026-03-08T04:00:00Z', 1 + 23 + 1)));
  expect(spring.issues).toEqual([]);
  // 1 Nov 2026: 00:00 EDT (04:00Z) for 25 hours.
  const autumn = await upload(pm, nyUnit.id, csv('Main', hourly('2026-11-01T04:00:00Z', 25)));
  expect(autumn.issues).toEqual([]);
});
afterAll(() => world?.close());

describe(`KPI series (${engine})`, () => {
  it('day, week and month are Σ/Σ of the rows, not an average of daily ratios', async () => {
    const pm = world.seeded.ctx('bank1', 'program_manager');
    const days = await getKpiSeries(pm, { unitIds: [inHouseUnitId], from: '2026-03-02', to: '2026-03-03', grain: 'day' });
    const [monday, tuesday] = days.units[0]!.periods;
    expect(monday).toMatchObject({ period: '2026-03-02', start: '2026-03-02', end: '2026-03-02' });
    expect(monday!.kpis.service_level).toBe(1);
    // SL negative: 45 / (90 − 4 short abandons); abandonment (10 − 4) / 86; ASA 800 / 80; AHT 16000 / 80.
    expect(tuesday!.kpis.service_level).toBeCloseTo(45 / 86, 12);
    expect(tuesday!.kpis.abandonment_rate).toBeCloseTo(6 / 86, 12);
    expect(tuesday!.kpis.asa).toBe(10);
    expect(tuesday!.kpis.aht).toBe(200);
    expect(tuesday!.components).toMatchObject({ offered: 90, handled: 80, answered_within_threshold: 45, short_abandoned: 4 });
    // Nothing measured: null, not 0.
    expect(tuesday!.kpis.csat).toBeNull();
    expect(tuesday!.kpis.fcr).toBeNull();

    const week = await getKpiSeries(pm, { unitIds: [inHouseUnitId], from: '2026-03-04', to: '2026-03-04', grain: 'week' });
    expect(week.from).toBe('2026-03-02');
    expect(week.to).toBe('2026-03-08');
    const w10 = week.units[0]!.periods[0]!;
    expect(w10.period).toBe('2026-W10');
    const correct = 55 / 96; // (10 + 45) / ((10 − 0) + (90 − 4))
    const averageOfDays = (1 + 45 / 86) / 2;
    expect(w10.kpis.service_level).toBeCloseTo(correct, 12);
    expect(Math.abs(correct - averageOfDays)).toBeGreaterThan(0.1);
    expect(w10.kpis.asa).toBeCloseTo(850 / 90, 12);

    const month = await getKpiSeries(pm, { unitIds: [inHouseUnitId], from: '2026-02-15', to: '2026-03-20', grain: 'month' });
    expect(month.units[0]!.periods.map((p) => p.period)).toEqual(['2026-02', '2026-03']);
    expect(month.units[0]!.periods[0]!.kpis.service_level).toBeNull();
    expect(month.units[0]!.periods[0]!.components.offered).toBe(0);
    expect(month.units[0]!.periods[1]!.kpis.service_level).toBeCloseTo(correct, 12);
  });

  it('an SL variant option changes only the service-level formula', async () => {
    const pm = world.seeded.ctx('bank1', 'program_manager');
    const positive = await getKpiSeries(pm, { unitIds: [inHouseUnitId], from: '2026-03-03', to: '2026-03-03', grain: 'day', serviceLevelVariant: 'positive' });
    expect(positive.units[0]!.serviceLevelVariant).toBe('positive');
    // No abandons within T reported: positive equals negative here.
    expect(positive.units[0]!.periods[0]!.kpis.service_level).toBeCloseTo(45 / 86, 12);
  });

  it('grain interval lists each reported interval; their sums equal the day', async () => {
    const pm = world.seeded.ctx('bank1', 'program_manager');
    const series = await getKpiSeries(pm, { unitIds: [inHouseUnitId], from: '2026-03-03', to: '2026-03-03', grain: 'interval' });
    const periods = series.units[0]!.periods;
    expect(periods.map((p) => [p.period, p.start, p.end])).toEqual([
      ['2026-03-03T01:00:00Z', '2026-03-03T09:00', '2026-03-03T09:15'],
      ['2026-03-03T01:15:00Z', '2026-03-03T09:15', '2026-03-03T09:30'],
    ]);
    expect(periods[0]!.kpis.service_level).toBeCloseTo(45 / 86, 12);
    expect(periods[1]!.kpis.service_level).toBeNull();
    expect(periods.reduce((s, p) => s + p.components.offered, 0)).toBe(90);
  });

  it('DST days in America/New_York: 23 and 25 hours belong to their local day', async () => {
    const pm = world.seeded.ctx('bank1', 'program_manager');
    const spring = await getKpiSeries(pm, { unitIds: [nyUnitId], from: '2026-03-07', to: '2026-03-09', grain: 'day' });
    expect(spring.timeZone).toBe('America/New_York');
    expect(spring.units[0]!.periods.map((p) => [p.period, p.components.offered])).toEqual([
      ['2026-03-07', 10],
      ['2026-03-08', 230],
      ['2026-03-09', 10],
    ]);
    expect(spring.units[0]!.periods[1]!.kpis.service_level).toBeCloseTo(184 / 230, 12);
    const autumn = await getKpiSeries(pm, { unitIds: [nyUnitId], from: '2026-11-01', to: '2026-11-01', grain: 'day' });
    expect(autumn.units[0]!.periods[0]!.components.offered).toBe(250);
    const intervals = await getKpiSeries(pm, { unitIds: [nyUnitId], from: '2026-11-01', to: '2026-11-01', grain: 'interval' });
    expect(intervals.units[0]!.periods).toHaveLength(25);
    expect(intervals.units[0]!.periods.filter((p) => p.start === '2026-11-01T01:00')).toHaveLength(2);
    // The heat map's 01:00 cell of the 25-hour day sums both 01:00 intervals.
    const heatmap = await getServiceLevelHeatmap(pm, { unitId: nyUnitId, from: '2026-11-01', to: '2026-11-01' });
    expect(heatmap.cells).toHaveLength(24);
    expect(heatmap.cells.find((c) => c.time === '01:00')).toMatchObject({ offered: 20, serviceLevel: 0.8 });
    const month = await getKpiSeries(pm, { unitIds: [nyUnitId], from: '2026-03-01', to: '2026-03-31', grain: 'month' });
    expect(month.units[0]!.periods[0]!.components.offered).toBe(250);
  });

  it('refuses bad ranges with 422 details', async () => {
    const pm = world.seeded.ctx('bank1', 'program_manager');
    await expect(getKpiSeries(pm, { unitIds: [inHouseUnitId], from: '2026-03-01', to: '2026-04-15', grain: 'interval' })).rejects.toMatchObject({ code: 'UNPROCESSABLE' });
    await expect(getKpiSeries(pm, { unitIds: [inHouseUnitId], from: '2026-03-05', to: '2026-03-01', grain: 'day' })).rejects.toMatchObject({ code: 'UNPROCESSABLE' });
    await expect(getKpiSeries(pm, { unitIds: [inHouseUnitId], from: '2026-02-30', to: '2026-03-01', grain: 'day' })).rejects.toMatchObject({ code: 'UNPROCESSABLE' });
  });

  it('a vendor sees only its own unit', async () => {
    const vendor = world.seeded.ctx('vendor1', 'vendor_reporter');
    const program = await getKpiSeries(vendor, { programId: world.bank1.programId, from: '2026-03-02', to: '2026-03-02', grain: 'day' });
    expect(program.units.map((u) => u.unitId)).toEqual([vendorUnitId]);
    expect(program.units[0]!.periods[0]!.kpis.service_level).toBeCloseTo(49 / 60, 12);
    await expect(getKpiSeries(vendor, { unitIds: [inHouseUnitId], from: '2026-03-02', to: '2026-03-02', grain: 'day' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(getKpiSeries(world.seeded.ctx('vendor2', 'vendor_reporter'), { unitIds: [vendorUnitId], from: '2026-03-02', to: '2026-03-02', grain: 'day' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // The client sees every unit; the contract's SLA gives the vendor unit a target line (80 %).
    const client = await getKpiSeries(world.seeded.ctx('bank1', 'viewer'), { programId: world.bank1.programId, from: '2026-03-02', to: '2026-03-02', grain: 'day' });
    expect(client.units.map((u) => u.unitId)).toContain(inHouseUnitId);
    const vendorUnit = client.units.find((u) => u.unitId === vendorUnitId)!;
    expect(vendorUnit.targets.find((t) => t.kpi === 'service_level')?.values).toEqual([0.8]);
  });
});

describe(`The overview page's data in one transaction (${engine})`, () => {
  it("defaults to the last 30 days to the program's today, keeps an asked range, refuses a bad one, and hides another tenant's program", async () => {
    const pm = world.seeded.ctx('bank1', 'program_manager');
    const programId = world.bank1.programId;
    // 2026-03-04 22:30 UTC is already 03-05 in Taipei (the seeded programs' zone).
    const now = new Date('2026-03-04T22:30:00Z');
    const byDefault = await loadProgramDashboard(pm, programId, { grain: 'decade' }, now);
    expect(byDefault.values).toEqual({ from: '2026-02-04', to: '2026-03-05', grain: 'day' });
    expect(byDefault.error).toBeNull();
    expect(byDefault.overview?.labels).toHaveLength(30);

    const asked = await loadProgramDashboard(pm, programId, { from: '2026-03-01', to: '2026-03-04', grain: 'day' }, now);
    const direct = await loadProgramOverview(pm, { programId, programName: asked.programName, from: '2026-03-01', to: '2026-03-04', grain: 'day' });
    expect(asked.overview).toEqual(direct);

    const refused = await loadProgramDashboard(pm, programId, { from: '2026-03-09', to: '2026-03-01', grain: 'week' }, now);
    expect(refused).toMatchObject({ values: { from: '2026-03-09', to: '2026-03-01', grain: 'week' }, error: 'to must be on or after from', overview: null });

    await expect(loadProgramDashboard(world.seeded.ctx('bank2', 'program_manager'), programId, {}, now)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe(`KPI API and pages (${engine})`, () => {
  it('GET /api/v1/units/{unitId}/kpis: the series; 404 for a unit the key cannot see; 422 on bad ranges', async () => {
    const clientKey = (await createApiKey(world.seeded.ctx('bank1', 'owner'), { name: 'kpis', role: 'viewer' })).secret;
    const vendorKey = (await createApiKey(world.seeded.ctx('vendor1', 'vendor_admin'), { name: 'kpis', role: 'vendor_reporter' })).secret;
    const get = (path: string, key: string) => app.request(path, { headers: { authorization: `Bearer ${key}` } });

    const week = await get(`/api/v1/units/${inHouseUnitId}/kpis?from=2026-03-02&to=2026-03-08&grain=week`, clientKey);
    expect(week.status).toBe(200);
    const body = (await week.json()) as { periods: { period: string; kpis: Record<string, number | null>; components: Record<string, number> }[]; serviceLevelVariant: string; timeZone: string };
    expect(body.timeZone).toBe('Asia/Taipei');
    expect(body.serviceLevelVariant).toBe('negative');
    expect(body.periods).toHaveLength(1);
    expect(body.periods[0]!.kpis.service_level).toBeCloseTo(55 / 96, 12);
    expect(body.periods[0]!.components.offered).toBe(100);

    const intervals = await get(`/api/v1/units/${vendorUnitId}/kpis?from=2026-03-02&to=2026-03-02&grain=interval`, vendorKey);
    expect(intervals.status).toBe(200);
    expect(((await intervals.json()) as { periods: unknown[] }).periods).toHaveLength(2);

    expect((await get(`/api/v1/units/${inHouseUnitId}/kpis?from=2026-03-02&to=2026-03-02&grain=day`, vendorKey)).status).toBe(404);
    const tooLong = await get(`/api/v1/units/${inHouseUnitId}/kpis?from=2026-01-01&to=2026-03-01&grain=interval`, clientKey);
    expect(tooLong.status).toBe(422);
    expect(((await tooLong.json()) as { error: { code: string } }).error.code).toBe('VALIDATION_FAILED');
    expect((await get(`/api/v1/units/${inHouseUnitId}/kpis?from=2026-03-09&to=2026-03-01&grain=day`, clientKey)).status).toBe(422);
    expect((await get(`/api/v1/units/${inHouseUnitId}/kpis?from=2026-03-01&to=2026-03-09&grain=year`, clientKey)).status).toBe(422);
  });

  it("the API's figures equal the dashboard's, and the pages render them in their data tables", async () => {
    const pm = world.seeded.ctx('bank1', 'program_manager');
    const key = (await createApiKey(world.seeded.ctx('bank1', 'owner'), { name: 'kpis page', role: 'viewer' })).secret;
    const api = (await (await app.request(`/api/v1/units/${inHouseUnitId}/kpis?from=2026-03-01&to=2026-03-04&grain=day`, { headers: { authorization: `Bearer ${key}` } })).json()) as {
      periods: { period: string; kpis: Record<string, number | null>; components: Record<string, number> }[];
    };
    const overview = await loadProgramOverview(pm, { programId: world.bank1.programId, programName: 'x', from: '2026-03-01', to: '2026-03-04', grain: 'day' });
    const unit = overview.units.find((u) => u.unitId === inHouseUnitId)!;
    expect(overview.labels).toEqual(api.periods.map((p) => p.period));
    expect(unit.kpis.service_level).toEqual(api.periods.map((p) => p.kpis.service_level));
    expect(unit.kpis.asa).toEqual(api.periods.map((p) => p.kpis.asa));
    expect(unit.offered).toEqual(api.periods.map((p) => p.components.offered));

    const cookie = await sessionCookieFor(world.handle.db, world.seeded.userOf('bank1', 'program_manager').id);
    const page = await app.request(`/app/programs/${world.bank1.programId}/dashboard?from=2026-03-01&to=2026-03-04&grain=day`, { cookie });
    expect(page.status).toBe(200);
    const html = await page.text();
    // Tuesday's service level 45/86 = 52.3 %, ASA 10 s, the vendor's Monday 49/60 = 81.7 % and its 80 % target.
    expect(html).toContain('52.3%');
    expect(html).toContain('81.7%');
    expect(html).toContain('80.0%');
    expect(html).toMatch(/10\s*s(ec)?/);
    expect(html).toContain('2026-03-03');
    expect(html).toContain(`/app/units/${inHouseUnitId}/day?date=2026-03-04`);
    const week = await app.request(`/app/programs/${world.bank1.programId}/dashboard?from=2026-03-02&to=2026-03-08&grain=week`, { cookie });
    expect(week.status).toBe(200);
    expect(await week.text()).toContain('57.3%'); // 55 / 96
    expect((await app.request(`/app/programs/${world.bank1.programId}/dashboard?from=2026-03-09&to=2026-03-01`, { cookie })).status).toBe(422);

    const day = await app.request(`/app/units/${inHouseUnitId}/day?date=2026-03-03`, { cookie });
    expect(day.status).toBe(200);
    const dayHtml = await day.text();
    expect(dayHtml).toContain('09:00');
    expect(dayHtml).toContain('52.3%');
    expect(dayHtml).toContain('2026-03-02 09:00: service level 100.0%, offered 10, handled 10');
    const dayData = await loadUnitDay(pm, inHouseUnitId, '2026-03-03');
    expect(dayData.heatmap.from).toBe('2026-02-17');
    expect(dayData.heatmap.to).toBe('2026-03-16');

    // A vendor's session: its unit's day page, never the in-house unit's; the dashboard lists its unit only.
    const vendorCookie = await sessionCookieFor(world.handle.db, world.seeded.userOf('vendor1', 'vendor_reporter').id);
    expect((await app.request(`/app/units/${inHouseUnitId}/day?date=2026-03-03`, { cookie: vendorCookie })).status).toBe(404);
    expect((await app.request(`/app/units/${vendorUnitId}/day?date=2026-03-02`, { cookie: vendorCookie })).status).toBe(200);
    const vendorDashboard = await app.request(`/app/programs/${world.bank1.programId}/dashboard?from=2026-03-01&to=2026-03-04&grain=day`, { cookie: vendorCookie });
    expect(vendorDashboard.status).toBe(200);
    const vendorHtml = await vendorDashboard.text();
    expect(vendorHtml).toContain('81.7%');
    expect(vendorHtml).not.toContain('Taipei in-house');
  });
});
