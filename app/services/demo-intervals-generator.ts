/**
 * The deterministic demo interval generator (see demo-intervals.server.ts): a seeded PRNG per queue, the
 * calendar in the program's time zone, Erlang C staffing, and every component of every 15-minute interval.
 * Pure: no database.
 */
import type { Components } from '#app/domain/kpi/components';
import type { Channel, Holiday, HoursOfOperation, Weekday } from '#app/domain/programs/schemas';
import { erlangB, erlangC } from '#app/domain/staffing/erlang-c';
import { localDateTimeOf, resolveWallTime } from '#app/domain/time/zoned';
import {
  ABANDON_WITHIN_T_SHARE,
  ANNUAL_GROWTH,
  BANK_WEEKDAY_FACTORS,
  DEMO_BAD_WEEK_STAFFING,
  DEMO_BAD_WEEKS,
  DEMO_LEAN_MONTHS,
  DEMO_OUTAGE,
  DEMO_TIME_ZONE,
  DEMO_UNITS,
  MONTH_FACTORS,
  SHORT_ABANDON_SHARE,
  UNIT_SPECS,
  profileAt,
  voice,
  type DemoUnitKey,
  type QueueSpec,
  type UnitSpec,
} from './demo-story';

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

export const INTERVAL_S = 900;

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
