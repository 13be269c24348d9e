/**
 * A unit's feed at a glance, for the unit and program pages: the last upload, the period it covered,
 * and whether the latest period due under the unit's cadence has arrived. The rule is the late-feed
 * job's (late-feeds.server.ts): unsaved settings have no schedule, so nothing is due; a period is
 * received when an accepted upload overlaps it.
 */
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { deliveryUnits, feedUploads, programs, unitFeedSettings } from '#db/schema/index';
import { latestDuePeriod } from '#app/domain/feeds/deadlines';
import { assertCan, inTenant, type ServiceCtx } from '../context';
import type { UploadStatus } from '#db/schema/index';
import { settingsFromRow } from './unit-context.server';

export interface FeedStatusDto {
  unitId: string;
  unitName: string;
  lastUpload: { id: string; uploadedAt: Date; status: UploadStatus; periodStart: Date | null; periodEnd: Date | null } | null;
  schedule: { cadence: 'daily' | 'weekly' | 'monthly'; deadlineTime: string; deadlineDays: number } | null;
  /** The latest period due; null without a saved schedule. */
  due: { firstDay: string; lastDay: string; deadline: Date; isMissing: boolean } | null;
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
        const period = latestDuePeriod(now, settings, timeZone);
        const [received] = await tx
          .select({ id: feedUploads.id })
          .from(feedUploads)
          .where(
            and(
              eq(feedUploads.clientOrgId, unit.clientOrgId),
              eq(feedUploads.unitId, unit.id),
              eq(feedUploads.status, 'accepted'),
              sql`${feedUploads.periodStart} < ${period.end.toISOString()}::timestamptz and ${feedUploads.periodEnd} > ${period.start.toISOString()}::timestamptz`,
            ),
          )
          .limit(1);
        status.due = { firstDay: period.firstDay, lastDay: period.lastDay, deadline: period.deadline, isMissing: !received };
      }
      statuses.push(status);
    }
    return statuses;
  });
}
