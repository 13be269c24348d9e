import { describe, expect, it } from 'vitest';
import { durationUnitFromHeader, parseCount, parseDuration, parseNumber } from '#app/domain/feeds';

const number = (raw: string, decimalSeparator: '.' | ',' = '.') => {
  const result = parseNumber(raw, { decimalSeparator });
  return result.ok ? result.value : result.reason.code;
};

describe('parseNumber', () => {
  it('reads integers, decimals and thousands separators', () => {
    expect(number('1234')).toEqual({ value: 1234, isNegative: false, isPercent: false });
    expect(number('1,234.5')).toMatchObject({ value: 1234.5 });
    expect(number('1 234 567')).toMatchObject({ value: 1234567 });
    expect(number(' 0.25 ')).toMatchObject({ value: 0.25 });
  });

  it('reads decimal commas when sniffed', () => {
    expect(number('1.234,5', ',')).toMatchObject({ value: 1234.5 });
    expect(number('12,75', ',')).toMatchObject({ value: 12.75 });
    expect(number('1\u00a0234,5', ',')).toMatchObject({ value: 1234.5 });
    // Without the sniffed decimal comma, "12,75" is a broken thousands group, not 1275.
    expect(number('12,75')).toBe('number_invalid');
  });

  it('reads percentages as ratios', () => {
    expect(number('85%')).toEqual({ value: 0.85, isNegative: false, isPercent: true });
    expect(number('85,0 %', ',')).toMatchObject({ value: 0.85, isPercent: true });
    expect(number('85.3%')).toMatchObject({ value: 0.853 });
  });

  it('keeps "no data" distinct from 0', () => {
    for (const raw of ['-', '--', '', '  ', 'N/A', 'n/a']) expect(number(raw)).toBeNull();
    expect(number('0')).toEqual({ value: 0, isNegative: false, isPercent: false });
  });

  it('flags negatives, including accounting parentheses', () => {
    expect(number('-3')).toEqual({ value: -3, isNegative: true, isPercent: false });
    expect(number('(1,200)')).toMatchObject({ value: -1200, isNegative: true });
    expect(number('-0')).toMatchObject({ value: 0, isNegative: false });
  });

  it('rejects what is not a number', () => {
    for (const raw of ['abc', '1.2.3', '12a', '--5', '1,23,4']) expect(number(raw)).toBe('number_invalid');
    const failure = parseNumber('abc');
    expect(failure).toEqual({ ok: false, reason: { code: 'number_invalid', message: '"abc" is not a number.' } });
  });
});

describe('parseCount', () => {
  it('accepts non-negative integers and no data', () => {
    expect(parseCount('1,234')).toEqual({ ok: true, value: 1234 });
    expect(parseCount('-')).toEqual({ ok: true, value: null });
  });
  it('rejects negatives, fractions and percentages with their own codes', () => {
    expect(parseCount('-4')).toMatchObject({ ok: false, reason: { code: 'number_negative' } });
    expect(parseCount('4.5')).toMatchObject({ ok: false, reason: { code: 'number_not_integer' } });
    expect(parseCount('45%')).toMatchObject({ ok: false, reason: { code: 'number_invalid' } });
  });
});

const seconds = (raw: string, unit?: Parameters<typeof parseDuration>[1], decimalSeparator: '.' | ',' = '.') => {
  const result = parseDuration(raw, unit, { decimalSeparator });
  return result.ok ? result.value : result.reason.code;
};

describe('parseDuration', () => {
  it('reads seconds, with decimals', () => {
    expect(seconds('123')).toBe(123);
    expect(seconds('123.5')).toBe(123.5);
    expect(seconds('123,5', 'seconds', ',')).toBe(123.5);
  });
  it('reads clock formats', () => {
    expect(seconds('0:05:15')).toBe(315);
    expect(seconds('1:02:03')).toBe(3723);
    expect(seconds('26:00:00')).toBe(93600);
    expect(seconds('00:00:12.250')).toBe(12.25);
    expect(seconds('05:15')).toBe(315);
  });
  it('reads minutes and hours when the column says so', () => {
    expect(seconds('2.1', 'minutes')).toBe(126);
    expect(seconds('1.5', 'hours')).toBe(5400);
    expect(seconds('1500', 'milliseconds')).toBe(1.5);
    // A clock value is a clock value whatever the unit hint.
    expect(seconds('20:00', 'minutes')).toBe(1200);
  });
  it('treats dashes as no data and rejects the rest', () => {
    expect(seconds('-')).toBeNull();
    expect(seconds('')).toBeNull();
    expect(seconds('-5')).toBe('duration_negative');
    expect(seconds('-0:00:05')).toBe('duration_negative');
    expect(seconds('1:75:00')).toBe('duration_invalid');
    expect(seconds('5 minutes')).toBe('duration_invalid');
    expect(seconds('85%')).toBe('duration_invalid');
  });
});

describe('durationUnitFromHeader', () => {
  it('reads the unit a header states', () => {
    expect(durationUnitFromHeader('Total Handle Time (Seconds)')).toBe('seconds');
    expect(durationUnitFromHeader('ACW_Seconds')).toBe('seconds');
    expect(durationUnitFromHeader('ACW Time (min)')).toBe('minutes');
    expect(durationUnitFromHeader('Staffed hours')).toBe('hours');
    expect(durationUnitFromHeader('Avg ACD Time')).toBeNull();
  });
});
