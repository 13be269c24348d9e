/**
 * npm run bench:dashboard [-- --rows 5000000 --runs 30 --keep] [-- --reuse <database>]
 *
 * On the PostgreSQL server (DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres, in a fresh
 * database): one client program (Asia/Taipei) with 6 units × 8 queues, 3 years of 15-minute intervals
 * generated with generate_series straight into interval_facts (~5,000,000 rows) and summed into the daily
 * rollups as the merge would. Then, in the same run, times the program overview loader's data function
 * (loadProgramOverview → getKpiSeries, as the tenant, under row-level security) beside the raw SQL
 * aggregate of the same KPIs over the same interval rows, and prints p50/p95 and their ratio.
 * --keep leaves the database; --reuse <name> migrates and times a kept one without loading it again.
 * BENCH_JSON=<file> also writes the figures for `npm run bench` (scripts/bench/all.ts).
 */
import { sql } from 'drizzle-orm';
import { openDatabase, queryRows } from '../../db/client';
import { migrateDatabase } from '../../db/migrate';
import { unsafeWithoutTenant } from '../../db/tenant';
import { COMPONENT_NAMES } from '../../app/domain/kpi/components';
import type { ServiceCtx } from '../../app/services/context';
import { loadProgramOverview } from '../../app/services/kpis/overview.server';
import { addDays } from '../../app/services/kpis/range';
import { componentSumsSelect, kpiSelect } from '../../app/services/kpis/sql.server';
import { unsafeCreateOrg } from '../../app/services/orgs.server';
import { createProgram } from '../../app/services/programs.server';
import { addQueue, addUnit } from '../../app/services/units.server';
import { arg, printTable, time, openBenchDatabase, writeBenchJson, type BenchRow } from './bench-support';

const UNITS = 6;
const QUEUES_PER_UNIT = 8;
const TZ = 'Asia/Taipei';
const FIRST_DAY = '2023-01-01';

interface Loaded {
  org: { id: string };
  programId: string;
  lastDay: string;
}

/** One client program of UNITS × QUEUES_PER_UNIT queues with `rowsWanted` generated interval facts and their rollups. */
async function load(handle: Awaited<ReturnType<typeof openDatabase>>, rowsWanted: number): Promise<Loaded> {
  // Benchmark setup: its own tenant, created outside any request.
  const org = await unsafeWithoutTenant(handle.db, (tx) => unsafeCreateOrg(tx, { slug: `bench-${Date.now()}`, name: 'Bench bank', kind: 'client' }));
  const ctx: ServiceCtx = { db: handle.db, orgId: org.id, orgKind: 'client', role: 'program_manager', actor: { label: 'bench' } };
  const program = await createProgram({ ...ctx, role: 'owner' }, { name: 'Bench program', lineOfBusiness: 'Cards', channels: ['voice'], timeZone: TZ, currency: 'TWD', status: 'live' });
  for (let u = 0; u < UNITS; u++) {
    const unit = await addUnit(ctx, program.id, { kind: 'in_house', name: `Site ${u + 1}`, volumeSharePct: 10 });
    for (let q = 0; q < QUEUES_PER_UNIT; q++) await addQueue(ctx, unit.id, { name: `Queue ${q + 1}`, channel: 'voice' });
  }
  const queues = UNITS * QUEUES_PER_UNIT;
  const days = Math.max(1, Math.round(rowsWanted / (queues * 96)));
  const lastDay = addDays(FIRST_DAY, days - 1);
  const columns = sql.raw(COMPONENT_NAMES.map((n) => `"${n}"`).join(', '));

  let started = performance.now();
  // Bulk generation as the connection's own (owner) role: no tenant yet, one statement per unit.
  const inserted = await unsafeWithoutTenant(handle.db, async (tx) => {
    await tx.execute(sql`select setseed(0.42)`);
    await tx.execute(sql`create temp table g on commit drop as
      select q.client_org_id, q.unit_id, q.id as queue_id, t as interval_start,
        (case when extract(hour from t at time zone ${TZ}) between 8 and 19 then 1.0 else 0.15 end) * (20 + random() * 40) as base,
        random() as r1, random() as r2, random() as r3
      from queues q cross join generate_series((${FIRST_DAY}::date::timestamp at time zone ${TZ}), ((${lastDay}::date + 1)::timestamp at time zone ${TZ}) - interval '15 minutes', interval '15 minutes') t
      where q.client_org_id = ${org.id}::uuid`);
    await tx.execute(sql`insert into interval_facts (client_org_id, unit_id, vendor_org_id, upload_id, source, queue_id, channel, interval_start, interval_minutes, threshold_s, line, ${columns})
      select client_org_id, unit_id, null, ('00000000-0000-4000-8000-' || lpad(to_hex(abs(hashtext(unit_id::text)) % 1000000), 12, '0'))::uuid, 'intervals', queue_id, 'voice', interval_start, 15, 20, 0,
        o, o - a, floor((o - a) * (0.7 + r2 * 0.25)), a, floor(a * r3 * 0.5), floor(a * r3 * 0.5) + floor((a - floor(a * r3 * 0.5)) * r1 * 0.5),
        round(((o - a) * (5 + r1 * 30))::numeric, 3), (o - a) * 180 + floor(r2 * 900), floor((o - a) * 12 * r3), (o - a) * 30,
        floor((o - a) * 0.05), floor((o - a) * 0.3), floor((o - a) * 0.3 * (0.6 + r1 * 0.3)), floor((o - a) * 0.1), floor((o - a) * 0.1 * (0.7 + r2 * 0.25)),
        floor((o - a) * 0.05), floor((o - a) * 0.05 * r1), floor((o - a) * 0.05 * r2 * 0.3), case when r3 < 0.1 then 1 else 0 end,
        case when r3 < 0.1 then round((80 + r1 * 20)::numeric, 3) else 0 end, floor(900 * (3 + r2 * 5)), floor(900 * (3 + r2 * 5)), floor(900 * (3 + r2 * 5) * 0.9), 0, 0
      from (select *, floor(base)::int as o, floor(base * r1 * 0.08)::int as a from g) x`);
    const [count] = await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from interval_facts`);
    return count!.n;
  });
  const loadSeconds = (performance.now() - started) / 1000;
  started = performance.now();
  // One statement, as a merge's refresh is: the unit-level rollups follow by trigger (migration 0012).
  await unsafeWithoutTenant(handle.db, (tx) =>
    tx.execute(sql`insert into interval_daily_rollups (client_org_id, unit_id, vendor_org_id, queue_id, channel, day, source, interval_count, threshold_s, is_threshold_mixed, ${columns})
      select client_org_id, unit_id, null, queue_id, channel, (interval_start at time zone ${TZ})::date, source, count(*), 20, false,
        ${sql.raw(COMPONENT_NAMES.map((n) => `sum("${n}")`).join(', '))}
      from interval_facts where superseded_by_upload_id is null group by 1, 2, 4, 5, 6, 7`),
  );
  const rollupSeconds = (performance.now() - started) / 1000;
  const [rollupCount] = await unsafeWithoutTenant(handle.db, (tx) => queryRows<{ n: number }>(tx, sql`select count(*)::int as n from interval_daily_rollups`));
  console.log(`rows: ${inserted.toLocaleString('en')} interval facts (${days} days × ${queues} queues × 96) in ${loadSeconds.toFixed(1)} s; ${rollupCount!.n.toLocaleString('en')} daily rollups (and their unit rollups) in ${rollupSeconds.toFixed(1)} s`);
  return { org, programId: program.id, lastDay };
}

/** The bench tenant and program of a kept database (--reuse). */
async function find(handle: Awaited<ReturnType<typeof openDatabase>>): Promise<Loaded> {
  // Benchmark setup: reads the kept bench tenant outside any request.
  const [row] = await unsafeWithoutTenant(handle.db, (tx) =>
    queryRows<{ org_id: string; program_id: string; last_day: string; facts: number }>(
      tx,
      sql`select o.id as org_id, p.id as program_id, (select max(day)::text from interval_daily_rollups) as last_day, (select count(*)::int from interval_facts) as facts
          from orgs o join programs p on p.client_org_id = o.id where o.slug like 'bench-%' limit 1`,
    ),
  );
  if (!row) throw new Error('no bench tenant in the reused database');
  console.log(`rows: reusing ${row.facts.toLocaleString('en')} interval facts up to ${row.last_day}`);
  return { org: { id: row.org_id }, programId: row.program_id, lastDay: row.last_day };
}

async function main() {
  const rowsWanted = Number(arg('rows', '5000000'));
  const runs = Number(arg('runs', '30'));
  const reuse = arg('reuse', '');
  const baseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const bench = await openBenchDatabase(baseUrl, 'outpost_bench_dashboard', { reuse, keep: process.argv.includes('--keep') });
  const admin = bench.admin;
  const handle = await openDatabase({ url: bench.url });
  try {
    await migrateDatabase(handle);
    const { org, programId, lastDay } = reuse ? await find(handle) : await load(handle, rowsWanted);
    await handle.db.execute(sql`analyze`);
    const ctx: ServiceCtx = { db: handle.db, orgId: org.id, orgKind: 'client', role: 'program_manager', actor: { label: 'bench' } };

    const cases = [
      { label: 'last 90 days by day', from: addDays(lastDay, -89), to: lastDay, grain: 'day' as const, trunc: sql`(f.interval_start at time zone ${TZ})::date` },
      { label: '3 years by month', from: FIRST_DAY, to: lastDay, grain: 'month' as const, trunc: sql`to_char(f.interval_start at time zone ${TZ}, 'YYYY-MM')` },
      { label: '3 years by week', from: FIRST_DAY, to: lastDay, grain: 'week' as const, trunc: sql`to_char(f.interval_start at time zone ${TZ}, 'IYYY-"W"IW')` },
    ];
    const table: string[][] = [['case', 'loader p50 ms', 'loader p95 ms', 'raw SQL p50 ms', 'raw SQL p95 ms', 'raw / loader (p50)', 'target p95 ≤ 150 ms']];
    const rows: BenchRow[] = [];
    for (const c of cases) {
      const loader = await time(runs, () => loadProgramOverview(ctx, { programId, programName: 'Bench program', from: c.from, to: c.to, grain: c.grain }));
      // The same KPIs straight from the interval rows (owner role, no RLS): what the rollups save.
      const raw = await time(Math.min(runs, 10), () =>
        unsafeWithoutTenant(handle.db, (tx) =>
          queryRows(
            tx,
            sql`select f.unit_id, ${c.trunc} as period, ${componentSumsSelect('f')}, ${kpiSelect({}, 'f')}
                from interval_facts f
                where f.client_org_id = ${org.id}::uuid and f.superseded_by_upload_id is null
                  and f.interval_start >= (${c.from}::date::timestamp at time zone ${TZ}) and f.interval_start < ((${c.to}::date + 1)::timestamp at time zone ${TZ})
                group by 1, 2`,
          ),
        ),
      );
      table.push([c.label, loader.p50.toFixed(1), loader.p95.toFixed(1), raw.p50.toFixed(1), raw.p95.toFixed(1), `${(raw.p50 / loader.p50).toFixed(1)}×`, loader.p95 <= 150 ? 'met' : 'NOT met']);
      rows.push({ metric: `program overview loader p95, ${c.label} (baseline: raw SQL aggregate of the interval rows, p95)`, value: loader.p95, unit: 'ms', baseline: raw.p95, ratio: loader.p95 / raw.p95, target: '≤ 150 ms', pass: loader.p95 <= 150 });
    }
    printTable(table);
    console.log(`runs: ${runs} per loader case (raw: ${Math.min(runs, 10)}), after 3 warm-up runs; PostgreSQL ${(await admin`show server_version`)[0]?.server_version}`);
    writeBenchJson('dashboard', rows);
  } finally {
    await handle.close();
    await bench.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
