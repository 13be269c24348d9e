/**
 * Wall-clock arithmetic in an IANA time zone, the one implementation the feed readers and the KPI rollups
 * share. DOMAIN.md: instants are stored in UTC and read in the program's (or site's) zone; a local time
 * that the zone skips (DST gap) or repeats (DST overlap) is reported as such, never silently resolved.
 */

export interface LocalDate {
  year: number;
  /** 1-12 */
  month: number;
  day: number;
}

export interface LocalDateTime extends LocalDate {
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

// Intl.DateTimeFormat is costly to build, and rollups and readers call it per row.
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The cached formatter of `timeZone`. Throws a RangeError on a zone Intl does not know. */
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      calendar: 'gregory',
      numberingSystem: 'latn',
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/**
 * The wall-clock reading of an instant in `timeZone` (proleptic Gregorian, year 0 = 1 BC). Throws a
 * RangeError on an unknown zone or an invalid instant.
 */
export function localDateTimeOf(instant: Date | number, timeZone: string): LocalDateTime {
  const epochMs = typeof instant === 'number' ? instant : instant.getTime();
  const local: LocalDateTime = { year: 0, month: 1, day: 1, hour: 0, minute: 0, second: 0, millisecond: ((epochMs % 1000) + 1000) % 1000 };
  let isBeforeCommonEra = false;
  for (const part of formatterFor(timeZone).formatToParts(epochMs)) {
    switch (part.type) {
      case 'year':
      case 'month':
      case 'day':
      case 'hour':
      case 'minute':
      case 'second':
        local[part.type] = Number(part.value);
        break;
      case 'era':
        isBeforeCommonEra = part.value.startsWith('B');
        break;
    }
  }
  if (isBeforeCommonEra) local.year = 1 - local.year;
  return local;
}

/** The wall-clock fields read as if they were UTC, in milliseconds since the epoch. */
export function wallClockAsUtc(local: LocalDateTime): number {
  return Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second, local.millisecond);
}

// Offsets by zone and instant: a feed repeats each interval start once per queue, and a day's intervals
// resolve the same few instants, so Intl (~5 µs a call) runs once per distinct instant. Bounded: a zone's
// map is dropped when it is full (a file's instants are mostly in order, so recent ones are what hits).
const OFFSET_CACHE_SIZE = 8192;
const offsetCaches = new Map<string, Map<number, number>>();

/** Offset of `timeZone` from UTC at an instant, in milliseconds (Taipei: +8 h). */
export function offsetAt(epochMs: number, timeZone: string): number {
  let cache = offsetCaches.get(timeZone);
  if (!cache) offsetCaches.set(timeZone, (cache = new Map()));
  let offset = cache.get(epochMs);
  if (offset === undefined) {
    offset = wallClockAsUtc(localDateTimeOf(epochMs, timeZone)) - epochMs;
    if (cache.size >= OFFSET_CACHE_SIZE) cache.clear();
    cache.set(epochMs, offset);
  }
  return offset;
}

/** One reading of a wall-clock time: the instant and the zone's offset there. */
export interface ZonedInstant {
  epochMs: number;
  offsetMs: number;
}

/** What a wall-clock time names in a zone: one instant, none (DST gap) or two (DST overlap), earlier first. */
export type WallTimeResolution =
  | { kind: 'unique'; instant: ZonedInstant }
  | { kind: 'gap' }
  | { kind: 'ambiguous'; earlier: ZonedInstant; later: ZonedInstant };

const MS_PER_DAY = 86_400_000;

/**
 * The instants a wall-clock time names in `timeZone`. The zone's offsets a day before and a day after are
 * the only candidates (no zone changes offset twice within two days); each is kept if the zone really has
 * that offset at the resulting instant. Throws a RangeError on an unknown zone.
 */
export function resolveWallTime(local: LocalDateTime, timeZone: string): WallTimeResolution {
  const asUtc = wallClockAsUtc(local);
  const candidateOffsets = [...new Set([offsetAt(asUtc - MS_PER_DAY, timeZone), offsetAt(asUtc + MS_PER_DAY, timeZone)])];
  const [earlier, later] = candidateOffsets
    .map((offsetMs) => ({ offsetMs, epochMs: asUtc - offsetMs }))
    .filter(({ offsetMs, epochMs }) => offsetAt(epochMs, timeZone) === offsetMs)
    .sort((a, b) => a.epochMs - b.epochMs);
  if (!earlier) return { kind: 'gap' };
  if (later) return { kind: 'ambiguous', earlier, later };
  return { kind: 'unique', instant: earlier };
}
