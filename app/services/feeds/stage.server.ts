/**
 * Mapped rows into temp staging tables with COPY, while the file streams: queue names resolved to the
 * unit's queues, the period, thresholds, per-queue ranges and component totals gathered on the way.
 * Runs in the merge transaction before it drops to the tenant role (db/copy.ts says why).
 */
import { sql } from 'drizzle-orm';
import type { Tx } from '#db/client';
import { queryRows } from '#db/client';
import { grantStagingToTenant, openCopy, type CopyWriter } from '#db/copy';
import { COMPONENT_NAMES } from '#app/domain/kpi/components';
import type { IntervalRow, MappingIssueCollector } from '#app/domain/feeds/canonical';
import { duplicateIntervalIssue } from '#app/domain/feeds/canonical/interval-checks';
import type { StagingStats } from './staging-stats.server';
import { feedChannelOf, type UnitFeedContext } from './unit-context.server';

export { StagingStats, type QueueRange } from './staging-stats.server';

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
      // Only line and contact_id for the ids of refused rows, no queue_id for contacts of unknown queues
      // (stage-contacts.server.ts): the rule on duplicate ids counts them, and the file is rejected.
      `CREATE TEMP TABLE ${STAGING_CONTACTS} (line integer, contact_id text not null, queue_id uuid, channel text, queued_at timestamptz, ` +
        `answered_at timestamptz, abandoned_at timestamptz, talk_s numeric, hold_s numeric, wrap_s numeric, transferred boolean, fcr_resolved boolean, ` +
        `csat_score smallint, nps_score smallint) ON COMMIT DROP`,
    ),
  );
  await grantStagingToTenant(tx, STAGING_INTERVALS);
  await grantStagingToTenant(tx, STAGING_CONTACTS);
}

/** Distinct queue texts remembered per channel; a file naming more is still resolved, just not cached. */
const MAX_CACHED_QUEUE_TEXTS = 10_000;

/** Resolves queue names against the unit's queues, reporting each unknown name or wrong channel once. */
export class QueueResolver {
  private readonly reported = new Set<string>();
  /** By channel, then by the queue text as the file spells it: the id, or null when it is reported. */
  private readonly resolved = new Map<string, Map<string, string | null>>();
  constructor(
    private readonly unit: UnitFeedContext,
    private readonly issues: MappingIssueCollector,
  ) {}

  resolve(queue: string, channel: string, line: number): string | null {
    let byQueue = this.resolved.get(channel);
    if (!byQueue) this.resolved.set(channel, (byQueue = new Map()));
    let id = byQueue.get(queue);
    if (id === undefined) {
      id = this.lookUp(queue, channel, line);
      if (byQueue.size < MAX_CACHED_QUEUE_TEXTS) byQueue.set(queue, id);
    }
    return id;
  }

  private lookUp(queue: string, channel: string, line: number): string | null {
    const ref = this.unit.queues.get(queue.trim().toLowerCase());
    if (!ref) {
      const known = [...this.unit.queues.values()].map((q) => q.name).join(', ') || 'none yet';
      this.report(queue, line, 'queue_unknown', `The unit has no queue "${queue}" (its queues: ${known}). The client adds queues on the unit page.`);
      return null;
    }
    if (feedChannelOf(ref.channel) !== channel) {
      this.report(queue, line, 'queue_channel_mismatch', `Queue "${ref.name}" is a ${ref.channel} queue; the file reports it as ${channel}.`);
      return null;
    }
    return ref.id;
  }

  private report(queue: string, line: number, code: 'queue_unknown' | 'queue_channel_mismatch', message: string): void {
    const key = `${code}\u0000${queue.toLowerCase()}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.issues.add({ line, column: 'queue', value: queue, code: code as 'value_missing', message });
  }
}

/**
 * One staging line, encoded field by field into the COPY buffer: a line number, a uuid, a channel name,
 * an ISO time (`startIso`, the caller's cached text of the interval start) and numbers need no escaping.
 */
function writeIntervalLine(copy: CopyWriter, queueId: string, row: IntervalRow, startIso: string): Promise<void> | undefined {
  copy.int(row.line);
  copy.plain(queueId);
  copy.plain(row.channel);
  copy.plain(startIso);
  copy.int(row.intervalMinutes);
  copy.number(row.thresholdS);
  const components = row.components;
  for (const name of COMPONENT_NAMES) copy.number(components[name]);
  return copy.endLine();
}

type Batches<T> = AsyncIterable<readonly T[]> | Iterable<readonly T[]>;

/** Streams interval rows, in batches, into staging; rows of unknown queues are reported and left out. */
export async function stageIntervals(tx: Tx, batches: Batches<IntervalRow>, resolver: QueueResolver, stats: StagingStats, onRows?: (rows: number) => void): Promise<void> {
  const copy = await openCopy(tx, STAGING_INTERVALS, STAGING_INTERVAL_COLUMNS);
  let lastStart: Date | undefined;
  let lastStartMs = NaN;
  let startIso = '';
  let read = 0;
  let nextProgress = PROGRESS_EVERY_ROWS;
  try {
    // One await per batch; within it, one loop from the mapped row to the COPY buffer.
    for await (const batch of batches) {
      for (const row of batch) {
        const queueId = resolver.resolve(row.queue, row.channel, row.line);
        if (!queueId) continue;
        stats.addInterval(queueId, row);
        if (row.intervalStart !== lastStart) {
          lastStart = row.intervalStart;
          const ms = lastStart.getTime();
          if (ms !== lastStartMs) startIso = lastStart.toISOString();
          lastStartMs = ms;
        }
        const wait = writeIntervalLine(copy, queueId, row, startIso);
        if (wait) await wait;
      }
      read += batch.length;
      if (onRows && read >= nextProgress) {
        onRows(read);
        nextProgress = read + PROGRESS_EVERY_ROWS;
      }
    }
  } catch (error) {
    await copy.abort(error as Error);
    throw error;
  }
  await copy.end();
}

const PROGRESS_EVERY_ROWS = 50_000;

/**
 * The in-file duplicate rule, set-based (interval-checks.ts defers it here for an import): every staged
 * (queue, channel, interval start) given by more than one line is reported at each later line, naming the
 * first, as IntervalRowChecker words it. Returns how many duplicate lines it reported.
 */
export async function reportDuplicateIntervals(
  tx: Tx,
  unit: UnitFeedContext,
  issues: MappingIssueCollector,
  intervalStartColumn: string | undefined,
): Promise<number> {
  const groups = await queryRows<{ queue_id: string; channel: string; start_ms: number | string; lines: number[] | string }>(
    tx,
    sql`select queue_id::text as queue_id, channel, (extract(epoch from interval_start) * 1000)::float8 as start_ms,
          array_agg(line order by line) as lines
        from ${sql.raw(STAGING_INTERVALS)} group by queue_id, channel, interval_start having count(*) > 1
        order by min(line) limit ${issues.limit + 1}`,
  );
  const nameOf = new Map([...unit.queues.values()].map((q) => [q.id, q.name]));
  let reported = 0;
  for (const group of groups) {
    const lines = (typeof group.lines === 'string' ? group.lines.replace(/[{}]/g, '').split(',') : group.lines).map(Number);
    const [firstLine, ...later] = lines;
    for (const line of later) {
      issues.add(
        duplicateIntervalIssue(
          { firstLine: firstLine!, line, queue: nameOf.get(group.queue_id) ?? group.queue_id, channel: group.channel, intervalStart: new Date(Number(group.start_ms)) },
          intervalStartColumn,
        ),
      );
      reported++;
    }
  }
  return reported;
}
