import { describe, expect, it } from 'vitest';
import { localToInstant, parseNiceDatePeriod, parseTimestamp, type TimestampOptions } from '#app/domain/feeds';

const instant = (raw: string, options: TimestampOptions = {}) => {
  const result = parseTimestamp(raw, options);
  if (!result.ok) return result.reason.code;
  return result.value === null ? null : result.value.toISOString();
};

describe('parseTimestamp: ISO 8601 with an offset', () => {
  it('reads Z and offsets without a time zone', () => {
    expect(instant('2026-03-02T08:15:00Z')).toBe('2026-03-02T08:15:00.000Z');
    expect(instant('2026-03-02T16:15:00+08:00')).toBe('2026-03-02T08:15:00.000Z');
    expect(instant('2026-03-02 03:15:00.5-0500')).toBe('2026-03-02T08:15:00.500Z');
  });
  it('can read a falsely Z-labelled local time in the site zone', () => {
    expect(instant('2026-03-02T08:00:00Z', { timeZone: 'Asia/Taipei', offsetPolicy: 'ignore' })).toBe('2026-03-02T00:00:00.000Z');
  });
  it('rejects impossible dates, unreadable text and missing zones', () => {
    expect(instant('2026-02-30T08:00:00Z')).toBe('timestamp_invalid');
    expect(instant('yesterday', { timeZone: 'UTC' })).toBe('timestamp_invalid');
    expect(instant('2026-03-02 08:00')).toBe('timestamp_zone_missing');
    expect(instant('2026-03-02 08:00', { timeZone: 'Mars/Olympus' })).toBe('timezone_invalid');
    expect(instant('-', { timeZone: 'UTC' })).toBeNull();
  });
});

describe('parseTimestamp: local times', () => {
  it('reads Asia/Taipei (UTC+8, no DST) in several spellings', () => {
    const taipei = { timeZone: 'Asia/Taipei' };
    expect(instant('2026-03-08 02:30', taipei)).toBe('2026-03-07T18:30:00.000Z');
    expect(instant('2026/03/08 02:30', taipei)).toBe('2026-03-07T18:30:00.000Z');
    expect(instant('03/08/2026 02:30', taipei)).toBe('2026-03-07T18:30:00.000Z');
    expect(instant('08/03/2026 02:30', { ...taipei, dateOrder: 'dmy' })).toBe('2026-03-07T18:30:00.000Z');
    expect(instant('2026-03-08', taipei)).toBe('2026-03-07T16:00:00.000Z');
  });

  it('America/New_York: the spring-forward hour does not exist', () => {
    const result = parseTimestamp('2026-03-08 02:30', { timeZone: 'America/New_York' });
    expect(result).toMatchObject({ ok: false, reason: { code: 'dst_gap' } });
    expect(instant('2026-03-08 01:59', { timeZone: 'America/New_York' })).toBe('2026-03-08T06:59:00.000Z');
    expect(instant('2026-03-08 03:00', { timeZone: 'America/New_York' })).toBe('2026-03-08T07:00:00.000Z');
  });

  it('America/New_York: the fall-back hour is ambiguous and both instants are named', () => {
    const result = parseTimestamp('2026-11-01 01:30', { timeZone: 'America/New_York' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason.code).toBe('dst_ambiguous');
    expect(result.reason.message).toContain('2026-11-01T01:30:00-04:00 (05:30 UTC)');
    expect(result.reason.message).toContain('2026-11-01T01:30:00-05:00 (06:30 UTC)');
    expect(instant('2026-11-01 02:00', { timeZone: 'America/New_York' })).toBe('2026-11-01T07:00:00.000Z');
  });

  it('Europe/London: gap at 01:00 in March, repeat at 01:00 in October', () => {
    const london = { timeZone: 'Europe/London' };
    expect(instant('2026-03-29 01:30', london)).toBe('dst_gap');
    expect(instant('2026-03-29 02:00', london)).toBe('2026-03-29T01:00:00.000Z');
    const repeat = parseTimestamp('2026-10-25 01:30', london);
    expect(repeat).toMatchObject({ ok: false, reason: { code: 'dst_ambiguous' } });
    if (!repeat.ok) expect(repeat.reason.message).toMatch(/\+01:00 \(00:30 UTC\).*\+00:00 \(01:30 UTC\)/);
    expect(instant('2026-07-01 12:00', london)).toBe('2026-07-01T11:00:00.000Z');
  });
});

describe('localToInstant and NICE date/period', () => {
  it('reads mmddyyyy with HHMM or HH:MM periods', () => {
    const at = (date: string, period: string, zone: string) => {
      const result = parseNiceDatePeriod(date, period, zone);
      return result.ok ? result.value?.toISOString() : result.reason.code;
    };
    expect(at('03082026', '0130', 'America/New_York')).toBe('2026-03-08T06:30:00.000Z');
    expect(at('03082026', '02:30', 'America/New_York')).toBe('dst_gap');
    expect(at('11012026', '0130', 'America/New_York')).toBe('dst_ambiguous');
    expect(at('11012026', '0130', 'Asia/Taipei')).toBe('2026-10-31T17:30:00.000Z');
    expect(at('2026-11-01', '0130', 'Asia/Taipei')).toBe('timestamp_invalid');
  });
  it('rejects an unknown zone', () => {
    const local = { year: 2026, month: 1, day: 1, hour: 0, minute: 0, second: 0, millisecond: 0 };
    expect(localToInstant(local, 'Nowhere/City')).toMatchObject({ ok: false, reason: { code: 'timezone_invalid' } });
  });
});
