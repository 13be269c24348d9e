import { describe, expect, it } from 'vitest';
import { attainmentMargin, computeScorecard, type ScorecardSlaInput } from '../../../app/domain/sla/scorecard';

const slas: ScorecardSlaInput[] = [
  { slaId: 'sl', kpi: 'service_level', comparator: 'gte', target: 0.8, isCritical: true, allocationBp: 4_000, value: 0.83, outcome: 'met' },
  { slaId: 'abandonment', kpi: 'abandonment_rate', comparator: 'lte', target: 0.05, isCritical: true, allocationBp: 3_000, value: 0.06, outcome: 'missed' },
  { slaId: 'csat', kpi: 'csat', comparator: 'gte', target: 0.85, isCritical: false, allocationBp: null, value: 0.8, outcome: 'missed' },
  { slaId: 'qa', kpi: 'qa_score', comparator: 'gte', target: 90, isCritical: false, allocationBp: null, value: null, outcome: 'not_measured' },
];

describe('vendor scorecard', () => {
  it('weighs critical SLAs by allocation and key measurements by the default 10 %, over measured SLAs only', () => {
    const card = computeScorecard(slas);
    expect(card.measuredWeightBp).toBe(4_000 + 3_000 + 1_000);
    expect(card.metWeightBp).toBe(4_000);
    expect(card.score).toBe(0.5);
    expect(card.lines.map((l) => [l.slaId, l.weightBp, l.isScored])).toEqual([
      ['sl', 4_000, true],
      ['abandonment', 3_000, true],
      ['csat', 1_000, true],
      ['qa', 1_000, false],
    ]);
  });

  it('a key weight of 0 leaves key measurements out of the score', () => {
    expect(computeScorecard(slas, 0).score).toBe(4_000 / 7_000);
  });

  it('has no score when nothing was measured', () => {
    expect(computeScorecard([slas[3]!]).score).toBeNull();
  });

  it('margins are signed in the SLA direction: positive is better than the target', () => {
    const card = computeScorecard(slas);
    expect(card.lines[0]?.margin).toBeCloseTo(0.03, 12);
    expect(card.lines[1]?.margin).toBeCloseTo(-0.01, 12);
    expect(card.lines[3]?.margin).toBeNull();
    expect(attainmentMargin('lte', 25, 30)).toBe(5);
    expect(attainmentMargin('lte', 34, 30)).toBe(-4);
  });
});
