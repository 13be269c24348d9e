/**
 * Demo costs (issue 6): the demo bank's finance enters, through the services (so it is audited like real
 * use), the Taipei in-house centre's cost model for every demo month, the oversight cost of each vendor
 * unit, and one transition cost (moving half the hotline to Vendor A), so the comparison page shows true
 * figures at `npm start`.
 *
 * Figures of a Taipei card hotline, TWD per month: about 96 agent FTE (following the hotline's month
 * seasonality and 5 % yearly growth, as the demo volumes do) at a loaded cost of 58,500 per FTE-month in
 * 2025 and 60,200 from 2026 (salary with year-end bonus, labour and health insurance, 6 % pension); one
 * supervisor per 12 agents plus a centre manager; Xinyi District seats; CCaaS, CRM and WFM licences;
 * toll-free minutes; training and recruitment for ~25 % yearly attrition; a group overhead allocation.
 */
import type { Database } from '#db/client';
import { monthsBetween } from '#app/domain/costs/months';
import { addTransitionCost, saveInHouseMonth, saveOversightMonth } from './costs/unit-costs.server';
import type { ServiceCtx } from './context';
import { demoIntervalSpan } from './demo-intervals-generator';
import { ANNUAL_GROWTH, DEMO_UNITS, MONTH_FACTORS } from './demo-story';
import { listUnits } from './units.server';

const BASE_FTE = 96;
const PRODUCTIVE_HOURS_PER_FTE = 132;

const OVERSIGHT_TWD: Record<string, string> = {
  [DEMO_UNITS.vendorAHotline]: '320000',
  [DEMO_UNITS.vendorBVip]: '180000',
  [DEMO_UNITS.vendorADesk]: '150000',
};

/** One in-house month of the Taipei centre; `index` counts months from the first demo month (growth). */
export function demoInHouseMonth(month: string, index: number): Record<string, string> {
  const factor = MONTH_FACTORS[Number(month.slice(5, 7)) - 1]! * (1 + ANNUAL_GROWTH) ** (index / 12);
  const fte = Math.round(BASE_FTE * factor * 10) / 10;
  const supervisors = Math.ceil(fte / 12);
  return {
    month,
    agentFte: fte.toFixed(1),
    productiveHours: (fte * PRODUCTIVE_HOURS_PER_FTE).toFixed(2),
    loadedCostPerFte: month < '2026-01' ? '58500.00' : '60200.00',
    supervision: String(supervisors * 86_000 + 150_000),
    facilities: '715000',
    technology: String(Math.ceil(fte * 1.15) * 3_200 + 180_000),
    telecom: String(Math.round(fte * 4_900)),
    training: String(Math.round(fte * 2_300)),
    overhead: '452000',
  };
}

/** Enters the demo costs as the demo bank's finance user. Call once, after the demo programs exist. */
export async function seedDemoCosts(db: Database, bank: { orgId: string; financeUserId: string }, span: { months?: number; endMonth?: string; now?: Date } = {}): Promise<void> {
  const ctx: ServiceCtx = { db, orgId: bank.orgId, orgKind: 'client', role: 'finance', actor: { userId: bank.financeUserId, label: 'finance@demo-bank.test' }, requestId: 'demo-seed' };
  const { from, to } = demoIntervalSpan(span);
  const months = monthsBetween(from.slice(0, 7), to.slice(0, 7));
  const units = await listUnits(ctx);
  const taipei = units.find((u) => u.name === DEMO_UNITS.taipei);
  if (taipei) {
    for (const [index, month] of months.entries()) await saveInHouseMonth(ctx, taipei.id, demoInHouseMonth(month, index));
  }
  for (const unit of units.filter((u) => u.kind === 'vendor')) {
    const amount = OVERSIGHT_TWD[unit.name];
    if (!amount) continue;
    for (const month of months) await saveOversightMonth(ctx, unit.id, { month, amount, note: 'Vendor management, QA sampling and reporting' });
  }
  const hotline = units.find((u) => u.name === DEMO_UNITS.vendorAHotline);
  if (hotline && months[0]) {
    await addTransitionCost(ctx, hotline.id, { description: 'Knowledge transfer and parallel running, Kaohsiung', amount: '4800000', startMonth: months[0], amortisationMonths: '24' });
  }
}
