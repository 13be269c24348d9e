/**
 * A unit's feed at a glance, for the unit and program pages: the last upload, the period it covered,
 * and whether the latest period due under the unit's cadence arrived on time, late, or not at all.
 * The rule is the late-feed job's (late-feeds.server.ts), through loadDueFeedStatus: unsaved settings
 * have no schedule, so nothing is due; a period is received when an accepted upload overlaps it.
 */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '#db/client';
import { deliveryUnits, feedUploads, programs, unitFeedSettings } from '#db/schema/index';
import type { UploadStatus } from '#db/schema/index';
import { dueFeedStatus, latestDuePeriod, type DueFeedState, type DueFeedStatus, type FeedDeadlineRule } from '#app/domain/feeds/deadlines';
import { assertCan, inTenant, type ServiceCtx } from '../context';
import { settingsFromRow } from './unit-context.server';

export interface FeedStatusDto {
  unitId: string;
  unitName: string;
  lastUpload: { id: string; uploadedAt: Date; status: UploadStatus; periodStart: Date | null; periodEnd: Date | null } | null;
  schedule: { cadence: 'daily' | 'weekly' | 'monthly'; deadlineTime: string; deadlineDays: number } | null;
  /** The latest period due; null without a saved schedule. */
  due: { firstDay: string; lastDay: string; deadline: Date; state: DueFeedState; receivedAt: Date | null; isMissing: boolean } | null;
}

/**
 * The state of the latest period due at `now` for one unit: the one query behind the unit pages and the
 * late-feed job. Only the earliest accepted upload overlapping the period matters (dueFeedStatus).
 */
export async function loadDueFeedStatus(tx: Tx, unit: { clientOrgId: string; id: string }, rule: FeedDeadlineRule, timeZone: string, now: Date): Promise<DueFeedStatus> {
  const period = latestDuePeriod(now, rule, timeZone);
  const arrivals = await tx
    .select({ periodStart: feedUploads.periodStart, periodEnd: feedUploads.periodEnd, uploadedAt: feedUploads.uploadedAt })
    .from(feedUploads)
    .where(
      and(
        eq(feedUploads.clientOrgId, unit.clientOrgId),
        eq(feedUploads.unitId, unit.id),
        eq(feedUploads.status, 'accepted'),
        sql`${feedUploads.periodStart} < ${period.end.toISOString()}::timestamptz and ${feedUploads.periodEnd} > ${period.start.toISOString()}::timestamptz`,
      ),
    )
    .orderBy(asc(feedUploads.uploadedAt))
    .limit(1);
  return dueFeedStatus(period, arrivals);
}

/** Feed status of the given units (or every unit of a program) the acting org can see. */
export async function getFeedStatuses(ctx: ServiceCtx, scope: { unitIds?: string[]; programId?: string }, now: Date = new Date()): Promise<FeedStatusDto[]> {
  assertCan(ctx, 'read:kpis');
  return inTenant(ctx, async (tx) => {
    const where = scope.unitIds ? inArray(deliveryUnits.id, scope.unitIds) : scope.programId ? eq(deliveryUnits.programId, scope.programId) : undefined;
    if (!where) return [];
    const units = await tx
      .select({ unit: deliveryUnits, timeZone: programs.timeZone, settings: unitFeedSettings })
      .from(deliveryUnits)
      .innerJoin(programs, and(eq(programs.clientOrgId, deliveryUnits.clientOrgId), eq(programs.id, deliveryUnits.programId)))
      .leftJoin(unitFeedSettings, and(eq(unitFeedSettings.clientOrgId, deliveryUnits.clientOrgId), eq(unitFeedSettings.unitId, deliveryUnits.id)))
      .where(where)
      .orderBy(deliveryUnits.name);
    const statuses: FeedStatusDto[] = [];
    for (const { unit, timeZone, settings: row } of units) {
      const [last] = await tx
        .select()
        .from(feedUploads)
        .where(and(eq(feedUploads.clientOrgId, unit.clientOrgId), eq(feedUploads.unitId, unit.id)))
        .orderBy(desc(feedUploads.uploadedAt))
        .limit(1);
      const status: FeedStatusDto = {
        unitId: unit.id,
        unitName: unit.name,
        lastUpload: last ? { id: last.id, uploadedAt: last.uploadedAt, status: last.status, periodStart: last.periodStart, periodEnd: last.periodEnd } : null,
        schedule: null,
        due: null,
      };
      const settings = settingsFromRow(row ?? undefined);
      if (settings.isSaved) {
        status.schedule = { cadence: settings.cadence, deadlineTime: settings.deadlineTime, deadlineDays: settings.deadlineDays };
        const { period, state, receivedAt } = await loadDueFeedStatus(tx, unit, settings, timeZone, now);
        status.due = { firstDay: period.firstDay, lastDay: period.lastDay, deadline: period.deadline, state, receivedAt, isMissing: state === 'missing' };
      }
      statuses.push(status);
    }
    return statuses;
  });
}
