import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../../app/services/api-keys.server';
import { setUnitFeedSettings } from '../../../app/services/feeds/settings.server';
import { loadProgramOverview } from '../../../app/services/kpis/overview.server';
import { SeriesLru, seriesCacheFor } from '../../../app/services/kpis/series-cache.server';
import { getKpiSeries, type KpiSeries } from '../../../app/services/kpis/series.server';
import { setInternalTargets, updateUnit } from '../../../app/services/units.server';
import { createTestApp, type TestApp } from '../../support/http';
import { createFeedWorld, dayOfIntervals, upload, type FeedWorld } from '../feeds/support';

/**
 * The KPI series cache (series-cache.server.ts): a repeated view is served from the cache, and never once
 * its data changed (an upload, a correcting revision, a unit rename, a new target), nor to another org.
 */
const engine = process.env.DATABASE_URL ? 'postgres' : 'pglite';
const DAY = '2026-03-02';
const NEXT_DAY = '2026-03-03';

let world: FeedWorld;
let app: TestApp;
let inHouseUnitId: string;
let vendorUnitId: string;

beforeAll(async () => {
  world = await createFeedWorld();
  app = await createTestApp(world.handle);
  const pm = world.seeded.ctx('bank1', 'program_manager');
  inHouseUnitId = world.bank1.inHouseUnitId;
  vendorUnitId = world.bank1.vendorUnitIds.vendor1!;
  await setUnitFeedSettings(pm, inHouseUnitId, { cadence: 'daily', deadlineTime: '10:00', deadlineDays: 1, authoritativeSource: 'intervals' });
  expect((await upload(pm, inHouseUnitId, dayOfIntervals(DAY, { queue: 'Standard', toHour: 10 }))).upload.status).toBe('accepted');
  expect((await upload(world.seeded.ctx('vendor1', 'vendor_reporter'), vendorUnitId, dayOfIntervals(DAY, { toHour: 10 }))).upload.status).toBe('accepted');
}, 180_000);
afterAll(() => world?.close());

const overview = (ctx = world.seeded.ctx('bank1', 'program_manager')) =>
  loadProgramOverview(ctx, { programId: world.bank1.programId, programName: 'Cards', from: DAY, to: NEXT_DAY, grain: 'day' });
const unitOf = (view: Awaited<ReturnType<typeof overview>>, unitId: string) => view.units.find((u) => u.unitId === unitId);

describe(`KPI series cache (${engine})`, () => {
  it('serves a repeated view from the cache, and the new figures after an upload, a revision, a rename and a new target', async () => {
    const pm = world.seeded.ctx('bank1', 'program_manager');
    const series = () => getKpiSeries(pm, { programId: world.bank1.programId, from: DAY, to: DAY, grain: 'day' });
    const first = await series();
    // The same object: no rollup was aggregated the second time.
    expect(await series()).toBe(first);
    const before = await overview();
    // 8 intervals (08:00–09:45), offered 10 + hour each; nothing yet on the next day.
    expect(unitOf(before, inHouseUnitId)!.offered).toEqual([4 * 18 + 4 * 19, 0]);

    // A file for the next day: the figures include it at once.
    const more = await upload(pm, inHouseUnitId, dayOfIntervals(NEXT_DAY, { queue: 'Standard', fromHour: 10, toHour: 12 }));
    expect(more.upload.status).toBe('accepted');
    expect(unitOf(await overview(), inHouseUnitId)!.offered).toEqual([4 * 18 + 4 * 19, 4 * 20 + 4 * 21]);
    expect(await series()).not.toBe(first);

    // A correcting revision of the first day (offered + 5 per interval) supersedes its rows.
    const revision = await upload(pm, inHouseUnitId, dayOfIntervals(DAY, { queue: 'Standard', toHour: 10, offered: 15 }));
    expect(revision.upload.status).toBe('accepted');
    expect(revision.upload.revision).toBe(2);
    expect(unitOf(await overview(), inHouseUnitId)!.offered).toEqual([4 * 23 + 4 * 24, 4 * 20 + 4 * 21]);

    // What else the page shows: the unit's name and its target lines.
    await updateUnit(pm, inHouseUnitId, { name: 'Taipei floor 2', site: 'Taipei', volumeSharePct: 40 });
    expect(unitOf(await overview(), inHouseUnitId)!.name).toBe('Taipei floor 2');
    expect(unitOf(await overview(), inHouseUnitId)!.targets.asa).toEqual([25, 25]);
    await setInternalTargets(pm, inHouseUnitId, { effectiveFrom: '2026-01-01', targets: [{ kpi: 'asa', comparator: 'lte', target: 30 }] });
    expect(unitOf(await overview(), inHouseUnitId)!.targets.asa).toEqual([30, 30]);
  });

  it('the KPI API answers the new figures right after an upload', async () => {
    const key = (await createApiKey(world.seeded.ctx('bank1', 'owner'), { name: 'cache', role: 'viewer' })).secret;
    const offered = async () => {
      const response = await app.request(`/api/v1/units/${vendorUnitId}/kpis?from=${DAY}&to=${DAY}&grain=day`, { headers: { authorization: `Bearer ${key}` } });
      expect(response.status).toBe(200);
      return ((await response.json()) as { periods: { components: { offered: number } }[] }).periods[0]!.components.offered;
    };
    expect(await offered()).toBe(4 * 18 + 4 * 19);
    expect(await offered()).toBe(4 * 18 + 4 * 19);
    // The vendor's revision of the day (a file for the day replaces the day's rows): 14:00–14:45 only.
    const vendor = world.seeded.ctx('vendor1', 'vendor_reporter');
    expect((await upload(vendor, vendorUnitId, dayOfIntervals(DAY, { fromHour: 14, toHour: 15 }))).upload.status).toBe('accepted');
    expect(await offered()).toBe(4 * 24);
  });

  it("never hands one org's cached view to another: a vendor sees its own units after the client's view was cached, and the reverse", async () => {
    const client = await overview();
    expect(client.units.map((u) => u.unitId)).toEqual(expect.arrayContaining([inHouseUnitId, vendorUnitId]));
    const vendor1 = await overview(world.seeded.ctx('vendor1', 'vendor_reporter'));
    expect(vendor1.units.map((u) => u.unitId)).toEqual([vendorUnitId]);
    const vendor2 = await overview(world.seeded.ctx('vendor2', 'vendor_reporter'));
    expect(vendor2.units.map((u) => u.unitId)).toEqual([world.bank1.vendorUnitIds.vendor2!]);
    expect(vendor2.units[0]!.offered).toEqual([0, 0]);

    // The other order, on a range nobody asked for yet: the vendor first, then the client.
    const range = { programId: world.bank1.programId, from: '2026-03-01', to: '2026-03-03', grain: 'day' as const };
    const vendorFirst = await getKpiSeries(world.seeded.ctx('vendor1', 'vendor_admin'), range);
    expect(vendorFirst.units.map((u) => u.unitId)).toEqual([vendorUnitId]);
    const clientAfter = await getKpiSeries(world.seeded.ctx('bank1', 'viewer'), range);
    expect(clientAfter.units.length).toBe(client.units.length);
    // Another client never reads bank1's program, cached or not.
    await expect(getKpiSeries(world.seeded.ctx('bank2', 'program_manager'), range)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('a cached series is frozen: a caller cannot change what the next request gets', async () => {
    const pm = world.seeded.ctx('bank1', 'program_manager');
    const series = await getKpiSeries(pm, { unitIds: [inHouseUnitId], from: DAY, to: DAY, grain: 'day' });
    expect(Object.isFrozen(series.units[0]!.periods[0]!.components)).toBe(true);
    expect(seriesCacheFor(pm.db).size.entries).toBeGreaterThan(0);
  });
});

describe('SeriesLru', () => {
  const series = (units: number, periods: number): KpiSeries => ({
    programId: 'p',
    timeZone: 'UTC',
    grain: 'day',
    from: '2026-01-01',
    to: '2026-01-01',
    queueId: null,
    channel: null,
    units: Array.from({ length: units }, (_, i) => ({
      unitId: `u${i}`,
      unitName: 'u',
      kind: 'in_house',
      vendorName: null,
      serviceLevelVariant: 'negative',
      targets: [],
      periods: Array.from({ length: periods }, () => ({ period: 'x', start: 'x', end: 'x', components: {} as never, kpis: {} as never })),
    })),
  });

  it('is bounded by the periods it holds and by entries, dropping the least recently used first', () => {
    const lru = new SeriesLru(100, 3);
    lru.set('a', 'v1', series(1, 40));
    lru.set('b', 'v1', series(1, 40));
    expect(lru.get('a', 'v1')).toBeDefined();
    lru.set('c', 'v1', series(1, 40));
    // 123 periods > 100: b, the least recently used, goes.
    expect(lru.get('b', 'v1')).toBeUndefined();
    expect(lru.get('a', 'v1')).toBeDefined();
    expect(lru.get('c', 'v1')).toBeDefined();
    lru.set('d', 'v1', series(1, 1));
    lru.set('e', 'v1', series(1, 1));
    expect(lru.size.entries).toBeLessThanOrEqual(3);
    // Larger than the whole budget: not kept.
    lru.set('huge', 'v1', series(2, 60));
    expect(lru.get('huge', 'v1')).toBeUndefined();
  });

  it('answers nothing for another data version', () => {
    const lru = new SeriesLru();
    lru.set('k', 'v1', series(1, 1));
    expect(lru.get('k', 'v2')).toBeUndefined();
    expect(lru.get('k', 'v1')).toBeUndefined();
    expect(lru.size).toEqual({ entries: 0, periods: 0 });
  });
});
