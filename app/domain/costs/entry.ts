/**
 * Validation of one in-house cost month as typed in the form or read from an import row: raw text per
 * field in, exact values or one i18n error key per field out. The form and the import share it, so a
 * value refused in one is refused in the other for the same reason.
 */
import { parseDecimalQuantity, parseMajorAmount } from './amounts';
import { COST_CATEGORIES, FTE_SCALE, type CostCategory } from './in-house';
import { monthOfCell } from './months';

export const IN_HOUSE_FIELDS = ['month', 'agentFte', 'productiveHours', 'loadedCostPerFte', ...COST_CATEGORIES] as const;
export type InHouseField = (typeof IN_HOUSE_FIELDS)[number];

/** Import column per field (the template's header). */
export const IMPORT_COLUMNS: Record<InHouseField, string> = {
  month: 'month',
  agentFte: 'agent_fte',
  productiveHours: 'productive_hours',
  loadedCostPerFte: 'loaded_cost_per_fte',
  supervision: 'supervision',
  facilities: 'facilities',
  technology: 'technology',
  telecom: 'telecom',
  training: 'training',
  overhead: 'overhead',
};

export interface InHouseCostValues {
  month: string;
  agentFte: string;
  productiveHours: string;
  loadedCostPerFteMinor: bigint;
  categories: Record<CostCategory, bigint>;
}

export type FieldErrors<F extends string> = Partial<Record<F, string>>;

/** Up to 99,999,999.99 FTE and 999,999,999,999.99 hours: the columns' numeric(12,2) and numeric(14,2). */
const FTE_WHOLE_DIGITS = 10;
const HOURS_WHOLE_DIGITS = 12;

export function validateInHouseEntry(raw: Partial<Record<InHouseField, string>>, minorDigits: number): { ok: true; values: InHouseCostValues } | { ok: false; errors: FieldErrors<InHouseField> } {
  const errors: FieldErrors<InHouseField> = {};
  const text = (field: InHouseField) => (raw[field] ?? '').trim();

  const month = monthOfCell(text('month'));
  if (!month) errors.month = text('month') ? 'costs.error.month' : 'costs.error.required';

  const quantity = (field: 'agentFte' | 'productiveHours', wholeDigits: number): string => {
    if (!text(field)) {
      errors[field] = 'costs.error.required';
      return '0';
    }
    const parsed = parseDecimalQuantity(text(field), FTE_SCALE, wholeDigits);
    if (parsed === null) errors[field] = 'costs.error.quantity';
    return parsed ?? '0';
  };
  const agentFte = quantity('agentFte', FTE_WHOLE_DIGITS);
  const productiveHours = quantity('productiveHours', HOURS_WHOLE_DIGITS);

  const amount = (field: InHouseField, required: boolean): bigint => {
    if (!text(field)) {
      if (required) errors[field] = 'costs.error.required';
      return 0n;
    }
    const parsed = parseMajorAmount(text(field), minorDigits);
    if (!parsed.ok) {
      errors[field] = parsed.error;
      return 0n;
    }
    return parsed.minor;
  };
  const loadedCostPerFteMinor = amount('loadedCostPerFte', true);
  const categories = Object.fromEntries(COST_CATEGORIES.map((c) => [c, amount(c, false)])) as Record<CostCategory, bigint>;

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, values: { month: month!, agentFte, productiveHours, loadedCostPerFteMinor, categories } };
}

export const OVERSIGHT_FIELDS = ['month', 'amount', 'note'] as const;
export type OversightField = (typeof OVERSIGHT_FIELDS)[number];
export interface OversightValues {
  month: string;
  amountMinor: bigint;
  note: string | null;
}

export function validateOversightEntry(raw: Partial<Record<OversightField, string>>, minorDigits: number): { ok: true; values: OversightValues } | { ok: false; errors: FieldErrors<OversightField> } {
  const errors: FieldErrors<OversightField> = {};
  const month = monthOfCell(raw.month ?? '');
  if (!month) errors.month = raw.month?.trim() ? 'costs.error.month' : 'costs.error.required';
  const amountText = (raw.amount ?? '').trim();
  const amount = amountText ? parseMajorAmount(amountText, minorDigits) : null;
  if (!amount) errors.amount = 'costs.error.required';
  else if (!amount.ok) errors.amount = amount.error;
  const note = (raw.note ?? '').trim();
  if (note.length > 500) errors.note = 'costs.error.tooLong';
  if (Object.keys(errors).length > 0 || !amount?.ok) return { ok: false, errors };
  return { ok: true, values: { month: month!, amountMinor: amount.minor, note: note || null } };
}

export const TRANSITION_FIELDS = ['description', 'amount', 'startMonth', 'amortisationMonths'] as const;
export type TransitionField = (typeof TRANSITION_FIELDS)[number];
export interface TransitionValues {
  description: string;
  amountMinor: bigint;
  startMonth: string;
  amortisationMonths: number;
}

export const MAX_AMORTISATION_MONTHS = 120;

export function validateTransitionEntry(raw: Partial<Record<TransitionField, string>>, minorDigits: number): { ok: true; values: TransitionValues } | { ok: false; errors: FieldErrors<TransitionField> } {
  const errors: FieldErrors<TransitionField> = {};
  const description = (raw.description ?? '').trim();
  if (!description) errors.description = 'costs.error.required';
  else if (description.length > 200) errors.description = 'costs.error.tooLong';
  const amountText = (raw.amount ?? '').trim();
  const amount = amountText ? parseMajorAmount(amountText, minorDigits) : null;
  if (!amount) errors.amount = 'costs.error.required';
  else if (!amount.ok) errors.amount = amount.error;
  const startMonth = monthOfCell(raw.startMonth ?? '');
  if (!startMonth) errors.startMonth = raw.startMonth?.trim() ? 'costs.error.month' : 'costs.error.required';
  const monthsText = (raw.amortisationMonths ?? '').trim();
  const months = /^\d{1,3}$/.test(monthsText) ? Number(monthsText) : NaN;
  if (!(months >= 1 && months <= MAX_AMORTISATION_MONTHS)) errors.amortisationMonths = 'costs.error.amortisationMonths';
  if (Object.keys(errors).length > 0 || !amount?.ok) return { ok: false, errors };
  return { ok: true, values: { description, amountMinor: amount.minor, startMonth: startMonth!, amortisationMonths: months } };
}
