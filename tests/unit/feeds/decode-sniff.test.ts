import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { FeedTextDecoder, detectEncoding, isFooterRecord, sniffLayout } from '#app/domain/feeds';
import { encodeBig5 } from './helpers';

async function decodeInChunks(bytes: Buffer, chunkBytes: number, sampleBytes = 16): Promise<string> {
  const chunks = Array.from({ length: Math.ceil(bytes.length / chunkBytes) }, (_, i) => bytes.subarray(i * chunkBytes, (i + 1) * chunkBytes));
  let text = '';
  for await (const piece of Readable.from(chunks).pipe(new FeedTextDecoder({ sampleBytes }))) text += String(piece);
  return text;
}

describe('detectEncoding', () => {
  it('recognises byte-order marks', () => {
    expect(detectEncoding(Buffer.from([0xef, 0xbb, 0xbf, 0x41]))).toEqual({ encoding: 'utf-8', bomLength: 3, how: 'bom' });
    expect(detectEncoding(Buffer.from([0xff, 0xfe, 0x41, 0]))).toMatchObject({ encoding: 'utf-16le', bomLength: 2 });
    expect(detectEncoding(Buffer.from([0xfe, 0xff, 0, 0x41]))).toMatchObject({ encoding: 'utf-16be', bomLength: 2 });
  });
  it('tells UTF-8 from Big5 by a strict decode, tolerating a character cut at the sample end', () => {
    const utf8 = Buffer.from('佇列,來電\n信用卡,1\n');
    expect(detectEncoding(utf8.subarray(0, utf8.length - 4)).encoding).toBe('utf-8');
    expect(detectEncoding(encodeBig5('佇列,來電\n信用卡,1\n'), true).encoding).toBe('big5');
  });
});

describe('FeedTextDecoder', () => {
  it('decodes multi-byte characters split across chunks in every encoding', async () => {
    const text = 'Queue,Offered\n信用卡服務,120\n貴賓專線,30\n';
    expect(await decodeInChunks(Buffer.from(text), 1)).toBe(text);
    expect(await decodeInChunks(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]), 3)).toBe(text);
    expect(await decodeInChunks(encodeBig5(text), 1, 1024)).toBe(text);
  });
});

describe('sniffLayout', () => {
  it('picks the delimiter with consistent field counts', () => {
    expect(sniffLayout('a,b;c\n1,2;3\n4,5;6\n', { isComplete: true }).delimiter).toBe(',');
    expect(sniffLayout('a;b;c\n"1,5";2;3\n4;5;6\n', { isComplete: true }).delimiter).toBe(';');
    expect(sniffLayout('a|b|c\n1|2|3\n', { isComplete: true }).delimiter).toBe('|');
    expect(sniffLayout('a\tb\n1,5\t2\n', { isComplete: true }).delimiter).toBe('\t');
  });
  it('detects the decimal comma of European Excel', () => {
    expect(sniffLayout('Queue;AHT;SL\nA;1.234,5;85,0 %\nB;12,5;90 %\n', { isComplete: true }).decimalSeparator).toBe(',');
    expect(sniffLayout('Queue,AHT\nA,"1,234.5"\nB,12.5\n', { isComplete: true }).decimalSeparator).toBe('.');
  });
  it('finds a header after a preamble by known columns', () => {
    const sample = 'Report\nSplit: 1, Cards\nRun: today\n\nDate,Calls Offered,ACD Calls\n1,2,3\n';
    expect(sniffLayout(sample, { isComplete: true, knownColumns: ['calls offered', 'ACD CALLS'] })).toMatchObject({ preambleLines: 4, headerLine: 5 });
  });
  it('ignores the cut last line of a partial sample', () => {
    expect(sniffLayout('a;b\n1;2\n3;', { isComplete: false }).delimiter).toBe(';');
  });
});

describe('isFooterRecord', () => {
  it('recognises totals labels in English and Chinese', () => {
    for (const label of ['Totals', 'Total', 'TOTAL:', '合計', '總計', 'Summary', 'Grand Total']) expect(isFooterRecord([label, '1'])).toBe(true);
    expect(isFooterRecord(['', 'Totals', '3'])).toBe(true);
    expect(isFooterRecord(['Total Care queue', '3'])).toBe(false);
  });
});
