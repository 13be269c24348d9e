import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregateKpi } from '#app/domain/kpi/aggregate';
import { completeComponents, sumComponents, type Components } from '#app/domain/kpi/components';
import { computeKpi, type ComponentKpiId } from '#app/domain/kpi/formulas';
import type { ServiceLevelVariant } from '#app/domain/kpi/catalog';

/**
 * DOMAIN.md: a period's KPI is Σnumerator / Σdenominator over its rows. Splitting the period's rows into
 * any sub-periods, summing each and summing the sums, must give the whole period's value; and ratios of
 * consistent rows stay within their bounds.
 */

/** A consistent interval row (the feed checks guarantee these relations before anything is stored). */
const rowArb: fc.Arbitrary<Components> = fc
  .record({
    offered: fc.integer({ min: 0, max: 2000 }),
    h: fc.double({ min: 0, max: 1, noNaN: true }),
    a: fc.double({ min: 0, max: 1, noNaN: true }),
    s: fc.double({ min: 0, max: 1, noNaN: true }),
    w: fc.double({ min: 0, max: 1, noNaN: true }),
    aw: fc.double({ min: 0, max: 1, noNaN: true }),
    waitMs: fc.integer({ min: 0, max: 10_000_000 }),
    talkMs: fc.integer({ min: 0, max: 50_000_000 }),
    holdMs: fc.integer({ min: 0, max: 5_000_000 }),
    wrapMs: fc.integer({ min: 0, max: 5_000_000 }),
  })
  .map((r) => {
    const handled = Math.floor(r.offered * r.h);
    const abandoned = Math.floor((r.offered - handled) * r.a);
    const shortAbandoned = Math.floor(abandoned * r.s);
    return completeComponents({
      offered: r.offered,
      handled,
      answered_within_threshold: Math.floor(handled * r.w),
      abandoned,
      short_abandoned: shortAbandoned,
      abandoned_within_threshold: Math.floor((abandoned - shortAbandoned) * r.aw),
      // Millisecond-precise seconds, as the readers round them.
      wait_s: r.waitMs / 1000,
      talk_s: r.talkMs / 1000,
      hold_s: r.holdMs / 1000,
      wrap_s: r.wrapMs / 1000,
    });
  });

/** Rows and an arbitrary partition of them into consecutive sub-periods. */
const splitArb = fc.array(rowArb, { minLength: 1, maxLength: 60 }).chain((rows) =>
  fc.uniqueArray(fc.integer({ min: 1, max: Math.max(1, rows.length - 1) }), { maxLength: rows.length }).map((cuts) => {
    const bounds = [0, ...cuts.filter((c) => c < rows.length).sort((x, y) => x - y), rows.length];
    const parts: Components[][] = [];
    for (let i = 0; i < bounds.length - 1; i++) parts.push(rows.slice(bounds[i], bounds[i + 1]));
    return { rows, parts: parts.filter((p) => p.length > 0) };
  }),
);

const KPIS: Array<{ id: ComponentKpiId; variant?: ServiceLevelVariant; min: number; max: number }> = [
  { id: 'service_level', variant: 'negative', min: 0, max: 1 },
  { id: 'service_level', variant: 'positive', min: 0, max: 1 },
  { id: 'service_level', variant: 'ignore_abandons_within_threshold', min: 0, max: 1 },
  { id: 'abandonment_rate', min: 0, max: 1 },
  { id: 'asa', min: 0, max: Infinity },
  { id: 'aht', min: 0, max: Infinity },
];

describe('KPI aggregation (properties)', () => {
  it.each(KPIS)('$id ($variant): any split of a period sums back to the whole period’s ratio', ({ id, variant }) => {
    const options = { serviceLevelVariant: variant };
    fc.assert(
      fc.property(splitArb, ({ rows, parts }) => {
        const whole = aggregateKpi(id, rows, options);
        const fromParts = computeKpi(id, sumComponents(parts.map((part) => sumComponents(part))), options);
        expect(fromParts.value === null).toBe(whole.value === null);
        expect(fromParts.numerator).toBeCloseTo(whole.numerator, 6);
        expect(fromParts.denominator).toBeCloseTo(whole.denominator, 6);
        if (whole.value !== null) expect(fromParts.value!).toBeCloseTo(whole.value, 9);
        // The value is exactly Σnumerators / Σdenominators of the parts' own results…
        const partResults = parts.map((part) => aggregateKpi(id, part, options));
        const numerator = partResults.reduce((n, r) => n + r.numerator, 0);
        const denominator = partResults.reduce((n, r) => n + r.denominator, 0);
        if (denominator > 0) expect(whole.value!).toBeCloseTo(numerator / denominator, 9);
        else expect(whole.value).toBeNull();
      }),
      { numRuns: 150 },
    );
  });

  it('the average of the parts’ ratios is not the period’s ratio (the property above can fail)', () => {
    // Guards the test itself: a naive mean of daily service levels differs from the pooled one.
    const busy = completeComponents({ offered: 1000, handled: 900, answered_within_threshold: 500 });
    const quiet = completeComponents({ offered: 10, handled: 10, answered_within_threshold: 10 });
    const pooled = aggregateKpi('service_level', [busy, quiet]).value!;
    const naive = ((computeKpi('service_level', busy).value ?? 0) + (computeKpi('service_level', quiet).value ?? 0)) / 2;
    expect(Math.abs(pooled - naive)).toBeGreaterThan(0.2);
  });

  it.each(KPIS)('$id ($variant): the ratio of consistent rows stays within [$min, $max] and is null only without a denominator', ({ id, variant, min, max }) => {
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 30 }), (rows) => {
        const result = aggregateKpi(id, rows, { serviceLevelVariant: variant });
        if (result.denominator <= 0) {
          expect(result.value).toBeNull();
          return;
        }
        expect(result.value).not.toBeNull();
        expect(Number.isFinite(result.value!)).toBe(true);
        expect(result.value!).toBeGreaterThanOrEqual(min);
        expect(result.value!).toBeLessThanOrEqual(max + 1e-12);
      }),
      { numRuns: 200 },
    );
  });
});
