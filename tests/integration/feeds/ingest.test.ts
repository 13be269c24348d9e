import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { staleTables } from '../../../db/analyze';
import { queryRows, type Database } from '../../../db/client';
import { outboxEmails } from '../../../db/schema/index';
import { unsafeWithoutTenant } from '../../../db/tenant';
import { checkLateFeeds, listNotifications } from '../../../app/services/feeds/late-feeds.server';
import { setUnitFeedSettings } from '../../../app/services/feeds/settings.server';
import { getUpload, issuesCsv, listUploads } from '../../../app/services/feeds/uploads.server';
import { twoContacts } from './seed';
import { createFeedWorld, dayOfIntervals, factsChecksum, INTERVAL_HEADER, sumCurrent, sumRollups, upload, type FeedWorld } from './support';

let world: FeedWorld;
beforeAll(async () => {
  world = await createFeedWorld();
});
afterAll(() => world?.close());

const engine = process.env.DATABASE_URL ? 'postgres' : 'pglite';

/** The planner's row count of a table (pg_class.reltuples): -1 until it is first analyzed. */
const plannerRows = async (db: Database, table: string) =>
  Number((await queryRows<{ n: number }>(db, sql`select reltuples::float8 as n from pg_class where relname = ${table} and relnamespace = 'public'::regnamespace`))[0]!.n);

describe(`ingestUpload (${engine})`, () => {
  it('accepts a canonical interval file: facts and rollups equal the file sums', async () => {
    const reporter = world.seeded.ctx('vendor1', 'vendor_reporter');
    const unitId = world.bank1.vendorUnitIds.vendor1!;
    const file = dayOfIntervals('2026-03-02');
    const result = await upload(reporter, unitId, file);
    expect(result.issues).toEqual([]);
    expect(result.upload).toMatchObject({ status: 'accepted', rowsAccepted: 16, revision: 1, isThresholdMismatch: false });
    const offered = file.trim().split('\r\n').slice(1).reduce((s, l) => s + Number(l.split(',')[5]), 0);
    expect(await sumCurrent(world.handle.db, unitId, 'offered')).toBe(offered);
    expect(await sumRollups(world.handle.db, unitId, 'offered')).toBe(offered);
    expect(await sumRollups(world.handle.db, unitId, 'talk_s')).toBe(await sumCurrent(world.handle.db, unitId, 'talk_s'));
    // The first rows of a never-analyzed table: the upload analyzes its tables before anything reads them.
    expect(await staleTables(world.handle.db, ['interval_facts', 'interval_daily_rollups'])).toEqual([]);
    expect(await plannerRows(world.handle.db, 'interval_facts')).toBe(16);
  });

  it('recognises the same file sent twice', async () => {
    const reporter = world.seeded.ctx('vendor1', 'vendor_reporter');
    const unitId = world.bank1.vendorUnitIds.vendor1!;
    const before = await factsChecksum(world.handle.db);
    const again = await upload(reporter, unitId, dayOfIntervals('2026-03-02'));
    expect(again.isDuplicate).toBe(true);
    expect(await factsChecksum(world.handle.db)).toBe(before);
  });
});

describe(`revisions, thresholds, contacts, late feeds (${engine})`, () => {
  it('a corrected day supersedes: totals equal the new file, history kept', async () => {
    const reporter = world.seeded.ctx('vendor2', 'vendor_reporter');
    const unitId = world.bank1.vendorUnitIds.vendor2!;
    const first = await upload(reporter, unitId, dayOfIntervals('2026-03-05', { offered: 10 }));
    const corrected = dayOfIntervals('2026-03-05', { offered: 20, fromHour: 8, toHour: 11 });
    const second = await upload(reporter, unitId, corrected);
    expect(second.upload).toMatchObject({ status: 'accepted', revision: 2, supersededUploadIds: [first.upload.id], supersededRows: 16 });
    const offered = corrected.trim().split('\r\n').slice(1).reduce((s, l) => s + Number(l.split(',')[5]), 0);
    expect(await sumCurrent(world.handle.db, unitId, 'offered')).toBe(offered);
    expect(await sumRollups(world.handle.db, unitId, 'offered')).toBe(offered);
    expect(second.upload.totalsAfter?.offered).toBe(offered);
    expect(second.upload.totalsBefore?.offered).toBe(first.upload.totalsAfter?.offered);
    const detail = await getUpload(reporter, second.upload.id);
    expect(detail.history.map((h) => h.id)).toEqual([first.upload.id, second.upload.id]);
    expect(detail.history[0]!.supersededByUploadId).toBe(second.upload.id);
  });

  it('a threshold different from the SLA T is accepted but flagged', async () => {
    const result = await upload(world.seeded.ctx('vendor1', 'vendor_reporter'), world.bank2.vendorUnitIds.vendor1!, dayOfIntervals('2026-03-02', { threshold: 30 }));
    expect(result.upload).toMatchObject({ status: 'accepted', isThresholdMismatch: true, thresholdS: 30, expectedThresholdS: 20 });
  });

  it('a contacts upload stores the records and rebuilds the intervals exactly', async () => {
    const pm = world.seeded.ctx('bank2', 'program_manager');
    const unitId = world.bank2.inHouseUnitId;
    await setUnitFeedSettings(pm, unitId, { cadence: 'daily', deadlineTime: '10:00', deadlineDays: 1, authoritativeSource: 'contacts' });
    const result = await upload(pm, unitId, twoContacts('Standard'), { fileName: 'contacts.csv' });
    expect(result.upload).toMatchObject({ status: 'accepted', kind: 'contacts', rowsAccepted: 2 });
    // Hand-computed: offered 2, handled 1 (wait 10 s, within T=20), abandoned 1 after 30 s (not short, not within T).
    expect(await sumCurrent(world.handle.db, unitId, 'offered')).toBe(2);
    expect(await sumCurrent(world.handle.db, unitId, 'handled')).toBe(1);
    expect(await sumCurrent(world.handle.db, unitId, 'answered_within_threshold')).toBe(1);
    expect(await sumCurrent(world.handle.db, unitId, 'abandoned')).toBe(1);
    expect(await sumCurrent(world.handle.db, unitId, 'wait_s')).toBe(10);
    expect(await sumCurrent(world.handle.db, unitId, 'talk_s')).toBe(100);
    expect(await sumRollups(world.handle.db, unitId, 'offered')).toBe(2);
    // The vendor-style interval figures for the same period: compared, the contacts stay authoritative.
    const intervals = await upload(pm, unitId, dayOfIntervals('2026-03-02', { queue: 'Standard', fromHour: 8, toHour: 9 }));
    expect(intervals.upload.crossCheck).toMatchObject({ isCompared: true });
    expect(Number(intervals.upload.crossCheck?.differenceCount)).toBeGreaterThan(0);
    expect(await sumRollups(world.handle.db, unitId, 'offered')).toBe(2);
  });

  it('a late feed raises one notification per org and one outbox mail, once', async () => {
    const pm = world.seeded.ctx('bank2', 'program_manager');
    const unitId = world.bank2.vendorUnitIds.vendor1!;
    await setUnitFeedSettings(pm, unitId, { cadence: 'daily', deadlineTime: '10:00', deadlineDays: 1, authoritativeSource: 'intervals' });
    const now = new Date('2026-04-02T03:00:00Z'); // 11:00 in Taipei: 1 April's feed is late
    const alerts = await checkLateFeeds(world.handle.db, now);
    const mine = alerts.filter((a) => a.unitId === unitId);
    expect(mine).toEqual([{ unitId, period: { firstDay: '2026-04-01', lastDay: '2026-04-01' }, notifiedOrgIds: [world.seeded.orgs.bank2.id, world.seeded.orgs.vendor1.id] }]);
    expect((await checkLateFeeds(world.handle.db, now)).filter((a) => a.unitId === unitId)).toEqual([]);
    const vendorNotes = (await listNotifications(world.seeded.ctx('vendor1', 'vendor_reporter'))).filter((n) => n.unitId === unitId);
    expect(vendorNotes).toHaveLength(1);
    const mails = await unsafeWithoutTenant(world.handle.db, (tx) => tx.select().from(outboxEmails).where(eq(outboxEmails.orgId, world.seeded.orgs.vendor1.id)));
    expect(mails.filter((m) => m.subject.includes('2026-04-01'))).toHaveLength(1);
  });

  it('a vendor lists only its own uploads; the error report is CSV with a BOM and neutralised formulas', async () => {
    const vendor2 = await listUploads(world.seeded.ctx('vendor2', 'vendor_reporter'));
    expect(vendor2.length).toBeGreaterThan(0);
    expect(vendor2.every((u) => u.vendorOrgId === world.seeded.orgs.vendor2.id)).toBe(true);
    const rejected = await upload(world.seeded.ctx('vendor1', 'vendor_reporter'), world.bank1.vendorUnitIds.vendor1!, `${INTERVAL_HEADER}\n=1+2,15,VIP line,voice,20,1,1,1,0,1,1\n`);
    expect(rejected.upload.status).toBe('rejected');
    const report = await issuesCsv(world.seeded.ctx('vendor1', 'vendor_reporter'), rejected.upload.id);
    expect(report.csv.startsWith('\uFEFFline,column,value,code')).toBe(true);
    expect(report.csv).toContain("'=1+2");
    await expect(getUpload(world.seeded.ctx('vendor2', 'vendor_reporter'), rejected.upload.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
