/**
 * Wall-clock arithmetic in the program's time zone. DOMAIN.md: interval starts are aligned to the interval
 * length in the program's zone (a day starts at local midnight), and stored as UTC instants, so 23- and
 * 25-hour days keep their real intervals.
 */
import { localDateTimeOf, resolveWallTime, type LocalDateTime } from '../../time/zoned';

/** The wall-clock reading of an instant in `timeZone`. */
export function wallClockOf(instant: Date, timeZone: string): LocalDateTime {
  return localDateTimeOf(instant, timeZone);
}

const msIntoLocalDay = (t: LocalDateTime) => ((t.hour * 60 + t.minute) * 60 + t.second) * 1000 + t.millisecond;

/** Whether an interval of `minutes` may start at `instant` in `timeZone` (15-minute boundaries, local midnight). */
export function isAlignedToInterval(instant: Date, minutes: number, timeZone: string): boolean {
  return msIntoLocalDay(wallClockOf(instant, timeZone)) % (minutes * 60_000) === 0;
}

/** The start of the interval of `minutes` that contains `instant`, in `timeZone`. */
export function intervalStartOf(instant: Date, minutes: number, timeZone: string): Date {
  const local = wallClockOf(instant, timeZone);
  if (minutes === 1440) {
    // Local midnight through the zone rules: a day with a DST change earlier that day is not 24 h long.
    const midnight = resolveWallTime({ ...local, hour: 0, minute: 0, second: 0, millisecond: 0 }, timeZone);
    if (midnight.kind === 'unique') return new Date(midnight.instant.epochMs);
  }
  // Within one interval of 60 minutes or less the offset is the one at `instant` (DST moves whole intervals).
  return new Date(instant.getTime() - (msIntoLocalDay(local) % (minutes * 60_000)));
}
