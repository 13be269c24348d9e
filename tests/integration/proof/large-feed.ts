/** A large canonical interval file for the fault proofs (faults-kill-import, faults-kill-worker). */

/** `variant` changes one value, so each attempt's file has its own checksum (and blob). */
export function largeCsv(rows: number, variant: number): string {
  const start = Date.parse('2020-01-01T00:00:00+08:00');
  const lines = ['interval_start,interval_minutes,queue,channel,threshold_s,offered,handled,answered_within_threshold,abandoned,wait_s,talk_s'];
  for (let i = 0; i < rows; i++) {
    const at = new Date(start + i * 15 * 60_000).toISOString().replace('.000Z', '+00:00');
    const offered = 20 + (i % 37) + (i === 0 ? variant : 0);
    lines.push(`${at},15,VIP line,voice,20,${offered},${offered - 2},${offered - 6},2,${offered * 9},${offered * 240}`);
  }
  return `${lines.join('\n')}\n`;
}
