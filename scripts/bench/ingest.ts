/**
 * npm run bench:ingest [-- --rows 1000000 --small 250000 --engines postgres,pglite] [--keep-db]
 * BENCH_PHASES=1 prints wall and CPU time (the import process's and the server's) per phase of each import;
 * BENCH_EXPLAIN_MS=300 logs the server's plans of the import's statements slower than 300 ms to its log.
 *
 * Generates realistic canonical interval rows (30 queues x 15-minute intervals, a CSV on disk), then on
 * the PostgreSQL server (DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres, in a fresh
 * database) times `psql \copy` of the file into a plain table and the portal's ingestUpload of the same
 * file, and the same import on PGlite. Each import runs in a child process so its peak RSS is its own.
 * BENCH_JSON=<path> also writes the results as JSON for `npm run bench` (BenchReport below).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { arg, openBenchDatabase } from './bench-support';
import { BENCH_QUEUES, benchQueueName, runImportChild, seedBenchUnit } from './ingest-support';
import { openDatabase } from '../../db/client';
import { migrateDatabase } from '../../db/migrate';
import { FileBlobStore, setBlobStore } from '../../app/lib/blob-store.server';
import type { ServiceCtx } from '../../app/services/context';
import { ingestUpload } from '../../app/services/feeds/ingest.server';

const HEADER =
  'interval_start,interval_minutes,queue,channel,threshold_s,offered,handled,answered_within_threshold,abandoned,short_abandoned,' +
  'abandoned_within_threshold,wait_s,talk_s,hold_s,wrap_s,transferred,staffed_s';

/** Deterministic pseudo-random volumes with a daily curve, so sums are realistic and reproducible. */
async function generateCsv(file: string, rows: number): Promise<void> {
  const out = fs.createWriteStream(file);
  const write = (text: string) => (out.write(text) ? Promise.resolve() : new Promise<void>((resolve) => out.once('drain', () => resolve())));
  await write(`${HEADER}\n`);
  const start = Date.parse('2025-01-01T00:00:00+08:00');
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  let buffer = '';
  for (let i = 0; i < rows; i++) {
    const slot = Math.floor(i / BENCH_QUEUES);
    const q = i % BENCH_QUEUES;
    const at = new Date(start + slot * 15 * 60_000);
    const hour = (at.getUTCHours() + 8) % 24;
    const curve = hour >= 8 && hour < 20 ? 1 : 0.15;
    const offered = Math.floor((20 + random() * 40) * curve);
    const abandoned = Math.floor(offered * random() * 0.08);
    const handled = offered - abandoned;
    const short = Math.floor(abandoned * random() * 0.5);
    const within = Math.floor(handled * (0.7 + random() * 0.25));
    const abandonedWithin = Math.floor((abandoned - short) * random() * 0.5) + short;
    const local = new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 19);
    buffer +=
      `${local}+08:00,15,${benchQueueName(q)},voice,20,${offered},${handled},${within},${abandoned},${short},${abandonedWithin},` +
      `${(handled * (5 + random() * 30)).toFixed(1)},${handled * 180 + Math.floor(random() * 900)},${Math.floor(handled * 12 * random())},` +
      `${handled * 30},${Math.floor(handled * 0.05)},${Math.floor(900 * (3 + random() * 5))}\n`;
    if (buffer.length > 1 << 20) {
      await write(buffer);
      buffer = '';
    }
  }
  await write(buffer);
  await new Promise<void>((resolve) => out.end(() => resolve()));
}

interface ChildResult {
  seconds: number;
  rows: number;
  status: string;
  peakRssMb: number;
  errors?: unknown;
}

/**
 * CPU seconds (user + system) of the PostgreSQL backends serving `database`, read from /proc: the server
 * runs on this machine in the benchmark, and its work is most of the merge. null when /proc is not readable.
 */
function backendCpuSeconds(database: string | undefined): number | null {
  if (!database) return null;
  const ticks = 100; // USER_HZ on Linux
  let total = 0;
  try {
    for (const pid of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      let cmdline: string;
      try {
        cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      } catch {
        continue;
      }
      if (!cmdline.startsWith('postgres: ') || !cmdline.includes(` ${database} `)) continue;
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total += (Number(fields[11]) + Number(fields[12])) / ticks;
    }
  } catch {
    return null;
  }
  return total;
}

interface PhaseMark {
  label: string;
  wallMs: number;
  cpuMs: number;
  serverCpuMs: number | null;
  /** Highest sampled RSS and V8 heap (committed) while the phase ran. */
  peakRss: number;
  peakHeap: number;
}

const mb = (bytes: number) => Math.round(bytes / 1048576);

/**
 * Samples the process's memory every 25 ms (the peak RSS of the import) and, for BENCH_PHASES=1, keeps per
 * phase of the import its wall time, this process's CPU, the server backends' CPU and the memory peaks.
 */
function phaseRecorder(database: string | undefined) {
  const marks: PhaseMark[] = [];
  let started = performance.now();
  let cpu0 = process.cpuUsage();
  let server0 = backendCpuSeconds(database);
  let peakRss = process.memoryUsage().rss;
  const sample = () => {
    const { rss, heapTotal } = process.memoryUsage();
    peakRss = Math.max(peakRss, rss);
    const current = marks.at(-1);
    if (current) [current.peakRss, current.peakHeap] = [Math.max(current.peakRss, rss), Math.max(current.peakHeap, heapTotal)];
  };
  const timer = setInterval(sample, 25);
  const mark = (label: string) => {
    if (marks.at(-1)?.label === label) return;
    if (marks.length === 0) [started, cpu0, server0] = [performance.now(), process.cpuUsage(), backendCpuSeconds(database)];
    sample();
    const cpu = process.cpuUsage(cpu0);
    const server = backendCpuSeconds(database);
    const { rss, heapTotal } = process.memoryUsage();
    marks.push({
      label,
      wallMs: performance.now() - started,
      cpuMs: (cpu.user + cpu.system) / 1000,
      serverCpuMs: server === null || server0 === null ? null : (server - server0) * 1000,
      peakRss: rss,
      peakHeap: heapTotal,
    });
  };
  const stop = () => {
    clearInterval(timer);
    return Math.max(peakRss, process.resourceUsage().maxRSS * 1024);
  };
  const table = () => {
    const lines = ['| phase | wall ms | node CPU ms | server CPU ms | peak RSS MB | peak V8 heap MB |', '|---|---:|---:|---:|---:|---:|'];
    for (let i = 0; i + 1 < marks.length; i++) {
      const [a, b] = [marks[i]!, marks[i + 1]!];
      const server = a.serverCpuMs === null || b.serverCpuMs === null ? '-' : Math.round(b.serverCpuMs - a.serverCpuMs).toString();
      lines.push(`| ${a.label} | ${Math.round(b.wallMs - a.wallMs)} | ${Math.round(b.cpuMs - a.cpuMs)} | ${server} | ${mb(a.peakRss)} | ${mb(a.peakHeap)} |`);
    }
    const last = marks.at(-1)!;
    lines.push(`| total | ${Math.round(last.wallMs)} | ${Math.round(last.cpuMs)} | ${last.serverCpuMs === null ? '-' : Math.round(last.serverCpuMs)} | | |`);
    return lines.join('\n');
  };
  return { mark, stop, table };
}

/** Child: one ingestUpload of the file, reporting time and peak RSS. */
async function child(): Promise<void> {
  const spec = JSON.parse(process.argv[3]!) as { url?: string; dataDir?: string; file: string; unitId: string; ctx: Omit<ServiceCtx, 'db'>; uploads: string };
  const phases = phaseRecorder(spec.url ? new URL(spec.url).pathname.slice(1) : undefined);
  const handle = await openDatabase({ url: spec.url, dataDir: spec.dataDir });
  setBlobStore(new FileBlobStore(spec.uploads));
  const floorMb = mb(process.memoryUsage().rss);
  const started = performance.now();
  // Phases: receiving = blob write + sha256; reading = stream, map, check, COPY into staging; merging = the set-based steps.
  phases.mark('look-ups');
  const result = await ingestUpload({ ...spec.ctx, db: handle.db }, {
    unitId: spec.unitId,
    fileName: path.basename(spec.file),
    contentType: 'text/csv',
    body: fs.createReadStream(spec.file, { highWaterMark: 256 * 1024 }),
    onProgress: ({ phase, step }) => phases.mark(step ? `${phase}: ${step}` : phase === 'merging' ? 'merging: set-up' : phase),
  });
  phases.mark('end');
  const seconds = (performance.now() - started) / 1000;
  const peak = phases.stop();
  if (process.env.BENCH_PHASES) console.error(`RSS before the import ${floorMb} MB, peak ${mb(peak)} MB\n${phases.table()}`);
  await handle.close();
  const out: ChildResult = { seconds, rows: result.upload.rowsAccepted, status: result.upload.status, peakRssMb: mb(peak), errors: result.issues.slice(0, 3) };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

const runChild = (spec: object) => runImportChild<ChildResult>('scripts/bench/ingest.ts', spec);

interface Row {
  engine: string;
  what: string;
  rows: number;
  seconds: number;
  peakRssMb: number | null;
  ratio: string;
}

async function benchPostgres(baseUrl: string, file: string, rows: number, work: string): Promise<Row[]> {
  const keep = process.argv.includes('--keep-db');
  const { name, url, admin, close } = await openBenchDatabase(baseUrl, 'outpost_bench', { keep });
  // BENCH_EXPLAIN_MS=300 logs the plan (EXPLAIN ANALYZE) of every statement of the import slower than that to the server's log.
  if (process.env.BENCH_EXPLAIN_MS) {
    for (const setting of [`session_preload_libraries = 'auto_explain'`, `auto_explain.log_min_duration = ${Number(process.env.BENCH_EXPLAIN_MS)}`, 'auto_explain.log_analyze = on']) {
      await admin.unsafe(`ALTER DATABASE "${name}" SET ${setting}`);
    }
  }
  try {
    const handle = await openDatabase({ url });
    await migrateDatabase(handle);
    const { ctx, unitId } = await seedBenchUnit(handle, 'bench');
    await handle.close();
    const columns = HEADER.split(',')
      .map((c) => `${c} ${c === 'interval_start' ? 'timestamptz' : c === 'queue' || c === 'channel' ? 'text' : c.endsWith('_s') && c !== 'threshold_s' ? 'numeric' : 'integer'}`)
      .join(', ');
    spawnSync('psql', [url, '-qc', `create table bench_plain (${columns})`], { stdio: 'inherit' });
    const t0 = performance.now();
    const copy = spawnSync('psql', [url, '-qc', `\\copy bench_plain from '${file}' with (format csv, header true)`], { stdio: 'inherit' });
    if (copy.status !== 0) throw new Error('psql \\copy failed');
    const psqlSeconds = (performance.now() - t0) / 1000;
    const portal = await runChild({ url, file, unitId, ctx, uploads: path.join(work, `uploads-pg-${rows}`) });
    if (portal.status !== 'accepted') throw new Error(`import not accepted: ${JSON.stringify(portal)}`);
    return [
      { engine: 'postgres', what: 'psql \\copy (plain table)', rows, seconds: psqlSeconds, peakRssMb: null, ratio: '1.00' },
      { engine: 'postgres', what: 'portal ingestUpload', rows: portal.rows, seconds: portal.seconds, peakRssMb: portal.peakRssMb, ratio: (portal.seconds / psqlSeconds).toFixed(2) },
    ];
  } finally {
    // --keep-db leaves the database (with the imported rows) for EXPLAIN ANALYZE of the merge's statements.
    if (keep) console.log(`kept ${url}`);
    await close();
  }
}

async function benchPglite(file: string, rows: number, work: string): Promise<Row[]> {
  const dataDir = path.join(work, `pglite-${rows}`);
  const handle = await openDatabase({ dataDir });
  await migrateDatabase(handle);
  const { ctx, unitId } = await seedBenchUnit(handle, 'bench');
  await handle.close();
  const portal = await runChild({ dataDir, file, unitId, ctx, uploads: path.join(work, `uploads-pglite-${rows}`) });
  if (portal.status !== 'accepted') throw new Error(`import not accepted: ${JSON.stringify(portal)}`);
  return [{ engine: 'pglite', what: 'portal ingestUpload', rows: portal.rows, seconds: portal.seconds, peakRssMb: portal.peakRssMb, ratio: '-' }];
}

/** The shape every bench script writes to BENCH_JSON, collected by `npm run bench`. */
interface BenchReport {
  name: string;
  rows: Array<{ metric: string; value: number; unit: string; baseline: number | null; ratio: number | null; target: string; pass: boolean }>;
}

const MAX_RATIO_TO_PSQL = 2;
const MAX_PEAK_RSS_MB = 300;
/** "Does not grow with the file": the larger file may peak at most this much higher. */
const MAX_RSS_GROWTH = 0.1;

function benchReport(results: Row[]): BenchReport {
  const rows: BenchReport['rows'] = [];
  const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
  for (const r of results) {
    if (r.what.startsWith('psql')) continue;
    const size = r.rows.toLocaleString('en');
    if (r.engine === 'postgres') {
      const psql = results.find((p) => p.engine === 'postgres' && p.what.startsWith('psql') && p.rows === r.rows);
      const ratio = psql ? r.seconds / psql.seconds : null;
      rows.push({
        metric: `postgres ${size} rows: import time`,
        value: round(r.seconds),
        unit: 's',
        baseline: psql ? round(psql.seconds) : null,
        ratio: ratio === null ? null : round(ratio),
        target: `≤ ${MAX_RATIO_TO_PSQL}× psql \\copy into a plain table`,
        pass: ratio !== null && ratio <= MAX_RATIO_TO_PSQL,
      });
      rows.push({ metric: `postgres ${size} rows: rows/s`, value: Math.round(r.rows / r.seconds), unit: 'rows/s', baseline: psql ? Math.round(psql.rows / psql.seconds) : null, ratio: ratio === null ? null : round(1 / ratio), target: 'reported', pass: true });
      rows.push({ metric: `postgres ${size} rows: peak RSS`, value: r.peakRssMb ?? 0, unit: 'MB', baseline: null, ratio: null, target: `< ${MAX_PEAK_RSS_MB} MB`, pass: (r.peakRssMb ?? Infinity) < MAX_PEAK_RSS_MB });
    } else {
      rows.push({ metric: `pglite ${size} rows: import time`, value: round(r.seconds), unit: 's', baseline: null, ratio: null, target: 'reported (no psql on PGlite)', pass: true });
      // The database runs inside the importing process on PGlite, so its RSS includes the database's WASM heap.
      rows.push({ metric: `pglite ${size} rows: peak RSS (process includes the database)`, value: r.peakRssMb ?? 0, unit: 'MB', baseline: null, ratio: null, target: 'reported', pass: true });
    }
  }
  for (const engine of ['postgres', 'pglite']) {
    const imports = results.filter((r) => r.engine === engine && !r.what.startsWith('psql')).sort((a, b) => a.rows - b.rows);
    const [small, large] = [imports[0], imports.at(-1)];
    if (!small || !large || small === large || small.peakRssMb === null || large.peakRssMb === null) continue;
    const growth = large.peakRssMb / small.peakRssMb - 1;
    rows.push({
      metric: `${engine} peak RSS growth ${small.rows.toLocaleString('en')} → ${large.rows.toLocaleString('en')} rows`,
      value: large.peakRssMb - small.peakRssMb,
      unit: 'MB',
      baseline: small.peakRssMb,
      ratio: round(large.peakRssMb / small.peakRssMb),
      target: `≤ ${MAX_RSS_GROWTH * 100} % (flat with the file)`,
      pass: growth <= MAX_RSS_GROWTH,
    });
  }
  return { name: 'ingest', rows };
}

async function main(): Promise<void> {
  if (process.argv[2] === 'child') return child();
  const sizes = [Number(arg('rows', '1000000')), Number(arg('small', '250000'))].filter((n) => n > 0);
  const engines = arg('engines', 'postgres,pglite').split(',');
  const baseUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'outpost-bench-'));
  const results: Row[] = [];
  try {
    for (const rows of sizes) {
      const file = path.join(work, `intervals-${rows}.csv`);
      const t0 = performance.now();
      await generateCsv(file, rows);
      console.log(`generated ${rows} rows (${(fs.statSync(file).size / 1048576).toFixed(0)} MB) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      if (engines.includes('postgres')) results.push(...(await benchPostgres(baseUrl, file, rows, work)));
      if (engines.includes('pglite')) results.push(...(await benchPglite(file, rows, work)));
      fs.rmSync(file, { force: true });
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  console.log('\n| engine | what | rows | seconds | rows/s | peak RSS (MB) | × psql \\copy |');
  console.log('|---|---|---:|---:|---:|---:|---:|');
  for (const r of results) {
    console.log(`| ${r.engine} | ${r.what} | ${r.rows.toLocaleString('en')} | ${r.seconds.toFixed(1)} | ${Math.round(r.rows / r.seconds).toLocaleString('en')} | ${r.peakRssMb ?? '-'} | ${r.ratio} |`);
  }
  if (process.env.BENCH_JSON) {
    fs.writeFileSync(process.env.BENCH_JSON, `${JSON.stringify(benchReport(results), null, 2)}\n`);
    console.log(`\nwrote ${process.env.BENCH_JSON}`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
