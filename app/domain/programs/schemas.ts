import { z } from 'zod';

/**
 * Programs, delivery units and queues: the zod schemas shared by the forms and the services. Every
 * message is an i18n key of app/i18n/messages/programs.*.ts, so the form shows it in the user's language.
 */
export const CHANNELS = ['voice', 'ivr', 'email', 'chat', 'web_self_service', 'fax', 'back_office'] as const;
export type Channel = (typeof CHANNELS)[number];

export const PROGRAM_STATUSES = ['planned', 'in_transition', 'live', 'exiting'] as const;
export type ProgramStatus = (typeof PROGRAM_STATUSES)[number];

export const UNIT_KINDS = ['in_house', 'vendor'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const E = (key: string) => ({ message: `programs.error.${key}` });

export const requiredText = (max = 200) => z.string().trim().min(1, E('required')).max(max, E('tooLong'));
export const optionalText = (max = 2000) =>
  z
    .string()
    .trim()
    .max(max, E('tooLong'))
    .optional()
    .transform((v) => (v ? v : undefined));

/** IANA zone names only ("Asia/Taipei", "UTC"); Intl rejects unknown zones, the pattern rejects "+08:00". */
export function isValidTimeZone(value: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(value)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export const timeZoneSchema = z.string().trim().refine(isValidTimeZone, E('invalidTimeZone'));
/** ISO 4217 codes are three capital letters; the form may send them in lower case. */
export const currencySchema = z
  .string()
  .trim()
  .transform((v) => v.toUpperCase())
  .refine((v) => /^[A-Z]{3}$/.test(v), E('invalidCurrency'));

export const isoDateSchema = z
  .string()
  .trim()
  .refine((v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), E('invalidDate'));

const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, E('invalidTime'));

export const openingSpanSchema = z
  .object({ open: timeOfDay, close: timeOfDay })
  .refine((s) => s.open < s.close, { ...E('closeBeforeOpen'), path: ['close'] });

/** Opening spans per weekday; a weekday without spans is closed. Spans of one day may not overlap. */
export const hoursOfOperationSchema = z
  .object(Object.fromEntries(WEEKDAYS.map((d) => [d, z.array(openingSpanSchema).max(6).default([])])) as Record<Weekday, z.ZodDefault<z.ZodArray<typeof openingSpanSchema>>>)
  .superRefine((hours, ctx) => {
    for (const day of WEEKDAYS) {
      const spans = [...(hours[day] ?? [])].map((s, i) => ({ ...s, i })).sort((a, b) => a.open.localeCompare(b.open));
      for (let k = 1; k < spans.length; k++) {
        if (spans[k]!.open < spans[k - 1]!.close) ctx.addIssue({ code: 'custom', path: [day, spans[k]!.i, 'open'], ...E('overlappingHours') });
      }
    }
  });
export type HoursOfOperation = z.output<typeof hoursOfOperationSchema>;

export const holidaySchema = z.object({
  date: isoDateSchema,
  name: requiredText(120),
  /** Closed all day unless reduced hours are given. */
  hours: z.array(openingSpanSchema).max(4).optional(),
});
export const holidaysSchema = z
  .array(holidaySchema)
  .max(400)
  .superRefine((days, ctx) => {
    const seen = new Set<string>();
    days.forEach((d, i) => {
      if (seen.has(d.date)) ctx.addIssue({ code: 'custom', path: [i, 'date'], ...E('duplicateHoliday') });
      seen.add(d.date);
    });
  });
export type Holiday = z.output<typeof holidaySchema>;

export const programInputSchema = z.object({
  name: requiredText(120),
  lineOfBusiness: requiredText(120),
  description: optionalText(2000),
  channels: z.array(z.enum(CHANNELS, E('invalidChannel'))).min(1, E('channelsRequired')).transform((c) => [...new Set(c)]),
  timeZone: timeZoneSchema,
  currency: currencySchema,
  status: z.enum(PROGRAM_STATUSES, E('invalidStatus')).default('planned'),
  hoursOfOperation: hoursOfOperationSchema.default({ mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] }),
  holidays: holidaysSchema.default([]),
});
export type ProgramInput = z.input<typeof programInputSchema>;
export type ProgramValues = z.output<typeof programInputSchema>;

/** A percentage entered as 0..100 with up to two decimals, stored as integer basis points. */
export const percentToBp = (max = 100, key = 'percentOutOfRange') =>
  z.coerce
    .number(E('notANumber'))
    .min(0, E(key))
    .max(max, E(key))
    .refine((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-9, E('tooManyDecimals'))
    .transform((v) => Math.round(v * 100));

export const unitInputSchema = z
  .object({
    kind: z.enum(UNIT_KINDS, E('invalidUnitKind')),
    name: requiredText(120),
    site: optionalText(200),
    /** Share of the program's volume routed to this unit, in percent. */
    volumeSharePct: percentToBp(100).default(0),
  })
  .transform(({ volumeSharePct, ...rest }) => ({ ...rest, volumeShareBp: volumeSharePct }));
export type UnitInput = z.input<typeof unitInputSchema>;
export type UnitValues = z.output<typeof unitInputSchema>;

/** The units of one program may not be routed more than all of its volume. */
export function checkVolumeShares(sharesBp: number[]): { ok: true } | { ok: false; totalBp: number } {
  const totalBp = sharesBp.reduce((a, b) => a + b, 0);
  return totalBp <= 10_000 ? { ok: true } : { ok: false, totalBp };
}

export const queueInputSchema = z.object({
  name: requiredText(120),
  channel: z.enum(CHANNELS, E('invalidChannel')),
});
export type QueueInput = z.input<typeof queueInputSchema>;

export const vendorInvitationInputSchema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email(E('invalidEmail'))),
  /** The name the new vendor org gets if the invitee does not link an existing one. */
  vendorName: optionalText(120),
});
export type VendorInvitationInput = z.input<typeof vendorInvitationInputSchema>;
