/**
 * Contact records of an import, streamed like interval rows (issue 4: memory must not grow with the file):
 * each mapped contact goes straight to the temp staging table by COPY; the duplicate-contact rule and the
 * rebuild of interval components run set-based on that table, in the upload's transaction.
 *
 * The rebuild is rebuildIntervals (domain/feeds/contacts/rebuild.ts) in SQL, for the same intervals and
 * the same sums: a contact is keyed by the interval its queued_at falls in on the program's wall clock
 * (the instant minus its local time into the interval, so a DST repeated hour keeps both intervals);
 * waits are whole milliseconds (the staged times are), and talk, hold and wrap seconds add up as the TS
 * sum adds them (createMillisecondSum). Compared with rebuildIntervals on generated files (zones with DST and
 * 45-minute offsets, seconds with 0-6 decimals): the same rows, lines and stats.
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Tx } from '#db/client';
import { copyLine, openCopy } from '#db/copy';
import type { ContactRow, IntervalMinutes, MappingIssueCollector } from '#app/domain/feeds/canonical';
import { duplicateContactIssue, type DeferredContactCheck } from '#app/domain/feeds/canonical/contacts';
import { REBUILT_COMPONENTS } from '#app/domain/feeds/contacts';
import { QueueResolver, STAGING_CONTACT_COLUMNS, STAGING_CONTACTS, STAGING_INTERVALS, type StagingStats } from './stage.server';
import type { UnitFeedContext } from './unit-context.server';

const PROGRESS_EVERY_ROWS = 50_000;

/**
 * Streams contact records into staging. A contact of a queue the unit lacks is staged without its queue,
 * and the ids of rows the mapper refused are staged alone: both count for the duplicate rule, and both
 * reject the file (they come with an issue), so neither reaches the merge or the rebuild.
 */
export async function stageContacts(
  tx: Tx,
  contacts: AsyncIterable<ContactRow>,
  resolver: QueueResolver,
  stats: StagingStats,
  deferred: DeferredContactCheck,
  onRows?: (rows: number) => void,
): Promise<void> {
  const copy = await openCopy(tx, STAGING_CONTACTS, STAGING_CONTACT_COLUMNS);
  let read = 0;
  try {
    for await (const contact of contacts) {
      const queueId = resolver.resolve(contact.queue, contact.channel, contact.line);
      if (queueId) stats.contacts++;
      copy.int(contact.line);
      copy.text(contact.contactId);
      copy.text(queueId);
      copy.plain(contact.channel);
      copy.plain(contact.queuedAt.toISOString());
      copy.text(contact.answeredAt?.toISOString());
      copy.text(contact.abandonedAt?.toISOString());
      copy.number(contact.talkS);
      copy.number(contact.holdS);
      copy.number(contact.wrapS);
      copy.plain(contact.transferred ? 't' : 'f');
      copy.text(contact.fcrResolved === null ? null : contact.fcrResolved ? 't' : 'f');
      copy.number(contact.csatScore);
      copy.number(contact.npsScore);
      const wait = copy.endLine();
      if (wait) await wait;
      if (onRows && ++read % PROGRESS_EVERY_ROWS === 0) onRows(read);
    }
    for (const { contactId, line } of deferred.unyielded) {
      const wait = copy.write(copyLine([line, contactId, null, null, null, null, null, null, null, null, null, null, null, null]));
      if (wait) await wait;
    }
    deferred.unyielded.length = 0;
  } catch (error) {
    await copy.abort(error as Error);
    throw error;
  }
  await copy.end();
}

/**
 * The duplicate-contact rule, set-based: every staged contact id given by more than one line is reported
 * at each later line, naming the first, as the mapper words it. Returns how many lines it reported.
 */
export async function reportDuplicateContacts(tx: Tx, issues: MappingIssueCollector, contactIdColumn: string | undefined): Promise<number> {
  const groups = await queryRows<{ contact_id: string; lines: number[] | string }>(
    tx,
    sql`select contact_id, array_agg(line order by line) as lines from ${sql.raw(STAGING_CONTACTS)}
        group by contact_id having count(*) > 1 order by min(line) limit ${issues.limit + 1}`,
  );
  let reported = 0;
  for (const group of groups) {
    const lines = (typeof group.lines === 'string' ? group.lines.replace(/[{}]/g, '').split(',') : group.lines).map(Number);
    const [firstLine, ...later] = lines;
    for (const line of later) {
      issues.add(duplicateContactIssue({ firstLine: firstLine!, line, contactId: group.contact_id }, contactIdColumn));
      reported++;
    }
  }
  return reported;
}

export interface ContactRebuildOptions {
  intervalMinutes: Exclude<IntervalMinutes, 1440>;
  thresholdS: number;
  shortAbandonS: number;
  timeZone: string;
}

/** Each rebuilt component as an aggregate over one interval's contacts (`c` below), as addContact adds it. */
const AGGREGATES = (t: number, short: number): Record<(typeof REBUILT_COMPONENTS)[number], SQL> => ({
  offered: sql`count(*)`,
  handled: sql`count(*) filter (where answered)`,
  answered_within_threshold: sql`count(*) filter (where answered and wait <= ${t}::numeric)`,
  abandoned: sql`count(*) filter (where abandoned)`,
  short_abandoned: sql`count(*) filter (where abandoned and abandon_wait <= ${short}::numeric)`,
  abandoned_within_threshold: sql`count(*) filter (where abandoned and abandon_wait <= ${t}::numeric)`,
  wait_s: sql`coalesce(sum(wait) filter (where answered), 0)`,
  talk_s: sql`coalesce(sum(talk_s) filter (where answered), 0)`,
  hold_s: sql`coalesce(sum(hold_s) filter (where answered), 0)`,
  wrap_s: sql`coalesce(sum(wrap_s) filter (where answered), 0)`,
  transferred: sql`count(*) filter (where answered and transferred)`,
  fcr_eligible: sql`count(fcr_resolved)`,
  fcr_resolved: sql`count(*) filter (where fcr_resolved)`,
  csat_responses: sql`count(csat_score)`,
  csat_satisfied: sql`count(*) filter (where csat_score >= 4)`,
  nps_responses: sql`count(nps_score)`,
  nps_promoters: sql`count(*) filter (where nps_score >= 9)`,
  nps_detractors: sql`count(*) filter (where nps_score <= 6)`,
});

/**
 * addContact sums talk, hold and wrap seconds in doubles, rounding to the millisecond at each step
 * (`Math.round((sum + s) * 1000) / 1000`). Of seconds with at most 3 decimals (whole milliseconds, what
 * platforms export) that is their exact sum, which numeric's sum gives. Finer seconds make the steps round,
 * so for them the same steps run in float8 (IEEE doubles, as in JS), in line order: a temporary aggregate,
 * `Math.round` spelt out (the nearest integer, halves up).
 */
async function createMillisecondSum(tx: Tx): Promise<void> {
  await tx.execute(
    sql.raw(`create or replace function pg_temp.outpost_ms_sum_step(s float8, v float8) returns float8 language sql immutable as
      'select (floor(x) + case when x - floor(x) >= 0.5 then 1 else 0 end) / 1000::float8 from (select (s + v) * 1000::float8 as x) t'`),
  );
  await tx.execute(
    sql.raw(`create or replace aggregate pg_temp.outpost_ms_sum(float8) (sfunc = pg_temp.outpost_ms_sum_step, stype = float8, initcond = '0')`),
  );
}

/** Whether some answered contact has talk, hold or wrap seconds finer than a millisecond. */
async function hasSubMillisecondSeconds(tx: Tx): Promise<boolean> {
  const [row] = await queryRows<{ found: boolean }>(
    tx,
    sql`select exists (select 1 from ${sql.raw(STAGING_CONTACTS)} where queue_id is not null and answered_at is not null
          and (talk_s <> round(talk_s, 3) or hold_s <> round(hold_s, 3) or wrap_s <> round(wrap_s, 3))) as found`,
  );
  return row?.found === true || String(row?.found) === 't';
}

/**
 * Rebuilds the staged contacts' interval components into the interval staging table (one row per queue,
 * channel and interval, at the line of its first contact), then gives the stats what the merge needs.
 */
export async function rebuildStagedContacts(tx: Tx, unit: UnitFeedContext, stats: StagingStats, options: ContactRebuildOptions): Promise<void> {
  const { thresholdS: t, shortAbandonS: short, timeZone: tz } = options;
  const minutes = options.intervalMinutes;
  const aggregates = AGGREGATES(t, short);
  if (await hasSubMillisecondSeconds(tx)) {
    await createMillisecondSum(tx);
    for (const name of ['talk_s', 'hold_s', 'wrap_s'] as const) {
      aggregates[name] = sql`coalesce(pg_temp.outpost_ms_sum(${sql.raw(name)}::float8 order by line) filter (where answered), 0)`;
    }
  }
  // Few groups per queue-day, but the planner guesses from an unanalysed temp table: hash them in memory.
  await tx.execute(sql`set local work_mem = '64MB'`);
  await tx.execute(sql`
    insert into ${sql.raw(STAGING_INTERVALS)} (line, queue_id, channel, interval_start, interval_minutes, threshold_s,
      ${sql.raw(Object.keys(aggregates).map((n) => `"${n}"`).join(', '))})
    select min(line), queue_id, channel, interval_start, ${minutes}::smallint, ${t}::smallint,
      ${sql.join(Object.values(aggregates), sql`, `)}
    from (
      select line, queue_id, channel, talk_s, hold_s, wrap_s, transferred, fcr_resolved, csat_score, nps_score,
        answered_at is not null as answered,
        answered_at is null and abandoned_at is not null as abandoned,
        extract(epoch from answered_at) - extract(epoch from queued_at) as wait,
        extract(epoch from abandoned_at) - extract(epoch from queued_at) as abandon_wait,
        queued_at - (local - date_bin(${`${minutes} minutes`}::interval, local, timestamp '2000-01-01')) as interval_start
      from (select *, queued_at at time zone ${tz} as local from ${sql.raw(STAGING_CONTACTS)} where queue_id is not null) s
    ) c
    group by queue_id, channel, interval_start`);
  const sums = sql.raw(REBUILT_COMPONENTS.map((n) => `sum("${n}")::text as "${n}"`).join(', '));
  const groups = await queryRows<Record<string, string | number | null>>(
    tx,
    sql`select queue_id::text as queue_id, channel, count(*)::int as n,
          (extract(epoch from min(interval_start)) * 1000)::float8 as start_ms, (extract(epoch from max(interval_start)) * 1000)::float8 as last_ms, ${sums}
        from ${sql.raw(STAGING_INTERVALS)} group by queue_id, channel`,
  );
  // The order the TS rebuild first met each queue and channel in (its rows sorted by start, queue, channel).
  const nameOf = new Map([...unit.queues.values()].map((q) => [q.id, q.name]));
  const name = (id: unknown) => nameOf.get(String(id)) ?? String(id);
  groups.sort((a, b) => Number(a.start_ms) - Number(b.start_ms) || name(a.queue_id).localeCompare(name(b.queue_id)) || String(a.channel).localeCompare(String(b.channel)));
  for (const group of groups) {
    const totals: Array<[string, number]> = [];
    for (const component of REBUILT_COMPONENTS) {
      const value = group[component];
      if (value !== null && value !== undefined) totals.push([component, Number(value)]);
    }
    stats.addSummary({
      queueId: String(group.queue_id),
      channel: String(group.channel),
      rows: Number(group.n),
      startMs: Number(group.start_ms),
      endMs: Number(group.last_ms) + minutes * 60_000,
      thresholdS: t,
      totals,
    });
  }
}
