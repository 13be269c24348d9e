/**
 * The SQL face of the KPI library: each KPI's signed component terms (app/domain/kpi/formulas.ts) turned
 * into `sum(a) - sum(b)` expressions, so a period's value is Σnumerator / Σdenominator computed by the
 * database over the period's rows. Formulas are never rewritten here: only their terms are read.
 */
import { sql, type SQL } from 'drizzle-orm';
import { COMPONENT_NAMES, type ComponentName } from '#app/domain/kpi/components';
import { COMPONENT_KPI_IDS, getKpiFormula, type ComponentKpiId, type FormulaTerm, type KpiFormula, type KpiOptions } from '#app/domain/kpi/formulas';

const COMPONENT_SET: ReadonlySet<string> = new Set(COMPONENT_NAMES);

/** A component column, optionally qualified by a table alias; only known component names pass. */
export function componentColumn(component: ComponentName, alias?: string): SQL {
  if (!COMPONENT_SET.has(component)) throw new Error(`Unknown component ${component}`);
  if (alias !== undefined && !/^[a-z_][a-z0-9_]*$/.test(alias)) throw new Error(`Bad alias ${alias}`);
  return sql.raw(alias ? `${alias}."${component}"` : `"${component}"`);
}

/** `coalesce(sum(col), 0)`: a component a feed did not report (NULL) adds nothing. */
export function sumOf(component: ComponentName, alias?: string): SQL {
  return sql`coalesce(sum(${componentColumn(component, alias)}), 0)`;
}

/** Signed terms as `(sum(a) + sum(b) - sum(c))`, in the terms' order. */
export function termsSql(terms: readonly FormulaTerm[], alias?: string): SQL {
  if (terms.length === 0) throw new Error('A formula side needs at least one term');
  const parts: SQL[] = [];
  terms.forEach((term, index) => {
    const sum = sumOf(term.component, alias);
    if (index === 0) parts.push(term.sign === 1 ? sum : sql`- ${sum}`);
    else parts.push(term.sign === 1 ? sql` + ${sum}` : sql` - ${sum}`);
  });
  return sql`(${sql.join(parts, sql``)})`;
}

/**
 * scale × Σnumerator / Σdenominator as float8, NULL ("no data") unless the denominator is positive, exactly
 * as evaluateFormula decides in TypeScript. Sums stay exact (bigint/numeric) until the final division.
 */
export function formulaSql(formula: KpiFormula, alias?: string): SQL {
  const numerator = termsSql(formula.numerator, alias);
  const denominator = termsSql(formula.denominator, alias);
  const scaled = formula.scale === 1 ? numerator : sql`(${sql.raw(String(formula.scale))} * ${numerator})`;
  return sql`case when ${denominator} > 0 then (${scaled})::float8 / (${denominator})::float8 end`;
}

export function kpiSql(id: ComponentKpiId, options: KpiOptions = {}, alias?: string): SQL {
  return formulaSql(getKpiFormula(id, options), alias);
}

/** Column alias of a KPI in a result row: `kpi__service_level`, never clashing with a component's name. */
export const kpiColumn = (id: ComponentKpiId) => `kpi__${id}`;

/** `sum(offered)::text as "offered", …` for every component (text: exact on both engines' drivers). */
export function componentSumsSelect(alias?: string): SQL {
  return sql.join(
    COMPONENT_NAMES.map((name) => sql`${sumOf(name, alias)}::text as ${sql.raw(`"${name}"`)}`),
    sql`, `,
  );
}

/** `case … end as "kpi__asa", …` for every component KPI. */
export function kpiSelect(options: KpiOptions = {}, alias?: string): SQL {
  return sql.join(
    COMPONENT_KPI_IDS.map((id) => sql`${kpiSql(id, options, alias)} as ${sql.raw(`"${kpiColumn(id)}"`)}`),
    sql`, `,
  );
}
