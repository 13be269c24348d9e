import type { Database } from '#db/client';
import type { ContractVersionInput } from '#app/domain/contracts/version';
import type { HoursOfOperation } from '#app/domain/programs/schemas';
import type { ServiceCtx } from './context';
import { addContractVersion, createContract } from './contracts.server';
import { createProgram, saveSourcingAssessment } from './programs.server';
import { addQueue, addUnit, setInternalTargets } from './units.server';
import { acceptVendorInvitation, inviteVendorToUnit } from './vendor-invitations.server';

/** Who the demo programs are created by and delivered by (ids from the demo tenants just seeded). */
export interface DemoParties {
  bankOwner: ServiceCtx;
  vendorA: { orgId: string; adminUserId: string; adminEmail: string };
  vendorB: { orgId: string; adminUserId: string; adminEmail: string };
}

const weekdays = (open: string, close: string) => ({ open, close });
const HOTLINE_HOURS: HoursOfOperation = {
  mon: [weekdays('08:00', '22:00')],
  tue: [weekdays('08:00', '22:00')],
  wed: [weekdays('08:00', '22:00')],
  thu: [weekdays('08:00', '22:00')],
  fri: [weekdays('08:00', '22:00')],
  sat: [weekdays('09:00', '18:00')],
  sun: [weekdays('09:00', '18:00')],
};
const OFFICE_HOURS: HoursOfOperation = {
  mon: [weekdays('09:00', '18:00')],
  tue: [weekdays('09:00', '18:00')],
  wed: [weekdays('09:00', '18:00')],
  thu: [weekdays('09:00', '18:00')],
  fri: [weekdays('09:00', '18:00')],
  sat: [],
  sun: [],
};
const TAIWAN_HOLIDAYS_2025 = [
  { date: '2025-01-01', name: 'Founding Day' },
  { date: '2025-01-28', name: "Lunar New Year's Eve" },
  { date: '2025-01-29', name: 'Lunar New Year' },
  { date: '2025-02-28', name: 'Peace Memorial Day' },
  { date: '2025-04-04', name: "Children's Day / Tomb Sweeping Day" },
  { date: '2025-05-31', name: 'Dragon Boat Festival' },
  { date: '2025-10-06', name: 'Mid-Autumn Festival' },
  { date: '2025-10-10', name: 'National Day' },
];

/** Links a vendor unit to its vendor the way a real vendor does: invitation, then acceptance by its admin. */
async function linkVendor(db: Database, ctx: ServiceCtx, unitId: string, vendor: DemoParties['vendorA']) {
  const invitation = await inviteVendorToUnit(ctx, unitId, { email: vendor.adminEmail });
  await acceptVendorInvitation(db, { mode: 'link', token: invitation.token, userId: vendor.adminUserId, vendorOrgId: vendor.orgId });
}

/** Vendor A, hotline: per handled contact with volume tiers, a dearer Platinum line and a minimum commitment. */
function hotlineTerms(platinumQueueId: string): ContractVersionInput {
  return {
    effectiveFrom: '2025-01-01',
    reason: 'Initial terms after the RFP award',
    currency: 'TWD',
    taxRatePct: 5,
    minimumMonthlyCommitment: '1500000',
    atRiskPct: 12,
    poolPct: 120,
    earnBackMonths: 3,
    rateLines: [
      {
        pricingModel: 'per_handled_contact',
        description: 'Handled call, standard line',
        channel: 'voice',
        tiers: [
          { fromQty: 0, toQty: 40000, rate: '42.00' },
          { fromQty: 40000, toQty: 80000, rate: '38.50' },
          { fromQty: 80000, rate: '35.00' },
        ],
      },
      { pricingModel: 'per_handled_contact', description: 'Handled call, Platinum line', channel: 'voice', queueId: platinumQueueId, rate: '56.00' },
      { pricingModel: 'pass_through', description: 'Telecom (toll-free minutes)' },
    ],
    slas: [
      { kpi: 'service_level', comparator: 'gte', target: 80, slVariant: 'negative', thresholdS: 20, shortAbandonS: 5, minimumVolume: 1000, isCritical: true, allocationPct: 35 },
      { kpi: 'abandonment_rate', comparator: 'lte', target: 5, minimumVolume: 1000, isCritical: true, allocationPct: 25 },
      { kpi: 'asa', comparator: 'lte', target: 30, isCritical: true, allocationPct: 20 },
      { kpi: 'fcr', comparator: 'gte', target: 70, isCritical: true, allocationPct: 20, missingFeed: 'not_measured' },
      { kpi: 'csat', comparator: 'gte', target: 85, missingFeed: 'not_measured' },
      { kpi: 'qa_score', comparator: 'gte', target: 90 },
    ],
  };
}

/** Vendor A, e-mail and chat: chat per handled minute, e-mail per productive hour. */
function deskTerms(): ContractVersionInput {
  return {
    effectiveFrom: '2025-03-01',
    reason: 'Initial terms of the digital service desk',
    currency: 'TWD',
    taxRatePct: 5,
    atRiskPct: 10,
    poolPct: 100,
    earnBackMonths: 3,
    rateLines: [
      { pricingModel: 'per_handled_minute', description: 'Chat, talk and wrap minutes', channel: 'chat', rate: '14.50' },
      { pricingModel: 'per_productive_hour', description: 'E-mail agents, staffed hours', channel: 'email', rate: '520.00' },
    ],
    slas: [
      { kpi: 'service_level', comparator: 'gte', target: 80, scopeChannel: 'chat', slVariant: 'ignore_abandons_within_threshold', thresholdS: 60, shortAbandonS: 10, isCritical: true, allocationPct: 30 },
      { kpi: 'asa', comparator: 'lte', target: 45, scopeChannel: 'chat', isCritical: true, allocationPct: 20 },
      { kpi: 'fcr', comparator: 'gte', target: 75, isCritical: true, allocationPct: 20, missingFeed: 'not_measured' },
      { kpi: 'csat', comparator: 'gte', target: 85, isCritical: true, allocationPct: 15, missingFeed: 'not_measured' },
      { kpi: 'qa_score', comparator: 'gte', target: 90, isCritical: true, allocationPct: 15 },
      { kpi: 'transfer_rate', comparator: 'lte', target: 10 },
    ],
  };
}

/** Vendor B, VIP securities: per FTE-month plus a fixed platform fee; the stricter 90/10 service level. */
function vipTerms(): ContractVersionInput {
  return {
    effectiveFrom: '2025-01-01',
    reason: 'Initial terms for the dedicated VIP team',
    currency: 'TWD',
    taxRatePct: 5,
    atRiskPct: 10,
    poolPct: 100,
    earnBackMonths: 3,
    rateLines: [
      { pricingModel: 'per_fte_month', description: 'Licensed securities agent, dedicated', channel: 'voice', rate: '86000.00' },
      { pricingModel: 'fixed_monthly_fee', description: 'Recording, compliance archive and reporting', rate: '120000.00' },
      { pricingModel: 'pass_through', description: 'Telecom' },
    ],
    slas: [
      { kpi: 'service_level', comparator: 'gte', target: 90, slVariant: 'negative', thresholdS: 10, shortAbandonS: 5, minimumVolume: 200, isCritical: true, allocationPct: 35 },
      { kpi: 'abandonment_rate', comparator: 'lte', target: 3, minimumVolume: 200, isCritical: true, allocationPct: 20 },
      { kpi: 'asa', comparator: 'lte', target: 10, isCritical: true, allocationPct: 15 },
      { kpi: 'fcr', comparator: 'gte', target: 80, isCritical: true, allocationPct: 15, missingFeed: 'not_measured' },
      { kpi: 'qa_score', comparator: 'gte', target: 92, isCritical: true, allocationPct: 15 },
      { kpi: 'csat', comparator: 'gte', target: 90, missingFeed: 'not_measured' },
      { kpi: 'schedule_adherence', comparator: 'gte', target: 92 },
    ],
  };
}

/**
 * The demo bank's programs, units, vendor links, contracts and sourcing assessments, created through
 * the services as the bank's owner, so the audit log tells the story like real use would.
 */
export async function seedDemoPrograms(db: Database, parties: DemoParties): Promise<void> {
  const ctx = parties.bankOwner;

  const hotline = await createProgram(ctx, {
    name: 'Credit-card inbound hotline',
    lineOfBusiness: 'Credit cards',
    description: 'Card activation, balance and billing questions, lost or stolen cards, disputes.',
    channels: ['voice', 'ivr'],
    timeZone: 'Asia/Taipei',
    currency: 'TWD',
    status: 'live',
    hoursOfOperation: HOTLINE_HOURS,
    holidays: TAIWAN_HOLIDAYS_2025,
  });
  const taipei = await addUnit(ctx, hotline.id, { kind: 'in_house', name: 'Taipei in-house centre', site: 'Taipei, Xinyi District', volumeSharePct: 40 });
  await addQueue(ctx, taipei.id, { name: 'Standard line', channel: 'voice' });
  await addQueue(ctx, taipei.id, { name: 'Platinum line', channel: 'voice' });
  await setInternalTargets(ctx, taipei.id, {
    effectiveFrom: '2025-01-01',
    targets: [
      { kpi: 'service_level', comparator: 'gte', target: 80, slVariant: 'negative', thresholdS: 20, shortAbandonS: 5 },
      { kpi: 'abandonment_rate', comparator: 'lte', target: 5 },
      { kpi: 'asa', comparator: 'lte', target: 30 },
      { kpi: 'fcr', comparator: 'gte', target: 72 },
      { kpi: 'csat', comparator: 'gte', target: 85 },
    ],
  });
  const hotlineVendor = await addUnit(ctx, hotline.id, { kind: 'vendor', name: 'Vendor A Kaohsiung site', site: 'Kaohsiung', volumeSharePct: 60 });
  await addQueue(ctx, hotlineVendor.id, { name: 'Standard line', channel: 'voice' });
  const platinum = await addQueue(ctx, hotlineVendor.id, { name: 'Platinum line', channel: 'voice' });
  await linkVendor(db, ctx, hotlineVendor.id, parties.vendorA);
  await saveSourcingAssessment(ctx, hotline.id, {
    dependence: 4,
    innovation: 2,
    variability: 'high',
    complexity: 'low',
    concerns: { customerDataConfidentiality: 5, qualityMeasurability: 3, brandImage: 4, vendorModelFit: 2 },
    notes: 'High, seasonal volume of routine card questions; card data stays in the bank-hosted CRM.',
  });
  const hotlineContract = await createContract(ctx, { name: 'Credit-card hotline – Vendor A', vendorOrgId: parties.vendorA.orgId, unitIds: [hotlineVendor.id], firstVersion: hotlineTerms(platinum.id) });
  const initial = hotlineTerms(platinum.id);
  const [serviceLevel, ...otherSlas] = initial.slas ?? [];
  await addContractVersion(ctx, hotlineContract.id, {
    ...initial,
    effectiveFrom: '2025-02-01',
    reason: 'Complaints after Lunar New Year: service level raised from 80 % to 85 % in 20 s',
    slas: [{ ...serviceLevel!, target: 85 }, ...otherSlas],
  });

  const vip = await createProgram(ctx, {
    name: 'VIP securities line',
    lineOfBusiness: 'Securities brokerage',
    description: 'Order support and account questions of high-net-worth brokerage clients.',
    channels: ['voice'],
    timeZone: 'Asia/Taipei',
    currency: 'TWD',
    status: 'live',
    hoursOfOperation: OFFICE_HOURS,
    holidays: TAIWAN_HOLIDAYS_2025,
  });
  const vipUnit = await addUnit(ctx, vip.id, { kind: 'vendor', name: 'Vendor B Taichung VIP desk', site: 'Taichung', volumeSharePct: 100 });
  await addQueue(ctx, vipUnit.id, { name: 'VIP line', channel: 'voice' });
  await linkVendor(db, ctx, vipUnit.id, parties.vendorB);
  await saveSourcingAssessment(ctx, vip.id, {
    dependence: 4,
    innovation: 3,
    variability: 'low',
    complexity: 'high',
    concerns: { customerDataConfidentiality: 5, qualityMeasurability: 4, brandImage: 5, vendorModelFit: 3 },
    notes: 'Licensed agents only; a dedicated, access-controlled team.',
  });
  await createContract(ctx, { name: 'VIP securities line – Vendor B', vendorOrgId: parties.vendorB.orgId, unitIds: [vipUnit.id], firstVersion: vipTerms() });

  const desk = await createProgram(ctx, {
    name: 'E-mail and chat service desk',
    lineOfBusiness: 'Retail banking service',
    description: 'Written questions from the website, the app chat and e-mail.',
    channels: ['email', 'chat'],
    timeZone: 'Asia/Taipei',
    currency: 'TWD',
    status: 'live',
    hoursOfOperation: OFFICE_HOURS,
    holidays: TAIWAN_HOLIDAYS_2025,
  });
  const deskUnit = await addUnit(ctx, desk.id, { kind: 'vendor', name: 'Vendor A digital desk', site: 'Kaohsiung', volumeSharePct: 100 });
  await addQueue(ctx, deskUnit.id, { name: 'E-mail', channel: 'email' });
  await addQueue(ctx, deskUnit.id, { name: 'Web chat', channel: 'chat' });
  await linkVendor(db, ctx, deskUnit.id, parties.vendorA);
  await saveSourcingAssessment(ctx, desk.id, {
    dependence: 2,
    innovation: 2,
    variability: 'low',
    complexity: 'low',
    concerns: { customerDataConfidentiality: 4, qualityMeasurability: 3, brandImage: 3, vendorModelFit: 2 },
  });
  await createContract(ctx, { name: 'E-mail and chat desk – Vendor A', vendorOrgId: parties.vendorA.orgId, unitIds: [deskUnit.id], firstVersion: deskTerms() });
}
