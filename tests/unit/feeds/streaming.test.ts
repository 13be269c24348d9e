import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { openCsvFeed } from '#app/domain/feeds';

const ROWS = 200_000;

/** Generates the file lazily, 1,000 lines per chunk, so the test itself never holds it whole. */
function* generatedCsv(): Generator<Buffer> {
  yield Buffer.from('Interval Start UTC Date,Queue,Media Type,Offered,Interactions Handled,Total Handle Time (Seconds)\n');
  for (let start = 0; start < ROWS; start += 1_000) {
    let chunk = '';
    for (let i = start; i < start + 1_000; i++) {
      const at = new Date(Date.UTC(2026, 0, 1) + Math.floor(i / 30) * 900_000).toISOString();
      chunk += `${at},Queue ${i % 30},voice,${i % 97},${i % 89},${(i % 89) * 311}\n`;
    }
    yield Buffer.from(chunk);
  }
}

describe('openCsvFeed streaming', () => {
  it('reads a 200,000-row file record by record', async () => {
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    let peakHeap = heapBefore;
    const feed = await openCsvFeed(Readable.from(generatedCsv()));
    let count = 0;
    let lastLine = 0;
    let handledSum = 0;
    for await (const record of feed.records) {
      count++;
      lastLine = record.line;
      handledSum += Number(record.values['Interactions Handled']);
      if (count % 10_000 === 0) {
        global.gc?.();
        peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
      }
    }
    expect(count).toBe(ROWS);
    expect(lastLine).toBe(ROWS + 1);
    expect(feed.issues.issues).toEqual([]);
    let expectedSum = 0;
    for (let i = 0; i < ROWS; i++) expectedSum += i % 89;
    expect(handledSum).toBe(expectedSum);
    global.gc?.();
    const heapAfter = process.memoryUsage().heapUsed;
    const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
    // Reported, not asserted: sampled heap includes garbage not yet collected (run with --expose-gc for exact figures).
    console.info(
      `200k rows: heap before ${mb(heapBefore)} MB, peak sampled ${mb(peakHeap)} MB, after ${mb(heapAfter)} MB (gc ${global.gc ? 'on' : 'off'})`,
    );
  }, 60_000);
});
