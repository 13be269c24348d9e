/**
 * The KPI library's catalogue: every KPI of DOMAIN.md with its unit, the better direction and the range
 * a target may take. Formulas (numerator / denominator over summed components) live beside it in
 * formulas.ts; SLA validation and dashboards read this list.
 */
export const KPI_IDS = [
  'service_level',
  'asa',
  'aht',
  'abandonment_rate',
  'transfer_rate',
  'fcr',
  'csat',
  'nps',
  'qa_score',
  'occupancy',
  'schedule_adherence',
  'ivr_containment',
  'cost_per_contact',
] as const;
export type KpiId = (typeof KPI_IDS)[number];

/** ratio: 0..1 shown as a percentage; seconds: a duration; score: a 0..100 score; nps: -100..100; money. */
export type KpiUnit = 'ratio' | 'seconds' | 'score' | 'nps' | 'money';

export interface KpiInfo {
  id: KpiId;
  unit: KpiUnit;
  /** Whether a higher value is better (service level) or a lower one (ASA). */
  higherIsBetter: boolean;
  /** The range a target may take. */
  min: number;
  max: number;
}

const ratio = (id: KpiId, higherIsBetter: boolean): KpiInfo => ({ id, unit: 'ratio', higherIsBetter, min: 0, max: 1 });
const seconds = (id: KpiId): KpiInfo => ({ id, unit: 'seconds', higherIsBetter: false, min: 0, max: 86_400 });

export const KPIS: Record<KpiId, KpiInfo> = {
  service_level: ratio('service_level', true),
  asa: seconds('asa'),
  aht: seconds('aht'),
  abandonment_rate: ratio('abandonment_rate', false),
  transfer_rate: ratio('transfer_rate', false),
  fcr: ratio('fcr', true),
  csat: ratio('csat', true),
  nps: { id: 'nps', unit: 'nps', higherIsBetter: true, min: -100, max: 100 },
  qa_score: { id: 'qa_score', unit: 'score', higherIsBetter: true, min: 0, max: 100 },
  occupancy: ratio('occupancy', true),
  schedule_adherence: ratio('schedule_adherence', true),
  ivr_containment: ratio('ivr_containment', true),
  cost_per_contact: { id: 'cost_per_contact', unit: 'money', higherIsBetter: false, min: 0, max: Number.MAX_SAFE_INTEGER },
};

/** Service-level variants (Cisco ICM); which one applies is a contract term. */
export const SERVICE_LEVEL_VARIANTS = ['negative', 'ignore_abandons_within_threshold', 'positive'] as const;
export type ServiceLevelVariant = (typeof SERVICE_LEVEL_VARIANTS)[number];

/** Thresholds (T, seconds) that platforms' interval exports can report (Amazon Connect's set, FEEDS.md). */
export const REPORTABLE_THRESHOLDS_S = [10, 15, 20, 25, 30, 45, 60, 90, 120, 180, 240, 300, 600] as const;
