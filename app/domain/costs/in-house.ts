/**
 * The in-house cost model of one unit and month (DOMAIN.md "In-house vs outsourced"): agent labour as
 * FTE × loaded cost per FTE-month, plus monthly amounts per category. Integer minor units throughout.
 */
import { divideRounded } from '#app/domain/sla/money';
import { scaledOf } from './amounts';

/** The monthly amounts besides agent labour, in the order the form and the import list them. */
export const COST_CATEGORIES = ['supervision', 'facilities', 'technology', 'telecom', 'training', 'overhead'] as const;
export type CostCategory = (typeof COST_CATEGORIES)[number];

export interface InHouseCostFigures {
  /** Decimal strings as stored (numeric(12,2) and numeric(14,2)). */
  agentFte: string;
  productiveHours: string;
  loadedCostPerFteMinor: bigint;
  categories: Record<CostCategory, bigint>;
}

export const FTE_SCALE = 2;

/** FTE × loaded cost per FTE, rounded half up once (12.5 FTE × 61,234.57 = 765,432.13). */
export function agentLabourMinor(agentFte: string, loadedCostPerFteMinor: bigint): bigint {
  return divideRounded(scaledOf(agentFte, FTE_SCALE) * loadedCostPerFteMinor, 10n ** BigInt(FTE_SCALE), 'half_up');
}

export interface InHouseCostBreakdown {
  agentLabourMinor: bigint;
  categories: Record<CostCategory, bigint>;
  totalMinor: bigint;
}

export function inHouseBreakdown(figures: InHouseCostFigures): InHouseCostBreakdown {
  const labour = agentLabourMinor(figures.agentFte, figures.loadedCostPerFteMinor);
  const total = COST_CATEGORIES.reduce((sum, category) => sum + figures.categories[category], labour);
  return { agentLabourMinor: labour, categories: { ...figures.categories }, totalMinor: total };
}
