import type { Database } from '../../../db/client';
import type { ContractVersionInput } from '../../../app/domain/contracts/version';
import { addContractVersion, createContract } from '../../../app/services/contracts.server';
import { createProgram, saveSourcingAssessment } from '../../../app/services/programs.server';
import { addQueue, addUnit, setInternalTargets } from '../../../app/services/units.server';
import { acceptVendorInvitation, inviteVendorToUnit } from '../../../app/services/vendor-invitations.server';
import type { SeededTenants, TenantName } from '../../support/tenants';

export const versionTerms = (over: Partial<ContractVersionInput> = {}): ContractVersionInput => ({
  effectiveFrom: '2025-01-01',
  reason: 'Initial terms',
  currency: 'TWD',
  taxRatePct: 5,
  atRiskPct: 12,
  poolPct: 100,
  earnBackMonths: 3,
  rateLines: [{ pricingModel: 'per_handled_contact', rate: '45.00' }, { pricingModel: 'pass_through', description: 'Telecom' }],
  slas: [
    { kpi: 'service_level', comparator: 'gte', target: 80, slVariant: 'negative', thresholdS: 20, shortAbandonS: 5, isCritical: true, allocationPct: 40 },
    { kpi: 'abandonment_rate', comparator: 'lte', target: 5, isCritical: true, allocationPct: 30 },
    { kpi: 'asa', comparator: 'lte', target: 30, isCritical: true, allocationPct: 30 },
    { kpi: 'csat', comparator: 'gte', target: 85 },
    { kpi: 'qa_score', comparator: 'gte', target: 90 },
  ],
  ...over,
});

export interface ClientWorld {
  programId: string;
  inHouseUnitId: string;
  vendorUnitIds: Partial<Record<TenantName, string>>;
  queueIds: string[];
  contractIds: Partial<Record<TenantName, string>>;
}

/**
 * A client program with an in-house unit (with internal targets) and one linked unit per vendor given,
 * each vendor unit with a queue and a contract with a first version; plus a sourcing assessment.
 */
export async function seedClientWorld(db: Database, seeded: SeededTenants, client: TenantName, vendors: TenantName[]): Promise<ClientWorld> {
  const pm = seeded.ctx(client, 'program_manager');
  const program = await createProgram(pm, { name: `Cards hotline of ${client}`, lineOfBusiness: 'Credit cards', channels: ['voice', 'ivr'], timeZone: 'Asia/Taipei', currency: 'TWD', status: 'live' });
  const inHouse = await addUnit(pm, program.id, { kind: 'in_house', name: 'Taipei in-house', site: 'Taipei', volumeSharePct: 40 });
  const inHouseQueue = await addQueue(pm, inHouse.id, { name: 'Standard', channel: 'voice' });
  await setInternalTargets(pm, inHouse.id, { effectiveFrom: '2025-01-01', targets: [{ kpi: 'asa', comparator: 'lte', target: 25 }] });
  await saveSourcingAssessment(pm, program.id, { dependence: 4, innovation: 2, variability: 'high', complexity: 'low', concerns: { customerDataConfidentiality: 5, qualityMeasurability: 3, brandImage: 3, vendorModelFit: 2 } });
  const world: ClientWorld = { programId: program.id, inHouseUnitId: inHouse.id, vendorUnitIds: {}, queueIds: [inHouseQueue.id], contractIds: {} };
  for (const vendor of vendors) {
    const unit = await addUnit(pm, program.id, { kind: 'vendor', name: `${vendor} site`, volumeSharePct: 20 });
    const queue = await addQueue(pm, unit.id, { name: 'VIP line', channel: 'voice' });
    const invitation = await inviteVendorToUnit(pm, unit.id, { email: `ops@${vendor}.test` });
    const admin = seeded.userOf(vendor, 'vendor_admin');
    await acceptVendorInvitation(db, { mode: 'link', token: invitation.token, userId: admin.id, vendorOrgId: seeded.orgs[vendor].id });
    const contract = await createContract(pm, { name: `${client} × ${vendor}`, vendorOrgId: seeded.orgs[vendor].id, unitIds: [unit.id], firstVersion: versionTerms() });
    world.vendorUnitIds[vendor] = unit.id;
    world.queueIds.push(queue.id);
    world.contractIds[vendor] = contract.id;
  }
  return world;
}

/** A month later the client raises the service-level target: version 2. */
export async function raiseServiceLevel(seeded: SeededTenants, client: TenantName, contractId: string) {
  const terms = versionTerms({ effectiveFrom: '2025-02-01', reason: 'Peak season: stricter service level' });
  terms.slas![0] = { ...terms.slas![0]!, target: 85 };
  return addContractVersion(seeded.ctx(client, 'program_manager'), contractId, terms);
}
