/**
 * Demo interval data (issue 5, "Demo data"): for every unit and queue of the demo bank, generated 15-minute
 * components over `months` calendar months, written as one accepted synthetic upload per unit (labelled
 * "demo generator", so a unit's feed history says where its figures came from), then its facts and daily
 * rollups in the same transaction: COPY on a PostgreSQL server, INSERT … SELECT FROM unnest() of integer arrays
 * as the bank's tenant role on PGlite (see seedDemoIntervals). 24 months are about 200,000 facts.
 *
 * The story the data tell (the SLA, credit and dispute seeding builds on these exported constants):
 * - offered = intraday profile (a real bank's, below) × weekday factor × month seasonality × growth × the
 *   queue's share, only in the program's hours of operation and never on its holidays;
 * - agents are planned per interval with Erlang C for a staffing target a little above the SLA, so the
 *   service level usually meets the target; in DEMO_BAD_WEEKS a unit loses 15 % of its agents (the VIP desk
 *   30 %: sickness wave, attrition), the week's service level falls to about 45-55 %, abandonment, ASA and
 *   occupancy rise, adherence, FCR, CSAT, NPS and QA dip;
 * - DEMO_OUTAGE: the client's IVR fails one afternoon at Vendor A's hotline site, nearly every caller lands
 *   in the queue, offered rises about 1.7× on unchanged staffing and the service level collapses (≈ 20 %):
 *   the span the vendor will dispute.
 * Everything is drawn from a seeded PRNG per queue, so the same options give the same figures.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { queryRows, type Database, type Tx } from '#db/client';
import { copyInto, type CopyValue } from '#db/copy';
import { deliveryUnits, feedUploads, orgs, programs, queues } from '#db/schema/index';
import { unsafeWithoutTenant, withTenant } from '#db/tenant';
import { COMPONENT_NAMES } from '#app/domain/kpi/components';
import type { Channel } from '#app/domain/programs/schemas';
import { INTERVAL_S, demoIntervalSpan, generateUnitIntervals, type DemoIntervalRow, type DemoIntervalSpan, type DemoUnitTarget } from './demo-intervals-generator';

export {
  BANK_INTRADAY_PROFILE_15MIN,
  BANK_WEEKDAY_FACTORS,
  DEMO_BAD_WEEK_STAFFING,
  DEMO_BAD_WEEKS,
  DEMO_LEAN_MONTHS,
  DEMO_OUTAGE,
  DEMO_TIME_ZONE,
  DEMO_UNITS,
  type DemoUnitKey,
} from './demo-story';
export {
  demoIntervalSpan,
  generateUnitIntervals,
  type DemoIntervalRow,
  type DemoIntervalSpan,
  type DemoQueueTarget,
  type DemoUnitTarget,
} from './demo-intervals-generator';

// ---------------------------------------------------------------------------------------------------------
// Writing

export interface SeedDemoIntervalsOptions {
  /** Whole calendar months to generate, ending with endMonth. Default 24. */
  months?: number;
  /** YYYY-MM; default the current month in the demo time zone (generated up to yesterday). */
  endMonth?: string;
  /** PRNG seed. Default 1. */
  seed?: number;
  /** "Now" for the default end month and the cut at yesterday (tests). */
  now?: Date;
  /** How to write: 'auto' picks COPY on a PostgreSQL server whose login bypasses row-level security, else arrays (tests force one). */
  write?: 'auto' | 'copy' | 'arrays';
}

export interface SeedDemoIntervalsResult {
  span: DemoIntervalSpan;
  units: { unitId: string; name: string; uploadId: string; rows: number }[];
  rows: number;
  rollupRows: number;
  /** How the rows were written: COPY, or INSERT … SELECT FROM unnest() of arrays as the tenant role. */
  path: 'copy' | 'arrays';
  /** Milliseconds generating the rows in JavaScript, and writing them. */
  generateMs: number;
  writeMs: number;
}

/** The demo bank's units with their program's zone, hours and holidays. Platform work: spans tenants. */
async function loadDemoUnits(db: Database): Promise<{ clientOrgId: string; units: DemoUnitTarget[] } | null> {
  return unsafeWithoutTenant(db, async (tx) => {
    const [bank] = await tx.select({ id: orgs.id }).from(orgs).where(eq(orgs.slug, 'demo-bank'));
    if (!bank) return null;
    const unitRows = await tx
      .select({
        unitId: deliveryUnits.id,
        vendorOrgId: deliveryUnits.vendorOrgId,
        name: deliveryUnits.name,
        timeZone: programs.timeZone,
        hoursOfOperation: programs.hoursOfOperation,
        holidays: programs.holidays,
        channels: programs.channels,
      })
      .from(deliveryUnits)
      .innerJoin(programs, and(eq(programs.clientOrgId, deliveryUnits.clientOrgId), eq(programs.id, deliveryUnits.programId)))
      .where(eq(deliveryUnits.clientOrgId, bank.id))
      .orderBy(deliveryUnits.name);
    const queueRows = await tx
      .select({ queueId: queues.id, unitId: queues.unitId, name: queues.name, channel: queues.channel })
      .from(queues)
      .where(eq(queues.clientOrgId, bank.id))
      .orderBy(queues.name);
    const units = unitRows.map((u) => ({
      unitId: u.unitId,
      vendorOrgId: u.vendorOrgId,
      name: u.name,
      timeZone: u.timeZone,
      hoursOfOperation: u.hoursOfOperation,
      holidays: u.holidays,
      programChannels: u.channels,
      queues: queueRows.filter((q) => q.unitId === u.unitId).map((q) => ({ queueId: q.queueId, name: q.name, channel: q.channel })),
    }));
    return { clientOrgId: bank.id, units };
  });
}

interface GeneratedUnit {
  unit: DemoUnitTarget;
  uploadId: string;
  rows: DemoIntervalRow[];
  totals: Record<string, number>;
  periodStart: number;
  periodEnd: number;
}

const FACT_COLUMNS = ['client_org_id', 'unit_id', 'vendor_org_id', 'upload_id', 'source', 'queue_id', 'channel', 'interval_start', 'interval_minutes', 'threshold_s', ...COMPONENT_NAMES] as const;
const ROLLUP_COLUMNS = ['client_org_id', 'unit_id', 'vendor_org_id', 'queue_id', 'channel', 'day', 'source', 'interval_count', 'threshold_s', 'is_threshold_mixed', ...COMPONENT_NAMES] as const;
/** Rows per INSERT … SELECT FROM unnest(…): 27 integer arrays of this length are one statement's parameters. */
const ARRAY_CHUNK_ROWS = 40_000;

function* factCopyRows(clientOrgId: string, generated: readonly GeneratedUnit[]): Generator<CopyValue[]> {
  for (const { unit, uploadId, rows } of generated) {
    for (const row of rows) {
      const values: CopyValue[] = [clientOrgId, unit.unitId, unit.vendorOrgId, uploadId, 'intervals', row.queueId, row.channel, new Date(row.intervalStart), 15, row.thresholdS];
      for (const name of COMPONENT_NAMES) values.push(row.components[name]);
      yield values;
    }
  }
}

interface RollupRow {
  unit: DemoUnitTarget;
  queueId: string;
  channel: Channel;
  day: string;
  intervalCount: number;
  thresholdS: number | null;
  isThresholdMixed: boolean;
  sums: number[];
}

/** The daily rollups (merge.server.ts' definition: the current rows summed per local day), summed here. */
function dailyRollups(generated: readonly GeneratedUnit[]): RollupRow[] {
  const out: RollupRow[] = [];
  for (const { unit, rows } of generated) {
    let current: RollupRow | undefined;
    // Rows come in queue, then time order: a day's rows are consecutive.
    for (const row of rows) {
      if (!current || current.queueId !== row.queueId || current.day !== row.day) {
        current = { unit, queueId: row.queueId, channel: row.channel, day: row.day, intervalCount: 0, thresholdS: row.thresholdS, isThresholdMixed: false, sums: COMPONENT_NAMES.map(() => 0) };
        out.push(current);
      }
      current.intervalCount++;
      if (row.thresholdS !== current.thresholdS) current.isThresholdMixed = true;
      for (let i = 0; i < COMPONENT_NAMES.length; i++) current.sums[i]! += row.components[COMPONENT_NAMES[i]!];
    }
  }
  for (const r of out) if (r.isThresholdMixed) r.thresholdS = null;
  return out;
}

const arrayLiteral = (values: readonly (number | string)[]) => `{${values.join(',')}}`;
const componentColumns = sql.raw(COMPONENT_NAMES.map((n) => `"${n}"`).join(', '));
const componentAliases = sql.raw(COMPONENT_NAMES.map((_, i) => `c${i}`).join(', '));
const componentSelect = sql.raw(COMPONENT_NAMES.map((_, i) => `u.c${i}`).join(', '));

/**
 * Writes the facts and rollups as INSERT … SELECT FROM unnest() of integer arrays, one array per column
 * and a queue number standing for the row's unit, vendor, upload, queue and channel. Runs as the tenant
 * role (row-level security applies). On PGlite this is about three times faster than COPY FROM '/dev/blob'
 * (which parses the text far slower than PostgreSQL's array input does).
 */
async function insertByArrays(tx: Tx, clientOrgId: string, generated: readonly GeneratedUnit[], rollups: readonly RollupRow[]): Promise<void> {
  const keys = generated.flatMap(({ unit, uploadId }) => unit.queues.map((queue) => ({ unit, uploadId, queue })));
  const queueNumber = new Map(keys.map((k, i) => [k.queue.queueId, i]));
  const keyValues = sql.join(
    keys.map((k, i) => sql`(${i}::int, ${k.unit.unitId}::uuid, ${k.unit.vendorOrgId}::uuid, ${k.uploadId}::uuid, ${k.queue.queueId}::uuid, ${k.queue.channel}::text)`),
    sql`, `,
  );
  const rows = generated.flatMap((g) => g.rows);
  for (let from = 0; from < rows.length; from += ARRAY_CHUNK_ROWS) {
    const chunk = rows.slice(from, from + ARRAY_CHUNK_ROWS);
    const components = COMPONENT_NAMES.map((name) => sql`${arrayLiteral(chunk.map((r) => r.components[name]))}::int[]`);
    await tx.execute(sql`insert into interval_facts (client_org_id, unit_id, vendor_org_id, upload_id, source, queue_id, channel, interval_start,
        interval_minutes, threshold_s, ${componentColumns})
      select ${clientOrgId}, k.unit_id, k.vendor_org_id, k.upload_id, 'intervals', k.queue_id, k.channel, to_timestamp(u.start_min * 60.0), 15,
        u.threshold_s, ${componentSelect}
      from unnest(${arrayLiteral(chunk.map((r) => queueNumber.get(r.queueId)!))}::int[], ${arrayLiteral(chunk.map((r) => r.intervalStart / 60_000))}::int[],
          ${arrayLiteral(chunk.map((r) => r.thresholdS))}::int[], ${sql.join(components, sql`, `)}) as u(q, start_min, threshold_s, ${componentAliases})
        join (values ${keyValues}) as k(q, unit_id, vendor_org_id, upload_id, queue_id, channel) on k.q = u.q`);
  }
  const sums = COMPONENT_NAMES.map((_, i) => sql`${arrayLiteral(rollups.map((r) => r.sums[i]!))}::bigint[]`);
  await tx.execute(sql`insert into interval_daily_rollups (client_org_id, unit_id, vendor_org_id, queue_id, channel, day, source, interval_count,
      threshold_s, is_threshold_mixed, ${componentColumns})
    select ${clientOrgId}, k.unit_id, k.vendor_org_id, k.queue_id, k.channel, u.day, 'intervals', u.n, u.threshold_s, u.threshold_s is null, ${componentSelect}
    from unnest(${arrayLiteral(rollups.map((r) => queueNumber.get(r.queueId)!))}::int[], ${arrayLiteral(rollups.map((r) => r.day))}::date[],
        ${arrayLiteral(rollups.map((r) => r.intervalCount))}::int[], ${`{${rollups.map((r) => r.thresholdS ?? 'NULL').join(',')}}`}::int[],
        ${sql.join(sums, sql`, `)}) as u(q, day, n, threshold_s, ${componentAliases})
      join (values ${keyValues}) as k(q, unit_id, vendor_org_id, upload_id, queue_id, channel) on k.q = u.q`);
}

/** True on postgres.js (a PostgreSQL server), where COPY is the fast path; false on PGlite. */
function isPostgresServer(tx: Tx): boolean {
  const client = (tx as unknown as { session?: { client?: { unsafe?: unknown } } }).session?.client;
  return typeof client?.unsafe === 'function';
}

/**
 * Generates and writes the demo intervals of every demo bank unit: one accepted "demo generator" upload per
 * unit, its facts and the daily rollups of the whole span, in one transaction. Returns null when there is no
 * demo bank. Call it once, on a freshly seeded demo (seedDemo does).
 *
 * Writing: on a PostgreSQL server whose login bypasses row-level security (superuser or BYPASSRLS, as for
 * seeding), COPY straight into the tables; otherwise (PGlite, or a login under row-level security) INSERT …
 * SELECT FROM unnest() of integer arrays as the bank's tenant role.
 */
export async function seedDemoIntervals(db: Database, options: SeedDemoIntervalsOptions = {}): Promise<SeedDemoIntervalsResult | null> {
  const loaded = await loadDemoUnits(db);
  if (!loaded) return null;
  const { clientOrgId } = loaded;
  const span = demoIntervalSpan(options);
  const seed = options.seed ?? 1;

  const started = performance.now();
  const generated: GeneratedUnit[] = loaded.units
    .filter((unit) => unit.queues.length > 0)
    .map((unit) => {
      const rows = generateUnitIntervals(unit, span, seed);
      const totals: Record<string, number> = Object.fromEntries(COMPONENT_NAMES.map((n) => [n, 0]));
      let periodStart = Infinity;
      let periodEnd = -Infinity;
      for (const row of rows) {
        for (const name of COMPONENT_NAMES) totals[name]! += row.components[name];
        periodStart = Math.min(periodStart, row.intervalStart);
        periodEnd = Math.max(periodEnd, row.intervalStart + INTERVAL_S * 1000);
      }
      return { unit, uploadId: randomUUID(), rows, totals, periodStart, periodEnd };
    });
  const rollups = dailyRollups(generated);
  const generateMs = performance.now() - started;

  const writeStarted = performance.now();
  let path: SeedDemoIntervalsResult['path'] = 'arrays';
  const copyIfAllowed = async (tx: Tx) => {
    if (options.write === 'arrays') return;
    if (options.write !== 'copy') {
      if (!isPostgresServer(tx)) return;
      const [role] = await queryRows<{ bypass: boolean }>(tx, sql`select rolsuper or rolbypassrls as bypass from pg_roles where rolname = current_user`);
      if (!role?.bypass) return;
    }
    path = 'copy';
    await copyInto(tx, 'interval_facts', FACT_COLUMNS, factCopyRows(clientOrgId, generated));
    await copyInto(
      tx,
      'interval_daily_rollups',
      ROLLUP_COLUMNS,
      rollups.map((r) => [clientOrgId, r.unit.unitId, r.unit.vendorOrgId, r.queueId, r.channel, r.day, 'intervals', r.intervalCount, r.thresholdS, r.isThresholdMixed, ...r.sums]),
    );
  };

  await withTenant(
    db,
    { orgId: clientOrgId },
    async (tx) => {
      await tx.insert(feedUploads).values(
        generated.map(({ unit, uploadId, rows, totals, periodStart, periodEnd }) => ({
          clientOrgId,
          id: uploadId,
          unitId: unit.unitId,
          vendorOrgId: unit.vendorOrgId,
          kind: 'intervals' as const,
          templateId: null,
          mapping: { generator: 'demo-intervals', seed, from: span.from, to: span.to, intervalMinutes: 15, timeZone: unit.timeZone },
          fileName: `demo-generator ${span.from}..${span.to}`,
          contentType: 'application/x-outpost-demo-generator',
          byteSize: 0,
          uploadedByLabel: 'demo generator',
          completedAt: new Date(),
          status: 'accepted' as const,
          rowsTotal: rows.length,
          rowsAccepted: rows.length,
          periodStart: rows.length ? new Date(periodStart) : null,
          periodEnd: rows.length ? new Date(periodEnd) : null,
          revision: 1,
          thresholdS: new Set(rows.map((r) => r.thresholdS)).size === 1 ? (rows[0]?.thresholdS ?? null) : null,
          totalsAfter: totals,
        })),
      );
      if (path === 'arrays') await insertByArrays(tx, clientOrgId, generated, rollups);
    },
    { beforeTenant: copyIfAllowed },
  );
  return {
    span,
    units: generated.map(({ unit, uploadId, rows }) => ({ unitId: unit.unitId, name: unit.name, uploadId, rows: rows.length })),
    rows: generated.reduce((n, u) => n + u.rows.length, 0),
    rollupRows: rollups.length,
    path,
    generateMs: Math.round(generateMs),
    writeMs: Math.round(performance.now() - writeStarted),
  };
}
