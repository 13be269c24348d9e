/** NICE IEX ctQueue rows take their channel from the file, else from the unit's queue, never "all voice". */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { openCsvFeed } from '#app/domain/feeds';
import { MappingIssueCollector, type Channel, type IntervalRow } from '#app/domain/feeds/canonical';
import { knownTemplateColumns, niceIexTemplate, type MappingContext } from '#app/domain/feeds/templates';

async function mapNice(text: string, context: Partial<MappingContext> = {}) {
  const feed = await openCsvFeed(Readable.from([Buffer.from(text)]), { knownColumns: knownTemplateColumns() });
  const issues = new MappingIssueCollector(feed.issues);
  const ctx: MappingContext = { header: feed.header, issues, timeZone: 'Asia/Taipei', intervalMinutes: 30, ...context };
  const rows: IntervalRow[] = [];
  for await (const row of niceIexTemplate.map(feed.records, ctx)) rows.push(row);
  return { rows, errors: issues.all().filter((issue) => issue.severity !== 'warning') };
}

describe('NICE IEX ctQueue channel', () => {
  it('reads the channel column of a CXone export', async () => {
    const { rows, errors } = await mapNice(
      'date|period|TZ|queue|media_type|offered|handled\n' +
        '03022026|0900|Asia/Taipei|CARDS|Voice|20|19\n' +
        '03022026|0900|Asia/Taipei|CARDS CHAT|Chat|12|12\n' +
        '03022026|0900|Asia/Taipei|MAIL|Email|5|5\n',
    );
    expect(errors).toEqual([]);
    expect(rows.map((row) => [row.queue, row.channel])).toEqual([
      ['CARDS', 'voice'],
      ['CARDS CHAT', 'chat'],
      ['MAIL', 'email'],
    ]);
  });

  it("takes the channel of the unit's queue when the file has no channel column", async () => {
    const queueChannels = new Map<string, Channel>([
      ['cards', 'voice'],
      ['cards chat', 'chat'],
    ]);
    const { rows, errors } = await mapNice(
      'date|period|TZ|queue|offered|handled\n03022026|0900|Asia/Taipei|CARDS|20|19\n03022026|0900|Asia/Taipei|Cards Chat|12|12\n',
      { queueChannels },
    );
    expect(errors).toEqual([]);
    expect(rows.map((row) => [row.queue, row.channel])).toEqual([
      ['CARDS', 'voice'],
      ['Cards Chat', 'chat'],
    ]);
  });

  it('reports a channel the file spells wrongly at its column', async () => {
    const { rows, errors } = await mapNice('date|period|TZ|queue|channel|offered\n03022026|0900|Asia/Taipei|CARDS|pigeon|20\n');
    expect(rows).toEqual([]);
    expect(errors).toEqual([expect.objectContaining({ line: 2, column: 'channel', value: 'pigeon', code: 'channel_invalid' })]);
  });
});
