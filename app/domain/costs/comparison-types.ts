/**
 * What the comparison service returns and the page, the API and the charts read. Plain JSON: money as
 * integer minor units in decimal strings, ratios as 0..1, durations in seconds, null for "no data".
 */
import type { ServiceLevelVariant } from '#app/domain/kpi/catalog';

export const COMPARISON_KPIS = ['service_level', 'asa', 'aht', 'abandonment_rate', 'fcr', 'csat', 'qa_score'] as const;
export type ComparisonKpi = (typeof COMPARISON_KPIS)[number];

export type ChargeSourceDto = 'invoice_approved' | 'invoice_draft' | 'sla_basis' | 'rate_card';

/** A money ratio: the exact fraction of minor units and the same rounded half up. */
export interface RatioMoneyDto {
  roundedMinor: string;
  numerator: string;
  denominator: string;
}

export interface CostBreakdownDto {
  /** The unit's total cost of the month; null when a required part is missing (see `missing`). */
  totalMinor: string | null;
  /** In-house units: the cost model's total (agent labour + categories). */
  inHouseMinor: string | null;
  agentLabourMinor: string | null;
  /** Vendor units: this unit's share of its contract's charges, and where they came from. */
  vendorChargesMinor: string | null;
  vendorChargesSource: ChargeSourceDto | null;
  contractId: string | null;
  contractName: string | null;
  /** The contract's whole charge, when shared with other units. */
  contractChargesMinor: string | null;
  oversightMinor: string | null;
  transitionMinor: string;
  missing: ('in_house_costs' | 'vendor_charges')[];
}

export interface ComparisonCellDto {
  /** A feed channel, or null for the unit's whole month. */
  channel: string | null;
  handled: number;
  offered: number;
  /** Talk + hold + wrap seconds. */
  handleSeconds: number;
  /** The cell's cost: the unit's total, or for a channel its share by handled minutes. */
  costMinor: string | null;
  costPerContact: RatioMoneyDto | null;
  costPerHandledMinute: RatioMoneyDto | null;
  kpis: Record<ComparisonKpi, number | null>;
}

export interface UnitMonthDto {
  month: string;
  cost: CostBreakdownDto;
  all: ComparisonCellDto;
  channels: ComparisonCellDto[];
  /** Share of handled contacts per channel. */
  mix: Record<string, number>;
}

export interface ComparisonUnitDto {
  id: string;
  name: string;
  kind: 'in_house' | 'vendor';
  vendorName: string | null;
  serviceLevelVariant: ServiceLevelVariant;
  months: UnitMonthDto[];
  /** Over the months whose total cost is known: Σcost / Σhandled, and the months counted. */
  range: { monthsWithCost: number; totalMinor: string; cell: ComparisonCellDto; mix: Record<string, number> };
}

/** Why two units' cost per contact differ beyond price (see explainGap). */
export interface GapExplanationDto {
  referenceUnitId: string;
  otherUnitId: string;
  /** null: the whole range. */
  month: string | null;
  referenceAht: number;
  otherAht: number;
  minutesPerContactChange: number;
  isAhtDifferent: boolean;
  mixGap: { channel: string; reference: number; other: number } | null;
  costPerContactGapMinor: string;
  costPerMinuteGapMinor: string;
  otherAtReferenceAhtMinor: string;
}

export interface ComparisonDto {
  programId: string;
  programName: string;
  currency: string;
  minorDigits: number;
  timeZone: string;
  from: string;
  to: string;
  months: string[];
  /** Feed channels with volume in the range. */
  channels: string[];
  units: ComparisonUnitDto[];
  explanations: GapExplanationDto[];
}
