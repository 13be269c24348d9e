import { describe, expect, it } from 'vitest';
import { validateInHouseEntry, validateOversightEntry, validateTransitionEntry } from '../../../app/domain/costs/entry';

describe('an in-house cost month', () => {
  it('is read exactly, blank categories being zero', () => {
    const result = validateInHouseEntry({ month: '2026-03', agentFte: '42.5', productiveHours: '5,950', loadedCostPerFte: '61,500.00', supervision: '380000', facilities: '' }, 2);
    expect(result).toEqual({
      ok: true,
      values: {
        month: '2026-03',
        agentFte: '42.5',
        productiveHours: '5950',
        loadedCostPerFteMinor: 6_150_000n,
        categories: { supervision: 38_000_000n, facilities: 0n, technology: 0n, telecom: 0n, training: 0n, overhead: 0n },
      },
    });
  });

  it('reports every wrong field with its own reason', () => {
    const result = validateInHouseEntry({ month: '2026-13', agentFte: '', productiveHours: '1.234', loadedCostPerFte: '-1', telecom: '1.001' }, 2);
    expect(result).toEqual({
      ok: false,
      errors: { month: 'costs.error.month', agentFte: 'costs.error.required', productiveHours: 'costs.error.quantity', loadedCostPerFte: 'costs.error.amountFormat', telecom: 'costs.error.amountDecimals' },
    });
  });
});

describe('oversight and transition entries', () => {
  it('need a month and an amount', () => {
    expect(validateOversightEntry({ month: '2026-03', amount: '120,000' }, 2)).toEqual({ ok: true, values: { month: '2026-03', amountMinor: 12_000_000n, note: null } });
    expect(validateOversightEntry({ month: '', amount: 'x' }, 2)).toEqual({ ok: false, errors: { month: 'costs.error.required', amount: 'costs.error.amountFormat' } });
  });
  it('amortise over 1 to 120 months', () => {
    expect(validateTransitionEntry({ description: 'Knowledge transfer', amount: '3,600,000', startMonth: '2025-12', amortisationMonths: '24' }, 2)).toEqual({
      ok: true,
      values: { description: 'Knowledge transfer', amountMinor: 360_000_000n, startMonth: '2025-12', amortisationMonths: 24 },
    });
    expect(validateTransitionEntry({ description: ' ', amount: '1', startMonth: '2025-12', amortisationMonths: '0' }, 2)).toEqual({
      ok: false,
      errors: { description: 'costs.error.required', amortisationMonths: 'costs.error.amortisationMonths' },
    });
  });
});
