import { sql } from 'drizzle-orm';
import { queryRows, type Database } from '../../db/client';

/** Columns that name the org(s) a row belongs to. A row is visible only to the orgs they name. */
export const TENANT_COLUMNS = ['org_id', 'client_org_id', 'vendor_org_id'] as const;

export interface TableInfo {
  name: string;
  rls: boolean;
  forced: boolean;
  tenantColumns: string[];
}

export async function listTables(db: Database): Promise<TableInfo[]> {
  const rows = await queryRows<{ name: string; rls: boolean; forced: boolean; columns: string[] }>(db, sql`
    select c.relname as name, c.relrowsecurity as rls, c.relforcerowsecurity as forced,
           array(select a.attname::text from pg_attribute a where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped) as columns
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind = 'r' order by 1`);
  return [...rows].map((r) => ({
    name: r.name,
    rls: r.rls,
    forced: r.forced,
    tenantColumns: r.name === 'orgs' ? ['id'] : r.columns.filter((c) => (TENANT_COLUMNS as readonly string[]).includes(c)),
  }));
}
