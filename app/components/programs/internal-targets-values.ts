import type { InternalTargetsInput } from '#app/domain/contracts/sla';
import { parseNestedForm, rowsOf, textOf } from '#app/lib/form-data';

export const TARGET_FIELDS = ['kpi', 'comparator', 'target', 'period', 'slVariant', 'thresholdS', 'shortAbandonS', 'minimumVolume'] as const;
export type TargetRowValues = Record<(typeof TARGET_FIELDS)[number], string>;
export interface InternalTargetsFormValues {
  effectiveFrom: string;
  targets: TargetRowValues[];
}

/** Rows offered by the form; blank ones (no KPI chosen) are ignored, so it works without JavaScript. */
export const TARGET_ROWS = 5;

export const blankTargetRow = (): TargetRowValues => ({ kpi: '', comparator: 'gte', target: '', period: 'month', slVariant: '', thresholdS: '', shortAbandonS: '', minimumVolume: '' });

export function internalTargetsValuesFrom(formData: FormData): InternalTargetsFormValues {
  const raw = parseNestedForm(formData);
  const targets = rowsOf(raw.targets)
    .map((row) => Object.fromEntries(TARGET_FIELDS.map((f) => [f, textOf(row[f]).trim()])) as TargetRowValues)
    .filter((row) => row.kpi);
  return { effectiveFrom: textOf(raw.effectiveFrom).trim(), targets };
}

/** Internal targets never carry money: the schema refuses critical rows, so none are sent. */
export function toInternalTargetsInput(values: InternalTargetsFormValues): InternalTargetsInput {
  return { effectiveFrom: values.effectiveFrom, targets: values.targets.map((row) => ({ ...row, isCritical: false })) } as unknown as InternalTargetsInput;
}
