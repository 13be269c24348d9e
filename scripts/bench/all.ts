/**
 * npm run bench [-- --only http,erlang]
 *
 * Runs every benchmark (`npm run bench:<name>`, one after another, each with BENCH_JSON=<temp file>) and
 * writes one table to docs/benchmarks.md, between its "npm run bench" markers (the hand-written sections
 * around them, with each benchmark's method and history, are kept): the machine, the date, and per metric its value, the baseline
 * measured in the same run, the ratio, the target and whether it passed. A benchmark that fails, or
 * writes no JSON, shows as "no result" with its exit status rather than stopping the others. Each
 * script's JSON: { name, rows: [{ metric, value, unit, baseline, ratio, target, pass }] }.
 * Not part of `npm test`: this takes several minutes and wants a quiet machine.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';

const BENCHES = [
  { name: 'ingest', what: 'Feed ingest (COPY into staging, merge, rollups)' },
  { name: 'dashboard', what: 'Program dashboard KPI series on PostgreSQL' },
  { name: 'month-close', what: 'Month close (SLA evaluation, credits, billing)' },
  { name: 'http', what: 'HTTP load on the production server (autocannon)' },
  { name: 'erlang', what: 'Erlang C staffing solves' },
] as const;

const RowSchema = z.object({
  metric: z.string(),
  value: z.number(),
  unit: z.string(),
  baseline: z.number().nullable(),
  ratio: z.number().nullable(),
  target: z.string(),
  pass: z.boolean(),
});
const ResultSchema = z.object({ name: z.string(), rows: z.array(RowSchema) });
type Row = z.infer<typeof RowSchema>;

interface Outcome {
  name: string;
  what: string;
  seconds: number;
  rows: Row[] | null;
  problem?: string;
}

const { values: options } = parseArgs({ options: { only: { type: 'string' }, out: { type: 'string', default: 'docs/benchmarks.md' } } });
const only = options.only ? new Set(options.only.split(',').map((s) => s.trim())) : null;
const scripts = (JSON.parse(fs.readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;

function run(bench: (typeof BENCHES)[number]): Outcome {
  const base = { name: bench.name, what: bench.what };
  if (!scripts[`bench:${bench.name}`]) return { ...base, seconds: 0, rows: null, problem: `no npm script bench:${bench.name}` };
  const jsonFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'outpost-bench-')), `${bench.name}.json`);
  console.log(`\n=== npm run bench:${bench.name} ===`);
  const started = performance.now();
  const result = spawnSync('npm', ['run', '--silent', `bench:${bench.name}`], { stdio: 'inherit', env: { ...process.env, BENCH_JSON: jsonFile } });
  const seconds = (performance.now() - started) / 1000;
  try {
    if (!fs.existsSync(jsonFile)) {
      const status = result.error ? result.error.message : `exit ${result.status ?? result.signal}`;
      return { ...base, seconds, rows: null, problem: `wrote no BENCH_JSON (${status})` };
    }
    const parsed = ResultSchema.safeParse(JSON.parse(fs.readFileSync(jsonFile, 'utf8')));
    if (!parsed.success) return { ...base, seconds, rows: null, problem: `BENCH_JSON does not match the contract: ${parsed.error.issues[0]?.message ?? ''}` };
    const problem = result.status === 0 ? undefined : `exited ${result.status ?? result.signal} after writing its figures`;
    return { ...base, seconds, rows: parsed.data.rows, problem };
  } catch (error) {
    return { ...base, seconds, rows: null, problem: `unreadable BENCH_JSON: ${(error as Error).message}` };
  } finally {
    fs.rmSync(path.dirname(jsonFile), { recursive: true, force: true });
  }
}

function cpuModel(): string {
  const model = os.cpus()[0]?.model.trim();
  if (model) return model;
  try {
    return /model name\s*:\s*(.+)/.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? 'unknown CPU';
  } catch {
    return 'unknown CPU';
  }
}

const format = (value: number | null, unit = '') => (value === null ? '—' : `${Number.isInteger(value) ? value.toLocaleString('en') : value.toLocaleString('en', { maximumFractionDigits: 2 })}${unit ? ` ${unit}` : ''}`);
const cell = (text: string) => text.replace(/\|/g, '\\|');

function markdown(outcomes: Outcome[], startedAt: Date): string {
  const load = os.loadavg().map((l) => l.toFixed(1)).join(', ');
  const lines = [
    START,
    '## Latest `npm run bench`',
    '',
    'Written by `npm run bench` (scripts/bench/all.ts), which runs each `npm run bench:<name>` in turn; each',
    'baseline is measured in the same run on the same machine, so the ratio is the figure to compare across',
    'machines. Re-run on a quiet machine before quoting a figure.',
    '',
    `- Date: ${startedAt.toISOString().replace(/\.\d+Z$/, 'Z')}`,
    `- Machine: ${cpuModel()}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.type()} ${os.release()}`,
    `- Node ${process.version}; load average at the end ${load}`,
    '',
    '| benchmark | metric | value | baseline | ratio | target | pass |',
    '|---|---|---:|---:|---:|---|---|',
  ];
  for (const outcome of outcomes) {
    if (!outcome.rows) {
      lines.push(`| ${outcome.name} | ${cell(outcome.what)} | no result | — | — | — | — (${cell(outcome.problem ?? '')}) |`);
      continue;
    }
    if (outcome.rows.length === 0) lines.push(`| ${outcome.name} | ${cell(outcome.what)} | no result | — | — | — | — (no rows) |`);
    for (const row of outcome.rows) {
      const ratio = row.ratio === null ? '—' : `${format(row.ratio)}×`;
      lines.push(`| ${outcome.name} | ${cell(row.metric)} | ${format(row.value, row.unit)} | ${format(row.baseline, row.baseline === null ? '' : row.unit)} | ${ratio} | ${cell(row.target)} | ${row.pass ? 'yes' : '**no**'} |`);
    }
  }
  lines.push('', '| benchmark | wall time | note |', '|---|---:|---|');
  for (const outcome of outcomes) lines.push(`| ${outcome.name} | ${outcome.seconds.toFixed(0)} s | ${cell(outcome.problem ?? 'ok')} |`);
  lines.push(END);
  return `${lines.join('\n')}\n`;
}

const START = '<!-- npm run bench: start (generated by scripts/bench/all.ts; edits between the markers are lost) -->';
const END = '<!-- npm run bench: end -->';

/** Puts the generated block between the markers of an existing file, or after its title, or in a new file. */
function spliceBlock(existing: string | null, block: string): string {
  if (existing === null) return `# Benchmarks\n\n${block}`;
  const start = existing.indexOf('<!-- npm run bench: start');
  const end = existing.indexOf(END);
  if (start >= 0 && end > start) return `${existing.slice(0, start)}${block.trimEnd()}${existing.slice(end + END.length)}`;
  const title = /^# .*\n+/.exec(existing);
  const at = title ? title[0].length : 0;
  return `${existing.slice(0, at)}${block}\n${existing.slice(at)}`;
}

const startedAt = new Date();
const outcomes = BENCHES.filter((bench) => !only || only.has(bench.name)).map(run);
fs.mkdirSync(path.dirname(options.out), { recursive: true });
fs.writeFileSync(options.out, spliceBlock(fs.existsSync(options.out) ? fs.readFileSync(options.out, 'utf8') : null, markdown(outcomes, startedAt)));
console.log(`\nwrote ${options.out}`);
const failed = outcomes.filter((o) => !o.rows || o.rows.some((r) => !r.pass));
console.log(failed.length ? `targets missed or no result: ${failed.map((o) => o.name).join(', ')}` : 'every target met');
