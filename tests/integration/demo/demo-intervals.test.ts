/**
 * The demo's generated 15-minute intervals (app/services/demo-intervals.server.ts) on a freshly seeded demo:
 * shape and alignment, row consistency, rollups, the story's bad weeks and outage, and who sees what.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../../db/client';
import { unsafeWithoutTenant, withTenant } from '../../../db/tenant';
import { checkConsistency, COMPONENT_NAMES, type Components } from '../../../app/domain/kpi/components';
import type { Channel, Holiday, HoursOfOperation } from '../../../app/domain/programs/schemas';
import {
  DEMO_BAD_WEEKS,
  DEMO_OUTAGE,
  DEMO_UNITS,
  demoIntervalSpan,
  generateUnitIntervals,
  seedDemoIntervals,
  type DemoUnitKey,
  type DemoUnitTarget,
} from '../../../app/services/demo-intervals.server';
import { seedDemo } from '../../../app/services/demo-seed.server';
import { createTestDatabase, type TestDatabase } from '../../support/db';

const engine = process.env.DATABASE_URL ? 'postgres' : 'pglite';
const NOW = new Date('2026-11-26T04:00:00Z');
const OPTIONS = { months: 24, endMonth: '2026-10', now: NOW };
const SPAN = demoIntervalSpan(OPTIONS);
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const DAY_MS = 86_400_000;

let handle: TestDatabase;
let seedMs = 0;
let units: DemoUnitTarget[] = [];
let orgIds: Record<string, string> = {};

const unitNamed = (key: DemoUnitKey) => units.find((u) => u.name === DEMO_UNITS[key])!;
const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const isoDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
const dayNumber = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;
const addDays = (iso: string, n: number) => isoDay(dayNumber(iso) + n);

async function loadUnits(): Promise<DemoUnitTarget[]> {
  const rows = await unsafeWithoutTenant(handle.db, (tx) =>
    queryRows<{ unit_id: string; vendor_org_id: string | null; name: string; time_zone: string; hours: HoursOfOperation; holidays: Holiday[]; channels: Channel[] }>(
      tx,
      sql`select u.id as unit_id, u.vendor_org_id, u.name, p.time_zone, p.hours_of_operation as hours, p.holidays, p.channels
          from delivery_units u join programs p on p.client_org_id = u.client_org_id and p.id = u.program_id
          join orgs o on o.id = u.client_org_id where o.slug = 'demo-bank' order by u.name`,
    ),
  );
  const queueRows = await unsafeWithoutTenant(handle.db, (tx) =>
    queryRows<{ id: string; unit_id: string; name: string; channel: Channel }>(tx, sql`select id, unit_id, name, channel from queues order by name`),
  );
  return rows.map((r) => ({
    unitId: r.unit_id,
    vendorOrgId: r.vendor_org_id,
    name: r.name,
    timeZone: r.time_zone,
    hoursOfOperation: r.hours,
    holidays: r.holidays,
    programChannels: r.channels,
    queues: queueRows.filter((q) => q.unit_id === r.unit_id).map((q) => ({ queueId: q.id, name: q.name, channel: q.channel })),
  }));
}

/** Σ components of the current facts of `unitId` in [from, to), optionally without a span, non-email channels only. */
async function sums(unitId: string, from: Date, to: Date, without?: { from: Date; to: Date }): Promise<Components> {
  const list = sql.raw(COMPONENT_NAMES.map((n) => `coalesce(sum("${n}"), 0)::float8 as "${n}"`).join(', '));
  const [row] = await unsafeWithoutTenant(handle.db, (tx) =>
    queryRows<Components>(
      tx,
      sql`select ${list} from interval_facts where unit_id = ${unitId} and superseded_by_upload_id is null and channel <> 'email'
          and interval_start >= ${from.toISOString()}::timestamptz and interval_start < ${to.toISOString()}::timestamptz
          ${without ? sql`and not (interval_start >= ${without.from.toISOString()}::timestamptz and interval_start < ${without.to.toISOString()}::timestamptz)` : sql``}`,
    ),
  );
  return row!;
}
/** Service level, Cisco's "negative" variant: answered within T / (offered - short abandons). */
const serviceLevel = (c: Components) => c.answered_within_threshold / (c.offered - c.short_abandoned);
/** Local midnight of an ISO day in Asia/Taipei (UTC+8, no DST). */
const taipei = (iso: string, hhmm = '00:00') => new Date(`${iso}T${hhmm}:00+08:00`);

beforeAll(async () => {
  handle = await createTestDatabase();
  const started = performance.now();
  expect(await seedDemo(handle.db, { intervals: false })).toBe(true);
  const programsMs = performance.now() - started;
  const result = (await seedDemoIntervals(handle.db, OPTIONS))!;
  seedMs = performance.now() - started;
  console.info(
    `[demo-intervals] ${engine}: programs ${Math.round(programsMs)} ms, intervals ${Math.round(seedMs - programsMs)} ms (generate ${result.generateMs} ms, write ${result.writeMs} ms by ${result.path}): ${result.rows} facts, ${result.rollupRows} rollups`,
  );
  units = await loadUnits();
  const orgRows = await unsafeWithoutTenant(handle.db, (tx) => queryRows<{ slug: string; id: string }>(tx, sql`select slug, id from orgs`));
  orgIds = Object.fromEntries(orgRows.map((r) => [r.slug, r.id]));
}, 300_000);
afterAll(() => handle?.close());

describe(`demo intervals (${engine})`, () => {
  it('seeds every demo unit with one accepted demo-generator upload and facts for the whole span', async () => {
    expect(SPAN).toEqual({ from: '2024-11-01', to: '2026-10-31' });
    expect(units.map((u) => u.name).sort()).toEqual(Object.values(DEMO_UNITS).sort());

    const uploads = await unsafeWithoutTenant(handle.db, (tx) =>
      queryRows<{ unit_id: string; status: string; uploaded_by_label: string; rows_accepted: number; revision: number; superseded_by_upload_id: string | null }>(
        tx,
        sql`select unit_id, status, uploaded_by_label, rows_accepted, revision, superseded_by_upload_id from feed_uploads`,
      ),
    );
    expect(uploads).toHaveLength(units.length);
    for (const unit of units) {
      const upload = uploads.find((u) => u.unit_id === unit.unitId)!;
      expect(upload).toMatchObject({ status: 'accepted', uploaded_by_label: 'demo generator', revision: 1, superseded_by_upload_id: null });
      const [facts] = await unsafeWithoutTenant(handle.db, (tx) =>
        queryRows<{ n: number }>(tx, sql`select count(*)::int as n from interval_facts where unit_id = ${unit.unitId} and superseded_by_upload_id is null`),
      );
      expect(facts!.n).toBe(upload.rows_accepted);
    }

    for (const unit of units) {
      const tz = unit.timeZone;
      const rows = await unsafeWithoutTenant(handle.db, (tx) =>
        queryRows<{ queue_id: string; day: string; n: number; first: string; last: string; all_ok: boolean; aligned: boolean }>(
          tx,
          sql`select queue_id, (interval_start at time zone ${tz})::date::text as day, count(*)::int as n,
                to_char(min(interval_start at time zone ${tz}), 'HH24:MI') as first, to_char(max(interval_start at time zone ${tz}), 'HH24:MI') as last,
                bool_and(interval_minutes = 15 and source = 'intervals' and superseded_by_upload_id is null) as all_ok,
                bool_and(extract(minute from interval_start at time zone ${tz})::int % 15 = 0 and extract(second from interval_start at time zone ${tz}) = 0) as aligned
              from interval_facts where unit_id = ${unit.unitId} group by 1, 2`,
        ),
      );
      expect(rows.every((r) => r.all_ok && r.aligned)).toBe(true);
      const holidays = new Set(unit.holidays.map((h) => h.date));
      for (const queue of unit.queues) {
        const actual = new Map(rows.filter((r) => r.queue_id === queue.queueId).map((r) => [r.day, r]));
        const expected = new Map<string, { n: number; first: string; last: string }>();
        for (let day = dayNumber(SPAN.from); day <= dayNumber(SPAN.to); day++) {
          const iso = isoDay(day);
          const spans = unit.hoursOfOperation[WEEKDAYS[new Date(day * DAY_MS).getUTCDay()]!] ?? [];
          if (holidays.has(iso) || spans.length === 0) continue;
          const n = spans.reduce((k, s) => k + (minutes(s.close) - minutes(s.open)) / 15, 0);
          const lastStart = minutes(spans.at(-1)!.close) - 15;
          expected.set(iso, { n, first: spans[0]!.open, last: `${String(Math.floor(lastStart / 60)).padStart(2, '0')}:${String(lastStart % 60).padStart(2, '0')}` });
        }
        expect(actual.size, `${unit.name} / ${queue.name}: days`).toBe(expected.size);
        for (const [day, want] of expected) expect({ day, ...actual.get(day) }).toMatchObject({ day, ...want });
      }
    }
  });

  it('writes rows that pass checkConsistency and the finer rules between components', async () => {
    const list = sql.raw(COMPONENT_NAMES.map((n) => `"${n}"::float8 as "${n}"`).join(', '));
    let checked = 0;
    for (const unit of units) {
      const rows = await unsafeWithoutTenant(handle.db, (tx) => queryRows<Components>(tx, sql`select ${list} from interval_facts where unit_id = ${unit.unitId}`));
      for (const row of rows) {
        const violations = checkConsistency(row);
        if (violations.length) expect({ unit: unit.name, row, violations }).toBeNull();
      }
      checked += rows.length;
    }
    expect(checked).toBeGreaterThan(150_000);

    const [broken] = await unsafeWithoutTenant(handle.db, (tx) =>
      queryRows<Record<string, number>>(
        tx,
        sql`select
          count(*) filter (where handled + abandoned <> offered)::int as handled_abandoned_offered,
          count(*) filter (where abandoned_within_threshold < short_abandoned or abandoned_within_threshold > abandoned)::int as abandoned_within_t,
          count(*) filter (where fcr_resolved > fcr_eligible or fcr_eligible > handled or transferred > handled)::int as fcr,
          count(*) filter (where csat_satisfied > csat_responses or nps_promoters + nps_detractors > nps_responses)::int as surveys,
          count(*) filter (where qa_points > 100 * qa_evaluations or (qa_evaluations = 0 and qa_points <> 0))::int as qa,
          count(*) filter (where ivr_contained > ivr_entered)::int as ivr,
          count(*) filter (where talk_s + hold_s + wrap_s > staffed_s or adherent_s > scheduled_s or adherent_s > staffed_s)::int as time,
          count(*) filter (where offered = 0)::int as empty
        from interval_facts`,
      ),
    );
    expect(broken).toEqual({ handled_abandoned_offered: 0, abandoned_within_t: 0, fcr: 0, surveys: 0, qa: 0, ivr: 0, time: 0, empty: expect.any(Number) });
    // IVR figures only where the program has an IVR (the hotline's voice queues).
    const ivr = await unsafeWithoutTenant(handle.db, (tx) =>
      queryRows<{ unit_id: string; entered: number }>(tx, sql`select unit_id, sum(ivr_entered)::float8 as entered from interval_facts group by 1`),
    );
    for (const unit of units) expect(ivr.find((r) => r.unit_id === unit.unitId)!.entered > 0).toBe(unit.programChannels.includes('ivr'));
  });

  it('keeps the daily rollups equal to the sums of the facts', async () => {
    const tz = 'Asia/Taipei';
    const diffs = sql.raw(COMPONENT_NAMES.map((n) => `coalesce(r."${n}", -1) <> f."${n}"`).join(' or '));
    const fsums = sql.raw(COMPONENT_NAMES.map((n) => `sum("${n}") as "${n}"`).join(', '));
    for (const day of ['2025-03-03', '2025-05-14', '2026-02-07', DEMO_OUTAGE.localDate]) {
      const rows = await unsafeWithoutTenant(handle.db, (tx) =>
        queryRows<{ queue_id: string; mismatch: boolean; intervals: number; rollup_intervals: number | null }>(
          tx,
          sql`with f as (
                select unit_id, queue_id, channel, count(*)::int as intervals, ${fsums} from interval_facts
                where superseded_by_upload_id is null and (interval_start at time zone ${tz})::date = ${day}::date group by 1, 2, 3)
              select f.queue_id, (r.day is null or ${diffs}) as mismatch, f.intervals, r.interval_count as rollup_intervals
              from f left join interval_daily_rollups r on r.unit_id = f.unit_id and r.queue_id = f.queue_id and r.channel = f.channel and r.day = ${day}::date`,
        ),
      );
      expect(rows.length, day).toBeGreaterThan(0);
      for (const row of rows) expect(row, day).toMatchObject({ mismatch: false, rollup_intervals: row.intervals });
    }
    const [counts] = await unsafeWithoutTenant(handle.db, (tx) =>
      queryRows<{ rollups: number; days: number; rollup_offered: number; fact_offered: number }>(
        tx,
        sql`select (select count(*)::int from interval_daily_rollups) as rollups,
              (select count(*)::int from (select distinct queue_id, (interval_start at time zone ${tz})::date from interval_facts) d) as days,
              (select sum(offered)::float8 from interval_daily_rollups) as rollup_offered, (select sum(offered)::float8 from interval_facts) as fact_offered`,
      ),
    );
    expect(counts!.rollups).toBe(counts!.days);
    expect(counts!.rollup_offered).toBe(counts!.fact_offered);
  });

  it('misses 80 % in every bad week and meets it in the normal week before', async () => {
    for (const key of Object.keys(DEMO_BAD_WEEKS) as DemoUnitKey[]) {
      const unit = unitNamed(key);
      for (const monday of DEMO_BAD_WEEKS[key]) {
        const bad = serviceLevel(await sums(unit.unitId, taipei(monday), taipei(addDays(monday, 7))));
        const before = serviceLevel(await sums(unit.unitId, taipei(addDays(monday, -14)), taipei(addDays(monday, -7))));
        expect(bad, `${key} ${monday}`).toBeLessThan(0.8);
        expect(before, `${key} week before ${monday}`).toBeGreaterThan(0.8);
        expect(bad, `${key} ${monday}`).toBeGreaterThan(0.3);
      }
    }
    // The credit and earn-back story of Vendor A's hotline against its 85 % target (contract version of 2025-02).
    const hotline = unitNamed('vendorAHotline');
    const month = async (ym: string, without?: { from: Date; to: Date }) => {
      const [y, m] = ym.split('-').map(Number) as [number, number];
      const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
      return serviceLevel(await sums(hotline.unitId, taipei(`${ym}-01`), taipei(`${next}-01`), without));
    };
    for (const missed of ['2025-05', '2026-03', '2026-05']) expect(await month(missed), missed).toBeLessThan(0.85);
    for (const met of ['2025-04', '2025-06', '2025-07', '2025-08', '2026-04', '2026-06', '2026-10']) expect(await month(met), met).toBeGreaterThanOrEqual(0.85);
    // September 2026 misses with the outage and meets without it: the approved dispute flips the result.
    expect(await month('2026-09')).toBeLessThan(0.85);
    expect(await month('2026-09', { from: DEMO_OUTAGE.startsAt, to: DEMO_OUTAGE.endsAt })).toBeGreaterThanOrEqual(0.85);
  });

  it("shows Vendor A's analyst (as vendor-a) only Vendor A's facts, rollups and uploads", async () => {
    const vendorAUnits = units.filter((u) => u.vendorOrgId === orgIds['vendor-a']).map((u) => u.unitId).sort();
    expect(vendorAUnits).toHaveLength(2);
    const everything = await unsafeWithoutTenant(handle.db, (tx) =>
      queryRows<{ unit_id: string; n: number }>(tx, sql`select unit_id, count(*)::int as n from interval_facts group by 1`),
    );
    for (const [slug, expectedUnits] of [
      ['vendor-a', vendorAUnits],
      ['vendor-b', units.filter((u) => u.vendorOrgId === orgIds['vendor-b']).map((u) => u.unitId)],
    ] as const) {
      const seen = await withTenant(handle.db, { orgId: orgIds[slug]! }, async (tx) => ({
        facts: await queryRows<{ unit_id: string; vendor_org_id: string; n: number }>(tx, sql`select unit_id, vendor_org_id, count(*)::int as n from interval_facts group by 1, 2`),
        rollups: await queryRows<{ unit_id: string }>(tx, sql`select distinct unit_id from interval_daily_rollups`),
        uploads: await queryRows<{ unit_id: string }>(tx, sql`select unit_id from feed_uploads`),
      }));
      expect(seen.facts.map((r) => r.unit_id).sort(), slug).toEqual([...expectedUnits].sort());
      expect(seen.facts.every((r) => r.vendor_org_id === orgIds[slug])).toBe(true);
      for (const r of seen.facts) expect(r.n).toBe(everything.find((e) => e.unit_id === r.unit_id)!.n);
      expect(seen.rollups.map((r) => r.unit_id).sort()).toEqual([...expectedUnits].sort());
      expect(seen.uploads.map((r) => r.unit_id).sort()).toEqual([...expectedUnits].sort());
    }
    // The bank sees all four units.
    const bank = await withTenant(handle.db, { orgId: orgIds['demo-bank']! }, (tx) => queryRows<{ n: number }>(tx, sql`select count(distinct unit_id)::int as n from interval_facts`));
    expect(bank[0]!.n).toBe(4);
  });

  it("drops Vendor A's service level and IVR containment in the outage span", async () => {
    const hotline = unitNamed('vendorAHotline');
    const week = 7 * DAY_MS;
    const outage = await sums(hotline.unitId, DEMO_OUTAGE.startsAt, DEMO_OUTAGE.endsAt);
    const weekBefore = await sums(hotline.unitId, new Date(DEMO_OUTAGE.startsAt.getTime() - week), new Date(DEMO_OUTAGE.endsAt.getTime() - week));
    const morning = await sums(hotline.unitId, taipei(DEMO_OUTAGE.localDate, '09:00'), taipei(DEMO_OUTAGE.localDate, '12:00'));
    expect(serviceLevel(outage)).toBeLessThan(0.4);
    expect(serviceLevel(weekBefore)).toBeGreaterThan(0.8);
    expect(serviceLevel(morning)).toBeGreaterThan(0.75);
    expect(outage.ivr_contained / outage.ivr_entered).toBeLessThan(0.1);
    expect(weekBefore.ivr_contained / weekBefore.ivr_entered).toBeGreaterThan(0.3);
    expect(outage.offered).toBeGreaterThan(1.4 * weekBefore.offered);
    const abandonment = (c: Components) => (c.abandoned - c.short_abandoned) / (c.offered - c.short_abandoned);
    expect(abandonment(outage)).toBeGreaterThan(3 * abandonment(weekBefore));
    const [rows] = await unsafeWithoutTenant(handle.db, (tx) =>
      queryRows<{ n: number }>(
        tx,
        sql`select count(*)::int as n from interval_facts where unit_id = ${hotline.unitId}
            and interval_start >= ${DEMO_OUTAGE.startsAt.toISOString()}::timestamptz and interval_start < ${DEMO_OUTAGE.endsAt.toISOString()}::timestamptz`,
      ),
    );
    expect(rows!.n).toBe(16 * hotline.queues.length);
  });

  it('is deterministic: the stored figures are the generator’s for the same seed and span', async () => {
    for (const unit of units) {
      const generated = generateUnitIntervals(unit, SPAN);
      expect(generateUnitIntervals(unit, SPAN)).toEqual(generated);
      const stored = await sums(unit.unitId, taipei(SPAN.from), taipei(addDays(SPAN.to, 1)));
      const expected = Object.fromEntries(COMPONENT_NAMES.map((n) => [n, generated.filter((r) => r.channel !== 'email').reduce((s, r) => s + r.components[n], 0)]));
      expect(stored).toEqual(expected);
    }
    // A pinned figure, so an accidental change of the generator shows here.
    const hotline = unitNamed('vendorAHotline');
    const september = await sums(hotline.unitId, taipei('2026-09-01'), taipei('2026-10-01'));
    expect({ offered: september.offered, answeredWithinT: september.answered_within_threshold }).toEqual({ offered: 208_372, answeredWithinT: 175_344 });
  });

  it('writes the same figures through the other write path (COPY on PGlite, arrays as the tenant role on PostgreSQL)', async () => {
    const other = await createTestDatabase();
    try {
      await seedDemo(other.db, { intervals: false });
      const write = engine === 'pglite' ? ('copy' as const) : ('arrays' as const);
      const options = { months: 1, endMonth: '2026-09', now: NOW, write };
      const result = (await seedDemoIntervals(other.db, options))!;
      expect(result.path).toBe(write);
      const span = demoIntervalSpan(options);
      const list = sql.raw(COMPONENT_NAMES.map((n) => `sum("${n}")::float8 as "${n}"`).join(', '));
      for (const unit of result.units) {
        const [stored] = await unsafeWithoutTenant(other.db, (tx) => queryRows<Components>(tx, sql`select ${list} from interval_facts where unit_id = ${unit.unitId}`));
        const [rolled] = await unsafeWithoutTenant(other.db, (tx) => queryRows<Components>(tx, sql`select ${list} from interval_daily_rollups where unit_id = ${unit.unitId}`));
        const target = (await unsafeWithoutTenant(other.db, (tx) => queryRows<{ name: string }>(tx, sql`select name from delivery_units where id = ${unit.unitId}`)))[0]!;
        const generated = generateUnitIntervals({ ...unitNamedIn(target.name), unitId: unit.unitId }, span);
        expect(unit.rows).toBe(generated.length);
        const expected = Object.fromEntries(COMPONENT_NAMES.map((n) => [n, generated.reduce((s, r) => s + r.components[n], 0)]));
        expect(stored).toEqual(expected);
        expect(rolled).toEqual(expected);
      }
    } finally {
      await other.close();
    }
  });
});

/** The first database's unit of that name with its own queues: same names, hours and holidays, other ids. */
function unitNamedIn(name: string): DemoUnitTarget {
  return units.find((u) => u.name === name)!;
}
