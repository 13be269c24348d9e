/**
 * What an upload needs to know about its unit, read once in a tenant transaction: who may upload, the
 * program's time zone, the queues a file may name, the feed settings and the SLA's threshold T.
 */
import { and, desc, eq, isNull, or, sql } from 'drizzle-orm';
import type { Tx } from '#db/client';
import { contractSlas, contractUnits, contractVersions, deliveryUnits, programs, queues, unitFeedSettings, unitTargets, type FeedKind } from '#db/schema/index';
import type { Channel } from '#app/domain/programs/schemas';
import { AppError, forbidden, notFound } from '#app/lib/errors';
import type { ServiceCtx } from '../context';

export interface FeedSettingsDto {
  cadence: 'daily' | 'weekly' | 'monthly';
  deadlineTime: string;
  deadlineDays: number;
  authoritativeSource: FeedKind;
  toleranceCount: number;
  toleranceSeconds: number;
  toleranceRelativePct: number;
  customMapping: Record<string, unknown> | null;
  /** False while the unit has no saved settings (defaults shown, no late-feed alerts). */
  isSaved: boolean;
}

export const DEFAULT_FEED_SETTINGS: FeedSettingsDto = {
  cadence: 'daily',
  deadlineTime: '10:00',
  deadlineDays: 1,
  authoritativeSource: 'intervals',
  toleranceCount: 0,
  toleranceSeconds: 1,
  toleranceRelativePct: 0,
  customMapping: null,
  isSaved: false,
};

export interface QueueRef {
  id: string;
  name: string;
  /** The program's channel name (web_self_service), not the feed's (web). */
  channel: Channel;
}

/** Programs say web_self_service where feeds say web. */
export const feedChannelOf = (channel: Channel): string => (channel === 'web_self_service' ? 'web' : channel);

export interface UnitFeedContext {
  clientOrgId: string;
  unitId: string;
  vendorOrgId: string | null;
  unitName: string;
  programId: string;
  timeZone: string;
  /** By lower-cased name. */
  queues: Map<string, QueueRef>;
  settings: FeedSettingsDto;
  /** T of the unit's service-level SLA (contract for a vendor unit, internal target in-house). */
  slaThresholdS: number | null;
  shortAbandonS: number | null;
}

export function settingsFromRow(row: typeof unitFeedSettings.$inferSelect | undefined): FeedSettingsDto {
  if (!row) return DEFAULT_FEED_SETTINGS;
  return {
    cadence: row.cadence,
    deadlineTime: row.deadlineTime,
    deadlineDays: row.deadlineDays,
    authoritativeSource: row.authoritativeSource,
    toleranceCount: row.toleranceCount,
    toleranceSeconds: Number(row.toleranceSeconds),
    toleranceRelativePct: row.toleranceRelativeBp / 100,
    customMapping: row.customMapping ?? null,
    isSaved: true,
  };
}

/** The unit as the acting org sees it; NOT_FOUND when row-level security hides it. */
export async function loadUnitFeedContext(tx: Tx, unitId: string): Promise<UnitFeedContext> {
  const [unit] = await tx
    .select({ unit: deliveryUnits, timeZone: programs.timeZone })
    .from(deliveryUnits)
    .innerJoin(programs, and(eq(programs.clientOrgId, deliveryUnits.clientOrgId), eq(programs.id, deliveryUnits.programId)))
    .where(eq(deliveryUnits.id, unitId));
  if (!unit) throw notFound('Unit not found');
  const { clientOrgId, vendorOrgId } = unit.unit;
  const queueRows = await tx.select().from(queues).where(and(eq(queues.clientOrgId, clientOrgId), eq(queues.unitId, unitId)));
  const [settingsRow] = await tx.select().from(unitFeedSettings).where(and(eq(unitFeedSettings.clientOrgId, clientOrgId), eq(unitFeedSettings.unitId, unitId)));
  const sla = vendorOrgId ? await contractServiceLevel(tx, clientOrgId, unitId) : await internalServiceLevel(tx, clientOrgId, unitId);
  return {
    clientOrgId,
    unitId,
    vendorOrgId,
    unitName: unit.unit.name,
    programId: unit.unit.programId,
    timeZone: unit.timeZone,
    queues: new Map(queueRows.map((q) => [q.name.toLowerCase(), { id: q.id, name: q.name, channel: q.channel }])),
    settings: settingsFromRow(settingsRow),
    slaThresholdS: sla?.thresholdS ?? null,
    shortAbandonS: sla?.shortAbandonS ?? null,
  };
}

const serviceLevelScope = (unitId: string, scopeUnit: typeof contractSlas.scopeUnitId) => or(isNull(scopeUnit), eq(scopeUnit, unitId));

async function contractServiceLevel(tx: Tx, clientOrgId: string, unitId: string) {
  const [row] = await tx
    .select({ thresholdS: contractSlas.thresholdS, shortAbandonS: contractSlas.shortAbandonS })
    .from(contractSlas)
    .innerJoin(contractVersions, and(eq(contractVersions.clientOrgId, contractSlas.clientOrgId), eq(contractVersions.id, contractSlas.contractVersionId)))
    .innerJoin(contractUnits, and(eq(contractUnits.clientOrgId, contractVersions.clientOrgId), eq(contractUnits.contractId, contractVersions.contractId)))
    .where(
      and(
        eq(contractSlas.clientOrgId, clientOrgId),
        eq(contractUnits.unitId, unitId),
        eq(contractSlas.kpi, 'service_level'),
        serviceLevelScope(unitId, contractSlas.scopeUnitId),
        sql`${contractVersions.effectiveFrom} <= current_date`,
      ),
    )
    .orderBy(desc(contractVersions.effectiveFrom), contractSlas.position)
    .limit(1);
  return row;
}

async function internalServiceLevel(tx: Tx, clientOrgId: string, unitId: string) {
  const [row] = await tx
    .select({ thresholdS: unitTargets.thresholdS, shortAbandonS: unitTargets.shortAbandonS })
    .from(unitTargets)
    .where(and(eq(unitTargets.clientOrgId, clientOrgId), eq(unitTargets.unitId, unitId), eq(unitTargets.kpi, 'service_level'), sql`${unitTargets.effectiveFrom} <= current_date`))
    .orderBy(desc(unitTargets.effectiveFrom), unitTargets.position)
    .limit(1);
  return row;
}

/**
 * Who may send a unit's feed: its vendor for a vendor unit, the client itself for an in-house unit. A
 * client reads its vendors' feeds but does not upload in their name.
 */
export function assertMayUpload(ctx: ServiceCtx, unit: UnitFeedContext): void {
  if (unit.vendorOrgId !== null) {
    if (unit.vendorOrgId !== ctx.orgId) throw forbidden("Only the unit's vendor uploads its feeds");
    return;
  }
  if (unit.clientOrgId !== ctx.orgId) throw notFound('Unit not found');
}

export class FeedTooLargeError extends AppError {
  constructor(readonly maxBytes: number) {
    super('BAD_REQUEST', `The file is larger than ${maxBytes} bytes.`, { code: 'file_too_large', maxBytes });
    this.name = 'FeedTooLargeError';
  }
}
