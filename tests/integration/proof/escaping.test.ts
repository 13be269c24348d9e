import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContract } from '../../../app/services/contracts.server';
import { createProgram, saveSourcingAssessment } from '../../../app/services/programs.server';
import { decideDispute, raiseDispute } from '../../../app/services/sla/disputes.server';
import { addQueue, addUnit } from '../../../app/services/units.server';
import { acceptVendorInvitation, inviteVendorToUnit } from '../../../app/services/vendor-invitations.server';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { createTestApp, sessionCookieFor, type TestApp } from '../../support/http';
import { seedTenants, type SeededTenants } from '../../support/tenants';
import { versionTerms } from '../programs/seed';

/**
 * Stored cross-site scripting: every free-text field a person types (names, reasons, descriptions,
 * comments) holding markup is rendered as text on every page that shows it, to both orgs that see it.
 */

const ATTACK = `<script>alert(1)</script><img src=x onerror=alert(1)>`;
/** Each field gets its own label, so a failure names the field that is not escaped. */
const payload = (field: string) => `${field} ${ATTACK}`;
const RAW_MARKUP = [/<script>alert/i, /<img src=x/i, /onerror=alert\(1\)>/i];

/** React's text escaping ("&lt;script&gt;"); quotes inside text stay as they are. */
const escapedText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

let handle: TestDatabase;
let seeded: SeededTenants;
let app: TestApp;
const ids: Record<string, string> = {};

beforeAll(async () => {
  handle = await createTestDatabase();
  seeded = await seedTenants(handle.db);
  app = await createTestApp(handle);
  const pm = seeded.ctx('bank1', 'program_manager');
  const program = await createProgram(pm, { name: payload('program.name'), lineOfBusiness: payload('program.lob'), channels: ['voice'], timeZone: 'Asia/Taipei', currency: 'TWD', status: 'live' });
  await saveSourcingAssessment(pm, program.id, { dependence: 3, innovation: 3, variability: 'low', complexity: 'low', concerns: { customerDataConfidentiality: 3, qualityMeasurability: 3, brandImage: 3, vendorModelFit: 3 } });
  const unit = await addUnit(pm, program.id, { kind: 'vendor', name: payload('unit.name'), site: payload('unit.site'), volumeSharePct: 50 });
  const queue = await addQueue(pm, unit.id, { name: payload('queue.name'), channel: 'voice' });
  const invitation = await inviteVendorToUnit(pm, unit.id, { email: 'ops@vendor1.test' });
  await acceptVendorInvitation(handle.db, { mode: 'link', token: invitation.token, userId: seeded.userOf('vendor1', 'vendor_admin').id, vendorOrgId: seeded.orgs.vendor1.id });
  const terms = versionTerms({ reason: payload('version.reason') });
  terms.rateLines = [{ pricingModel: 'per_handled_contact', rate: '45.00' }, { pricingModel: 'pass_through', description: payload('rateLine.description') }];
  const contract = await createContract(pm, { name: payload('contract.name'), vendorOrgId: seeded.orgs.vendor1.id, unitIds: [unit.id], firstVersion: terms });
  const dispute = await raiseDispute(seeded.ctx('vendor1', 'vendor_reporter'), {
    unitId: unit.id,
    queueId: queue.id,
    spanStart: new Date('2026-04-15T00:00:00+08:00'),
    spanEnd: new Date('2026-04-16T00:00:00+08:00'),
    reason: payload('dispute.reason'),
  });
  await decideDispute(pm, { disputeId: dispute.id, decision: 'rejected', comment: payload('dispute.decisionComment') });
  Object.assign(ids, { programId: program.id, unitId: unit.id, contractId: contract.id, disputeId: dispute.id });
});
afterAll(() => handle?.close());

const PAGES: Array<{ path: string; as: 'bank1' | 'vendor1'; fields: string[] }> = [
  { path: '/app/programs', as: 'bank1', fields: ['program.name', 'program.lob'] },
  { path: '/app/programs/:programId', as: 'bank1', fields: ['program.name', 'unit.name', 'unit.site'] },
  { path: '/app/programs/:programId/edit', as: 'bank1', fields: ['program.name', 'program.lob'] },
  { path: '/app/programs/:programId/sourcing', as: 'bank1', fields: ['program.name'] },
  { path: '/app/portfolio', as: 'bank1', fields: ['program.name'] },
  { path: '/app/units/:unitId', as: 'bank1', fields: ['unit.name', 'queue.name'] },
  { path: '/app/contracts', as: 'bank1', fields: ['contract.name'] },
  { path: '/app/contracts/:contractId', as: 'bank1', fields: ['contract.name', 'version.reason', 'rateLine.description'] },
  { path: '/app/contracts/:contractId', as: 'vendor1', fields: ['contract.name'] },
  { path: '/app/disputes', as: 'bank1', fields: ['dispute.reason'] },
  { path: '/app/disputes/:disputeId', as: 'bank1', fields: ['dispute.reason', 'dispute.decisionComment'] },
  { path: '/app/disputes/:disputeId', as: 'vendor1', fields: ['dispute.reason', 'dispute.decisionComment'] },
  { path: '/app/feeds', as: 'vendor1', fields: ['unit.name'] },
];

describe('markup in free-text fields is rendered as text', () => {
  it.each(PAGES)('$path as $as shows $fields escaped and no raw markup', async ({ path, as, fields }) => {
    const role = as === 'bank1' ? 'program_manager' : 'vendor_admin';
    const cookie = await sessionCookieFor(handle.db, seeded.userOf(as, role).id);
    const url = path.replace(/:(\w+)/g, (_, name: string) => ids[name]!);
    const response = await app.request(url, { cookie });
    expect(response.status, url).toBe(200);
    const html = await response.text();
    for (const pattern of RAW_MARKUP) expect(html, `${url} holds raw ${pattern}`).not.toMatch(pattern);
    for (const field of fields) expect(html, `${url}: ${field}`).toContain(escapedText(payload(field)));
  });

});
