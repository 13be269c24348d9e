import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq, inArray, like } from 'drizzle-orm';
import { auditEvents, earnBackEntries, monthCloses, notifications, serviceCredits, slaResults } from '../../../db/schema/index';
import { unsafeWithoutTenant } from '../../../db/tenant';
import { createContract } from '../../../app/services/contracts.server';
import { closeMonths } from '../../../app/services/sla/close-batch.server';
import { closeMonth, reopenMonth } from '../../../app/services/sla/close.server';
import { decideDispute, raiseDispute } from '../../../app/services/sla/disputes.server';
import { evaluateContractMonth } from '../../../app/services/sla/evaluate.server';
import { ingestUpload } from '../../../app/services/feeds/ingest.server';
import { bytes } from '../feeds/support';
import { createSlaWorld, daysOf, engine, INTERVAL_HEADER, makeContractUnit, monthOf, putFacts, SL, type ContractUnit, type SlaWorld } from './support';

/**
 * The batch close (closeMonths) against closing the same contracts one by one (closeMonth): the same
 * results, credits, earn-back ledgers and close inputs, on contracts that exercise every input path
 * (month, week and day SLAs; an exclusion cutting into a day; a DST month with gaps and an unaligned row
 * in New York; 30-minute intervals and a revision; no data; no version in force; two contracts sharing
 * units); then what the batch skips or refuses.
 */
let world: SlaWorld;
const NOW = new Date('2026-04-05T00:00:00Z');
const MONTH = '2026-03';
const u: Record<string, ContractUnit> = {};
let shared: string;
let foreign: ContractUnit;

const finance = () => world.seeded.ctx('bank1', 'finance');
const pm = () => world.seeded.ctx('bank1', 'program_manager');

beforeAll(async () => {
  world = await createSlaWorld();
  // A: month SLAs with two earlier months evaluated, so March decides an earn-back.
  u.a = await makeContractUnit(world, {
    terms: {
      earnBackMonths: 2,
      slas: [
        { ...SL, isCritical: true, allocationPct: 50 },
        { kpi: 'asa', comparator: 'lte', target: 30, isCritical: true, allocationPct: 50 },
        { kpi: 'csat', comparator: 'gte', target: 85, missingFeed: 'not_measured' },
      ],
    },
  });
  await putFacts(world.db, u.a, [
    ...monthOf('2026-01', { offered: 10, handled: 10, answered_within_threshold: 2, wait_s: 500 }),
    ...monthOf('2026-02', { offered: 10, handled: 10, answered_within_threshold: 10, wait_s: 50 }),
    ...monthOf(MONTH, { offered: 10, handled: 9, answered_within_threshold: 9, abandoned: 1, wait_s: 90.125, talk_s: 1800.5 }),
  ]);
  for (const month of ['2026-01', '2026-02']) await evaluateContractMonth(pm(), { contractId: u.a.contractId, month, now: NOW });

  // B: a week and a day SLA on the same program; an approved dispute cuts into 10 March.
  u.b = await makeContractUnit(world, {
    programId: u.a.programId,
    terms: { slas: [{ ...SL, period: 'week', isCritical: true, allocationPct: 60 }, { kpi: 'abandonment_rate', comparator: 'lte', target: 5, period: 'day', isCritical: true, allocationPct: 40 }] },
  });
  await putFacts(world.db, u.b, monthOf(MONTH, { offered: 12, handled: 11, answered_within_threshold: 10, abandoned: 1, short_abandoned: 0 }, { '2026-03-10': { offered: 40, handled: 10, answered_within_threshold: 1, abandoned: 30 } }));
  const dispute = await raiseDispute(world.seeded.ctx('vendor1', 'vendor_reporter'), {
    unitId: u.b.unitId,
    spanStart: new Date('2026-03-10T09:15:00+08:00'),
    spanEnd: new Date('2026-03-10T09:45:00+08:00'),
    reason: 'Bank IVR outage',
  });
  await decideDispute(pm(), { disputeId: dispute.id, decision: 'approved', comment: 'Confirmed', now: NOW });

  // C: New York, open around the clock, day SLAs over the DST change; a missing quarter-hour and an unaligned row.
  u.c = await makeContractUnit(world, {
    timeZone: 'America/New_York',
    hours: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
    terms: { slas: [{ ...SL, period: 'day', isCritical: true, allocationPct: 70 }, { kpi: 'asa', comparator: 'lte', target: 30, isCritical: true, allocationPct: 30 }] },
  });
  const ny = Array.from({ length: 4 * 96 }, (_, i) => ({ start: new Date(Date.UTC(2026, 2, 7, 5) + i * 900_000), c: { offered: 8, handled: 8, answered_within_threshold: 7, wait_s: 33.3 } }));
  await putFacts(world.db, u.c, [...ny.filter((_, i) => i !== 200), { start: new Date('2026-03-09T14:07:00Z'), c: { offered: 3, handled: 3, answered_within_threshold: 3 } }]);

  // D: 30-minute intervals, then a revision of two days (a second upload).
  u.d = await makeContractUnit(world, { terms: { slas: [{ ...SL, isCritical: true, allocationPct: 100 }, { kpi: 'aht', comparator: 'lte', target: 300 }] } });
  // Through the feed reader, so the close records real uploads with their revisions.
  const halfHours = (days: string[], row: string) => [INTERVAL_HEADER, ...days.flatMap((day) => ['00', '30'].map((m) => `${day}T09:${m}:00+08:00,30,Main,voice,20,${row}`))].join('\r\n') + '\r\n';
  const upload = (csv: string) => ingestUpload(world.seeded.ctx('vendor1', 'vendor_reporter'), { unitId: u.d!.unitId, fileName: 'half-hours.csv', contentType: 'text/csv', body: bytes(csv) });
  expect((await upload(halfHours(daysOf(MONTH), '20,20,17,0,300,4000.5'))).upload.status).toBe('accepted');
  expect((await upload(halfHours(['2026-03-03', '2026-03-04'], '20,18,12,2,900,4200'))).upload).toMatchObject({ status: 'accepted', revision: 2 });

  // E: no data at all. F: no version in force in March.
  u.e = await makeContractUnit(world, { terms: { slas: [{ ...SL, isCritical: true, allocationPct: 100 }] } });
  u.f = await makeContractUnit(world, { terms: { effectiveFrom: '2026-05-01', slas: [{ ...SL, isCritical: true, allocationPct: 100 }] } });

  // A contract over A's and B's units: units shared between contracts of one batch.
  shared = (
    await createContract(pm(), {
      name: 'Shared units',
      vendorOrgId: u.a.vendorOrgId,
      unitIds: [u.a.unitId, u.b.unitId],
      firstVersion: { effectiveFrom: '2025-01-01', reason: 'Initial', currency: 'TWD', taxRatePct: 5, atRiskPct: 10, poolPct: 100, earnBackMonths: 1, rateLines: [{ pricingModel: 'per_handled_contact', rate: '12.50' }], slas: [{ ...SL, isCritical: true, allocationPct: 100 }] },
    })
  ).id;

  // H: closed before the batch and left closed. Another tenant's contract.
  u.h = await makeContractUnit(world, { terms: { slas: [{ ...SL, isCritical: true, allocationPct: 100 }] } });
  await putFacts(world.db, u.h, monthOf(MONTH, { offered: 5, handled: 5, answered_within_threshold: 5 }));
  await closeMonth(finance(), { contractId: u.h.contractId, month: MONTH, now: NOW });
  foreign = await makeContractUnit(world, { client: 'bank2', vendor: 'vendor2', terms: { slas: [{ ...SL, isCritical: true, allocationPct: 100 }] } });
  await putFacts(world.db, foreign, monthOf(MONTH, { offered: 5, handled: 5, answered_within_threshold: 1 }));
});
afterAll(() => world?.close());

const compared = () => [u.a!.contractId, u.b!.contractId, u.c!.contractId, u.d!.contractId, u.e!.contractId, u.f!.contractId, shared];

/** What a close leaves behind, without row ids, close ids (only whether frozen to one) and ledger timestamps. */
async function stored(contractIds: string[]) {
  return unsafeWithoutTenant(world.db, async (tx) => {
    const results = await tx.select().from(slaResults).where(inArray(slaResults.contractId, contractIds)).orderBy(asc(slaResults.contractId), asc(slaResults.contractSlaId), asc(slaResults.grain), asc(slaResults.periodKey));
    const credits = await tx.select().from(serviceCredits).where(inArray(serviceCredits.contractId, contractIds)).orderBy(asc(serviceCredits.contractId), asc(serviceCredits.month));
    const ledger = await tx.select().from(earnBackEntries).where(inArray(earnBackEntries.contractId, contractIds)).orderBy(asc(earnBackEntries.contractId), asc(earnBackEntries.slaKey), asc(earnBackEntries.creditMonth));
    const closes = await tx.select().from(monthCloses).where(and(inArray(monthCloses.contractId, contractIds), eq(monthCloses.month, MONTH))).orderBy(asc(monthCloses.contractId), asc(monthCloses.closedAt));
    return {
      results: results.map(({ id: _i, monthCloseId, ...r }) => ({ ...r, hasClose: monthCloseId !== null })),
      credits: credits.map(({ monthCloseId, ...c }) => ({ ...c, hasClose: monthCloseId !== null })),
      ledger: ledger.map(({ computedAt: _t, ...e }) => e),
      closes: closes.filter((c) => c.reopenedAt === null).map(({ id: _i, reopenedAt: _a, reopenedBy: _b, reopenedByLabel: _l, reopenReason: _r, ...c }) => c),
    };
  });
}

const breaches = (contractIds: string[]) =>
  unsafeWithoutTenant(world.db, (tx) =>
    tx
      .select({ orgId: notifications.orgId, dedupeKey: notifications.dedupeKey })
      .from(notifications)
      .where(and(like(notifications.dedupeKey, `sla_breach:%:${MONTH}`), inArray(notifications.orgId, [u.a!.clientOrgId, u.a!.vendorOrgId])))
      .orderBy(asc(notifications.orgId), asc(notifications.dedupeKey))
      .then((rows) => rows.filter((r) => contractIds.some((id) => r.dedupeKey.includes(id)))),
  );

describe(`batch month close (${engine})`, () => {
  it('gives exactly what closing the contracts one by one gives: results, credits, earn-back ledgers, close inputs, audit and alerts', async () => {
    for (const contractId of compared()) await closeMonth(finance(), { contractId, month: MONTH, now: NOW });
    const one = await stored(compared());
    const oneBreaches = await breaches(compared());
    // The scenario means something: frozen results of every kind, credits, a decided earn-back, two uploads of D.
    expect(one.results.filter((r) => r.month === MONTH).every((r) => r.isFrozen && r.hasClose)).toBe(true);
    expect(new Set(one.results.map((r) => r.grain))).toEqual(new Set(['month', 'week', 'day']));
    expect(one.results.some((r) => r.excludedRows > 0)).toBe(true);
    expect(one.results.some((r) => r.status === 'missing_data')).toBe(true);
    expect(one.credits.some((c) => c.totalMinor > 0n)).toBe(true);
    expect(one.ledger.some((e) => e.fate === 'earned_back' && e.decidedMonth === MONTH)).toBe(true);
    expect(one.closes.find((c) => c.contractId === u.d!.contractId)!.inputs.uploads).toHaveLength(2);
    expect(one.closes.find((c) => c.contractId === u.f!.contractId)!.inputs).toMatchObject({ resultCount: 0, creditTotalMinor: null });
    expect(oneBreaches.length).toBeGreaterThan(0);

    // Reopen, then wipe what the batch must write again (March results and credits, every ledger entry, the alerts).
    for (const contractId of compared()) await reopenMonth(finance(), { contractId, month: MONTH, reason: 'Compare with the batch close', now: NOW });
    await unsafeWithoutTenant(world.db, async (tx) => {
      await tx.delete(slaResults).where(and(inArray(slaResults.contractId, compared()), eq(slaResults.month, MONTH)));
      await tx.delete(serviceCredits).where(and(inArray(serviceCredits.contractId, compared()), eq(serviceCredits.month, MONTH)));
      await tx.delete(earnBackEntries).where(inArray(earnBackEntries.contractId, compared()));
      await tx.delete(notifications).where(like(notifications.dedupeKey, `sla_breach:%:${MONTH}`));
    });

    const batch = await closeMonths(finance(), { contractIds: compared(), month: MONTH, now: NOW });
    expect(batch.closedCount).toBe(compared().length);
    expect(batch.outcomes.map((o) => [o.contractId, o.outcome])).toEqual(compared().map((id) => [id, 'closed']));
    const many = await stored(compared());
    expect(many).toEqual(one);
    expect(await breaches(compared())).toEqual(oneBreaches);

    const audits = await unsafeWithoutTenant(world.db, (tx) =>
      tx.select().from(auditEvents).where(and(eq(auditEvents.action, 'month.close'), inArray(auditEvents.objectId, compared()))).orderBy(asc(auditEvents.at)),
    );
    const detailsOf = (list: typeof audits) => list.map((a) => ({ objectId: a.objectId, actorLabel: a.actorLabel, ...(a.details as Record<string, unknown>), monthCloseId: undefined })).sort((x, y) => String(x.objectId).localeCompare(String(y.objectId)));
    expect(audits).toHaveLength(2 * compared().length);
    const ids = new Set(batch.outcomes.map((o) => o.monthCloseId));
    expect(detailsOf(audits.filter((a) => ids.has((a.details as { monthCloseId: string }).monthCloseId)))).toEqual(detailsOf(audits.filter((a) => !ids.has((a.details as { monthCloseId: string }).monthCloseId))));
  });

  it('skips what it may not close, with an outcome per contract: already closed, not ended, not found (another tenant, no such id)', async () => {
    const [before] = await unsafeWithoutTenant(world.db, (tx) => tx.select().from(monthCloses).where(eq(monthCloses.contractId, u.h!.contractId)));
    const result = await closeMonths(finance(), { contractIds: [u.h!.contractId, foreign.contractId, 'not-a-uuid', u.a!.contractId], month: MONTH, now: NOW });
    expect(result.outcomes.map((o) => o.outcome)).toEqual(['already_closed', 'not_found', 'not_found', 'already_closed']);
    expect(result.closedCount).toBe(0);
    const after = await unsafeWithoutTenant(world.db, (tx) => tx.select().from(monthCloses).where(eq(monthCloses.contractId, u.h!.contractId)));
    expect(after).toEqual([before]);
    // Another tenant's contract is never closed.
    expect(await unsafeWithoutTenant(world.db, (tx) => tx.select().from(monthCloses).where(eq(monthCloses.contractId, foreign.contractId)))).toEqual([]);

    // At 02:00 UTC on 1 May, April has ended in Taipei but not yet in New York.
    const early = await closeMonths(finance(), { contractIds: [u.c!.contractId, u.e!.contractId], month: '2026-04', now: new Date('2026-05-01T02:00:00Z') });
    expect(early.outcomes.map((o) => [o.contractId, o.outcome])).toEqual([
      [u.c!.contractId, 'not_ended'],
      [u.e!.contractId, 'closed'],
    ]);
    const running = await closeMonths(finance(), { contractIds: [u.a!.contractId], month: '2026-11', now: new Date('2026-11-20T00:00:00Z') });
    expect(running.outcomes).toEqual([{ contractId: u.a!.contractId, outcome: 'not_ended', monthCloseId: null, resultCount: null, creditTotalMinor: null }]);
    expect(await unsafeWithoutTenant(world.db, (tx) => tx.select().from(monthCloses).where(and(eq(monthCloses.contractId, u.a!.contractId), eq(monthCloses.month, '2026-11'))))).toEqual([]);
  });

  it('closes every contract of a program; another tenant’s program is a 404; vendors and viewers are refused', async () => {
    const program = await closeMonths(pm(), { programId: u.c!.programId, month: '2026-02', now: NOW });
    expect(program.outcomes).toEqual([expect.objectContaining({ contractId: u.c!.contractId, outcome: 'closed', resultCount: expect.any(Number) })]);
    await expect(closeMonths(world.seeded.ctx('bank2', 'finance'), { programId: u.a!.programId, month: MONTH, now: NOW })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(closeMonths(finance(), { programId: foreign.programId, month: MONTH, now: NOW })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(closeMonths(finance(), { programId: 'not-a-uuid', month: MONTH, now: NOW })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    for (const ctx of [world.seeded.ctx('vendor1', 'vendor_admin'), world.seeded.ctx('vendor1', 'vendor_reporter'), world.seeded.ctx('bank1', 'viewer')]) {
      await expect(closeMonths(ctx, { programId: u.a!.programId, month: MONTH, now: NOW })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(closeMonths(ctx, { contractIds: [u.e!.contractId], month: MONTH, now: NOW })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    await expect(closeMonths(finance(), { programId: u.a!.programId, month: '2026-3', now: NOW })).rejects.toMatchObject({ code: 'UNPROCESSABLE' });
    await expect(closeMonths(finance(), { month: MONTH, now: NOW })).rejects.toMatchObject({ code: 'UNPROCESSABLE' });
  });
});
