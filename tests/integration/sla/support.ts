/** A database with the test tenants, a temp blob store, and helpers to build SLA scenarios. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { unsafeWithoutTenant } from '../../../db/tenant';
import type { ContractVersionInput } from '../../../app/domain/contracts/version';
import { COMPONENT_NAMES, emptyComponents, type Components } from '../../../app/domain/kpi/components';
import type { HoursOfOperation } from '../../../app/domain/programs/schemas';
import { FileBlobStore, setBlobStore } from '../../../app/lib/blob-store.server';
import { createContract } from '../../../app/services/contracts.server';
import { createProgram } from '../../../app/services/programs.server';
import { addQueue, addUnit } from '../../../app/services/units.server';
import { acceptVendorInvitation, inviteVendorToUnit } from '../../../app/services/vendor-invitations.server';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { seedTenants, type SeededTenants, type TenantName } from '../../support/tenants';

export const engine = process.env.DATABASE_URL ? 'postgres' : 'pglite';

export interface SlaWorld {
  handle: TestDatabase;
  seeded: SeededTenants;
  db: Database;
  close(): Promise<void>;
}

export async function createSlaWorld(): Promise<SlaWorld> {
  const handle = await createTestDatabase();
  const seeded = await seedTenants(handle.db);
  const uploadsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'outpost-sla-'));
  setBlobStore(new FileBlobStore(uploadsDir));
  return {
    handle,
    seeded,
    db: handle.db,
    close: async () => {
      setBlobStore(undefined);
      fs.rmSync(uploadsDir, { recursive: true, force: true });
      await handle.close();
    },
  };
}

/** Open every day 09:00-10:00: four quarter-hours a day keeps a month of test data small. */
export const NINE_TO_TEN: HoursOfOperation = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ open: '09:00', close: '10:00' }]])) as HoursOfOperation;

export interface ContractUnit {
  programId: string;
  unitId: string;
  queueId: string;
  contractId: string;
  clientOrgId: string;
  vendorOrgId: string;
  timeZone: string;
}

export async function makeContractUnit(
  world: SlaWorld,
  options: { client?: TenantName; vendor?: TenantName; programId?: string; timeZone?: string; hours?: HoursOfOperation; terms: Partial<ContractVersionInput> },
): Promise<ContractUnit> {
  const client = options.client ?? 'bank1';
  const vendor = options.vendor ?? 'vendor1';
  const pm = world.seeded.ctx(client, 'program_manager');
  const timeZone = options.timeZone ?? 'Asia/Taipei';
  const programId =
    options.programId ??
    (await createProgram(pm, { name: `Program ${randomUUID()}`, lineOfBusiness: 'Cards', channels: ['voice'], timeZone, currency: 'TWD', status: 'live', hoursOfOperation: options.hours ?? NINE_TO_TEN })).id;
  const unit = await addUnit(pm, programId, { kind: 'vendor', name: `${vendor} site ${randomUUID().slice(0, 8)}`, volumeSharePct: 50 });
  const queue = await addQueue(pm, unit.id, { name: 'Main', channel: 'voice' });
  const invitation = await inviteVendorToUnit(pm, unit.id, { email: `ops@${vendor}.test` });
  await acceptVendorInvitation(world.db, { mode: 'link', token: invitation.token, userId: world.seeded.userOf(vendor, 'vendor_admin').id, vendorOrgId: world.seeded.orgs[vendor].id });
  const terms: ContractVersionInput = {
    effectiveFrom: '2025-01-01',
    reason: 'Initial terms',
    currency: 'TWD',
    taxRatePct: 5,
    atRiskPct: 12,
    poolPct: 100,
    earnBackMonths: 3,
    rateLines: [{ pricingModel: 'per_handled_contact', rate: '45.00' }],
    slas: [],
    ...options.terms,
  };
  const contract = await createContract(pm, { name: `Contract ${randomUUID()}`, vendorOrgId: world.seeded.orgs[vendor].id, unitIds: [unit.id], firstVersion: terms });
  return { programId, unitId: unit.id, queueId: queue.id, contractId: contract.id, clientOrgId: world.seeded.orgs[client].id, vendorOrgId: world.seeded.orgs[vendor].id, timeZone };
}

export const SL = { kpi: 'service_level', comparator: 'gte', target: 80, slVariant: 'negative', thresholdS: 20, shortAbandonS: 5 } as const;

export interface FactInput {
  start: Date;
  minutes?: number;
  c: Partial<Components>;
}

/**
 * Writes current interval facts straight into the tables (as one new "upload" that supersedes the same
 * keys) and rebuilds the touched days' rollups the way the merge does. For scenarios the feed reader is
 * not the subject of; at least one test goes through ingestUpload.
 */
export async function putFacts(db: Database, unit: ContractUnit, rows: FactInput[]): Promise<void> {
  const uploadId = randomUUID();
  const tz = unit.timeZone;
  const cols = sql.raw(COMPONENT_NAMES.map((n) => `"${n}"`).join(', '));
  await unsafeWithoutTenant(db, async (tx) => {
    for (let i = 0; i < rows.length; i += 500) {
      const chunk = rows.slice(i, i + 500);
      const starts = sql.join(chunk.map((r) => sql`${r.start.toISOString()}::timestamptz`), sql`, `);
      await tx.execute(sql`update interval_facts set superseded_by_upload_id = ${uploadId}
        where client_org_id = ${unit.clientOrgId} and unit_id = ${unit.unitId} and queue_id = ${unit.queueId} and channel = 'voice'
          and source = 'intervals' and superseded_by_upload_id is null and interval_start in (${starts})`);
      const values = sql.join(
        chunk.map((r) => {
          const c = { ...emptyComponents(), ...r.c };
          return sql`(${unit.clientOrgId}::uuid, ${unit.unitId}::uuid, ${unit.vendorOrgId}::uuid, ${uploadId}::uuid, 'intervals', ${unit.queueId}::uuid, 'voice', ${r.start.toISOString()}::timestamptz, ${r.minutes ?? 15}, 20, ${sql.join(
            COMPONENT_NAMES.map((n) => sql`${c[n]}`),
            sql`, `,
          )})`;
        }),
        sql`, `,
      );
      await tx.execute(sql`insert into interval_facts (client_org_id, unit_id, vendor_org_id, upload_id, source, queue_id, channel, interval_start, interval_minutes, threshold_s, ${cols}) values ${values}`);
    }
    const sums = sql.raw(COMPONENT_NAMES.map((n) => `sum("${n}")`).join(', '));
    await tx.execute(sql`delete from interval_daily_rollups where client_org_id = ${unit.clientOrgId} and unit_id = ${unit.unitId}`);
    await tx.execute(sql`insert into interval_daily_rollups (client_org_id, unit_id, vendor_org_id, queue_id, channel, day, source, interval_count, threshold_s, is_threshold_mixed, ${cols})
      select client_org_id, unit_id, vendor_org_id, queue_id, channel, (interval_start at time zone ${tz})::date, source, count(*)::int, min(threshold_s), false, ${sums}
      from interval_facts where client_org_id = ${unit.clientOrgId} and unit_id = ${unit.unitId} and superseded_by_upload_id is null
      group by 1, 2, 3, 4, 5, 6, 7`);
  });
}

/** The four 09:00-10:00 quarter-hours of a Taipei day (UTC+8, no DST). */
export function taipeiHour(day: string): Date[] {
  return [0, 15, 30, 45].map((m) => new Date(`${day}T09:${String(m).padStart(2, '0')}:00+08:00`));
}

export function daysOf(month: string): string[] {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const n = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return Array.from({ length: n }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`);
}

/** Every 09:00-10:00 interval of a Taipei month with the same components. */
export function monthOf(month: string, c: Partial<Components>, except: Record<string, Partial<Components>> = {}): FactInput[] {
  return daysOf(month).flatMap((day) => taipeiHour(day).map((start) => ({ start, c: except[day] ?? c })));
}

export const INTERVAL_HEADER = 'interval_start,interval_minutes,queue,channel,threshold_s,offered,handled,answered_within_threshold,abandoned,wait_s,talk_s';

/** A canonical interval CSV: the 09:00-10:00 quarter-hours of each day, the same row each time. */
export function csvOf(days: string[], row: { offered: number; handled: number; awt: number; abandoned: number; wait: number; talk: number }): string {
  const lines = [INTERVAL_HEADER];
  for (const day of days) {
    for (const m of ['00', '15', '30', '45']) lines.push(`${day}T09:${m}:00+08:00,15,Main,voice,20,${row.offered},${row.handled},${row.awt},${row.abandoned},${row.wait},${row.talk}`);
  }
  return lines.join('\r\n') + '\r\n';
}
