/**
 * Uploads a dead process left half-done. ingestUpload records an upload as 'received' once the file is
 * stored, then imports it in one transaction whose first statement locks the upload's own row
 * (importStored); the lock is held until that transaction commits, its rejection report included, or
 * rolls back. A crash (SIGKILL, OOM, a cluster worker dying, power) drops the process's connections:
 * PostgreSQL rolls the import back, so no rows of the upload exist, and releases the lock with it, but the
 * upload would stay 'received' (neither failed nor retryable) forever.
 *
 * Whether an import is alive is read from that lock, not from the upload's age: recovery selects
 * 'received' uploads `for update skip locked`, so an upload whose import is running, in this process or
 * any other, however long it takes, is skipped, and one that no transaction holds is abandoned. Those are
 * marked 'failed' with a message saying the file can simply be sent again, their idempotency key is
 * released, so a client retrying with the same key gets a fresh import instead of a replay of the failure,
 * and both orgs' audit trails say so. It runs at start-up, every minute and, in a cluster, in the primary
 * right after a worker dies (server/jobs.ts).
 */
import { and, eq, inArray, lt } from 'drizzle-orm';
import type { DbHandle } from '#db/client';
import { auditEvents, feedUploads } from '#db/schema/index';
import { unsafeWithoutTenant } from '#db/tenant';

export const INTERRUPTED_MESSAGE = 'The server stopped while this file was being imported; nothing from it was stored. Upload the same file again.';

/**
 * Uploads received less recently than this are left alone even when unlocked. ingestUpload commits the
 * 'received' row first and only then begins the import transaction that locks it, so for a moment a live
 * upload holds no lock: normally a few milliseconds, longer only when the process's pool has no free
 * connection. A minute covers that by far; an upload whose import began later than that finds itself
 * failed when it takes its lock and stops there (importStored), so it cannot be both failed and accepted.
 */
export const RECOVERY_GRACE_MS = 60_000;

export interface RecoveryOptions {
  /** Instead of RECOVERY_GRACE_MS (tests; OUTPOST_STALE_UPLOAD_MS for the server). */
  graceMs?: number;
  /**
   * Before this process serves anything. On PGlite the data directory belongs to this one process, so
   * nothing can be importing: every 'received' upload is abandoned, whatever its age. A PostgreSQL server
   * may be shared by other app processes, so there the grace applies at start-up too.
   */
  atStartUp?: boolean;
  now?: Date;
}

/** Marks abandoned 'received' uploads 'failed'; returns their ids. */
export async function recoverInterruptedUploads(handle: Pick<DbHandle, 'db' | 'engine'>, options: RecoveryOptions = {}): Promise<string[]> {
  const now = options.now ?? new Date();
  const graceMs = options.atStartUp && handle.engine === 'pglite' ? 0 : (options.graceMs ?? RECOVERY_GRACE_MS);
  const receivedBefore = new Date(now.getTime() - graceMs);
  // Platform work across every tenant (start-up, a timer, a worker's death): no request, no org, so no
  // tenant scope to run in.
  return unsafeWithoutTenant(handle.db, async (tx) => {
    const abandoned = await tx
      .select({ id: feedUploads.id, clientOrgId: feedUploads.clientOrgId, vendorOrgId: feedUploads.vendorOrgId, unitId: feedUploads.unitId, fileName: feedUploads.fileName })
      .from(feedUploads)
      .where(and(eq(feedUploads.status, 'received'), graceMs > 0 ? lt(feedUploads.uploadedAt, receivedBefore) : undefined))
      // A live import holds its upload's row: skipped, never waited for.
      .for('update', { skipLocked: true });
    if (abandoned.length === 0) return [];
    const ids = abandoned.map((u) => u.id);
    await tx
      .update(feedUploads)
      .set({ status: 'failed', completedAt: now, failureMessage: INTERRUPTED_MESSAGE, idempotencyKey: null })
      .where(and(inArray(feedUploads.id, ids), eq(feedUploads.status, 'received')));
    // Both orgs see the upload, so both audit trails say what happened to it.
    await tx.insert(auditEvents).values(
      abandoned.flatMap((upload) =>
        [...new Set([upload.clientOrgId, upload.vendorOrgId].filter((org): org is string => !!org))].map((orgId) => ({
          orgId,
          actorLabel: 'system: recovery',
          action: 'feed_upload.fail',
          objectType: 'feed_upload',
          objectId: upload.id,
          details: { unitId: upload.unitId, fileName: upload.fileName, reason: 'interrupted' },
        })),
      ),
    );
    return ids;
  });
}
