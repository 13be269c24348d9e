/** Feed rows in every feed table for a client world (used by the tenant-isolation test). */
import type { Database } from '../../../db/client';
import { checkLateFeeds } from '../../../app/services/feeds/late-feeds.server';
import { setUnitFeedSettings } from '../../../app/services/feeds/settings.server';
import type { SeededTenants, TenantName } from '../../support/tenants';
import type { ClientWorld } from '../programs/seed';
import { dayOfIntervals, upload } from './support';

export const CONTACTS_HEADER = 'contact_id,queue,channel,queued_at,answered_at,abandoned_at,talk_s,hold_s,wrap_s,transferred,fcr_resolved,csat_score,nps_score';

/** Two contacts in the 08:00 interval of 2026-03-02 (Taipei) on `queue`: one answered in 10 s, one abandoned after 30 s. */
export const twoContacts = (queue: string) =>
  [
    CONTACTS_HEADER,
    `c1,${queue},voice,2026-03-02T08:01:00+08:00,2026-03-02T08:01:10+08:00,,100,5,20,false,true,5,10`,
    `c2,${queue},voice,2026-03-02T08:02:00+08:00,,2026-03-02T08:02:30+08:00,0,0,0,false,,,`,
  ].join('\n') + '\n';

export async function seedFeeds(db: Database, seeded: SeededTenants, client: TenantName, world: ClientWorld): Promise<void> {
  const pm = seeded.ctx(client, 'program_manager');
  const units: Array<{ unitId: string; ctx: ReturnType<SeededTenants['ctx']>; queue: string }> = [{ unitId: world.inHouseUnitId, ctx: pm, queue: 'Standard' }];
  for (const [vendor, unitId] of Object.entries(world.vendorUnitIds) as Array<[TenantName, string]>) {
    units.push({ unitId, ctx: seeded.ctx(vendor, 'vendor_reporter'), queue: 'VIP line' });
  }
  for (const { unitId, ctx, queue } of units) {
    await setUnitFeedSettings(pm, unitId, { cadence: 'daily', deadlineTime: '10:00', deadlineDays: 1, authoritativeSource: 'intervals' });
    await upload(ctx, unitId, dayOfIntervals('2026-03-02', { queue }));
    await upload(ctx, unitId, twoContacts(queue), { fileName: 'contacts.csv' });
    await upload(ctx, unitId, 'nonsense,header\n1,2\n', { fileName: 'bad.csv' });
  }
  await checkLateFeeds(db, new Date('2026-03-10T12:00:00Z'));
}
