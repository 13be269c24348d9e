/**
 * Resolves once `floorMs` have passed since `startedMs` (a `performance.now()` reading), at once if they
 * already have: an answer whose duration must not depend on what the request found.
 */
export async function untilElapsed(startedMs: number, floorMs: number): Promise<void> {
  const left = startedMs + floorMs - performance.now();
  if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
}
