/**
 * Contact uploads are streamed (issue 4): contacts go to staging by COPY, the duplicate-contact rule and the
 * rebuild of interval components run set-based. These tests hold the set-based rebuild to the TS reference
 * (rebuildIntervals) on a generated file across a DST repeated hour, and the duplicate rule to the words and
 * lines the per-row rule gave, including ids on rows that are refused for another reason.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../../db/client';
import { unsafeWithoutTenant } from '../../../db/tenant';
import type { ContactRow } from '../../../app/domain/feeds/canonical';
import { rebuildIntervals } from '../../../app/domain/feeds/contacts';
import { COMPONENT_NAMES } from '../../../app/domain/kpi/components';
import type { ServiceCtx } from '../../../app/services/context';
import { createProgram } from '../../../app/services/programs.server';
import { addQueue, addUnit } from '../../../app/services/units.server';
import { CONTACTS_HEADER } from './seed';
import { createFeedWorld, factsChecksum, upload, type FeedWorld } from './support';

const engine = process.env.DATABASE_URL ? 'postgres' : 'pglite';
const ZONE = 'America/New_York';
/** 2025-11-02: New York's clocks go back from 02:00 EDT to 01:00 EST at 06:00 UTC. */
const FALL_BACK_MS = Date.parse('2025-11-02T06:00:00Z');
const QUEUES = [
  { name: 'Cards', channel: 'voice' },
  { name: 'Loans', channel: 'voice' },
  { name: 'Web chat', channel: 'chat' },
] as const;

/** An instant as New York's wall clock with its offset, to the second. */
function newYork(ms: number): string {
  const offsetH = ms < FALL_BACK_MS ? -4 : -5;
  return `${new Date(ms + offsetH * 3600_000).toISOString().slice(0, 19)}-0${-offsetH}:00`;
}

/** Seeded contacts from 20:00 EDT to 05:00 EST, through the repeated hour; seconds with 0-6 decimals. */
function generate(count: number): { csv: string; contacts: ContactRow[] } {
  let seed = 11;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const start = Date.parse('2025-11-02T00:00:00Z');
  const lines = [CONTACTS_HEADER];
  const contacts: ContactRow[] = [];
  for (let i = 0; i < count; i++) {
    const queue = QUEUES[Math.floor(random() * QUEUES.length)]!;
    const queuedAt = new Date(start + Math.floor(random() * 10 * 3600) * 1000);
    const outcome = random();
    const answeredAt = outcome < 0.8 ? new Date(queuedAt.getTime() + Math.floor(random() * 40) * 1000) : null;
    const abandonedAt = outcome >= 0.8 && outcome < 0.95 ? new Date(queuedAt.getTime() + Math.floor(random() * 40) * 1000) : null;
    // Up to 6 decimals: finer than a millisecond, the sums round at each step as addContact rounds them.
    const decimals = Math.floor(random() * 7);
    const seconds = (max: number) => Number((random() * max).toFixed(decimals));
    const talkS = seconds(600);
    const holdS = random() < 0.3 ? seconds(60) : 0;
    const wrapS = seconds(90);
    const transferred = random() < 0.1;
    const fcrResolved = random() < 0.5 ? random() < 0.7 : null;
    const csatScore = random() < 0.3 ? ((1 + Math.floor(random() * 5)) as ContactRow['csatScore']) : null;
    const npsScore = random() < 0.3 ? (Math.floor(random() * 11) as ContactRow['npsScore']) : null;
    const line = i + 2;
    contacts.push({ contactId: `k${i}`, queue: queue.name, channel: queue.channel, queuedAt, answeredAt, abandonedAt, talkS, holdS, wrapS, transferred, fcrResolved, csatScore, npsScore, line });
    const time = (at: Date | null) => (at ? newYork(at.getTime()) : '');
    lines.push(
      [`k${i}`, queue.name, queue.channel, time(queuedAt), time(answeredAt), time(abandonedAt), talkS, holdS, wrapS, transferred, fcrResolved ?? '', csatScore ?? '', npsScore ?? ''].join(','),
    );
  }
  return { csv: `${lines.join('\n')}\n`, contacts };
}

let world: FeedWorld;
let pm: ServiceCtx;
let unitId: string;
let queueNames: Map<string, string>;

beforeAll(async () => {
  world = await createFeedWorld();
  pm = world.seeded.ctx('bank1', 'program_manager');
  const program = await createProgram(pm, { name: 'US contacts', lineOfBusiness: 'Cards', channels: ['voice', 'chat'], timeZone: ZONE, currency: 'USD', status: 'live' });
  const unit = await addUnit(pm, program.id, { kind: 'in_house', name: 'New York contacts', volumeSharePct: 100 });
  queueNames = new Map();
  for (const queue of QUEUES) queueNames.set((await addQueue(pm, unit.id, queue)).id, queue.name);
  unitId = unit.id;
});
afterAll(() => world?.close());

describe(`streamed contact uploads (${engine})`, () => {
  it('rebuilds exactly the intervals rebuildIntervals gives, through a DST repeated hour', async () => {
    const { csv, contacts } = generate(3000);
    const result = await upload(pm, unitId, csv, { fileName: 'contacts.csv', kind: 'contacts' });
    expect(result.upload, JSON.stringify(result.issues.slice(0, 3))).toMatchObject({ status: 'accepted', kind: 'contacts', rowsAccepted: 3000 });

    const expected = await rebuildIntervals(contacts, { intervalMinutes: 15, thresholdS: 20, shortAbandonS: 5, timeZone: ZONE });
    const stored = await unsafeWithoutTenant(world.handle.db, (tx) =>
      queryRows<Record<string, unknown>>(
        tx,
        sql`select queue_id::text as queue_id, channel, interval_start, interval_minutes, threshold_s, line, ${sql.raw(COMPONENT_NAMES.map((n) => `"${n}"::text`).join(', '))}
            from interval_facts where upload_id = ${result.upload.id}`,
      ),
    );
    const actual = stored
      .map((row) => ({
        intervalStart: new Date(row.interval_start as string),
        intervalMinutes: Number(row.interval_minutes),
        queue: queueNames.get(String(row.queue_id)),
        channel: row.channel,
        thresholdS: Number(row.threshold_s),
        components: Object.fromEntries(COMPONENT_NAMES.filter((n) => row[n] !== null).map((n) => [n, Number(row[n])])),
        line: Number(row.line),
      }))
      .sort((a, b) => a.intervalStart.getTime() - b.intervalStart.getTime() || a.queue!.localeCompare(b.queue!) || String(a.channel).localeCompare(String(b.channel)));
    // Both passes of the repeated 01:00 hour are there, an hour apart.
    expect(actual.filter((r) => newYork(r.intervalStart.getTime()).slice(11, 16) === '01:15').length).toBeGreaterThan(QUEUES.length);
    expect(actual).toEqual(expected);

    const totals: Record<string, number> = {};
    for (const row of expected) for (const [name, value] of Object.entries(row.components)) totals[name] = Math.round(((totals[name] ?? 0) + value!) * 1000) / 1000;
    expect(result.upload.totalsAfter).toEqual(totals);
    expect(result.upload.period.start).toEqual(expected[0]!.intervalStart);
  });

  it('reports a repeated contact id as the per-row rule did, even where the first row is refused', async () => {
    const before = await factsChecksum(world.handle.db);
    const row = (id: string, queue: string, transferred = 'false') =>
      `${id},${queue},voice,2026-03-02T08:00:00-05:00,2026-03-02T08:00:10-05:00,,100,0,10,${transferred},,,`;
    const csv = [CONTACTS_HEADER, row('a1', 'Nowhere'), row('a1', 'Cards'), row('b2', 'Cards', 'maybe'), row('b2', 'Cards'), row('c3', 'Cards'), row('c3', 'Loans'), row('c3', 'Cards')].join('\n');
    const result = await upload(pm, unitId, `${csv}\n`, { fileName: 'dupes.csv', kind: 'contacts' });
    expect(result.upload.status).toBe('rejected');
    expect(result.issues.map((i) => [i.line, i.column, i.value, i.code, i.message])).toEqual([
      [2, 'queue', 'Nowhere', 'queue_unknown', expect.stringContaining('no queue "Nowhere"')],
      [3, 'contact_id', 'a1', 'duplicate_contact', 'Lines 2 and 3 both carry contact "a1".'],
      [4, 'transferred', 'maybe', 'boolean_invalid', expect.any(String)],
      [5, 'contact_id', 'b2', 'duplicate_contact', 'Lines 4 and 5 both carry contact "b2".'],
      [7, 'contact_id', 'c3', 'duplicate_contact', 'Lines 6 and 7 both carry contact "c3".'],
      [8, 'contact_id', 'c3', 'duplicate_contact', 'Lines 6 and 8 both carry contact "c3".'],
    ]);
    expect(await factsChecksum(world.handle.db)).toBe(before);
  });

  it('rejects a file whose only problem is a repeated id, at the merge, leaving the data unchanged', async () => {
    const before = await factsChecksum(world.handle.db);
    const row = (id: string, minute: string) => `${id},Cards,voice,2026-03-03T08:${minute}:00-05:00,2026-03-03T08:${minute}:10-05:00,,100,0,10,false,,,`;
    const result = await upload(pm, unitId, `${[CONTACTS_HEADER, row('z1', '00'), row('z2', '01'), row('z1', '20')].join('\n')}\n`, { fileName: 'dupe.csv', kind: 'contacts' });
    expect(result.upload.status).toBe('rejected');
    expect(result.issues.map((i) => [i.line, i.code, i.message])).toEqual([[4, 'duplicate_contact', 'Lines 2 and 4 both carry contact "z1".']]);
    expect(await factsChecksum(world.handle.db)).toBe(before);
  });
});
