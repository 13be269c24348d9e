/**
 * Timestamps in exports: ISO 8601 with an offset (Genesys, Twilio: UTC), or local wall-clock times read
 * in a site's IANA time zone (Avaya, NICE's mmddyyyy + period). DOMAIN.md: intervals are stored as UTC
 * instants, so a local time that does not exist (DST gap) or occurs twice (DST repeat) is an error that
 * says so, never a silent guess (FEEDS.md on NICE's repeated hour).
 */
import { isValidTimeZone, resolveWallTime, wallClockAsUtc, type LocalDateTime } from '../time/zoned';
import type { ValueIssueCode } from './issues';
import { isNoData, type ValueResult } from './values';

export { isValidTimeZone, type LocalDateTime };

export type InstantResult = ValueResult<Date | null>;

export interface TimestampOptions {
  /** IANA zone for values without an offset, e.g. 'Asia/Taipei'. */
  timeZone?: string;
  /** Order of a slashed date "03/08/2026": US exports are month first. */
  dateOrder?: 'mdy' | 'dmy';
  /** Some files label local times with a 'Z' (FEEDS.md); 'ignore' reads them in `timeZone` instead. */
  offsetPolicy?: 'respect' | 'ignore';
}

const fail = (code: ValueIssueCode, message: string): { ok: false; reason: { code: ValueIssueCode; message: string } } => ({
  ok: false,
  reason: { code, message },
});

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const describeLocal = (t: LocalDateTime) =>
  `${t.year}-${pad(t.month)}-${pad(t.day)} ${pad(t.hour)}:${pad(t.minute)}${t.second ? `:${pad(t.second)}` : ''}`;

function formatOffset(offsetMs: number): string {
  const sign = offsetMs < 0 ? '-' : '+';
  const minutes = Math.abs(offsetMs) / 60_000;
  return `${sign}${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/** The instant with its offset spelled out: "2026-11-01T01:30:00-04:00 (05:30 UTC)". */
function describeInstant(epochMs: number, offsetMs: number): string {
  const local = new Date(epochMs + offsetMs).toISOString().slice(0, 19);
  return `${local}${formatOffset(offsetMs)} (${new Date(epochMs).toISOString().slice(11, 16)} UTC)`;
}

function isValidLocal(t: LocalDateTime): boolean {
  const probe = new Date(wallClockAsUtc(t));
  return (
    probe.getUTCFullYear() === t.year &&
    probe.getUTCMonth() === t.month - 1 &&
    probe.getUTCDate() === t.day &&
    probe.getUTCHours() === t.hour &&
    probe.getUTCMinutes() === t.minute &&
    t.second < 60
  );
}

/** A wall-clock time in an IANA zone to the one instant it names (time/zoned.ts); a DST gap or repeat is an error. */
export function localToInstant(local: LocalDateTime, timeZone: string): InstantResult {
  if (!isValidTimeZone(timeZone)) return fail('timezone_invalid', `"${timeZone}" is not a known IANA time zone.`);
  if (!isValidLocal(local)) return fail('timestamp_invalid', `${describeLocal(local)} is not a valid date and time.`);
  const resolved = resolveWallTime(local, timeZone);
  if (resolved.kind === 'gap') {
    return fail('dst_gap', `${describeLocal(local)} does not exist in ${timeZone}: the clocks skip it when daylight saving starts.`);
  }
  if (resolved.kind === 'ambiguous') {
    const { earlier, later } = resolved;
    return fail(
      'dst_ambiguous',
      `${describeLocal(local)} occurs twice in ${timeZone} when daylight saving ends: ` +
        `${describeInstant(earlier.epochMs, earlier.offsetMs)} or ${describeInstant(later.epochMs, later.offsetMs)}. ` +
        'Send times with a UTC offset for this hour.',
    );
  }
  return { ok: true, value: new Date(resolved.instant.epochMs) };
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const SLASHED = /^(\d{1,4})\/(\d{1,2})\/(\d{1,4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

function toMilliseconds(fraction: string | undefined): number {
  return fraction ? Math.round(Number(`0.${fraction}`) * 1000) : 0;
}

function offsetToMs(offset: string): number {
  if (offset.toUpperCase() === 'Z') return 0;
  const digits = offset.slice(1).replace(':', '');
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0');
  return (offset.startsWith('-') ? -1 : 1) * minutes * 60_000;
}

const digitAt = (text: string, i: number) => text.charCodeAt(i) - 48;
const twoDigits = (text: string, i: number) => {
  const a = digitAt(text, i);
  const b = digitAt(text, i + 1);
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
};

/**
 * parseTimestamp's fast path for the shape most feeds write, "2026-03-08T02:30:00+08:00" or
 * "2026-03-08T02:30:00Z" (a space for the T too): the same fields the ISO pattern would capture, read
 * without it. null for any other text, which then takes the pattern.
 */
function fixedIsoWithOffset(text: string): { local: LocalDateTime; offsetMs: number } | null {
  const length = text.length;
  if (length !== 20 && length !== 25) return null;
  const t = text.charCodeAt(10);
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || (t !== 84 && t !== 116 && t !== 32) || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) {
    return null;
  }
  const century = twoDigits(text, 0);
  const yearInCentury = twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  const hour = twoDigits(text, 11);
  const minute = twoDigits(text, 14);
  const second = twoDigits(text, 17);
  if (century < 0 || yearInCentury < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return null;
  const sign = text.charCodeAt(19);
  let offsetMs: number;
  if (length === 20) {
    if (sign !== 90 && sign !== 122) return null; // Z or z
    offsetMs = 0;
  } else {
    const offsetHours = twoDigits(text, 20);
    const offsetMinutes = twoDigits(text, 23);
    if ((sign !== 43 && sign !== 45) || text.charCodeAt(22) !== 58 || offsetHours < 0 || offsetMinutes < 0) return null;
    offsetMs = (sign === 45 ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000;
  }
  return { local: { year: century * 100 + yearInCentury, month, day, hour, minute, second, millisecond: 0 }, offsetMs };
}

function parseSlashedDate(match: RegExpExecArray, dateOrder: 'mdy' | 'dmy'): LocalDateTime | null {
  const [, a = '', b = '', c = '', hour, minute, second] = match;
  const time = { hour: Number(hour ?? 0), minute: Number(minute ?? 0), second: Number(second ?? 0), millisecond: 0 };
  // Taiwanese and ISO-like exports write "2026/03/08": a four-digit first part is the year.
  if (a.length === 4) return { year: Number(a), month: Number(b), day: Number(c), ...time };
  if (c.length !== 4) return null;
  const [month, day] = dateOrder === 'mdy' ? [Number(a), Number(b)] : [Number(b), Number(a)];
  return { year: Number(c), month, day, ...time };
}

/**
 * Parses an ISO 8601 timestamp with offset or Z, or a local date-time ("2026-03-08 02:30",
 * "03/08/2026 02:30", "2026/03/08", a date alone meaning midnight) read in `options.timeZone`.
 */
export function parseTimestamp(raw: string, options: TimestampOptions = {}): InstantResult {
  const text = raw.trim();
  if (options.offsetPolicy !== 'ignore') {
    const fixed = fixedIsoWithOffset(text);
    if (fixed) {
      if (!isValidLocal(fixed.local)) return fail('timestamp_invalid', `"${raw}" is not a valid date and time.`);
      return { ok: true, value: new Date(wallClockAsUtc(fixed.local) - fixed.offsetMs) };
    }
  }
  if (isNoData(text)) return { ok: true, value: null };
  const iso = ISO.exec(text);
  let local: LocalDateTime | null = null;
  if (iso) {
    const [, year, month, day, hour, minute, second, fraction, offset] = iso;
    local = {
      year: Number(year),
      month: Number(month),
      day: Number(day),
      hour: Number(hour ?? 0),
      minute: Number(minute ?? 0),
      second: Number(second ?? 0),
      millisecond: toMilliseconds(fraction),
    };
    if (offset && options.offsetPolicy !== 'ignore') {
      if (!isValidLocal(local)) return fail('timestamp_invalid', `"${raw}" is not a valid date and time.`);
      return { ok: true, value: new Date(wallClockAsUtc(local) - offsetToMs(offset)) };
    }
  } else {
    const slashed = SLASHED.exec(text);
    if (slashed) local = parseSlashedDate(slashed, options.dateOrder ?? 'mdy');
  }
  if (!local) return fail('timestamp_invalid', `"${raw}" is not a date and time this importer can read.`);
  if (!options.timeZone) {
    return fail('timestamp_zone_missing', `"${raw}" has no UTC offset and no time zone was given to read it in.`);
  }
  return localToInstant(local, options.timeZone);
}

/**
 * NICE IEX ctQueue: `date` as mmddyyyy and `period` as the 24-hour start "HHMM" or "HH:MM", read in
 * the zone of its TZ column (FEEDS.md). The repeated hour on the DST change date cannot be told apart.
 */
export function parseNiceDatePeriod(date: string, period: string, timeZone: string): InstantResult {
  const dateMatch = /^(\d{2})(\d{2})(\d{4})$/.exec(date.trim());
  const periodMatch = /^(\d{1,2}):?(\d{2})$/.exec(period.trim());
  if (!dateMatch || !periodMatch) {
    return fail('timestamp_invalid', `date "${date}" and period "${period}" are not mmddyyyy and HHMM.`);
  }
  const [, month, day, year] = dateMatch;
  const [, hour, minute] = periodMatch;
  return localToInstant(
    { year: Number(year), month: Number(month), day: Number(day), hour: Number(hour), minute: Number(minute), second: 0, millisecond: 0 },
    timeZone,
  );
}
