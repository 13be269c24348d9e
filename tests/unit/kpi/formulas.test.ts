import { describe, expect, it } from 'vitest';
import { KPI_IDS, KPIS } from '../../../app/domain/kpi/catalog';
import { completeComponents, emptyComponents, type ComponentName } from '../../../app/domain/kpi/components';
import {
  COMPONENT_KPI_IDS,
  KPI_FORMULAS,
  SERVICE_LEVEL_FORMULAS,
  computeAbandonmentRate,
  computeAllKpis,
  computeAverageHandleTime,
  computeAverageSpeedOfAnswer,
  computeCostPerContact,
  computeCsat,
  computeFirstContactResolution,
  computeIvrContainment,
  computeKpi,
  computeNps,
  computeOccupancy,
  computeQaScore,
  computeScheduleAdherence,
  computeServiceLevel,
  computeTransferRate,
  formulaComponents,
  getKpiFormula,
  type KpiFormula,
} from '../../../app/domain/kpi/formulas';

/** One summed period with a distinct value per component, so a wrong component in a formula shows. */
const period = completeComponents({
  offered: 1_000,
  handled: 900,
  answered_within_threshold: 720,
  abandoned: 100,
  short_abandoned: 20,
  abandoned_within_threshold: 30,
  wait_s: 18_000,
  talk_s: 180_000,
  hold_s: 27_000,
  wrap_s: 45_000,
  transferred: 45,
  fcr_eligible: 800,
  fcr_resolved: 600,
  csat_responses: 200,
  csat_satisfied: 170,
  nps_responses: 150,
  nps_promoters: 75,
  nps_detractors: 30,
  qa_evaluations: 40,
  qa_points: 3_500,
  staffed_s: 300_000,
  scheduled_s: 320_000,
  adherent_s: 288_000,
  ivr_entered: 2_000,
  ivr_contained: 1_000,
});

describe('service level variants (Cisco ICM, DOMAIN.md)', () => {
  it('negative (default): answered within T / (offered − short abandons)', () => {
    expect(computeServiceLevel(period)).toEqual({ value: 720 / 980, numerator: 720, denominator: 980 });
    expect(computeKpi('service_level', period)).toEqual(computeServiceLevel(period, 'negative'));
    expect(computeServiceLevel(period).value).toBeCloseTo(0.734694, 6);
  });

  it('ignore abandons within T: drops them from the denominator', () => {
    expect(computeServiceLevel(period, 'ignore_abandons_within_threshold')).toEqual({ value: 720 / 950, numerator: 720, denominator: 950 });
    expect(computeServiceLevel(period, 'ignore_abandons_within_threshold').value).toBeCloseTo(0.757895, 6);
  });

  it('positive: abandons within T count as met', () => {
    expect(computeServiceLevel(period, 'positive')).toEqual({ value: 750 / 980, numerator: 750, denominator: 980 });
    expect(computeServiceLevel(period, 'positive').value).toBeCloseTo(0.765306, 6);
  });

  it('is described as signed component lists, the form SQL rollups use', () => {
    expect(SERVICE_LEVEL_FORMULAS.negative).toEqual({
      numerator: [{ component: 'answered_within_threshold', sign: 1 }],
      denominator: [
        { component: 'offered', sign: 1 },
        { component: 'short_abandoned', sign: -1 },
      ],
      scale: 1,
    });
    expect(getKpiFormula('service_level', { serviceLevelVariant: 'positive' })).toBe(SERVICE_LEVEL_FORMULAS.positive);
  });
});

describe('every other KPI, hand-computed', () => {
  const cases: Array<[string, () => ReturnType<typeof computeKpi>, number, number, number]> = [
    ['ASA = wait_s / handled', () => computeAverageSpeedOfAnswer(period), 18_000, 900, 20],
    ['AHT = (talk + hold + wrap) / handled', () => computeAverageHandleTime(period), 252_000, 900, 280],
    ['abandonment = (abandoned − short) / (offered − short)', () => computeAbandonmentRate(period), 80, 980, 80 / 980],
    ['transfer rate = transferred / handled', () => computeTransferRate(period), 45, 900, 0.05],
    ['FCR = resolved / eligible', () => computeFirstContactResolution(period), 600, 800, 0.75],
    ['CSAT = satisfied / responses', () => computeCsat(period), 170, 200, 0.85],
    ['NPS = 100 × (promoters − detractors) / responses', () => computeNps(period), 4_500, 150, 30],
    ['QA = points / evaluations', () => computeQaScore(period), 3_500, 40, 87.5],
    ['occupancy = (talk + hold + wrap) / staffed', () => computeOccupancy(period), 252_000, 300_000, 0.84],
    ['adherence = adherent / scheduled', () => computeScheduleAdherence(period), 288_000, 320_000, 0.9],
    ['IVR containment = contained / entered', () => computeIvrContainment(period), 1_000, 2_000, 0.5],
  ];
  it.each(cases)('%s', (_name, compute, numerator, denominator, value) => {
    const result = compute();
    expect(result.numerator).toBe(numerator);
    expect(result.denominator).toBe(denominator);
    expect(result.value).toBeCloseTo(value, 12);
  });

  it('NPS can be negative', () => {
    const unhappy = completeComponents({ nps_responses: 40, nps_promoters: 4, nps_detractors: 30 });
    expect(computeNps(unhappy).value).toBe(-65);
  });

  it('cost per contact: money total in minor units / handled', () => {
    expect(computeCostPerContact(4_500_000n, 900)).toEqual({ value: 5_000, numerator: 4_500_000n, denominator: 900 });
    expect(computeCostPerContact(1_000n, 3).value).toBeCloseTo(333.333333, 6);
  });
});

describe('no data', () => {
  it('every KPI is null on empty components, never 0 % or 100 %', () => {
    const all = computeAllKpis(emptyComponents());
    for (const id of COMPONENT_KPI_IDS) expect(all[id]).toEqual({ value: null, numerator: 0, denominator: 0 });
    expect(computeCostPerContact(123_456n, 0).value).toBeNull();
  });

  it('a zero denominator is null even when the numerator is not zero', () => {
    const onlyShortAbandons = completeComponents({ offered: 5, abandoned: 5, short_abandoned: 5 });
    expect(computeServiceLevel(onlyShortAbandons).value).toBeNull();
    expect(computeAbandonmentRate(onlyShortAbandons).value).toBeNull();
    const allAbandonedWithinT = completeComponents({ offered: 5, abandoned: 5, abandoned_within_threshold: 5 });
    expect(computeServiceLevel(allAbandonedWithinT, 'ignore_abandons_within_threshold').value).toBeNull();
    expect(computeServiceLevel(allAbandonedWithinT, 'negative').value).toBe(0);
    expect(computeServiceLevel(allAbandonedWithinT, 'positive').value).toBe(1);
    expect(computeOccupancy(completeComponents({ talk_s: 100 })).value).toBeNull();
  });

  it('a negative denominator (only from inconsistent rows) is no data as well', () => {
    expect(computeServiceLevel(completeComponents({ offered: 1, short_abandoned: 2 })).value).toBeNull();
  });
});

describe('one source of truth', () => {
  it('covers every KPI of the catalogue: formulas for all but cost per contact', () => {
    expect([...COMPONENT_KPI_IDS, 'cost_per_contact'].sort()).toEqual([...KPI_IDS].sort());
    expect(Object.keys(KPI_FORMULAS).sort()).toEqual(COMPONENT_KPI_IDS.filter((id) => id !== 'service_level').sort());
    expect(KPIS.nps.unit).toBe('nps');
  });

  it('computeAllKpis equals computeKpi per KPI and honours the variant', () => {
    const all = computeAllKpis(period, { serviceLevelVariant: 'positive' });
    for (const id of COMPONENT_KPI_IDS) {
      expect(all[id]).toEqual(computeKpi(id, period, { serviceLevelVariant: 'positive' }));
    }
    expect(all.service_level.value).toBe(750 / 980);
  });

  it('values follow from the signed component lists alone (what SQL will evaluate)', () => {
    const evaluateLikeSql = (formula: KpiFormula) => {
      const sumOf = (terms: KpiFormula['numerator']) => terms.reduce((total, term) => total + term.sign * period[term.component], 0);
      return (formula.scale * sumOf(formula.numerator)) / sumOf(formula.denominator);
    };
    for (const id of COMPONENT_KPI_IDS) expect(computeKpi(id, period).value).toBe(evaluateLikeSql(getKpiFormula(id)));
  });

  it('lists the components each KPI reads', () => {
    const read: ComponentName[] = formulaComponents(KPI_FORMULAS.aht);
    expect(read).toEqual(['talk_s', 'hold_s', 'wrap_s', 'handled']);
    expect(formulaComponents(SERVICE_LEVEL_FORMULAS.positive)).toEqual([
      'answered_within_threshold',
      'abandoned_within_threshold',
      'offered',
      'short_abandoned',
    ]);
  });
});
