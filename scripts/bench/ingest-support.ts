/** What the two ingest benchmarks (intervals, contacts) share: the tenant they import into and the child process each import runs in. */
import { spawn } from 'node:child_process';
import type { DbHandle } from '../../db/client';
import { unsafeWithoutTenant } from '../../db/tenant';
import type { ServiceCtx } from '../../app/services/context';
import { unsafeCreateOrg } from '../../app/services/orgs.server';
import { createProgram } from '../../app/services/programs.server';
import { addQueue, addUnit } from '../../app/services/units.server';

export const BENCH_QUEUES = 30;
export const benchQueueName = (q: number) => `Queue ${String(q + 1).padStart(2, '0')}`;

/** A client org with a live Taipei voice program and one in-house unit of BENCH_QUEUES queues. */
export async function seedBenchUnit(handle: DbHandle, slugPrefix: string): Promise<{ ctx: Omit<ServiceCtx, 'db'>; unitId: string }> {
  // Benchmark setup: creates its own tenant outside any request.
  const org = await unsafeWithoutTenant(handle.db, (tx) => unsafeCreateOrg(tx, { slug: `${slugPrefix}-${Date.now()}`, name: 'Bench bank', kind: 'client' }));
  const ctx = { orgId: org.id, orgKind: 'client' as const, role: 'owner' as const, actor: { label: 'bench' } };
  const full: ServiceCtx = { ...ctx, db: handle.db };
  const program = await createProgram(full, { name: 'Bench program', lineOfBusiness: 'Cards', channels: ['voice'], timeZone: 'Asia/Taipei', currency: 'TWD', status: 'live' });
  const unit = await addUnit(full, program.id, { kind: 'in_house', name: 'Bench site', volumeSharePct: 100 });
  for (let q = 0; q < BENCH_QUEUES; q++) await addQueue(full, unit.id, { name: benchQueueName(q), channel: 'voice' });
  return { ctx, unitId: unit.id };
}

/**
 * Runs `script child <spec>` in a fresh Node process (so its peak RSS is the import's own) and resolves with
 * the JSON of the last line it prints. BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the
 * child (NODE_OPTIONS refuses --cpu-prof).
 */
export function runImportChild<T>(script: string, spec: object): Promise<T> {
  return new Promise((resolve, reject) => {
    const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
    const proc = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', script, 'child', JSON.stringify(spec)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    proc.stdout.on('data', (chunk) => (output += chunk));
    proc.on('exit', (code) => {
      const line = output.trim().split('\n').pop() ?? '';
      if (code !== 0) return reject(new Error(`import child exited with ${code}: ${output}`));
      resolve(JSON.parse(line) as T);
    });
  });
}
