import http from 'node:http';
import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvents, notifications, webhookDeliveries } from '../../../db/schema/index';
import { unsafeWithoutTenant } from '../../../db/tenant';
import { ingestUpload } from '../../../app/services/feeds/ingest.server';
import { closeMonth, reopenMonth } from '../../../app/services/sla/close.server';
import { decideDispute, getDispute, listDisputes, raiseDispute } from '../../../app/services/sla/disputes.server';
import { evaluateContractMonth } from '../../../app/services/sla/evaluate.server';
import { getContractScorecard, getEarnBackLedger, listSlaResults } from '../../../app/services/sla/results.server';
import { createWebhookEndpoint, deliverWebhooks, listWebhookDeliveries } from '../../../app/services/sla/webhooks.server';
import { bytes } from '../feeds/support';
import { createSlaWorld, csvOf, daysOf, engine, makeContractUnit, monthOf, putFacts, SL, type ContractUnit, type SlaWorld } from './support';

let world: SlaWorld;
const NOW = new Date('2026-11-20T00:00:00Z');
beforeAll(async () => {
  world = await createSlaWorld();
});
afterAll(() => world?.close());

const monthRow = async (u: ContractUnit, month: string, kpi: string) =>
  (await listSlaResults(world.seeded.ctx('bank1', 'viewer'), { programId: u.programId, month })).units[0]!.results.find((r) => r.kpi === kpi && r.grain === 'month')!;

describe(`credits and earn-back (${engine})`, () => {
  it('caps the credits at the at-risk amount, allocations over 100 % up to the pool, lines by largest remainder', async () => {
    const u = await makeContractUnit(world, {
      terms: {
        atRiskPct: 10,
        poolPct: 150,
        rateLines: [{ pricingModel: 'fixed_monthly_fee', rate: '100000.00' }],
        slas: [
          { ...SL, isCritical: true, allocationPct: 60 },
          { kpi: 'asa', comparator: 'lte', target: 30, isCritical: true, allocationPct: 50 },
          { kpi: 'abandonment_rate', comparator: 'lte', target: 5, isCritical: true, allocationPct: 40 },
        ],
      },
    });
    await putFacts(world.db, u, monthOf('2026-04', { offered: 10, handled: 5, answered_within_threshold: 2, abandoned: 5, wait_s: 500 }));
    const evaluation = await evaluateContractMonth(world.seeded.ctx('bank1', 'finance'), { contractId: u.contractId, month: '2026-04', now: NOW });
    expect(evaluation.status).toBe('evaluated');
    const { credits } = await listSlaResults(world.seeded.ctx('bank1', 'viewer'), { programId: u.programId, month: '2026-04' });
    const c = credits[0]!;
    // At risk 10 % of 100,000.00 = 10,000.00; uncapped 60 + 50 + 40 = 150 % of it; capped to 100 %.
    expect(c).toMatchObject({ invoiceBasisMinor: 10_000_000n, atRiskMinor: 1_000_000n, uncappedTotalMinor: 1_500_000n, totalMinor: 1_000_000n, capReductionMinor: 500_000n, isCapped: true });
    expect(c.lines.map((l) => l.amountMinor)).toEqual([400_000n, 333_333n, 266_667n]);
    expect(c.lines.map((l) => l.capReductionMinor)).toEqual([200_000n, 166_667n, 133_333n]);
  });

  it('returns a credit after N met months and forfeits one whose SLA misses inside the window', async () => {
    const u = await makeContractUnit(world, {
      terms: { earnBackMonths: 2, slas: [{ ...SL, isCritical: true, allocationPct: 50 }, { kpi: 'asa', comparator: 'lte', target: 30, isCritical: true, allocationPct: 50 }] },
    });
    const bad = { offered: 10, handled: 10, answered_within_threshold: 2, wait_s: 500 };
    const slOnly = { offered: 10, handled: 10, answered_within_threshold: 10, wait_s: 500 };
    const good = { offered: 10, handled: 10, answered_within_threshold: 10, wait_s: 50 };
    await putFacts(world.db, u, [...monthOf('2026-01', bad), ...monthOf('2026-02', slOnly), ...monthOf('2026-03', good)]);
    const pm = world.seeded.ctx('bank1', 'program_manager');
    for (const month of ['2026-01', '2026-02', '2026-03']) await evaluateContractMonth(pm, { contractId: u.contractId, month, now: NOW });
    const ledger = await getEarnBackLedger(world.seeded.ctx('vendor1', 'vendor_reporter'), u.contractId);
    // January: 124 × 10 × 45.00 = 55,800.00; at risk 12 % = 6,696.00; each SLA 50 % = 3,348.00.
    const sl = ledger.find((e) => e.kpi === 'service_level' && e.creditMonth === '2026-01')!;
    expect(sl).toMatchObject({ amountMinor: 334_800n, fate: 'earned_back', decidedMonth: '2026-03', returnedMinor: 334_800n, metMonths: 2 });
    const asaJan = ledger.find((e) => e.kpi === 'asa' && e.creditMonth === '2026-01')!;
    expect(asaJan).toMatchObject({ fate: 'forfeited', decidedMonth: '2026-02', returnedMinor: 0n });
    const asaFeb = ledger.find((e) => e.kpi === 'asa' && e.creditMonth === '2026-02')!;
    expect(asaFeb).toMatchObject({ fate: 'pending', metMonths: 1 });
    const card = await getContractScorecard(pm, { contractId: u.contractId, fromMonth: '2026-01', toMonth: '2026-03' });
    expect(card.months.map((m) => [m.month, m.scorecard.score, m.earnedBackMinor])).toEqual([
      ['2026-01', 0, 0n],
      ['2026-02', 0.5, 0n],
      ['2026-03', 1, 334_800n],
    ]);
  });
});

describe(`disputes and month close (${engine})`, () => {
  it('an approved dispute excludes an outage span and flips the result; both sides see the trail', async () => {
    const u = await makeContractUnit(world, { terms: { slas: [{ ...SL, isCritical: true, allocationPct: 100 }] } });
    // 29 days at 90 %; on 15 April the client's IVR failed: 400 offered, none in T. Month: 1044 / 1560 = 66.9 %.
    await putFacts(world.db, u, monthOf('2026-04', { offered: 10, handled: 9, answered_within_threshold: 9, abandoned: 1 }, { '2026-04-15': { offered: 100, handled: 10, answered_within_threshold: 0, abandoned: 90 } }));
    const pm = world.seeded.ctx('bank1', 'program_manager');
    await evaluateContractMonth(pm, { contractId: u.contractId, month: '2026-04', now: NOW });
    expect(await monthRow(u, '2026-04', 'service_level')).toMatchObject({ numerator: 1044, denominator: 1560, status: 'missed' });

    const vendor = world.seeded.ctx('vendor1', 'vendor_reporter');
    const dispute = await raiseDispute(vendor, {
      unitId: u.unitId,
      spanStart: new Date('2026-04-15T00:00:00+08:00'),
      spanEnd: new Date('2026-04-16T00:00:00+08:00'),
      reason: "The bank's IVR was down and sent every call to the overflow queue",
      attachments: [{ fileName: 'incident.txt', contentType: 'text/plain', body: bytes('IVR incident INC-42\n') }],
    });
    expect(dispute).toMatchObject({ status: 'open', attachments: [{ fileName: 'incident.txt', byteSize: 20 }] });
    await expect(raiseDispute(world.seeded.ctx('vendor2', 'vendor_reporter'), { unitId: u.unitId, spanStart: new Date('2026-04-15T00:00:00Z'), spanEnd: new Date('2026-04-16T00:00:00Z'), reason: 'x' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(decideDispute(vendor as never, { disputeId: dispute.id, decision: 'approved', comment: 'self-approved' })).rejects.toMatchObject({ code: 'FORBIDDEN' });

    await decideDispute(pm, { disputeId: dispute.id, decision: 'approved', comment: 'Confirmed by our IVR team', now: NOW });
    // The approved span is left out: 1044 / 1160 = 90 %.
    expect(await monthRow(u, '2026-04', 'service_level')).toMatchObject({ numerator: 1044, denominator: 1160, status: 'met', coverage: { expectedIntervals: 116, receivedIntervals: 116, excludedRows: 4 } });

    const seenByVendor = await getDispute(vendor, dispute.id);
    expect(seenByVendor.events!.map((e) => e.kind)).toEqual(['raised', 'approved']);
    expect(seenByVendor).toMatchObject({ status: 'approved', decisionComment: 'Confirmed by our IVR team' });
    await expect(getDispute(world.seeded.ctx('vendor2', 'vendor_admin'), dispute.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await listDisputes(world.seeded.ctx('bank1', 'viewer'), { contractId: u.contractId })).map((d) => d.id)).toEqual([dispute.id]);
    const notes = await unsafeWithoutTenant(world.db, (tx) => tx.select().from(notifications).where(eq(notifications.link, `/app/disputes/${dispute.id}`)));
    expect(notes.map((n) => [n.orgId, n.kind]).sort()).toEqual([[world.seeded.orgs.bank1.id, 'dispute_raised'], [world.seeded.orgs.vendor1.id, 'dispute_decided']].sort());
    const audits = await unsafeWithoutTenant(world.db, (tx) => tx.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.objectId, dispute.id)));
    expect(audits.map((a) => a.action).sort()).toEqual(['dispute.approve', 'dispute.raise']);
  });

  it('a closed month is unchanged by a late revision until it is reopened (with a reason)', async () => {
    const u = await makeContractUnit(world, { terms: { slas: [{ ...SL, isCritical: true, allocationPct: 100 }] } });
    const reporter = world.seeded.ctx('vendor1', 'vendor_reporter');
    const upload = (csv: string) => ingestUpload(reporter, { unitId: u.unitId, fileName: 'feed.csv', contentType: 'text/csv', body: bytes(csv) });
    await upload(csvOf(daysOf('2026-04'), { offered: 10, handled: 9, awt: 9, abandoned: 1, wait: 50, talk: 1800 }));
    expect(await monthRow(u, '2026-04', 'service_level')).toMatchObject({ numerator: 1080, denominator: 1200, status: 'met', isFrozen: false });

    const finance = world.seeded.ctx('bank1', 'finance');
    await expect(closeMonth(finance, { contractId: u.contractId, month: '2026-11', now: NOW })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(closeMonth(world.seeded.ctx('bank1', 'viewer'), { contractId: u.contractId, month: '2026-04', now: NOW })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const close = await closeMonth(finance, { contractId: u.contractId, month: '2026-04', now: NOW });
    expect(close.inputs.uploads).toHaveLength(1);
    expect(close.inputs.uploads[0]).toMatchObject({ unitId: u.unitId, revision: 1 });
    expect(close.inputs.contractVersionIds).toHaveLength(1);

    // A late revision of 10 April: half the calls now outside T. Stored, but the closed month ignores it.
    const revision = await upload(csvOf(['2026-04-10'], { offered: 100, handled: 50, awt: 0, abandoned: 50, wait: 5000, talk: 1800 }));
    expect(revision.upload).toMatchObject({ status: 'accepted', revision: 2 });
    expect(await monthRow(u, '2026-04', 'service_level')).toMatchObject({ numerator: 1080, denominator: 1200, status: 'met', isFrozen: true });
    expect((await evaluateContractMonth(finance, { contractId: u.contractId, month: '2026-04', now: NOW })).status).toBe('frozen');

    await expect(reopenMonth(finance, { contractId: u.contractId, month: '2026-04', reason: '  ' })).rejects.toMatchObject({ code: 'UNPROCESSABLE' });
    await reopenMonth(finance, { contractId: u.contractId, month: '2026-04', reason: 'Vendor corrected 10 April after the close', now: NOW });
    // 29 days × 36 + 0 = 1044 in T of 29 × 40 + 400 = 1560.
    expect(await monthRow(u, '2026-04', 'service_level')).toMatchObject({ numerator: 1044, denominator: 1560, status: 'missed', isFrozen: false });
    const audit = await unsafeWithoutTenant(world.db, (tx) => tx.select().from(auditEvents).where(and(eq(auditEvents.objectId, u.contractId), eq(auditEvents.action, 'month.reopen'))));
    expect(audit[0]?.details).toMatchObject({ month: '2026-04', reason: 'Vendor corrected 10 April after the close' });
    // Closed again, and the new close is the one in force.
    await closeMonth(finance, { contractId: u.contractId, month: '2026-04', now: NOW });
  });
});

describe(`alerts and webhooks (${engine})`, () => {
  it('raises at-risk during the month and a breach after it, once; the webhook is signed, retried after a 500, then delivered', async () => {
    const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.statusCode = received.length === 1 ? 500 : 204;
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    // The receiver is on loopback, which webhooks refuse by default (webhook-target.server.ts).
    vi.stubEnv('OUTPOST_WEBHOOKS_ALLOW_PRIVATE', '1');
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
      const secret = 'whsec_test_0123456789abcdef';
      await createWebhookEndpoint(world.seeded.ctx('bank2', 'owner'), { url, secret, events: ['sla.at_risk', 'sla.breach'] });
      const u = await makeContractUnit(world, { client: 'bank2', terms: { slas: [{ ...SL, isCritical: true, allocationPct: 100 }] } });
      await putFacts(world.db, u, monthOf('2026-04', { offered: 10, handled: 10, answered_within_threshold: 5 }));
      const pm = world.seeded.ctx('bank2', 'program_manager');
      // Mid-April: 50 % so far; at that pace the rest must reach 110 %: impossible, hence at risk.
      const midMonth = new Date('2026-04-16T00:00:00Z');
      await evaluateContractMonth(pm, { contractId: u.contractId, month: '2026-04', now: midMonth });
      await evaluateContractMonth(pm, { contractId: u.contractId, month: '2026-04', now: NOW });
      await evaluateContractMonth(pm, { contractId: u.contractId, month: '2026-04', now: NOW });
      const notes = await unsafeWithoutTenant(world.db, (tx) => tx.select().from(notifications).where(eq(notifications.link, `/app/contracts/${u.contractId}`)));
      expect(notes.map((n) => `${n.kind}:${n.orgId === u.clientOrgId ? 'client' : 'vendor'}`).sort()).toEqual(['sla_at_risk:client', 'sla_at_risk:vendor', 'sla_breach:client', 'sla_breach:vendor']);

      const first = await deliverWebhooks(world.db, NOW);
      expect(first).toEqual({ delivered: 1, failed: 1, gaveUp: 0 });
      expect(received).toHaveLength(2);
      for (const hit of received) {
        const [t, v1] = String(hit.headers['outpost-signature']).split(',').map((p) => p.split('=')[1]);
        expect(v1).toBe(createHmac('sha256', secret).update(`${t}.${hit.body}`).digest('hex'));
      }
      expect(await deliverWebhooks(world.db, new Date(NOW.getTime() + 30_000))).toEqual({ delivered: 0, failed: 0, gaveUp: 0 });
      expect(await deliverWebhooks(world.db, new Date(NOW.getTime() + 61_000))).toEqual({ delivered: 1, failed: 0, gaveUp: 0 });
      expect(received).toHaveLength(3);
      expect(received[2]!.body).toBe(received[0]!.body);
      const log = await listWebhookDeliveries(world.seeded.ctx('bank2', 'owner'));
      expect(log.map((d) => [d.event, d.status, d.attempts]).sort()).toEqual([['sla.at_risk', 'delivered', 2], ['sla.breach', 'delivered', 1]].sort());
      const failedFirst = await unsafeWithoutTenant(world.db, (tx) => tx.select().from(webhookDeliveries).where(eq(webhookDeliveries.attempts, 2)));
      expect(failedFirst[0]).toMatchObject({ responseCode: 204, status: 'delivered' });
      expect(await listWebhookDeliveries(world.seeded.ctx('bank1', 'owner'))).toEqual([]);
    } finally {
      vi.unstubAllEnvs();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
