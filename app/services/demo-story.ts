/**
 * The demo's story in figures (see demo-intervals.server.ts): the bank's intraday profile, weekday and month
 * factors, the demo units with their bad weeks, outage and lean months, and each unit's queue specs. Pure
 * constants, no database.
 */
import type { Weekday } from '#app/domain/programs/schemas';

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
export const MONTH_FACTORS = [1.08, 1.04, 1.0, 0.96, 0.97, 0.96, 1.0, 0.99, 0.98, 1.0, 1.02, 1.06];
/** Volume growth per year, compounded monthly from the first generated month. */
export const ANNUAL_GROWTH = 0.05;

export function profileAt(minuteOfDay: number): number {
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

export interface QueueSpec {
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

export interface UnitSpec {
  key: DemoUnitKey;
  queues: QueueSpec[];
  adherence: number;
}

export const voice = (over: Partial<QueueSpec> & Pick<QueueSpec, 'name' | 'baseOffered' | 'staffingTarget'>): QueueSpec => ({
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
export const UNIT_SPECS: Record<DemoUnitKey, UnitSpec> = {
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
export const ABANDON_WITHIN_T_SHARE = 0.25;
/** Abandons within the short-abandon window (misdials, 5-10 s) among all abandons. */
export const SHORT_ABANDON_SHARE = 0.08;
