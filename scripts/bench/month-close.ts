/**
 * npm run bench:month-close [-- --units 200 --queues 2 --runs 5 --keep] [-- --reuse <database>]
 *
 * On the PostgreSQL server (DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres, in a fresh
 * database): one client program (Asia/Taipei, open 08:00-20:00) with 200 vendor units, each under its own
 * contract of 8 SLAs (service level, abandonment, ASA, AHT, FCR, CSAT, QA, adherence; six critical), and
 * one month (March 2026) of 15-minute intervals for two queues per unit, generated with generate_series
 * into interval_facts with one accepted upload per unit, and the daily rollups as a merge writes them.
 *
 * Then, in the same run, from the same starting state each time (no results, credits, ledger, closes or
 * notifications: the bench resets its own tenant between runs):
 *  - the batch close, `--runs` times: closeMonths as the client's finance user for the program (evaluate
 *    every SLA of every contract, credits, earn-back ledgers, freeze, month_closes, audit, then the breach
 *    alerts after commit), the figure against the target;
 *  - the baseline it replaces, once: closeMonth one contract at a time, the same work per contract;
 *  - for reference, the plain SQL aggregate of the same facts (every component and KPI per unit over the
 *    month), the floor for anything that reads the month's facts.
 * It checks that the batch and the one-by-one closes stored the same results, credits, ledgers and close
 * inputs. Target: the whole close of 200 units × 8 SLAs in ≤ 2 s. --keep leaves the database; --reuse
 * <name> runs the timings again on a kept one. BENCH_JSON=<file> also writes the figures for `npm run
 * bench` (scripts/bench/all.ts).
 */
import os from 'node:os';
import { sql } from 'drizzle-orm';
import { openDatabase, queryRows, type DbHandle } from '../../db/client';
import { migrateDatabase } from '../../db/migrate';
import { unsafeWithoutTenant } from '../../db/tenant';
import type { ContractVersionInput } from '../../app/domain/contracts/version';
import { COMPONENT_NAMES } from '../../app/domain/kpi/components';
import type { ServiceCtx } from '../../app/services/context';
import { createContract } from '../../app/services/contracts.server';
import { componentSumsSelect, kpiSelect } from '../../app/services/kpis/sql.server';
import { unsafeAddMember, unsafeCreateOrg } from '../../app/services/orgs.server';
import { createProgram } from '../../app/services/programs.server';
import { closeMonths } from '../../app/services/sla/close-batch.server';
import { closeMonth } from '../../app/services/sla/close.server';
import { addQueue, addUnit } from '../../app/services/units.server';
import { acceptVendorInvitation, inviteVendorToUnit } from '../../app/services/vendor-invitations.server';
import { arg, printTable, time, openBenchDatabase, writeBenchJson } from './bench-support';

const TZ = 'Asia/Taipei';
const MONTH = '2026-03';
const NOW = new Date('2026-04-05T02:00:00Z');
const TARGET_MS = 2000;
const OPEN = [{ open: '08:00', close: '20:00' }];
const HOURS = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, OPEN]));

const TERMS: ContractVersionInput = {
  effectiveFrom: '2026-01-01',
  reason: 'Bench terms',
  currency: 'TWD',
  taxRatePct: 5,
  atRiskPct: 12,
  poolPct: 100,
  earnBackMonths: 3,
  rateLines: [{ pricingModel: 'per_handled_contact', description: 'Handled contact', channel: 'voice', rate: '40.00' }],
  slas: [
    { kpi: 'service_level', comparator: 'gte', target: 80, slVariant: 'negative', thresholdS: 20, shortAbandonS: 5, minimumVolume: 100, isCritical: true, allocationPct: 30 },
    { kpi: 'abandonment_rate', comparator: 'lte', target: 5, isCritical: true, allocationPct: 20 },
    { kpi: 'asa', comparator: 'lte', target: 30, isCritical: true, allocationPct: 15 },
    { kpi: 'aht', comparator: 'lte', target: 360 },
    { kpi: 'fcr', comparator: 'gte', target: 70, isCritical: true, allocationPct: 15, missingFeed: 'not_measured' },
    { kpi: 'csat', comparator: 'gte', target: 85, isCritical: true, allocationPct: 10, missingFeed: 'not_measured' },
    { kpi: 'qa_score', comparator: 'gte', target: 90, isCritical: true, allocationPct: 10 },
    { kpi: 'schedule_adherence', comparator: 'gte', target: 90 },
  ],
};

interface World {
  clientOrgId: string;
  vendorOrgId: string;
  programId: string;
  contractIds: string[];
  finance: ServiceCtx;
}

/** The program, 200 linked vendor units with their contracts, and a month of facts and rollups. */
async function build(handle: DbHandle, units: number, queuesPerUnit: number): Promise<World> {
  const started = performance.now();
  // Benchmark setup: its own client and vendor tenants, created outside any request.
  const { client, vendor, vendorAdmin, financeUser } = await unsafeWithoutTenant(handle.db, async (tx) => {
    const stamp = Date.now();
    const client = await unsafeCreateOrg(tx, { slug: `bench-bank-${stamp}`, name: 'Bench bank', kind: 'client' });
    const vendor = await unsafeCreateOrg(tx, { slug: `bench-vendor-${stamp}`, name: 'Bench vendor', kind: 'vendor' });
    const vendorAdmin = await unsafeAddMember(tx, { orgId: vendor.id, orgKind: 'vendor', email: `admin-${stamp}@vendor.bench`, name: 'Vendor admin', role: 'vendor_admin', password: 'bench-password' });
    const financeUser = await unsafeAddMember(tx, { orgId: client.id, orgKind: 'client', email: `finance-${stamp}@bank.bench`, name: 'Finance', role: 'finance', password: 'bench-password' });
    return { client, vendor, vendorAdmin, financeUser };
  });
  const owner: ServiceCtx = { db: handle.db, orgId: client.id, orgKind: 'client', role: 'owner', actor: { label: 'bench' } };
  const program = await createProgram(owner, { name: 'Bench program', lineOfBusiness: 'Cards', channels: ['voice'], timeZone: TZ, currency: 'TWD', status: 'live', hoursOfOperation: HOURS as never });
  const contractIds: string[] = [];
  for (let u = 0; u < units; u++) {
    const unit = await addUnit(owner, program.id, { kind: 'vendor', name: `Site ${String(u + 1).padStart(3, '0')}`, volumeSharePct: 0.5 });
    for (let q = 0; q < queuesPerUnit; q++) await addQueue(owner, unit.id, { name: `Queue ${q + 1}`, channel: 'voice' });
    const invitation = await inviteVendorToUnit(owner, unit.id, { email: `ops@vendor.bench` });
    await acceptVendorInvitation(handle.db, { mode: 'link', token: invitation.token, userId: vendorAdmin.id, vendorOrgId: vendor.id });
    const contract = await createContract(owner, { name: `Site ${u + 1} contract`, vendorOrgId: vendor.id, unitIds: [unit.id], firstVersion: TERMS });
    contractIds.push(contract.id);
  }
  const setupSeconds = (performance.now() - started) / 1000;

  const loadStarted = performance.now();
  const columns = sql.raw(COMPONENT_NAMES.map((n) => `"${n}"`).join(', '));
  const facts = await unsafeWithoutTenant(handle.db, async (tx) => {
    await tx.execute(sql`select setseed(0.17)`);
    // One accepted upload per unit, as the facts' provenance (the month close records them).
    await tx.execute(sql`insert into feed_uploads (client_org_id, id, unit_id, vendor_org_id, kind, mapping, file_name, content_type, byte_size, uploaded_by_label, status, rows_total, rows_accepted, revision)
      select u.client_org_id, gen_random_uuid(), u.id, u.vendor_org_id, 'intervals', '{}'::jsonb, 'bench.csv', 'text/csv', 0, 'bench', 'accepted', 0, 0, 1
      from delivery_units u where u.client_org_id = ${client.id}::uuid`);
    // Service level ≈ 75-92 % by unit, so some units miss their 80 % and pay a credit.
    await tx.execute(sql`create temp table g on commit drop as
      select q.client_org_id, q.unit_id, u.vendor_org_id, f.id as upload_id, q.id as queue_id, t as interval_start,
        (10 + random() * 30) as base, 0.75 + (abs(hashtext(q.unit_id::text)) % 18) / 100.0 as sl, random() as r1, random() as r2
      from queues q join delivery_units u on u.client_org_id = q.client_org_id and u.id = q.unit_id
        join feed_uploads f on f.client_org_id = u.client_org_id and f.unit_id = u.id
        cross join generate_series((${`${MONTH}-01`}::date::timestamp at time zone ${TZ}), (((${`${MONTH}-01`}::date + interval '1 month')::date)::timestamp at time zone ${TZ}) - interval '15 minutes', interval '15 minutes') t
      where q.client_org_id = ${client.id}::uuid and extract(hour from t at time zone ${TZ}) between 8 and 19`);
    await tx.execute(sql`insert into interval_facts (client_org_id, unit_id, vendor_org_id, upload_id, source, queue_id, channel, interval_start, interval_minutes, threshold_s, line, ${columns})
      select client_org_id, unit_id, vendor_org_id, upload_id, 'intervals', queue_id, 'voice', interval_start, 15, 20, 0,
        o, o - a, floor((o - a) * sl), a, floor(a * 0.1), floor(a * 0.3),
        round(((o - a) * (5 + r1 * 40))::numeric, 3), (o - a) * 240, (o - a) * 15, (o - a) * 40,
        floor((o - a) * 0.05), floor((o - a) * 0.3), floor((o - a) * 0.3 * (0.6 + r1 * 0.3)), floor((o - a) * 0.1), floor((o - a) * 0.1 * (0.75 + r2 * 0.2)),
        floor((o - a) * 0.05), floor((o - a) * 0.05 * r1), floor((o - a) * 0.05 * r2 * 0.3), case when r2 < 0.1 then 1 else 0 end,
        case when r2 < 0.1 then round((85 + r1 * 15)::numeric, 3) else 0 end, 900 * 5, 900 * 5, floor(900 * 5 * (0.86 + r2 * 0.08)), 0, 0
      from (select *, floor(base)::int as o, floor(base * r1 * 0.1)::int as a from g) x`);
    await tx.execute(sql`insert into interval_daily_rollups (client_org_id, unit_id, vendor_org_id, queue_id, channel, day, source, interval_count, threshold_s, is_threshold_mixed, ${columns})
      select client_org_id, unit_id, vendor_org_id, queue_id, channel, (interval_start at time zone ${TZ})::date, source, count(*), 20, false,
        ${sql.raw(COMPONENT_NAMES.map((n) => `sum("${n}")`).join(', '))}
      from interval_facts where client_org_id = ${client.id}::uuid and superseded_by_upload_id is null group by 1, 2, 3, 4, 5, 6, 7`);
    const [count] = await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from interval_facts where client_org_id = ${client.id}::uuid`);
    return count!.n;
  });
  console.log(
    `setup: ${units} units × ${queuesPerUnit} queues with contracts in ${setupSeconds.toFixed(1)} s; ${facts.toLocaleString('en')} interval facts of ${MONTH} and their rollups in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s`,
  );
  return {
    clientOrgId: client.id,
    vendorOrgId: vendor.id,
    programId: program.id,
    contractIds,
    finance: { db: handle.db, orgId: client.id, orgKind: 'client', role: 'finance', actor: { userId: financeUser.id, label: 'finance@bank.bench' } },
  };
}

/** The kept tenant of --reuse. */
async function findWorld(handle: DbHandle): Promise<World> {
  return unsafeWithoutTenant(handle.db, async (tx) => {
    const [org] = await queryRows<{ id: string }>(tx, sql`select id from orgs where slug like 'bench-bank-%' limit 1`);
    if (!org) throw new Error('no bench tenant in the reused database');
    const contracts = await queryRows<{ id: string; vendor_org_id: string }>(tx, sql`select id, vendor_org_id from contracts where client_org_id = ${org.id}::uuid order by name`);
    const [program] = await queryRows<{ id: string }>(tx, sql`select id from programs where client_org_id = ${org.id}::uuid limit 1`);
    const [finance] = await queryRows<{ id: string; email: string }>(tx, sql`select u.id, u.email from users u join memberships m on m.user_id = u.id where m.org_id = ${org.id}::uuid and m.role = 'finance'`);
    return {
      clientOrgId: org.id,
      vendorOrgId: contracts[0]!.vendor_org_id,
      programId: program!.id,
      contractIds: contracts.map((c) => c.id),
      finance: { db: handle.db, orgId: org.id, orgKind: 'client', role: 'finance', actor: { userId: finance!.id, label: finance!.email } },
    };
  });
}

/**
 * Back to the state before any close: no results, credits, ledger, closes, notifications, mails or
 * webhook deliveries of the bench tenants (platform step: the bench resets its own data).
 */
async function reset(handle: DbHandle, world: World): Promise<void> {
  await unsafeWithoutTenant(handle.db, async (tx) => {
    const client = sql`${world.clientOrgId}::uuid`;
    for (const table of ['month_closes', 'sla_results', 'service_credits', 'earn_back_entries', 'notifications']) await tx.execute(sql`delete from ${sql.identifier(table)} where client_org_id = ${client}`);
    await tx.execute(sql`delete from outbox_emails where org_id in (${client}, ${world.vendorOrgId}::uuid)`);
    await tx.execute(sql`delete from webhook_deliveries where org_id in (${client}, ${world.vendorOrgId}::uuid)`);
  });
  await handle.db.execute(sql`vacuum analyze sla_results, service_credits, earn_back_entries, month_closes, notifications`);
}

/** A digest of what a close stores (results, credits, ledger, close inputs), ids and close ids aside. */
async function storedDigest(handle: DbHandle, world: World): Promise<string> {
  const [row] = await unsafeWithoutTenant(handle.db, (tx) =>
    queryRows<{ digest: string }>(
      tx,
      sql`select md5(
            coalesce((select string_agg(concat_ws('|', contract_id, contract_version_id, contract_sla_id, sla_key, month, grain, period_key, period_start, period_end, kpi, target, value, numerator, denominator,
                volume, status, outcome, reason, warnings::text, expected_intervals, received_intervals, excluded_rows, computed_at, is_frozen, month_close_id is not null), ',' order by contract_id, contract_sla_id, grain, period_key)
              from sla_results where client_org_id = ${world.clientOrgId}::uuid), '') ||
            coalesce((select string_agg(concat_ws('|', contract_id, month, contract_version_id, invoice_basis_minor, basis_details::text, at_risk_minor, uncapped_total_minor, cap_reduction_minor, total_minor,
                is_capped, lines::text, computed_at, is_frozen, month_close_id is not null), ',' order by contract_id, month)
              from service_credits where client_org_id = ${world.clientOrgId}::uuid), '') ||
            coalesce((select string_agg(concat_ws('|', contract_id, sla_key, credit_month, amount_minor, window_months::text, met_months, fate, decided_month, returned_minor), ',' order by contract_id, sla_key, credit_month)
              from earn_back_entries where client_org_id = ${world.clientOrgId}::uuid), '') ||
            coalesce((select string_agg(concat_ws('|', contract_id, month, closed_by_label, closed_at, inputs::text), ',' order by contract_id, month)
              from month_closes where client_org_id = ${world.clientOrgId}::uuid and reopened_at is null), '')) as digest`,
    ),
  );
  return row!.digest;
}

const load = () => os.loadavg().map((l) => l.toFixed(1)).join(', ');

async function main() {
  const units = Number(arg('units', '200'));
  const queuesPerUnit = Number(arg('queues', '2'));
  const runs = Math.max(1, Number(arg('runs', '5')));
  const reuse = arg('reuse', '');
  const baseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const bench = await openBenchDatabase(baseUrl, 'outpost_bench_month_close', { reuse, keep: process.argv.includes('--keep') });
  const admin = bench.admin;
  const handle = await openDatabase({ url: bench.url });
  try {
    await migrateDatabase(handle);
    const world = reuse ? await findWorld(handle) : await build(handle, units, queuesPerUnit);
    // As autovacuum leaves a table in steady use: hint bits set, visibility map and statistics current.
    await handle.db.execute(sql`vacuum analyze`);
    const contracts = world.contractIds.length;
    console.log(`load average at the start: ${load()}`);

    // Reference: the month's components and KPIs per unit, straight from the facts (owner role, no RLS).
    const aggregate = await time(5, () =>
      unsafeWithoutTenant(handle.db, (tx) =>
        queryRows(
          tx,
          sql`select f.unit_id, ${componentSumsSelect('f')}, ${kpiSelect({}, 'f')} from interval_facts f
              where f.client_org_id = ${world.clientOrgId}::uuid and f.superseded_by_upload_id is null
                and f.interval_start >= (${`${MONTH}-01`}::date::timestamp at time zone ${TZ})
                and f.interval_start < (((${`${MONTH}-01`}::date + interval '1 month')::date)::timestamp at time zone ${TZ})
              group by 1`,
        ),
      ),
    );

    // The batch close, from the same empty state each run.
    const batch: number[] = [];
    let closedCount = 0;
    for (let run = 0; run < runs; run++) {
      await reset(handle, world);
      const started = performance.now();
      const dto = await closeMonths(world.finance, { programId: world.programId, month: MONTH, now: NOW });
      batch.push(performance.now() - started);
      closedCount = dto.closedCount;
    }
    batch.sort((a, b) => a - b);
    const batchMs = batch[Math.floor(batch.length / 2)]!;
    const batchDigest = await storedDigest(handle, world);

    // Baseline: the same closes one contract at a time.
    await reset(handle, world);
    const perClose: number[] = [];
    const started = performance.now();
    for (const contractId of world.contractIds) {
      const one = performance.now();
      await closeMonth(world.finance, { contractId, month: MONTH, now: NOW });
      perClose.push(performance.now() - one);
    }
    const loopMs = performance.now() - started;
    perClose.sort((a, b) => a - b);
    const isSame = (await storedDigest(handle, world)) === batchDigest;

    const [results] = await unsafeWithoutTenant(handle.db, (tx) =>
      queryRows<{ results: number; frozen: number; missed: number; credits: string; notices: number }>(
        tx,
        sql`select count(*)::int as results, count(*) filter (where is_frozen)::int as frozen, count(*) filter (where outcome = 'missed')::int as missed,
              (select coalesce(sum(total_minor), 0)::text from service_credits where client_org_id = ${world.clientOrgId}::uuid and month = ${MONTH}) as credits,
              (select count(*)::int from notifications where client_org_id = ${world.clientOrgId}::uuid) as notices
            from sla_results where client_org_id = ${world.clientOrgId}::uuid and month = ${MONTH}`,
      ),
    );
    console.log(
      `closed ${closedCount} of ${contracts} contract months: ${results!.results} SLA results (${results!.frozen} frozen, ${results!.missed} missed), credits ${results!.credits} minor units, ${results!.notices} breach notifications`,
    );
    console.log(`batch and one-by-one closes stored the same results, credits, ledgers and close inputs: ${isSame ? 'yes' : 'NO'}`);
    const ms = (x: number) => `${x.toFixed(0)} ms`;
    printTable([
      ['what', 'value', 'vs batch', 'target'],
      [`batch close ${MONTH}, ${contracts} units × 8 SLAs (closeMonths, median of ${runs})`, `${ms(batchMs)} (${batch.map(ms).join(', ')})`, '1.0×', `≤ ${TARGET_MS} ms: ${batchMs <= TARGET_MS ? 'met' : 'NOT met'}`],
      [`baseline: closeMonth one contract at a time, ${contracts} contracts`, ms(loopMs), `${(loopMs / batchMs).toFixed(1)}×`, ''],
      ['  one contract month (p50 / p95)', `${perClose[Math.floor(perClose.length / 2)]!.toFixed(1)} / ${perClose[Math.min(perClose.length - 1, Math.ceil(perClose.length * 0.95) - 1)]!.toFixed(1)} ms`, '', ''],
      ["reference: plain SQL aggregate of the month's facts per unit (p50 of 5)", ms(aggregate.p50), `${(aggregate.p50 / batchMs).toFixed(2)}×`, ''],
    ]);
    console.log(`PostgreSQL ${(await admin`show server_version`)[0]?.server_version}; load average at the end: ${load()}`);
    writeBenchJson('month-close', [
      {
        metric: `month close, ${contracts} units × 8 SLAs: batch closeMonths (evaluate, credits, earn-back, freeze, audit, alerts), median of ${runs} (baseline: closeMonth one contract at a time)`,
        value: batchMs,
        unit: 'ms',
        baseline: loopMs,
        ratio: batchMs / loopMs,
        target: `≤ ${TARGET_MS} ms`,
        pass: batchMs <= TARGET_MS && isSame,
      },
    ]);
    if (!isSame) process.exitCode = 1;
  } finally {
    await handle.close();
    await bench.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
