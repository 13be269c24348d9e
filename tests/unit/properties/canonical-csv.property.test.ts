import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FeedFileError, openCsvFeed } from '#app/domain/feeds';
import { CHANNELS, MappingIssueCollector, canonicalIntervalsTemplate, type IntervalRow } from '#app/domain/feeds/canonical';
import { REPORTABLE_THRESHOLDS_S } from '#app/domain/kpi/catalog';
import { COMPONENT_NAMES, type Components } from '#app/domain/kpi/components';

/**
 * The canonical interval reader (CSV bytes → openCsvFeed → canonicalIntervalsTemplate), as an upload
 * runs it: any valid row written either way comes back as it was; any bytes end in rows or issues, or the
 * reader's own FeedFileError, and never in a row with a non-finite component.
 */

const TIME_ZONE = 'UTC';
const BASE = Date.UTC(2026, 0, 1);
const QUARTER_MS = 15 * 60_000;

interface Written {
  delimiter: ',' | ';';
  decimalSeparator: '.' | ',';
  clockDurations: boolean;
}

const countOf = (max: number) => fc.integer({ min: 0, max });
/** Seconds with at most three decimals, as exports write them. */
const secondsArb = fc.integer({ min: 0, max: 50_000_000 }).map((ms) => ms / 1000);

const rowArb = fc
  .record({
    slot: fc.integer({ min: 0, max: 4 * 24 * 60 }),
    queue: fc.constantFrom('Cards', 'Loans', '信用卡', 'Mortgage desk', 'Q "quoted"', 'semi;colon', 'comma, inc'),
    channel: fc.constantFrom(...CHANNELS),
    offered: countOf(5000),
    handledShare: fc.double({ min: 0, max: 1, noNaN: true }),
    abandonedShare: fc.double({ min: 0, max: 1, noNaN: true }),
    shortShare: fc.double({ min: 0, max: 1, noNaN: true }),
    withinShare: fc.double({ min: 0, max: 1, noNaN: true }),
    thresholdS: fc.constantFrom(...REPORTABLE_THRESHOLDS_S),
    wait_s: secondsArb,
    talk_s: secondsArb,
    hold_s: secondsArb,
    wrap_s: secondsArb,
    transferred: countOf(100),
  })
  .map((r) => {
    const handled = Math.floor(r.offered * r.handledShare);
    const abandoned = Math.floor((r.offered - handled) * r.abandonedShare);
    const components: Partial<Components> = {
      offered: r.offered,
      handled,
      answered_within_threshold: Math.floor(handled * r.withinShare),
      abandoned,
      short_abandoned: Math.floor(abandoned * r.shortShare),
      wait_s: r.wait_s,
      talk_s: r.talk_s,
      hold_s: r.hold_s,
      wrap_s: r.wrap_s,
      transferred: r.transferred,
    };
    return { slot: r.slot, queue: r.queue, channel: r.channel, thresholdS: r.thresholdS, components };
  });

const rowsArb = fc.uniqueArray(rowArb, { minLength: 1, maxLength: 40, selector: (r) => `${r.slot}|${r.queue}|${r.channel}` });

const writtenArb: fc.Arbitrary<Written> = fc.oneof(
  fc.record({ delimiter: fc.constant(',' as const), decimalSeparator: fc.constant('.' as const), clockDurations: fc.boolean() }),
  fc.record({ delimiter: fc.constant(';' as const), decimalSeparator: fc.constantFrom<'.' | ','>('.', ','), clockDurations: fc.boolean() }),
);

const COLUMNS = ['interval_start', 'interval_minutes', 'queue', 'channel', 'threshold_s', 'offered', 'handled', 'answered_within_threshold', 'abandoned', 'short_abandoned', 'wait_s', 'talk_s', 'hold_s', 'wrap_s', 'transferred'] as const;
const DURATIONS = new Set(['wait_s', 'talk_s', 'hold_s', 'wrap_s']);

function cell(text: string, delimiter: string): string {
  return /["\n\r]/.test(text) || text.includes(delimiter) ? `"${text.replace(/"/g, '""')}"` : text;
}

function duration(seconds: number, how: Written): string {
  let text: string;
  if (how.clockDurations) {
    const whole = Math.floor(seconds);
    const fraction = Math.round((seconds - whole) * 1000);
    const mmss = `${String(Math.floor((whole % 3600) / 60)).padStart(2, '0')}:${String(whole % 60).padStart(2, '0')}`;
    text = `${Math.floor(whole / 3600)}:${mmss}${fraction ? `.${String(fraction).padStart(3, '0')}` : ''}`;
  } else text = String(seconds);
  return how.decimalSeparator === ',' ? text.replace('.', ',') : text;
}

function writeCsv(rows: Array<{ slot: number; queue: string; channel: string; thresholdS: number; components: Partial<Components> }>, how: Written): string {
  const lines = [COLUMNS.join(how.delimiter)];
  for (const row of rows) {
    const values = COLUMNS.map((column) => {
      switch (column) {
        case 'interval_start':
          return new Date(BASE + row.slot * QUARTER_MS).toISOString().replace('.000Z', '+00:00');
        case 'interval_minutes':
          return '15';
        case 'queue':
          return row.queue;
        case 'channel':
          return row.channel;
        case 'threshold_s':
          return String(row.thresholdS);
        default: {
          const value = row.components[column]!;
          return DURATIONS.has(column) ? duration(value, how) : String(value);
        }
      }
    });
    lines.push(values.map((v) => cell(v, how.delimiter)).join(how.delimiter));
  }
  return `${lines.join('\r\n')}\r\n`;
}

async function readCanonical(bytes: Uint8Array, how?: Partial<Written>): Promise<{ rows: IntervalRow[]; errors: number }> {
  const feed = await openCsvFeed(Readable.from([bytes]), { delimiter: how?.delimiter, decimalSeparator: how?.decimalSeparator });
  const issues = new MappingIssueCollector(feed.issues);
  const rows: IntervalRow[] = [];
  for await (const row of canonicalIntervalsTemplate.map(feed.records, { header: feed.header, issues, timeZone: TIME_ZONE, decimalSeparator: feed.layout.decimalSeparator })) {
    rows.push(row);
  }
  return { rows, errors: issues.all().filter((i) => i.severity !== 'warning').length };
}

describe('canonical interval CSV reader (properties)', () => {
  it('any valid rows, written with either delimiter, decimal mark and duration style, read back unchanged', async () => {
    await fc.assert(
      fc.asyncProperty(rowsArb, writtenArb, async (rows, how) => {
        const { rows: read, errors } = await readCanonical(new TextEncoder().encode(writeCsv(rows, how)), how);
        expect(errors).toBe(0);
        expect(read.map(({ line, ...rest }) => ({ ...rest, line: line - 1 }))).toEqual(
          rows.map((row, index) => ({
            intervalStart: new Date(BASE + row.slot * QUARTER_MS),
            intervalMinutes: 15,
            queue: row.queue,
            channel: row.channel,
            thresholdS: row.thresholdS,
            components: row.components,
            line: index + 1,
          })),
        );
      }),
      { numRuns: 30 },
    );
  }, 20_000);

  // Mostly-valid files with damaged cells, plus raw byte noise and very long numbers.
  const noiseCell = fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.constantFrom('-', 'n/a', '', '1e9', '9'.repeat(400), '1,5', '(3)', '−2', '12:99:00', '"', '""', 'NaN', 'Infinity', '1.5%'),
    fc.integer({ min: -5, max: 100 }).map(String),
  );
  const damagedCsv = fc
    .tuple(rowsArb, writtenArb, fc.array(fc.tuple(fc.nat(), fc.nat(), noiseCell), { maxLength: 20 }))
    .map(([rows, how, damage]) => {
      const lines = writeCsv(rows, how).split('\r\n');
      for (const [lineIndex, cellIndex, text] of damage) {
        const at = 1 + (lineIndex % Math.max(1, lines.length - 2));
        const cells = lines[at]!.split(how.delimiter);
        cells[cellIndex % cells.length] = text;
        lines[at] = cells.join(how.delimiter);
      }
      return new TextEncoder().encode(lines.join('\n'));
    });
  const anyBytes = fc.oneof(damagedCsv, fc.uint8Array({ maxLength: 600 }), fc.string({ maxLength: 300 }).map((s) => new TextEncoder().encode(`interval_start,interval_minutes,queue,channel,offered\n${s}`)));

  it('any bytes end in rows and issues or a FeedFileError, never another exception or a non-finite component', async () => {
    await fc.assert(
      fc.asyncProperty(anyBytes, async (bytes) => {
        let result: { rows: IntervalRow[] } | undefined;
        try {
          result = await readCanonical(bytes);
        } catch (error) {
          expect(error).toBeInstanceOf(FeedFileError);
          return;
        }
        for (const row of result.rows) {
          expect(Number.isNaN(row.intervalStart.getTime())).toBe(false);
          for (const name of COMPONENT_NAMES) {
            const value = row.components[name];
            if (value !== undefined) {
              expect(Number.isFinite(value), `${name}=${value}`).toBe(true);
              expect(value).toBeGreaterThanOrEqual(0);
            }
          }
        }
      }),
      { numRuns: 100 },
    );
  }, 20_000);
});
