import { describe, expect, it } from 'vitest';
import { aggregateAllKpis, aggregateKpi, sumByPeriod, type IntervalRow } from '../../../app/domain/kpi/aggregate';
import { completeComponents, sumComponents, type Components } from '../../../app/domain/kpi/components';
import { COMPONENT_KPI_IDS, computeKpi } from '../../../app/domain/kpi/formulas';
import { randomInt, seededRandom } from '../seeded-random';

const TAIPEI = 'Asia/Taipei';

/** One interval at local noon in Taipei (UTC+8) of 2024-03-dd. */
const taipeiNoon = (day: number) => new Date(Date.UTC(2024, 2, day, 4, 0));

const dayRow = (offered: number, answeredWithinThreshold: number): Components =>
  completeComponents({ offered, handled: offered, answered_within_threshold: answeredWithinThreshold });

// ISO week 2024-W10: Monday 4 March .. Sunday 10 March 2024.
const week: IntervalRow[] = [
  { start: taipeiNoon(4), components: dayRow(1_000, 900) }, // 90 %
  { start: taipeiNoon(5), components: dayRow(200, 100) }, // 50 %
  { start: taipeiNoon(6), components: dayRow(800, 640) }, // 80 %
  { start: taipeiNoon(7), components: dayRow(500, 400) }, // 80 %
  { start: taipeiNoon(8), components: dayRow(1_200, 1_020) }, // 85 %
  { start: taipeiNoon(9), components: dayRow(100, 40) }, // 40 %
  { start: taipeiNoon(10), components: dayRow(200, 120) }, // 60 %
];

describe('a week is Σnumerator / Σdenominator, never the average of daily ratios (DOMAIN.md)', () => {
  it('gives 80.5 % where averaging the days would give 69.3 %', () => {
    const days = sumByPeriod(week, 'day', TAIPEI);
    expect([...days.keys()]).toEqual(['2024-03-04', '2024-03-05', '2024-03-06', '2024-03-07', '2024-03-08', '2024-03-09', '2024-03-10']);
    const dailyLevels = [...days.values()].map((day) => computeKpi('service_level', day).value ?? NaN);
    expect(dailyLevels).toEqual([0.9, 0.5, 0.8, 0.8, 0.85, 0.4, 0.6]);
    const averageOfDailyLevels = dailyLevels.reduce((total, level) => total + level, 0) / dailyLevels.length;
    expect(averageOfDailyLevels).toBeCloseTo(4.85 / 7, 12); // 0.692857…: would read as a miss of 80/20

    const weeks = sumByPeriod(week, 'week', TAIPEI);
    expect([...weeks.keys()]).toEqual(['2024-W10']);
    const weekly = computeKpi('service_level', weeks.get('2024-W10') ?? completeComponents({}));
    expect(weekly).toEqual({ value: 0.805, numerator: 3_220, denominator: 4_000 });
    expect(aggregateKpi('service_level', week.map((row) => row.components))).toEqual(weekly);
  });
});

describe('aggregateKpi / aggregateAllKpis', () => {
  it('computes over the sum of the rows with the variant asked for', () => {
    const rows = [
      completeComponents({ offered: 10, short_abandoned: 2, abandoned: 2, answered_within_threshold: 4, abandoned_within_threshold: 1 }),
      completeComponents({ offered: 30, handled: 28, answered_within_threshold: 20, abandoned: 2, abandoned_within_threshold: 2 }),
    ];
    // negative: 24 / (40 − 2); ignore within T: 24 / (38 − 3); positive: 27 / 38
    expect(aggregateKpi('service_level', rows).value).toBe(24 / 38);
    expect(aggregateKpi('service_level', rows, { serviceLevelVariant: 'ignore_abandons_within_threshold' }).value).toBe(24 / 35);
    expect(aggregateKpi('service_level', rows, { serviceLevelVariant: 'positive' }).value).toBe(27 / 38);
    const all = aggregateAllKpis(rows);
    expect(all.asa).toEqual({ value: 0, numerator: 0, denominator: 28 });
    expect(all.csat.value).toBeNull();
  });

  it('is no data over no rows', () => {
    expect(aggregateKpi('csat', [])).toEqual({ value: null, numerator: 0, denominator: 0 });
  });
});

/** A random but consistent interval row (counts within their wholes), integer-valued so sums are exact. */
function randomRow(random: () => number): Components {
  const offered = randomInt(random, 0, 200);
  const abandoned = randomInt(random, 0, offered);
  const handled = offered - abandoned;
  const talk = randomInt(random, 0, 400 * handled);
  const npsResponses = randomInt(random, 0, 20);
  const promoters = randomInt(random, 0, npsResponses);
  return completeComponents({
    offered,
    handled,
    abandoned,
    short_abandoned: randomInt(random, 0, abandoned),
    abandoned_within_threshold: randomInt(random, 0, abandoned),
    answered_within_threshold: randomInt(random, 0, handled),
    wait_s: randomInt(random, 0, 60 * handled),
    talk_s: talk,
    hold_s: randomInt(random, 0, 30 * handled),
    wrap_s: randomInt(random, 0, 60 * handled),
    transferred: randomInt(random, 0, handled),
    nps_responses: npsResponses,
    nps_promoters: promoters,
    nps_detractors: randomInt(random, 0, npsResponses - promoters),
    staffed_s: randomInt(random, 0, 3 * 900 * 4),
  });
}

describe('properties (seeded)', () => {
  it('any split of a period into parts aggregates to the same KPI values as the whole', () => {
    const random = seededRandom(20_240_331);
    for (let trial = 0; trial < 200; trial++) {
      const rows = Array.from({ length: randomInt(random, 1, 60) }, () => randomRow(random));
      const whole = aggregateAllKpis(rows);
      const cuts = [0, ...Array.from({ length: randomInt(random, 0, 5) }, () => randomInt(random, 0, rows.length)), rows.length].sort(
        (a, b) => a - b,
      );
      const partSums = cuts.slice(1).map((end, index) => sumComponents(rows.slice(cuts[index], end)));
      expect(aggregateAllKpis(partSums)).toEqual(whole);
    }
  });

  it('every KPI of a consistent aggregate is null or within its natural range', () => {
    const random = seededRandom(7);
    for (let trial = 0; trial < 200; trial++) {
      const all = aggregateAllKpis(Array.from({ length: randomInt(random, 0, 10) }, () => randomRow(random)));
      for (const id of COMPONENT_KPI_IDS) {
        const { value, denominator } = all[id];
        expect(value === null).toBe(denominator === 0);
      }
      for (const id of ['service_level', 'abandonment_rate', 'transfer_rate'] as const) {
        const value = all[id].value;
        if (value !== null) expect(value >= 0 && value <= 1).toBe(true);
      }
      const nps = all.nps.value;
      if (nps !== null) expect(nps >= -100 && nps <= 100).toBe(true);
    }
  });
});
