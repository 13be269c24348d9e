/**
 * `npm run bench:erlang`: 10,000 Erlang C staffing solves of realistic interval sizes, timed as the median of
 * several runs, beside two baselines measured in the same process on the same cases:
 * - the naive direct formula (DOMAIN.md) with log-gamma, walking N up from A and re-summing every term for
 *   each N, which is what the Erlang B recursion replaces;
 * - 10,000 single evaluateAgents calls at the solved N (the floor a solve cannot beat by much).
 * Target: ≤ 100 ms for the 10,000 solves. Options: --runs N (default 7), --seed N.
 * BENCH_JSON=<file> also writes the figures for `npm run bench` (scripts/bench/all.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { evaluateAgents, solveAgents, type SolveAgentsInput } from '#app/domain/staffing/erlang-c';

const SOLVES = 10_000;
const TARGET_MS = 100;

const { values: options } = parseArgs({ options: { runs: { type: 'string', default: '7' }, seed: { type: 'string', default: '20240601' } } });
const runs = Math.max(1, Number(options.runs));

/** mulberry32, so every run and every machine times the same cases. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Intervals of real bank contact centers: 15 or 30 minutes, 5 to 900 calls, AHT 2 to 8 minutes, SL targets
 * 70/20 to 90/30 with 25–35 % shrinkage: A from well under 1 to ~400 Erlangs, N up to ~430 agents.
 */
function realisticCases(seed: number): SolveAgentsInput[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  return Array.from({ length: SOLVES }, () => ({
    calls: 5 + Math.floor(random() * 896),
    intervalSeconds: pick([900, 1800] as const),
    ahtSeconds: 120 + Math.floor(random() * 361),
    thresholdSeconds: pick([15, 20, 30] as const),
    targetServiceLevel: pick([0.7, 0.8, 0.85, 0.9] as const),
    shrinkage: 0.25 + random() * 0.1,
  }));
}

/** ln Γ(x) by the Lanczos approximation (g = 7, n = 9), accurate to ~1e-15 for x > 0. */
const LANCZOS = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let sum = LANCZOS[0]!;
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i]! / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** P(wait) straight from the textbook formula, every term in logarithms (log-sum-exp) to stay finite. */
function directErlangC(traffic: number, agents: number): number {
  const logA = Math.log(traffic);
  const logLast = agents * logA - logGamma(agents + 1) + Math.log(agents / (agents - traffic));
  let largest = logLast;
  const logTerms = new Float64Array(agents);
  for (let k = 0; k < agents; k++) {
    logTerms[k] = k * logA - logGamma(k + 1);
    if (logTerms[k]! > largest) largest = logTerms[k]!;
  }
  let sumBelow = 0;
  for (let k = 0; k < agents; k++) sumBelow += Math.exp(logTerms[k]! - largest);
  const last = Math.exp(logLast - largest);
  return last / (sumBelow + last);
}

function naiveSolveAgents({ calls, intervalSeconds, ahtSeconds, thresholdSeconds, targetServiceLevel }: SolveAgentsInput): number {
  const traffic = (calls * ahtSeconds) / intervalSeconds;
  for (let agents = Math.floor(traffic) + 1; ; agents++) {
    const serviceLevel = 1 - directErlangC(traffic, agents) * Math.exp((-(agents - traffic) * thresholdSeconds) / ahtSeconds);
    if (serviceLevel >= targetServiceLevel) return agents;
  }
}

/** Milliseconds of one pass over all cases; the checksum keeps the work from being optimised away. */
function time(pass: () => number): { ms: number; checksum: number } {
  const start = process.hrtime.bigint();
  const checksum = pass();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, checksum };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const cases = realisticCases(Number(options.seed));
const solved = cases.map((input) => solveAgents(input).agents);

// The baseline must answer the same question, or its time means nothing.
const mismatches = cases.filter((input, i) => naiveSolveAgents(input) !== solved[i]).length;
if (mismatches > 0) {
  console.error(`The direct formula disagrees with solveAgents on ${mismatches} of ${SOLVES} cases`);
  process.exit(1);
}

const methods: { name: string; pass: () => number }[] = [
  { name: `solveAgents (Erlang B recursion), ${SOLVES.toLocaleString('en')} solves`, pass: () => cases.reduce((sum, input) => sum + solveAgents(input).agents, 0) },
  { name: `naive direct formula with log-gamma, ${SOLVES.toLocaleString('en')} solves`, pass: () => cases.reduce((sum, input) => sum + naiveSolveAgents(input), 0) },
  {
    name: `evaluateAgents at the solved N, ${SOLVES.toLocaleString('en')} calls`,
    pass: () => cases.reduce((sum, input, i) => sum + evaluateAgents({ ...input, agents: solved[i]! }).serviceLevel, 0),
  },
];

for (const method of methods) for (let i = 0; i < 2; i++) time(method.pass); // warm up the JIT
const timings = methods.map((method) => median(Array.from({ length: runs }, () => time(method.pass).ms)));

const traffic = cases.map((c) => (c.calls * c.ahtSeconds) / c.intervalSeconds);
const reference = timings[0]!;
const lines = [
  `Erlang C staffing benchmark: ${SOLVES.toLocaleString('en')} realistic interval solves, median of ${runs} runs (seed ${options.seed}).`,
  `Cases: A ${Math.min(...traffic).toFixed(1)}–${Math.max(...traffic).toFixed(1)} Erlangs (median ${median(traffic).toFixed(1)}), N ${Math.min(...solved)}–${Math.max(...solved)} agents; the direct formula agrees on all ${SOLVES.toLocaleString('en')}.`,
  `Machine: ${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}.`,
  '',
  '| method | median ms | µs per item | ratio to solveAgents |',
  '|---|---:|---:|---:|',
  ...methods.map((method, i) => `| ${method.name} | ${timings[i]!.toFixed(1)} | ${((timings[i]! * 1000) / SOLVES).toFixed(2)} | ${(timings[i]! / reference).toFixed(2)}× |`),
  '',
  `Target ≤ ${TARGET_MS} ms for ${SOLVES.toLocaleString('en')} solves: ${reference <= TARGET_MS ? 'met' : 'MISSED'} (${reference.toFixed(1)} ms).`,
];
console.log(lines.join('\n'));

if (process.env.BENCH_JSON) {
  const round = (value: number) => Math.round(value * 100) / 100;
  const [naive, floor] = [timings[1]!, timings[2]!];
  const rows = [
    { metric: `${SOLVES.toLocaleString('en')} staffing solves (baseline: naive direct formula)`, value: round(reference), unit: 'ms', baseline: round(naive), ratio: round(reference / naive), target: `≤ ${TARGET_MS} ms`, pass: reference <= TARGET_MS },
    { metric: `${SOLVES.toLocaleString('en')} staffing solves (baseline: evaluateAgents at the solved N)`, value: round(reference), unit: 'ms', baseline: round(floor), ratio: round(reference / floor), target: `≤ ${TARGET_MS} ms`, pass: reference <= TARGET_MS },
  ];
  fs.writeFileSync(process.env.BENCH_JSON, JSON.stringify({ name: 'erlang', rows }, null, 2));
}
