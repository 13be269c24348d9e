import { describe, expect, it } from 'vitest';
import {
  COMPONENT_NAMES,
  COUNT_COMPONENT_NAMES,
  MEASURE_COMPONENT_NAMES,
  addComponents,
  checkConsistency,
  completeComponents,
  componentsSchema,
  emptyComponents,
  sumComponents,
  type Components,
} from '../../../app/domain/kpi/components';

const consistentRow: Components = completeComponents({
  offered: 100,
  handled: 90,
  answered_within_threshold: 80,
  abandoned: 10,
  short_abandoned: 3,
  abandoned_within_threshold: 4,
  wait_s: 900,
  talk_s: 18_000,
  hold_s: 1_200.5,
  wrap_s: 2_700,
  qa_points: 177.5,
});

describe('component names', () => {
  it('lists every DOMAIN.md component once, split into counts and measures', () => {
    expect(COMPONENT_NAMES).toHaveLength(25);
    expect(new Set(COMPONENT_NAMES).size).toBe(25);
    expect([...COUNT_COMPONENT_NAMES, ...MEASURE_COMPONENT_NAMES].sort()).toEqual([...COMPONENT_NAMES].sort());
  });
});

describe('emptyComponents / addComponents / sumComponents', () => {
  it('starts every component at zero', () => {
    const empty = emptyComponents();
    expect(Object.keys(empty)).toEqual([...COMPONENT_NAMES]);
    expect(Object.values(empty).every((value) => value === 0)).toBe(true);
  });

  it('adds component by component without touching the inputs', () => {
    const a = completeComponents({ offered: 10, handled: 8, wait_s: 40 });
    const b = completeComponents({ offered: 5, handled: 5, wait_s: 2.5, nps_promoters: 1 });
    const sum = addComponents(a, b);
    expect(sum).toEqual(completeComponents({ offered: 15, handled: 13, wait_s: 42.5, nps_promoters: 1 }));
    expect(a.offered).toBe(10);
  });

  it('sums a list, and an empty list to zeros', () => {
    const rows = [consistentRow, consistentRow, consistentRow];
    expect(sumComponents(rows).offered).toBe(300);
    expect(sumComponents(rows).hold_s).toBe(3_601.5);
    expect(sumComponents([])).toEqual(emptyComponents());
  });
});

describe('componentsSchema', () => {
  it('accepts a complete row with fractional measures', () => {
    const parsed: Components = componentsSchema.parse(consistentRow);
    expect(parsed).toEqual(consistentRow);
  });

  it('rejects negative values, fractional counts, missing and unknown components', () => {
    expect(componentsSchema.safeParse({ ...consistentRow, wait_s: -1 }).success).toBe(false);
    expect(componentsSchema.safeParse({ ...consistentRow, offered: 1.5 }).success).toBe(false);
    const { offered: _offered, ...missingOffered } = consistentRow;
    expect(componentsSchema.safeParse(missingOffered).success).toBe(false);
    expect(componentsSchema.safeParse({ ...consistentRow, calls: 3 }).success).toBe(false);
  });
});

describe('checkConsistency (DOMAIN.md row rules)', () => {
  it('finds nothing wrong with a consistent row', () => {
    expect(checkConsistency(consistentRow)).toEqual([]);
  });

  it('handled <= offered', () => {
    expect(checkConsistency({ ...consistentRow, handled: 101 })).toEqual([
      { rule: 'handled_exceeds_offered', components: ['handled', 'offered'] },
    ]);
  });

  it('abandoned <= offered', () => {
    expect(checkConsistency({ ...consistentRow, abandoned: 101, short_abandoned: 0 })).toEqual([
      { rule: 'abandoned_exceeds_offered', components: ['abandoned', 'offered'] },
    ]);
  });

  it('short_abandoned <= abandoned', () => {
    expect(checkConsistency({ ...consistentRow, short_abandoned: 11 })).toEqual([
      { rule: 'short_abandoned_exceeds_abandoned', components: ['short_abandoned', 'abandoned'] },
    ]);
  });

  it('answered_within_threshold <= handled', () => {
    expect(checkConsistency({ ...consistentRow, answered_within_threshold: 91 })).toEqual([
      { rule: 'answered_within_threshold_exceeds_handled', components: ['answered_within_threshold', 'handled'] },
    ]);
  });

  it('every count and duration >= 0', () => {
    expect(checkConsistency({ ...consistentRow, transferred: -1, talk_s: -0.5 })).toEqual([
      { rule: 'negative_value', components: ['talk_s'] },
      { rule: 'negative_value', components: ['transferred'] },
    ]);
  });

  it('counts are integers; durations may carry decimals', () => {
    expect(checkConsistency({ ...consistentRow, csat_responses: 2.5, wrap_s: 0.25 })).toEqual([
      { rule: 'non_integer_count', components: ['csat_responses'] },
    ]);
  });

  it('NaN and Infinity are reported once, not as negative or fractional', () => {
    expect(checkConsistency({ ...consistentRow, ivr_entered: Number.NaN, staffed_s: Infinity })).toEqual([
      { rule: 'non_finite_value', components: ['staffed_s'] },
      { rule: 'non_finite_value', components: ['ivr_entered'] },
    ]);
  });

  it('reports every violated rule of a row at once, and checks only what a partial row maps', () => {
    const rules = checkConsistency({ offered: 5, handled: 6, answered_within_threshold: 7, abandoned: -1 }).map(
      (violation) => violation.rule,
    );
    expect(rules).toEqual(['negative_value', 'handled_exceeds_offered', 'answered_within_threshold_exceeds_handled']);
    expect(checkConsistency({ handled: 6 })).toEqual([]);
  });
});
