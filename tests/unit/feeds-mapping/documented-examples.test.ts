import { createReadStream } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openCsvFeed } from '#app/domain/feeds';
import { MappingIssueCollector, canonicalContactsTemplate, canonicalIntervalsTemplate, type MappingIssue } from '#app/domain/feeds/canonical';
import { checkConsistency, type Components } from '#app/domain/kpi/components';

const EXAMPLES = new URL('../../../docs/examples/', import.meta.url).pathname;

async function mapExample(name: string, template: typeof canonicalIntervalsTemplate | typeof canonicalContactsTemplate) {
  const feed = await openCsvFeed(createReadStream(`${EXAMPLES}${name}`));
  const issues = new MappingIssueCollector(feed.issues);
  const rows: unknown[] = [];
  for await (const row of template.map(feed.records, { header: feed.header, issues, timeZone: 'Asia/Taipei' })) rows.push(row);
  return { rows, errors: issues.all().filter((i: MappingIssue) => i.severity !== 'warning') };
}

/** docs/feeds.md promises that its example files import as they are. */
describe('the documented example files', () => {
  it('docs/examples/intervals.csv maps without errors and every row is consistent', async () => {
    const { rows, errors } = await mapExample('intervals.csv', canonicalIntervalsTemplate);
    expect(errors).toEqual([]);
    expect(rows).toHaveLength(3);
    for (const row of rows as { components: Partial<Components> }[]) expect(checkConsistency(row.components)).toEqual([]);
  });

  it('docs/examples/contacts.csv maps without errors, local times read in the program time zone', async () => {
    const { rows, errors } = await mapExample('contacts.csv', canonicalContactsTemplate);
    expect(errors).toEqual([]);
    expect(rows).toHaveLength(4);
    expect((rows[3] as { queuedAt: Date }).queuedAt.toISOString()).toBe('2026-03-02T01:02:10.000Z');
  });
});
