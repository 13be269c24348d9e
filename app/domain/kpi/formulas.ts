import { KPI_IDS, type KpiId, type ServiceLevelVariant } from './catalog';
import type { ComponentName, Components } from './components';

/**
 * Every KPI of DOMAIN.md as `scale × Σnumerator / Σdenominator` over summed components. The formulas are
 * data (signed lists of component names), so the same definitions drive this module and the SQL rollups:
 * a period's value is always computed from the period's sums, never by averaging ratios.
 */
export interface FormulaTerm {
  component: ComponentName;
  sign: 1 | -1;
}

export interface KpiFormula {
  numerator: readonly FormulaTerm[];
  denominator: readonly FormulaTerm[];
  /** Multiplies the ratio: 100 for NPS, 1 otherwise. */
  scale: number;
}

/** KPIs computed from components alone; cost per contact also needs a money total (computeCostPerContact). */
export type ComponentKpiId = Exclude<KpiId, 'cost_per_contact'>;
export const COMPONENT_KPI_IDS = KPI_IDS.filter((id): id is ComponentKpiId => id !== 'cost_per_contact');

export interface KpiOptions {
  /** A contract term (DOMAIN.md); "negative" when the contract is silent. */
  serviceLevelVariant?: ServiceLevelVariant;
}

export const DEFAULT_SERVICE_LEVEL_VARIANT: ServiceLevelVariant = 'negative';

export interface KpiResult {
  /** null is "no data": a zero denominator is neither 0 % nor 100 % (DOMAIN.md). */
  value: number | null;
  numerator: number;
  denominator: number;
}

const plus = (component: ComponentName): FormulaTerm => ({ component, sign: 1 });
const minus = (component: ComponentName): FormulaTerm => ({ component, sign: -1 });
const ratio = (numerator: FormulaTerm[], denominator: FormulaTerm[], scale = 1): KpiFormula => ({ numerator, denominator, scale });

const HANDLING_TIME = [plus('talk_s'), plus('hold_s'), plus('wrap_s')];
// Short abandons (hung up within the short-abandon window) are not counted as offered by any variant.
const OFFERED_LESS_SHORT_ABANDONS = [plus('offered'), minus('short_abandoned')];

/** Cisco ICM's three service-level variants (DOMAIN.md). */
export const SERVICE_LEVEL_FORMULAS: Record<ServiceLevelVariant, KpiFormula> = {
  negative: ratio([plus('answered_within_threshold')], OFFERED_LESS_SHORT_ABANDONS),
  ignore_abandons_within_threshold: ratio(
    [plus('answered_within_threshold')],
    [...OFFERED_LESS_SHORT_ABANDONS, minus('abandoned_within_threshold')],
  ),
  positive: ratio([plus('answered_within_threshold'), plus('abandoned_within_threshold')], OFFERED_LESS_SHORT_ABANDONS),
};

/** The KPIs whose formula does not depend on a contract term. */
export const KPI_FORMULAS: Record<Exclude<ComponentKpiId, 'service_level'>, KpiFormula> = {
  asa: ratio([plus('wait_s')], [plus('handled')]),
  aht: ratio(HANDLING_TIME, [plus('handled')]),
  abandonment_rate: ratio([plus('abandoned'), minus('short_abandoned')], OFFERED_LESS_SHORT_ABANDONS),
  transfer_rate: ratio([plus('transferred')], [plus('handled')]),
  fcr: ratio([plus('fcr_resolved')], [plus('fcr_eligible')]),
  csat: ratio([plus('csat_satisfied')], [plus('csat_responses')]),
  nps: ratio([plus('nps_promoters'), minus('nps_detractors')], [plus('nps_responses')], 100),
  qa_score: ratio([plus('qa_points')], [plus('qa_evaluations')]),
  occupancy: ratio(HANDLING_TIME, [plus('staffed_s')]),
  schedule_adherence: ratio([plus('adherent_s')], [plus('scheduled_s')]),
  ivr_containment: ratio([plus('ivr_contained')], [plus('ivr_entered')]),
};

export function getKpiFormula(id: ComponentKpiId, options: KpiOptions = {}): KpiFormula {
  if (id === 'service_level') return SERVICE_LEVEL_FORMULAS[options.serviceLevelVariant ?? DEFAULT_SERVICE_LEVEL_VARIANT];
  return KPI_FORMULAS[id];
}

/** The components a KPI reads, e.g. to know which columns a rollup must sum. */
export function formulaComponents(formula: KpiFormula): ComponentName[] {
  return [...new Set([...formula.numerator, ...formula.denominator].map((term) => term.component))];
}

export function evaluateTerms(terms: readonly FormulaTerm[], components: Components): number {
  let total = 0;
  for (const term of terms) total += term.sign * components[term.component];
  return total;
}

export function evaluateFormula(formula: KpiFormula, components: Components): KpiResult {
  const numerator = formula.scale * evaluateTerms(formula.numerator, components);
  const denominator = evaluateTerms(formula.denominator, components);
  // A negative denominator only comes from rows that fail checkConsistency; it is no more data than zero.
  const value = denominator > 0 ? numerator / denominator : null;
  return { value, numerator, denominator };
}

/** `components` must be the sum over the wanted period and scope (sumComponents), never a per-row average. */
export function computeKpi(id: ComponentKpiId, components: Components, options: KpiOptions = {}): KpiResult {
  return evaluateFormula(getKpiFormula(id, options), components);
}

export function computeAllKpis(components: Components, options: KpiOptions = {}): Record<ComponentKpiId, KpiResult> {
  return Object.fromEntries(COMPONENT_KPI_IDS.map((id) => [id, computeKpi(id, components, options)])) as Record<
    ComponentKpiId,
    KpiResult
  >;
}

export const computeServiceLevel = (components: Components, variant: ServiceLevelVariant = DEFAULT_SERVICE_LEVEL_VARIANT) =>
  computeKpi('service_level', components, { serviceLevelVariant: variant });
export const computeAverageSpeedOfAnswer = (components: Components) => computeKpi('asa', components);
export const computeAverageHandleTime = (components: Components) => computeKpi('aht', components);
export const computeAbandonmentRate = (components: Components) => computeKpi('abandonment_rate', components);
export const computeTransferRate = (components: Components) => computeKpi('transfer_rate', components);
export const computeFirstContactResolution = (components: Components) => computeKpi('fcr', components);
export const computeCsat = (components: Components) => computeKpi('csat', components);
export const computeNps = (components: Components) => computeKpi('nps', components);
export const computeQaScore = (components: Components) => computeKpi('qa_score', components);
export const computeOccupancy = (components: Components) => computeKpi('occupancy', components);
export const computeScheduleAdherence = (components: Components) => computeKpi('schedule_adherence', components);
export const computeIvrContainment = (components: Components) => computeKpi('ivr_containment', components);

export interface CostPerContactResult {
  /** Minor units per handled contact, unrounded (display rounds); null when nothing was handled. */
  value: number | null;
  numerator: bigint;
  denominator: number;
}

/** Cost per contact = the unit's total cost in the period (integer minor units) / handled (DOMAIN.md). */
export function computeCostPerContact(totalCostMinor: bigint, handled: number): CostPerContactResult {
  const value = handled > 0 ? Number(totalCostMinor) / handled : null;
  return { value, numerator: totalCostMinor, denominator: handled };
}
