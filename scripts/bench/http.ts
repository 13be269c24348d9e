/**
 * npm run bench:http [-- --duration 30 --connections 50 --engine pglite|postgres --keep]
 *
 * The production server over loopback under load. Builds the app if the bench build is missing or older
 * than the sources, seeds the demo (two years of intervals) into a temp PGlite data directory, creates
 * an API key, starts server/main.ts as its own process, signs in as the demo program manager, then
 * drives autocannon (50 connections for 30 s per target, bounded) at:
 *   - GET /healthz (baseline: the same pipeline with a trivial database query),
 *   - the program overview (dashboard) page as a signed-in document request,
 *   - GET /api/v1/units/{id}/kpis (90 days by day) with a Bearer key.
 * Before the load, each target's service time: its median latency with one connection for 5 s (what one
 * request costs on an idle server; 50 connections queue behind it). Prints requests/s, p50/p99 and errors
 * per target with ratios to the baseline, and the CPU each request cost (server processes, PostgreSQL
 * backends, autocannon itself, read from /proc); target p99 ≤ 300 ms and no errors. `--engine postgres` serves
 * from a fresh database on the PostgreSQL server (DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres)
 * instead of the embedded PGlite, as a bank's deployment would. BENCH_JSON=<file> writes the rows for `npm run bench` (scripts/bench/all.ts).
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { openDatabase, queryRows } from '../../db/client';
import { migrateDatabase } from '../../db/migrate';
import { unsafeWithoutTenant } from '../../db/tenant';
import { createApiKey } from '../../app/services/api-keys.server';
import { seedDemo } from '../../app/services/demo-seed.server';
import { unsafeFindOrgBySlug } from '../../app/services/orgs.server';
import { openBenchDatabase } from './bench-support';

interface Histogram {
  average: number;
  p50: number;
  p99: number;
}
interface CannonResult {
  requests: Histogram & { total: number };
  latency: Histogram;
  errors: number;
  timeouts: number;
  non2xx: number;
  duration: number;
}
type Autocannon = (options: Record<string, unknown>) => Promise<CannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const { values: options } = parseArgs({
  options: {
    duration: { type: 'string', default: '30' },
    connections: { type: 'string', default: '50' },
    keep: { type: 'boolean', default: false },
    engine: { type: 'string', default: 'pglite' },
  },
});
if (options.engine !== 'pglite' && options.engine !== 'postgres') throw new Error('--engine is pglite or postgres');
const ENGINE = options.engine;
const SERVER_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const SERVICE_TIME_S = 5;
const DURATION_S = Math.max(1, Number(options.duration));
const CONNECTIONS = Math.max(1, Number(options.connections));
const TARGET_P99_MS = 300;
const BUILD_DIR = path.resolve('.cache', 'bench-build');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

function buildIfNeeded(): void {
  const serverBundle = path.join(BUILD_DIR, 'server', 'index.js');
  const sources = Math.max(newestMtime('app'), fs.statSync('vite.config.ts').mtimeMs);
  if (fs.existsSync(serverBundle) && fs.statSync(serverBundle).mtimeMs > sources) return;
  console.log(`building into ${BUILD_DIR} …`);
  execFileSync(process.execPath, ['node_modules/@remix-run/dev/dist/cli.js', 'vite:build', '--logLevel', 'error'], {
    stdio: 'inherit',
    env: { ...process.env, OUTPOST_BUILD_DIR: BUILD_DIR },
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Seeds the demo and makes an API key while no server holds the data directory. */
async function prepareData(where: { dataDir: string } | { url: string }) {
  const started = performance.now();
  const handle = await openDatabase(where);
  try {
    await migrateDatabase(handle);
    await seedDemo(handle.db);
    // Platform lookups for the bench's own set-up: pick the demo bank, its first program and unit.
    const ids = await unsafeWithoutTenant(handle.db, async (tx) => {
      const bank = await unsafeFindOrgBySlug(tx, 'demo-bank');
      if (!bank) throw new Error('the demo did not seed demo-bank');
      const [program] = await queryRows<{ id: string }>(tx, sql`select id from programs where client_org_id = ${bank.id} order by created_at limit 1`);
      const [unit] = await queryRows<{ id: string }>(
        tx,
        sql`select u.id from delivery_units u where u.program_id = ${program!.id} and exists (select 1 from interval_daily_rollups r where r.unit_id = u.id) order by u.created_at limit 1`,
      );
      return { bankId: bank.id, programId: program!.id, unitId: unit!.id };
    });
    const key = await createApiKey(
      { db: handle.db, orgId: ids.bankId, orgKind: 'client', role: 'owner', actor: { label: 'bench:http' } },
      { name: 'bench:http', role: 'viewer' },
    );
    return { ...ids, apiKey: key.secret, seedMs: performance.now() - started };
  } finally {
    await handle.close();
  }
}

async function waitForHealth(baseUrl: string, logFile: string, child: ReturnType<typeof spawn>): Promise<void> {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited:\n${fs.readFileSync(logFile, 'utf8').slice(-3000)}`);
    try {
      if ((await fetch(`${baseUrl}/healthz`)).ok) return;
    } catch {
      // not yet listening
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no /healthz answer within 180 s:\n${fs.readFileSync(logFile, 'utf8').slice(-3000)}`);
}

async function signIn(baseUrl: string): Promise<string> {
  const response = await fetch(`${baseUrl}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: baseUrl },
    body: new URLSearchParams({ email: 'pm@demo-bank.test', password: 'outpost-demo' }),
  });
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('__outpost_session='));
  if (response.status !== 302 || !cookie) throw new Error(`sign-in failed: ${response.status}`);
  return cookie.split(';')[0]!;
}

const isoDate = (d: Date) => d.toISOString().slice(0, 10);

interface Target {
  name: string;
  path: string;
  headers: Record<string, string>;
}

/** CPU ms (user + system) of a process from /proc (Linux); 0 when it is gone or /proc is absent. */
function cpuMs(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return 0;
  }
}

/** The server's processes: the one started (the cluster's primary) and its children (the workers). */
function serverPids(root: number): number[] {
  try {
    const children = fs.readFileSync(`/proc/${root}/task/${root}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    return [root, ...children];
  } catch {
    return [root];
  }
}

interface CpuSample {
  server: Map<number, number>;
  postgres: Map<number, number>;
  bench: NodeJS.CpuUsage;
}

interface Probes {
  serverPid: number;
  /** The bench database's backends (PostgreSQL on this machine only), or none. */
  postgresPids: () => Promise<number[]>;
}

async function sampleCpu(probes: Probes): Promise<CpuSample> {
  const pids = await probes.postgresPids();
  return {
    server: new Map(serverPids(probes.serverPid).map((pid) => [pid, cpuMs(pid)])),
    postgres: new Map(pids.map((pid) => [pid, cpuMs(pid)])),
    bench: process.cpuUsage(),
  };
}

/** CPU ms spent between two samples: the server's processes (each), PostgreSQL's backends, autocannon (this process). */
async function cpuSince(before: CpuSample, probes: Probes) {
  const after = await sampleCpu(probes);
  const delta = (a: Map<number, number>, b: Map<number, number>) => [...a].map(([pid, ms]) => ms - (b.get(pid) ?? 0));
  const bench = process.cpuUsage(before.bench);
  return { serverEach: delta(after.server, before.server), postgres: delta(after.postgres, before.postgres).reduce((a, b) => a + b, 0), bench: (bench.user + bench.system) / 1000 };
}

interface Measured {
  target: Target;
  /** CPU ms per request at 50 connections: all server processes, PostgreSQL's backends, autocannon. */
  cpu: { server: number; serverEach: number[]; postgres: number; bench: number };
  /** p50 with one connection: the cost of one request on an idle server. */
  serviceMs: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  requests: number;
}

async function drive(baseUrl: string, target: Target, probes: Probes): Promise<Measured> {
  // One request first: a wrong status here would otherwise be 30 s of non-2xx.
  const probe = await fetch(`${baseUrl}${target.path}`, { headers: target.headers, redirect: 'manual' });
  if (probe.status !== 200) throw new Error(`${target.name}: ${target.path} answered ${probe.status}`);
  await probe.arrayBuffer();
  const alone = await autocannon({ url: `${baseUrl}${target.path}`, connections: 1, duration: SERVICE_TIME_S, headers: target.headers, timeout: 10 });
  const before = await sampleCpu(probes);
  const result = await autocannon({ url: `${baseUrl}${target.path}`, connections: CONNECTIONS, duration: DURATION_S, headers: target.headers, timeout: 10 });
  const cpu = await cpuSince(before, probes);
  const perRequest = (ms: number) => round(ms / Math.max(1, result.requests.total));
  return {
    target,
    cpu: {
      server: perRequest(cpu.serverEach.reduce((a, b) => a + b, 0)),
      serverEach: cpu.serverEach.map(perRequest),
      postgres: perRequest(cpu.postgres),
      bench: perRequest(cpu.bench),
    },
    serviceMs: alone.latency.p50,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    // Connection errors, timeouts and every non-2xx answer count as errors.
    errors: result.errors + result.non2xx,
    requests: result.requests.total,
  };
}

async function main() {
  buildIfNeeded();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'outpost-bench-http-'));
  const dataDir = path.join(root, 'data');
  const database = ENGINE === 'postgres' ? await openBenchDatabase(SERVER_URL, 'outpost_bench_http', { keep: options.keep }) : null;
  console.log(`seeding the demo into ${database ? database.url.replace(/\/\/[^@]*@/, '//') : dataDir} …`);
  const data = await prepareData(database ? { url: database.url } : { dataDir });
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const logFile = path.join(root, 'server.log');
  const log = fs.openSync(logFile, 'a');
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      DATA_DIR: dataDir,
      DATABASE_URL: database?.url ?? '',
      OUTPOST_BUILD_DIR: BUILD_DIR,
      OUTPOST_INSECURE_COOKIES: '1',
      // Production on a server database wants a session secret of its own; any will do for the bench.
      SESSION_SECRET: process.env.SESSION_SECRET || randomBytes(32).toString('hex'),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', log, log],
  });
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    if (!options.keep) fs.rmSync(root, { recursive: true, force: true });
    await database?.close();
  };
  try {
    await waitForHealth(baseUrl, logFile, child);
    const cookie = await signIn(baseUrl);
    const probes: Probes = {
      serverPid: child.pid!,
      postgresPids: async () =>
        database && /@(127\.0\.0\.1|localhost)[:/]/.test(database.url)
          ? (await database.admin<{ pid: number }[]>`select pid from pg_stat_activity where datname = ${database.name}`).map((r) => r.pid)
          : [],
    };
    const to = new Date(Date.now() - 86_400_000);
    const from = new Date(to.getTime() - 89 * 86_400_000);
    const targets: Target[] = [
      { name: 'baseline GET /healthz', path: '/healthz', headers: {} },
      { name: 'program overview page', path: `/app/programs/${data.programId}/dashboard`, headers: { cookie, accept: 'text/html' } },
      { name: 'KPI API (90 days by day)', path: `/api/v1/units/${data.unitId}/kpis?from=${isoDate(from)}&to=${isoDate(to)}&grain=day`, headers: { authorization: `Bearer ${data.apiKey}` } },
    ];
    const measured: Measured[] = [];
    for (const target of targets) {
      console.log(`${target.name}: ${CONNECTIONS} connections for ${DURATION_S} s …`);
      measured.push(await drive(baseUrl, target, probes));
    }
    report(measured, data.seedMs);
  } finally {
    await stop();
  }
}

function report(measured: Measured[], seedMs: number) {
  const baseline = measured[0]!;
  const lines = [
    `HTTP load: production server on loopback (${ENGINE === 'postgres' ? 'PostgreSQL server' : 'PGlite'}, demo data), autocannon ${CONNECTIONS} connections × ${DURATION_S} s per target, same process run; service time = p50 with 1 connection for ${SERVICE_TIME_S} s.`,
    `Machine: ${os.cpus()[0]?.model.trim() ?? 'unknown CPU'} × ${os.cpus().length}, Node ${process.version}; demo seeded in ${(seedMs / 1000).toFixed(1)} s.`,
    '',
    '| target | service time ms | requests/s | p50 ms | p99 ms | errors | requests | req/s ratio to baseline | p99 ratio to baseline | CPU ms/request: server (each process) | PostgreSQL | autocannon |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...measured.map(
      (m) =>
        `| ${m.target.name} | ${m.serviceMs} | ${m.requestsPerSecond.toFixed(0)} | ${m.p50} | ${m.p99} | ${m.errors} | ${m.requests} | ${(m.requestsPerSecond / baseline.requestsPerSecond).toFixed(2)} | ${(m.p99 / Math.max(1, baseline.p99)).toFixed(2)} | ${m.cpu.server} (${m.cpu.serverEach.join(' + ')}) | ${ENGINE === 'postgres' ? m.cpu.postgres : 'in-process'} | ${m.cpu.bench} |`,
    ),
    '',
    `CPU per request at ${CONNECTIONS} connections, from /proc: the server's processes (the first is the one started: the cluster's primary, or the only process), the bench database's PostgreSQL backends, and this process (autocannon); ${os.cpus().length} cores.`,
    '',
    ...measured.slice(1).map((m) => `${m.target.name}: p99 ${m.p99} ms (target ≤ ${TARGET_P99_MS}), ${m.errors} errors (target 0): ${m.p99 <= TARGET_P99_MS && m.errors === 0 ? 'met' : 'MISSED'}`),
  ];
  console.log(lines.join('\n'));
  if (process.env.BENCH_JSON) {
    const rows = measured.slice(1).flatMap((m) => [
      { metric: `${m.target.name}: service time (p50, 1 connection)`, value: m.serviceMs, unit: 'ms', baseline: baseline.serviceMs, ratio: round(m.serviceMs / Math.max(1, baseline.serviceMs)), target: '—', pass: true },
      { metric: `${m.target.name}: requests/s`, value: round(m.requestsPerSecond), unit: 'req/s', baseline: round(baseline.requestsPerSecond), ratio: round(m.requestsPerSecond / baseline.requestsPerSecond), target: '—', pass: true },
      { metric: `${m.target.name}: p50`, value: m.p50, unit: 'ms', baseline: baseline.p50, ratio: round(m.p50 / Math.max(1, baseline.p50)), target: '—', pass: true },
      { metric: `${m.target.name}: p99`, value: m.p99, unit: 'ms', baseline: baseline.p99, ratio: round(m.p99 / Math.max(1, baseline.p99)), target: `≤ ${TARGET_P99_MS} ms`, pass: m.p99 <= TARGET_P99_MS },
      { metric: `${m.target.name}: errors`, value: m.errors, unit: 'responses', baseline: baseline.errors, ratio: null, target: '0', pass: m.errors === 0 },
    ]);
    fs.writeFileSync(process.env.BENCH_JSON, JSON.stringify({ name: 'http', rows }, null, 2));
  }
}

const round = (value: number) => Math.round(value * 100) / 100;

await main();
