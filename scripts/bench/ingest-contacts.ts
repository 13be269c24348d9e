/**
 * npm run bench:ingest:contacts [-- --rows 1000000 --small 200000 --engines postgres,pglite]
 *
 * The memory benchmark of contact-level uploads (kind=contacts): generates realistic canonical contact
 * records (30 voice queues of a Taipei program, contacts queued through the day with a daytime curve, about
 * 90 % answered, 7 % abandoned, the rest flowed out; talk, hold and wrap seconds, transfers, FCR, CSAT and
 * NPS answers on some), a CSV on disk, and imports it with the portal's ingestUpload in a child process, so
 * the peak RSS (sampled every 25 ms, and the child's maxRSS) is the import's own. Two sizes show whether
 * memory grows with the file. On PGlite the database runs inside the child, so its RSS includes the
 * database's WASM heap.
 * BENCH_JSON=<path> writes the results in `npm run bench`'s shape.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { arg, openBenchDatabase, printTable, writeBenchJson, type BenchRow } from './bench-support';
import { BENCH_QUEUES, benchQueueName, runImportChild, seedBenchUnit } from './ingest-support';
import { openDatabase } from '../../db/client';
import { migrateDatabase } from '../../db/migrate';
import { FileBlobStore, setBlobStore } from '../../app/lib/blob-store.server';
import type { ServiceCtx } from '../../app/services/context';
import { ingestUpload } from '../../app/services/feeds/ingest.server';

const HEADER = 'contact_id,queue,channel,queued_at,answered_at,abandoned_at,talk_s,hold_s,wrap_s,transferred,fcr_resolved,csat_score,nps_score';
const TAIPEI_MS = 8 * 3600_000;

/** A local Taipei time with its offset, as a vendor's export writes it. */
const taipei = (ms: number) => `${new Date(ms + TAIPEI_MS).toISOString().slice(0, 19)}+08:00`;

/** Deterministic contacts: a daytime curve over 15-minute slots, every queue busy in every slot. */
export async function generateContactsCsv(file: string, rows: number): Promise<void> {
  const out = fs.createWriteStream(file);
  const write = (text: string) => (out.write(text) ? Promise.resolve() : new Promise<void>((resolve) => out.once('drain', () => resolve())));
  await write(`${HEADER}\n`);
  const start = Date.parse('2025-01-01T00:00:00+08:00');
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  let buffer = '';
  let written = 0;
  for (let slot = 0; written < rows; slot++) {
    const slotStart = start + slot * 15 * 60_000;
    const hour = new Date(slotStart + TAIPEI_MS).getUTCHours();
    const perQueue = hour >= 8 && hour < 20 ? 6 : 1;
    for (let q = 0; q < BENCH_QUEUES && written < rows; q++) {
      for (let k = 0; k < perQueue && written < rows; k++) {
        const queued = slotStart + Math.floor(random() * 900_000);
        const outcome = random();
        let answered = '';
        let abandoned = '';
        let talk = '0';
        let hold = '0';
        let wrap = '0';
        if (outcome < 0.9) {
          answered = taipei(queued + Math.floor(random() * 60_000));
          talk = (30 + random() * 570).toFixed(1);
          hold = random() < 0.2 ? String(Math.floor(random() * 90)) : '0';
          wrap = String(10 + Math.floor(random() * 50));
        } else if (outcome < 0.97) {
          abandoned = taipei(queued + 1000 + Math.floor(random() * 119_000));
        }
        const transferred = answered && random() < 0.05 ? 'true' : 'false';
        const fcr = answered && random() < 0.6 ? (random() < 0.8 ? 'true' : 'false') : '';
        const csat = answered && random() < 0.15 ? String(1 + Math.floor(random() * 5)) : '';
        const nps = answered && random() < 0.1 ? String(Math.floor(random() * 11)) : '';
        written++;
        buffer += `C${String(written).padStart(9, '0')},${benchQueueName(q)},voice,${taipei(queued)},${answered},${abandoned},${talk},${hold},${wrap},${transferred},${fcr},${csat},${nps}\n`;
        if (buffer.length > 1 << 20) {
          await write(buffer);
          buffer = '';
        }
      }
    }
  }
  await write(buffer);
  await new Promise<void>((resolve) => out.end(() => resolve()));
}

interface ChildResult {
  seconds: number;
  contacts: number;
  intervals: number;
  status: string;
  peakRssMb: number;
  errors?: unknown;
}

const mb = (bytes: number) => Math.round(bytes / 1048576);

/** Child: one ingestUpload of the file (kind=contacts), reporting time and peak RSS. */
async function child(): Promise<void> {
  const spec = JSON.parse(process.argv[3]!) as { url?: string; dataDir?: string; file: string; unitId: string; ctx: Omit<ServiceCtx, 'db'>; uploads: string };
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 25);
  const handle = await openDatabase({ url: spec.url, dataDir: spec.dataDir });
  setBlobStore(new FileBlobStore(spec.uploads));
  const started = performance.now();
  let intervals = 0;
  const result = await ingestUpload({ ...spec.ctx, db: handle.db }, {
    unitId: spec.unitId,
    kind: 'contacts',
    fileName: path.basename(spec.file),
    contentType: 'text/csv',
    body: fs.createReadStream(spec.file, { highWaterMark: 256 * 1024 }),
    onProgress: ({ phase, rows }) => {
      if (phase === 'merging' && rows !== undefined) intervals = rows;
    },
  });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(timer);
  peak = Math.max(peak, process.resourceUsage().maxRSS * 1024);
  await handle.close();
  const out: ChildResult = { seconds, contacts: result.upload.rowsAccepted, intervals, status: result.upload.status, peakRssMb: mb(peak), errors: result.issues.slice(0, 3) };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

async function runChild(spec: object): Promise<ChildResult> {
  const result = await runImportChild<ChildResult>('scripts/bench/ingest-contacts.ts', spec);
  if (result.status !== 'accepted') throw new Error(`import not accepted: ${JSON.stringify(result)}`);
  return result;
}

interface Row extends ChildResult {
  engine: 'postgres' | 'pglite';
  rows: number;
}

async function benchPostgres(baseUrl: string, file: string, rows: number, work: string): Promise<Row> {
  const { url, close } = await openBenchDatabase(baseUrl, 'outpost_bench_contacts');
  try {
    const handle = await openDatabase({ url });
    await migrateDatabase(handle);
    const { ctx, unitId } = await seedBenchUnit(handle, 'bench-c');
    await handle.close();
    return { engine: 'postgres', rows, ...(await runChild({ url, file, unitId, ctx, uploads: path.join(work, `uploads-pg-${rows}`) })) };
  } finally {
    await close();
  }
}

async function benchPglite(file: string, rows: number, work: string): Promise<Row> {
  const dataDir = path.join(work, `pglite-${rows}`);
  const handle = await openDatabase({ dataDir });
  await migrateDatabase(handle);
  const { ctx, unitId } = await seedBenchUnit(handle, 'bench-c');
  await handle.close();
  try {
    return { engine: 'pglite', rows, ...(await runChild({ dataDir, file, unitId, ctx, uploads: path.join(work, `uploads-pglite-${rows}`) })) };
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const MAX_PEAK_RSS_MB = 300;
/** "Does not grow with the file": the larger file may peak at most this much higher. */
const MAX_RSS_GROWTH = 0.1;

function benchRows(results: Row[]): BenchRow[] {
  const out: BenchRow[] = [];
  for (const r of results) {
    const size = r.rows.toLocaleString('en');
    out.push({ metric: `${r.engine} ${size} contacts: contacts/s`, value: Math.round(r.contacts / r.seconds), unit: 'rows/s', baseline: null, ratio: null, target: 'reported', pass: true });
    const isOwn = r.engine === 'postgres';
    out.push({
      metric: `${r.engine} ${size} contacts: peak RSS${isOwn ? '' : ' (process includes the database)'}`,
      value: r.peakRssMb,
      unit: 'MB',
      baseline: null,
      ratio: null,
      target: isOwn ? `< ${MAX_PEAK_RSS_MB} MB` : 'reported',
      pass: !isOwn || r.peakRssMb < MAX_PEAK_RSS_MB,
    });
  }
  for (const engine of ['postgres', 'pglite'] as const) {
    const runs = results.filter((r) => r.engine === engine).sort((a, b) => a.rows - b.rows);
    const [small, large] = [runs[0], runs.at(-1)];
    if (!small || !large || small === large) continue;
    out.push({
      metric: `${engine} contacts peak RSS growth ${small.rows.toLocaleString('en')} → ${large.rows.toLocaleString('en')}`,
      value: large.peakRssMb - small.peakRssMb,
      unit: 'MB',
      baseline: small.peakRssMb,
      ratio: large.peakRssMb / small.peakRssMb,
      target: `≤ ${MAX_RSS_GROWTH * 100} % (flat with the file)`,
      pass: large.peakRssMb / small.peakRssMb - 1 <= MAX_RSS_GROWTH,
    });
  }
  return out;
}

async function main(): Promise<void> {
  if (process.argv[2] === 'child') return child();
  const sizes = [Number(arg('small', '200000')), Number(arg('rows', '1000000'))].filter((n) => n > 0);
  const engines = arg('engines', 'postgres,pglite').split(',');
  const baseUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'outpost-bench-contacts-'));
  const results: Row[] = [];
  try {
    for (const rows of sizes) {
      const file = path.join(work, `contacts-${rows}.csv`);
      const t0 = performance.now();
      await generateContactsCsv(file, rows);
      console.log(`generated ${rows} contacts (${(fs.statSync(file).size / 1048576).toFixed(0)} MB) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      if (engines.includes('postgres')) results.push(await benchPostgres(baseUrl, file, rows, work));
      if (engines.includes('pglite')) results.push(await benchPglite(file, rows, work));
      fs.rmSync(file, { force: true });
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  console.log('');
  printTable([
    ['engine', 'contacts', 'rebuilt intervals', 'seconds', 'contacts/s', 'peak RSS (MB)'],
    ...results.map((r) => [
      r.engine,
      r.contacts.toLocaleString('en'),
      r.intervals.toLocaleString('en'),
      r.seconds.toFixed(1),
      Math.round(r.contacts / r.seconds).toLocaleString('en'),
      String(r.peakRssMb),
    ]),
  ]);
  writeBenchJson('ingest-contacts', benchRows(results));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
