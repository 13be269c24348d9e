/**
 * Mapped rows into temp staging tables with COPY, while the file streams: queue names resolved to the
 * unit's queues, the period, thresholds, per-queue ranges and component totals gathered on the way.
 * Runs in the merge transaction before it drops to the tenant role (db/copy.ts says why).
 */
import { sql } from 'drizzle-orm';
import type { Tx } from '#db/client';
import { copyInto, grantStagingToTenant, type CopyValue } from '#db/copy';
import { COMPONENT_NAMES, type ComponentName } from '#app/domain/kpi/components';
import type { ContactRow, IntervalRow, MappingIssueCollector } from '#app/domain/feeds/canonical';
import { rebuildIntervals } from '#app/domain/feeds/contacts';
import { feedChannelOf, type UnitFeedContext } from './unit-context.server';

export const STAGING_INTERVALS = 'feed_staging_intervals';
export const STAGING_CONTACTS = 'feed_staging_contacts';

export const STAGING_INTERVAL_COLUMNS = ['line', 'queue_id', 'channel', 'interval_start', 'interval_minutes', 'threshold_s', ...COMPONENT_NAMES] as const;
export const STAGING_CONTACT_COLUMNS = [
  'line',
  'contact_id',
  'queue_id',
  'channel',
  'queued_at',
  'answered_at',
  'abandoned_at',
  'talk_s',
  'hold_s',
  'wrap_s',
  'transferred',
  'fcr_resolved',
  'csat_score',
  'nps_score',
] as const;

const componentTypes = COMPONENT_NAMES.map((name) => `"${name}" ${name.endsWith('_s') || name === 'qa_points' ? 'numeric' : 'integer'}`).join(', ');

export async function createStagingTables(tx: Tx): Promise<void> {
  await tx.execute(
    sql.raw(
      `CREATE TEMP TABLE ${STAGING_INTERVALS} (line integer, queue_id uuid not null, channel text not null, interval_start timestamptz not null, ` +
        `interval_minutes smallint not null, threshold_s smallint, ${componentTypes}) ON COMMIT DROP`,
    ),
  );
  await tx.execute(
    sql.raw(
      `CREATE TEMP TABLE ${STAGING_CONTACTS} (line integer, contact_id text not null, queue_id uuid not null, channel text not null, queued_at timestamptz not null, ` +
        `answered_at timestamptz, abandoned_at timestamptz, talk_s numeric, hold_s numeric, wrap_s numeric, transferred boolean, fcr_resolved boolean, ` +
        `csat_score smallint, nps_score smallint) ON COMMIT DROP`,
    ),
  );
  await grantStagingToTenant(tx, STAGING_INTERVALS);
  await grantStagingToTenant(tx, STAGING_CONTACTS);
}

export interface QueueRange {
  queueId: string;
  channel: string;
  start: Date;
  end: Date;
}

/** What the merge and the upload record need to know about the staged rows. */
export class StagingStats {
  rows = 0;
  contacts = 0;
  periodStart: Date | null = null;
  periodEnd: Date | null = null;
  readonly thresholds = new Set<number>();
  readonly ranges = new Map<string, QueueRange>();
  readonly totals: Partial<Record<ComponentName, number>> = {};

  addInterval(queueId: string, row: IntervalRow): void {
    this.rows++;
    const start = row.intervalStart;
    const end = new Date(start.getTime() + row.intervalMinutes * 60_000);
    if (!this.periodStart || start < this.periodStart) this.periodStart = start;
    if (!this.periodEnd || end > this.periodEnd) this.periodEnd = end;
    if (row.thresholdS !== null) this.thresholds.add(row.thresholdS);
    const key = `${queueId}\u0000${row.channel}`;
    const range = this.ranges.get(key);
    if (!range) this.ranges.set(key, { queueId, channel: row.channel, start, end });
    else {
      if (start < range.start) range.start = start;
      if (end > range.end) range.end = end;
    }
    for (const name of COMPONENT_NAMES) {
      const value = row.components[name];
      if (value !== undefined) this.totals[name] = Math.round(((this.totals[name] ?? 0) + value) * 1000) / 1000;
    }
  }
}

/** Resolves queue names against the unit's queues, reporting each unknown name or wrong channel once. */
export class QueueResolver {
  private readonly reported = new Set<string>();
  constructor(
    private readonly unit: UnitFeedContext,
    private readonly issues: MappingIssueCollector,
  ) {}

  resolve(queue: string, channel: string, line: number): string | null {
    const ref = this.unit.queues.get(queue.trim().toLowerCase());
    const report = (code: string, message: string) => {
      const key = `${code}\u0000${queue.toLowerCase()}`;
      if (this.reported.has(key)) return;
      this.reported.add(key);
      this.issues.add({ line, column: 'queue', value: queue, code: code as 'value_missing', message });
    };
    if (!ref) {
      const known = [...this.unit.queues.values()].map((q) => q.name).join(', ') || 'none yet';
      report('queue_unknown', `The unit has no queue "${queue}" (its queues: ${known}). The client adds queues on the unit page.`);
      return null;
    }
    if (feedChannelOf(ref.channel) !== channel) {
      report('queue_channel_mismatch', `Queue "${ref.name}" is a ${ref.channel} queue; the file reports it as ${channel}.`);
      return null;
    }
    return ref.id;
  }
}

function intervalCopyRow(queueId: string, row: IntervalRow): CopyValue[] {
  const values: CopyValue[] = [row.line, queueId, row.channel, row.intervalStart, row.intervalMinutes, row.thresholdS];
  for (const name of COMPONENT_NAMES) values.push(row.components[name]);
  return values;
}

/** Streams interval rows into staging; rows of unknown queues are reported and left out. */
export async function stageIntervals(tx: Tx, rows: AsyncIterable<IntervalRow> | Iterable<IntervalRow>, resolver: QueueResolver, stats: StagingStats): Promise<void> {
  async function* copyRows() {
    for await (const row of rows) {
      const queueId = resolver.resolve(row.queue, row.channel, row.line);
      if (!queueId) continue;
      stats.addInterval(queueId, row);
      yield intervalCopyRow(queueId, row);
    }
  }
  await copyInto(tx, STAGING_INTERVALS, STAGING_INTERVAL_COLUMNS, copyRows());
}

/**
 * Streams contact records into staging and, on the same pass, rebuilds their interval components for
 * the unit's SLA threshold (rebuildIntervals keeps one bucket per interval, not per contact).
 */
export async function stageContacts(
  tx: Tx,
  contacts: AsyncIterable<ContactRow>,
  resolver: QueueResolver,
  stats: StagingStats,
  unit: UnitFeedContext,
): Promise<IntervalRow[]> {
  const queueIds = new Map<string, string>();
  const rebuildInput: ContactRow[] = [];
  async function* copyRows() {
    for await (const contact of contacts) {
      const queueId = resolver.resolve(contact.queue, contact.channel, contact.line);
      if (!queueId) continue;
      queueIds.set(contact.queue, queueId);
      stats.contacts++;
      rebuildInput.push(contact);
      yield [
        contact.line,
        contact.contactId,
        queueId,
        contact.channel,
        contact.queuedAt,
        contact.answeredAt,
        contact.abandonedAt,
        contact.talkS,
        contact.holdS,
        contact.wrapS,
        contact.transferred,
        contact.fcrResolved,
        contact.csatScore,
        contact.npsScore,
      ] satisfies CopyValue[];
    }
  }
  await copyInto(tx, STAGING_CONTACTS, STAGING_CONTACT_COLUMNS, copyRows());
  const rebuilt = await rebuildIntervals(rebuildInput, {
    intervalMinutes: 15,
    thresholdS: unit.slaThresholdS ?? 20,
    shortAbandonS: unit.shortAbandonS ?? 5,
    timeZone: unit.timeZone,
  });
  rebuildInput.length = 0;
  const withIds = rebuilt.map((row) => ({ row, queueId: queueIds.get(row.queue)! }));
  for (const { row, queueId } of withIds) stats.addInterval(queueId, row);
  await copyInto(tx, STAGING_INTERVALS, STAGING_INTERVAL_COLUMNS, withIds.map(({ row, queueId }) => intervalCopyRow(queueId, row)));
  return rebuilt;
}
