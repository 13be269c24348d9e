/**
 * Last month's data for the channel mix and the portfolio evidence, which read the last three complete
 * months before today: the feeds seed's shape (2nd of the month, 08:00–12:00 in quarter-hours, offered
 * 10 + hour, handled two fewer, AHT 180 s) on the in-house unit and vendor1's unit, with IVR and CSAT
 * components; an in-house cost row for the month; vendor1's SLA month evaluated (its invoice basis).
 */
import { inHouseCosts } from '../../../db/schema/index';
import { withTenant } from '../../../db/tenant';
import { addMonths } from '../../../app/domain/costs/counterfactual';
import { evaluateContractMonth } from '../../../app/services/sla/evaluate.server';
import { todayIn } from '../../../app/services/programs-common.server';
import { setUnitFeedSettings } from '../../../app/services/feeds/settings.server';
import { upload, type FeedWorld } from '../feeds/support';

const HEADER = 'interval_start,interval_minutes,queue,channel,threshold_s,offered,handled,answered_within_threshold,abandoned,wait_s,talk_s,ivr_entered,ivr_contained,csat_responses,csat_satisfied';

/** 16 rows per unit: handled 280, answered within 20 s 248 of offered 312 (no short abandons), IVR contained 320, CSAT 144 of 160. */
function lastMonthIntervals(day: string, queue: string): string {
  const lines = [HEADER];
  for (let h = 8; h < 12; h++) {
    for (const m of [0, 15, 30, 45]) {
      const o = 10 + h;
      lines.push(`${day}T${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:00+08:00,15,${queue},voice,20,${o},${o - 2},${o - 4},2,${(o - 2) * 12},${(o - 2) * 180},30,20,10,9`);
    }
  }
  return lines.join('\n') + '\n';
}

export const lastMonth = (now = new Date()) => addMonths(todayIn('Asia/Taipei', now).slice(0, 7), -1);

/** In-house 505,000.00 TWD (10 FTE × 50,000.00 + technology 3,000.00 + telecom 2,000.00); vendor1 280 × 45.00 = 12,600.00. */
export async function seedLastMonth(world: FeedWorld): Promise<string> {
  const month = lastMonth();
  const { seeded, bank1 } = world;
  const pm = seeded.ctx('bank1', 'program_manager');
  const units = [
    { unitId: bank1.inHouseUnitId, ctx: pm, queue: 'Standard' },
    { unitId: bank1.vendorUnitIds.vendor1!, ctx: seeded.ctx('vendor1', 'vendor_reporter'), queue: 'VIP line' },
  ];
  for (const { unitId, ctx, queue } of units) {
    await setUnitFeedSettings(pm, unitId, { cadence: 'daily', deadlineTime: '10:00', deadlineDays: 1, authoritativeSource: 'intervals' });
    const result = await upload(ctx, unitId, lastMonthIntervals(`${month}-02`, queue));
    if (result.upload.status !== 'accepted') throw new Error(`Upload not accepted: ${JSON.stringify(result)}`);
  }
  const clientOrgId = seeded.orgs.bank1.id;
  await withTenant(world.handle.db, { orgId: clientOrgId }, (tx) =>
    tx.insert(inHouseCosts).values({
      clientOrgId,
      unitId: bank1.inHouseUnitId,
      month,
      currency: 'TWD',
      agentFte: '10',
      productiveHours: '1176',
      loadedCostPerFteMinor: 5_000_000n,
      technologyMinor: 300_000n,
      telecomMinor: 200_000n,
      updatedByLabel: 'test',
    }),
  );
  await evaluateContractMonth(seeded.ctx('bank1', 'finance'), { contractId: bank1.contractIds.vendor1!, month });
  return month;
}
