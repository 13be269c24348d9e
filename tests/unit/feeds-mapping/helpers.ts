/** Reads a fixture through the real readers and maps it with a template, as an upload would. */
import { createReadStream } from 'node:fs';
import { openCsvFeed } from '#app/domain/feeds';
import { MappingIssueCollector, type MappingIssue } from '#app/domain/feeds/canonical';
import { knownTemplateColumns, type FeedTemplate, type MappingContext } from '#app/domain/feeds/templates';

export const FIXTURES = new URL('../../fixtures/feeds-mapping/', import.meta.url).pathname;

type RowOf<T extends FeedTemplate> = T['map'] extends (...args: never[]) => AsyncIterable<infer Row> ? Row : never;

export async function openFixture(name: string) {
  return openCsvFeed(createReadStream(`${FIXTURES}${name}`, { highWaterMark: 64 }), { knownColumns: knownTemplateColumns() });
}

export async function mapFixture<T extends FeedTemplate>(
  name: string,
  template: T,
  context: Partial<Omit<MappingContext, 'header' | 'issues'>> & { timeZone: string },
): Promise<{ rows: Array<RowOf<T>>; issues: MappingIssue[]; errors: MappingIssue[]; header: string[] }> {
  const feed = await openFixture(name);
  const issues = new MappingIssueCollector(feed.issues);
  const ctx: MappingContext = { header: feed.header, issues, decimalSeparator: feed.layout.decimalSeparator, ...context };
  const rows: Array<RowOf<T>> = [];
  for await (const row of template.map(feed.records, ctx) as AsyncIterable<RowOf<T>>) rows.push(row);
  const all = issues.all();
  return { rows, issues: all, errors: all.filter((issue) => issue.severity !== 'warning'), header: feed.header };
}

export const utc = (iso: string) => new Date(iso);
