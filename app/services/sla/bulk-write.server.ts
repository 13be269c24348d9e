/**
 * Multi-row INSERT … ON CONFLICT DO UPDATE through ONE json parameter (json_populate_recordset): a month
 * close writes thousands of result rows of ~33 columns, and a query builder spends more time on one
 * parameter per value than the server spends on the rows. Row-level security checks each row as for any
 * insert. Values go as JSON: a Date as its ISO instant, a bigint as its decimal string (exact), a number
 * as JavaScript prints it (the shortest text that reads back as the same double), arrays and objects as
 * JSON (text[] and jsonb columns).
 */
import { getTableColumns, getTableName, sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { queryRows, type Tx } from '#db/client';

const CHUNK = 5000;

function jsonValue(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return value.toString();
  return value;
}

function jsonRows(table: PgTable, rows: Record<string, unknown>[]) {
  const columns = getTableColumns(table) as Record<string, { name: string }>;
  const keys = Object.keys(rows[0] ?? {}).filter((key) => columns[key] !== undefined);
  const names = keys.map((key) => columns[key]!.name);
  const chunks = (): string[] => {
    const out: string[] = [];
    for (let i = 0; i < rows.length; i += CHUNK) {
      out.push(JSON.stringify(rows.slice(i, i + CHUNK).map((row) => Object.fromEntries(keys.map((key, k) => [names[k]!, jsonValue(row[key])])))));
    }
    return out;
  };
  return { columns, names, chunks, tableName: sql.identifier(getTableName(table)) };
}

const list = (names: string[]) => sql.raw(names.map((name) => `"${name}"`).join(', '));

/**
 * Inserts `rows` (all with the same keys) into `table`; `skipConflicts` leaves rows that clash as they are.
 * Returns the inserted rows' `returning` columns (by their SQL names).
 */
export async function insertRows<T extends PgTable>(
  tx: Tx,
  table: T,
  rows: T['$inferInsert'][],
  options: { skipConflicts?: boolean; returning?: (keyof T['$inferSelect'] & string)[] } = {},
): Promise<Record<string, unknown>[]> {
  if (!rows.length) return [];
  const { columns, names, chunks, tableName } = jsonRows(table, rows as Record<string, unknown>[]);
  const returning = options.returning?.length ? sql` returning ${list(options.returning.map((key) => columns[key]!.name))}` : sql``;
  const out: Record<string, unknown>[] = [];
  for (const json of chunks()) {
    const inserted = await queryRows<Record<string, unknown>>(
      tx,
      sql`insert into ${tableName} (${list(names)}) select ${list(names)} from json_populate_recordset(null::${tableName}, ${json}::json)${options.skipConflicts ? sql` on conflict do nothing` : sql``}${returning}`,
    );
    out.push(...inserted);
  }
  return out;
}

/**
 * Upserts `rows` (all with the same keys) into `table`; on a conflict over `target` every other column
 * given takes the new value.
 */
export async function upsertRows<T extends PgTable>(tx: Tx, table: T, rows: T['$inferInsert'][], target: (keyof T['$inferInsert'] & string)[]): Promise<void> {
  if (!rows.length) return;
  const { columns, names, chunks, tableName } = jsonRows(table, rows as Record<string, unknown>[]);
  const targetNames = target.map((key) => columns[key]!.name);
  const set: SQL = sql.raw(
    names
      .filter((name) => !targetNames.includes(name))
      .map((name) => `"${name}" = excluded."${name}"`)
      .join(', '),
  );
  for (const json of chunks()) {
    await tx.execute(
      sql`insert into ${tableName} (${list(names)}) select ${list(names)} from json_populate_recordset(null::${tableName}, ${json}::json)
          on conflict (${list(targetNames)}) do update set ${set}`,
    );
  }
}
