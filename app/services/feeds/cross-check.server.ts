/**
 * When a unit has both kinds for a period, the vendor's interval figures are compared with those rebuilt
 * from its contact records (FEEDS.md: figures that look perfect while service visibly is not), and the
 * differences beyond the unit's tolerance are stored with the upload that made the comparison possible.
 */
import type { Tx } from '#db/client';
import { feedCrossCheckDifferences, type FeedKind } from '#db/schema/index';
import type { IntervalRow } from '#app/domain/feeds/canonical';
import { crossCheckIntervals } from '#app/domain/feeds/contacts';
import { loadCurrentRows } from './merge.server';
import type { QueueRange } from './stage.server';
import type { UnitFeedContext } from './unit-context.server';

/** Beyond this many interval rows a side is not loaded into memory for the comparison. */
export const CROSS_CHECK_MAX_ROWS = 50_000;
const MAX_STORED_DIFFERENCES = 1_000;

export interface CrossCheckSummary extends Record<string, unknown> {
  isCompared: boolean;
  reason?: string;
  differenceCount?: number;
  thresholdMismatchCount?: number;
}

export async function runCrossCheck(
  tx: Tx,
  unit: UnitFeedContext,
  uploadId: string,
  source: FeedKind,
  ranges: readonly QueueRange[],
  rebuiltFromFile: IntervalRow[] | null,
): Promise<CrossCheckSummary | null> {
  const other: FeedKind = source === 'intervals' ? 'contacts' : 'intervals';
  const otherRows = await loadCurrentRows(tx, unit, other, ranges, CROSS_CHECK_MAX_ROWS);
  if (otherRows !== null && otherRows.length === 0) return null;
  const ownRows = otherRows === null ? null : await loadCurrentRows(tx, unit, source, ranges, CROSS_CHECK_MAX_ROWS);
  if (otherRows === null || ownRows === null) return { isCompared: false, reason: `more than ${CROSS_CHECK_MAX_ROWS} interval rows` };
  void rebuiltFromFile;
  const rebuilt = source === 'contacts' ? ownRows : otherRows;
  const reported = source === 'contacts' ? otherRows : ownRows;
  const result = crossCheckIntervals(rebuilt, reported, {
    countAbsolute: unit.settings.toleranceCount,
    measureAbsolute: unit.settings.toleranceSeconds,
    relative: unit.settings.toleranceRelativePct / 100,
  });
  const rows = result.differences.slice(0, MAX_STORED_DIFFERENCES).map((d, seq) => ({
    clientOrgId: unit.clientOrgId,
    uploadId,
    seq,
    unitId: unit.unitId,
    vendorOrgId: unit.vendorOrgId,
    queueId: d.queue,
    channel: d.channel,
    intervalStart: d.intervalStart,
    component: d.component,
    rebuilt: String(d.rebuilt),
    reported: String(d.reported),
    difference: String(d.difference),
  }));
  for (let i = 0; i < rows.length; i += 500) await tx.insert(feedCrossCheckDifferences).values(rows.slice(i, i + 500));
  return { isCompared: true, differenceCount: result.differences.length, thresholdMismatchCount: result.thresholdMismatches.length };
}
