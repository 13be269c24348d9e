/**
 * The canonical interval format of issue 4: interval_start (ISO 8601 with offset), interval_minutes,
 * queue, channel, threshold_s, then any subset of the components in snake_case (COMPONENT_NAMES).
 * Rows are mapped by CanonicalIntervalMapper, from records (the template interface) or, for an import of
 * delimited text, from the reader's raw batches (intervalRowBatches), with the same rules and issues.
 */
import { COMPONENT_NAMES } from '../../kpi/components';
import type { FeedReader, FeedRecord } from '../feed-reader';
import type { CsvFeed } from '../read-csv';
import type { IntervalTemplate, MappingContext } from '../templates/template';
import { ColumnIndex } from './columns';
import { CANONICAL_INTERVAL_COLUMNS, CanonicalIntervalMapper } from './interval-mapper';
import type { IntervalRow } from './types';

export { CANONICAL_INTERVAL_COLUMNS, CANONICAL_INTERVAL_KEY_COLUMNS } from './interval-mapper';

async function* mapCanonicalIntervals(records: AsyncIterable<FeedRecord>, ctx: MappingContext): AsyncGenerator<IntervalRow> {
  const mapper = CanonicalIntervalMapper.open(ctx);
  if (!mapper) return;
  for await (const record of records) {
    const row = mapper.map(mapper.cellsOf(record), record.line, record);
    if (row) yield row;
    if (mapper.lastRowReachedChecks && ctx.issues.isFull) return;
  }
}

const KEY_SIGNATURE = ['interval_start', 'interval_minutes', 'queue', 'channel'];

export const canonicalIntervalsTemplate: IntervalTemplate = {
  id: 'canonical-intervals',
  label: 'Outpost interval format',
  kind: 'intervals',
  knownColumns: CANONICAL_INTERVAL_COLUMNS,
  detect(header) {
    const columns = new ColumnIndex(header);
    const keys = KEY_SIGNATURE.filter((name) => columns.has(name)).length / KEY_SIGNATURE.length;
    const hasComponent = COMPONENT_NAMES.some((name) => columns.has(name));
    // Exact snake_case names are specific enough that the canonical format wins over any platform layout.
    return keys === 1 && hasComponent ? 1 : keys * 0.9;
  },
  map: mapCanonicalIntervals,
};

/**
 * An interval template's rows in batches, for the import's staging loop (one await per batch). A
 * canonical file read as delimited text is mapped straight from the reader's raw batches, with no record
 * object per row; every other template (and XLSX) goes through `template.map`, row by row. Both stop where
 * the row-by-row pipeline does: at the reader's issue limit, or at the shared one after a row is checked.
 */
export function intervalRowBatches(template: IntervalTemplate, reader: FeedReader, ctx: MappingContext): AsyncIterable<IntervalRow[]> {
  if (template.map === mapCanonicalIntervals && isCsvFeed(reader)) return canonicalBatches(reader, ctx);
  return rowByRow(template.map(reader.records, ctx));
}

const isCsvFeed = (reader: FeedReader): reader is CsvFeed => reader.format === 'csv' && 'rawBatches' in reader;

async function* canonicalBatches(reader: CsvFeed, ctx: MappingContext): AsyncGenerator<IntervalRow[]> {
  const mapper = CanonicalIntervalMapper.open(ctx);
  if (!mapper) return;
  const { batches, accept } = reader.rawBatches;
  for await (const batch of batches) {
    const rows: IntervalRow[] = [];
    for (const record of batch) {
      // As records() then mapCanonicalIntervals would: the reader's row rules, the row, then each one's limit.
      if (accept(record)) {
        const row = mapper.map(record.cells, record.line);
        if (row) rows.push(row);
        if (mapper.lastRowReachedChecks && ctx.issues.isFull) {
          yield rows;
          return;
        }
      }
      if (reader.issues.isFull) {
        yield rows;
        return;
      }
    }
    if (rows.length) yield rows;
  }
}

async function* rowByRow(rows: AsyncIterable<IntervalRow>): AsyncGenerator<IntervalRow[]> {
  for await (const row of rows) yield [row];
}
