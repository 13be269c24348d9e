/**
 * What the merge and the upload record need to know about the staged rows, gathered row by row while the
 * file streams: the count, the period, the thresholds, each queue and channel's range, and the component
 * totals. Per row it only updates numbers (no Date or object per row); the Dates are made when read.
 */
import { COMPONENT_NAMES, type ComponentName } from '#app/domain/kpi/components';
import type { IntervalRow } from '#app/domain/feeds/canonical';

export interface QueueRange {
  queueId: string;
  channel: string;
  start: Date;
  end: Date;
}

interface RangeMs {
  queueId: string;
  channel: string;
  startMs: number;
  endMs: number;
}

const COMPONENT_INDEX: Readonly<Record<string, number>> = Object.fromEntries(COMPONENT_NAMES.map((name, i) => [name, i]));

export class StagingStats {
  rows = 0;
  contacts = 0;
  readonly thresholds = new Set<number>();
  private lastThreshold: number | null = null;
  private periodStartMs = Infinity;
  private periodEndMs = -Infinity;
  private readonly rangeByQueue = new Map<string, Map<string, RangeMs>>();
  private readonly rangeList: RangeMs[] = [];
  private readonly sums = new Float64Array(COMPONENT_NAMES.length);
  private readonly isSummed = new Uint8Array(COMPONENT_NAMES.length);

  addInterval(queueId: string, row: IntervalRow): void {
    this.rows++;
    const startMs = row.intervalStart.getTime();
    const endMs = startMs + row.intervalMinutes * 60_000;
    if (startMs < this.periodStartMs) this.periodStartMs = startMs;
    if (endMs > this.periodEndMs) this.periodEndMs = endMs;
    if (row.thresholdS !== null && row.thresholdS !== this.lastThreshold) {
      this.thresholds.add(row.thresholdS);
      this.lastThreshold = row.thresholdS;
    }
    let byChannel = this.rangeByQueue.get(queueId);
    if (!byChannel) this.rangeByQueue.set(queueId, (byChannel = new Map()));
    const range = byChannel.get(row.channel);
    if (!range) {
      const created = { queueId, channel: row.channel, startMs, endMs };
      byChannel.set(row.channel, created);
      this.rangeList.push(created);
    } else {
      if (startMs < range.startMs) range.startMs = startMs;
      if (endMs > range.endMs) range.endMs = endMs;
    }
    const components = row.components;
    for (const name in components) {
      const value = components[name as ComponentName];
      if (value === undefined) continue;
      const i = COMPONENT_INDEX[name]!;
      // Rounded to the millisecond at each step, so the totals carry no floating-point noise.
      this.sums[i] = Math.round((this.sums[i]! + value) * 1000) / 1000;
      this.isSummed[i] = 1;
    }
  }

  /**
   * Rows summed by the database (a contacts upload's rebuilt intervals), one call per queue and channel:
   * their count, span [startMs, endMs), threshold and component sums, as addInterval would gather them.
   */
  addSummary(summary: { queueId: string; channel: string; rows: number; startMs: number; endMs: number; thresholdS: number | null; totals: ReadonlyArray<readonly [string, number]> }): void {
    if (summary.rows === 0) return;
    this.rows += summary.rows;
    const { queueId, channel, startMs, endMs } = summary;
    if (startMs < this.periodStartMs) this.periodStartMs = startMs;
    if (endMs > this.periodEndMs) this.periodEndMs = endMs;
    if (summary.thresholdS !== null) this.thresholds.add(summary.thresholdS);
    let byChannel = this.rangeByQueue.get(queueId);
    if (!byChannel) this.rangeByQueue.set(queueId, (byChannel = new Map()));
    const range = byChannel.get(channel);
    if (!range) {
      const created = { queueId, channel, startMs, endMs };
      byChannel.set(channel, created);
      this.rangeList.push(created);
    } else {
      range.startMs = Math.min(range.startMs, startMs);
      range.endMs = Math.max(range.endMs, endMs);
    }
    for (const [name, value] of summary.totals) {
      const i = COMPONENT_INDEX[name]!;
      this.sums[i] = Math.round((this.sums[i]! + value) * 1000) / 1000;
      this.isSummed[i] = 1;
    }
  }

  get periodStart(): Date | null {
    return this.rows === 0 ? null : new Date(this.periodStartMs);
  }

  get periodEnd(): Date | null {
    return this.rows === 0 ? null : new Date(this.periodEndMs);
  }

  /** Each (queue, channel) of the rows with the span of its intervals, in the order first seen. */
  get ranges(): QueueRange[] {
    return this.rangeList.map(({ queueId, channel, startMs, endMs }) => ({ queueId, channel, start: new Date(startMs), end: new Date(endMs) }));
  }

  /** Sums of the components the rows reported (a component no row had is absent, not 0). */
  get totals(): Partial<Record<ComponentName, number>> {
    const totals: Partial<Record<ComponentName, number>> = {};
    COMPONENT_NAMES.forEach((name, i) => {
      if (this.isSummed[i]) totals[name] = this.sums[i]!;
    });
    return totals;
  }
}
