import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedUploads } from '../../../db/schema/index';
import { unsafeWithoutTenant } from '../../../db/tenant';
import { latestDuePeriod, type FeedDeadlineRule, type ReportingPeriod } from '../../../app/domain/feeds/deadlines';
import { formatDateTime } from '../../../app/i18n/format';
import { getFeedStatuses } from '../../../app/services/feeds/feed-status.server';
import { checkLateFeeds } from '../../../app/services/feeds/late-feeds.server';
import { setUnitFeedSettings } from '../../../app/services/feeds/settings.server';
import { addQueue, addUnit } from '../../../app/services/units.server';
import { createTestApp, sessionCookieFor, type TestApp } from '../../support/http';
import { createFeedWorld, dayOfIntervals, upload, type FeedWorld } from '../feeds/support';
import { pageText, useTempUploadsDir } from './support';

/**
 * The feed status of each unit on the program and unit pages, against the real clock: the latest daily
 * period due (10:00 Taipei the next day) arrived on time, late, or not at all; a unit without a saved
 * schedule has nothing due. Uploads that arrived before the deadline are back-dated to the time they
 * would have been sent.
 */
const TZ = 'Asia/Taipei';
const DAILY: FeedDeadlineRule = { cadence: 'daily', deadlineTime: '10:00', deadlineDays: 1 };
const HOUR = 3_600_000;

let world: FeedWorld;
let app: TestApp;
let period: ReportingPeriod;
const cookies = { pm: '', vendor1: '' };
const units = { onTime: '', late: '', missing: '', unscheduled: '' };
const uploadedAt: Record<string, Date> = {};

const dayBefore = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

async function backdate(uploadId: string, to: Date) {
  await unsafeWithoutTenant(world.handle.db, (tx) => tx.update(feedUploads).set({ uploadedAt: to }).where(eq(feedUploads.id, uploadId)));
}

beforeAll(async () => {
  useTempUploadsDir();
  // Not across a deadline while the test runs: the period due would change under it.
  while (latestDuePeriod(new Date(Date.now() + 90_000), DAILY, TZ).firstDay !== latestDuePeriod(new Date(), DAILY, TZ).firstDay) await new Promise((r) => setTimeout(r, 5_000));
  world = await createFeedWorld();
  app = await createTestApp(world.handle);
  const { seeded, handle, bank1 } = world;
  cookies.pm = await sessionCookieFor(handle.db, seeded.userOf('bank1', 'program_manager').id);
  cookies.vendor1 = await sessionCookieFor(handle.db, seeded.userOf('vendor1', 'vendor_reporter').id);
  const pm = seeded.ctx('bank1', 'program_manager');
  units.onTime = bank1.vendorUnitIds.vendor1!;
  units.late = bank1.vendorUnitIds.vendor2!;
  units.missing = bank1.inHouseUnitId;
  const extra = await addUnit(pm, bank1.programId, { kind: 'in_house', name: 'Kaohsiung pilot' });
  await addQueue(pm, extra.id, { name: 'Pilot', channel: 'voice' });
  units.unscheduled = extra.id;
  for (const unitId of [units.onTime, units.late, units.missing]) await setUnitFeedSettings(pm, unitId, { ...DAILY, authoritativeSource: 'intervals' });

  period = latestDuePeriod(new Date(), DAILY, TZ);
  const day = period.firstDay;
  // vendor1 sent the day an hour before the deadline.
  const onTime = await upload(seeded.ctx('vendor1', 'vendor_reporter'), units.onTime, dayOfIntervals(day));
  uploadedAt.onTime = new Date(period.deadline.getTime() - HOUR);
  await backdate(onTime.upload.id, uploadedAt.onTime);
  // vendor2 sends it now, after the deadline.
  const late = await upload(seeded.ctx('vendor2', 'vendor_reporter'), units.late, dayOfIntervals(day));
  uploadedAt.late = late.upload.uploadedAt;
  // The in-house team sent the day before on time, then a file for the day that was rejected.
  const previous = await upload(pm, units.missing, dayOfIntervals(dayBefore(day), { queue: 'Standard' }));
  await backdate(previous.upload.id, new Date(period.deadline.getTime() - 25 * HOUR));
  const rejected = await upload(pm, units.missing, dayOfIntervals(day, { queue: 'Standard' }).replace('voice,20,', 'voice,20,-'));
  expect([onTime, late, previous, rejected].map((r) => r.upload.status)).toEqual(['accepted', 'accepted', 'accepted', 'rejected']);
});
afterAll(() => world?.close());

/** The rows of the feed status table: the cells' text and the due state. */
async function statusRows(pathname: string, cookie: string) {
  const response = await app.request(pathname, { cookie });
  expect(response.status).toBe(200);
  const html = await response.text();
  const section = /<section[^>]*data-testid="feed-status"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
  const rows = [...section.matchAll(/<tr data-testid="feed-status-row">([\s\S]*?)<\/tr>/g)].map((m) => m[1]!);
  return Promise.all(
    rows.map(async (row) => ({
      cells: await Promise.all([...row.matchAll(/<td>([\s\S]*?)<\/td>/g)].map((cell) => pageText(new Response(cell[1])).then((t) => t.trim()))),
      state: /data-state="([a-z_]+)"/.exec(row)?.[1] ?? null,
    })),
  );
}

const when = (value: Date | string) => formatDateTime('en', value, TZ);
const span = (day: string, fromHour: number, toHour: number) =>
  `${when(`${day}T${String(fromHour).padStart(2, '0')}:00:00+08:00`)} to ${when(`${day}T${String(toHour).padStart(2, '0')}:00:00+08:00`)}`;

describe(`feed status on the program and unit pages (${process.env.DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  it('the program page shows each unit: on time, late with when it arrived, missing after a rejected file, and no schedule', async () => {
    const day = period.firstDay;
    const rows = await statusRows(`/app/programs/${world.bank1.programId}`, cookies.pm);
    expect(rows.map((r) => [r.cells[0], r.state])).toEqual([
      ['Kaohsiung pilot', null],
      ['Taipei in-house', 'missing'],
      ['vendor1 site', 'on_time'],
      ['vendor2 site', 'late'],
    ]);
    const [unscheduled, missing, onTime, late] = rows;
    expect(unscheduled!.cells.slice(1)).toEqual(['No upload yet', '—', 'No schedule set']);
    expect(missing!.cells[1]).toMatch(/ Rejected$/);
    expect(missing!.cells[2]).toBe('—');
    expect(missing!.cells[3]).toBe(`Missing: ${day} to ${day}, due ${when(period.deadline)}`);
    expect(onTime!.cells).toEqual(['vendor1 site', `${when(uploadedAt.onTime!)} Accepted`, span(day, 8, 12), `On time: ${day} to ${day}`]);
    expect(late!.cells).toEqual(['vendor2 site', `${when(uploadedAt.late!)} Accepted`, span(day, 8, 12), `Late: ${day} to ${day}, received ${when(uploadedAt.late!)} (due ${when(period.deadline)})`]);
  });

  it("a unit's page shows its own status; a vendor sees only its unit on the program page", async () => {
    const onTime = await statusRows(`/app/units/${units.onTime}`, cookies.pm);
    expect(onTime).toHaveLength(1);
    expect(onTime[0]!.state).toBe('on_time');
    expect((await statusRows(`/app/units/${units.late}`, cookies.pm))[0]!.state).toBe('late');
    expect((await statusRows(`/app/units/${units.missing}`, cookies.pm))[0]!.state).toBe('missing');
    const vendorView = await statusRows(`/app/programs/${world.bank1.programId}`, cookies.vendor1);
    expect(vendorView.map((r) => [r.cells[0], r.state])).toEqual([['vendor1 site', 'on_time']]);
  });

  it('the service and the late-feed job read the same due state: only the missing unit is chased', async () => {
    const statuses = await getFeedStatuses(world.seeded.ctx('bank1', 'program_manager'), { programId: world.bank1.programId });
    expect(Object.fromEntries(statuses.map((s) => [s.unitName, s.due && { first: s.due.firstDay, state: s.due.state, isMissing: s.due.isMissing }]))).toEqual({
      'Kaohsiung pilot': null,
      'Taipei in-house': { first: period.firstDay, state: 'missing', isMissing: true },
      'vendor1 site': { first: period.firstDay, state: 'on_time', isMissing: false },
      'vendor2 site': { first: period.firstDay, state: 'late', isMissing: false },
    });
    expect(statuses.find((s) => s.unitId === units.late)!.due!.receivedAt).toEqual(uploadedAt.late);
    const alerts = await checkLateFeeds(world.handle.db);
    const ours = alerts.filter((a) => Object.values(units).includes(a.unitId));
    expect(ours).toEqual([{ unitId: units.missing, period: { firstDay: period.firstDay, lastDay: period.lastDay }, notifiedOrgIds: [world.seeded.orgs.bank1.id] }]);
  });
});
