/**
 * The canonical contact-record format of issue 4: one row per contact, times ISO 8601 with an offset or
 * local times read in the program's time zone. FEEDS.md: from these the portal rebuilds every interval
 * component for any threshold and checks the vendor's own aggregates.
 */
import type { FeedRecord } from '../feed-reader';
import { normaliseColumnName } from '../sniff';
import type { ContactTemplate, MappingContext } from '../templates/template';
import { ColumnIndex } from './columns';
import { rejectUnknownColumns, requireColumns } from './header-checks';
import type { MappingIssueCollector } from './issues';
import { RowReader } from './row-reader';
import { isCsatScore, isNpsScore, type ContactRow } from './types';

export const CANONICAL_CONTACT_REQUIRED_COLUMNS = [
  'contact_id',
  'queue',
  'channel',
  'queued_at',
  'answered_at',
  'abandoned_at',
  'talk_s',
  'hold_s',
  'wrap_s',
  'transferred',
] as const;
/** Not every vendor runs surveys or measures resolution; these may be left out. */
export const CANONICAL_CONTACT_OPTIONAL_COLUMNS = ['fcr_resolved', 'csat_score', 'nps_score'] as const;
export const CANONICAL_CONTACT_COLUMNS = [...CANONICAL_CONTACT_REQUIRED_COLUMNS, ...CANONICAL_CONTACT_OPTIONAL_COLUMNS] as const;

const TRUE_WORDS = new Set(['true', '1', 'yes', 'y', 't']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'n', 'f']);

function readBoolean(cells: RowReader, column: string | undefined): boolean | null {
  const text = cells.text(column);
  if (text === undefined) return null;
  const word = text.toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  cells.report('boolean_invalid', column, `"${text}" is not true or false.`);
  return null;
}

function readScore<T extends number>(cells: RowReader, column: string | undefined, isInRange: (score: number) => score is T, range: string): T | null {
  const score = cells.count(column);
  if (score === undefined) return null;
  if (isInRange(score)) return score;
  cells.report('score_out_of_range', column, `A score of ${score} is outside ${range}.`);
  return null;
}

/**
 * An import's deferred duplicate-contact rule. The rule needs every contact id seen so far; a preview or a
 * pure mapping keeps them in a map, an import stages every id and checks the rule set-based on the staging
 * table (services/feeds/stage-contacts.server.ts), so memory does not grow with the file.
 */
export interface DeferredContactCheck {
  /** The column contact ids were read from (the header's spelling), for the issue's cell. */
  contactIdColumn?: string;
  /**
   * The ids of rows the mapper did not yield (they count for the rule too). Each such row has an issue of
   * its own, so there are at most the issue limit of them.
   */
  unyielded: Array<{ contactId: string; line: number }>;
}

const deferredContactChecks = new WeakMap<MappingIssueCollector, DeferredContactCheck>();

/** Every canonical contact mapping reporting to `issues` leaves the duplicate-contact rule to the caller. */
export function deferDuplicateContactCheck(issues: MappingIssueCollector): DeferredContactCheck {
  let deferred = deferredContactChecks.get(issues);
  if (!deferred) deferredContactChecks.set(issues, (deferred = { unyielded: [] }));
  return deferred;
}

/** The 'duplicate_contact' issue: `line` carries the contact id of `firstLine` again. */
export function duplicateContactIssue(
  at: { firstLine: number; line: number; contactId: string },
  column: string | undefined,
): Parameters<MappingIssueCollector['add']>[0] {
  return {
    line: at.line,
    ...(column === undefined ? {} : { column, value: at.contactId }),
    code: 'duplicate_contact',
    message: `Lines ${at.firstLine} and ${at.line} both carry contact "${at.contactId}".`,
  };
}

async function* mapCanonicalContacts(records: AsyncIterable<FeedRecord>, ctx: MappingContext): AsyncGenerator<ContactRow> {
  const columns = new ColumnIndex(ctx.header);
  const known = new Set<string>(CANONICAL_CONTACT_COLUMNS);
  const missing = CANONICAL_CONTACT_REQUIRED_COLUMNS.filter((name) => !columns.has(name));
  const unknown = ctx.header.filter((column) => !known.has(normaliseColumnName(column)));
  const hasRequired = requireColumns(ctx.issues, missing);
  if (!rejectUnknownColumns(ctx.issues, unknown) || !hasRequired) return;

  const col = (name: (typeof CANONICAL_CONTACT_COLUMNS)[number]) => columns.find(name);
  const deferred = deferredContactChecks.get(ctx.issues);
  if (deferred) deferred.contactIdColumn = col('contact_id');
  /** Only when the rule is not deferred: one id per row. */
  const firstLineById = new Map<string, number>();
  const timeOptions = { timeZone: ctx.timeZone };

  for await (const record of records) {
    const cells = new RowReader(record, ctx.issues, { decimalSeparator: ctx.decimalSeparator });
    const contactId = cells.text(col('contact_id'), true);
    const queue = cells.text(col('queue'), true);
    const channel = cells.channel(col('channel'));
    const queuedAt = cells.timestamp(col('queued_at'), timeOptions);
    const answeredAt = cells.timestamp(col('answered_at'), timeOptions, false) ?? null;
    const abandonedAt = cells.timestamp(col('abandoned_at'), timeOptions, false) ?? null;
    const talkS = cells.duration(col('talk_s')) ?? 0;
    const holdS = cells.duration(col('hold_s')) ?? 0;
    const wrapS = cells.duration(col('wrap_s')) ?? 0;
    const transferred = readBoolean(cells, col('transferred')) ?? false;
    const fcrResolved = readBoolean(cells, col('fcr_resolved'));
    const csatScore = readScore(cells, col('csat_score'), isCsatScore, '1-5');
    const npsScore = readScore(cells, col('nps_score'), isNpsScore, '0-10');

    if (answeredAt && abandonedAt) {
      cells.report('answered_and_abandoned', col('abandoned_at'), 'A contact is either answered or abandoned, not both.', {
        columns: ['answered_at', 'abandoned_at'].map((name) => columns.find(name) ?? name),
      });
    }
    if (queuedAt && answeredAt && answeredAt < queuedAt) {
      cells.report('answered_before_queued', col('answered_at'), 'answered_at is before queued_at.');
    }
    if (queuedAt && abandonedAt && abandonedAt < queuedAt) {
      cells.report('abandoned_before_queued', col('abandoned_at'), 'abandoned_at is before queued_at.');
    }
    if (contactId !== undefined && !deferred) {
      const firstLine = firstLineById.get(contactId);
      if (firstLine === undefined) firstLineById.set(contactId, record.line);
      else cells.report('duplicate_contact', col('contact_id'), `Lines ${firstLine} and ${record.line} both carry contact "${contactId}".`);
    }

    if (cells.isValid && contactId && queue && channel && queuedAt) {
      yield {
        contactId,
        queue,
        channel,
        queuedAt,
        answeredAt,
        abandonedAt,
        talkS,
        holdS,
        wrapS,
        transferred,
        fcrResolved,
        csatScore,
        npsScore,
        line: record.line,
      };
    } else if (deferred && contactId !== undefined) {
      deferred.unyielded.push({ contactId, line: record.line });
    }
    if (ctx.issues.isFull) return;
  }
}

export const canonicalContactsTemplate: ContactTemplate = {
  id: 'canonical-contacts',
  label: 'Outpost contact-record format',
  kind: 'contacts',
  knownColumns: CANONICAL_CONTACT_COLUMNS,
  detect(header) {
    const columns = new ColumnIndex(header);
    const present = CANONICAL_CONTACT_REQUIRED_COLUMNS.filter((name) => columns.has(name)).length;
    return columns.has('contact_id') && columns.has('queued_at') ? present / CANONICAL_CONTACT_REQUIRED_COLUMNS.length : 0;
  },
  map: mapCanonicalContacts,
};
