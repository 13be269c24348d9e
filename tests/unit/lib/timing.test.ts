import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { untilElapsed } from '../../../app/lib/timing.server';

describe('untilElapsed', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'performance'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('waits out the rest of the floor', async () => {
    const started = performance.now();
    vi.advanceTimersByTime(30);
    let done = false;
    const waiting = untilElapsed(started, 200).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(169);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await waiting;
    expect(done).toBe(true);
  });

  it('returns at once when the floor has passed', async () => {
    const started = performance.now();
    vi.advanceTimersByTime(250);
    let done = false;
    const waiting = untilElapsed(started, 200).then(() => (done = true));
    await Promise.resolve();
    await waiting;
    expect(done).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });
});
