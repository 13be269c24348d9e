import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../../db/client';
import { unsafeWithoutTenant, withTenant } from '../../../db/tenant';
import { COMPONENT_NAMES } from '../../../app/domain/kpi/components';
import { getKpiSeries } from '../../../app/services/kpis/series.server';
import { createFeedWorld, upload, type FeedWorld } from '../feeds/support';

/**
 * interval_unit_daily_rollups (migration 0012): each (unit, local day) row equals the sum of that day's
 * queue-and-channel rollups after every kind of write (a merge, a correcting re-upload, plain INSERT,
 * UPDATE and DELETE as the tenant), and the unfiltered series read from it equal the per-queue sums.
 */
const engine = process.env.DATABASE_URL ? 'postgres' : 'pglite';
const HEADER = 'interval_start,interval_minutes,queue,channel,threshold_s,offered,handled,answered_within_threshold,abandoned,short_abandoned,wait_s,talk_s';
const row = (start: string, queue: string, offered: number, handled: number, within: number, wait: string) =>
  `${start},15,${queue},voice,20,${offered},${handled},${within},${offered - handled},0,${wait},${handled * 100}`;

let world: FeedWorld;
let unitId: string;

const sums = sql.raw(COMPONENT_NAMES.map((n) => `sum("${n}")::text as "${n}"`).join(', '));
const cols = sql.raw(COMPONENT_NAMES.map((n) => `"${n}"::text as "${n}"`).join(', '));

/** Every unit row, and the same computed from the queue rollups: they must be equal. */
async function both(): Promise<{ unit: Record<string, unknown>[]; summed: Record<string, unknown>[] }> {
  return unsafeWithoutTenant(world.handle.db, async (tx) => ({
    unit: await queryRows(tx, sql`select client_org_id, unit_id, vendor_org_id, day::text as day, rollup_count, ${cols} from interval_unit_daily_rollups order by unit_id, day`),
    summed: await queryRows(
      tx,
      sql`select client_org_id, unit_id, (array_agg(vendor_org_id))[1] as vendor_org_id, day::text as day, count(*)::int as rollup_count, ${sums}
          from interval_daily_rollups group by client_org_id, unit_id, day order by unit_id, day`,
    ),
  }));
}

beforeAll(async () => {
  world = await createFeedWorld();
  unitId = world.bank1.vendorUnitIds.vendor1!;
  const vendor = world.seeded.ctx('vendor1', 'vendor_reporter');
  const first = await upload(
    vendor,
    unitId,
    [HEADER, row('2026-03-02T08:00:00+08:00', 'VIP line', 40, 38, 30, '400.125'), row('2026-03-02T08:15:00+08:00', 'VIP line', 20, 20, 19, '100.5'), row('2026-03-03T08:00:00+08:00', 'VIP line', 10, 9, 9, '12')].join('\n') + '\n',
  );
  expect(first.upload.status).toBe('accepted');
}, 300_000);
afterAll(() => world?.close());

describe(`unit daily rollups (${engine})`, () => {
  it('after a merge, one row per unit and day equal to the queue rollups summed', async () => {
    const { unit, summed } = await both();
    expect(unit.length).toBeGreaterThanOrEqual(2);
    expect(unit).toEqual(summed);
    const march2 = unit.find((r) => r.unit_id === unitId && r.day === '2026-03-02')!;
    expect(Number(march2.offered)).toBe(60);
    expect(Number(march2.wait_s)).toBe(500.625);
  });

  it('follows a correcting re-upload (it supersedes the day it covers)', async () => {
    const vendor = world.seeded.ctx('vendor1', 'vendor_reporter');
    const again = await upload(vendor, unitId, [HEADER, row('2026-03-02T08:00:00+08:00', 'VIP line', 44, 40, 31, '410')].join('\n') + '\n');
    expect(again.upload.status).toBe('accepted');
    const { unit, summed } = await both();
    expect(unit).toEqual(summed);
    expect(Number(unit.find((r) => r.unit_id === unitId && r.day === '2026-03-02')!.offered)).toBe(44);
  });

  it('follows plain UPDATE and DELETE of queue rollups by the tenant, and drops a day left empty', async () => {
    const clientOrgId = world.seeded.orgs.bank1.id;
    await withTenant(world.handle.db, { orgId: clientOrgId }, async (tx) => {
      await tx.execute(sql`update interval_daily_rollups set offered = offered + 5 where unit_id = ${unitId}::uuid and day = '2026-03-03'`);
    });
    let { unit, summed } = await both();
    expect(unit).toEqual(summed);
    expect(Number(unit.find((r) => r.unit_id === unitId && r.day === '2026-03-03')!.offered)).toBe(15);
    await withTenant(world.handle.db, { orgId: clientOrgId }, async (tx) => {
      await tx.execute(sql`delete from interval_daily_rollups where unit_id = ${unitId}::uuid and day = '2026-03-03'`);
    });
    ({ unit, summed } = await both());
    expect(unit).toEqual(summed);
    expect(unit.some((r) => r.unit_id === unitId && r.day === '2026-03-03')).toBe(false);
  });

  it('gives the unfiltered series the same figures as the per-queue rollups (queue filter)', async () => {
    const pm = world.seeded.ctx('bank1', 'program_manager');
    const queues = await unsafeWithoutTenant(world.handle.db, (tx) => queryRows<{ id: string }>(tx, sql`select id from queues where unit_id = ${unitId}::uuid`));
    expect(queues).toHaveLength(1);
    const all = await getKpiSeries(pm, { unitIds: [unitId], from: '2026-03-01', to: '2026-03-31', grain: 'month' });
    const byQueue = await getKpiSeries(pm, { unitIds: [unitId], from: '2026-03-01', to: '2026-03-31', grain: 'month', queue: queues[0]!.id });
    expect(all.units[0]!.periods).toEqual(byQueue.units[0]!.periods);
    expect(all.units[0]!.periods[0]!.components.offered).toBe(44);
  });

  it('shows a vendor only its own units’ rows', async () => {
    const rows = await withTenant(world.handle.db, { orgId: world.seeded.orgs.vendor2.id }, (tx) => queryRows<{ unit_id: string }>(tx, sql`select unit_id from interval_unit_daily_rollups`));
    expect(rows.every((r) => r.unit_id !== unitId)).toBe(true);
  });
});
