/**
 * The corpus of bad files (issue 4: at least 40): each is rejected with its specific code, and the stored
 * facts, contact records and rollups are byte-for-byte what they were before.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProgram } from '../../../app/services/programs.server';
import { addQueue, addUnit } from '../../../app/services/units.server';
import { createFeedWorld, dayOfIntervals, factsChecksum, upload, type FeedWorld } from './support';

const DIR = new URL('../../fixtures/feeds-bad/', import.meta.url).pathname;

/** File → the code its rejection must carry. Options: the unit in New York (DST), a template override, a size cap. */
const CORPUS: Record<string, { code: string; newYork?: boolean; templateId?: string; maxBytes?: number; kind?: 'intervals' | 'contacts' }> = {
  'wrong-header.csv': { code: 'unknown_template' },
  'unknown-template.csv': { code: 'unknown_template' },
  'negative-offered.csv': { code: 'number_negative' },
  'non-numeric-handled.csv': { code: 'number_invalid' },
  'answered-gt-offered.csv': { code: 'handled_exceeds_offered' },
  'abandoned-gt-offered.csv': { code: 'abandoned_exceeds_offered' },
  'short-abandoned-gt-abandoned.csv': { code: 'short_abandoned_exceeds_abandoned' },
  'within-threshold-gt-handled.csv': { code: 'answered_within_threshold_exceeds_handled' },
  'duplicate-interval.csv': { code: 'duplicate_interval' },
  'misaligned-start.csv': { code: 'interval_misaligned' },
  'bad-interval-minutes.csv': { code: 'interval_minutes_invalid' },
  'bad-channel.csv': { code: 'channel_invalid' },
  'bad-threshold.csv': { code: 'threshold_invalid' },
  'missing-threshold.csv': { code: 'threshold_missing' },
  'unknown-queue.csv': { code: 'queue_unknown' },
  'queue-channel-mismatch.csv': { code: 'queue_channel_mismatch' },
  'bad-timestamp.csv': { code: 'timestamp_invalid' },
  'empty-queue.csv': { code: 'value_missing' },
  'non-integer-count.csv': { code: 'number_not_integer' },
  'negative-duration.csv': { code: 'duration_negative' },
  'bad-duration.csv': { code: 'duration_invalid' },
  'mixed-units.csv': { code: 'duration_invalid' },
  'percent-as-count.csv': { code: 'number_invalid' },
  'column-count-mismatch.csv': { code: 'column_count_mismatch' },
  'data-after-footer.csv': { code: 'data_after_footer' },
  'header-only.csv': { code: 'file_empty' },
  'unknown-column.csv': { code: 'columns_unknown' },
  'no-components.csv': { code: 'columns_missing' },
  'missing-key-column.csv': { code: 'columns_missing' },
  'dst-gap.csv': { code: 'dst_gap', newYork: true },
  'dst-repeat.csv': { code: 'dst_ambiguous', newYork: true },
  'contacts-answered-and-abandoned.csv': { code: 'answered_and_abandoned' },
  'contacts-score-out-of-range.csv': { code: 'score_out_of_range' },
  'contacts-duplicate-contact.csv': { code: 'duplicate_contact' },
  'contacts-answered-before-queued.csv': { code: 'answered_before_queued' },
  'contacts-bad-boolean.csv': { code: 'boolean_invalid' },
  'unicode-text-negative.txt': { code: 'number_negative' },
  'big5-unknown-queue.csv': { code: 'queue_unknown' },
  'oversize.csv': { code: 'file_too_large', maxBytes: 256 * 1024 },
  'zip-bomb-200mb.xlsx': { code: 'xlsx_too_large' },
  'from-feeds-not-a-workbook.xlsx': { code: 'xlsx_not_zip' },
  'from-feeds-formula-cell.xlsx': { code: 'xlsx_formula_cell' },
  'from-feeds-broken-quoting.csv': { code: 'csv_quote_error' },
  'from-feeds-unclosed-quote.csv': { code: 'csv_quote_error' },
  'from-feeds-bad-encoding.csv': { code: 'encoding_undetected' },
  'from-feeds-duplicate-header.csv': { code: 'header_duplicate_column' },
  'from-feeds-empty-header-column.csv': { code: 'header_empty_column' },
  'from-feeds-empty.csv': { code: 'file_empty' },
  'from-feeds-row-problems.csv': { code: 'unknown_template' },
  'from-mapping-canonical-intervals-errors.csv': { code: 'handled_exceeds_offered' },
  'from-mapping-contacts-errors.csv': { code: 'answered_and_abandoned' },
  'from-mapping-random-signups.csv': { code: 'unknown_template' },
  'template-override.csv': { code: 'template_not_found', templateId: 'no-such-template' },
  'kind-mismatch.csv': { code: 'mapping_invalid', kind: 'contacts' },
};

let world: FeedWorld;
let newYorkUnitId: string;
beforeAll(async () => {
  world = await createFeedWorld();
  const pm = world.seeded.ctx('bank1', 'program_manager');
  const program = await createProgram(pm, { name: 'US cards', lineOfBusiness: 'Cards', channels: ['voice'], timeZone: 'America/New_York', currency: 'USD', status: 'live' });
  const unit = await addUnit(pm, program.id, { kind: 'in_house', name: 'New York', volumeSharePct: 100 });
  await addQueue(pm, unit.id, { name: 'VIP line', channel: 'voice' });
  newYorkUnitId = unit.id;
  // Stored data the rejections must not touch.
  await upload(world.seeded.ctx('vendor1', 'vendor_reporter'), world.bank1.vendorUnitIds.vendor1!, dayOfIntervals('2026-03-01'));
  await upload(pm, newYorkUnitId, dayOfIntervals('2026-03-01').replace(/\+08:00/g, '-05:00'));
});
afterAll(() => world?.close());

const contentOf = (name: string) => {
  if (name === 'template-override.csv' || name === 'kind-mismatch.csv') return new TextEncoder().encode(dayOfIntervals('2026-03-03'));
  return new Uint8Array(fs.readFileSync(`${DIR}${name}`));
};

describe(`bad feed files (${process.env.DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  it('the corpus has at least 40 files', () => {
    const onDisk = fs.readdirSync(DIR).filter((f) => !f.endsWith('.md'));
    expect(onDisk.length).toBeGreaterThanOrEqual(40);
    for (const name of onDisk) expect(CORPUS[name], `${name} has no expectation`).toBeDefined();
  });

  for (const [name, spec] of Object.entries(CORPUS)) {
    it(`${name} → ${spec.code}, nothing stored`, async () => {
      const before = await factsChecksum(world.handle.db);
      const ctx = spec.newYork ? world.seeded.ctx('bank1', 'program_manager') : world.seeded.ctx('vendor1', 'vendor_reporter');
      const unitId = spec.newYork ? newYorkUnitId : world.bank1.vendorUnitIds.vendor1!;
      const isXlsx = name.endsWith('.xlsx');
      const attempt = upload(ctx, unitId, contentOf(name), {
        fileName: name,
        contentType: isXlsx ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv',
        templateId: spec.templateId,
        kind: spec.kind,
        maxBytes: spec.maxBytes,
      });
      if (spec.code === 'file_too_large') {
        await expect(attempt).rejects.toMatchObject({ details: { code: 'file_too_large' } });
      } else {
        const result = await attempt;
        expect(result.upload.status, JSON.stringify(result.issues.slice(0, 3))).toBe('rejected');
        expect(result.issues.map((i) => i.code)).toContain(spec.code);
        const located = result.issues.find((i) => i.code === spec.code)!;
        expect(located.message.length).toBeGreaterThan(0);
      }
      expect(await factsChecksum(world.handle.db)).toBe(before);
    });
  }
});
