/**
 * Demo interval data (issue 5, "Demo data"): for every unit and queue of the demo bank, generated 15-minute
 * components over `months` calendar months, written as one accepted synthetic upload per unit (labelled
 * "demo generator", so a unit's feed history says where its figures came from), then its facts and daily
 * rollups in the same transaction: COPY on a PostgreSQL server, INSERT … SELECT FROM unnest() of integer arrays
 * as the bank's tenant role on PGlite (see seedDemoIntervals). 24 months are about 200,000 facts.
 *
 * The story the data tell (the SLA, credit and dispute seeding builds on these exported constants):
 * - offered = intraday profile (a real bank's, below) × weekday factor × month seasonality × growth × the
 *   queue's share, only in the program's hours of operation and never on its holidays;
 * - agents are planned per interval with Erlang C for a staffing target a little above the SLA, so the
 *   service level usually meets the target; in DEMO_BAD_WEEKS a unit loses 15 % of its agents (the VIP desk
 *   30 %: sickness wave, attrition), the week's service level falls to about 45-55 %, abandonment, ASA and
 *   occupancy rise, adherence, FCR, CSAT, NPS and QA dip;
 * - DEMO_OUTAGE: the client's IVR fails one afternoon at Vendor A's hotline site, nearly every caller lands
 *   in the queue, offered rises about 1.7× on unchanged staffing and the service level collapses (≈ 20 %):
 *   the span the vendor will dispute.
 * Everything is drawn from a seeded PRNG per queue, so the same options give the same figures.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { queryRows, type Database, type Tx } from '#db/client';
import { copyInto, type CopyValue } from '#db/copy';
import { deliveryUnits, feedUploads, orgs, programs, queues } from '#db/schema/index';
import { unsafeWithoutTenant, withTenant } from '#db/tenant';
import { COMPONENT_NAMES, type Components } from '#app/domain/kpi/components';
import type { Channel, Holiday, HoursOfOperation, Weekday } from '#app/domain/programs/schemas';
import { erlangB, erlangC } from '#app/domain/staffing/erlang-c';
import { localDateTimeOf, resolveWallTime } from '#app/domain/time/zoned';

// ---------------------------------------------------------------------------------------------------------
// The intraday profile

/**
 * Relative call volume per 15-minute slot of a weekday, 07:00-20:45 local time (mean of the 56 slots = 1).
 * Derived from `weinberg_bank_calls_5min_fpp3.csv`: the five-minute volumes of a large North American bank's
 * call center, weekdays 3 March - 24 October 2003 (164 days), summed to 15-minute slots over all days and
 * divided by the slot mean. Source: Jonathan Weinberg, via the R package fpp3 (`bank_calls`), as
 * vincentarelbundock/Rdatasets csv/fpp3/bank_calls.csv (commit 081002d52f810bf8615878c8027b421683cd0b45),
 * GNU GPL v3; reference Weinberg, Brown & Stroud (2007), JASA 102:480, 1185-1198. Only these 56 ratios are
 * kept here; the file itself is not part of the repository.
 */
export const BANK_INTRADAY_PROFILE_15MIN: readonly number[] = [
  0.438, 0.389, 0.427, 0.498, // 07:00
  0.666, 0.765, 0.888, 1.005, // 08:00
  1.262, 1.388, 1.454, 1.46, // 09:00
  1.463, 1.476, 1.469, 1.46, // 10:00
  1.437, 1.439, 1.402, 1.394, // 11:00
  1.356, 1.354, 1.339, 1.325, // 12:00
  1.305, 1.287, 1.287, 1.279, // 13:00
  1.251, 1.261, 1.257, 1.248, // 14:00
  1.217, 1.214, 1.196, 1.181, // 15:00
  1.127, 1.105, 1.024, 0.981, // 16:00
  0.871, 0.829, 0.765, 0.722, // 17:00
  0.661, 0.643, 0.597, 0.568, // 18:00
  0.523, 0.502, 0.48, 0.456, // 19:00
  0.431, 0.407, 0.398, 0.371, // 20:00
];
const PROFILE_FIRST_MINUTE = 7 * 60;
/**
 * 21:00-21:45 (the demo hotline is open until 22:00, the data stop at 21:00): the data's last five-minute
 * slot (21:00) read as 0.361 of a mean 15-minute slot; the three after it continue the evening decline.
 */
const PROFILE_LATE_EVENING = [0.361, 0.34, 0.32, 0.3];

/**
 * Day totals by weekday relative to the weekday mean, from the same data (Mon-Fri of 164 days). The data
 * have no weekends: Saturday and Sunday are an assumption for a card hotline (about 60 % and 45 % of a
 * weekday's calls at the same time of day).
 */
export const BANK_WEEKDAY_FACTORS: Readonly<Record<Weekday, number>> = { mon: 1.12, tue: 1.004, wed: 0.947, thu: 0.946, fri: 0.983, sat: 0.6, sun: 0.45 };

/** Month seasonality of a card hotline: January bills and Lunar New Year, spring lull, December spending. */
const MONTH_FACTORS = [1.08, 1.04, 1.0, 0.96, 0.97, 0.96, 1.0, 0.99, 0.98, 1.0, 1.02, 1.06];
/** Volume growth per year, compounded monthly from the first generated month. */
const ANNUAL_GROWTH = 0.05;

function profileAt(minuteOfDay: number): number {
  const slot = Math.floor((minuteOfDay - PROFILE_FIRST_MINUTE) / 15);
  if (slot < 0) return BANK_INTRADAY_PROFILE_15MIN[0]! * 0.6;
  if (slot < BANK_INTRADAY_PROFILE_15MIN.length) return BANK_INTRADAY_PROFILE_15MIN[slot]!;
  return PROFILE_LATE_EVENING[slot - BANK_INTRADAY_PROFILE_15MIN.length] ?? 0.28;
}

// ---------------------------------------------------------------------------------------------------------
// The demo units and their story

export const DEMO_TIME_ZONE = 'Asia/Taipei';

/** The demo units (their names in demo-programs.server.ts). */
export const DEMO_UNITS = {
  taipei: 'Taipei in-house centre',
  vendorAHotline: 'Vendor A Kaohsiung site',
  vendorBVip: 'Vendor B Taichung VIP desk',
  vendorADesk: 'Vendor A digital desk',
} as const;
export type DemoUnitKey = keyof typeof DEMO_UNITS;

/**
 * Weeks (Monday to Sunday, local dates) in which a unit runs short of agents. Vendor A's hotline misses its
 * May 2025 month (a credit, earned back by June-August), its March 2026 month (a credit) and May 2026 (inside
 * March's earn-back window, so that credit is forfeited).
 */
export const DEMO_BAD_WEEKS: Readonly<Record<DemoUnitKey, readonly string[]>> = {
  taipei: ['2025-06-09', '2025-11-17', '2026-07-20'],
  vendorAHotline: ['2025-05-12', '2026-03-09', '2026-05-11'],
  vendorBVip: ['2025-09-15', '2026-01-12', '2026-06-15'],
  vendorADesk: ['2025-04-14', '2025-10-20', '2026-04-20'],
};
/** Share of planned agents present in a bad week (the small VIP team loses proportionally more). */
export const DEMO_BAD_WEEK_STAFFING: Readonly<Record<DemoUnitKey, number>> = { taipei: 0.85, vendorAHotline: 0.85, vendorBVip: 0.7, vendorADesk: 0.85 };

/**
 * The client's IVR outage at Vendor A's hotline site: Wednesday 16 September 2026, 13:00-17:00 Asia/Taipei
 * (05:00-09:00 UTC). The IVR still answers but contains almost nothing (3 % instead of ~42 %), so the queue
 * is offered about 1.7× its forecast on unchanged staffing. The vendor disputes exactly this span.
 */
export const DEMO_OUTAGE = {
  unit: 'vendorAHotline' as DemoUnitKey,
  unitName: DEMO_UNITS.vendorAHotline,
  timeZone: DEMO_TIME_ZONE,
  localDate: '2026-09-16',
  localFrom: '13:00',
  localTo: '17:00',
  startsAt: new Date('2026-09-16T05:00:00Z'),
  endsAt: new Date('2026-09-16T09:00:00Z'),
  reason: "The bank's IVR failed: callers were routed to agents without self-service",
  ivrContainment: 0.03,
} as const;

/**
 * Months a unit is staffed leaner than usual (a staffing target in place of its queues' own). Vendor A's
 * hotline runs lean in September 2026 (summer attrition), so its service level ends just above the 85 %
 * target without the outage and below it with the outage: the approved dispute flips the month's result.
 */
export const DEMO_LEAN_MONTHS: Readonly<Partial<Record<DemoUnitKey, Readonly<Record<string, number>>>>> = {
  vendorAHotline: { '2026-09': 0.935 },
};

type QueueKind = 'voice' | 'chat' | 'email';

interface QueueSpec {
  /** Matched case-insensitively against the queue's name. */
  name: string;
  kind: QueueKind;
  /** Offered per 15 minutes at profile weight 1 on an average weekday, first month. */
  baseOffered: number;
  talkS: number;
  holdS: number;
  wrapS: number;
  thresholdS: number;
  /** Service level the planner staffs for (Erlang C on the forecast). */
  staffingTarget: number;
  transferRate: number;
  fcrRate: number;
  csatRate: number;
  qaMean: number;
  /** Share of calls finished in the IVR (voice queues of a voice + IVR program only). */
  ivrContainment?: number;
}

interface UnitSpec {
  key: DemoUnitKey;
  queues: QueueSpec[];
  adherence: number;
}

const voice = (over: Partial<QueueSpec> & Pick<QueueSpec, 'name' | 'baseOffered' | 'staffingTarget'>): QueueSpec => ({
  kind: 'voice',
  talkS: 240,
  holdS: 20,
  wrapS: 40,
  thresholdS: 20,
  transferRate: 0.06,
  fcrRate: 0.75,
  csatRate: 0.88,
  qaMean: 91,
  ...over,
});

/** Per unit: queues with volumes (a hotline weekday ≈ 4,700 calls in-house and 7,000 at Vendor A), AHT, targets. */
const UNIT_SPECS: Record<DemoUnitKey, UnitSpec> = {
  taipei: {
    key: 'taipei',
    adherence: 0.93,
    queues: [
      voice({ name: 'Standard line', baseOffered: 82, staffingTarget: 0.925, fcrRate: 0.76, ivrContainment: 0.42 }),
      voice({ name: 'Platinum line', baseOffered: 9, staffingTarget: 0.95, talkS: 290, holdS: 25, wrapS: 45, fcrRate: 0.8, csatRate: 0.91, qaMean: 93, ivrContainment: 0.3 }),
    ],
  },
  vendorAHotline: {
    key: 'vendorAHotline',
    adherence: 0.92,
    queues: [
      voice({ name: 'Standard line', baseOffered: 122, staffingTarget: 0.955, fcrRate: 0.74, csatRate: 0.87, qaMean: 91.5, ivrContainment: 0.42 }),
      voice({ name: 'Platinum line', baseOffered: 13, staffingTarget: 0.96, talkS: 290, holdS: 25, wrapS: 45, fcrRate: 0.79, csatRate: 0.9, qaMean: 92.5, ivrContainment: 0.3 }),
    ],
  },
  vendorBVip: {
    key: 'vendorBVip',
    adherence: 0.94,
    queues: [voice({ name: 'VIP line', baseOffered: 13, staffingTarget: 0.98, thresholdS: 10, talkS: 330, holdS: 30, wrapS: 60, transferRate: 0.03, fcrRate: 0.85, csatRate: 0.93, qaMean: 94 })],
  },
  vendorADesk: {
    key: 'vendorADesk',
    adherence: 0.91,
    queues: [
      {
        name: 'Web chat', kind: 'chat', baseOffered: 30, talkS: 250, holdS: 0, wrapS: 50, thresholdS: 60, staffingTarget: 0.94,
        transferRate: 0.07, fcrRate: 0.79, csatRate: 0.88, qaMean: 92,
      },
      {
        // E-mail is answered within four hours (T = 14,400 s); nobody abandons an e-mail.
        name: 'E-mail', kind: 'email', baseOffered: 15, talkS: 330, holdS: 0, wrapS: 90, thresholdS: 14_400, staffingTarget: 0.95,
        transferRate: 0.04, fcrRate: 0.72, csatRate: 0.86, qaMean: 91.5,
      },
    ],
  },
};

/** Abandons with wait <= T among all abandons (≈ 24 % in the Anonymous Bank day, anonbank_calls_one_day.csv). */
const ABANDON_WITHIN_T_SHARE = 0.25;
/** Abandons within the short-abandon window (misdials, 5-10 s) among all abandons. */
const SHORT_ABANDON_SHARE = 0.08;

// ---------------------------------------------------------------------------------------------------------
// Deterministic randomness

/** mulberry32: a small, fast 32-bit PRNG; the same seed gives the same sequence on every engine and run. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const gauss = () => {
    const u = Math.max(next(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
  };
  /** A count with mean `mean`: Poisson for small means, its normal approximation above 30. */
  const count = (mean: number) => {
    if (mean <= 0) return 0;
    if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * gauss()));
    const limit = Math.exp(-mean);
    let k = 0;
    for (let p = next(); p > limit; p *= next()) k++;
    return k;
  };
  /** Successes out of n trials of probability p (normal approximation for large n). */
  const binomial = (n: number, p: number) => {
    if (n <= 0 || p <= 0) return 0;
    if (p >= 1) return n;
    if (n > 12) return Math.min(n, Math.max(0, Math.round(n * p + Math.sqrt(n * p * (1 - p)) * gauss())));
    let k = 0;
    for (let i = 0; i < n; i++) if (next() < p) k++;
    return k;
  };
  return { next, gauss, count, binomial };
}
type Rng = ReturnType<typeof prng>;

/** FNV-1a of a string: the per-queue seed, so a queue's figures do not depend on the others. */
function hashSeed(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

// ---------------------------------------------------------------------------------------------------------
// Calendar

const WEEKDAY_KEYS: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const MS_PER_DAY = 86_400_000;

/** Local calendar dates as UTC-midnight day numbers (days since 1970-01-01). */
const dayNumber = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / MS_PER_DAY;
const isoOf = (day: number) => new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** The instant of a local wall-clock time; a DST gap yields null, an overlap its earlier instant. */
function instantOf(day: number, minuteOfDay: number, timeZone: string): number | null {
  const d = new Date(day * MS_PER_DAY);
  const local = { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: Math.floor(minuteOfDay / 60), minute: minuteOfDay % 60, second: 0, millisecond: 0 };
  const resolved = resolveWallTime(local, timeZone);
  if (resolved.kind === 'gap') return null;
  return resolved.kind === 'unique' ? resolved.instant.epochMs : resolved.earlier.epochMs;
}

/** The zone's offset over a whole local day when it has one (no DST change that day), else null. */
function steadyOffset(day: number, timeZone: string): number | null {
  const start = instantOf(day, 0, timeZone);
  const end = instantOf(day + 1, 0, timeZone);
  if (start === null || end === null || end - start !== MS_PER_DAY) return null;
  return day * MS_PER_DAY - start;
}

export interface DemoIntervalSpan {
  /** First local day generated (YYYY-MM-DD). */
  from: string;
  /** Last local day generated (YYYY-MM-DD). */
  to: string;
}

/**
 * The generated span: `months` whole calendar months ending with `endMonth` (YYYY-MM; by default the current
 * month in the demo time zone). Days from `today` on are not generated: a feed reports the past only.
 */
export function demoIntervalSpan(options: { months?: number; endMonth?: string; now?: Date } = {}): DemoIntervalSpan {
  const months = options.months ?? 24;
  if (!Number.isInteger(months) || months < 1 || months > 120) throw new RangeError('months must be an integer from 1 to 120');
  const today = localDateTimeOf(options.now ?? new Date(), DEMO_TIME_ZONE);
  const endMonth = options.endMonth ?? `${today.year}-${String(today.month).padStart(2, '0')}`;
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(endMonth)) throw new RangeError('endMonth must be YYYY-MM');
  const [year, month] = endMonth.split('-').map(Number) as [number, number];
  const from = isoOf(Date.UTC(year, month - months, 1) / MS_PER_DAY);
  const lastOfMonth = Date.UTC(year, month, 0) / MS_PER_DAY;
  const yesterday = Date.UTC(today.year, today.month - 1, today.day) / MS_PER_DAY - 1;
  const to = isoOf(Math.min(lastOfMonth, yesterday));
  if (to < from) throw new RangeError('the span ends before it starts');
  return { from, to };
}

// ---------------------------------------------------------------------------------------------------------
// Generation

export interface DemoQueueTarget {
  queueId: string;
  name: string;
  channel: Channel;
}
export interface DemoUnitTarget {
  unitId: string;
  vendorOrgId: string | null;
  name: string;
  timeZone: string;
  hoursOfOperation: HoursOfOperation;
  holidays: Holiday[];
  programChannels: Channel[];
  queues: DemoQueueTarget[];
}

export interface DemoIntervalRow {
  queueId: string;
  channel: Channel;
  /** Epoch milliseconds of the interval start. */
  intervalStart: number;
  thresholdS: number;
  /** The local day (program time zone) the interval belongs to, YYYY-MM-DD. */
  day: string;
  components: Components;
}

function specFor(unit: DemoUnitTarget): UnitSpec {
  const key = (Object.keys(DEMO_UNITS) as DemoUnitKey[]).find((k) => DEMO_UNITS[k] === unit.name);
  if (key) return UNIT_SPECS[key];
  // A unit the demo does not know (not created by the demo seed): a generic inbound voice queue per queue.
  return { key: 'taipei', adherence: 0.92, queues: unit.queues.map((q) => voice({ name: q.name, baseOffered: 20, staffingTarget: 0.87 })) };
}

function queueSpecFor(spec: UnitSpec, queue: DemoQueueTarget, index: number): QueueSpec {
  const named = spec.queues.find((q) => q.name.toLowerCase() === queue.name.toLowerCase()) ?? spec.queues[index % spec.queues.length]!;
  if (queue.channel === 'email' || queue.channel === 'chat') return { ...named, kind: queue.channel };
  return named.kind === 'voice' ? named : { ...named, kind: 'voice', thresholdS: 20 };
}

/**
 * Agents needed for `erlangs` at service level `target` in T: the smallest N > A whose Erlang C service level
 * reaches it, walking N upward with the Erlang B recursion carried along (as solveAgents does).
 */
function plannedAgents(erlangs: number, ahtS: number, thresholdS: number, target: number): number {
  if (erlangs <= 0) return 1;
  let agents = Math.floor(erlangs) + 1;
  let blocking = erlangB(erlangs, agents);
  for (; agents < erlangs * 4 + 50; agents++) {
    if (agents > Math.floor(erlangs) + 1) blocking = (erlangs * blocking) / (agents + erlangs * blocking);
    const pWait = Math.min(1, (agents * blocking) / (agents - erlangs * (1 - blocking)));
    if (1 - pWait * Math.exp((-(agents - erlangs) * thresholdS) / ahtS) >= target) break;
  }
  return agents;
}

const INTERVAL_S = 900;

/** One interval of one queue: all components, integers for counts, consistent by construction. */
function intervalComponents(
  rng: Rng,
  q: QueueSpec,
  forecast: number,
  multiplier: number,
  staffing: number,
  adherence: number,
  isBadWeek: boolean,
  ivrContainment: number | undefined,
): Components {
  const c: Components = {
    offered: 0, handled: 0, answered_within_threshold: 0, abandoned: 0, short_abandoned: 0, abandoned_within_threshold: 0, wait_s: 0,
    talk_s: 0, hold_s: 0, wrap_s: 0, transferred: 0, fcr_eligible: 0, fcr_resolved: 0, csat_responses: 0, csat_satisfied: 0, nps_responses: 0,
    nps_promoters: 0, nps_detractors: 0, qa_evaluations: 0, qa_points: 0, staffed_s: 0, scheduled_s: 0, adherent_s: 0, ivr_entered: 0, ivr_contained: 0,
  };
  const ahtNoise = 1 + 0.05 * rng.gauss();
  const talk = q.talkS * ahtNoise;
  const hold = q.holdS * ahtNoise;
  const wrap = q.wrapS * ahtNoise;
  const aht = Math.max(60, talk + hold + wrap);
  const planAht = q.talkS + q.holdS + q.wrapS;
  // The planner staffs for the day's re-forecast (it knows the day's level by mid-morning), give or take an agent.
  const roll = rng.next();
  const planned = Math.max(1, plannedAgents((forecast * planAht) / INTERVAL_S, planAht, q.thresholdS, q.staffingTarget) + (roll < 0.1 ? -1 : roll > 0.9 ? 1 : 0));
  const agents = Math.max(1, Math.floor(planned * staffing));

  const arriving = rng.count(forecast * multiplier);
  if (ivrContainment !== undefined) {
    // The callers who entered the IVR: those it did not contain reach the queue (`arriving`).
    const containment = Math.min(0.95, Math.max(0, ivrContainment + 0.03 * rng.gauss()));
    const entered = Math.round(arriving / (1 - containment));
    c.ivr_entered = entered;
    c.ivr_contained = entered - arriving;
  }
  const offered = arriving;
  c.offered = offered;

  const erlangs = (offered * aht) / INTERVAL_S;
  let sl: number;
  let asa: number;
  if (offered === 0) {
    sl = 1;
    asa = 0;
  } else if (agents <= erlangs) {
    // Overloaded: the queue grows all interval; a few lucky callers still get through quickly.
    sl = 0.05 + 0.2 * rng.next();
    asa = aht * (0.6 + 0.6 * rng.next());
  } else {
    const pWait = erlangC(erlangs, agents);
    sl = 1 - pWait * Math.exp((-(agents - erlangs) * q.thresholdS) / aht);
    asa = Math.min(aht * 1.2, (pWait * aht) / (agents - erlangs));
  }

  if (q.kind === 'email') {
    c.handled = offered;
    c.answered_within_threshold = Math.min(offered, rng.binomial(offered, isBadWeek ? 0.7 : 0.96));
    c.wait_s = Math.round(offered * (isBadWeek ? 9_000 : 3_600) * (1 + 0.1 * rng.gauss()));
  } else {
    const abandonRate = Math.min(0.9, 0.01 + 0.25 * Math.pow(1 - sl, 1.3));
    let abandoned = rng.binomial(offered, abandonRate);
    // No more handled than the agents can work through in the interval (occupancy stays below 100 %).
    const capacity = Math.floor((agents * INTERVAL_S * 0.97) / aht);
    if (offered - abandoned > capacity) abandoned = offered - capacity;
    const handled = offered - abandoned;
    const shortAbandoned = rng.binomial(abandoned, SHORT_ABANDON_SHARE);
    const withinT = Math.min(abandoned, shortAbandoned + rng.binomial(abandoned - shortAbandoned, ABANDON_WITHIN_T_SHARE));
    c.handled = handled;
    c.abandoned = abandoned;
    c.short_abandoned = shortAbandoned;
    c.abandoned_within_threshold = withinT;
    c.answered_within_threshold = Math.min(handled, Math.max(0, Math.round(sl * (offered - shortAbandoned) + 0.5 * rng.gauss())));
    c.wait_s = Math.max(0, Math.round(handled * asa * (1 + 0.08 * rng.gauss())));
  }

  const handled = c.handled;
  c.talk_s = Math.round(handled * talk);
  c.hold_s = Math.round(handled * hold);
  c.wrap_s = Math.round(handled * wrap);
  c.transferred = rng.binomial(handled, q.transferRate);
  c.fcr_eligible = handled - c.transferred;
  c.fcr_resolved = rng.binomial(c.fcr_eligible, q.fcrRate - (isBadWeek ? 0.04 : 0));
  c.csat_responses = rng.binomial(handled, 0.12);
  c.csat_satisfied = rng.binomial(c.csat_responses, q.csatRate - (isBadWeek ? 0.06 : 0));
  c.nps_responses = rng.binomial(handled, 0.05);
  c.nps_promoters = rng.binomial(c.nps_responses, isBadWeek ? 0.38 : 0.48);
  c.nps_detractors = rng.binomial(c.nps_responses - c.nps_promoters, isBadWeek ? 0.4 : 0.28);
  c.qa_evaluations = rng.binomial(handled, 0.015);
  // Each evaluation scores a whole number of points out of 100 (sd 4 around the unit's mean).
  const qaMean = q.qaMean - (isBadWeek ? 2 : 0);
  c.qa_points = c.qa_evaluations === 0 ? 0 : Math.min(100 * c.qa_evaluations, Math.max(0, Math.round(c.qa_evaluations * qaMean + 4 * Math.sqrt(c.qa_evaluations) * rng.gauss())));

  // Agents on the queue for the interval: the planned ones are scheduled, those present are staffed.
  const workload = c.talk_s + c.hold_s + c.wrap_s;
  c.scheduled_s = planned * INTERVAL_S;
  c.staffed_s = Math.max(agents * INTERVAL_S, workload);
  const adherent = Math.min(c.scheduled_s, c.staffed_s) * Math.min(1, adherence + 0.02 * rng.gauss());
  c.adherent_s = Math.max(0, Math.round(adherent));
  return c;
}

/**
 * All rows of one unit over the span, in queue then time order. Pure: the same unit, span and seed give
 * the same rows.
 */
export function generateUnitIntervals(unit: DemoUnitTarget, span: DemoIntervalSpan, seed = 1): DemoIntervalRow[] {
  const spec = specFor(unit);
  const badWeeks = new Set(unit.name === DEMO_UNITS[spec.key] ? DEMO_BAD_WEEKS[spec.key].map(dayNumber) : []);
  const isOutageUnit = unit.name === DEMO_OUTAGE.unitName;
  const outageFrom = DEMO_OUTAGE.startsAt.getTime();
  const outageTo = DEMO_OUTAGE.endsAt.getTime();
  const holidays = new Set(unit.holidays.map((h) => h.date));
  const hasIvr = unit.programChannels.includes('ivr');
  const firstDay = dayNumber(span.from);
  const lastDay = dayNumber(span.to);
  const first = new Date(firstDay * MS_PER_DAY);
  const firstMonthIndex = first.getUTCFullYear() * 12 + first.getUTCMonth();

  // One daily factor per day for the whole unit (weather, news, a card mailing): its queues move together.
  const unitRng = prng(hashSeed(`${seed}:${unit.name}`));
  const dayFactor = new Map<number, number>();
  for (let day = firstDay; day <= lastDay; day++) dayFactor.set(day, Math.exp(0.06 * unitRng.gauss()));

  const offsets = new Map<number, number | null>();
  for (let day = firstDay; day <= lastDay; day++) offsets.set(day, steadyOffset(day, unit.timeZone));

  const rows: DemoIntervalRow[] = [];
  unit.queues.forEach((queue, index) => {
    const q = queueSpecFor(spec, queue, index);
    const rng = prng(hashSeed(`${seed}:${unit.name}:${queue.name}`));
    for (let day = firstDay; day <= lastDay; day++) {
      const iso = isoOf(day);
      if (holidays.has(iso)) continue;
      const date = new Date(day * MS_PER_DAY);
      const weekday = WEEKDAY_KEYS[date.getUTCDay()]!;
      const spans = unit.hoursOfOperation[weekday] ?? [];
      if (spans.length === 0) continue;
      const monthIndex = date.getUTCFullYear() * 12 + date.getUTCMonth();
      const growth = Math.pow(1 + ANNUAL_GROWTH, (monthIndex - firstMonthIndex) / 12);
      const dayLevel = q.baseOffered * BANK_WEEKDAY_FACTORS[weekday] * MONTH_FACTORS[date.getUTCMonth()]! * growth * dayFactor.get(day)!;
      const staffingTarget = DEMO_LEAN_MONTHS[spec.key]?.[iso.slice(0, 7)] ?? q.staffingTarget;
      const monday = day - ((date.getUTCDay() + 6) % 7);
      const isBadWeek = badWeeks.has(monday);
      const offset = offsets.get(day)!;
      for (const open of spans) {
        const close = minutesOf(open.close);
        for (let minute = Math.ceil(minutesOf(open.open) / 15) * 15; minute + 15 <= close; minute += 15) {
          const start = offset === null ? instantOf(day, minute, unit.timeZone) : day * MS_PER_DAY + minute * 60_000 - offset;
          if (start === null) continue;
          const forecast = dayLevel * profileAt(minute);
          const isOutage = isOutageUnit && q.kind === 'voice' && start >= outageFrom && start < outageTo;
          const containment = hasIvr && q.kind === 'voice' ? (q.ivrContainment ?? 0.4) : undefined;
          // In the outage the callers the IVR should have kept reach the agents: offered grows by the
          // share the IVR normally contains, on staffing planned for the usual forecast.
          const multiplier = isOutage && containment !== undefined ? (1 - DEMO_OUTAGE.ivrContainment) / (1 - containment) : 1;
          const components = intervalComponents(
            rng,
            { ...q, staffingTarget },
            forecast,
            multiplier,
            isBadWeek ? DEMO_BAD_WEEK_STAFFING[spec.key] : 1,
            spec.adherence,
            isBadWeek,
            isOutage ? DEMO_OUTAGE.ivrContainment : containment,
          );
          rows.push({ queueId: queue.queueId, channel: queue.channel, intervalStart: start, thresholdS: q.thresholdS, day: iso, components });
        }
      }
    }
  });
  return rows;
}

// ---------------------------------------------------------------------------------------------------------
// Writing

export interface SeedDemoIntervalsOptions {
  /** Whole calendar months to generate, ending with endMonth. Default 24. */
  months?: number;
  /** YYYY-MM; default the current month in the demo time zone (generated up to yesterday). */
  endMonth?: string;
  /** PRNG seed. Default 1. */
  seed?: number;
  /** "Now" for the default end month and the cut at yesterday (tests). */
  now?: Date;
  /** How to write: 'auto' picks COPY on a PostgreSQL server whose login bypasses row-level security, else arrays (tests force one). */
  write?: 'auto' | 'copy' | 'arrays';
}

export interface SeedDemoIntervalsResult {
  span: DemoIntervalSpan;
  units: { unitId: string; name: string; uploadId: string; rows: number }[];
  rows: number;
  rollupRows: number;
  /** How the rows were written: COPY, or INSERT … SELECT FROM unnest() of arrays as the tenant role. */
  path: 'copy' | 'arrays';
  /** Milliseconds generating the rows in JavaScript, and writing them. */
  generateMs: number;
  writeMs: number;
}

/** The demo bank's units with their program's zone, hours and holidays. Platform work: spans tenants. */
async function loadDemoUnits(db: Database): Promise<{ clientOrgId: string; units: DemoUnitTarget[] } | null> {
  return unsafeWithoutTenant(db, async (tx) => {
    const [bank] = await tx.select({ id: orgs.id }).from(orgs).where(eq(orgs.slug, 'demo-bank'));
    if (!bank) return null;
    const unitRows = await tx
      .select({
        unitId: deliveryUnits.id,
        vendorOrgId: deliveryUnits.vendorOrgId,
        name: deliveryUnits.name,
        timeZone: programs.timeZone,
        hoursOfOperation: programs.hoursOfOperation,
        holidays: programs.holidays,
        channels: programs.channels,
      })
      .from(deliveryUnits)
      .innerJoin(programs, and(eq(programs.clientOrgId, deliveryUnits.clientOrgId), eq(programs.id, deliveryUnits.programId)))
      .where(eq(deliveryUnits.clientOrgId, bank.id))
      .orderBy(deliveryUnits.name);
    const queueRows = await tx
      .select({ queueId: queues.id, unitId: queues.unitId, name: queues.name, channel: queues.channel })
      .from(queues)
      .where(eq(queues.clientOrgId, bank.id))
      .orderBy(queues.name);
    const units = unitRows.map((u) => ({
      unitId: u.unitId,
      vendorOrgId: u.vendorOrgId,
      name: u.name,
      timeZone: u.timeZone,
      hoursOfOperation: u.hoursOfOperation,
      holidays: u.holidays,
      programChannels: u.channels,
      queues: queueRows.filter((q) => q.unitId === u.unitId).map((q) => ({ queueId: q.queueId, name: q.name, channel: q.channel })),
    }));
    return { clientOrgId: bank.id, units };
  });
}

interface GeneratedUnit {
  unit: DemoUnitTarget;
  uploadId: string;
  rows: DemoIntervalRow[];
  totals: Record<string, number>;
  periodStart: number;
  periodEnd: number;
}

const FACT_COLUMNS = ['client_org_id', 'unit_id', 'vendor_org_id', 'upload_id', 'source', 'queue_id', 'channel', 'interval_start', 'interval_minutes', 'threshold_s', ...COMPONENT_NAMES] as const;
const ROLLUP_COLUMNS = ['client_org_id', 'unit_id', 'vendor_org_id', 'queue_id', 'channel', 'day', 'source', 'interval_count', 'threshold_s', 'is_threshold_mixed', ...COMPONENT_NAMES] as const;
/** Rows per INSERT … SELECT FROM unnest(…): 27 integer arrays of this length are one statement's parameters. */
const ARRAY_CHUNK_ROWS = 40_000;

function* factCopyRows(clientOrgId: string, generated: readonly GeneratedUnit[]): Generator<CopyValue[]> {
  for (const { unit, uploadId, rows } of generated) {
    for (const row of rows) {
      const values: CopyValue[] = [clientOrgId, unit.unitId, unit.vendorOrgId, uploadId, 'intervals', row.queueId, row.channel, new Date(row.intervalStart), 15, row.thresholdS];
      for (const name of COMPONENT_NAMES) values.push(row.components[name]);
      yield values;
    }
  }
}

interface RollupRow {
  unit: DemoUnitTarget;
  queueId: string;
  channel: Channel;
  day: string;
  intervalCount: number;
  thresholdS: number | null;
  isThresholdMixed: boolean;
  sums: number[];
}

/** The daily rollups (merge.server.ts' definition: the current rows summed per local day), summed here. */
function dailyRollups(generated: readonly GeneratedUnit[]): RollupRow[] {
  const out: RollupRow[] = [];
  for (const { unit, rows } of generated) {
    let current: RollupRow | undefined;
    // Rows come in queue, then time order: a day's rows are consecutive.
    for (const row of rows) {
      if (!current || current.queueId !== row.queueId || current.day !== row.day) {
        current = { unit, queueId: row.queueId, channel: row.channel, day: row.day, intervalCount: 0, thresholdS: row.thresholdS, isThresholdMixed: false, sums: COMPONENT_NAMES.map(() => 0) };
        out.push(current);
      }
      current.intervalCount++;
      if (row.thresholdS !== current.thresholdS) current.isThresholdMixed = true;
      for (let i = 0; i < COMPONENT_NAMES.length; i++) current.sums[i]! += row.components[COMPONENT_NAMES[i]!];
    }
  }
  for (const r of out) if (r.isThresholdMixed) r.thresholdS = null;
  return out;
}

const arrayLiteral = (values: readonly (number | string)[]) => `{${values.join(',')}}`;
const componentColumns = sql.raw(COMPONENT_NAMES.map((n) => `"${n}"`).join(', '));
const componentAliases = sql.raw(COMPONENT_NAMES.map((_, i) => `c${i}`).join(', '));
const componentSelect = sql.raw(COMPONENT_NAMES.map((_, i) => `u.c${i}`).join(', '));

/**
 * Writes the facts and rollups as INSERT … SELECT FROM unnest() of integer arrays, one array per column
 * and a queue number standing for the row's unit, vendor, upload, queue and channel. Runs as the tenant
 * role (row-level security applies). On PGlite this is about three times faster than COPY FROM '/dev/blob'
 * (which parses the text far slower than PostgreSQL's array input does).
 */
async function insertByArrays(tx: Tx, clientOrgId: string, generated: readonly GeneratedUnit[], rollups: readonly RollupRow[]): Promise<void> {
  const keys = generated.flatMap(({ unit, uploadId }) => unit.queues.map((queue) => ({ unit, uploadId, queue })));
  const queueNumber = new Map(keys.map((k, i) => [k.queue.queueId, i]));
  const keyValues = sql.join(
    keys.map((k, i) => sql`(${i}::int, ${k.unit.unitId}::uuid, ${k.unit.vendorOrgId}::uuid, ${k.uploadId}::uuid, ${k.queue.queueId}::uuid, ${k.queue.channel}::text)`),
    sql`, `,
  );
  const rows = generated.flatMap((g) => g.rows);
  for (let from = 0; from < rows.length; from += ARRAY_CHUNK_ROWS) {
    const chunk = rows.slice(from, from + ARRAY_CHUNK_ROWS);
    const components = COMPONENT_NAMES.map((name) => sql`${arrayLiteral(chunk.map((r) => r.components[name]))}::int[]`);
    await tx.execute(sql`insert into interval_facts (client_org_id, unit_id, vendor_org_id, upload_id, source, queue_id, channel, interval_start,
        interval_minutes, threshold_s, ${componentColumns})
      select ${clientOrgId}, k.unit_id, k.vendor_org_id, k.upload_id, 'intervals', k.queue_id, k.channel, to_timestamp(u.start_min * 60.0), 15,
        u.threshold_s, ${componentSelect}
      from unnest(${arrayLiteral(chunk.map((r) => queueNumber.get(r.queueId)!))}::int[], ${arrayLiteral(chunk.map((r) => r.intervalStart / 60_000))}::int[],
          ${arrayLiteral(chunk.map((r) => r.thresholdS))}::int[], ${sql.join(components, sql`, `)}) as u(q, start_min, threshold_s, ${componentAliases})
        join (values ${keyValues}) as k(q, unit_id, vendor_org_id, upload_id, queue_id, channel) on k.q = u.q`);
  }
  const sums = COMPONENT_NAMES.map((_, i) => sql`${arrayLiteral(rollups.map((r) => r.sums[i]!))}::bigint[]`);
  await tx.execute(sql`insert into interval_daily_rollups (client_org_id, unit_id, vendor_org_id, queue_id, channel, day, source, interval_count,
      threshold_s, is_threshold_mixed, ${componentColumns})
    select ${clientOrgId}, k.unit_id, k.vendor_org_id, k.queue_id, k.channel, u.day, 'intervals', u.n, u.threshold_s, u.threshold_s is null, ${componentSelect}
    from unnest(${arrayLiteral(rollups.map((r) => queueNumber.get(r.queueId)!))}::int[], ${arrayLiteral(rollups.map((r) => r.day))}::date[],
        ${arrayLiteral(rollups.map((r) => r.intervalCount))}::int[], ${`{${rollups.map((r) => r.thresholdS ?? 'NULL').join(',')}}`}::int[],
        ${sql.join(sums, sql`, `)}) as u(q, day, n, threshold_s, ${componentAliases})
      join (values ${keyValues}) as k(q, unit_id, vendor_org_id, upload_id, queue_id, channel) on k.q = u.q`);
}

/** True on postgres.js (a PostgreSQL server), where COPY is the fast path; false on PGlite. */
function isPostgresServer(tx: Tx): boolean {
  const client = (tx as unknown as { session?: { client?: { unsafe?: unknown } } }).session?.client;
  return typeof client?.unsafe === 'function';
}

/**
 * Generates and writes the demo intervals of every demo bank unit: one accepted "demo generator" upload per
 * unit, its facts and the daily rollups of the whole span, in one transaction. Returns null when there is no
 * demo bank. Call it once, on a freshly seeded demo (seedDemo does).
 *
 * Writing: on a PostgreSQL server whose login bypasses row-level security (superuser or BYPASSRLS, as for
 * seeding), COPY straight into the tables; otherwise (PGlite, or a login under row-level security) INSERT …
 * SELECT FROM unnest() of integer arrays as the bank's tenant role.
 */
export async function seedDemoIntervals(db: Database, options: SeedDemoIntervalsOptions = {}): Promise<SeedDemoIntervalsResult | null> {
  const loaded = await loadDemoUnits(db);
  if (!loaded) return null;
  const { clientOrgId } = loaded;
  const span = demoIntervalSpan(options);
  const seed = options.seed ?? 1;

  const started = performance.now();
  const generated: GeneratedUnit[] = loaded.units
    .filter((unit) => unit.queues.length > 0)
    .map((unit) => {
      const rows = generateUnitIntervals(unit, span, seed);
      const totals: Record<string, number> = Object.fromEntries(COMPONENT_NAMES.map((n) => [n, 0]));
      let periodStart = Infinity;
      let periodEnd = -Infinity;
      for (const row of rows) {
        for (const name of COMPONENT_NAMES) totals[name]! += row.components[name];
        periodStart = Math.min(periodStart, row.intervalStart);
        periodEnd = Math.max(periodEnd, row.intervalStart + INTERVAL_S * 1000);
      }
      return { unit, uploadId: randomUUID(), rows, totals, periodStart, periodEnd };
    });
  const rollups = dailyRollups(generated);
  const generateMs = performance.now() - started;

  const writeStarted = performance.now();
  let path: SeedDemoIntervalsResult['path'] = 'arrays';
  const copyIfAllowed = async (tx: Tx) => {
    if (options.write === 'arrays') return;
    if (options.write !== 'copy') {
      if (!isPostgresServer(tx)) return;
      const [role] = await queryRows<{ bypass: boolean }>(tx, sql`select rolsuper or rolbypassrls as bypass from pg_roles where rolname = current_user`);
      if (!role?.bypass) return;
    }
    path = 'copy';
    await copyInto(tx, 'interval_facts', FACT_COLUMNS, factCopyRows(clientOrgId, generated));
    await copyInto(
      tx,
      'interval_daily_rollups',
      ROLLUP_COLUMNS,
      rollups.map((r) => [clientOrgId, r.unit.unitId, r.unit.vendorOrgId, r.queueId, r.channel, r.day, 'intervals', r.intervalCount, r.thresholdS, r.isThresholdMixed, ...r.sums]),
    );
  };

  await withTenant(
    db,
    { orgId: clientOrgId },
    async (tx) => {
      await tx.insert(feedUploads).values(
        generated.map(({ unit, uploadId, rows, totals, periodStart, periodEnd }) => ({
          clientOrgId,
          id: uploadId,
          unitId: unit.unitId,
          vendorOrgId: unit.vendorOrgId,
          kind: 'intervals' as const,
          templateId: null,
          mapping: { generator: 'demo-intervals', seed, from: span.from, to: span.to, intervalMinutes: 15, timeZone: unit.timeZone },
          fileName: `demo-generator ${span.from}..${span.to}`,
          contentType: 'application/x-outpost-demo-generator',
          byteSize: 0,
          uploadedByLabel: 'demo generator',
          completedAt: new Date(),
          status: 'accepted' as const,
          rowsTotal: rows.length,
          rowsAccepted: rows.length,
          periodStart: rows.length ? new Date(periodStart) : null,
          periodEnd: rows.length ? new Date(periodEnd) : null,
          revision: 1,
          thresholdS: new Set(rows.map((r) => r.thresholdS)).size === 1 ? (rows[0]?.thresholdS ?? null) : null,
          totalsAfter: totals,
        })),
      );
      if (path === 'arrays') await insertByArrays(tx, clientOrgId, generated, rollups);
    },
    { beforeTenant: copyIfAllowed },
  );
  return {
    span,
    units: generated.map(({ unit, uploadId, rows }) => ({ unitId: unit.unitId, name: unit.name, uploadId, rows: rows.length })),
    rows: generated.reduce((n, u) => n + u.rows.length, 0),
    rollupRows: rollups.length,
    path,
    generateMs: Math.round(generateMs),
    writeMs: Math.round(performance.now() - writeStarted),
  };
}
