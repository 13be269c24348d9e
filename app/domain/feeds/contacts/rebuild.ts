/**
 * Contact records to interval components (FEEDS.md "Contact-level records"): for any interval length,
 * threshold T and short-abandon window, keyed by the interval in which the contact entered the queue, in
 * the program's time zone. Every component is a count or a sum, so the result adds up like a vendor feed.
 */
import { componentNamesWithout, zeroComponents, type Components } from '../../kpi/components';
import { intervalStartOf } from '../canonical/local-time';
import type { Channel, ContactRow, IntervalMinutes, IntervalRow } from '../canonical/types';

export interface RebuildOptions {
  intervalMinutes: IntervalMinutes;
  /** T of answered_within_threshold and abandoned_within_threshold: a wait of exactly T is within. */
  thresholdS: number;
  /** Abandons with a wait up to this many seconds are short abandons (a contract term, e.g. 5 s). */
  shortAbandonS: number;
  timeZone: string;
}

/** QA evaluations, staffing and IVR are measured by other feeds, never per contact. */
const NOT_IN_CONTACT_RECORDS = ['qa_evaluations', 'qa_points', 'staffed_s', 'scheduled_s', 'adherent_s', 'ivr_entered', 'ivr_contained'] as const;

/** The components contact records measure: all the others, in COMPONENT_NAMES order. */
export const REBUILT_COMPONENTS = componentNamesWithout(NOT_IN_CONTACT_RECORDS);
type RebuiltComponents = Record<(typeof REBUILT_COMPONENTS)[number], number>;

const emptyRebuilt = (): RebuiltComponents => zeroComponents(REBUILT_COMPONENTS);

const secondsBetween = (from: Date, to: Date) => (to.getTime() - from.getTime()) / 1000;
// Waits come from millisecond timestamps; rounding keeps 20.000000001 s within a 20 s threshold.
const roundSeconds = (seconds: number) => Math.round(seconds * 1000) / 1000;

/** Adds one contact's contribution to an interval's components. */
export function addContact(sum: RebuiltComponents, contact: ContactRow, options: Pick<RebuildOptions, 'thresholdS' | 'shortAbandonS'>): void {
  sum.offered += 1;
  if (contact.answeredAt) {
    const wait = roundSeconds(secondsBetween(contact.queuedAt, contact.answeredAt));
    sum.handled += 1;
    if (wait <= options.thresholdS) sum.answered_within_threshold += 1;
    sum.wait_s = roundSeconds(sum.wait_s + wait);
    sum.talk_s = roundSeconds(sum.talk_s + contact.talkS);
    sum.hold_s = roundSeconds(sum.hold_s + contact.holdS);
    sum.wrap_s = roundSeconds(sum.wrap_s + contact.wrapS);
    if (contact.transferred) sum.transferred += 1;
  } else if (contact.abandonedAt) {
    const wait = roundSeconds(secondsBetween(contact.queuedAt, contact.abandonedAt));
    sum.abandoned += 1;
    if (wait <= options.shortAbandonS) sum.short_abandoned += 1;
    if (wait <= options.thresholdS) sum.abandoned_within_threshold += 1;
  }
  // Neither answered nor abandoned: flowed out of the queue (Genesys counts it as offered), nothing more.
  if (contact.fcrResolved !== null) {
    sum.fcr_eligible += 1;
    if (contact.fcrResolved) sum.fcr_resolved += 1;
  }
  if (contact.csatScore !== null) {
    sum.csat_responses += 1;
    if (contact.csatScore >= 4) sum.csat_satisfied += 1;
  }
  if (contact.npsScore !== null) {
    sum.nps_responses += 1;
    if (contact.npsScore >= 9) sum.nps_promoters += 1;
    else if (contact.npsScore <= 6) sum.nps_detractors += 1;
  }
}

interface Bucket {
  intervalStart: Date;
  queue: string;
  channel: Channel;
  components: RebuiltComponents;
  line: number;
}

/** Interval rows sorted by interval start, queue and channel. Memory grows with intervals, not contacts. */
export async function rebuildIntervals(contacts: Iterable<ContactRow> | AsyncIterable<ContactRow>, options: RebuildOptions): Promise<IntervalRow[]> {
  const buckets = new Map<string, Bucket>();
  for await (const contact of contacts) {
    const intervalStart = intervalStartOf(contact.queuedAt, options.intervalMinutes, options.timeZone);
    const key = `${intervalStart.getTime()}\u0000${contact.queue}\u0000${contact.channel}`;
    let bucket = buckets.get(key);
    if (!bucket) {
      bucket = { intervalStart, queue: contact.queue, channel: contact.channel, components: emptyRebuilt(), line: contact.line };
      buckets.set(key, bucket);
    }
    bucket.line = Math.min(bucket.line, contact.line);
    addContact(bucket.components, contact, options);
  }
  return [...buckets.values()]
    .sort(
      (a, b) =>
        a.intervalStart.getTime() - b.intervalStart.getTime() || a.queue.localeCompare(b.queue) || a.channel.localeCompare(b.channel),
    )
    .map((bucket) => ({
      intervalStart: bucket.intervalStart,
      intervalMinutes: options.intervalMinutes,
      queue: bucket.queue,
      channel: bucket.channel,
      thresholdS: options.thresholdS,
      components: { ...bucket.components } satisfies Partial<Components>,
      line: bucket.line,
    }));
}
