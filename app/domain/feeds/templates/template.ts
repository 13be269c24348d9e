/**
 * A template maps the records of one export layout to canonical rows (issue 4: platform templates, the
 * canonical formats, and custom mappings saved by a unit all have this shape).
 */
import type { ServiceLevelVariant } from '../../kpi/catalog';
import type { FeedRecord } from '../feed-reader';
import type { DecimalSeparator } from '../sniff';
import type { MappingIssueCollector } from '../canonical/issues';
import type { Channel, ContactRow, IntervalMinutes, IntervalRow } from '../canonical/types';

export interface MappingContext {
  /** The file's header as the reader returned it. */
  header: readonly string[];
  /** The program's IANA time zone: local times are read in it and interval alignment is checked in it. */
  timeZone: string;
  issues: MappingIssueCollector;
  /** For layouts that do not state the interval length (Avaya, NICE, Connect without an interval column). */
  intervalMinutes?: IntervalMinutes;
  /** Defaults for layouts without a queue or channel column (one file per split, voice-only ACDs). */
  queue?: string;
  channel?: Channel;
  /** The unit's queues' channels by lower-cased queue name: the channel of a row whose file has no channel column. */
  queueChannels?: ReadonlyMap<string, Channel>;
  /** The SLA's T, preferred when a file reports several thresholds (Connect "answered in 20/60 seconds"). */
  thresholdS?: number;
  /** Start of the period of a file with one row per queue and no interval column (Connect's queue report). */
  periodStart?: Date;
  /** From the CSV reader's sniffing; '.' otherwise. */
  decimalSeparator?: DecimalSeparator;
}

interface TemplateBase {
  id: string;
  label: string;
  /** 0 (not this layout) to 1 (every signature column present). */
  detect(header: readonly string[]): number;
  /** Column names that let the sniffer find the header line after a preamble. */
  knownColumns: readonly string[];
}

export interface IntervalTemplate extends TemplateBase {
  kind: 'intervals';
  /**
   * The service-level variant behind the platform's own SL % column, when it has one (Connect: positive).
   * The counts are stored either way; this says how the vendor's percentage was computed.
   */
  vendorServiceLevelVariant?: ServiceLevelVariant;
  map(records: AsyncIterable<FeedRecord>, ctx: MappingContext): AsyncIterable<IntervalRow>;
}

export interface ContactTemplate extends TemplateBase {
  kind: 'contacts';
  map(records: AsyncIterable<FeedRecord>, ctx: MappingContext): AsyncIterable<ContactRow>;
}

export type FeedTemplate = IntervalTemplate | ContactTemplate;
