import { z } from 'zod';

/**
 * The additive interval components of DOMAIN.md ("Store components, derive ratios"). Feeds carry these per
 * interval; every KPI is derived from their sums over the wanted period and scope (formulas.ts).
 */
export const COUNT_COMPONENT_NAMES = [
  'offered',
  'handled',
  'answered_within_threshold',
  'abandoned',
  'short_abandoned',
  'abandoned_within_threshold',
  'transferred',
  'fcr_eligible',
  'fcr_resolved',
  'csat_responses',
  'csat_satisfied',
  'nps_responses',
  'nps_promoters',
  'nps_detractors',
  'qa_evaluations',
  'ivr_entered',
  'ivr_contained',
] as const;

/** Summed seconds, and qa_points (a sum of 0-100 scores, which may carry decimals). */
export const MEASURE_COMPONENT_NAMES = [
  'wait_s',
  'talk_s',
  'hold_s',
  'wrap_s',
  'qa_points',
  'staffed_s',
  'scheduled_s',
  'adherent_s',
] as const;

/** In DOMAIN.md's order, which is also the column order of exports. */
export const COMPONENT_NAMES = [
  'offered',
  'handled',
  'answered_within_threshold',
  'abandoned',
  'short_abandoned',
  'abandoned_within_threshold',
  'wait_s',
  'talk_s',
  'hold_s',
  'wrap_s',
  'transferred',
  'fcr_eligible',
  'fcr_resolved',
  'csat_responses',
  'csat_satisfied',
  'nps_responses',
  'nps_promoters',
  'nps_detractors',
  'qa_evaluations',
  'qa_points',
  'staffed_s',
  'scheduled_s',
  'adherent_s',
  'ivr_entered',
  'ivr_contained',
] as const;

export type CountComponentName = (typeof COUNT_COMPONENT_NAMES)[number];
export type MeasureComponentName = (typeof MEASURE_COMPONENT_NAMES)[number];
export type ComponentName = (typeof COMPONENT_NAMES)[number];
export type Components = Record<ComponentName, number>;

const COUNT_NAME_SET: ReadonlySet<string> = new Set(COUNT_COMPONENT_NAMES);

export function isCountComponent(name: ComponentName): name is CountComponentName {
  return COUNT_NAME_SET.has(name);
}

const countSchema = z.number().int().nonnegative();
const measureSchema = z.number().nonnegative().finite();

/**
 * Shape and sign of one row: every component present, counts non-negative integers, measures non-negative.
 * The cross-component rules (handled <= offered, ...) are checkConsistency's job, so that a feed can report
 * every violated rule of a row at once with its own codes.
 */
export const componentsSchema = z.strictObject(
  Object.fromEntries(COMPONENT_NAMES.map((name) => [name, isCountComponent(name) ? countSchema : measureSchema])) as Record<
    ComponentName,
    typeof countSchema | typeof measureSchema
  >,
);

/** Each of `names` at 0; a feed that measures only some components (contact records) starts from these. */
export function zeroComponents<Name extends ComponentName>(names: readonly Name[]): Record<Name, number> {
  return Object.fromEntries(names.map((name) => [name, 0])) as Record<Name, number>;
}

export function emptyComponents(): Components {
  return zeroComponents(COMPONENT_NAMES);
}

/** `Names` less the names in `Excluded`, order kept: the tuple type componentNamesWithout returns. */
export type ComponentNamesWithout<Names extends readonly ComponentName[], Excluded extends ComponentName> = Names extends readonly [
  infer First extends ComponentName,
  ...infer Rest extends readonly ComponentName[],
]
  ? First extends Excluded
    ? ComponentNamesWithout<Rest, Excluded>
    : readonly [First, ...ComponentNamesWithout<Rest, Excluded>]
  : readonly [];

/** COMPONENT_NAMES (DOMAIN.md's and the exports' column order) less `excluded`: a feed's subset in that order. */
export function componentNamesWithout<const Excluded extends readonly ComponentName[]>(
  excluded: Excluded,
): ComponentNamesWithout<typeof COMPONENT_NAMES, Excluded[number]> {
  const left = COMPONENT_NAMES.filter((name) => !(excluded as readonly ComponentName[]).includes(name));
  // The filter above is the type's recursion, run on the values.
  return left as unknown as ComponentNamesWithout<typeof COMPONENT_NAMES, Excluded[number]>;
}

/** A feed that does not report a component (no NPS survey, no IVR) contributes 0, which reads as "no data". */
export function completeComponents(partial: Partial<Components>): Components {
  return { ...emptyComponents(), ...partial };
}

export function addComponents(a: Components, b: Components): Components {
  const sum = emptyComponents();
  for (const name of COMPONENT_NAMES) sum[name] = a[name] + b[name];
  return sum;
}

export function sumComponents(rows: Iterable<Components>): Components {
  const sum = emptyComponents();
  for (const row of rows) {
    for (const name of COMPONENT_NAMES) sum[name] += row[name];
  }
  return sum;
}

// ---------------------------------------------------------------------------------------------------------
// Row consistency (DOMAIN.md "Consistency checks on every row")

export const CONSISTENCY_RULES = [
  'handled_exceeds_offered',
  'abandoned_exceeds_offered',
  'short_abandoned_exceeds_abandoned',
  'answered_within_threshold_exceeds_handled',
  'negative_value',
  'non_integer_count',
  'non_finite_value',
] as const;
export type ConsistencyRule = (typeof CONSISTENCY_RULES)[number];

export interface ConsistencyViolation {
  rule: ConsistencyRule;
  /** The columns involved, the part first for "exceeds" rules, so a feed can mark the cells. */
  components: ComponentName[];
}

const PART_OF_WHOLE_RULES: ReadonlyArray<{ rule: ConsistencyRule; part: ComponentName; whole: ComponentName }> = [
  { rule: 'handled_exceeds_offered', part: 'handled', whole: 'offered' },
  { rule: 'abandoned_exceeds_offered', part: 'abandoned', whole: 'offered' },
  { rule: 'short_abandoned_exceeds_abandoned', part: 'short_abandoned', whole: 'abandoned' },
  { rule: 'answered_within_threshold_exceeds_handled', part: 'answered_within_threshold', whole: 'handled' },
];

/**
 * The violated row rules, in a stable order (per-value rules by column first, then the part-of-whole rules);
 * empty when the row is consistent. Takes a partial row so a feed can check what it mapped.
 */
export function checkConsistency(row: Partial<Components>): ConsistencyViolation[] {
  const violations: ConsistencyViolation[] = [];
  for (const name of COMPONENT_NAMES) {
    const value = row[name];
    if (value === undefined) continue;
    if (!Number.isFinite(value)) {
      violations.push({ rule: 'non_finite_value', components: [name] });
      continue;
    }
    if (value < 0) violations.push({ rule: 'negative_value', components: [name] });
    if (isCountComponent(name) && !Number.isInteger(value)) violations.push({ rule: 'non_integer_count', components: [name] });
  }
  for (const { rule, part, whole } of PART_OF_WHOLE_RULES) {
    const partValue = row[part];
    const wholeValue = row[whole];
    if (partValue === undefined || wholeValue === undefined) continue;
    if (partValue > wholeValue) violations.push({ rule, components: [part, whole] });
  }
  return violations;
}
