/**
 * Cell text to numbers and durations. FEEDS.md: the same platform writes seconds, hh:mm:ss or minutes;
 * "no data" is a dash or an empty cell and must stay distinct from 0; European Excel writes decimal
 * commas. Results are explicit: a failure is a stable code plus an English message, never an exception.
 */
import type { ValueIssue, ValueIssueCode } from './issues';
import type { DecimalSeparator } from './sniff';

export type ValueResult<T> = { ok: true; value: T } | { ok: false; reason: ValueIssue };

export interface ParsedNumber {
  value: number;
  isNegative: boolean;
  /** Written with a percent sign; `value` is then the ratio ("85%" -> 0.85). */
  isPercent: boolean;
}

/** `null` is "no data" (a dash, N/A or an empty cell), which is not 0. */
export type NumberResult = ValueResult<ParsedNumber | null>;
/** Seconds, or `null` for no data. */
export type DurationResult = ValueResult<number | null>;

export interface NumberOptions {
  decimalSeparator?: DecimalSeparator;
}

const NO_DATA = new Set(['', '-', '--', '—', '–', 'n/a', 'na', '#n/a']);

export function isNoData(value: string): boolean {
  return NO_DATA.has(value.trim().toLowerCase());
}

const fail = (code: ValueIssueCode, message: string): { ok: false; reason: ValueIssue } => ({
  ok: false,
  reason: { code, message },
});

// Group separators seen in exports: comma or dot (the one that is not the decimal), space, NBSP, narrow NBSP.
const SPACES = '[ \\u00a0\\u202f]';
const DOT_DECIMAL_NUMBER = new RegExp(`^(\\d{1,3}(?:(?:,|${SPACES})\\d{3})+|\\d+)(?:\\.(\\d+))?$`);
const COMMA_DECIMAL_NUMBER = new RegExp(`^(\\d{1,3}(?:(?:\\.|${SPACES})\\d{3})+|\\d+)(?:,(\\d+))?$`);

const DIGIT_0 = 48;
const DIGIT_9 = 57;
const DOT = 46;
const COMMA = 44;

/**
 * The fast path of the number readers: a plain unsigned decimal ("1234", "12.5", or "12,5" under a decimal
 * comma) with at most 15 characters, read without a regex or an allocation; -1 for any other text, which
 * then takes the full parser (groups, signs, percentages, no-data marks and their error messages).
 */
export function plainNumber(text: string, decimalSeparator: DecimalSeparator = '.'): number {
  const length = text.length;
  if (length === 0 || length > 15) return -1;
  const separator = decimalSeparator === ',' ? COMMA : DOT;
  let integer = 0;
  let separatorAt = -1;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c >= DIGIT_0 && c <= DIGIT_9) {
      if (separatorAt < 0) integer = integer * 10 + (c - DIGIT_0);
      continue;
    }
    if (c !== separator || separatorAt >= 0 || i === 0 || i === length - 1) return -1;
    separatorAt = i;
  }
  if (separatorAt < 0) return integer;
  return Number(separator === DOT ? text : `${text.slice(0, separatorAt)}.${text.slice(separatorAt + 1)}`);
}

/**
 * Parses "1234", "1,234.5", "1.234,5" (decimal comma), "85%", "85,0 %", "-3", "(3)" (accounting
 * negative). Thousands groups must have three digits, so "1,23" is rejected rather than guessed.
 */
export function parseNumber(raw: string, options: NumberOptions = {}): NumberResult {
  const plain = plainNumber(raw, options.decimalSeparator);
  if (plain >= 0) return { ok: true, value: { value: plain, isNegative: false, isPercent: false } };
  const text = raw.trim();
  if (isNoData(text)) return { ok: true, value: null };
  let body = text;
  let isNegative = false;
  if (/^\(.*\)$/.test(body)) {
    isNegative = true;
    body = body.slice(1, -1).trim();
  }
  if (body.startsWith('-') || body.startsWith('−')) {
    if (isNegative) return fail('number_invalid', `"${raw}" is not a number.`);
    isNegative = true;
    body = body.slice(1).trim();
  } else if (body.startsWith('+')) {
    body = body.slice(1).trim();
  }
  const isPercent = body.endsWith('%');
  if (isPercent) body = body.slice(0, -1).trim();
  const pattern = options.decimalSeparator === ',' ? COMMA_DECIMAL_NUMBER : DOT_DECIMAL_NUMBER;
  const match = pattern.exec(body);
  if (!match) return fail('number_invalid', `"${raw}" is not a number.`);
  const integerDigits = (match[1] ?? '').replace(/[^\d]/g, '');
  const magnitude = Number(match[2] === undefined ? integerDigits : `${integerDigits}.${match[2]}`);
  const signed = isNegative ? -magnitude : magnitude;
  // Dividing a decimal by 100 in floating point gives 0.8530000000000001; rounding to the digits written keeps it exact.
  const value = isPercent ? roundTo(signed / 100, (match[2]?.length ?? 0) + 2) : signed;
  return { ok: true, value: { value: value === 0 ? 0 : value, isNegative: isNegative && magnitude !== 0, isPercent } };
}

function roundTo(value: number, digits: number): number {
  return Number(value.toFixed(Math.min(digits, 20)));
}

/** A count or other additive component: a non-negative integer, or no data. */
export function parseCount(raw: string, options: NumberOptions = {}): ValueResult<number | null> {
  const plain = plainNumber(raw, options.decimalSeparator);
  if (plain >= 0 && Number.isInteger(plain)) return { ok: true, value: plain };
  const parsed = parseNumber(raw, options);
  if (!parsed.ok || parsed.value === null) return parsed.ok ? { ok: true, value: null } : parsed;
  if (parsed.value.isPercent) return fail('number_invalid', `"${raw}" is a percentage, not a count.`);
  if (parsed.value.isNegative) return fail('number_negative', `"${raw}" is negative; a count cannot be.`);
  if (!Number.isInteger(parsed.value.value)) return fail('number_not_integer', `"${raw}" is not a whole number.`);
  return { ok: true, value: parsed.value.value };
}

export type DurationUnit = 'seconds' | 'minutes' | 'hours' | 'milliseconds';

const SECONDS_PER_UNIT: Record<DurationUnit, number> = { milliseconds: 0.001, seconds: 1, minutes: 60, hours: 3600 };

/** Reads the unit a column header states, e.g. "Total Handle Time (Seconds)", "ACW_Time (min)". */
export function durationUnitFromHeader(header: string): DurationUnit | null {
  const name = header.toLowerCase();
  if (/\b(ms|msec|milliseconds?)\b/.test(name)) return 'milliseconds';
  if (/\b(s|sec|secs|seconds?)\b|_seconds\b/.test(name)) return 'seconds';
  if (/\b(m|min|mins|minutes?)\b|_minutes\b/.test(name)) return 'minutes';
  if (/\b(h|hr|hrs|hours?)\b|_hours\b/.test(name)) return 'hours';
  return null;
}

/** parseDuration's fast path for a plain number of `unit`s: seconds, or -1 for any other text. */
export function plainDuration(raw: string, unit: DurationUnit = 'seconds', decimalSeparator: DecimalSeparator = '.'): number {
  const plain = plainNumber(raw, decimalSeparator);
  if (plain < 0) return -1;
  const seconds = plain * SECONDS_PER_UNIT[unit];
  // As parseDuration rounds: minutes with decimals (2.1 min) would otherwise be 126.00000000000001 s.
  return Number.isInteger(seconds) ? seconds : Number(seconds.toFixed(6));
}

const CLOCK = /^(\d+):(\d{1,2})(?::(\d{1,2}))?(?:[.,](\d{1,6}))?$/;

/**
 * Parses a duration to seconds: a plain number in `unit` (seconds unless the column says otherwise),
 * "H:MM:SS", "HH:MM:SS.fff", or "MM:SS". Two-part clock values are minutes and seconds, as in the
 * Genesys and Connect UIs; minutes and seconds after the first part must be below 60.
 */
export function parseDuration(raw: string, unit: DurationUnit = 'seconds', options: NumberOptions = {}): DurationResult {
  const plain = plainDuration(raw, unit, options.decimalSeparator);
  if (plain >= 0) return { ok: true, value: plain };
  const text = raw.trim();
  if (isNoData(text)) return { ok: true, value: null };
  const isNegative = text.startsWith('-') || text.startsWith('−');
  const body = isNegative ? text.slice(1).trim() : text;
  const clock = CLOCK.exec(body);
  let seconds: number;
  if (clock) {
    const [, first, second, third, fraction] = clock;
    const parts = (third === undefined ? [0, Number(first), Number(second)] : [Number(first), Number(second), Number(third)]) as [
      number,
      number,
      number,
    ];
    const [hours, minutes, secs] = parts;
    const hasLeadingHours = third !== undefined;
    if ((hasLeadingHours && minutes >= 60) || secs >= 60) {
      return fail('duration_invalid', `"${raw}" is not a valid duration: minutes and seconds must be below 60.`);
    }
    seconds = hours * 3600 + minutes * 60 + secs + (fraction ? Number(`0.${fraction}`) : 0);
  } else {
    const number = parseNumber(body, options);
    if (!number.ok || number.value === null || number.value.isPercent || number.value.isNegative) {
      return fail('duration_invalid', `"${raw}" is not a duration (seconds, H:MM:SS or MM:SS).`);
    }
    seconds = number.value.value * SECONDS_PER_UNIT[unit];
    // Minutes with decimals (2.1 min) would otherwise come back as 126.00000000000001 s.
    seconds = Number(seconds.toFixed(6));
  }
  if (isNegative && seconds !== 0) return fail('duration_negative', `"${raw}" is a negative duration.`);
  return { ok: true, value: seconds };
}
