/**
 * Reads the cells of one record into typed values, reporting each failure at its line and column, so a
 * vendor gets every bad cell of a row at once. FEEDS.md: a dash or an empty cell is "no data" (undefined
 * here), never 0.
 */
import type { FeedRecord } from '../feed-reader';
import { issueFromValue, type ValueIssue } from '../issues';
import type { DecimalSeparator } from '../sniff';
import { parseTimestamp, type TimestampOptions } from '../timestamps';
import { isNoData, parseCount, parseDuration, parseNumber, plainDuration, plainNumber, type DurationUnit, type ValueResult } from '../values';
import type { IssueCode, MappingIssue, MappingIssueCollector } from './issues';
import { isChannel, type Channel } from './types';

const CHANNEL_ALIASES: Record<string, Channel> = {
  phone: 'voice',
  call: 'voice',
  calls: 'voice',
  telephony: 'voice',
  callback: 'voice',
  message: 'chat',
  messaging: 'chat',
  sms: 'chat',
  webchat: 'chat',
  web_chat: 'chat',
  e_mail: 'email',
  task: 'back_office',
  backoffice: 'back_office',
  web_self_service: 'web',
  self_service: 'web',
  cobrowse: 'web',
};

/** A channel name as platforms spell it ("Voice", "back office", "Message") to a canonical channel. */
export function channelFromText(text: string): Channel | undefined {
  const key = text.trim().toLowerCase().replace(/[\s-]+/g, '_');
  if (isChannel(key)) return key;
  return CHANNEL_ALIASES[key];
}

/** Sums turned back from averages are rounded to the millisecond to drop floating-point noise. */
export const roundMeasure = (seconds: number) => Math.round(seconds * 1000) / 1000;

/**
 * FEEDS.md: averages become sums as average x count. With no contacts the sum is 0 even when the platform
 * prints a dash for the average of nothing; with a count but no average the sum is unknown.
 */
export function sumFromAverage(average: number | undefined, count: number | undefined): number | undefined {
  if (count === 0) return 0;
  if (average === undefined || count === undefined) return undefined;
  return roundMeasure(average * count);
}

export interface RowReaderOptions {
  decimalSeparator?: DecimalSeparator;
}

export class RowReader {
  isValid = true;

  constructor(
    readonly record: FeedRecord,
    private readonly issues: MappingIssueCollector,
    private readonly options: RowReaderOptions = {},
  ) {}

  get line(): number {
    return this.record.line;
  }

  raw(column: string | undefined): string {
    return column === undefined ? '' : (this.record.values[column] ?? '');
  }

  report(code: IssueCode, column: string | undefined, message: string, extra: Partial<MappingIssue> = {}): void {
    if (extra.severity !== 'warning') this.isValid = false;
    const value = column === undefined ? undefined : this.raw(column);
    this.issues.add({ line: this.line, ...(column === undefined ? {} : { column, value }), code, message, ...extra });
  }

  private fail(column: string, reason: ValueIssue): undefined {
    this.isValid = false;
    this.issues.add(issueFromValue(reason, { line: this.line, column, value: this.raw(column) }));
    return undefined;
  }

  private take<T>(column: string | undefined, result: (raw: string) => ValueResult<T | null>): T | undefined {
    if (column === undefined) return undefined;
    const parsed = result(this.raw(column));
    if (!parsed.ok) return this.fail(column, parsed.reason);
    return parsed.value ?? undefined;
  }

  /** Trimmed text; a required cell that is empty or a dash is reported. */
  text(column: string | undefined, isRequired = false): string | undefined {
    const raw = this.raw(column).trim();
    if (!isNoData(raw)) return raw;
    if (isRequired && column !== undefined) this.report('value_missing', column, `"${column}" is empty; it is required.`);
    return undefined;
  }

  count(column: string | undefined): number | undefined {
    if (column === undefined) return undefined;
    // Fast path: a plain whole number needs no result object; anything else takes the full parser.
    const plain = plainNumber(this.record.values[column] ?? '', this.options.decimalSeparator);
    if (plain >= 0 && Number.isInteger(plain)) return plain;
    return this.take(column, (raw) => parseCount(raw, this.options));
  }

  duration(column: string | undefined, unit: DurationUnit = 'seconds'): number | undefined {
    if (column === undefined) return undefined;
    const plain = plainDuration(this.record.values[column] ?? '', unit, this.options.decimalSeparator);
    if (plain >= 0) return plain;
    return this.take(column, (raw) => parseDuration(raw, unit, this.options));
  }

  /** A non-negative number that is not a percentage (an average count, qa points). */
  decimal(column: string | undefined): number | undefined {
    return this.take(column, (raw): ValueResult<number | null> => {
      const parsed = parseNumber(raw, this.options);
      if (!parsed.ok || parsed.value === null) return parsed.ok ? { ok: true, value: null } : parsed;
      if (parsed.value.isPercent) return { ok: false, reason: { code: 'number_invalid', message: `"${raw}" is a percentage, not a number.` } };
      if (parsed.value.isNegative) return { ok: false, reason: { code: 'number_negative', message: `"${raw}" is negative.` } };
      return { ok: true, value: parsed.value.value };
    });
  }

  timestamp(column: string | undefined, options: TimestampOptions, isRequired = true): Date | undefined {
    if (column !== undefined && isRequired && isNoData(this.raw(column))) {
      this.report('value_missing', column, `"${column}" is empty; it is required.`);
      return undefined;
    }
    return this.take(column, (raw) => parseTimestamp(raw, options));
  }

  channel(column: string | undefined, fallback?: Channel): Channel | undefined {
    const text = this.text(column);
    if (text === undefined) {
      if (fallback !== undefined) return fallback;
      if (column === undefined) return undefined;
      this.report('value_missing', column, `"${column}" is empty; it is required.`);
      return undefined;
    }
    const channel = channelFromText(text);
    if (!channel) this.report('channel_invalid', column, `"${text}" is not a channel (voice, ivr, email, chat, web, fax, back_office).`);
    return channel;
  }
}
