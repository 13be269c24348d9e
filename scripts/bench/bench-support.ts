import postgres from 'postgres';
/**
 * What the benchmarks share: percentiles, timing, a printed Markdown table and the optional BENCH_JSON
 * file (`{ name, rows: [{ metric, value, unit, baseline, ratio, target, pass }] }`) that `npm run bench`
 * collects.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface BenchRow {
  metric: string;
  value: number;
  unit: string;
  /** The same work done the plain way in the same run (e.g. a raw SQL aggregate), when there is one. */
  baseline: number | null;
  /** value / baseline. */
  ratio: number | null;
  target: string;
  pass: boolean;
}

export const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

/** Runs `fn` `warmup` times, then `runs` times; p50/p95 in milliseconds. */
export async function time(runs: number, fn: () => Promise<unknown>, warmup = 3): Promise<{ p50: number; p95: number; samples: number[] }> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p95: percentile(samples, 95), samples };
}

export function printTable(table: string[][]): void {
  const widths = table[0]!.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
  for (const [i, row] of table.entries()) {
    console.log(`| ${row.map((cell, j) => cell.padEnd(widths[j]!)).join(' | ')} |`);
    if (i === 0) console.log(`| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`);
  }
}

/** Writes the rows to BENCH_JSON when it is set. */
export function writeBenchJson(name: string, rows: BenchRow[]): void {
  const file = process.env.BENCH_JSON;
  if (!file) return;
  const round = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 1000);
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify({ name, rows: rows.map((r) => ({ ...r, value: round(r.value)!, baseline: round(r.baseline), ratio: round(r.ratio) })) }, null, 2)}\n`);
  console.log(`wrote ${file}`);
}

export function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

export interface BenchDatabase {
  name: string;
  /** The URL of the bench database itself. */
  url: string;
  /** A connection to the server's default database (server version, create and drop). */
  admin: postgres.Sql;
  /** Drops the database unless it was reused or kept, then closes the admin connection. */
  close(): Promise<void>;
}

/**
 * A database of its own on the PostgreSQL server for one bench run: created fresh as `<prefix>_<time>`, or
 * an existing one when `reuse` names it; dropped at the end unless reused or `keep`.
 */
export async function openBenchDatabase(serverUrl: string, prefix: string, options: { reuse?: string; keep?: boolean } = {}): Promise<BenchDatabase> {
  const name = options.reuse || `${prefix}_${Date.now()}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  if (!options.reuse) await admin.unsafe(`CREATE DATABASE "${name}"`);
  return {
    name,
    url: withDatabase(serverUrl, name),
    admin,
    close: async () => {
      if (!options.reuse && !options.keep) await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    },
  };
}

export function arg(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? (process.argv[index + 1] ?? fallback) : fallback;
}
