import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FileBlobStore, setBlobStore } from '../../../app/lib/blob-store.server';
import { createApiKey } from '../../../app/services/api-keys.server';
import { ingestUpload } from '../../../app/services/feeds/ingest.server';
import { createProgram } from '../../../app/services/programs.server';
import { addUnit } from '../../../app/services/units.server';
import type { SeededTenants } from '../../support/tenants';
import type { Endpoint } from './rules';

/**
 * Objects the route rules name (`:programId`, `:unitId`…), created fresh per endpoint in bank1, and the
 * small endpoint builders shared by the per-feature rule files (kept apart from rules.ts so those files
 * can import them without a circular import).
 */
export const NO_SUCH_TOKEN = 'no-such-token-0000000000000000000000';
export const API_GET_ONLY = (path: string): Endpoint => ({ path, access: { api: 'public' }, ok: 405, json: {} });

export const bank1ApiKey = async (seeded: SeededTenants) => ({
  keyId: (await createApiKey(seeded.ctx('bank1', 'owner'), { name: 'authz object', role: 'viewer' })).id,
});
export const bank1Program = async (seeded: SeededTenants) => ({
  programId: (await createProgram(seeded.ctx('bank1', 'program_manager'), { name: `Cards ${crypto.randomUUID()}`, lineOfBusiness: 'Cards', channels: ['voice'], timeZone: 'Asia/Taipei', currency: 'TWD' })).id,
});

export const bank1Unit = async (seeded: SeededTenants) => {
  const { programId } = await bank1Program(seeded);
  const unit = await addUnit(seeded.ctx('bank1', 'program_manager'), programId, { kind: 'in_house', name: 'Taipei floor' });
  return { programId, unitId: unit.id };
};
/** A rejected feed upload of a bank1 in-house unit (its rows are never stored; the upload and its issues are). */
export const bank1Upload = async (seeded: SeededTenants) => {
  const { unitId } = await bank1Unit(seeded);
  shareAuthzBlobStore();
  const body = (async function* () {
    yield new TextEncoder().encode('nonsense,header\n1,2\n');
  })();
  const result = await ingestUpload(seeded.ctx('bank1', 'program_manager'), { unitId, fileName: 'authz.csv', contentType: 'text/csv', body });
  return { unitId, uploadId: result.upload.id };
};

/** No object has this id: a guard must still answer 403 before looking, an allowed caller 404. */
export const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';

/**
 * One blob store for every object the matrix creates, shared with the app under test: objects are made
 * in this process through the services, while the app's bundle has its own copy of the blob-store module
 * and finds the bytes through UPLOADS_DIR (set at import, before the app opens its store).
 */
const authzBlobDir = fs.mkdtempSync(path.join(os.tmpdir(), 'outpost-authz-blobs-'));
process.env.UPLOADS_DIR = authzBlobDir;
export function shareAuthzBlobStore() {
  setBlobStore(new FileBlobStore(authzBlobDir));
}
