import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { FeedFileError, FeedIssueCollector, openCsvFeed, type FeedIssue } from '#app/domain/feeds';
import { encodeBig5, readAll, streamFile, utf16be, writeFixture } from './helpers';

async function expectFileError(promise: Promise<unknown>, expected: Partial<FeedIssue>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FeedFileError);
  expect((error as FeedFileError).issue).toMatchObject(expected);
}

/** A file-level failure may surface when opening (it was in the sniffed start) or while iterating. */
async function openAndReadAll(source: Parameters<typeof openCsvFeed>[0]) {
  return readAll(await openCsvFeed(source));
}

async function readFixture(path: string, options: Parameters<typeof openCsvFeed>[1] = {}) {
  const feed = await openCsvFeed(streamFile(path), options);
  return { feed, records: await readAll(feed) };
}

const CONNECT_QUEUES =
  'Queue,Contacts queued,Contacts handled,Average handle time,Service level 20 seconds\r\n' +
  'Cards,120,110,315,82.50%\r\n' +
  'VIP,-,-,-,-\r\n';

describe('openCsvFeed: encodings', () => {
  it('reads UTF-8 with a BOM and strips it from the first header name', async () => {
    const path = writeFixture('connect-utf8-bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(CONNECT_QUEUES)]));
    const { feed, records } = await readFixture(path);
    expect(feed.encoding).toMatchObject({ encoding: 'utf-8', how: 'bom' });
    expect(feed.header[0]).toBe('Queue');
    expect(records).toEqual([
      { line: 2, values: { Queue: 'Cards', 'Contacts queued': '120', 'Contacts handled': '110', 'Average handle time': '315', 'Service level 20 seconds': '82.50%' } },
      { line: 3, values: { Queue: 'VIP', 'Contacts queued': '-', 'Contacts handled': '-', 'Average handle time': '-', 'Service level 20 seconds': '-' } },
    ]);
  });

  const unicodeText = '佇列\tOffered\tHandled\r\n信用卡服務\t120\t110\r\n貴賓專線\t30\t29\r\n';

  it('reads Excel "Unicode text": UTF-16LE with BOM, tab-separated, Chinese queue names', async () => {
    const path = writeFixture('unicode-text-utf16le.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(unicodeText, 'utf16le')]));
    const { feed, records } = await readFixture(path);
    expect(feed.encoding.encoding).toBe('utf-16le');
    expect(feed.layout.delimiter).toBe('\t');
    expect(records.map((r) => [r.line, r.values['佇列'], r.values.Offered])).toEqual([
      [2, '信用卡服務', '120'],
      [3, '貴賓專線', '30'],
    ]);
  });

  it('detects UTF-16LE without a BOM from the NUL-byte pattern, and UTF-16BE with a BOM', async () => {
    const noBom = writeFixture('unicode-text-utf16le-nobom.txt', Buffer.from(unicodeText.replace('佇列', 'Queue'), 'utf16le'));
    const le = await readFixture(noBom);
    expect(le.feed.encoding).toMatchObject({ encoding: 'utf-16le', how: 'nul-pattern' });
    expect(le.records[1]?.values.Queue).toBe('貴賓專線');
    const bePath = writeFixture('unicode-text-utf16be.txt', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(unicodeText)]));
    const be = await readFixture(bePath);
    expect(be.feed.encoding.encoding).toBe('utf-16be');
    expect(be.records[0]?.values['佇列']).toBe('信用卡服務');
  });

  it('falls back to Big5 for Traditional-Chinese Windows files, and honours an explicit override', async () => {
    const path = writeFixture('avaya-big5.csv', encodeBig5('日期,技能組,來電數,接聽數\r\n2026/03/08,信用卡,120,110\r\n2026/03/08,貴賓,30,29\r\n'));
    const { feed, records } = await readFixture(path);
    expect(feed.encoding).toMatchObject({ encoding: 'big5', how: 'big5-fallback' });
    expect(feed.header).toEqual(['日期', '技能組', '來電數', '接聽數']);
    expect(records[1]?.values['技能組']).toBe('貴賓');
    const forced = await readFixture(path, { encoding: 'big5' });
    expect(forced.feed.encoding.how).toBe('override');
  });

  it('rejects bytes that are none of the supported encodings', async () => {
    const path = writeFixture('bad-encoding.csv', Buffer.from([0x61, 0x2c, 0x62, 0x0a, 0xff, 0xff, 0xfe, 0x80, 0x81, 0x0a]));
    await expectFileError(openCsvFeed(streamFile(path)), { code: 'encoding_undetected' });
  });

  it('stops with encoding_invalid when bytes after the sniffed sample break the encoding', async () => {
    const good = 'Queue,Offered\n' + 'Cards,1\n'.repeat(10_000);
    const source = Readable.from([Buffer.from(good), Buffer.from([0x43, 0xff, 0x2c, 0x31, 0x0a])]);
    await expect(openAndReadAll(source)).rejects.toMatchObject({ issue: { code: 'encoding_invalid' } });
  });
});

describe('openCsvFeed: layouts', () => {
  it('reads semicolon-separated European Excel with decimal commas', async () => {
    const path = writeFixture(
      'genesys-semicolon-decimal-comma.csv',
      'Interval Start UTC Date;Queue;Offered;Abandon %;Total Handle Time (Seconds)\n' +
        '2026-03-02T08:00:00Z;Karten;1.234;3,5 %;12.345,5\n' +
        '2026-03-02T08:15:00Z;Karten;980;2,0 %;9.876,25\n',
    );
    const { feed, records } = await readFixture(path);
    expect(feed.layout).toMatchObject({ delimiter: ';', decimalSeparator: ',' });
    expect(records[0]?.values['Total Handle Time (Seconds)']).toBe('12.345,5');
  });

  it('reads a pipe-delimited NICE ctQueue export', async () => {
    const path = writeFixture(
      'ctQueue_030826_0200.txt',
      'date|period|TZ|queue|offered|handled|ACW_Seconds|ACW_Time\n' +
        '03082026|0130|America/New_York|CARDS|42|40|1200|20:00\n' +
        '03082026|0300|America/New_York|CARDS|38|37|1110|18:30\n',
    );
    const { feed, records } = await readFixture(path);
    expect(feed.layout).toMatchObject({ delimiter: '|', decimalSeparator: '.', preambleLines: 0 });
    expect(records.map((r) => r.values.period)).toEqual(['0130', '0300']);
  });

  it('skips the 4-line Avaya CMS preamble and drops the Totals footer, keeping physical line numbers', async () => {
    const path = writeFixture(
      'avaya-cms-split-summary.csv',
      'Split/Skill Summary Report\r\n' +
        'Split: 12 Credit Cards\r\n' +
        'Date: 03/08/26 - 03/08/26\r\n' +
        '\r\n' +
        'Date,Calls Offered,ACD Calls,Avg Speed Ans,Aban Calls,Split/Skill\r\n' +
        '03/08/2026 08:00,120,110,0:18,8,12\r\n' +
        '03/08/2026 08:30,130,"121",0:21,7,12\r\n' +
        'Totals,250,231,0:20,15,\r\n',
    );
    const { feed, records } = await readFixture(path, { knownColumns: ['Date', 'Calls Offered', 'ACD Calls'] });
    expect(feed.layout).toMatchObject({ delimiter: ',', preambleLines: 4, headerLine: 5 });
    expect(feed.headerLine).toBe(5);
    expect(records.map((r) => [r.line, r.values['ACD Calls']])).toEqual([
      [6, '110'],
      [7, '121'],
    ]);
    expect(feed.issues.issues).toEqual([]);
  });

  it('finds the header by the modal field count when no known columns are given', async () => {
    const path = writeFixture(
      'avaya-cms-tab-preamble.txt',
      'Split/Skill Report\nSwitch: cms1\nRun: 03/09/26 06:00\nDate\tCalls Offered\tACD Calls\n03/08/2026\t120\t110\n合計\t120\t110\n',
    );
    const { feed, records } = await readFixture(path);
    expect(feed.layout).toMatchObject({ delimiter: '\t', preambleLines: 3 });
    expect(records).toEqual([{ line: 5, values: { Date: '03/08/2026', 'Calls Offered': '120', 'ACD Calls': '110' } }]);
  });

  it('names the starting line of a record whose quoted cell spans lines', async () => {
    const source = Readable.from([Buffer.from('Queue,Note,Offered\r\nCards,"two\r\nlines",5\r\nVIP,x,6\r\n')]);
    const records = await readAll(await openCsvFeed(source));
    expect(records.map((r) => r.line)).toEqual([2, 4]);
    expect(records[0]?.values.Note).toBe('two\nlines');
  });
});

describe('openCsvFeed: broken files', () => {
  it('rejects broken quoting with the line', async () => {
    const path = writeFixture('broken-quoting.csv', 'Queue,Offered,Handled\nCards,120,110\nVIP "Gold",30,29\n"Retail,40,38\n');
    await expect(openAndReadAll(streamFile(path))).rejects.toMatchObject({ issue: { code: 'csv_quote_error', line: 3 } });
  });

  it('rejects an unclosed quote that would swallow the rest of the file', async () => {
    const path = writeFixture('unclosed-quote.csv', 'Queue,Offered\nCards,1\n"Retail,40\nVIP,3\n');
    await expect(openAndReadAll(streamFile(path))).rejects.toMatchObject({ issue: { code: 'csv_quote_error' } });
  });

  it('rejects a duplicate column name', async () => {
    const path = writeFixture('duplicate-header.csv', 'Queue,Offered,Handled,offered\nCards,1,1,1\n');
    await expectFileError(openCsvFeed(streamFile(path)), { code: 'header_duplicate_column', column: 'offered', line: 1 });
  });

  it('rejects an empty column name between named columns but ignores a trailing empty one', async () => {
    const path = writeFixture('empty-header-column.csv', 'Queue,,Handled\nCards,1,1\n');
    await expectFileError(openCsvFeed(streamFile(path)), { code: 'header_empty_column', line: 1 });
    const trailing = await readAll(await openCsvFeed(Readable.from([Buffer.from('Queue,Handled,\nCards,1,\n')])));
    expect(trailing).toEqual([{ line: 2, values: { Queue: 'Cards', Handled: '1' } }]);
  });

  it('rejects an empty file', async () => {
    const path = writeFixture('empty.csv', '');
    await expectFileError(openCsvFeed(streamFile(path)), { code: 'file_empty' });
  });

  it('collects row-level problems and keeps reading', async () => {
    const path = writeFixture('row-problems.csv', 'Queue,Offered,Handled\nCards,1,1\nVIP,2\nRetail,3,3,9\nOnline,4,4\nTotal,10,8\nLate,1,1\n');
    const { feed, records } = await readFixture(path);
    expect(records.map((r) => r.values.Queue)).toEqual(['Cards', 'Online']);
    expect(feed.issues.issues.map((i) => [i.line, i.code])).toEqual([
      [3, 'column_count_mismatch'],
      [4, 'column_count_mismatch'],
      [7, 'data_after_footer'],
    ]);
  });

  it('stops once the issue limit is reached', async () => {
    const text = 'Queue,Offered,Handled\n' + 'Cards,1\n'.repeat(50);
    const feed = await openCsvFeed(Readable.from([Buffer.from(text)]), { issues: new FeedIssueCollector(10) });
    await readAll(feed);
    expect(feed.issues.issues).toHaveLength(11);
    expect(feed.issues.issues.at(-1)?.code).toBe('issue_limit_reached');
  });
});

describe('openCsvFeed: errors past the sniffed start', () => {
  it('yields the good records first, then fails with the line of the broken quote', async () => {
    const text = 'Queue,Offered\n' + 'Cards,1\n'.repeat(20_000) + 'VIP "x",2\n';
    const bytes = Buffer.from(text);
    const chunks = Array.from({ length: Math.ceil(bytes.length / 1024) }, (_, i) => bytes.subarray(i * 1024, (i + 1) * 1024));
    const feed = await openCsvFeed(Readable.from(chunks));
    let count = 0;
    const reading = (async () => {
      for await (const _record of feed.records) count++;
    })();
    await expect(reading).rejects.toMatchObject({ issue: { code: 'csv_quote_error', line: 20_002 } });
    expect(count).toBeGreaterThan(0);
  });
});
