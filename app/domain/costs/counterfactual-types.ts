/**
 * What `loadCounterfactual` returns and `CounterfactualPanel` renders. Plain JSON values only (money as
 * integer minor units in decimal strings) so it crosses a Remix loader unchanged.
 */

/** Integer minor units of the program's currency, as a decimal string ("123456" = 1,234.56 TWD). */
export type MinorString = string;

/** Where the vendor's actual cost of a month came from. */
export type VendorCostSource = 'invoice_approved' | 'invoice_draft' | 'service_credits';

export interface CounterfactualMethodDto {
  /** Paid hours of one agent FTE in a month, used to turn in-house FTE into paid hours. */
  hoursPerFteMonth: number;
  /** Shrinkage used for months without an in-house cost row (or when the caller overrides it). */
  defaultShrinkage: number;
  /** Target when the contract has no service-level SLA for the unit. */
  defaultTarget: { serviceLevel: number; thresholdSeconds: number };
  /** Feed channels whose intervals are staffed with Erlang C (real-time queues). */
  erlangChannels: string[];
}

export interface CounterfactualTargetDto {
  serviceLevel: number;
  thresholdSeconds: number;
  source: 'contract' | 'default';
}

export interface CounterfactualMonthDto {
  month: string;
  /** The service-level target the agents are solved for: the contract's SLA in force, else 80/20. */
  target: CounterfactualTargetDto;
  /** Intervals solved with Erlang C, and rows left out (daily rows, non-queueing channels, no AHT). */
  intervals: number;
  skippedRows: number;
  offered: number;
  handled: number;
  /** Σ over intervals of agents on the phones × interval length, in hours. */
  agentHours: number;
  /** agentHours grossed up by shrinkage: the paid hours an in-house site would need. */
  paidHours: number;
  shrinkage: number;
  shrinkageSource: 'in_house_costs' | 'default';
  /** In-house cost of one paid hour this month (rounded, for display); null without an in-house cost row. */
  loadedHourlyCostMinor: MinorString | null;
  /** paidHours × loaded cost per paid hour, rounded once; null without an in-house cost row. */
  inHouseCostMinor: MinorString | null;
  /** What the vendor charged for the unit this month; null when neither an invoice nor an SLA basis exists. */
  vendorCostMinor: MinorString | null;
  vendorCostSource: VendorCostSource | null;
}

/** "What the vendor's volume would cost in-house", one vendor unit. */
export interface CounterfactualForwardDto {
  unitId: string;
  unitName: string;
  vendorName: string | null;
  contractId: string | null;
  contractName: string | null;
  months: CounterfactualMonthDto[];
}

export interface ReverseMonthDto {
  month: string;
  handled: number;
  /** The in-house units' own total cost of the month; null without cost rows. */
  inHouseActualCostMinor: MinorString | null;
  /** The vendor contract's rate card in force applied to the in-house volumes; null without a version. */
  atVendorRateMinor: MinorString | null;
  /** Rate-card lines that could not be priced from volumes (per FTE-month, pass-through). */
  unpricedModels: string[];
}

/** "What the in-house volume would cost at this vendor's rate card", one vendor contract. */
export interface CounterfactualReverseDto {
  contractId: string;
  contractName: string;
  vendorName: string | null;
  months: ReverseMonthDto[];
}

export interface CounterfactualDto {
  programId: string;
  currency: string;
  minorDigits: number;
  from: string;
  to: string;
  months: string[];
  inHouseUnits: { id: string; name: string }[];
  method: CounterfactualMethodDto;
  forward: CounterfactualForwardDto[];
  reverse: CounterfactualReverseDto[];
}

export interface CounterfactualInput {
  programId: string;
  /** "YYYY-MM", inclusive. */
  from: string;
  to: string;
  /** Overrides the in-house shrinkage (fraction in [0, 1)); default: derived from in_house_costs, else 30 %. */
  shrinkage?: number;
}
