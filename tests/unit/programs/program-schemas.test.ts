import { describe, expect, it } from 'vitest';
import { checkVolumeShares, isValidTimeZone, programInputSchema, queueInputSchema, unitInputSchema, vendorInvitationInputSchema } from '../../../app/domain/programs/schemas';
import { issues } from './fixtures';

const program = { name: 'Credit-card inbound', lineOfBusiness: 'Cards', channels: ['voice', 'ivr'], timeZone: 'Asia/Taipei', currency: 'TWD' };

describe('program validation', () => {
  it('accepts a program and fills defaults', () => {
    const p = programInputSchema.parse(program);
    expect(p).toMatchObject({ status: 'planned', holidays: [], hoursOfOperation: { mon: [], sun: [] } });
  });
  it('time zone must be a valid IANA name', () => {
    expect(isValidTimeZone('Asia/Taipei')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(isValidTimeZone('+08:00')).toBe(false);
    expect(issues(programInputSchema.safeParse({ ...program, timeZone: 'Taipei' }))).toEqual(['timeZone: programs.error.invalidTimeZone']);
  });
  it('currency must be three letters', () => {
    expect(issues(programInputSchema.safeParse({ ...program, currency: 'NT' }))).toEqual(['currency: programs.error.invalidCurrency']);
  });
  it('needs at least one known channel, and a name', () => {
    expect(issues(programInputSchema.safeParse({ ...program, channels: [] }))).toEqual(['channels: programs.error.channelsRequired']);
    expect(issues(programInputSchema.safeParse({ ...program, channels: ['pigeon'] }))).toEqual(['channels.0: programs.error.invalidChannel']);
    expect(issues(programInputSchema.safeParse({ ...program, name: '  ' }))).toEqual(['name: programs.error.required']);
  });
  it('checks hours of operation and holidays', () => {
    const hours = { mon: [{ open: '08:00', close: '12:00' }, { open: '11:00', close: '18:00' }], tue: [{ open: '18:00', close: '08:00' }] };
    expect(issues(programInputSchema.safeParse({ ...program, hoursOfOperation: { tue: hours.tue } }))).toEqual(['hoursOfOperation.tue.0.close: programs.error.closeBeforeOpen']);
    expect(issues(programInputSchema.safeParse({ ...program, hoursOfOperation: { mon: hours.mon } }))).toEqual(['hoursOfOperation.mon.1.open: programs.error.overlappingHours']);
    expect(issues(programInputSchema.safeParse({ ...program, hoursOfOperation: { mon: [{ open: '8am', close: '24:00' }] } }))).toContain('hoursOfOperation.mon.0.open: programs.error.invalidTime');
    const holidays = [{ date: '2025-10-10', name: 'National Day' }, { date: '2025-10-10', name: 'Again' }];
    expect(issues(programInputSchema.safeParse({ ...program, holidays }))).toEqual(['holidays.1.date: programs.error.duplicateHoliday']);
  });
});

describe('unit, queue and invitation validation', () => {
  it('stores the volume share in basis points', () => {
    expect(unitInputSchema.parse({ kind: 'in_house', name: 'Taipei site', volumeSharePct: '60' })).toMatchObject({ volumeShareBp: 6000 });
    expect(issues(unitInputSchema.safeParse({ kind: 'vendor', name: 'X', volumeSharePct: 120 }))).toEqual(['volumeSharePct: programs.error.percentOutOfRange']);
    expect(issues(unitInputSchema.safeParse({ kind: 'outsourced', name: 'X' }))).toEqual(['kind: programs.error.invalidUnitKind']);
  });
  it('unit shares of a program add up to at most 100 %', () => {
    expect(checkVolumeShares([6000, 4000]).ok).toBe(true);
    expect(checkVolumeShares([6000, 4001])).toEqual({ ok: false, totalBp: 10001 });
  });
  it('a queue has a name and a channel', () => {
    expect(issues(queueInputSchema.safeParse({ name: 'VIP', channel: 'telex' }))).toEqual(['channel: programs.error.invalidChannel']);
  });
  it('an invitation needs a valid e-mail, normalised', () => {
    expect(vendorInvitationInputSchema.parse({ email: ' Ops@Vendor.TEST ' }).email).toBe('ops@vendor.test');
    expect(issues(vendorInvitationInputSchema.safeParse({ email: 'nope' }))).toEqual(['email: programs.error.invalidEmail']);
  });
});
