/**
 * Uploads a dead process left half-done. ingestUpload records an upload as 'received' once the file is
 * stored, then imports it in one transaction; a crash (SIGKILL, OOM, power) rolls that transaction back,
 * so no rows of the upload exist, but the upload would stay 'received' (neither failed nor retryable)
 * forever. At start-up they are marked 'failed' with a message saying the file can simply be sent again,
 * and their idempotency key is released, so a client retrying with the same key gets a fresh import
 * instead of a replay of the failure.
 */
import { and, eq, inArray, lt } from 'drizzle-orm';
import type { DbHandle } from '#db/client';
import { auditEvents, feedUploads } from '#db/schema/index';
import { unsafeWithoutTenant } from '#db/tenant';

export const INTERRUPTED_MESSAGE = 'The server stopped while this file was being imported; nothing from it was stored. Upload the same file again.';

export interface RecoveryOptions {
  /**
   * PostgreSQL may be shared by several app processes, one of which could be importing right now: only
   * uploads received longer ago than this are taken as abandoned (an import of the largest allowed file
   * takes a few minutes). PGlite's data directory is locked to one process, so there every 'received'
   * upload at start-up is abandoned and this is ignored.
   */
  staleAfterMs?: number;
  now?: Date;
}

const DEFAULT_STALE_AFTER_MS = 30 * 60_000;

/** Marks abandoned 'received' uploads 'failed'; returns their ids. */
export async function recoverInterruptedUploads(handle: Pick<DbHandle, 'db' | 'engine'>, options: RecoveryOptions = {}): Promise<string[]> {
  const now = options.now ?? new Date();
  const staleAfterMs = handle.engine === 'pglite' ? 0 : (options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS);
  const receivedBefore = new Date(now.getTime() - staleAfterMs);
  // Platform work at start-up, across every tenant: no request, no org, so no tenant scope to run in.
  return unsafeWithoutTenant(handle.db, async (tx) => {
    const abandoned = await tx
      .select({ id: feedUploads.id, clientOrgId: feedUploads.clientOrgId, vendorOrgId: feedUploads.vendorOrgId, unitId: feedUploads.unitId, fileName: feedUploads.fileName })
      .from(feedUploads)
      .where(and(eq(feedUploads.status, 'received'), staleAfterMs > 0 ? lt(feedUploads.uploadedAt, receivedBefore) : undefined))
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
          actorLabel: 'system: start-up recovery',
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
