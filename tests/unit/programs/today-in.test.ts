import { describe, expect, it } from 'vitest';
import { todayIn } from '../../../app/services/programs-common.server';

describe('todayIn', () => {
  it("gives the zone's own calendar date at one instant, on both sides of the date line", () => {
    const instant = new Date('2026-03-01T10:30:00Z');
    expect(todayIn('UTC', instant)).toBe('2026-03-01');
    expect(todayIn('Pacific/Kiritimati', instant)).toBe('2026-03-02'); // UTC+14
    expect(todayIn('Pacific/Pago_Pago', instant)).toBe('2026-02-28'); // UTC-11
    expect(todayIn('Asia/Taipei', new Date('2026-12-31T16:00:00Z'))).toBe('2027-01-01');
    expect(todayIn('America/New_York', new Date('2026-03-08T04:59:59Z'))).toBe('2026-03-07');
  });

  it('refuses a zone Intl does not know', () => {
    expect(() => todayIn('Mars/Olympus_Mons')).toThrow(RangeError);
  });
});
