/**
 * From stored bytes to mapped rows: pick the reader (CSV or XLSX), resolve the template (explicit,
 * detected, or the unit's saved custom mapping), and give the template a mapping context.
 */
import { Readable } from 'node:stream';
import { openCsvFeed, openXlsxFeed, FeedFileError, FeedIssueCollector, type FeedReader, type FeedRecord } from '#app/domain/feeds';
import { MappingIssueCollector, type MappingIssue } from '#app/domain/feeds/canonical';
import type { Channel, IntervalMinutes } from '#app/domain/feeds/canonical';
import {
  FEED_TEMPLATES,
  knownTemplateColumns,
  parseCustomMapping,
  resolveTemplate,
  templateFromCustomMapping,
  type FeedTemplate,
  type MappingContext,
} from '#app/domain/feeds/templates';
import type { FeedKind } from '#db/schema/index';
import { feedChannelOf, type UnitFeedContext } from './unit-context.server';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CUSTOM_TEMPLATE_ID = 'custom';

export interface ReadOptions {
  fileName: string;
  contentType: string;
  kind?: FeedKind;
  templateId?: string;
  intervalMinutes?: IntervalMinutes;
}

export interface OpenedFeed {
  reader: FeedReader;
  issues: MappingIssueCollector;
  template: FeedTemplate | null;
  mappingContext: MappingContext | null;
  /** Data records read so far (rows_total). */
  recordCount(): number;
  records: AsyncIterable<FeedRecord>;
}

/** Reads the first chunk to tell a zip (XLSX) from text, then hands the whole stream on. */
async function peek(source: AsyncIterable<Uint8Array>): Promise<{ head: Uint8Array; stream: Readable }> {
  const iterator = source[Symbol.asyncIterator]();
  const first = await iterator.next();
  const head = first.done ? new Uint8Array() : first.value;
  async function* rest() {
    if (!first.done) yield first.value;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  return { head, stream: Readable.from(rest(), { objectMode: false }) };
}

const isZip = (head: Uint8Array) => head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;

export function looksLikeXlsx(options: Pick<ReadOptions, 'fileName' | 'contentType'>): boolean {
  return options.contentType.toLowerCase().startsWith(XLSX_CONTENT_TYPE) || /\.xlsx$/i.test(options.fileName);
}

export function fileIssue(error: FeedFileError): MappingIssue {
  return { ...error.issue };
}

/**
 * Opens the feed and resolves its template. A file-level failure (encoding, header, zip bomb) throws a
 * FeedFileError; a template problem is an issue in `issues` with `template` null.
 */
export async function openFeed(source: AsyncIterable<Uint8Array>, unit: UnitFeedContext, options: ReadOptions): Promise<OpenedFeed> {
  const { head, stream } = await peek(source);
  const readerIssues = new FeedIssueCollector();
  const custom = customTemplateOf(unit);
  const templates = custom ? [...FEED_TEMPLATES, custom] : FEED_TEMPLATES;
  const knownColumns = knownTemplateColumns(templates);
  const reader: FeedReader =
    looksLikeXlsx(options) || isZip(head)
      ? await openXlsxFeed(stream, { knownColumns, issues: readerIssues })
      : await openCsvFeed(stream, { knownColumns, issues: readerIssues });
  const issues = new MappingIssueCollector(readerIssues);
  const opened: OpenedFeed = { reader, issues, template: null, mappingContext: null, recordCount: () => reader.recordsRead, records: reader.records };

  let choice = resolveTemplate(reader.header, options.templateId, templates);
  // A layout no template knows is read with the unit's saved mapping when there is one.
  if (!choice.ok && options.templateId === undefined && custom) choice = { ok: true, template: custom, score: custom.detect(reader.header) };
  if (!choice.ok) {
    issues.add(choice.issue);
    return opened;
  }
  if (options.kind && choice.template.kind !== options.kind) {
    issues.add({
      code: 'mapping_invalid',
      message: `The file is in the ${choice.template.label} layout, a ${choice.template.kind} feed, but a ${options.kind} upload was asked for.`,
    });
    return opened;
  }
  const onlyQueue = unit.queues.size === 1 ? [...unit.queues.values()][0] : undefined;
  opened.template = choice.template;
  opened.mappingContext = {
    header: reader.header,
    timeZone: unit.timeZone,
    issues,
    intervalMinutes: options.intervalMinutes,
    queue: onlyQueue?.name,
    channel: onlyQueue ? (feedChannelOf(onlyQueue.channel) as MappingContext['channel']) : undefined,
    queueChannels: new Map([...unit.queues].map(([name, queue]) => [name, feedChannelOf(queue.channel) as Channel])),
    thresholdS: unit.slaThresholdS ?? undefined,
    decimalSeparator: 'layout' in reader ? (reader as { layout: { decimalSeparator: '.' | ',' } }).layout.decimalSeparator : '.',
  };
  return opened;
}

function customTemplateOf(unit: UnitFeedContext): FeedTemplate | undefined {
  if (!unit.settings.customMapping) return undefined;
  const parsed = parseCustomMapping(unit.settings.customMapping);
  return parsed.ok ? templateFromCustomMapping(parsed.mapping, CUSTOM_TEMPLATE_ID) : undefined;
}
