import { sql } from 'drizzle-orm';
import { getDb } from '#app/lib/db.server';

/** Liveness and readiness: the process answers and the database runs a query. */
export async function loader() {
  const started = performance.now();
  try {
    const db = await getDb();
    await db.execute(sql`select 1`);
    return Response.json({ status: 'ok', database: 'ok', latencyMs: Math.round(performance.now() - started) }, { headers: { 'Cache-Control': 'no-store' } });
  } catch {
    return Response.json({ status: 'error', database: 'unreachable' }, { status: 503, headers: { 'Cache-Control': 'no-store' } });
  }
}
