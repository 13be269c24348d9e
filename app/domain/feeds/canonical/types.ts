/**
 * The rows every feed is mapped to, whatever the platform (issue 4): interval rows carry additive
 * components (DOMAIN.md "Store components, derive ratios"); contact rows are one contact each and are
 * turned into interval rows by the portal (contacts/rebuild.ts).
 */
import type { Components } from '../../kpi/components';

/** DOMAIN.md's channels. */
export const CHANNELS = ['voice', 'ivr', 'email', 'chat', 'web', 'fax', 'back_office'] as const;
export type Channel = (typeof CHANNELS)[number];

export const INTERVAL_MINUTES = [15, 30, 60, 1440] as const;
export type IntervalMinutes = (typeof INTERVAL_MINUTES)[number];

export function isChannel(value: string): value is Channel {
  return (CHANNELS as readonly string[]).includes(value);
}

export function isIntervalMinutes(value: number): value is IntervalMinutes {
  return (INTERVAL_MINUTES as readonly number[]).includes(value);
}

export interface IntervalRow {
  /** UTC instant of the interval's start, aligned to the interval length in the program's time zone. */
  intervalStart: Date;
  intervalMinutes: IntervalMinutes;
  queue: string;
  channel: Channel;
  /** T in seconds of answered_within_threshold / abandoned_within_threshold; null when the row has neither. */
  thresholdS: number | null;
  /** Only what the file measures: an absent component is "no data", which is not 0. */
  components: Partial<Components>;
  /** Line (or worksheet row) of the record the row came from; the first one when records were merged. */
  line: number;
}

export type CsatScore = 1 | 2 | 3 | 4 | 5;
export type NpsScore = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10;

export const isCsatScore = (score: number): score is CsatScore => Number.isInteger(score) && score >= 1 && score <= 5;
export const isNpsScore = (score: number): score is NpsScore => Number.isInteger(score) && score >= 0 && score <= 10;

export interface ContactRow {
  contactId: string;
  queue: string;
  channel: Channel;
  queuedAt: Date;
  answeredAt: Date | null;
  abandonedAt: Date | null;
  talkS: number;
  holdS: number;
  wrapS: number;
  transferred: boolean;
  /** null: the contact was not measured for first-contact resolution. */
  fcrResolved: boolean | null;
  csatScore: CsatScore | null;
  npsScore: NpsScore | null;
  line: number;
}
